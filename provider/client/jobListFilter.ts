/**
 * The `$filter` the client sends when it lists jobs, so the vault answers only the jobs asked for
 * instead of its whole retained history, page after page. Names and grammar come from the
 * contract (`JobQueryParameter`'s fields as `Name eq 'value'` terms).
 */
import { formatODataFilter, type JobFilterProperty } from "asr-contract";

/** A Site Recovery job state, as `properties.state` reports it. */
export type JobStateName = "NotStarted" | "InProgress" | "Succeeded" | "Failed" | "Cancelled" | "Suspended";

/** Which jobs to list; a field left out does not narrow the list. */
export interface JobListFilter {
  /** Only jobs that started at or after this instant (`StartTime`). */
  readonly startedAtOrAfter?: Date;
  /** Only jobs that started at or before this instant (`EndTime`). */
  readonly startedAtOrBefore?: Date;
  /** Only jobs in one of these states (`JobStatus`). */
  readonly states?: readonly JobStateName[];
  /** Only jobs whose target is of one of these types, e.g. `ProtectionEntity`, `RecoveryPlan`. */
  readonly targetTypes?: readonly string[];
  /** Only jobs on items of this fabric (its ARM ID; `FabricId`). */
  readonly fabricId?: string;
  /** Only jobs of this kind, e.g. `PlannedFailover`, `ReverseReplicate` (`JobName`). */
  readonly scenarioName?: string;
}

const joined = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(",") : undefined;

/** The `$filter` for `filter`, or `undefined` when it narrows nothing (then send none). */
export function jobListFilterText(filter: JobListFilter): string | undefined {
  const terms: Record<JobFilterProperty, string | undefined> = {
    StartTime: filter.startedAtOrAfter?.toISOString(),
    EndTime: filter.startedAtOrBefore?.toISOString(),
    JobStatus: joined(filter.states),
    AffectedObjectTypes: joined(filter.targetTypes),
    FabricId: filter.fabricId,
    JobName: filter.scenarioName,
  };
  return formatODataFilter(terms);
}
