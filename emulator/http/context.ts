/**
 * What handlers receive and return. Handlers are thin: they read `params` / `body`, call the
 * store, and return a status, headers and a JSON body built by the serializers.
 */
import type { WorldFailure } from "../errors";
import type { FaultInjector } from "../faults";
import type { RequestLog } from "../requestLog";
import type { WorldStore } from "../store/worldStore";
import type { ArmThrottle } from "./arm/throttling";

/** Emulator-wide settings handlers need. */
export interface EmulatorSettings {
  /** `Retry-After` (seconds) on 202 answers; 0 lets the client's own interval rule. */
  readonly retryAfterSeconds: number;
  /** Items per page of list answers. */
  readonly pageSize: number;
  /** Simulated seconds each poll of an unfinished operation moves the clock (0: off). */
  readonly advanceOnPollSeconds: number;
  /**
   * Site Recovery's 202s carry a `Location` (final-result URL) as well as `Azure-AsyncOperation`.
   * Off by default: Microsoft's published examples of these operations show no `Location`, and
   * then an SDK poller's final result is the operation status, not the object.
   */
  readonly locationOnAccepted: boolean;
}

/** Shared services. */
export interface EmulatorServices {
  readonly store: WorldStore;
  readonly log: RequestLog;
  readonly faults: FaultInjector;
  /** ARM's token buckets (reads, writes, deletes per principal and for the subscription). */
  readonly throttle: ArmThrottle;
  readonly settings: EmulatorSettings;
  /** `http://127.0.0.1:<port>`: base of absolute links (nextLink, Azure-AsyncOperation). */
  baseUrl(): string;
}

/** A parsed request. */
export interface EmulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly body: unknown;
  readonly services: EmulatorServices;
  /** Set by fault injection: the job this request starts must fail with this error. */
  readonly forcedFailure?: WorldFailure;
  /** Handlers note here which item / plan the request concerned, for the request log. */
  readonly logTarget: { itemName?: string; planName?: string };
}

/** A handler's answer. */
export interface EmulatorResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A 200 with a JSON body. */
export function ok(body: unknown, status = 200): EmulatorResponse {
  return { status, body };
}

/**
 * A page of a list answer: `value` and, when more remain, an absolute `nextLink` with a
 * `$skiptoken` (the SDK follows it verbatim). `render` gives the JSON of each value of the page.
 */
export function page<T>(
  request: EmulatorRequest,
  values: readonly T[],
  render: (value: T) => unknown = (value) => value,
): EmulatorResponse {
  const size = request.services.settings.pageSize;
  const skip = Number.parseInt(request.query.get("$skiptoken") ?? "0", 10) || 0;
  // Only the page's own entities are rendered: rendering the whole list for each page made a
  // list of n items cost n²/pageSize renderings.
  const slice = values.slice(skip, skip + size).map(render);
  const body: { value: unknown[]; nextLink?: string } = { value: slice };
  if (skip + size < values.length) {
    const next = new URL(request.path, request.services.baseUrl());
    request.query.forEach((value, key) => {
      if (key !== "$skiptoken") next.searchParams.set(key, value);
    });
    next.searchParams.set("$skiptoken", String(skip + size));
    body.nextLink = next.toString();
  }
  return { status: 200, body };
}
