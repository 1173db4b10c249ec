/**
 * Waiting for something the service does on its own time (a process server registering, a
 * master target heartbeating) with a timeout and progress lines, on the provider's poll interval
 * and the process's wait clock (see `provider/waits.ts`).
 */
import { getProviderSettings } from "../../config";
import { formatDuration, MS_PER_MINUTE, poll, waitClock } from "../../waits";
import { reportProgress } from "./progress";

/** Options of {@link waitFor}. */
export interface WaitOptions<T> {
  /** The object waited on, for progress lines and errors: `process server ps-01`. */
  readonly object: string;
  /** What is awaited, as a phrase: `registration with the configuration server`. */
  readonly what: string;
  /** Give up after this many milliseconds. */
  readonly timeoutInMs: number;
  /** Interval between polls; default: the provider's poll interval. */
  readonly pollIntervalInMs?: number;
  /** Minimum interval between progress lines, in milliseconds of the wait clock. */
  readonly progressEveryInMs?: number;
  /** What to do when time runs out (appended to the error). */
  readonly fixOnTimeout: string;
  /** One poll: a value ends the wait, `undefined` continues. */
  poll(): Promise<T | undefined>;
}

/** Polls until `poll` yields a value or the timeout passes; writes a progress line now and then. */
export async function waitFor<T>(options: WaitOptions<T>): Promise<T> {
  const clock = waitClock();
  const progressEvery = options.progressEveryInMs ?? MS_PER_MINUTE;
  let lastProgress = Number.NEGATIVE_INFINITY;
  const value = await poll({
    object: options.object,
    what: options.what,
    read: () => options.poll(),
    isDone: (read) => read !== undefined,
    intervalInMs: options.pollIntervalInMs ?? getProviderSettings().pollIntervalInMs,
    deadlineMs: clock.now() + options.timeoutInMs,
    fixOnTimeout: options.fixOnTimeout,
    clock,
    onProgress: (_read, { done, elapsedInMs }) => {
      if (done || elapsedInMs - lastProgress < progressEvery) return;
      lastProgress = elapsedInMs;
      reportProgress(
        options.object,
        `waiting for ${options.what} (${formatDuration(elapsedInMs)} of at most ${formatDuration(options.timeoutInMs)})`,
      );
    },
  });
  return value as T;
}
