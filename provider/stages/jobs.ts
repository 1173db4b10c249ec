/**
 * Waiting for Site Recovery jobs (those the run's actions started, those found running after an
 * interruption, those suspended for "complete failover"), and turning jobs into timeline entries.
 *
 * Every job is awaited through the vault's watcher: one jobs list per interval serves every job
 * of every plan of the process, instead of a status read per job per interval.
 */
import type { Job } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient, StartedJob } from "../client";
import type { StepKind } from "../stageModel";
import type { Clock } from "../waits";
import { vaultWatchFor } from "../watch/registry";
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
  /** Called with every changed read (progress lines). */
  readonly onRead?: (job: Job) => void;
}

/** True once a job no longer changes without a caller's action. */
export function isSettled(job: Job): boolean {
  return settledStates.has(job.properties?.state ?? "");
}

/**
 * Awaits the job until it is settled (terminal or suspended) and returns it; `job` is its name or
 * ARM ID, or what an action's answer told about it.
 */
export async function awaitJob(
  client: AsrClient,
  job: string | StartedJob,
  options: AwaitJobOptions,
): Promise<Job> {
  const started = typeof job === "string" ? { jobName: jobNameOf(job) } : job;
  const watch = vaultWatchFor(client, { clock: options.clock, intervalInMs: options.intervalInMs });
  const settled = await watch.awaitJob({
    ...started,
    isDone: isSettled,
    ...(options.onRead ? { onChange: options.onRead } : {}),
    ...(options.abortSignal ? { signal: options.abortSignal } : {}),
  });
  options.onRead?.(settled);
  return settled;
}

function iso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) || date.getTime() <= 0 ? undefined : date.toISOString();
}

/** How long an ended job took, in milliseconds, by Site Recovery's times; undefined while it runs. */
export function jobDurationMs(job: Job): number | undefined {
  const start = job.properties?.startTime ? new Date(job.properties.startTime).getTime() : Number.NaN;
  const end = job.properties?.endTime ? new Date(job.properties.endTime).getTime() : Number.NaN;
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
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
  const durationMs = jobDurationMs(job);
  const durationInSeconds = durationMs !== undefined ? Math.round(durationMs / 1000) : undefined;
  return {
    target,
    step,
    jobName: job.name ?? "(unnamed)",
    state: job.properties?.state ?? "Unknown",
    ...(startTime ? { startTime } : {}),
    ...(endTime ? { endTime } : {}),
    ...(durationInSeconds !== undefined ? { durationInSeconds } : {}),
    ...(extra.resumed ? { resumed: true } : {}),
  };
}
