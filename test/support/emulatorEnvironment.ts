import type { RunningEmulator } from "asr-emulator";

/**
 * Environment variables that point the provider (in the `pulumi` CLI's provider process) at an
 * emulator: its endpoint, token and vault, with polls and retries that do not wait in real time.
 */
export function emulatorEnvironment(
  emulator: RunningEmulator,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    ASR_FAILBACK_ENDPOINT: emulator.endpoint,
    ASR_FAILBACK_TOKEN: emulator.token,
    AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
    ASR_FAILBACK_RESOURCE_GROUP: emulator.resourceGroup,
    ASR_FAILBACK_VAULT: emulator.vaultName,
    ASR_FAILBACK_POLL_INTERVAL_MS: "0",
    ASR_FAILBACK_RETRY_DELAY_MS: "1",
    ...overrides,
  };
}
