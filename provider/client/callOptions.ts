/**
 * Per-call cancellation: every client call takes an optional AbortSignal and a timeout; both end
 * up in one signal handed to the SDK (requests and pollers honour it).
 */

/** Options every client call accepts. */
export interface CallOptions {
  /** Cancels the call (and stops polling). */
  readonly abortSignal?: AbortSignal;
  /** Gives up after this many milliseconds (default: the client's request or action timeout). */
  readonly timeoutInMs?: number;
}

/** Options of calls that start a long-running action. */
export interface ActionOptions extends CallOptions {
  /** Called after every poll of the operation (tests move the emulator's clock here). */
  readonly onPoll?: () => void;
  /** Called once the job of the action is known (before waiting for it). */
  readonly onJobStarted?: (jobName: string) => void;
}

/** One signal from the caller's signal and a timeout. */
export function callSignal(options: CallOptions | undefined, defaultTimeoutInMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(options?.timeoutInMs ?? defaultTimeoutInMs);
  return options?.abortSignal ? AbortSignal.any([options.abortSignal, timeout]) : timeout;
}
