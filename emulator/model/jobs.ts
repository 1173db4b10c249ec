/**
 * Job state as a function of the clock. A job is a list of phases with simulated durations; its
 * state is never stored, so advancing the clock is all it takes to move jobs along.
 */
import type { JobRecord } from "./world";

/** Site Recovery job states. */
export type JobState = "NotStarted" | "InProgress" | "Succeeded" | "Failed" | "Cancelled" | "Suspended";

/** The derived state of a job at a point in simulated time. */
export interface JobStatus {
  readonly state: JobState;
  readonly stateDescription: string;
  /** Phase running (or failed / suspended after) at that time; -1 before the first. */
  readonly phaseIndex: number;
  /** Start of each phase that has started, in simulated epoch milliseconds. */
  readonly phaseStartsMs: readonly number[];
  /** When the job reached its terminal state (terminal states only). */
  readonly endMs?: number;
  /** When the job suspended (Suspended only). */
  readonly suspendedAtMs?: number;
}

/** True for states after which nothing changes. */
export function isTerminal(state: JobState): boolean {
  return state === "Succeeded" || state === "Failed" || state === "Cancelled";
}

/** Derives a job's state at `nowMs`. */
export function jobStatusAt(job: JobRecord, nowMs: number): JobStatus {
  const starts: number[] = [];
  let cursor = job.startMs;
  for (let index = 0; index < job.phases.length; index++) {
    const phase = job.phases[index]!;
    if (job.cancelledAtMs !== undefined && job.cancelledAtMs <= cursor && nowMs >= job.cancelledAtMs) {
      return {
        state: "Cancelled",
        stateDescription: "Cancelled",
        phaseIndex: index - 1,
        phaseStartsMs: starts,
        endMs: job.cancelledAtMs,
      };
    }
    if (nowMs < cursor) {
      return {
        state: "InProgress",
        stateDescription: "InProgress",
        phaseIndex: index - 1,
        phaseStartsMs: starts,
      };
    }
    starts.push(cursor);
    const phaseEnd = cursor + phase.durationMs;
    if (job.cancelledAtMs !== undefined && job.cancelledAtMs < phaseEnd && nowMs >= job.cancelledAtMs) {
      return {
        state: "Cancelled",
        stateDescription: "Cancelled",
        phaseIndex: index,
        phaseStartsMs: starts,
        endMs: job.cancelledAtMs,
      };
    }
    if (job.failure?.phaseIndex === index && nowMs >= phaseEnd) {
      return {
        state: "Failed",
        stateDescription: "Failed",
        phaseIndex: index,
        phaseStartsMs: starts,
        endMs: phaseEnd,
      };
    }
    if (nowMs < phaseEnd) {
      return {
        state: "InProgress",
        stateDescription: "InProgress",
        phaseIndex: index,
        phaseStartsMs: starts,
      };
    }
    cursor = phaseEnd;
    if (phase.suspendAfter) {
      if (job.resumedAtMs === undefined || nowMs < job.resumedAtMs) {
        if (job.cancelledAtMs !== undefined && nowMs >= job.cancelledAtMs) {
          return {
            state: "Cancelled",
            stateDescription: "Cancelled",
            phaseIndex: index,
            phaseStartsMs: starts,
            endMs: job.cancelledAtMs,
          };
        }
        return {
          state: "Suspended",
          stateDescription: "WaitingForManualAction",
          phaseIndex: index,
          phaseStartsMs: starts,
          suspendedAtMs: phaseEnd,
        };
      }
      cursor = Math.max(cursor, job.resumedAtMs);
    }
  }
  if (job.cancelledAtMs !== undefined && job.cancelledAtMs <= cursor && nowMs >= job.cancelledAtMs) {
    return {
      state: "Cancelled",
      stateDescription: "Cancelled",
      phaseIndex: job.phases.length - 1,
      phaseStartsMs: starts,
      endMs: job.cancelledAtMs,
    };
  }
  if (nowMs < cursor) {
    return {
      state: "InProgress",
      stateDescription: "InProgress",
      phaseIndex: job.phases.length - 1,
      phaseStartsMs: starts,
    };
  }
  return {
    state: "Succeeded",
    stateDescription: "Completed",
    phaseIndex: job.phases.length - 1,
    phaseStartsMs: starts,
    endMs: cursor,
  };
}

/** Actions a caller may take on a job in this state (`allowedActions`). */
export function allowedJobActions(job: JobRecord, status: JobStatus): string[] {
  switch (status.state) {
    case "InProgress":
    case "NotStarted":
      return ["Cancel"];
    case "Suspended":
      return ["Cancel", "Resume"];
    case "Failed":
    case "Cancelled":
      return job.action === "configure" ? [] : ["Restart"];
    default:
      return [];
  }
}

/** Total simulated length of a job's phases (without any suspension). */
export function totalDurationMs(job: Pick<JobRecord, "phases">): number {
  return job.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
}
