/**
 * The provider's error types, in one place. Messages follow the house style: they name the rule
 * ID, the object, the cause and the fix; a wrapped lower error keeps its message after the action
 * (`reprotecting vm-web-1: <cause>`) and its error as `cause`.
 */
import { type Guidance, guidanceByCode } from "./client/guidance";
import { formatFindings } from "./rules/catalogue";
import type { Finding } from "./rules/types";

/** An invalid client configuration; the message names each bad field (never a token's value). */
export class ClientConfigError extends Error {
  override readonly name = "ClientConfigError";
}

/** A failed Azure call, with the code and the guidance message. */
export class AzureCallError extends Error {
  override readonly name = "AzureCallError";
  constructor(
    message: string,
    /** ARM / Site Recovery error code (`78093`, `ResourceNotFound`, ...). */
    readonly code: string,
    /** HTTP status, when the call itself was refused. */
    readonly statusCode: number | undefined,
    /** Job of the action, when one was started. */
    readonly jobName: string | undefined,
    /** The error this wraps. */
    cause: unknown,
  ) {
    super(message, { cause });
  }

  /** Guidance for the code, if known. */
  get guidance(): Guidance | undefined {
    return guidanceByCode[this.code];
  }

  /** True when retrying later may succeed. */
  get retryable(): boolean {
    return this.guidance?.retryable === true;
  }
}

/** A wait that ran out of time; the message names what was awaited, how long, and what to do. */
export class WaitTimeoutError extends Error {
  override readonly name = "WaitTimeoutError";
}

/** A failure of a failback step, already worded for a person. */
export class StageError extends Error {
  override readonly name = "StageError";
}

/**
 * Prerequisites that block an action, found when the provider re-checks the live site right before
 * it acts (the site may have changed since preview). By default the message is
 * {@link formatFindings} of the blocking findings.
 */
export class PrerequisiteError extends Error {
  override readonly name = "PrerequisiteError";
  constructor(
    /** The blocking findings, each message starting with its rule ID. */
    readonly findings: readonly Finding[],
    message: string = formatFindings(findings),
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A failback plan's failure after some work was done: Pulumi records the partial outputs (init
 * error), so the next `up` updates from there.
 */
export class FailbackPlanInitError extends Error {
  override readonly name = "FailbackPlanInitError";
  constructor(
    message: string,
    /** The plan's resource ID. */
    readonly id: string,
    /** The outputs so far, recorded in state. */
    readonly properties: Record<string, unknown>,
    /** One line per failed item (or the plan). */
    readonly reasons: string[],
  ) {
    super(message);
  }
}
