/**
 * Fault injection: per operation, answer with 429 + Retry-After, 500, 503, a reset connection or
 * a slow answer, let the request through but make the job it starts fail, or apply the request
 * and lose its answer (the connection is reset after the world changed, as when a 202 is lost on
 * the way back and the client retries an action the service already accepted). A rule fires on a
 * sequence (`after` matching requests pass, then the next `count` fire) or by probability from a
 * seeded generator, so a failing run can be replayed.
 */
import { z } from "zod";

/** Kinds of fault. */
export const FaultKind = z.enum([
  "throttle",
  "serverError",
  "serviceUnavailable",
  "reset",
  "slow",
  "failJob",
  "dropAnswer",
]);
export type FaultKind = z.infer<typeof FaultKind>;

/** One fault rule. */
export const FaultRule = z
  .strictObject({
    /** Operation name (`ReplicationProtectedItems_Get`), a prefix ending in `*`, or `*` for all. */
    operation: z.string().min(1),
    kind: FaultKind,
    /** Matching requests that pass before the rule starts firing. */
    after: z.number().int().nonnegative().default(0),
    /** Fire on this many matching requests (sequence mode). */
    count: z.number().int().positive().optional(),
    /** Fire with this probability (probability mode). */
    probability: z.number().min(0).max(1).optional(),
    /** Seed of the probability mode's generator. */
    seed: z.number().int().default(1),
    /** `Retry-After` of a 429, in seconds. */
    retryAfterSeconds: z.number().nonnegative().default(1),
    /** `retry-after-ms` of a 429 (takes precedence in the Azure SDK), in milliseconds. */
    retryAfterMs: z.number().int().nonnegative().optional(),
    /** Delay of a slow answer, in real milliseconds. */
    delayMs: z.number().int().nonnegative().default(1000),
    /** Error code a failed job reports. */
    errorCode: z.string().default("InternalError"),
    errorMessage: z.string().default("The operation failed because of an internal error."),
  })
  .refine((rule) => rule.count !== undefined || rule.probability !== undefined, {
    message: "give count (sequence) or probability",
    path: ["count"],
  });
export type FaultRule = z.infer<typeof FaultRule>;
/** A rule as configured (defaults optional). */
export type FaultRuleInput = z.input<typeof FaultRule>;

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  fired: number;
  random: () => number;
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(pattern: string, operation: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith("*")) return operation.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase());
  return pattern.toLowerCase() === operation.toLowerCase();
}

/** The injector. */
export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** Adds rules (validated). */
  add(rules: readonly FaultRuleInput[]): void {
    for (const input of rules) {
      const rule = FaultRule.parse(input);
      this.rules.push({ rule, seen: 0, fired: 0, random: mulberry32(rule.seed) });
    }
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Rules with their counters, for the admin API. */
  list(): { rule: FaultRule; seen: number; fired: number }[] {
    return this.rules.map(({ rule, seen, fired }) => ({ rule, seen, fired }));
  }

  /** The fault to apply to a request of `operation`, if any rule fires. First matching rule wins. */
  decide(operation: string): FaultRule | undefined {
    for (const active of this.rules) {
      if (!matches(active.rule.operation, operation)) continue;
      active.seen += 1;
      if (active.seen <= active.rule.after) continue;
      if (active.rule.count !== undefined) {
        if (active.fired >= active.rule.count) continue;
        active.fired += 1;
        return active.rule;
      }
      if (active.random() < (active.rule.probability ?? 0)) {
        active.fired += 1;
        return active.rule;
      }
    }
    return undefined;
  }
}
