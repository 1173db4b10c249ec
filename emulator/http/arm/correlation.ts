/**
 * The request and correlation IDs ARM puts on every answer: `x-ms-request-id` is new for each
 * request, `x-ms-correlation-request-id` echoes the client's when it sent one (ARM keeps one
 * correlation ID across the calls of an operation) and is new otherwise.
 */
import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** The IDs of one request. */
export interface RequestIds {
  /** `x-ms-request-id`. */
  readonly requestId: string;
  /** `x-ms-correlation-request-id`. */
  readonly correlationId: string;
  /** The client's `x-ms-client-request-id`, when it sent one (Site Recovery names it in its errors). */
  readonly clientRequestId?: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text && text.trim().length > 0 ? text.trim() : undefined;
}

/** The IDs for a request with these headers. */
export function requestIds(headers: IncomingHttpHeaders): RequestIds {
  return {
    requestId: randomUUID(),
    correlationId: header(headers, "x-ms-correlation-request-id") ?? randomUUID(),
    clientRequestId: header(headers, "x-ms-client-request-id"),
  };
}

/** The headers every answer carries. */
export function idHeaders(ids: RequestIds): Record<string, string> {
  return { "x-ms-request-id": ids.requestId, "x-ms-correlation-request-id": ids.correlationId };
}
