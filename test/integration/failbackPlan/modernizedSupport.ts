/** Helpers of the modernized FailbackPlan tests: a modernized scenario and plan inputs over it. */
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import { resetProviderForTesting, setAsrClientForTesting } from "../../../provider/config";
import { setLineSinkForTesting } from "../../../provider/resources/common";
import { clientFor } from "../emulator/support";
import { FAST_TIME_SCALE } from "./support";

/** GUID of the healthy modernized scenario's appliance (its reprotect agent and process server). */
export const APPLIANCE_ID = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";

/** A modernized scenario with time running fast, and the provider's client and line sink on it. */
export async function startModernized(scenario: "modernized-healthy" | "modernized-broken") {
  const emulator = await startEmulator({
    scenarioFile: bundledScenarioPath(scenario),
    timeScale: FAST_TIME_SCALE,
  });
  resetProviderForTesting({ pollIntervalInMs: 0 });
  setAsrClientForTesting(clientFor(emulator));
  const lines: string[] = [];
  setLineSinkForTesting((line) => lines.push(line));
  return { emulator, lines };
}

/** Modernized plan inputs over the healthy scenario's appliance, policies and cache account. */
export function modernizedInputs(
  emulator: RunningEmulator,
  overrides: Record<string, unknown> = {},
  modernized: Record<string, unknown> = {},
): Record<string, unknown> {
  const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}`;
  const vault = `${scope}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}`;
  return {
    flavor: "vmware",
    items: ["vm-app-1", "vm-app-2"],
    targetStage: "failedOver",
    modernized: {
      reprotectAgentId: APPLIANCE_ID,
      datastoreName: "ds-gold",
      logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
      policyId: `${vault}/replicationPolicies/crashconsistency-policy-failback`,
      recoveryPointType: "CrashConsistent",
      reprotectToAzure: {
        processServerId: APPLIANCE_ID,
        policyId: `${vault}/replicationPolicies/24-hour-replication-policy`,
      },
      ...modernized,
    },
    ...overrides,
  };
}
