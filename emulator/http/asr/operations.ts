/**
 * Operation status and results: the `Azure-AsyncOperation` and `Location` URLs of every 202 the
 * Site Recovery routes answer (an item action's result lives below the item, as recorded).
 */
import type { OperationStatusView } from "../../store/worldStore";
import { type EmulatorRequest, type EmulatorResponse, ok } from "../context";
import type { Route } from "../router";
import { ITEM, iso, retryAfter, VAULT, vaultPath } from "./common";
import { jobJson } from "./jobs";
import { itemJson } from "./protectedItems";
import { planJson } from "./recoveryPlans";

/** The body of an `Azure-AsyncOperation` status URL. */
export function operationStatusJson(statusPath: string, status: OperationStatusView) {
  return {
    id: statusPath,
    name: status.id,
    status: status.status,
    startTime: iso(status.startTimeMs),
    endTime: iso(status.endTimeMs),
    error: status.error
      ? { code: status.error.code, message: status.error.message, details: [{ ...status.error }] }
      : undefined,
  };
}

function resolveResult(request: EmulatorRequest, reference: string): unknown {
  const store = request.services.store;
  const nowMs = store.nowMs();
  const [kind, name] = [
    reference.slice(0, reference.indexOf(":")),
    reference.slice(reference.indexOf(":") + 1),
  ];
  if (kind === "item") return itemJson(store.state, store.state.items[name]!, nowMs);
  if (kind === "plan") return planJson(store.state, store.findPlan(name), nowMs);
  return jobJson(store.state, store.findJob(name), nowMs);
}

function operationStatus(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const operation = store.findOperation(request.params["operationId"]!);
  let status = store.operationStatus(operation);
  const advance = request.services.settings.advanceOnPollSeconds;
  if (status.status === "InProgress" && advance > 0) {
    store.clock.advance(advance);
    status = store.operationStatus(operation);
  }
  return {
    status: 200,
    headers: status.status === "InProgress" ? retryAfter(request) : {},
    body: operationStatusJson(`${vaultPath(request)}/replicationOperationStatus/${operation.id}`, status),
  };
}

function operationResult(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const operation = store.findOperation(request.params["operationId"]!);
  const status = store.operationStatus(operation);
  if (status.status === "InProgress") return { status: 202, headers: retryAfter(request) };
  if (!operation.resultPath) return { status: 204 };
  return ok(resolveResult(request, operation.resultPath));
}

/** The operation status and result routes. */
export const operationRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${VAULT}/replicationOperationStatus/{operationId}`,
    operation: "OperationStatus_Get",
    handler: operationStatus,
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationOperationResults/{operationId}`,
    operation: "OperationResults_Get",
    handler: operationResult,
  },
  {
    method: "GET",
    pattern: `${ITEM}/operationresults/{operationId}`,
    operation: "OperationResults_Get",
    handler: operationResult,
  },
];
