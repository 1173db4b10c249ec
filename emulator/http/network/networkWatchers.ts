/**
 * Network Watcher and its connectivity check (an LRO answered through `Location`, as the SDK
 * expects for it).
 */
import { randomUUID } from "node:crypto";
import { NetworkWatcherIdCodec, VirtualMachineIdCodec } from "asr-contract";
import { z } from "zod";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import {
  virtualNetworkOfVm,
  virtualNetworkReachesConfigurationServer,
  virtualNetworkReachesOnPremises,
} from "../../model/site";
import type { WorldState } from "../../model/world";
import { ipInCidr } from "../../store/networkInterfaceStore";
import { NO_SDK_MAPPERS } from "../arm/requestContent";
import { parseBody } from "../body";
import { type EmulatorRequest, type EmulatorResponse, ok } from "../context";
import type { Route } from "../router";
import { NET, same } from "./common";

/** The virtual network of a source VM: a created VM or the Azure VM of a failed-over item. */
function sourceVirtualNetwork(
  world: WorldState,
  resourceId: string,
): { vm: string; virtualNetwork: string; address: string } | undefined {
  const parsed = VirtualMachineIdCodec.tryParse(resourceId);
  if (!parsed) return undefined;
  const created = world.virtualMachines[parsed.virtualMachineName.toLowerCase()];
  if (created) {
    const virtualNetwork = virtualNetworkOfVm(world, created);
    const nic = world.networkInterfaces[created.nicIds[0]?.split("/").pop()?.toLowerCase() ?? ""];
    return virtualNetwork
      ? { vm: created.name, virtualNetwork, address: nic?.privateIpAddress ?? "" }
      : undefined;
  }
  const item = world.scenario.protectedItems.find((candidate) =>
    same(candidate.azureVm?.name, parsed.virtualMachineName),
  );
  if (item?.azureVm && world.items[item.name]?.azureVmExists) {
    return {
      vm: item.azureVm.name,
      virtualNetwork: item.azureVm.virtualNetwork,
      address: item.azureVm.ipAddress ?? "",
    };
  }
  return undefined;
}

/** The body of a connectivity check: from a VM to an address and port. */
const ConnectivityCheckBody = z.looseObject({
  source: z.looseObject({ resourceId: z.string().min(1, "is required") }),
  destination: z.looseObject({ address: z.string().min(1, "is required"), port: z.number() }),
});

/** Answers of finished connectivity checks, by operation ID (kept in memory: checks are cheap to redo). */
const connectivityResults = new Map<string, unknown>();

function connectivityCheck(request: EmulatorRequest): EmulatorResponse {
  const scenario = request.services.store.state.scenario;
  const watcher = scenario.azure.networkWatcher;
  if (
    !watcher ||
    !same(watcher.name, request.params["networkWatcherName"]) ||
    !same(watcher.resourceGroup, request.params["resourceGroupName"])
  ) {
    throw Errors.resourceNotFound("Microsoft.Network/networkWatchers", request.params["networkWatcherName"]!);
  }
  const body = parseBody(request, ConnectivityCheckBody);
  const resourceId = body.source.resourceId;
  const { address, port } = body.destination;
  const source = sourceVirtualNetwork(request.services.store.state, resourceId);
  if (!source)
    throw Errors.resourceNotFound(
      "Microsoft.Compute/virtualMachines",
      resourceId.split("/").pop() ?? resourceId,
    );
  const server = scenario.configurationServer;
  const inAzure = scenario.azure.virtualNetworks.some((vnet) =>
    vnet.addressSpace.some((cidr) => ipInCidr(address, cidr)),
  );
  const reachable = inAzure
    ? true
    : server && address === server.ipAddress
      ? virtualNetworkReachesConfigurationServer(scenario, source.virtualNetwork, port)
      : virtualNetworkReachesOnPremises(scenario, source.virtualNetwork);
  const issues = reachable
    ? []
    : [
        {
          origin: "Outbound",
          severity: "Error",
          type: virtualNetworkReachesOnPremises(scenario, source.virtualNetwork)
            ? "PortThrottled"
            : "Platform",
          context: [],
        },
      ];
  const result = {
    hops: [
      {
        type: "Source",
        id: guidFrom("hop", source.vm),
        address: source.address,
        resourceId,
        nextHopIds: [guidFrom("hop", address)],
        issues: [],
      },
      {
        type: inAzure ? "VirtualNetwork" : "VirtualNetworkGateway",
        id: guidFrom("hop", address),
        address,
        nextHopIds: [],
        issues,
      },
    ],
    connectionStatus: reachable ? "Connected" : "Disconnected",
    avgLatencyInMs: reachable ? 12 : undefined,
    minLatencyInMs: reachable ? 9 : undefined,
    maxLatencyInMs: reachable ? 20 : undefined,
    probesSent: 30,
    probesFailed: reachable ? 0 : 30,
  };
  const id = randomUUID();
  connectivityResults.set(id, result);
  if (connectivityResults.size > 1000) connectivityResults.delete(connectivityResults.keys().next().value!);
  const apiVersion = request.query.get("api-version") ?? "2024-05-01";
  return {
    status: 202,
    headers: {
      Location: `${request.services.baseUrl()}/subscriptions/${scenario.subscriptionId}/providers/Microsoft.Network/locations/${scenario.location}/operationResults/${id}?api-version=${apiVersion}`,
      "Retry-After": String(request.services.settings.retryAfterSeconds),
    },
  };
}

/** The Network Watcher routes. */
export const networkWatcherRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${NET}/networkWatchers/{networkWatcherName}`,
    operation: "NetworkWatchers_Get",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      const watcher = scenario.azure.networkWatcher;
      if (
        !watcher ||
        !same(watcher.name, request.params["networkWatcherName"]) ||
        !same(watcher.resourceGroup, request.params["resourceGroupName"])
      ) {
        throw Errors.resourceNotFound(
          "Microsoft.Network/networkWatchers",
          request.params["networkWatcherName"]!,
        );
      }
      return ok({
        name: watcher.name,
        id: NetworkWatcherIdCodec.format({
          subscriptionId: scenario.subscriptionId,
          resourceGroup: watcher.resourceGroup,
          networkWatcherName: watcher.name,
        }),
        type: "Microsoft.Network/networkWatchers",
        location: scenario.location,
        properties: { provisioningState: "Succeeded" },
      });
    },
  },
  {
    method: "POST",
    pattern: `${NET}/networkWatchers/{networkWatcherName}/connectivityCheck`,
    operation: "NetworkWatchers_CheckConnectivity",
    requestBody: NO_SDK_MAPPERS,
    handler: connectivityCheck,
  },
  {
    method: "GET",
    pattern:
      "/subscriptions/{subscriptionId}/providers/Microsoft.Network/locations/{location}/operationResults/{operationId}",
    operation: "NetworkOperationResults_Get",
    handler: (request) => {
      const result = connectivityResults.get(request.params["operationId"]!);
      if (!result)
        throw Errors.resourceNotFound(
          "Microsoft.Network/locations/operationResults",
          request.params["operationId"]!,
        );
      return ok(result);
    },
  },
];
