/**
 * Emulator-only routes under `/_emulator/` for out-of-process tests (the real `pulumi` CLI
 * driving the provider): read the request log, move the clock, configure faults, read ARM's
 * throttle or load it as other principals would, change a fact of the world, and see
 * corruptions. They need the same bearer token as the ARM routes; ARM's throttle skips them.
 */
import { z } from "zod";
import { Errors } from "../../errors";
import type { FaultRuleInput } from "../../faults";
import { EMULATOR_ADMIN_BODY } from "../arm/requestContent";
import { SubscriptionDrain } from "../arm/throttling";
import { type EmulatorRequest, ok } from "../context";
import type { Route } from "../router";

function objectBody(request: EmulatorRequest): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== "object" || Array.isArray(body))
    throw Errors.invalidRequestBody("a JSON object is required");
  return body as Record<string, unknown>;
}

function throttleJson(request: EmulatorRequest) {
  const throttle = request.services.throttle;
  return {
    limits: throttle.settings,
    remaining: throttle.remaining(),
    throttledCount: request.services.log.throttledCount(),
  };
}

function clockJson(request: EmulatorRequest) {
  const clock = request.services.store.clock;
  return { simulatedTime: clock.now().toISOString(), timeScale: clock.timeScale };
}

/** The admin route table. */
export const adminRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/_emulator/requests",
    operation: "Emulator_Requests",
    unscoped: true,
    handler: (request) => ok(request.services.log.toJSON()),
  },
  {
    method: "DELETE",
    pattern: "/_emulator/requests",
    operation: "Emulator_ClearRequests",
    unscoped: true,
    handler: (request) => {
      request.services.log.clear();
      return { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/clock",
    operation: "Emulator_Clock",
    unscoped: true,
    handler: (request) => ok(clockJson(request)),
  },
  {
    method: "POST",
    pattern: "/_emulator/clock/advance",
    operation: "Emulator_AdvanceClock",
    unscoped: true,
    requestBody: EMULATOR_ADMIN_BODY,
    handler: (request) => {
      const body = objectBody(request);
      const seconds = Number(
        body["seconds"] ??
          (typeof body["minutes"] === "number" ? (body["minutes"] as number) * 60 : Number.NaN),
      );
      if (!Number.isFinite(seconds) || seconds < 0)
        throw Errors.invalidRequestBody("give seconds (or minutes) >= 0");
      request.services.store.clock.advance(seconds);
      return ok(clockJson(request));
    },
  },
  {
    method: "POST",
    pattern: "/_emulator/clock/timeScale",
    operation: "Emulator_SetTimeScale",
    unscoped: true,
    requestBody: EMULATOR_ADMIN_BODY,
    handler: (request) => {
      const timeScale = Number(objectBody(request)["timeScale"]);
      try {
        request.services.store.clock.setTimeScale(timeScale);
      } catch (error) {
        throw Errors.invalidRequestBody((error as Error).message);
      }
      return ok(clockJson(request));
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/faults",
    operation: "Emulator_Faults",
    unscoped: true,
    handler: (request) => ok({ rules: request.services.faults.list() }),
  },
  {
    method: "POST",
    pattern: "/_emulator/faults",
    operation: "Emulator_AddFaults",
    unscoped: true,
    requestBody: EMULATOR_ADMIN_BODY,
    handler: (request) => {
      const rules = objectBody(request)["rules"];
      if (!Array.isArray(rules)) throw Errors.invalidRequestBody("rules must be an array");
      try {
        request.services.faults.add(rules as FaultRuleInput[]);
      } catch (error) {
        throw Errors.invalidRequestBody((error as Error).message);
      }
      return ok({ rules: request.services.faults.list() });
    },
  },
  {
    method: "DELETE",
    pattern: "/_emulator/faults",
    operation: "Emulator_ClearFaults",
    unscoped: true,
    handler: (request) => {
      request.services.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/throttling",
    operation: "Emulator_Throttling",
    unscoped: true,
    handler: (request) => ok(throttleJson(request)),
  },
  {
    method: "POST",
    pattern: "/_emulator/throttling/drain",
    operation: "Emulator_DrainSubscriptionBucket",
    unscoped: true,
    requestBody: EMULATOR_ADMIN_BODY,
    handler: (request) => {
      const drain = SubscriptionDrain.safeParse(objectBody(request));
      if (!drain.success) throw Errors.invalidRequestBody(z.prettifyError(drain.error));
      request.services.throttle.drainSubscription(drain.data);
      return ok(throttleJson(request));
    },
  },
  {
    method: "GET",
    pattern: "/_emulator/state",
    operation: "Emulator_State",
    unscoped: true,
    handler: (request) => ok(request.services.store.summary()),
  },
  {
    method: "GET",
    pattern: "/_emulator/corruptions",
    operation: "Emulator_Corruptions",
    unscoped: true,
    handler: (request) => ok({ corruptions: request.services.store.corruptions() }),
  },
  {
    method: "POST",
    pattern: "/_emulator/scenario/patch",
    operation: "Emulator_PatchScenario",
    unscoped: true,
    requestBody: EMULATOR_ADMIN_BODY,
    handler: (request) => {
      const body = objectBody(request);
      if (typeof body["path"] !== "string")
        throw Errors.invalidRequestBody("path must be a string like vCenters[0].connected");
      request.services.store.patchScenario(body["path"], body["value"]);
      return ok(request.services.store.summary());
    },
  },
];
