/**
 * Turning ARM / Site Recovery errors into messages a person can act on. Every failure of a
 * client call becomes an {@link AzureCallError} carrying the code, and a message of the form
 * `failing over vm-web-1: 78093 the Azure VM is not running; start it in the Azure portal and retry`.
 */
import type { Job } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import { AzureCallError } from "../errors";
import { guidanceByCode } from "./guidance";

/** What was being done, for messages: `failing over` + `vm-web-1`. */
export interface CallContext {
  readonly action: string;
  readonly target: string;
  readonly jobName?: string;
}

const lroFailure = /The long-running operation has failed\. ([^.]+)\. ([\s\S]*)$/;

/** Code and message of any error the SDKs throw. */
export function errorCodeAndMessage(error: unknown): { code: string; message: string; statusCode?: number } {
  if (error instanceof AzureCallError)
    return { code: error.code, message: error.message, statusCode: error.statusCode };
  const candidate = error as {
    code?: unknown;
    statusCode?: unknown;
    message?: unknown;
    name?: unknown;
    details?: unknown;
  };
  const message = typeof candidate?.message === "string" ? candidate.message : String(error);
  if (candidate?.name === "AbortError")
    return { code: "Cancelled", message: "the call was cancelled or timed out" };
  const lro = lroFailure.exec(message);
  if (lro) return { code: lro[1]!.trim(), message: lro[2]!.trim() };
  const statusCode = typeof candidate?.statusCode === "number" ? candidate.statusCode : undefined;
  // The Site Recovery SDK (core-client) keeps the body as `details.body`; the modular Network
  // SDK deserializes it into `details` itself.
  const details = candidate?.details as { error?: ArmErrorBody; body?: { error?: ArmErrorBody } } | undefined;
  const armError = details?.error ?? details?.body?.error;
  const code =
    (typeof candidate?.code === "string" && candidate.code) ||
    armError?.code ||
    (statusCode ? `Http${statusCode}` : "Unknown");
  const service = serviceError(code, armError);
  if (service) return { ...service, statusCode };
  return { code, message: armError?.message ?? message, statusCode };
}

/** `error` of an ARM error body. */
interface ArmErrorBody {
  readonly code?: string;
  readonly message?: string;
  readonly details?: readonly { readonly code?: unknown; readonly message?: unknown }[];
}

/**
 * Site Recovery's own code and message when the answer carries them below ARM's generic
 * `BadRequest` (`error.details[0]`, as the service answers); `undefined` when the code is in
 * `error.code` itself (older answers and ARM's own errors), which the caller reads as is.
 */
function serviceError(
  code: string,
  error: ArmErrorBody | undefined,
): { code: string; message: string } | undefined {
  if (code !== "BadRequest") return undefined;
  const detail = error?.details?.[0];
  if (typeof detail?.code !== "string" || detail.code.length === 0) return undefined;
  const message = typeof detail.message === "string" ? detail.message : (error?.message ?? "");
  return { code: detail.code, message };
}

/** Formats `failing over vm-web-1: 78093 the Azure VM is not running; start it ... and retry`. */
export function guidanceMessage(context: CallContext, code: string, message: string): string {
  const guidance = guidanceByCode[code];
  if (guidance) return `${context.action} ${context.target}: ${code} ${guidance.cause}; ${guidance.fix}`;
  return `${context.action} ${context.target}: ${code} ${message}`;
}

/** Wraps any SDK error in an {@link AzureCallError} with the guidance message. */
export function toAzureCallError(error: unknown, context: CallContext): AzureCallError {
  if (error instanceof AzureCallError) return error;
  const { code, message, statusCode } = errorCodeAndMessage(error);
  return new AzureCallError(
    guidanceMessage(context, code, message),
    code,
    statusCode,
    context.jobName,
    error,
  );
}

/** True for a 404 (read turns it into "gone", delete tolerates it). */
export function isNotFound(error: unknown): boolean {
  const statusCode = (error as { statusCode?: unknown })?.statusCode;
  return statusCode === 404;
}

/**
 * Throws the {@link AzureCallError} an action's poller would have thrown when the job it started
 * ended `Failed` or `Cancelled` (Site Recovery's code and message from the job's first error, with
 * the guidance for the code); returns for any other state.
 */
export function throwIfJobFailed(job: Job, context: CallContext): void {
  const state = job.properties?.state;
  if (state !== "Failed" && state !== "Cancelled") return;
  const details = job.properties?.errors?.[0]?.serviceErrorDetails;
  const code = details?.code ?? (state === "Cancelled" ? AsrErrorCodes.jobCancelled : `Job${state}`);
  const message = details?.message ?? `job ${job.name ?? context.jobName} ended ${state}`;
  throw new AzureCallError(guidanceMessage(context, code, message), code, undefined, context.jobName, job);
}
