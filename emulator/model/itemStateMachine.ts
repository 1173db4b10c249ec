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
 */
import type { ItemPhase } from "./scenario";
import type { ItemState, JobAction, JobRecord, ReprotectSettings } from "./world";

/** Operation names of `allowedOperations`. */
export type ItemOperation =
  | "ReverseReplicate"
  | "UnplannedFailover"
  | "PlannedFailover"
  | "Commit"
  | "CancelFailover"
  | "RepairReplication"
  | "DisableProtection";

/** The allowedOperations entry each item action needs. */
export const requiredOperation: Record<Exclude<JobAction, "configure">, ItemOperation> = {
  reProtect: "ReverseReplicate",
  unplannedFailover: "UnplannedFailover",
  plannedFailover: "PlannedFailover",
  failoverCommit: "Commit",
  failoverCancel: "CancelFailover",
  repairReplication: "RepairReplication",
};

/** Replication provider instanceType shown for the item. */
export type ReplicationInstanceType = "InMageAzureV2" | "InMage" | "HyperVReplicaAzure";

/** How an item looks at a point in time. */
export interface ItemView {
  readonly instanceType: ReplicationInstanceType;
  readonly protectionState: string;
  readonly protectionStateDescription: string;
  readonly activeLocation: "Primary" | "Recovery";
  readonly replicationHealth: "None" | "Normal" | "Warning" | "Critical";
  readonly failoverHealth: "None" | "Normal" | "Warning" | "Critical";
  readonly allowedOperations: ItemOperation[];
  /** Initial replication or resync still running. */
  readonly syncing: boolean;
}

const towardOnPremises: readonly ItemPhase[] = [
  "ReplicatingToOnPremises",
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

/** instanceType of the item's replication in a phase. */
export function instanceTypeOf(item: Pick<ItemState, "flavor" | "phase">): ReplicationInstanceType {
  if (item.flavor === "HyperV") return "HyperVReplicaAzure";
  return towardOnPremises.includes(item.phase) ? "InMage" : "InMageAzureV2";
}

/** True while initial replication / resync of a replicating phase runs. */
export function isSyncing(item: ItemState, nowMs: number): boolean {
  const replicating = item.phase === "Protected" || item.phase === "ReplicatingToOnPremises";
  return replicating && item.syncCompleteAtMs !== undefined && nowMs < item.syncCompleteAtMs;
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

const transientStates: Record<Exclude<JobAction, "configure">, [string, string]> = {
  reProtect: ["ReprotectStatesBegin", "Reprotect in progress"],
  unplannedFailover: ["UnplannedFailoverTransitionStatesBegin", "Failover in progress"],
  plannedFailover: ["PlannedFailoverTransitionStatesBegin", "Planned failover in progress"],
  failoverCommit: ["CommitFailoverStatesBegin", "Commit in progress"],
  failoverCancel: ["CancelFailoverStatesBegin", "Cancel failover in progress"],
  repairReplication: ["RepairReplicationStatesBegin", "Resynchronization in progress"],
};

/** What the item shows at `nowMs`, given the job running on it (if any). */
export function describeItem(item: ItemState, activeJob: JobRecord | undefined, nowMs: number): ItemView {
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

/** What a successful job needs to know to move an item on. */
export interface TransitionContext {
  /** Simulated time the job finished. */
  readonly endMs: number;
  /** Initial replication / resync duration starting at `endMs` (replicating targets only). */
  readonly syncDurationMs: number;
  readonly reprotect?: ReprotectSettings;
  /** Policy the new replication uses (reverse replication to Azure). */
  readonly policyName?: string;
  /** Hyper-V: create the on-premises VM if it was deleted. */
  readonly createVmIfNotFound?: boolean;
  readonly recoveryPointId?: string;
}

/**
 * Applies a job that succeeded. Mutates `item`. Throws on a transition the table does not have
 * (an emulator bug: the action was accepted against allowedOperations).
 */
export function applySuccess(item: ItemState, action: JobAction, context: TransitionContext): void {
  const { endMs } = context;
  const from = item.phase;
  const fail = (): never => {
    throw new Error(`internal error: no ${action} transition from ${item.flavor} ${from}`);
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
