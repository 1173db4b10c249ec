/**
 * Waiting for what Site Recovery does on its own time: a job found running, replication, a
 * recovery point, a Mobility agent, a process server or master target registering.
 *
 * Jobs and protected items the stage machine awaits are watched vault-wide (`provider/watch`);
 * everything else waits here, in one poll loop and one retry loop, on one injectable clock that
 * the watcher sleeps on as well. Like core-lro's poller the loop
 * reads, decides, and sleeps with `node:timers/promises` on the caller's `AbortSignal`; the clock
 * is injectable so tests (and the emulator's simulated time) never sleep for real.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import { WaitTimeoutError } from "./errors";

/** Milliseconds per minute, for timeouts and windows given in minutes. */
export const MS_PER_MINUTE = 60_000;

/** How waits read the time and pause. */
export interface Clock {
  /** Current time, in milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after about `ms` milliseconds; rejects with the signal's reason as soon as `signal`
   * aborts (a fake clock may resolve at once instead: the loops check the signal after sleeping).
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock: `Date.now()` and a timer that an `AbortSignal` cancels. */
export const realClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    try {
      await sleepFor(ms, undefined, signal ? { signal } : {});
    } catch (error) {
      // Callers see why the wait stopped (a run's timeout), not the timer's generic AbortError.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  },
};

let processClock: Clock = realClock;

/** The clock of this provider process: the wall clock unless a test injected another. */
export function waitClock(): Clock {
  return processClock;
}

/** Uses `replacement` for every wait of the process (tests); `undefined` restores the wall clock. */
export function setWaitClockForTesting(replacement: Clock | undefined): void {
  processClock = replacement ?? realClock;
}

/** Where a wait stands after a read, for progress lines. */
export interface PollStatus {
  /** The read ends the wait. */
  readonly done: boolean;
  /** Time since the wait began, in milliseconds of the wait's clock. */
  readonly elapsedInMs: number;
}

/** Options of {@link poll}. */
export interface PollOptions<T> {
  /** The object waited on, for the timeout error: `process server ps-01`. */
  readonly object: string;
  /** What is awaited, as a phrase after "no": `registration with the configuration server`. */
  readonly what: string;
  /** One read of the awaited state. */
  read(): Promise<T>;
  /** Whether a read ends the wait. */
  isDone(value: T): boolean;
  /**
   * Pause before the next read, in milliseconds; a function of the last read honours a
   * service-suggested interval (Retry-After).
   */
  readonly intervalInMs: number | ((last: T) => number);
  /**
   * Clock time (milliseconds since the epoch) after which an unfinished wait fails with a
   * {@link WaitTimeoutError}; without it the wait lasts until done or aborted.
   */
  readonly deadlineMs?: number;
  /** What to do when the deadline passes (ends the timeout error's message). */
  readonly fixOnTimeout?: string;
  /** Default: {@link waitClock}. */
  readonly clock?: Clock;
  /** Stops the wait: it rejects with the signal's reason and reads no more. */
  readonly signal?: AbortSignal;
  /** Called after every read, the last one included (progress lines). */
  readonly onProgress?: (value: T, status: PollStatus) => void;
}

/**
 * Reads until `isDone` holds and returns that read, sleeping `intervalInMs` between reads on the
 * clock. Rejects with a {@link WaitTimeoutError} when a read that is not done comes at or after
 * the deadline, and with the signal's reason as soon as `signal` aborts.
 */
export async function poll<T>(options: PollOptions<T>): Promise<T> {
  const clock = options.clock ?? waitClock();
  const { signal } = options;
  const startedMs = clock.now();
  for (;;) {
    signal?.throwIfAborted();
    const value = await options.read();
    const elapsedInMs = clock.now() - startedMs;
    if (options.isDone(value)) {
      options.onProgress?.(value, { done: true, elapsedInMs });
      return value;
    }
    if (options.deadlineMs !== undefined && startedMs + elapsedInMs >= options.deadlineMs) {
      const fix = options.fixOnTimeout ? `; ${options.fixOnTimeout}` : "";
      throw new WaitTimeoutError(
        `${options.object}: no ${options.what} after ${formatDuration(elapsedInMs)} (timeout ${formatDuration(options.deadlineMs - startedMs)})${fix}`,
      );
    }
    options.onProgress?.(value, { done: false, elapsedInMs });
    const intervalInMs =
      typeof options.intervalInMs === "function" ? options.intervalInMs(value) : options.intervalInMs;
    await clock.sleep(Math.max(0, intervalInMs), signal);
  }
}

/** What a failed attempt of {@link retryWithBackoff} is told. */
export interface RetryContext {
  /** Number of the attempt that failed, from 1. */
  readonly attempt: number;
  /** Attempts still allowed after this one (0: this was the last). */
  readonly attemptsLeft: number;
  /** Pause before the next attempt, in milliseconds. */
  readonly delayInMs: number;
}

/** Options of {@link retryWithBackoff}. */
export interface RetryOptions<T> {
  /** One attempt; `attempt` counts from 1. */
  attempt(attempt: number): Promise<T>;
  /**
   * Decides after a failed attempt: throw (the error given or a better-worded one) to give up,
   * return to try again after the backoff. When no attempt is left and it returns, the attempt's
   * error is thrown.
   */
  onFailure(error: unknown, context: RetryContext): void | Promise<void>;
  /** Pause before the second attempt, in milliseconds; each later pause is {@link factor} times longer. */
  readonly firstDelayInMs: number;
  /** Default 2. */
  readonly factor?: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Default: {@link waitClock}. */
  readonly clock?: Clock;
  /** Stops the retries: rejects with the signal's reason and attempts no more. */
  readonly signal?: AbortSignal;
}

/** Runs `attempt` until it succeeds, pausing with exponential backoff on the clock between failures. */
export async function retryWithBackoff<T>(options: RetryOptions<T>): Promise<T> {
  const clock = options.clock ?? waitClock();
  const { signal } = options;
  let delayInMs = Math.max(0, options.firstDelayInMs);
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await options.attempt(attempt);
    } catch (error) {
      const attemptsLeft = Math.max(0, options.maxAttempts - attempt);
      await options.onFailure(error, { attempt, attemptsLeft, delayInMs });
      if (attemptsLeft === 0) throw error;
    }
    await clock.sleep(delayInMs, signal);
    delayInMs *= options.factor ?? 2;
  }
}

/** `90_000` → `1 min 30 s`; `45_000` → `45 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
