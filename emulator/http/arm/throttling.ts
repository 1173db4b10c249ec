/**
 * ARM's subscription throttling, as ARM applies it since its move to regional token buckets
 * ("Understand how Azure Resource Manager throttles requests"): every request to a subscription
 * takes one token from its principal's bucket for its kind of operation (reads, writes, deletes)
 * and one from the subscription-wide bucket every principal shares; when either is empty, ARM
 * answers 429 `SubscriptionRequestsThrottled` with a `Retry-After` and the resource provider never
 * sees the request. Buckets are also per region; the emulator serves one region (its scenario's
 * location), so one set of buckets per principal is enough.
 *
 * Buckets refill on the emulator's simulated clock, so a test that advances the clock refills
 * them and a time scale makes refill as fast as everything else in the world.
 */
import { z } from "zod";
import { type ArmError, Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { BucketLimits, Throttling } from "../../model/scenarioThrottling";

/** The kind of operation a request is, which picks its bucket. */
export const OperationKind = z.enum(["reads", "writes", "deletes"]);
export type OperationKind = z.infer<typeof OperationKind>;

/** GET and HEAD are reads, DELETE a delete, everything else (PUT, PATCH, POST) a write. */
export function operationKindOf(method: string): OperationKind {
  const upper = method.toUpperCase();
  if (upper === "GET" || upper === "HEAD") return "reads";
  if (upper === "DELETE") return "deletes";
  return "writes";
}

/**
 * The principal a bearer token stands for, as a GUID (ARM names the actor's object ID in its
 * throttling message). Derived from the token so the token itself never appears in an answer.
 */
export function principalIdOf(bearerToken: string): string {
  return guidFrom("principal", bearerToken);
}

/** The simulated clock, as the throttle reads it. */
export interface TimeSource {
  /** Simulated time in epoch milliseconds. */
  nowMs(): number;
  /** Simulated seconds per real second; 0 when time only moves by explicit advances. */
  readonly timeScale: number;
}

/** Other principals taking tokens from the subscription bucket at a steady rate until a time. */
interface SustainedDrain {
  readonly tokensPerSecond: number;
  readonly untilMs: number;
}

/** One token bucket, refilled lazily whenever it is read. */
class TokenBucket {
  private tokens: number;
  private updatedAtMs: number;
  private drain: SustainedDrain | undefined;

  constructor(
    private readonly limits: BucketLimits,
    nowMs: number,
  ) {
    this.tokens = limits.bucketSize;
    this.updatedAtMs = nowMs;
  }

  /** Whole tokens left now: what ARM's remaining-requests headers report. */
  remaining(nowMs: number): number {
    this.refill(nowMs);
    return Math.floor(this.tokens);
  }

  /** Whether a token is there now (without taking it). */
  hasToken(nowMs: number): boolean {
    this.refill(nowMs);
    return this.tokens >= 1;
  }

  /** Takes one token; the caller has checked {@link hasToken}. */
  take(): void {
    this.tokens -= 1;
  }

  /** Takes `count` tokens at once (down to empty), as another tool's burst would. */
  takeBurst(count: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens = Math.max(0, this.tokens - count);
  }

  /** From now on, takes `tokensPerSecond` until `untilMs` (another tool's steady load). */
  drainSteadily(drain: SustainedDrain, nowMs: number): void {
    this.refill(nowMs);
    this.drain = drain;
  }

  /** Simulated seconds until a whole token is back (0 when one is there). */
  secondsUntilToken(nowMs: number): number {
    this.refill(nowMs);
    const missing = 1 - this.tokens;
    if (missing <= 0) return 0;
    const rate = this.limits.refillPerSecond;
    if (!this.drain) return missing / rate;
    const drainSeconds = (this.drain.untilMs - nowMs) / 1000;
    const netRate = rate - this.drain.tokensPerSecond;
    if (netRate > 0 && missing / netRate <= drainSeconds) return missing / netRate;
    const gained = Math.max(0, netRate * drainSeconds);
    return drainSeconds + (missing - gained) / rate;
  }

  private refill(nowMs: number): void {
    if (nowMs <= this.updatedAtMs) return;
    // A steady drain lowers the refill rate while it lasts; the bucket cannot go below empty in
    // between, so that stretch is settled (and clamped) before the plain refill after it.
    if (this.drain) {
      const drainEndMs = Math.min(nowMs, this.drain.untilMs);
      const seconds = (drainEndMs - this.updatedAtMs) / 1000;
      this.addTokens(seconds * (this.limits.refillPerSecond - this.drain.tokensPerSecond));
      this.updatedAtMs = drainEndMs;
      if (drainEndMs >= this.drain.untilMs) this.drain = undefined;
    }
    this.addTokens(((nowMs - this.updatedAtMs) / 1000) * this.limits.refillPerSecond);
    this.updatedAtMs = nowMs;
  }

  private addTokens(count: number): void {
    this.tokens = Math.min(this.limits.bucketSize, Math.max(0, this.tokens + count));
  }
}

/** The three buckets of one principal, or of the whole subscription. */
type BucketSet = Record<OperationKind, TokenBucket>;

/** What the throttle says about a request. */
export interface ThrottleDecision {
  /** ARM's remaining-requests headers for the request's kind, on every answer. */
  readonly headers: Readonly<Record<string, string>>;
  /** The 429 to answer instead of serving the request; absent when it may pass. */
  readonly refusal?: ArmError;
}

/** Remaining tokens per kind of operation. */
export type RemainingTokens = Record<OperationKind, number>;

/** A burst and optional steady load of other principals on the subscription bucket (a "429 storm"). */
export const SubscriptionDrain = z.strictObject({
  /** The bucket drained. */
  kind: OperationKind,
  /** Tokens taken at once (down to empty). */
  tokens: z.number().int().nonnegative().default(0),
  /** Tokens taken every simulated second from now on, for `durationInSeconds`. */
  tokensPerSecond: z.number().nonnegative().default(0),
  /** How long the steady load lasts, in simulated seconds. */
  durationInSeconds: z.number().nonnegative().default(0),
});
/** A drain as requested (defaults optional). */
export type SubscriptionDrainInput = z.input<typeof SubscriptionDrain>;

/** The emulator's ARM throttle: buckets per principal and for the subscription. */
export class ArmThrottle {
  private readonly principals = new Map<string, BucketSet>();
  private subscription: BucketSet;

  constructor(
    private readonly limits: Throttling,
    private readonly clock: TimeSource,
    private readonly subscriptionId: string,
  ) {
    this.subscription = this.bucketSet(limits.subscriptionMultiplier);
  }

  /** Whether limits are enforced at all. */
  get enabled(): boolean {
    return this.limits.enabled;
  }

  /** The limits in force. */
  get settings(): Throttling {
    return this.limits;
  }

  /**
   * Admits a request of `method` from `principalId` (taking a token from its bucket and the
   * subscription's) or refuses it with ARM's 429; either way with the remaining-requests headers.
   */
  admit(principalId: string, method: string): ThrottleDecision {
    if (!this.limits.enabled) return { headers: {} };
    const kind = operationKindOf(method);
    const nowMs = this.clock.nowMs();
    const principal = this.principalBuckets(principalId)[kind];
    const subscription = this.subscription[kind];
    const principalHasToken = principal.hasToken(nowMs);
    const subscriptionHasToken = subscription.hasToken(nowMs);
    if (principalHasToken && subscriptionHasToken) {
      principal.take();
      subscription.take();
      return { headers: remainingHeaders(kind, principal.remaining(nowMs), subscription.remaining(nowMs)) };
    }
    // ARM's Retry-After is the wait until both buckets have a token again, in whole seconds. A
    // client waits it out on its own clock, as it does every other Retry-After of the emulator
    // (1 s of it is timeScale simulated seconds), so a running clock divides the simulated wait
    // by its scale; a frozen one moves only when advanced, so the simulated wait is all there is.
    const waitSimulatedSeconds = Math.max(
      principal.secondsUntilToken(nowMs),
      subscription.secondsUntilToken(nowMs),
    );
    const secondsPerClientSecond = this.clock.timeScale > 0 ? this.clock.timeScale : 1;
    const retryAfterSeconds = Math.max(1, Math.ceil(waitSimulatedSeconds / secondsPerClientSecond));
    const headers = remainingHeaders(kind, principal.remaining(nowMs), subscription.remaining(nowMs));
    const refusal = Errors.subscriptionRequestsThrottled({
      kind,
      subscriptionId: this.subscriptionId,
      principalId: principalHasToken ? undefined : principalId,
      retryAfterSeconds,
      headers,
    });
    return { headers, refusal };
  }

  /** Other principals' load on the subscription bucket (a "429 storm"). */
  drainSubscription(input: SubscriptionDrainInput): void {
    const drain = SubscriptionDrain.parse(input);
    const nowMs = this.clock.nowMs();
    const bucket = this.subscription[drain.kind];
    bucket.takeBurst(drain.tokens, nowMs);
    if (drain.tokensPerSecond > 0 && drain.durationInSeconds > 0) {
      bucket.drainSteadily(
        { tokensPerSecond: drain.tokensPerSecond, untilMs: nowMs + drain.durationInSeconds * 1000 },
        nowMs,
      );
    }
  }

  /** Remaining tokens now: the subscription's and each principal's that has sent a request. */
  remaining(): { subscription: RemainingTokens; principals: Record<string, RemainingTokens> } {
    const nowMs = this.clock.nowMs();
    const of = (set: BucketSet): RemainingTokens => ({
      reads: set.reads.remaining(nowMs),
      writes: set.writes.remaining(nowMs),
      deletes: set.deletes.remaining(nowMs),
    });
    const principals: Record<string, RemainingTokens> = {};
    for (const [id, set] of this.principals) principals[id] = of(set);
    return { subscription: of(this.subscription), principals };
  }

  private principalBuckets(principalId: string): BucketSet {
    let set = this.principals.get(principalId);
    if (!set) {
      set = this.bucketSet(1);
      this.principals.set(principalId, set);
    }
    return set;
  }

  private bucketSet(multiplier: number): BucketSet {
    const nowMs = this.clock.nowMs();
    const scaled = (limits: BucketLimits): BucketLimits => ({
      bucketSize: Math.round(limits.bucketSize * multiplier),
      refillPerSecond: limits.refillPerSecond * multiplier,
    });
    return {
      reads: new TokenBucket(scaled(this.limits.reads), nowMs),
      writes: new TokenBucket(scaled(this.limits.writes), nowMs),
      deletes: new TokenBucket(scaled(this.limits.deletes), nowMs),
    };
  }
}

/**
 * ARM's remaining-requests headers: the principal's bucket as
 * `x-ms-ratelimit-remaining-subscription-<kind>` and the subscription-wide one as
 * `x-ms-ratelimit-remaining-subscription-global-<kind>` (a first read answers 249 and 3749).
 */
export function remainingHeaders(
  kind: OperationKind,
  principalRemaining: number,
  subscriptionRemaining: number,
): Record<string, string> {
  return {
    [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(principalRemaining),
    [`x-ms-ratelimit-remaining-subscription-global-${kind}`]: String(subscriptionRemaining),
  };
}
