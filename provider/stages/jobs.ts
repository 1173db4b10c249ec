/**
 * Waiting for Site Recovery jobs this run did not start (found running after an interruption,
 * or suspended for "complete failover"), and turning jobs into timeline entries.
 *
 * The SDK's pollers only cover operations the caller starts; a job found in `currentScenario`
 * has no poller, so it is read with `getJob` at the client's poll interval until it settles.
 * Each read goes through the pipeline, which retries throttling and transient errors itself.
 */
import type { Job } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../client";
import type { StepKind } from "../stageModel";
import { type Clock, poll } from "../waits";
import type { TimelineEntry } from "./types";

/** Job states after which the job no longer changes without a caller's action. */
const settledStates = new Set(["Succeeded", "Failed", "Cancelled", "Suspended", "Other"]);

/** Name of a job from its ARM ID or name. */
export function jobNameOf(jobIdOrName: string): string {
  return jobIdOrName.split("/").pop() ?? jobIdOrName;
}

/** Percent of a job's tasks that finished, when it has tasks. */
export function jobPercent(job: Job): number | undefined {
  const tasks = job.properties?.tasks ?? [];
  if (tasks.length === 0) return undefined;
  const done = tasks.filter((task) => task.state === "Succeeded").length;
  return Math.round((done / tasks.length) * 100);
}

/** A job's first error as `code message`, with Site Recovery's recommended action. */
export function jobErrorText(job: Job): string {
  const error = job.properties?.errors?.[0];
  const details = error?.serviceErrorDetails;
  if (!details) return `job ${job.name} ended ${job.properties?.state ?? "without a state"}`;
  const action = details.recommendedAction ? `; ${details.recommendedAction}` : "";
  return `${details.code ?? "error"} ${details.message ?? ""}${action}`.trim();
}

/** Options of {@link awaitJob}. */
export interface AwaitJobOptions {
  /** Pause between reads, in milliseconds (the provider's configurable poll interval). */
  readonly intervalInMs: number;
  /** The run's clock. */
  readonly clock: Clock;
  readonly abortSignal?: AbortSignal;
  /** Called after every read (progress lines). */
  readonly onRead?: (job: Job) => void;
}

/** Reads the job until it is settled (terminal or suspended) and returns it. */
export async function awaitJob(
  client: AsrClient,
  jobIdOrName: string,
  options: AwaitJobOptions,
): Promise<Job> {
  return poll({
    object: `job ${jobNameOf(jobIdOrName)}`,
    what: "settled state",
    read: async () => {
      const job = await client.getJob(jobIdOrName, { abortSignal: options.abortSignal });
      if (!job) throw new Error(`internal error: job ${jobNameOf(jobIdOrName)} disappeared while awaited`);
      return job;
    },
    isDone: (job) => settledStates.has(job.properties?.state ?? ""),
    intervalInMs: options.intervalInMs,
    clock: options.clock,
    signal: options.abortSignal,
    onProgress: options.onRead,
  });
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) || date.getTime() <= 0 ? undefined : date.toISOString();
}

/** A timeline entry from a job as read. */
export function timelineEntry(
  target: string,
  step: StepKind,
  job: Job,
  extra: { resumed?: boolean } = {},
): TimelineEntry {
  const startTime = iso(job.properties?.startTime);
  const endTime = iso(job.properties?.endTime);
  const durationInSeconds =
    startTime && endTime ? Math.round((Date.parse(endTime) - Date.parse(startTime)) / 1000) : undefined;
  return {
    target,
    step,
    jobName: job.name ?? "(unnamed)",
    ...(job.id ? { jobId: job.id } : {}),
    state: job.properties?.state ?? "Unknown",
    ...(startTime ? { startTime } : {}),
    ...(endTime ? { endTime } : {}),
    ...(durationInSeconds !== undefined ? { durationInSeconds } : {}),
    ...(extra.resumed ? { resumed: true } : {}),
  };
}
