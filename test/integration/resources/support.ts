/** Helpers of the resource lifecycle tests: the provider wired to an in-process emulator. */
import type { RunningEmulator, StartEmulatorOptions } from "asr-emulator";
import { resetProviderForTesting, setAsrClientForTesting } from "../../../provider/config";
import { setLineSinkForTesting } from "../../../provider/resources/common";
import { setWaitClockForTesting } from "../../../provider/waits";
import { clientFor, healthyScenario, startTestEmulator } from "../emulator/support";

export { healthyScenario };

/** Simulated seconds each provider-level poll advances the emulator clock. */
export const SECONDS_PER_POLL = 60;

/** A running emulator with the provider's client, clock and output pointed at it. */
export interface ProviderFixture {
  readonly emulator: RunningEmulator;
  /** Lines the provider wrote (progress, warnings). */
  readonly lines: string[];
  close(): Promise<void>;
}

/** Starts an emulator and points the provider at it: polls advance its clock instead of sleeping. */
export async function startProviderFixture(
  options: Partial<StartEmulatorOptions> = {},
): Promise<ProviderFixture> {
  // Each poll of an unfinished operation moves simulated time, so VM deployments finish.
  const emulator = await startTestEmulator({ advanceOnPollSeconds: SECONDS_PER_POLL, ...options });
  resetProviderForTesting({ skipLiveChecks: false, pollIntervalInMs: SECONDS_PER_POLL * 1000 });
  setAsrClientForTesting(clientFor(emulator));
  const lines: string[] = [];
  setLineSinkForTesting((line) => lines.push(line));
  setWaitClockForTesting({
    now: () => emulator.clock.now().getTime(),
    sleep: async (ms) => {
      emulator.advance(ms / 1000);
    },
  });
  return {
    emulator,
    lines,
    async close() {
      setWaitClockForTesting(undefined);
      setLineSinkForTesting(undefined);
      resetProviderForTesting();
      await emulator.close();
    },
  };
}

/** ARM ID of the healthy scenario's recovery network. */
export const RECOVERY_NETWORK_ID =
  "/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery";

/** Inputs of a process server that the healthy scenario accepts. */
export function healthyProcessServerInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fabricName: "cs-contoso",
    processServerName: "ps-azure-01",
    resourceGroup: "rg-dr",
    location: "westeurope",
    virtualNetworkId: RECOVERY_NETWORK_ID,
    subnetName: "snet-infra",
    staticIpAddress: "10.50.2.10",
    adminUsername: "asradmin",
    adminPassword: "Sup3r-Secret-Passw0rd!",
    configurationServerPassphrase: "passphrase-0123456789",
    ...overrides,
  };
}

/** Inputs of a master target that the healthy scenario accepts. */
export function healthyMasterTargetInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fabricName: "cs-contoso",
    masterTargetName: "mt-win-01",
    osType: "windows",
    protectedItemNames: ["vm-web-1", "vm-web-2"],
    ...overrides,
  };
}

/** Inputs of a VMware reprotection policy that the healthy scenario accepts. */
export function healthyPolicyInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    fabricName: "cs-contoso",
    policyName: "policy-failback",
    masterTargetId: "9A1B2C3D-0000-4000-8000-000000000001",
    processServerId: "onprem",
    runAsAccountName: "vcenter-admin",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
    protectedItemNames: ["vm-web-1", "vm-web-2"],
    ...overrides,
  };
}
