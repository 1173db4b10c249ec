/**
 * Types of the failback stage machine: where an item stands on its way back, the steps between
 * stages, and what a run records (the job timeline, the recovery point used).
 */
import type { FailbackTargetStage, Flavor, RecoveryPointChoice } from "../rules/types";

export type { FailbackTargetStage, Flavor, RecoveryPointChoice };

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
  | "commit"
  | "reprotectToAzure";

/** A running Site Recovery job seen on an item (`currentScenario`). */
export interface RunningJob {
  /** `currentScenario.scenarioName`, e.g. `Reprotect`. */
  readonly scenarioName: string;
  /** ARM ID (or name) of the job. */
  readonly jobId: string;
}

/** What the machine reads off a protected item before it acts. */
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
  /** `allowedOperations`. */
  readonly allowedOperations: readonly string[];
  /** `providerSpecificDetails.instanceType`. */
  readonly instanceType?: string;
  /** Set when the item is in no failback stage (e.g. failed over to Azure but not committed). */
  readonly problem?: string;
}

/** One Site Recovery job of the run, for the timeline output. */
export interface TimelineEntry {
  /** Item (or recovery plan) the job acted on. */
  readonly target: string;
  /** Step the job performed. */
  readonly step: StepKind;
  /** Job name. */
  readonly jobName: string;
  /** ARM ID of the job, when known. */
  readonly jobId?: string;
  /** Job state when last seen (`Succeeded`, `Failed`, `InProgress`, `Suspended`...). */
  readonly state: string;
  /** ISO start time (Site Recovery's clock). */
  readonly startTime?: string;
  /** ISO end time (Site Recovery's clock). */
  readonly endTime?: string;
  /** End minus start, in seconds. */
  readonly durationInSeconds?: number;
  /** True when this run found the job already running (after an interruption) and awaited it. */
  readonly resumed?: boolean;
}

/** The recovery point an item failed over to. */
export interface RecoveryPointUsed {
  /** Item name. */
  readonly item: string;
  /** The choice that led to the point. */
  readonly choice: RecoveryPointChoice | "plannedFailover";
  /** Recovery point name, when Site Recovery names it. */
  readonly recoveryPointName?: string;
  /** ISO time of the point. */
  readonly recoveryPointTime?: string;
  /** Failover start minus point time: the data-loss window, in seconds (0 for planned failover). */
  readonly dataLossWindowInSeconds?: number;
}
