/**
 * What a run of the failback stage machine records: the job timeline and the recovery point used.
 * Where an item stands and the steps between stages are the stage model's (`../stageModel`).
 */
import type { RecoveryPointChoice } from "../rules/types";
import type { StepKind } from "../stageModel";

/** One Site Recovery job of the run, for the timeline output. */
export interface TimelineEntry {
  /** Item (or recovery plan) the job acted on. */
  readonly target: string;
  /** Step the job performed. */
  readonly step: StepKind;
  /**
   * Job name. Its ARM ID is the vault's ID followed by `/replicationJobs/<jobName>`; the ID is not
   * kept: it is the same long prefix on every entry, and state carries one entry per item and
   * stage (in a 100-VM plan the timeline was about 160 KB of 205 KB of outputs, the ID about half
   * of each entry).
   */
  readonly jobName: string;
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
