/**
 * `ReplicationJobs_List`'s `$filter`: which jobs a filter keeps. The property names are the SDK's
 * `JobQueryParameter`; their meaning is documented only loosely ("date time to get jobs from",
 * "… up to"), so several rules below are inferred and say so.
 */
import { FabricIdCodec, type JobFilterProperty } from "asr-contract";
import { z } from "zod";
import { type JobState, jobStatusAt } from "../../model/jobs";
import { containerOfItem, type JobRecord, type WorldState } from "../../model/world";
import type { EmulatorRequest } from "../context";
import { type ListFilter, readListFilter } from "../listFilter";
import { same } from "./common";

const JOB_STATES: readonly JobState[] = [
  "NotStarted",
  "InProgress",
  "Succeeded",
  "Failed",
  "Cancelled",
  "Suspended",
];

const instant = z.string().transform((text, context) => {
  const ms = Date.parse(text);
  if (Number.isFinite(ms)) return ms;
  context.addIssue({ code: "custom", message: `is not a date-time ('${text}')` });
  return z.NEVER;
});

/**
 * A comma-separated list. Older Site Recovery clients send `JobStatus` and `AffectedObjectTypes`
 * as lists (Az PowerShell's query object holds `List<string>`); one value or several joined by
 * commas is inferred as the wire form.
 */
const list = z.string().transform((text) =>
  text
    .split(",")
    .map((value) => value.trim())
    .filter((value) => value !== ""),
);

const states = list.transform((values, context) =>
  values.map((value) => {
    const state = JOB_STATES.find((candidate) => same(candidate, value));
    if (state) return state;
    // An unknown state is refused rather than matching nothing, so a typo is not read as "no jobs".
    context.addIssue({ code: "custom", message: `names '${value}', not one of ${JOB_STATES.join(", ")}` });
    return z.NEVER;
  }),
);

/** The properties the jobs list filters on and how each value is read. */
export const JOB_FILTER = {
  StartTime: instant,
  EndTime: instant,
  JobStatus: states,
  AffectedObjectTypes: list,
  FabricId: z.string(),
  JobName: z.string(),
} satisfies Record<JobFilterProperty, z.ZodType<unknown, string>>;

/** A read jobs filter. */
export type JobFilter = ListFilter<typeof JOB_FILTER>;

/** The request's jobs filter; refuses one the list cannot honour. */
export function readJobFilter(request: EmulatorRequest): JobFilter {
  return readListFilter(request, JOB_FILTER);
}

/** The fabrics a job concerns: those of the items it acts on. */
function jobFabricNames(world: WorldState, job: JobRecord): string[] {
  return job.itemNames.map((itemName) => containerOfItem(world.scenario, itemName).fabricName);
}

/** True when `job` passes every term of `filter` at `nowMs` (the state is the one answered then). */
export function jobMatchesFilter(
  world: WorldState,
  job: JobRecord,
  filter: JobFilter,
  nowMs: number,
): boolean {
  // "Date time to get jobs from" / "… up to": both bound the job's start, as Az PowerShell's help
  // says of -StartTime ("jobs that started after") and -EndTime ("jobs that started before");
  // inclusive bounds are inferred.
  if (filter.StartTime !== undefined && job.startMs < filter.StartTime) return false;
  if (filter.EndTime !== undefined && job.startMs > filter.EndTime) return false;
  if (filter.JobStatus && !filter.JobStatus.includes(jobStatusAt(job, nowMs).state)) return false;
  // `Any` matches every type (Microsoft's own tests send it); otherwise the job's target type
  // (`ProtectionEntity`, `RecoveryPlan`, …) must be listed.
  const types = filter.AffectedObjectTypes;
  if (types && !types.some((type) => same(type, "Any") || same(type, job.targetInstanceType))) return false;
  if (filter.FabricId !== undefined) {
    // The fabric's ARM ID or, inferred, its bare name.
    const fabricName = FabricIdCodec.tryParse(filter.FabricId)?.fabricName ?? filter.FabricId;
    if (!jobFabricNames(world, job).some((name) => same(name, fabricName))) return false;
  }
  // The job's kind (`scenarioName`: PlannedFailover, ReverseReplicate, …) — inferred: the job's own
  // name is a GUID that a GET reads directly, so a list filter on it would be pointless.
  if (filter.JobName !== undefined && !same(job.scenarioName, filter.JobName)) return false;
  return true;
}
