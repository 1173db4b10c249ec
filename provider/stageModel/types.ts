/**
 * The failback vocabulary every layer shares: the kinds of site, the stages an item passes on its
 * way back, the steps between them, and where an item stands as read off Site Recovery. Rules, the
 * stage machine, `plannedSteps`, outputs and the mocks all speak it; nothing else defines a stage.
 */

/** The kind of on-premises site the machines fail back to. */
export type Flavor = "vmware" | "physical" | "hyperv";

/**
 * Which Site Recovery architecture replicates an item: `classic` (configuration server, process
 * server in Azure, master target; items `InMageAzureV2` → `InMage`, and Hyper-V) or `modernized`
 * (replication appliance with a reprotect agent; items `InMageRcm` → `InMageRcmFailback`).
 */
export type ReplicationPath = "classic" | "modernized";

/** Instance types of items replicated by the modernized VMware/physical architecture (MR-01). */
export const modernizedInstanceTypes: readonly string[] = ["InMageRcm", "InMageRcmFailback"];

/** The replication path an item's `providerSpecificDetails.instanceType` belongs to. */
export function replicationPathOf(instanceType: string | undefined): ReplicationPath {
  return instanceType !== undefined && modernizedInstanceTypes.includes(instanceType)
    ? "modernized"
    : "classic";
}

/** How far the failback plan should take the machines. */
export type FailbackTargetStage = "reprotected" | "failedOver" | "committed" | "protectedToAzure";

/**
 * Where an item stands, in failback order. `reprotecting` means the reprotect job finished and
 * the initial replication back to the site still runs (no failover allowed yet).
 */
export type ItemStage =
  | "failedOverToAzure"
  | "reprotecting"
  | "reprotected"
  | "failedOver"
  | "committed"
  | "protectedToAzure";

/** Stages in order; an item only moves forward through them. */
export const itemStageOrder: readonly ItemStage[] = [
  "failedOverToAzure",
  "reprotecting",
  "reprotected",
  "failedOver",
  "committed",
  "protectedToAzure",
];

/** Rank of a stage in {@link itemStageOrder}. */
export function stageRank(stage: ItemStage): number {
  return itemStageOrder.indexOf(stage);
}

/** The steps the machine takes between stages. */
export type StepKind =
  | "reprotect"
  | "awaitReplication"
  | "failover"
  | "completeFailover"
  | "cancelFailover"
  | "commit"
  | "reprotectToAzure";

/** A running Site Recovery job seen on an item (`currentScenario`). */
export interface RunningJob {
  /** `currentScenario.scenarioName`, e.g. `Reprotect`. */
  readonly scenarioName: string;
  /** ARM ID (or name) of the job. */
  readonly jobId: string;
}

/** Where an item stands, read off Site Recovery's protected item by `classifyItem`. */
export interface ItemPosition {
  /** Item name (ARM name). */
  readonly name: string;
  /** Stage reached; for an item with a running job, the stage before that job's step. */
  readonly stage: ItemStage;
  /** The job running on the item, if any: it is awaited, never started again. */
  readonly runningJob?: RunningJob;
  /** `protectionState` as Site Recovery reports it. */
  readonly protectionState: string;
  /** `replicationHealth`. */
  readonly replicationHealth?: string;
  /** Initial-replication or resync progress in percent, where the provider details report it. */
  readonly replicationProgressPercent?: number;
  /** `allowedOperations`. */
  readonly allowedOperations: readonly string[];
  /** `providerSpecificDetails.instanceType`. */
  readonly instanceType?: string;
  /**
   * For an item that failed over to Azure and has not started back: whether that failover was
   * committed (HV-02). Undefined once the item is on its way back, where "failover" means the
   * failback's own failover.
   */
  readonly failoverToAzureCommitted?: boolean;
  /** Set when the item is in no failback stage (e.g. failed over to Azure but not committed). */
  readonly problem?: string;
}
