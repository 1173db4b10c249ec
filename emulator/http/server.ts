/**
 * The HTTP server: authenticate, route, throttle, inject faults, check the ARM scope, run the
 * handler, write the answer, log it. Binds 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AsrErrorCode } from "asr-contract";
import { ArmError, Errors, worldFailure } from "../errors";
import { idHeaders, type RequestIds, requestIds } from "./arm/correlation";
import { checkCreatedName } from "./arm/names";
import { checkApiVersion, unmatchedPathError } from "./arm/requestChecks";
import { checkRequestContent } from "./arm/requestContent";
import { principalIdOf } from "./arm/throttling";
import type { EmulatorRequest, EmulatorResponse, EmulatorServices } from "./context";
import { knownResourceGroups } from "./network";
import type { Router } from "./router";

/** ARM's limit on a request body (the ARM RPC's "maximum request body size"). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * The body as text. A body over the limit is read to its end and dropped, then refused with
 * ARM's 413: closing the connection mid-upload would reach the client as a reset, not an answer.
 */
function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(Errors.requestContentTooLarge());
      else resolve(Buffer.concat(chunks).toString("utf8"));
    });
    request.on("error", reject);
  });
}

function checkScope(services: EmulatorServices, params: Record<string, string>): void {
  const scenario = services.store.state.scenario;
  const subscriptionId = params["subscriptionId"];
  if (
    subscriptionId !== undefined &&
    subscriptionId.toLowerCase() !== scenario.subscriptionId.toLowerCase()
  ) {
    throw Errors.subscriptionNotFound(subscriptionId);
  }
  const resourceGroup = params["resourceGroupName"];
  if (resourceGroup !== undefined && !knownResourceGroups(scenario).has(resourceGroup.toLowerCase())) {
    throw Errors.resourceGroupNotFound(resourceGroup);
  }
  const vaultName = params["vaultName"];
  if (vaultName !== undefined) {
    const vaultHere =
      vaultName.toLowerCase() === scenario.vault.name.toLowerCase() &&
      resourceGroup?.toLowerCase() === scenario.resourceGroup.toLowerCase();
    if (!vaultHere) throw Errors.resourceNotFound("Microsoft.RecoveryServices/vaults", vaultName);
  }
}

function send(
  response: ServerResponse,
  answer: EmulatorResponse,
  ids: RequestIds,
  rateLimitHeaders: Readonly<Record<string, string>> = {},
): void {
  // An answer may name its own request ID (an action names its job's ARM ID there, as the service does).
  const headers: Record<string, string> = {
    ...idHeaders(ids),
    ...rateLimitHeaders,
    ...(answer.headers ?? {}),
  };
  let payload: string | undefined;
  if (answer.body !== undefined) {
    payload = JSON.stringify(answer.body);
    headers["Content-Type"] = "application/json; charset=utf-8";
    headers["Content-Length"] = String(Buffer.byteLength(payload));
  } else {
    headers["Content-Length"] = "0";
  }
  response.writeHead(answer.status, headers);
  response.end(payload);
}

function errorAnswer(error: unknown, ids: RequestIds): EmulatorResponse {
  const armError =
    error instanceof ArmError
      ? error
      : Errors.internal(error instanceof Error ? error.message : String(error));
  return { status: armError.statusCode, headers: armError.headers, body: armError.toBody(ids) };
}

/**
 * Creates the server (not yet listening). `acceptedTokens` are the bearer tokens of the principals
 * it serves; the set may grow while it runs.
 */
export function createEmulatorServer(
  router: Router,
  services: EmulatorServices,
  acceptedTokens: ReadonlySet<string>,
): Server {
  const server = createServer(async (incoming, response) => {
    const ids = requestIds(incoming.headers);
    // Like any HTTP server, ARM dates its answers with its own time: here the simulated time, so
    // clients that judge heartbeat ages against the service's clock see the world's time.
    response.setHeader("Date", services.store.clock.now().toUTCString());
    const method = (incoming.method ?? "GET").toUpperCase();
    const url = new URL(incoming.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const logTarget: { itemName?: string; planName?: string } = {};
    let operation = "Unknown";
    let action = false;
    let fault: string | undefined;
    let throttled = false;
    let rateLimitHeaders: Readonly<Record<string, string>> = {};
    let answer: EmulatorResponse;
    const log = (statusCode: number) =>
      services.log.record({
        method,
        path,
        operation,
        statusCode,
        itemName: logTarget.itemName,
        planName: logTarget.planName,
        action,
        fault,
        throttled,
        realTimeMs: Date.now(),
        simulatedTime: services.store.clock.now().toISOString(),
      });

    if (path === "/_emulator/health") {
      send(response, { status: 200, body: { status: "ok" } }, ids);
      return;
    }
    try {
      const authorization = incoming.headers.authorization ?? "";
      if (!authorization.toLowerCase().startsWith("bearer ")) throw Errors.missingToken();
      const bearerToken = authorization.slice(7).trim();
      if (!acceptedTokens.has(bearerToken)) throw Errors.invalidToken();

      const match = router.match(method, path);
      // The emulator's own admin routes are no ARM paths: ARM's checks (and its throttle) skip them.
      const armPath = !path.startsWith("/_emulator/") && (match.kind !== "found" || !match.route.unscoped);
      // Named before the throttle so a refused request is logged under its operation too.
      if (match.kind === "found") operation = match.route.operation;
      if (armPath) {
        // ARM throttles before anything else looks at the request: a refused one reaches no handler.
        const decision = services.throttle.admit(principalIdOf(bearerToken), method);
        rateLimitHeaders = decision.headers;
        if (decision.refusal) {
          throttled = true;
          throw decision.refusal;
        }
      }
      if (armPath) checkApiVersion(path, url.searchParams);
      if (match.kind === "notFound") throw unmatchedPathError(router, method, path, url.searchParams);
      if (match.kind === "methodNotAllowed") throw Errors.methodNotAllowed(method, path);
      const { route, params } = match;
      operation = route.operation;
      action = route.action === true;

      let forcedFailure: EmulatorRequest["forcedFailure"];
      if (!route.unscoped) {
        const rule = services.faults.decide(route.operation);
        if (rule) {
          fault = rule.kind;
          switch (rule.kind) {
            case "reset":
              log(0);
              incoming.socket.destroy();
              return;
            case "throttle": {
              const throttled = Errors.throttled(rule.retryAfterSeconds);
              const headers: Record<string, string> = { ...throttled.headers };
              if (rule.retryAfterMs !== undefined) headers["retry-after-ms"] = String(rule.retryAfterMs);
              throw new ArmError(429, throttled.code, throttled.message, [], headers);
            }
            case "serverError":
              throw Errors.serverError(500);
            case "serviceUnavailable":
              throw Errors.serverError(503);
            case "slow":
              await new Promise((resolve) => setTimeout(resolve, rule.delayMs));
              break;
            case "failJob":
              forcedFailure = worldFailure(rule.errorCode as AsrErrorCode, rule.errorMessage);
              break;
            case "dropAnswer":
              // Applied below; only the answer is lost.
              break;
          }
        }
        checkScope(services, params);
        checkCreatedName(method, route.pattern, params);
      }

      const text = await readBody(incoming);
      let body: unknown;
      if (text.trim().length > 0) {
        try {
          body = JSON.parse(text);
        } catch (error) {
          throw Errors.invalidRequestBody(`the body is not JSON: ${(error as Error).message}`);
        }
      }
      checkRequestContent(route.requestBody, body);
      services.store.settle();
      answer = await route.handler({
        method,
        path,
        query: url.searchParams,
        params,
        body,
        services,
        forcedFailure,
        logTarget,
      });
    } catch (error) {
      answer = errorAnswer(error, ids);
    }
    log(answer.status);
    if (response.destroyed) return;
    if (fault === "dropAnswer") {
      incoming.socket.destroy();
      return;
    }
    send(response, answer, ids, rateLimitHeaders);
  });
  server.keepAliveTimeout = 5_000;
  return server;
}
