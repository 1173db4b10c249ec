/**
 * The scenario's `throttling` block: ARM's subscription request limits the emulator enforces.
 * ARM throttles with token buckets per subscription, principal, region and kind of operation
 * (reads, writes, deletes), and a second, subscription-wide bucket shared by every principal
 * that is a multiple of the principal's ("Understand how Azure Resource Manager throttles
 * requests", regional throttling and token bucket algorithm). The defaults are ARM's published
 * limits; a scenario or a start option may change or disable them.
 */
import { z } from "zod";

/** One kind of operation's bucket: how many requests it holds and how fast it refills. */
export const BucketLimits = z.strictObject({
  bucketSize: z
    .number()
    .int()
    .positive()
    .describe("Tokens the bucket holds when full: the burst a principal may send at once."),
  refillPerSecond: z.number().positive().describe("Tokens added per simulated second, up to `bucketSize`."),
});
export type BucketLimits = z.infer<typeof BucketLimits>;

/** ARM's per-principal read bucket: 250 tokens, 25 a second. */
export const DEFAULT_READ_LIMITS: BucketLimits = { bucketSize: 250, refillPerSecond: 25 };
/** ARM's per-principal write bucket: 200 tokens, 10 a second. */
export const DEFAULT_WRITE_LIMITS: BucketLimits = { bucketSize: 200, refillPerSecond: 10 };
/** ARM's per-principal delete bucket: 200 tokens, 10 a second. */
export const DEFAULT_DELETE_LIMITS: BucketLimits = { bucketSize: 200, refillPerSecond: 10 };
/** ARM's subscription-wide bucket is 15 times a principal's, in size and refill rate. */
export const DEFAULT_SUBSCRIPTION_MULTIPLIER = 15;

/** The `throttling` block of a scenario (every key optional: ARM's limits fill in). */
export const Throttling = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe("Enforce the limits; `false` answers every request and sends no rate-limit headers."),
  reads: BucketLimits.default(DEFAULT_READ_LIMITS).describe(
    "Bucket of GET and HEAD requests (ARM: 250, 25 a second).",
  ),
  writes: BucketLimits.default(DEFAULT_WRITE_LIMITS).describe(
    "Bucket of PUT, PATCH and POST requests (ARM: 200, 10 a second).",
  ),
  deletes: BucketLimits.default(DEFAULT_DELETE_LIMITS).describe(
    "Bucket of DELETE requests (ARM: 200, 10 a second).",
  ),
  subscriptionMultiplier: z
    .number()
    .positive()
    .default(DEFAULT_SUBSCRIPTION_MULTIPLIER)
    .describe(
      "Size and refill rate of the subscription-wide bucket, as a multiple of a principal's (ARM: 15).",
    ),
});
/** Throttling limits with the defaults filled in. */
export type Throttling = z.infer<typeof Throttling>;
/** Throttling limits as written in a scenario or passed as an option. */
export type ThrottlingInput = z.input<typeof Throttling>;

/** ARM's limits, enabled: what a scenario without a `throttling` block gets. */
export const DEFAULT_THROTTLING: Throttling = Throttling.parse({});
