/**
 * Waiting for something the service does on its own time (a process server registering, a
 * master target heartbeating) with a timeout and progress lines. The clock and the pause between
 * polls are injectable so tests drive the emulator's simulated clock instead of sleeping.
 */
import { getProviderSettings } from "../../config";
import { reportProgress } from "./progress";

/** Milliseconds per minute, for timeouts given in minutes. */
export const MS_PER_MINUTE = 60_000;

/** How waits read time and pause. */
export interface WaitClock {
  /** Current time in milliseconds. */
  now(): number;
  /** Pauses about `ms` milliseconds between polls. */
  pause(ms: number): Promise<void>;
}

const realClock: WaitClock = {
  now: () => Date.now(),
  pause: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

let clock: WaitClock = realClock;

/** Uses `replacement` for every wait (tests advance the emulator clock in `pause`); `undefined` restores. */
export function setWaitClockForTesting(replacement: WaitClock | undefined): void {
  clock = replacement ?? realClock;
}

/** The clock waits use (also the "now" of heartbeat ages). */
export function waitClock(): WaitClock {
  return clock;
}

/** A wait that ran out of time; the message names what was awaited, how long, and what to check. */
export class WaitTimeoutError extends Error {
  override readonly name = "WaitTimeoutError";
}

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
  const started = clock.now();
  const interval = options.pollIntervalInMs ?? getProviderSettings().pollIntervalInMs;
  const progressEvery = options.progressEveryInMs ?? MS_PER_MINUTE;
  let lastProgress = Number.NEGATIVE_INFINITY;
  for (;;) {
    const value = await options.poll();
    if (value !== undefined) return value;
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutInMs) {
      throw new WaitTimeoutError(
        `${options.object}: no ${options.what} after ${formatDuration(elapsed)} (timeout ${formatDuration(options.timeoutInMs)}); ${options.fixOnTimeout}`,
      );
    }
    if (elapsed - lastProgress >= progressEvery) {
      lastProgress = elapsed;
      reportProgress(
        options.object,
        `waiting for ${options.what} (${formatDuration(elapsed)} of at most ${formatDuration(options.timeoutInMs)})`,
      );
    }
    await clock.pause(interval);
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
