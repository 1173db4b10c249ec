/**
 * Per-call cancellation: every client call takes an optional AbortSignal and a timeout; both end
 * up in one signal handed to the SDK (requests and pollers honour it).
 */
import type { Job } from "@azure/arm-recoveryservices-siterecovery";

/** Options every client call accepts. */
export interface CallOptions {
  /** Cancels the call (and stops polling). */
  readonly abortSignal?: AbortSignal;
  /** Gives up after this many milliseconds (default: the client's request or action timeout). */
  readonly timeoutInMs?: number;
}

/** What the first answer to an action tells about the job it started. */
export interface StartedJob {
  /** Name of the job (from the `Azure-AsyncOperation` URL). */
  readonly jobName: string;
  /**
   * An instant the job cannot have started before (the answer's `Date` less a margin), to narrow
   * a jobs list to it; absent when the answer carried no `Date`.
   */
  readonly startedNoEarlierThan?: Date;
  /** The answer's `Retry-After`, in milliseconds: the service asks not to be polled sooner. */
  readonly retryAfterInMs?: number;
}

/**
 * Awaits the job an action started until it is settled and returns it as last read (its state
 * `Succeeded`, `Failed`, `Cancelled` or `Suspended`).
 */
export type JobAwaiter = (job: StartedJob, abortSignal: AbortSignal) => Promise<Job>;

/** Options of calls that start a long-running action. */
export interface ActionOptions extends CallOptions {
  /** Called after every poll of the operation (tests move the emulator's clock here). */
  readonly onPoll?: () => void;
  /** Called once the job of the action is known (before waiting for it). */
  readonly onJobStarted?: (jobName: string) => void;
  /**
   * Awaits the action's job instead of the SDK poller of this one operation (item and plan
   * actions only). A caller that runs many actions at once passes a vault-wide watcher here: N
   * pollers make N status reads per interval and cannot be batched, one jobs list serves them all.
   */
  readonly awaitJob?: JobAwaiter;
}

/** One signal from the caller's signal and a timeout. */
export function callSignal(options: CallOptions | undefined, defaultTimeoutInMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(options?.timeoutInMs ?? defaultTimeoutInMs);
  return options?.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
}
