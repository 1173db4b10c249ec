/**
 * What the item state machine speaks in, shared by its classic and modernized tables: the
 * operations of `allowedOperations`, the view of an item at a point in time, what a finished job
 * tells a transition, and the states every path shows while a job runs.
 */
import type { ItemPhase } from "./scenario";
import type { ApplianceReprotectSettings, ItemState, JobAction, ReprotectSettings } from "./world";

/** Operation names of `allowedOperations`. */
export type ItemOperation =
  | "ReverseReplicate"
  | "SwitchProtection"
  | "UnplannedFailover"
  | "PlannedFailover"
  | "TestFailover"
  | "Commit"
  | "CancelFailover"
  | "ChangePit"
  | "CompleteMigration"
  | "RepairReplication"
  | "DisableProtection";

/** The item actions (every job action but `configure`). */
export type ItemActionName = Exclude<JobAction, "configure">;

/** Replication provider instanceType shown for the item. */
export type ReplicationInstanceType =
  | "InMageAzureV2"
  | "InMage"
  | "HyperVReplicaAzure"
  | "InMageRcm"
  | "InMageRcmFailback";

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

/** What a successful (or failed) job needs to know to move an item on. */
export interface TransitionContext {
  /** Simulated time the job finished. */
  readonly endMs: number;
  /** Simulated time the job started (absent: unknown). */
  readonly startMs?: number;
  /** Initial replication / resync duration starting at `endMs` (replicating targets only). */
  readonly syncDurationMs: number;
  readonly reprotect?: ReprotectSettings;
  /** Policy the new replication uses (reverse replication to Azure). */
  readonly policyName?: string;
  /** Hyper-V: create the on-premises VM if it was deleted. */
  readonly createVmIfNotFound?: boolean;
  readonly recoveryPointId?: string;
  /** Modernized reprotect to on-premises: the appliance settings of the replication back. */
  readonly applianceReprotect?: ApplianceReprotectSettings;
  /** Modernized reprotect to Azure: the appliance that replicates the item again. */
  readonly forwardApplianceId?: string;
}

/** Phases in which an item replicates back to the site or has failed back to it. */
export const towardOnPremises: readonly ItemPhase[] = [
  "ReplicatingToOnPremises",
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

/** The transient protectionState (and description) an item shows while a job of an action runs. */
export const transientStates: Record<ItemActionName, [string, string]> = {
  reProtect: ["ReprotectStatesBegin", "Reprotect in progress"],
  unplannedFailover: ["UnplannedFailoverTransitionStatesBegin", "Failover in progress"],
  plannedFailover: ["PlannedFailoverTransitionStatesBegin", "Planned failover in progress"],
  failoverCommit: ["CommitFailoverStatesBegin", "Commit in progress"],
  failoverCancel: ["CancelFailoverStatesBegin", "Cancel failover in progress"],
  repairReplication: ["RepairReplicationStatesBegin", "Resynchronization in progress"],
};

/** True while initial replication / resync of a replicating phase runs. */
export function isSyncing(item: ItemState, nowMs: number): boolean {
  const replicating = item.phase === "Protected" || item.phase === "ReplicatingToOnPremises";
  return replicating && item.syncCompleteAtMs !== undefined && nowMs < item.syncCompleteAtMs;
}

/** The error of a transition the table does not have (an emulator bug: planning let it through). */
export function noTransition(item: ItemState, action: JobAction, from: ItemPhase): Error {
  const path = item.replicationPath === "modernized" ? "modernized " : "";
  return new Error(`internal error: no ${action} transition from ${path}${item.flavor} ${from}`);
}
