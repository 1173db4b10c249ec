/**
 * Site Recovery routes: fabrics, vCenters, containers, mappings, policies, protected items,
 * recovery points, recovery plans, jobs and operation status. Each handler resolves names,
 * calls the store, and serializes.
 */
import { armIdName, ContainerIdCodec, PolicyIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import type { ItemAction } from "../../model/actions";
import { containerOfItem, type ItemState, type OperationRecord } from "../../model/world";
import { bodyProperties, type EmulatorRequest, type EmulatorResponse, ok, page } from "../context";
import type { Route } from "../router";
import {
  containerJson,
  containers,
  fabricJson,
  fabricNames,
  itemJson,
  jobJson,
  mappingJson,
  operationStatusJson,
  planJson,
  policyJson,
  recoveryPointsJson,
  vaultScope,
  vCenterJson,
} from "../serialize/asr";

/** Vault prefix of every Site Recovery path. */
export const VAULT =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.RecoveryServices/vaults/{vaultName}";
const FABRIC = `${VAULT}/replicationFabrics/{fabricName}`;
const CONTAINER = `${FABRIC}/replicationProtectionContainers/{containerName}`;
const ITEM = `${CONTAINER}/replicationProtectedItems/{itemName}`;
const MAPPING = `${CONTAINER}/replicationProtectionContainerMappings/{mappingName}`;
const PLAN = `${VAULT}/replicationRecoveryPlans/{planName}`;
const JOB = `${VAULT}/replicationJobs/{jobName}`;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function vaultPath(request: EmulatorRequest): string {
  const scope = vaultScope(request.services.store.state.scenario);
  return `/Subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${scope.vaultName}`;
}

/** 202 with the LRO headers of an operation. */
export function accepted(request: EmulatorRequest, operation: OperationRecord): EmulatorResponse {
  const base = request.services.baseUrl();
  const apiVersion = request.query.get("api-version") ?? "2023-06-01";
  const vault = vaultPath(request);
  const headers: Record<string, string> = {
    "Azure-AsyncOperation": `${base}${vault}/replicationOperationStatus/${operation.id}?api-version=${apiVersion}`,
    "Retry-After": String(request.services.settings.retryAfterSeconds),
  };
  if (operation.resultPath)
    headers["Location"] =
      `${base}${vault}/replicationOperationResults/${operation.id}?api-version=${apiVersion}`;
  return { status: 202, headers };
}

function requireFabric(request: EmulatorRequest): string {
  const fabric = fabricNames(request.services.store.state.scenario).find((name) =>
    same(name, request.params["fabricName"]!),
  );
  if (!fabric) throw Errors.asrObjectNotFound("fabric", request.params["fabricName"]!);
  return fabric;
}

function requireContainer(request: EmulatorRequest) {
  const fabricName = requireFabric(request);
  const container = containers(request.services.store.state.scenario).find(
    (candidate) =>
      same(candidate.fabricName, fabricName) &&
      same(candidate.containerName, request.params["containerName"]!),
  );
  if (!container) throw Errors.asrObjectNotFound("protection container", request.params["containerName"]!);
  return container;
}

function itemsOfContainer(request: EmulatorRequest, containerName: string): ItemState[] {
  const state = request.services.store.state;
  return Object.values(state.items).filter((item) =>
    same(containerOfItem(state.scenario, item.name).containerName, containerName),
  );
}

function requireItem(request: EmulatorRequest): ItemState {
  const container = requireContainer(request);
  const item = itemsOfContainer(request, container.containerName).find((candidate) =>
    same(candidate.name, request.params["itemName"]!),
  );
  if (!item) throw Errors.asrObjectNotFound("protected item", request.params["itemName"]!);
  request.logTarget.itemName = item.name;
  return item;
}

function itemAction(action: ItemAction): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const item = requireItem(request);
    const { operation } = request.services.store.startItemAction(item.name, action, bodyProperties(request), {
      forcedFailure: request.forcedFailure,
      resultPath: `item:${item.name}`,
    });
    return accepted(request, operation);
  };
}

function planAction(action: ItemAction): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const plan = request.services.store.findPlan(request.params["planName"]!);
    request.logTarget.planName = plan.name;
    const { operation } = request.services.store.startPlanAction(plan.name, action, bodyProperties(request), {
      forcedFailure: request.forcedFailure,
      resultPath: `plan:${plan.name}`,
    });
    return accepted(request, operation);
  };
}

function jobAction(kind: "resume" | "cancel" | "restart"): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const store = request.services.store;
    const name = store.findJob(request.params["jobName"]!).name;
    const resultPath = `job:${name}`;
    const { operation } =
      kind === "resume"
        ? store.resumeJob(name, resultPath)
        : kind === "cancel"
          ? store.cancelJob(name, resultPath)
          : store.restartJob(name, resultPath);
    const job = store.state.jobs[name]!;
    request.logTarget.itemName = job.targetInstanceType === "ProtectionEntity" ? job.itemNames[0] : undefined;
    request.logTarget.planName = job.targetInstanceType === "RecoveryPlan" ? job.targetObjectName : undefined;
    return accepted(request, operation);
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
  const headers: Record<string, string> =
    status.status === "InProgress"
      ? { "Retry-After": String(request.services.settings.retryAfterSeconds) }
      : {};
  return {
    status: 200,
    headers,
    body: operationStatusJson(`${vaultPath(request)}/replicationOperationStatus/${operation.id}`, status),
  };
}

function operationResult(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const operation = store.findOperation(request.params["operationId"]!);
  const status = store.operationStatus(operation);
  if (status.status === "InProgress") {
    return { status: 202, headers: { "Retry-After": String(request.services.settings.retryAfterSeconds) } };
  }
  if (!operation.resultPath) return { status: 204 };
  return ok(resolveResult(request, operation.resultPath));
}

function putPolicy(request: EmulatorRequest, mustExist: boolean): EmulatorResponse {
  const store = request.services.store;
  const name = request.params["policyName"]!;
  if (mustExist) store.findPolicy(name);
  const properties = bodyProperties(request);
  // Create sends providerSpecificInput; update (PATCH) sends replicationProviderSettings.
  const input = properties["providerSpecificInput"] ?? properties["replicationProviderSettings"];
  if (!input || typeof input !== "object")
    throw Errors.invalidRequestBody("properties.providerSpecificInput is required");
  store.upsertPolicy(name, input as Record<string, unknown>);
  return accepted(request, store.startTimedOperation(0));
}

function putMapping(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const container = requireContainer(request);
  const properties = bodyProperties(request);
  const policyReference = properties["policyId"];
  if (typeof policyReference !== "string" || policyReference.length === 0) {
    throw Errors.invalidRequestBody("properties.policyId is required");
  }
  const policyName = PolicyIdCodec.tryParse(policyReference)?.policyName ?? armIdName(policyReference);
  const target = properties["targetProtectionContainerId"];
  const targetId = typeof target === "string" && target.length > 0 ? target : "Microsoft Azure";
  if (targetId !== "Microsoft Azure" && !ContainerIdCodec.matches(targetId)) {
    throw Errors.invalidParameter(
      `targetProtectionContainerId '${targetId}' is not a protection container ID.`,
    );
  }
  const input = properties["providerSpecificInput"];
  store.createMapping({
    fabricName: container.fabricName,
    containerName: container.containerName,
    name: request.params["mappingName"]!,
    policyName,
    targetProtectionContainerId: targetId,
    providerSpecificInput:
      input && typeof input === "object" ? (input as Record<string, unknown>) : undefined,
  });
  return accepted(request, store.startTimedOperation(0));
}

function removeMapping(request: EmulatorRequest): EmulatorResponse {
  const container = requireContainer(request);
  const store = request.services.store;
  const mapping = store.findMapping(
    container.fabricName,
    container.containerName,
    request.params["mappingName"]!,
  );
  if (!mapping)
    throw Errors.asrObjectNotFound("protection container mapping", request.params["mappingName"]!);
  store.deleteMapping(container.fabricName, container.containerName, mapping.name);
  return accepted(request, store.startTimedOperation(0));
}

/** The Site Recovery route table. */
export const asrRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${VAULT}/replicationFabrics`,
    operation: "ReplicationFabrics_List",
    handler: (request) => {
      const { state } = request.services.store;
      const nowMs = request.services.store.nowMs();
      return page(
        request,
        fabricNames(state.scenario).map((name) => fabricJson(state, name, nowMs)),
      );
    },
  },
  {
    method: "GET",
    pattern: FABRIC,
    operation: "ReplicationFabrics_Get",
    handler: (request) =>
      ok(fabricJson(request.services.store.state, requireFabric(request), request.services.store.nowMs())),
  },
  {
    method: "GET",
    pattern: `${FABRIC}/replicationvCenters`,
    operation: "ReplicationvCenters_ListByReplicationFabrics",
    handler: (request) => {
      const fabric = requireFabric(request);
      const { state } = request.services.store;
      const vCenters =
        state.scenario.configurationServer?.fabricName === fabric ? state.scenario.vCenters : [];
      return page(
        request,
        vCenters.map((vCenter) => vCenterJson(state, fabric, vCenter, request.services.store.nowMs())),
      );
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationvCenters`,
    operation: "ReplicationvCenters_List",
    handler: (request) => {
      const { state } = request.services.store;
      const fabric = state.scenario.configurationServer?.fabricName;
      const vCenters = fabric ? state.scenario.vCenters : [];
      return page(
        request,
        vCenters.map((vCenter) => vCenterJson(state, fabric!, vCenter, request.services.store.nowMs())),
      );
    },
  },
  {
    method: "GET",
    pattern: `${FABRIC}/replicationvCenters/{vCenterName}`,
    operation: "ReplicationvCenters_Get",
    handler: (request) => {
      const fabric = requireFabric(request);
      const { state } = request.services.store;
      const vCenter =
        state.scenario.configurationServer?.fabricName === fabric
          ? state.scenario.vCenters.find((candidate) => same(candidate.name, request.params["vCenterName"]!))
          : undefined;
      if (!vCenter) throw Errors.asrObjectNotFound("vCenter", request.params["vCenterName"]!);
      return ok(vCenterJson(state, fabric, vCenter, request.services.store.nowMs()));
    },
  },
  {
    method: "GET",
    pattern: `${FABRIC}/replicationProtectionContainers`,
    operation: "ReplicationProtectionContainers_ListByReplicationFabrics",
    handler: (request) => {
      const fabric = requireFabric(request);
      const { state } = request.services.store;
      return page(
        request,
        containers(state.scenario)
          .filter((container) => container.fabricName === fabric)
          .map((container) => containerJson(state, container)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationProtectionContainers`,
    operation: "ReplicationProtectionContainers_List",
    handler: (request) => {
      const { state } = request.services.store;
      return page(
        request,
        containers(state.scenario).map((container) => containerJson(state, container)),
      );
    },
  },
  {
    method: "GET",
    pattern: CONTAINER,
    operation: "ReplicationProtectionContainers_Get",
    handler: (request) => ok(containerJson(request.services.store.state, requireContainer(request))),
  },
  {
    method: "GET",
    pattern: `${CONTAINER}/replicationProtectionContainerMappings`,
    operation: "ReplicationProtectionContainerMappings_ListByReplicationProtectionContainers",
    handler: (request) => {
      const container = requireContainer(request);
      const { state } = request.services.store;
      return page(
        request,
        Object.values(state.mappings)
          .filter(
            (mapping) =>
              mapping.fabricName === container.fabricName &&
              mapping.containerName === container.containerName,
          )
          .map((mapping) => mappingJson(state, mapping)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationProtectionContainerMappings`,
    operation: "ReplicationProtectionContainerMappings_List",
    handler: (request) => {
      const { state } = request.services.store;
      return page(
        request,
        Object.values(state.mappings).map((mapping) => mappingJson(state, mapping)),
      );
    },
  },
  {
    method: "GET",
    pattern: MAPPING,
    operation: "ReplicationProtectionContainerMappings_Get",
    handler: (request) => {
      const container = requireContainer(request);
      const store = request.services.store;
      const mapping = store.findMapping(
        container.fabricName,
        container.containerName,
        request.params["mappingName"]!,
      );
      if (!mapping)
        throw Errors.asrObjectNotFound("protection container mapping", request.params["mappingName"]!);
      return ok(mappingJson(store.state, mapping));
    },
  },
  {
    method: "PUT",
    pattern: MAPPING,
    operation: "ReplicationProtectionContainerMappings_Create",
    handler: putMapping,
  },
  {
    method: "POST",
    pattern: `${MAPPING}/remove`,
    operation: "ReplicationProtectionContainerMappings_Delete",
    handler: removeMapping,
  },
  {
    method: "DELETE",
    pattern: MAPPING,
    operation: "ReplicationProtectionContainerMappings_Purge",
    handler: removeMapping,
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationPolicies`,
    operation: "ReplicationPolicies_List",
    handler: (request) => {
      const { state } = request.services.store;
      return page(
        request,
        Object.values(state.policies).map((policy) => policyJson(state, policy)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationPolicies/{policyName}`,
    operation: "ReplicationPolicies_Get",
    handler: (request) =>
      ok(
        policyJson(
          request.services.store.state,
          request.services.store.findPolicy(request.params["policyName"]!),
        ),
      ),
  },
  {
    method: "PUT",
    pattern: `${VAULT}/replicationPolicies/{policyName}`,
    operation: "ReplicationPolicies_Create",
    handler: (request) => putPolicy(request, false),
  },
  {
    method: "PATCH",
    pattern: `${VAULT}/replicationPolicies/{policyName}`,
    operation: "ReplicationPolicies_Update",
    handler: (request) => putPolicy(request, true),
  },
  {
    method: "DELETE",
    pattern: `${VAULT}/replicationPolicies/{policyName}`,
    operation: "ReplicationPolicies_Delete",
    handler: (request) => {
      const store = request.services.store;
      store.deletePolicy(request.params["policyName"]!);
      return accepted(request, store.startTimedOperation(0));
    },
  },
  {
    method: "GET",
    pattern: `${CONTAINER}/replicationProtectedItems`,
    operation: "ReplicationProtectedItems_ListByReplicationProtectionContainers",
    handler: (request) => {
      const container = requireContainer(request);
      const store = request.services.store;
      const nowMs = store.nowMs();
      return page(
        request,
        itemsOfContainer(request, container.containerName).map((item) => itemJson(store.state, item, nowMs)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationProtectedItems`,
    operation: "ReplicationProtectedItems_List",
    handler: (request) => {
      const store = request.services.store;
      const nowMs = store.nowMs();
      return page(
        request,
        Object.values(store.state.items).map((item) => itemJson(store.state, item, nowMs)),
      );
    },
  },
  {
    method: "GET",
    pattern: ITEM,
    operation: "ReplicationProtectedItems_Get",
    handler: (request) =>
      ok(itemJson(request.services.store.state, requireItem(request), request.services.store.nowMs())),
  },
  {
    method: "POST",
    pattern: `${ITEM}/reProtect`,
    operation: "ReplicationProtectedItems_Reprotect",
    action: true,
    handler: itemAction("reProtect"),
  },
  {
    method: "POST",
    pattern: `${ITEM}/unplannedFailover`,
    operation: "ReplicationProtectedItems_UnplannedFailover",
    action: true,
    handler: itemAction("unplannedFailover"),
  },
  {
    method: "POST",
    pattern: `${ITEM}/plannedFailover`,
    operation: "ReplicationProtectedItems_PlannedFailover",
    action: true,
    handler: itemAction("plannedFailover"),
  },
  {
    method: "POST",
    pattern: `${ITEM}/failoverCommit`,
    operation: "ReplicationProtectedItems_FailoverCommit",
    action: true,
    handler: itemAction("failoverCommit"),
  },
  {
    method: "POST",
    pattern: `${ITEM}/failoverCancel`,
    operation: "ReplicationProtectedItems_FailoverCancel",
    action: true,
    handler: itemAction("failoverCancel"),
  },
  {
    method: "POST",
    pattern: `${ITEM}/repairReplication`,
    operation: "ReplicationProtectedItems_RepairReplication",
    action: true,
    handler: itemAction("repairReplication"),
  },
  {
    method: "GET",
    pattern: `${ITEM}/recoveryPoints`,
    operation: "RecoveryPoints_ListByReplicationProtectedItems",
    handler: (request) => {
      const item = requireItem(request);
      const store = request.services.store;
      return page(request, recoveryPointsJson(store.state, item, store.nowMs()));
    },
  },
  {
    method: "GET",
    pattern: `${ITEM}/recoveryPoints/{recoveryPointName}`,
    operation: "RecoveryPoints_Get",
    handler: (request) => {
      const item = requireItem(request);
      const store = request.services.store;
      const point = recoveryPointsJson(store.state, item, store.nowMs()).find((candidate) =>
        same(candidate.name, request.params["recoveryPointName"]!),
      );
      if (!point) throw Errors.asrObjectNotFound("recovery point", request.params["recoveryPointName"]!);
      return ok(point);
    },
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationRecoveryPlans`,
    operation: "ReplicationRecoveryPlans_List",
    handler: (request) => {
      const store = request.services.store;
      const nowMs = store.nowMs();
      return page(
        request,
        store.state.scenario.recoveryPlans.map((plan) => planJson(store.state, plan, nowMs)),
      );
    },
  },
  {
    method: "GET",
    pattern: PLAN,
    operation: "ReplicationRecoveryPlans_Get",
    handler: (request) => {
      const store = request.services.store;
      const plan = store.findPlan(request.params["planName"]!);
      request.logTarget.planName = plan.name;
      return ok(planJson(store.state, plan, store.nowMs()));
    },
  },
  {
    method: "POST",
    pattern: `${PLAN}/unplannedFailover`,
    operation: "ReplicationRecoveryPlans_UnplannedFailover",
    action: true,
    handler: planAction("unplannedFailover"),
  },
  {
    method: "POST",
    pattern: `${PLAN}/plannedFailover`,
    operation: "ReplicationRecoveryPlans_PlannedFailover",
    action: true,
    handler: planAction("plannedFailover"),
  },
  {
    method: "POST",
    pattern: `${PLAN}/failoverCommit`,
    operation: "ReplicationRecoveryPlans_FailoverCommit",
    action: true,
    handler: planAction("failoverCommit"),
  },
  {
    method: "POST",
    pattern: `${PLAN}/failoverCancel`,
    operation: "ReplicationRecoveryPlans_FailoverCancel",
    action: true,
    handler: planAction("failoverCancel"),
  },
  {
    method: "POST",
    pattern: `${PLAN}/reProtect`,
    operation: "ReplicationRecoveryPlans_Reprotect",
    action: true,
    handler: planAction("reProtect"),
  },
  {
    method: "GET",
    pattern: `${VAULT}/replicationJobs`,
    operation: "ReplicationJobs_List",
    handler: (request) => {
      const store = request.services.store;
      const nowMs = store.nowMs();
      const jobs = Object.values(store.state.jobs).sort((a, b) => b.startMs - a.startMs);
      return page(
        request,
        jobs.map((job) => jobJson(store.state, job, nowMs)),
      );
    },
  },
  {
    method: "GET",
    pattern: JOB,
    operation: "ReplicationJobs_Get",
    handler: (request) => {
      const store = request.services.store;
      const job = store.findJob(request.params["jobName"]!);
      if (job.targetInstanceType === "ProtectionEntity") request.logTarget.itemName = job.itemNames[0];
      return ok(jobJson(store.state, job, store.nowMs()));
    },
  },
  {
    method: "POST",
    pattern: `${JOB}/resume`,
    operation: "ReplicationJobs_Resume",
    action: true,
    handler: jobAction("resume"),
  },
  {
    method: "POST",
    pattern: `${JOB}/cancel`,
    operation: "ReplicationJobs_Cancel",
    action: true,
    handler: jobAction("cancel"),
  },
  {
    method: "POST",
    pattern: `${JOB}/restart`,
    operation: "ReplicationJobs_Restart",
    action: true,
    handler: jobAction("restart"),
  },
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
];
