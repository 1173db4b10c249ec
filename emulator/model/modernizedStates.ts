/**
 * The modernized (replication appliance) rows of the item state machine: what an `InMageRcm` /
 * `InMageRcmFailback` item shows per phase and how a finished job moves it. The strings follow
 * recordings of the real service; the failback-committed row is inferred (never recorded).
 *
 * | phase | instanceType | protectionState | activeLocation | allowed when idle |
 * |---|---|---|---|---|
 * | Protected | InMageRcm | Protected (InitialReplicationInProgress while syncing) | Primary | UnplannedFailover, DisableProtection, TestFailover |
 * | FailedOverToAzure | InMageRcm | UnplannedFailoverCommitPendingStatesBegin | Recovery | CompleteMigration, Commit, DisableProtection, ChangePit, SwitchProtection |
 * | FailoverCommittedInAzure | InMageRcm | UnplannedFailoverCommitted | Recovery | CompleteMigration, DisableProtection, SwitchProtection |
 * | ReplicatingToOnPremises | InMageRcmFailback | Protected (InitialReplicationInProgress while syncing) | Primary | PlannedFailover, DisableProtection |
 * | FailedBackToOnPremises | InMageRcmFailback | CommitPendingStatesBegin | Recovery | CompleteMigration, Commit, DisableProtection, SwitchProtection, CancelFailover |
 * | FailedBackToOnPremises, failover failed (MR-28) | InMageRcmFailback | PlannedFailoverFailed | Recovery | CancelFailover, DisableProtection |
 * | FailbackCommittedOnPremises | InMageRcmFailback | PlannedFailoverCommitted | Recovery | SwitchProtection, DisableProtection |
 *
 * While replicating back, Azure is the item's primary (activeLocation Primary). Reprotect in
 * either direction is the `SwitchProtection` operation; its job commits a pending failover first,
 * so it is allowed before commit too.
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
import type { ItemState, JobAction, JobRecord } from "./world";

/** The allowedOperations entry each action needs on a modernized item. */
export const modernizedRequiredOperation: Record<ItemActionName, ItemOperation> = {
  reProtect: "SwitchProtection",
  unplannedFailover: "UnplannedFailover",
  plannedFailover: "PlannedFailover",
  failoverCommit: "Commit",
  failoverCancel: "CancelFailover",
  repairReplication: "RepairReplication",
};

/** instanceType of a modernized item: InMageRcmFailback once it replicates back. */
export function modernizedInstanceType(item: Pick<ItemState, "phase">): ReplicationInstanceType {
  return towardOnPremises.includes(item.phase) ? "InMageRcmFailback" : "InMageRcm";
}

function idleAllowed(item: ItemState, syncing: boolean): ItemOperation[] {
  switch (item.phase) {
    case "Protected":
      return syncing ? ["DisableProtection"] : ["UnplannedFailover", "DisableProtection", "TestFailover"];
    case "FailedOverToAzure":
      return ["CompleteMigration", "Commit", "DisableProtection", "ChangePit", "SwitchProtection"];
    case "FailoverCommittedInAzure":
      return ["CompleteMigration", "DisableProtection", "SwitchProtection"];
    case "ReplicatingToOnPremises":
      return syncing ? ["DisableProtection"] : ["PlannedFailover", "DisableProtection"];
    case "FailedBackToOnPremises":
      return item.plannedFailoverFailed
        ? ["CancelFailover", "DisableProtection"]
        : ["CompleteMigration", "Commit", "DisableProtection", "SwitchProtection", "CancelFailover"];
    case "FailbackCommittedOnPremises":
      return ["SwitchProtection", "DisableProtection"];
  }
}

function idleState(item: ItemState, syncing: boolean): [string, string] {
  switch (item.phase) {
    case "Protected":
    case "ReplicatingToOnPremises":
      return syncing
        ? ["InitialReplicationInProgress", "Initial replication in progress"]
        : ["Protected", "Protected"];
    case "FailedOverToAzure":
      return ["UnplannedFailoverCommitPendingStatesBegin", "Failover completed"];
    case "FailoverCommittedInAzure":
      return ["UnplannedFailoverCommitted", "Failover committed"];
    case "FailedBackToOnPremises":
      return item.plannedFailoverFailed
        ? ["PlannedFailoverFailed", "Planned failover failed"]
        : ["CommitPendingStatesBegin", "Planned failover finished"];
    case "FailbackCommittedOnPremises":
      return ["PlannedFailoverCommitted", "Failover committed"];
  }
}

function replicationHealthOf(item: ItemState): ItemView["replicationHealth"] {
  switch (item.phase) {
    case "Protected":
      return "Normal";
    case "FailedOverToAzure":
    case "FailoverCommittedInAzure":
      // MR-14: the agent in the Azure VM registers after failover; if it did not, Site Recovery
      // raises a critical health issue.
      return item.agentRegisteredAfterFailover === false ? "Critical" : "Normal";
    case "ReplicatingToOnPremises":
      if (!item.azureVmRunning) return "Critical";
      return item.resyncRequired ? "Warning" : "Normal";
    case "FailedBackToOnPremises":
    case "FailbackCommittedOnPremises":
      return item.plannedFailoverFailed ? "Critical" : "None";
  }
}

/** What a modernized item shows at `nowMs`, given the job running on it (if any). */
export function describeModernizedItem(
  item: ItemState,
  activeJob: JobRecord | undefined,
  nowMs: number,
): ItemView {
  const syncing = isSyncing(item, nowMs);
  const activeLocation: ItemView["activeLocation"] =
    item.phase === "Protected" || item.phase === "ReplicatingToOnPremises" ? "Primary" : "Recovery";
  const replicating = item.phase === "Protected" || item.phase === "ReplicatingToOnPremises";
  const base = {
    instanceType: modernizedInstanceType(item),
    activeLocation,
    replicationHealth: replicationHealthOf(item),
    failoverHealth: replicating && !syncing ? ("Normal" as const) : ("None" as const),
    syncing,
  };
  if (activeJob && activeJob.action !== "configure") {
    const [protectionState, protectionStateDescription] = transientStates[activeJob.action];
    return { ...base, protectionState, protectionStateDescription, allowedOperations: [] };
  }
  const [protectionState, protectionStateDescription] = idleState(item, syncing);
  return {
    ...base,
    protectionState,
    protectionStateDescription,
    allowedOperations: idleAllowed(item, syncing),
  };
}

/**
 * Applies a job that succeeded to a modernized item. Mutates `item`; throws on a transition the
 * table does not have.
 */
export function applyModernizedSuccess(item: ItemState, action: JobAction, context: TransitionContext): void {
  const { endMs } = context;
  const from = item.phase;
  switch (action) {
    case "reProtect":
      if (from === "FailedOverToAzure" || from === "FailoverCommittedInAzure") {
        // The job commits a pending failover, turns the on-premises VM off (if any) and starts
        // replicating Azure's data back through the appliance.
        const settings = context.applianceReprotect;
        if (!settings)
          throw new Error("internal error: a modernized reprotect to on-premises has no settings");
        item.phase = "ReplicatingToOnPremises";
        item.applianceReprotect = settings;
        item.forwardPolicyName = item.policyName;
        item.policyName = settings.policyName;
        item.resyncRequired = undefined;
      } else if (from === "FailedBackToOnPremises" || from === "FailbackCommittedOnPremises") {
        // The job commits a pending failback first: the failed-back Azure VM goes away.
        item.phase = "Protected";
        item.azureVmExists = false;
        item.azureVmRunning = false;
        item.policyName = context.policyName ?? item.forwardPolicyName ?? item.policyName;
        item.forwardPolicyName = undefined;
        item.forwardApplianceId = context.forwardApplianceId ?? item.forwardApplianceId;
        item.applianceReprotect = undefined;
        item.plannedFailoverFailed = undefined;
      } else throw noTransition(item, action, from);
      item.syncStartedAtMs = endMs;
      item.syncCompleteAtMs = endMs + context.syncDurationMs;
      item.storedRecoveryPoints = [];
      return;
    case "unplannedFailover":
      if (from !== "Protected") throw noTransition(item, action, from);
      item.phase = "FailedOverToAzure";
      item.azureVmExists = true;
      item.azureVmRunning = true;
      item.agentRegisteredAfterFailover = true;
      item.lastFailoverAtMs = endMs;
      item.failoverRecoveryPointId = context.recoveryPointId;
      item.syncStartedAtMs = undefined;
      item.syncCompleteAtMs = undefined;
      return;
    case "plannedFailover":
      if (from !== "ReplicatingToOnPremises") throw noTransition(item, action, from);
      // The pending changes went on-premises, the Azure VM was shut down and the on-premises
      // machine started.
      item.phase = "FailedBackToOnPremises";
      item.azureVmRunning = false;
      item.onPremisesVmExists = true;
      item.onPremisesVmBootAtMs = endMs;
      item.lastFailoverAtMs = endMs;
      item.lastPlannedFailoverStartMs = context.startMs ?? endMs;
      item.lastPlannedFailoverStatus = "Succeeded";
      item.failoverRecoveryPointId = context.recoveryPointId;
      // The replication back keeps its history: a cancel resumes it with its recovery points.
      return;
    case "failoverCommit":
      if (from === "FailedOverToAzure") item.phase = "FailoverCommittedInAzure";
      else if (from === "FailedBackToOnPremises" && !item.plannedFailoverFailed) {
        // Commit removes the failed-back Azure VM.
        item.phase = "FailbackCommittedOnPremises";
        item.azureVmExists = false;
      } else throw noTransition(item, action, from);
      return;
    case "failoverCancel":
      if (from !== "FailedBackToOnPremises") throw noTransition(item, action, from);
      // The on-premises disks revert to their snapshots, the Azure VM is turned back on and the
      // replication back resumes.
      item.phase = "ReplicatingToOnPremises";
      item.azureVmRunning = true;
      item.plannedFailoverFailed = undefined;
      return;
    case "repairReplication":
      throw noTransition(item, action, from);
    case "configure":
      return;
  }
}

/**
 * Applies a job that failed or was cancelled: a planned failover records its outcome (a failed
 * one is cancelled automatically, so the item keeps replicating back).
 */
export function applyModernizedFailure(
  item: ItemState,
  action: JobAction,
  outcome: "Failed" | "Cancelled",
  context: Pick<TransitionContext, "endMs" | "startMs">,
): void {
  if (action !== "plannedFailover" || item.phase !== "ReplicatingToOnPremises") return;
  item.lastPlannedFailoverStartMs = context.startMs ?? context.endMs;
  item.lastPlannedFailoverStatus = outcome;
}
