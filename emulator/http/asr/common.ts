/**
 * What every Site Recovery kind module shares: the vault's path patterns, the vault scope of its
 * IDs, the IDs other kinds refer to, the health error shape and the 202 answer of an operation.
 */
import {
  JobIdCodec,
  PolicyIdCodec,
  ProtectedItemIdCodec,
  RecoveryPlanIdCodec,
  RecoveryPointIdCodec,
} from "asr-contract";
import type { ArmErrorDetail } from "../../errors";
import type { ItemAction } from "../../model/actions";
import type { Scenario } from "../../model/scenario";
import { containerOfItem, type OperationRecord, type WorldState } from "../../model/world";
import type { RequestBodyCheck } from "../arm/requestContent";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Handler, Route } from "../router";

/** Vault prefix of every Site Recovery path. */
export const VAULT =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}";
/** Path of one fabric. */
export const FABRIC = `${VAULT}/replicationFabrics/{fabricName}`;
/** Path of one protection container. */
export const CONTAINER = `${FABRIC}/replicationProtectionContainers/{containerName}`;
/** Path of one protected item. */
export const ITEM = `${CONTAINER}/replicationProtectedItems/{itemName}`;

export const GB = 1024 ** 3;
export const MINUTE_MS = 60_000;

/** ARM names compare case-insensitively. */
export const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** ISO time of a simulated instant (`undefined` stays absent). */
export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The vault scope of every Site Recovery ID. */
export interface VaultScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vaultName: string;
}

/** The vault scope of a scenario. */
export function vaultScope(scenario: Scenario): VaultScope {
  return {
    subscriptionId: scenario.subscriptionId,
    resourceGroup: scenario.resourceGroup,
    vaultName: scenario.vault.name,
  };
}

/** ARM ID of a protected item. */
export function itemId(world: WorldState, itemName: string): string {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return ProtectedItemIdCodec.format({ ...vaultScope(world.scenario), fabricName, containerName, itemName });
}

/** ARM ID of one of an item's recovery points. */
export function recoveryPointId(world: WorldState, itemName: string, recoveryPointName: string): string {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return RecoveryPointIdCodec.format({
    ...vaultScope(world.scenario),
    fabricName,
    containerName,
    itemName,
    recoveryPointName,
  });
}

/** ARM ID of a job. */
export function jobId(world: WorldState, jobName: string): string {
  return JobIdCodec.format({ ...vaultScope(world.scenario), jobName });
}

/** ARM ID of a policy. */
export function policyId(world: WorldState, policyName: string): string {
  return PolicyIdCodec.format({ ...vaultScope(world.scenario), policyName });
}

/** ARM ID of a recovery plan. */
export function planId(world: WorldState, planName: string): string {
  return RecoveryPlanIdCodec.format({ ...vaultScope(world.scenario), recoveryPlanName: planName });
}

/** A health error of a fabric, vCenter, appliance component or item. */
export function healthErrorJson(
  failure: ArmErrorDetail,
  entityId: string,
  nowMs: number,
  errorLevel: "Error" | "Warning" | "Critical" = "Error",
) {
  return {
    errorCode: failure.code,
    errorMessage: failure.message,
    summaryMessage: failure.message,
    possibleCauses: failure.possibleCauses ?? "",
    recommendedAction: failure.recommendedAction ?? "",
    errorLevel,
    entityId,
    creationTimeUtc: iso(nowMs),
    customerResolvability: "Allowed",
  };
}

/** The vault's path in Site Recovery's casing (`/Subscriptions/...`). */
export function vaultPath(request: EmulatorRequest): string {
  const scope = vaultScope(request.services.store.state.scenario);
  return `/Subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${scope.vaultName}`;
}

/** The `Retry-After` header the emulator's settings ask for. */
export function retryAfter(request: EmulatorRequest): Record<string, string> {
  return { "Retry-After": String(request.services.settings.retryAfterSeconds) };
}

/**
 * 202 with the LRO headers of an operation: `Azure-AsyncOperation` and `Retry-After`, as
 * Microsoft's published examples show them. An operation that starts a job names the job's ARM ID
 * in `x-ms-request-id`, as the service does. Only when the emulator is asked for `Location` too
 * (`locationOnAccepted`) is the final result offered at `{resultScope}/operationresults/{id}`
 * when a scope is given (an item action: the item's ID, as recorded), else at the vault's
 * `replicationOperationResults`.
 */
export function accepted(
  request: EmulatorRequest,
  operation: OperationRecord,
  resultScope?: string,
): EmulatorResponse {
  const base = request.services.baseUrl();
  const apiVersion = request.query.get("api-version") ?? "2023-06-01";
  const vault = vaultPath(request);
  const headers: Record<string, string> = {
    "Azure-AsyncOperation": `${base}${vault}/replicationOperationStatus/${operation.id}?api-version=${apiVersion}`,
    ...retryAfter(request),
  };
  if (operation.resultPath && request.services.settings.locationOnAccepted) {
    headers["Location"] = resultScope
      ? `${base}${resultScope}/operationresults/${operation.id}?api-version=${apiVersion}`
      : `${base}${vault}/replicationOperationResults/${operation.id}?api-version=${apiVersion}`;
  }
  if (operation.startsJob && operation.jobName)
    headers["x-ms-request-id"] = jobId(request.services.store.state, operation.jobName);
  return { status: 202, headers };
}

/** 202 for a configuration change that completes at once (policies, mappings). */
export function acceptedAtOnce(request: EmulatorRequest): EmulatorResponse {
  return accepted(request, request.services.store.startTimedOperation(0));
}

/**
 * An action route of items or plans: path segment, operation name, the action it starts and what
 * its request body is checked against.
 */
export type ActionRoute = readonly [
  segment: string,
  operation: string,
  action: ItemAction,
  requestBody: RequestBodyCheck,
];

/** The POST routes below `pattern` that start actions; each counts in the exactly-once log. */
export function actionRoutes(
  pattern: string,
  actions: readonly ActionRoute[],
  handlerFor: (action: ItemAction) => Handler,
): Route[] {
  return actions.map(([segment, operation, action, requestBody]) => ({
    method: "POST",
    pattern: `${pattern}/${segment}`,
    operation,
    action: true,
    requestBody,
    handler: handlerFor(action),
  }));
}
