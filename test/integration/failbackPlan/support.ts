/** Helpers of the FailbackPlan lifecycle tests: an emulator with time running fast, and plan inputs. */
import type { RunningEmulator, StartEmulatorOptions } from "asr-emulator";
import { resetProviderForTesting, setAsrClientForTesting } from "../../../provider/config";
import { setLineSinkForTesting } from "../../../provider/resources/common";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  WINDOWS_MASTER_TARGET,
} from "../emulator/support";

/** Simulated seconds per real second: a 3-hour sync takes about a second. */
export const FAST_TIME_SCALE = 20_000;

/** An emulator with time running at {@link FAST_TIME_SCALE}, the failback policy prepared, and the provider's client on it. */
export async function startPlanEmulator(
  options: { timeScale?: number } & Partial<Pick<StartEmulatorOptions, "scenario" | "pageSize">> = {},
): Promise<{ emulator: RunningEmulator; processServerId: string; lines: string[] }> {
  const emulator = await startTestEmulator({ ...options, timeScale: options.timeScale ?? FAST_TIME_SCALE });
  const client = clientFor(emulator);
  await prepareFailbackPolicy(client);
  const processServerId = await onPremisesProcessServerId(client);
  resetProviderForTesting({ pollIntervalInMs: 0 });
  setAsrClientForTesting(client);
  const lines: string[] = [];
  setLineSinkForTesting((line) => lines.push(line));
  return { emulator, processServerId, lines };
}

/** Restores the provider's globals. */
export function stopPlanEmulator(emulator: RunningEmulator | undefined): Promise<void> {
  setAsrClientForTesting(undefined);
  setLineSinkForTesting(undefined);
  resetProviderForTesting();
  return emulator ? emulator.close() : Promise.resolve();
}

/** VMware plan inputs over the healthy scenario (Windows master target, on-premises process server). */
export function vmwarePlanInputs(processServerId: string, overrides: Record<string, unknown> = {}) {
  return {
    flavor: "vmware",
    items: ["vm-web-1", "vm-web-2"],
    targetStage: "protectedToAzure",
    reprotection: {
      policyId: "policy-failback",
      masterTargetId: WINDOWS_MASTER_TARGET,
      masterTargetName: "mt-win-01",
      processServerId,
      processServerName: "cs01.contoso.local",
      retentionDrive: "E:",
      datastoreName: "vmfs-gold",
    },
    ...overrides,
  } as Record<string, unknown>;
}

/** Accepted actions on `item`, by operation. */
export function actionsOn(emulator: RunningEmulator, item: string): Record<string, number> {
  return Object.fromEntries(
    emulator.requests
      .actions()
      .filter((record) => record.target === item)
      .map((record) => [record.operation, record.count]),
  );
}

/**
 * The actions of a classic VMware item from Azure to protected-to-Azure: reprotect to the site
 * and, after the agent registered, back to Azure (FO-05), one failover, one commit.
 */
export const FULL_CYCLE_ACTIONS: Readonly<Record<string, number>> = {
  ReplicationProtectedItems_Reprotect: 2,
  ReplicationProtectedItems_UnplannedFailover: 1,
  ReplicationProtectedItems_FailoverCommit: 1,
};
