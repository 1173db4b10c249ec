/**
 * The service's time. Heartbeat ages are judged against the clock of the service that reported
 * the heartbeats, as its answers' `Date` header gives it, not against this machine's clock: a
 * skewed local clock (or the emulator's simulated time) must not make a healthy appliance or
 * master target look silent.
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { waitClock } from "../waits";

/** Name of {@link serviceClockPolicy}. */
export const serviceClockPolicyName = "asrFailbackServiceClockPolicy";

/** The last `Date` the service sent, and the wait clock's time when it arrived. */
let lastReading: { readonly serviceMs: number; readonly localMs: number } | undefined;

/**
 * The service's time now: its last answer's `Date`, advanced by the wait clock since; the wait
 * clock's time before any answer.
 */
export function serviceNow(): Date {
  const localMs = waitClock().now();
  return new Date(lastReading ? lastReading.serviceMs + (localMs - lastReading.localMs) : localMs);
}

/** Records a `Date` header; an absent or unreadable one changes nothing. */
export function recordServiceDate(header: string | undefined): void {
  const serviceMs = header === undefined ? Number.NaN : Date.parse(header);
  if (Number.isFinite(serviceMs)) lastReading = { serviceMs, localMs: waitClock().now() };
}

/** Forgets the service's time (tests). */
export function resetServiceClockForTesting(): void {
  lastReading = undefined;
}

/** Reads the `Date` header of every answer. */
export function serviceClockPolicy(): PipelinePolicy {
  return {
    name: serviceClockPolicyName,
    async sendRequest(request, next) {
      const response = await next(request);
      recordServiceDate(response.headers.get("date"));
      return response;
    },
  };
}
