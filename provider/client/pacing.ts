/**
 * Pacing within ARM's request buckets, so a healthy run is never throttled.
 *
 * ARM counts a principal's requests per subscription in token buckets (reads: 250, refilled at 25
 * a second; writes: 200, refilled at 10 a second) and answers every request with what is left
 * (`x-ms-ratelimit-remaining-subscription-reads` / `-writes` / `-deletes`). A failback of a
 * thousand VMs sends a thousand reprotects at once if its concurrency allows; ARM would answer
 * most of them 429. The pacing policy keeps a local copy of each bucket, lowers it to what ARM
 * says is left (other tools of the same principal spend the same bucket), and holds a request back
 * while the bucket is down to its reserve, until the refill makes room.
 *
 * A 429 that comes anyway (another tool emptied the bucket) empties the local bucket and holds
 * every request of its kind back for the answer's `Retry-After`; the 429 itself is retried by the
 * pipeline's own retry policy, which honours `Retry-After`: this policy never sends a request
 * again.
 */
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from "@azure/core-rest-pipeline";
import { type Clock, waitClock } from "../waits";

/** Name of {@link pacingPolicy}. */
export const pacingPolicyName = "asrFailbackPacingPolicy";

/** The bucket a request is counted in, as ARM names them in its headers. */
export type RequestKind = "reads" | "writes" | "deletes";

/** Size and refill of one bucket. */
export interface BucketSize {
  /** Requests the full bucket allows at once. */
  readonly burst: number;
  /** Requests added back per second. */
  readonly refillPerSecond: number;
}

/**
 * ARM's buckets per principal and subscription (Azure Resource Manager throttling, token bucket
 * algorithm). Deletes have a bucket and a header of their own; their size is not published
 * beside the other two and is inferred to be the writes' one.
 */
export const ARM_BUCKETS: Readonly<Record<RequestKind, BucketSize>> = {
  reads: { burst: 250, refillPerSecond: 25 },
  writes: { burst: 200, refillPerSecond: 10 },
  deletes: { burst: 200, refillPerSecond: 10 },
};

/**
 * Share of a bucket left untouched: room for the other tools of the principal and for requests
 * sent while an answer telling the bucket's level is still on its way.
 */
export const RESERVE_SHARE = 0.1;

/** The kind of a request: GET and HEAD read, DELETE deletes, everything else writes. */
export function requestKindOf(method: string): RequestKind {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "HEAD") return "reads";
  return upper === "DELETE" ? "deletes" : "writes";
}

/** The local copy of one bucket. */
class Bucket {
  private tokens: number;
  private refilledAtMs: number;
  private heldUntilMs = 0;
  /** Requests sent and not answered yet. */
  inFlight = 0;
  private readonly reserve: number;

  constructor(
    private readonly size: BucketSize,
    nowMs: number,
  ) {
    this.tokens = size.burst;
    this.refilledAtMs = nowMs;
    this.reserve = Math.ceil(size.burst * RESERVE_SHARE);
  }

  private refill(nowMs: number): void {
    const elapsedMs = Math.max(0, nowMs - this.refilledAtMs);
    this.tokens = Math.min(this.size.burst, this.tokens + (elapsedMs / 1000) * this.size.refillPerSecond);
    this.refilledAtMs = nowMs;
  }

  /**
   * Takes a token for one request and answers how long to hold it back, in milliseconds: none
   * while the bucket is above its reserve, then the time the refill needs to bring it back there
   * (each request later in the queue waits one refill step more).
   */
  take(nowMs: number): number {
    this.refill(nowMs);
    this.tokens -= 1;
    const heldMs = Math.max(0, this.heldUntilMs - nowMs);
    const shortfall = this.reserve - this.tokens;
    const refillMs = shortfall > 0 ? (shortfall / this.size.refillPerSecond) * 1000 : 0;
    return Math.max(heldMs, Math.ceil(refillMs));
  }

  /**
   * ARM said `remaining` are left after this request: the local copy follows it, less the
   * requests still on their way (ARM's count is the truth; the local refill only estimates it
   * between answers, and another tool may have spent part of it).
   */
  observeRemaining(remaining: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.min(this.size.burst, remaining - this.inFlight);
  }

  /** A 429: nothing is left, and nothing of this kind goes before `retryAfterMs` passed. */
  observeThrottled(retryAfterMs: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.min(this.tokens, 0);
    this.heldUntilMs = Math.max(this.heldUntilMs, nowMs + retryAfterMs);
  }
}

/** What a pacer did, for tests and benchmarks. */
export interface PacingCounts {
  /** Requests held back, and for how long in all (milliseconds of the wait clock). */
  held: number;
  heldForMs: number;
  /** 429 answers seen. */
  throttled: number;
}

/** The buckets of one principal and subscription. */
export class RequestPacer {
  private readonly buckets = new Map<RequestKind, Bucket>();
  readonly counts: PacingCounts = { held: 0, heldForMs: 0, throttled: 0 };

  constructor(
    private readonly sizes: Readonly<Record<RequestKind, BucketSize>> = ARM_BUCKETS,
    private readonly clock: () => Clock = waitClock,
  ) {}

  private bucket(kind: RequestKind): Bucket {
    let bucket = this.buckets.get(kind);
    if (!bucket) {
      bucket = new Bucket(this.sizes[kind], this.clock().now());
      this.buckets.set(kind, bucket);
    }
    return bucket;
  }

  /** Sends `request` through `next` once its bucket has room, and learns from the answer. */
  async send(
    request: PipelineRequest,
    next: (request: PipelineRequest) => Promise<PipelineResponse>,
  ): Promise<PipelineResponse> {
    const kind = requestKindOf(request.method);
    const bucket = this.bucket(kind);
    const clock = this.clock();
    const holdMs = bucket.take(clock.now());
    if (holdMs > 0) {
      this.counts.held += 1;
      this.counts.heldForMs += holdMs;
      // The SDKs hand the caller's AbortSignal through as an `AbortSignalLike`.
      await clock.sleep(holdMs, request.abortSignal as AbortSignal | undefined);
    }
    bucket.inFlight += 1;
    let response: PipelineResponse;
    try {
      response = await next(request);
    } finally {
      bucket.inFlight -= 1;
    }
    this.learn(kind, response);
    return response;
  }

  private learn(kind: RequestKind, response: PipelineResponse): void {
    const nowMs = this.clock().now();
    for (const observed of ["reads", "writes", "deletes"] as const) {
      // The principal's bucket, and the subscription's that every principal spends (other tools
      // emptying it throttle this one too): whichever has less left.
      const known = [
        `x-ms-ratelimit-remaining-subscription-${observed}`,
        `x-ms-ratelimit-remaining-subscription-global-${observed}`,
      ]
        .map((name) => Number(response.headers.get(name) ?? Number.NaN))
        .filter(Number.isFinite);
      if (known.length > 0) this.bucket(observed).observeRemaining(Math.min(...known), nowMs);
    }
    if (response.status === 429) {
      this.counts.throttled += 1;
      this.bucket(kind).observeThrottled(retryAfterMsOf(response), nowMs);
    }
  }
}

/** `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` (seconds or a date), in milliseconds. */
function retryAfterMsOf(response: PipelineResponse): number {
  for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
    const value = Number(response.headers.get(name) ?? Number.NaN);
    if (Number.isFinite(value)) return Math.max(0, value);
  }
  const header = response.headers.get("retry-after");
  if (header === undefined) return 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const dateMs = Date.parse(header);
  return Number.isFinite(dateMs) ? Math.max(0, dateMs - Date.now()) : 0;
}

const pacers = new Map<string, RequestPacer>();

/**
 * The pacer of the buckets `endpoint` and `subscriptionId` share: every client of the process
 * (Site Recovery, Network, Compute) spends the same principal's buckets.
 */
export function pacerFor(endpoint: string, subscriptionId: string): RequestPacer {
  const key = `${endpoint}|${subscriptionId}`.toLowerCase();
  let pacer = pacers.get(key);
  if (!pacer) {
    pacer = new RequestPacer();
    pacers.set(key, pacer);
  }
  return pacer;
}

/** Forgets every pacer (tests: a fresh provider process). */
export function resetPacersForTesting(): void {
  pacers.clear();
}

/**
 * The policy: added after the retry phase, so every attempt the retry policy makes is paced and
 * every answer, a 429 included, is seen before the retry policy decides.
 */
export function pacingPolicy(pacer: RequestPacer): PipelinePolicy {
  return {
    name: pacingPolicyName,
    sendRequest: (request, next) => pacer.send(request, next),
  };
}
