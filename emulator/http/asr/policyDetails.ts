/**
 * A policy's `providerSpecificDetails` in the shape of its provider's details model. Policies are
 * stored with the names of the create input (and, for scenario policies, the classic names);
 * the details model of each provider names some of them differently (Hyper-V:
 * `recoveryPointHistoryDuration` → `recoveryPointHistoryDurationInHours`) and holds only its own
 * properties, so the answer is built per provider rather than echoing what was stored.
 */

/** Properties of each provider's policy details model (the SDK's `PolicyProviderSpecificDetails` subtypes). */
const DETAILS_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  HyperVReplicaAzure: [
    "recoveryPointHistoryDurationInHours",
    "applicationConsistentSnapshotFrequencyInHours",
    "replicationInterval",
    "onlineReplicationStartTime",
    "encryption",
    "activeStorageAccountId",
  ],
  InMageAzureV2: [
    "crashConsistentFrequencyInMinutes",
    "recoveryPointThresholdInMinutes",
    "recoveryPointHistory",
    "appConsistentFrequencyInMinutes",
    "multiVmSyncStatus",
  ],
  InMage: [
    "recoveryPointThresholdInMinutes",
    "recoveryPointHistory",
    "appConsistentFrequencyInMinutes",
    "multiVmSyncStatus",
  ],
  InMageRcm: [
    "recoveryPointHistoryInMinutes",
    "appConsistentFrequencyInMinutes",
    "crashConsistentFrequencyInMinutes",
    "enableMultiVmSync",
  ],
  InMageRcmFailback: ["appConsistentFrequencyInMinutes", "crashConsistentFrequencyInMinutes"],
};

const hoursOf = (minutes: unknown) => (typeof minutes === "number" ? Math.round(minutes / 60) : undefined);

/** Hyper-V details from the stored settings: the input's names first, the classic ones converted. */
function hyperVDetails(settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    recoveryPointHistoryDurationInHours:
      settings["recoveryPointHistoryDuration"] ?? hoursOf(settings["recoveryPointHistory"]),
    applicationConsistentSnapshotFrequencyInHours:
      settings["applicationConsistentSnapshotFrequencyInHours"] ??
      hoursOf(settings["appConsistentFrequencyInMinutes"]),
    replicationInterval: settings["replicationInterval"],
    onlineReplicationStartTime: settings["onlineReplicationStartTime"],
    encryption: settings["encryption"],
  };
}

/** `providerSpecificDetails` of a policy of `instanceType` with these stored settings. */
export function policyProviderDetails(
  instanceType: string,
  settings: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const properties = DETAILS_PROPERTIES[instanceType];
  // A provider the emulator does not model keeps what was stored (nothing to compare it with).
  if (!properties) return { instanceType, ...settings };
  const source = instanceType === "HyperVReplicaAzure" ? hyperVDetails(settings) : settings;
  const details: Record<string, unknown> = { instanceType };
  for (const property of properties)
    if (source[property] !== undefined && source[property] !== null) details[property] = source[property];
  return details;
}
