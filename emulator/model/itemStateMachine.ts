/**
 * The protected item state machine. One table decides, per flavor and phase, what Site Recovery
 * shows (instanceType, protectionState, activeLocation) and which operations it allows; one
 * function applies a successful job. `allowedOperations` comes only from here, so the emulator
 * refuses exactly what the table does not allow.
 *
 * The phase names are the emulator's; the protectionState strings are Site Recovery's (the
 * transient `...StatesBegin` values are shown while a job runs).
 *
 * | flavor | phase | instanceType | protectionState | activeLocation | allowed when idle |
 * |---|---|---|---|---|---|
 * | VMware/physical | Protected | InMageAzureV2 | Protected (InitialReplicationInProgress while syncing) | Primary | UnplannedFailover, RepairReplication |
 * | VMware/physical | FailedOverToAzure | InMageAzureV2 | UnplannedFailoverCommitPendingStatesBegin | Recovery | Commit, CancelFailover |
 * | VMware/physical | FailoverCommittedInAzure | InMageAzureV2 | UnplannedFailoverCommitted | Recovery | ReverseReplicate |
 * | VMware/physical | ReplicatingToOnPremises | InMage | Protected (InitialReplicationInProgress while syncing) | Recovery | UnplannedFailover, RepairReplication |
 * | VMware/physical | FailedBackToOnPremises | InMage | UnplannedFailoverCommitPendingStatesBegin | Primary | Commit, CancelFailover |
 * | VMware/physical | FailbackCommittedOnPremises | InMage | UnplannedFailoverCommitted | Primary | ReverseReplicate |
 * | Hyper-V | Protected | HyperVReplicaAzure | Protected | Primary | PlannedFailover, UnplannedFailover |
 * | Hyper-V | FailedOverToAzure | HyperVReplicaAzure | UnplannedFailoverCommitPendingStatesBegin | Recovery | Commit, CancelFailover |
 * | Hyper-V | FailoverCommittedInAzure | HyperVReplicaAzure | UnplannedFailoverCommitted | Recovery | PlannedFailover |
 * | Hyper-V | FailedBackToOnPremises | HyperVReplicaAzure | PlannedFailoverCommitRequired | Primary | Commit, CancelFailover |
 * | Hyper-V | FailbackCommittedOnPremises | HyperVReplicaAzure | PlannedFailoverCommitted | Primary | ReverseReplicate |
 *
 * DisableProtection is allowed in every idle phase.
 *
 * Modernized VMware / physical items (replication appliance, InMageRcm / InMageRcmFailback) have
 * their own rows in `modernizedStates.ts`; this module dispatches to them.
 */
import {
  type ItemActionName,
  type ItemOperation,
  type ItemView,
  isSyncing,
  noTransition,
  type ReplicationInstanceType,
  type TransitionContext,
  towardOnPremises,
  transientStates,
} from "./itemView";
import {
  applyModernizedFailure,
  applyModernizedSuccess,
  describeModernizedItem,
  modernizedInstanceType,
  modernizedRequiredOperation,
} from "./modernizedStates";
import type { ItemState, JobAction, JobRecord } from "./world";

export type { ItemOperation, ItemView, ReplicationInstanceType, TransitionContext } from "./itemView";
export { isSyncing } from "./itemView";

/** The allowedOperations entry each item action needs (classic and Hyper-V items). */
export const requiredOperation: Record<ItemActionName, ItemOperation> = {
  reProtect: "ReverseReplicate",
  unplannedFailover: "UnplannedFailover",
  plannedFailover: "PlannedFailover",
  failoverCommit: "Commit",
  failoverCancel: "CancelFailover",
  repairReplication: "RepairReplication",
};

/** The allowedOperations entry an action needs on this item (modernized reprotect is SwitchProtection). */
export function operationNeeded(
  item: Pick<ItemState, "replicationPath">,
  action: ItemActionName,
): ItemOperation {
  return item.replicationPath === "modernized"
    ? modernizedRequiredOperation[action]
    : requiredOperation[action];
}

/** instanceType of the item's replication in a phase. */
export function instanceTypeOf(
  item: Pick<ItemState, "flavor" | "phase" | "replicationPath">,
): ReplicationInstanceType {
  if (item.flavor === "HyperV") return "HyperVReplicaAzure";
  if (item.replicationPath === "modernized") return modernizedInstanceType(item);
  return towardOnPremises.includes(item.phase) ? "InMage" : "InMageAzureV2";
}

function idleAllowed(item: ItemState, syncing: boolean): ItemOperation[] {
  const hyperV = item.flavor === "HyperV";
  switch (item.phase) {
    case "Protected":
      if (syncing) return ["RepairReplication", "DisableProtection"];
      return hyperV
        ? ["PlannedFailover", "UnplannedFailover", "DisableProtection"]
        : ["UnplannedFailover", "RepairReplication", "DisableProtection"];
    case "ReplicatingToOnPremises":
      return syncing
        ? ["RepairReplication", "DisableProtection"]
        : ["UnplannedFailover", "RepairReplication", "DisableProtection"];
    case "FailedOverToAzure":
    case "FailedBackToOnPremises":
      return ["Commit", "CancelFailover", "DisableProtection"];
    case "FailoverCommittedInAzure":
      return hyperV ? ["PlannedFailover", "DisableProtection"] : ["ReverseReplicate", "DisableProtection"];
    case "FailbackCommittedOnPremises":
      return ["ReverseReplicate", "DisableProtection"];
  }
}

/** What the item shows at `nowMs`, given the job running on it (if any). */
export function describeItem(item: ItemState, activeJob: JobRecord | undefined, nowMs: number): ItemView {
  if (item.replicationPath === "modernized") return describeModernizedItem(item, activeJob, nowMs);
  const syncing = isSyncing(item, nowMs);
  const instanceType = instanceTypeOf(item);
  const activeLocation: "Primary" | "Recovery" =
    item.phase === "Protected" ||
    item.phase === "FailedBackToOnPremises" ||
    item.phase === "FailbackCommittedOnPremises"
      ? "Primary"
      : "Recovery";
  const replicating = item.phase === "Protected" || item.phase === "ReplicatingToOnPremises";
  let replicationHealth: ItemView["replicationHealth"] = replicating ? "Normal" : "None";
  if (item.phase === "ReplicatingToOnPremises" && !item.azureVmRunning) replicationHealth = "Critical";
  if (item.onPremisesVmCorrupt) replicationHealth = "Critical";
  const failoverHealth: ItemView["failoverHealth"] = replicating && !syncing ? "Normal" : "None";

  if (activeJob && activeJob.action !== "configure") {
    const [protectionState, protectionStateDescription] = transientStates[activeJob.action];
    return {
      instanceType,
      protectionState,
      protectionStateDescription,
      activeLocation,
      replicationHealth,
      failoverHealth,
      allowedOperations: [],
      syncing,
    };
  }

  const hyperV = item.flavor === "HyperV";
  const [protectionState, protectionStateDescription] = ((): [string, string] => {
    switch (item.phase) {
      case "Protected":
      case "ReplicatingToOnPremises":
        return syncing
          ? ["InitialReplicationInProgress", "Initial replication in progress"]
          : ["Protected", "Protected"];
      case "FailedOverToAzure":
        return ["UnplannedFailoverCommitPendingStatesBegin", "Failover completed; commit pending"];
      case "FailedBackToOnPremises":
        return hyperV
          ? ["PlannedFailoverCommitRequired", "Planned failover completed; commit pending"]
          : ["UnplannedFailoverCommitPendingStatesBegin", "Failover completed; commit pending"];
      case "FailoverCommittedInAzure":
        return ["UnplannedFailoverCommitted", "Failover committed"];
      case "FailbackCommittedOnPremises":
        return hyperV
          ? ["PlannedFailoverCommitted", "Failover committed"]
          : ["UnplannedFailoverCommitted", "Failover committed"];
    }
  })();
  return {
    instanceType,
    protectionState,
    protectionStateDescription,
    activeLocation,
    replicationHealth,
    failoverHealth,
    allowedOperations: idleAllowed(item, syncing),
    syncing,
  };
}

/**
 * Applies a job that succeeded. Mutates `item`. Throws on a transition the table does not have
 * (an emulator bug: the action was accepted against allowedOperations).
 */
export function applySuccess(item: ItemState, action: JobAction, context: TransitionContext): void {
  if (item.replicationPath === "modernized") {
    applyModernizedSuccess(item, action, context);
    return;
  }
  const { endMs } = context;
  const from = item.phase;
  const fail = (): never => {
    throw noTransition(item, action, from);
  };
  switch (action) {
    case "reProtect":
      if (from === "FailoverCommittedInAzure" && item.flavor !== "HyperV") {
        // RP-04: reprotect turns the on-premises VM off and syncs Azure's data onto its disks.
        item.phase = "ReplicatingToOnPremises";
        item.reprotect = context.reprotect;
        item.policyName = context.reprotect?.policyName ?? item.policyName;
      } else if (from === "FailbackCommittedOnPremises") {
        item.phase = "Protected";
        item.reprotect = undefined;
        if (context.policyName) item.policyName = context.policyName;
      } else fail();
      item.syncCompleteAtMs = endMs + context.syncDurationMs;
      item.storedRecoveryPoints = [];
      return;
    case "unplannedFailover":
    case "plannedFailover":
      if (
        from === "ReplicatingToOnPremises" ||
        (from === "FailoverCommittedInAzure" && item.flavor === "HyperV")
      ) {
        // FO-01: Site Recovery shuts the Azure VM down and boots the on-premises one.
        item.phase = "FailedBackToOnPremises";
        item.azureVmRunning = false;
        item.onPremisesVmExists =
          item.onPremisesVmExists || item.flavor !== "HyperV" || context.createVmIfNotFound === true;
        item.onPremisesVmBootAtMs = endMs;
        item.onPremisesVmCorrupt = false;
      } else if (from === "Protected") {
        item.phase = "FailedOverToAzure";
        item.azureVmExists = true;
        item.azureVmRunning = true;
      } else fail();
      item.lastFailoverAtMs = endMs;
      item.failoverRecoveryPointId = context.recoveryPointId;
      item.syncCompleteAtMs = undefined;
      return;
    case "failoverCommit":
      if (from === "FailedOverToAzure") item.phase = "FailoverCommittedInAzure";
      else if (from === "FailedBackToOnPremises") {
        item.phase = "FailbackCommittedOnPremises";
        // FO-04: commit removes the failed-over VM from Azure (classic VMware failback).
        if (item.flavor !== "HyperV") item.azureVmExists = false;
      } else fail();
      return;
    case "failoverCancel":
      if (from === "FailedOverToAzure") {
        item.phase = "Protected";
        item.azureVmRunning = false;
      } else if (from === "FailedBackToOnPremises") {
        item.phase = item.flavor === "HyperV" ? "FailoverCommittedInAzure" : "ReplicatingToOnPremises";
        item.azureVmRunning = true;
      } else fail();
      return;
    case "repairReplication":
      if (from !== "Protected" && from !== "ReplicatingToOnPremises") fail();
      item.syncCompleteAtMs = endMs + context.syncDurationMs;
      return;
    case "configure":
      return;
  }
}

/**
 * Applies a job that failed or was cancelled. Only a modernized planned failover leaves a trace
 * (its outcome); every other job leaves the item as it was.
 */
export function applyFailure(
  item: ItemState,
  action: JobAction,
  outcome: "Failed" | "Cancelled",
  context: Pick<TransitionContext, "endMs" | "startMs">,
): void {
  if (item.replicationPath === "modernized") applyModernizedFailure(item, action, outcome, context);
}
