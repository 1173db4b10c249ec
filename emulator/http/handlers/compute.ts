/**
 * Microsoft.Compute routes, as much as deploying the process server VM needs: PUT / GET / DELETE
 * a VM (an LRO with `Azure-AsyncOperation`), its instance view, and start / power off — which
 * also act on the Azure VMs of failed-over items, so a test can stop one and see 78093.
 */
import { NetworkInterfaceIdCodec, VirtualMachineIdCodec } from "asr-contract";
import { z } from "zod";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { VmState, WorldState } from "../../model/world";
import { NO_REQUEST_BODY, NO_SDK_MAPPERS } from "../arm/requestContent";
import { parseBody } from "../body";
import { type EmulatorRequest, type EmulatorResponse, ok } from "../context";
import type { Route } from "../router";

const VM =
  "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines/{vmName}";
const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** Tag that marks a VM as a Site Recovery process server (besides the process server image). */
export const PROCESS_SERVER_TAG = "asr-failback-role";

function isProcessServer(body: Record<string, unknown>, tags: Record<string, string>): boolean {
  if (tags[PROCESS_SERVER_TAG] === "process-server") return true;
  const image = (
    (body["properties"] as Record<string, unknown> | undefined)?.["storageProfile"] as
      | Record<string, unknown>
      | undefined
  )?.["imageReference"] as Record<string, unknown> | undefined;
  const text = `${String(image?.["publisher"] ?? "")} ${String(image?.["offer"] ?? "")}`;
  return /process.?server/i.test(text);
}

function powerStatus(running: boolean) {
  return running
    ? { code: "PowerState/running", level: "Info", displayStatus: "VM running" }
    : { code: "PowerState/deallocated", level: "Info", displayStatus: "VM deallocated" };
}

function createdVmJson(world: WorldState, vm: VmState, nowMs: number, withInstanceView: boolean) {
  const provisioned = nowMs >= vm.provisionedAtMs;
  const properties = { ...((vm.body["properties"] as Record<string, unknown> | undefined) ?? {}) };
  const instanceView = {
    statuses: [
      { code: provisioned ? "ProvisioningState/succeeded" : "ProvisioningState/creating", level: "Info" },
      ...(provisioned ? [powerStatus(true)] : []),
    ],
  };
  return {
    name: vm.name,
    id: VirtualMachineIdCodec.format({
      subscriptionId: world.scenario.subscriptionId,
      resourceGroup: vm.resourceGroup,
      virtualMachineName: vm.name,
    }),
    type: "Microsoft.Compute/virtualMachines",
    location: vm.location,
    tags: vm.tags,
    properties: {
      ...properties,
      vmId: guidFrom("compute-vm", vm.name),
      provisioningState: provisioned ? "Succeeded" : "Creating",
      ...(withInstanceView ? { instanceView } : {}),
    },
  };
}

function failedOverVm(request: EmulatorRequest) {
  const world = request.services.store.state;
  const source = world.scenario.protectedItems.find(
    (item) =>
      same(item.azureVm?.name, request.params["vmName"]) &&
      same(item.azureVm?.resourceGroup ?? world.scenario.resourceGroup, request.params["resourceGroupName"]),
  );
  if (!source?.azureVm) return undefined;
  const item = world.items[source.name];
  if (!item?.azureVmExists) return undefined;
  return { source, item, vm: source.azureVm };
}

function failedOverVmJson(
  request: EmulatorRequest,
  found: NonNullable<ReturnType<typeof failedOverVm>>,
  withInstanceView: boolean,
) {
  const world = request.services.store.state;
  const resourceGroup = found.vm.resourceGroup ?? world.scenario.resourceGroup;
  return {
    name: found.vm.name,
    id: VirtualMachineIdCodec.format({
      subscriptionId: world.scenario.subscriptionId,
      resourceGroup,
      virtualMachineName: found.vm.name,
    }),
    type: "Microsoft.Compute/virtualMachines",
    location: world.scenario.location,
    tags: {},
    properties: {
      vmId: guidFrom("compute-vm", found.vm.name),
      hardwareProfile: { vmSize: found.vm.size },
      storageProfile: { osDisk: { osType: found.source.os, name: `${found.vm.name}-osdisk` } },
      osProfile: { computerName: found.source.friendlyName ?? found.source.name },
      networkProfile: { networkInterfaces: [] },
      provisioningState: "Succeeded",
      ...(withInstanceView
        ? {
            instanceView: {
              statuses: [
                { code: "ProvisioningState/succeeded", level: "Info" },
                powerStatus(found.item.azureVmRunning),
              ],
            },
          }
        : {}),
    },
  };
}

function computeAccepted(request: EmulatorRequest, durationMs: number): Record<string, string> {
  const store = request.services.store;
  const operation = store.startTimedOperation(durationMs);
  const apiVersion = request.query.get("api-version") ?? "2024-07-01";
  return {
    "Azure-AsyncOperation": `${request.services.baseUrl()}/subscriptions/${store.state.scenario.subscriptionId}/providers/Microsoft.Compute/locations/${store.state.scenario.location}/operations/${operation.id}?api-version=${apiVersion}`,
    "Retry-After": String(request.services.settings.retryAfterSeconds),
  };
}

function getVm(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const withInstanceView = (request.query.get("$expand") ?? "").toLowerCase() === "instanceview";
  const created = store.state.virtualMachines[request.params["vmName"]!.toLowerCase()];
  if (created && same(created.resourceGroup, request.params["resourceGroupName"])) {
    return ok(createdVmJson(store.state, created, store.nowMs(), withInstanceView));
  }
  const found = failedOverVm(request);
  if (found) return ok(failedOverVmJson(request, found, withInstanceView));
  throw Errors.resourceNotFound("Microsoft.Compute/virtualMachines", request.params["vmName"]!);
}

/** The body of a VM's PUT: at least one NIC; the rest is kept as sent. */
const VmBody = z.looseObject({
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.looseObject({
    networkProfile: z.looseObject({
      networkInterfaces: z
        .array(z.looseObject({ id: z.string() }))
        .min(1, "needs at least one network interface"),
    }),
  }),
});

function putVm(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const parsed = parseBody(request, VmBody);
  const interfaces = parsed.properties.networkProfile.networkInterfaces;
  for (const nic of interfaces) NetworkInterfaceIdCodec.parse(nic.id);
  // The VM keeps the body as sent: its GET answers with the client's own properties.
  const body = request.body as Record<string, unknown>;
  const tags = parsed.tags ?? {};
  const existed = store.state.virtualMachines[request.params["vmName"]!.toLowerCase()] !== undefined;
  const vm = store.upsertVm({
    name: request.params["vmName"]!,
    resourceGroup: request.params["resourceGroupName"]!,
    location: parsed.location ?? store.state.scenario.location,
    body,
    nicIds: interfaces.map((nic) => nic.id),
    processServer: isProcessServer(body, tags),
    tags,
  });
  const headers = computeAccepted(request, Math.max(0, vm.provisionedAtMs - store.nowMs()));
  return { status: existed ? 200 : 201, headers, body: createdVmJson(store.state, vm, store.nowMs(), false) };
}

function powerAction(running: boolean) {
  return (request: EmulatorRequest): EmulatorResponse => {
    const store = request.services.store;
    const found = failedOverVm(request);
    if (found) {
      request.logTarget.itemName = found.source.name;
      store.setAzureVmRunning(found.source.name, running);
    } else if (!store.state.virtualMachines[request.params["vmName"]!.toLowerCase()]) {
      throw Errors.resourceNotFound("Microsoft.Compute/virtualMachines", request.params["vmName"]!);
    }
    return { status: 202, headers: computeAccepted(request, 0) };
  };
}

/** The Compute route table. */
export const computeRoutes: Route[] = [
  { method: "GET", pattern: VM, operation: "VirtualMachines_Get", handler: getVm },
  {
    method: "PUT",
    pattern: VM,
    operation: "VirtualMachines_CreateOrUpdate",
    requestBody: NO_SDK_MAPPERS,
    handler: putVm,
  },
  {
    method: "DELETE",
    pattern: VM,
    operation: "VirtualMachines_Delete",
    handler: (request) => {
      const deleted = request.services.store.deleteVm(request.params["vmName"]!);
      return deleted ? { status: 202, headers: computeAccepted(request, 0) } : { status: 204 };
    },
  },
  {
    method: "GET",
    pattern: `${VM}/instanceView`,
    operation: "VirtualMachines_InstanceView",
    handler: (request) => {
      const response = getVm({ ...request, query: new URLSearchParams({ $expand: "instanceView" }) });
      const body = response.body as { properties: { instanceView: unknown } };
      return ok(body.properties.instanceView);
    },
  },
  {
    method: "POST",
    pattern: `${VM}/start`,
    operation: "VirtualMachines_Start",
    requestBody: NO_REQUEST_BODY,
    handler: powerAction(true),
  },
  {
    method: "POST",
    pattern: `${VM}/powerOff`,
    operation: "VirtualMachines_PowerOff",
    requestBody: NO_REQUEST_BODY,
    handler: powerAction(false),
  },
  {
    method: "POST",
    pattern: `${VM}/deallocate`,
    operation: "VirtualMachines_Deallocate",
    requestBody: NO_REQUEST_BODY,
    handler: powerAction(false),
  },
  {
    method: "GET",
    pattern:
      "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/operations/{operationId}",
    operation: "ComputeOperations_Get",
    handler: (request) => {
      const store = request.services.store;
      const operation = store.findOperation(request.params["operationId"]!);
      const status = store.operationStatus(operation);
      const advance = request.services.settings.advanceOnPollSeconds;
      let final = status;
      if (status.status === "InProgress" && advance > 0) {
        store.clock.advance(advance);
        final = store.operationStatus(operation);
      }
      return ok({
        name: final.id,
        status: final.status,
        startTime: new Date(final.startTimeMs).toISOString(),
        endTime: final.endTimeMs !== undefined ? new Date(final.endTimeMs).toISOString() : undefined,
      });
    },
  },
];
