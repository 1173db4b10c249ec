/**
 * Microsoft.Network routes: ExpressRoute circuits and peerings, gateway connections, virtual
 * networks and subnets, gateways, network interfaces, and Network Watcher's connectivity check
 * (an LRO answered through `Location`, as the SDK expects for it).
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  ConnectionIdCodec,
  ExpressRouteCircuitIdCodec,
  NetworkInterfaceIdCodec,
  NetworkWatcherIdCodec,
  SubnetIdCodec,
  VirtualMachineIdCodec,
  VirtualNetworkGatewayIdCodec,
  VirtualNetworkIdCodec,
} from "../../../provider/arm/ids";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import {
  virtualNetworkOfVm,
  virtualNetworkReachesConfigurationServer,
  virtualNetworkReachesOnPremises,
} from "../../model/site";
import type { NicState, WorldState } from "../../model/world";
import { ipInCidr } from "../../store/worldStore";
import { parseBody } from "../body";
import { type EmulatorRequest, type EmulatorResponse, ok, page } from "../context";
import type { Route } from "../router";

const RG = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}";
const NET = `${RG}/providers/Microsoft.Network`;
const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
const etag = (...parts: string[]) => `W/"${guidFrom("etag", ...parts)}"`;

/** Resource groups the scenario holds resources in (other names answer ResourceGroupNotFound). */
export function knownResourceGroups(scenario: Scenario): Set<string> {
  const groups = new Set<string>([scenario.resourceGroup.toLowerCase()]);
  const add = (name: string | undefined): void => {
    if (name) groups.add(name.toLowerCase());
  };
  scenario.azure.virtualNetworks.forEach((vnet) => {
    add(vnet.resourceGroup);
  });
  scenario.azure.storageAccounts.forEach((account) => {
    add(account.resourceGroup);
  });
  add(scenario.azure.networkWatcher?.resourceGroup);
  scenario.connectivity.vpnConnections.forEach((connection) => {
    add(connection.resourceGroup);
  });
  scenario.connectivity.expressRouteCircuits.forEach((circuit) => {
    add(circuit.resourceGroup);
  });
  scenario.protectedItems.forEach((item) => {
    add(item.azureVm?.resourceGroup);
  });
  return groups;
}

function rgOf(scenario: Scenario, resourceGroup: string | undefined): string {
  return resourceGroup ?? scenario.resourceGroup;
}

function inGroup(request: EmulatorRequest, resourceGroup: string | undefined): boolean {
  return same(
    rgOf(request.services.store.state.scenario, resourceGroup),
    request.params["resourceGroupName"],
  );
}

function gatewayName(virtualNetwork: string): string {
  return `${virtualNetwork}-gateway`;
}

function peeringJson(
  scenario: Scenario,
  circuit: Scenario["connectivity"]["expressRouteCircuits"][number],
  peering: (typeof circuit.peerings)[number],
  index: number,
) {
  const circuitId = ExpressRouteCircuitIdCodec.format({
    subscriptionId: scenario.subscriptionId,
    resourceGroup: rgOf(scenario, circuit.resourceGroup),
    circuitName: circuit.name,
  });
  return {
    name: peering.type,
    id: `${circuitId}/peerings/${peering.type}`,
    etag: etag(circuit.name, peering.type),
    type: "Microsoft.Network/expressRouteCircuits/peerings",
    properties: {
      provisioningState: "Succeeded",
      peeringType: peering.type,
      state: peering.state,
      azureASN: 12076,
      peerASN: 65000 + index,
      primaryPeerAddressPrefix: `192.168.${index * 8}.0/30`,
      secondaryPeerAddressPrefix: `192.168.${index * 8 + 4}.0/30`,
      vlanId: 100 + index,
      microsoftPeeringConfig:
        peering.type === "AzurePrivatePeering"
          ? undefined
          : {
              advertisedPublicPrefixes: ["203.0.113.0/24"],
              advertisedPublicPrefixesState: peering.advertisedPublicPrefixesState ?? "Configured",
            },
    },
  };
}

function circuitJson(scenario: Scenario, circuit: Scenario["connectivity"]["expressRouteCircuits"][number]) {
  return {
    name: circuit.name,
    id: ExpressRouteCircuitIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: rgOf(scenario, circuit.resourceGroup),
      circuitName: circuit.name,
    }),
    type: "Microsoft.Network/expressRouteCircuits",
    location: scenario.location,
    etag: etag(circuit.name),
    properties: {
      provisioningState: "Succeeded",
      circuitProvisioningState: "Enabled",
      serviceProviderProvisioningState: circuit.serviceProviderProvisioningState,
      serviceProviderProperties: {
        bandwidthInMbps: circuit.bandwidthInMbps,
        peeringLocation: "Amsterdam",
        serviceProviderName: "Equinix",
      },
      peerings: circuit.peerings.map((peering, index) => peeringJson(scenario, circuit, peering, index)),
      authorizations: [],
      allowClassicOperations: false,
      serviceKey: guidFrom("service-key", circuit.name),
    },
    sku: { name: "Standard_MeteredData", tier: "Standard", family: "MeteredData" },
  };
}

/** Gateway connections: VPNs and the ExpressRoute connections of circuits. */
function connections(scenario: Scenario) {
  const list: { name: string; resourceGroup: string; json: unknown }[] = [];
  const gatewayId = (virtualNetwork: string) => {
    const vnet = scenario.azure.virtualNetworks.find((candidate) => candidate.name === virtualNetwork);
    return VirtualNetworkGatewayIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: rgOf(scenario, vnet?.resourceGroup),
      gatewayName: gatewayName(virtualNetwork),
    });
  };
  for (const connection of scenario.connectivity.vpnConnections) {
    const resourceGroup = rgOf(scenario, connection.resourceGroup);
    list.push({
      name: connection.name,
      resourceGroup,
      json: {
        name: connection.name,
        id: ConnectionIdCodec.format({
          subscriptionId: scenario.subscriptionId,
          resourceGroup,
          connectionName: connection.name,
        }),
        etag: etag(connection.name),
        type: "Microsoft.Network/connections",
        location: scenario.location,
        properties: {
          provisioningState: "Succeeded",
          connectionType: "IPsec",
          connectionProtocol: "IKEv2",
          connectionStatus: connection.status,
          virtualNetworkGateway1: { id: gatewayId(connection.virtualNetwork), properties: {} },
          localNetworkGateway2: {
            id: `/subscriptions/${scenario.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/localNetworkGateways/${connection.name}-onpremises`,
            properties: {},
          },
          routingWeight: 0,
          enableBgp: false,
          ingressBytesTransferred: 0,
          egressBytesTransferred: 0,
        },
      },
    });
  }
  for (const circuit of scenario.connectivity.expressRouteCircuits) {
    const resourceGroup = rgOf(scenario, circuit.resourceGroup);
    circuit.connectedVirtualNetworks.forEach((virtualNetwork, index) => {
      const name = circuit.connectionName ?? `${circuit.name}-connection`;
      const connectionName = index === 0 ? name : `${name}-${index + 1}`;
      list.push({
        name: connectionName,
        resourceGroup,
        json: {
          name: connectionName,
          id: ConnectionIdCodec.format({
            subscriptionId: scenario.subscriptionId,
            resourceGroup,
            connectionName,
          }),
          etag: etag(connectionName),
          type: "Microsoft.Network/connections",
          location: scenario.location,
          properties: {
            provisioningState: "Succeeded",
            connectionType: "ExpressRoute",
            connectionStatus: circuit.connectionStatus,
            virtualNetworkGateway1: { id: gatewayId(virtualNetwork), properties: {} },
            peer: { id: circuitJson(scenario, circuit).id },
            routingWeight: 0,
          },
        },
      });
    });
  }
  return list;
}

function subnetJson(
  scenario: Scenario,
  vnet: Scenario["azure"]["virtualNetworks"][number],
  subnet: { name: string; addressPrefix: string },
) {
  return {
    name: subnet.name,
    id: SubnetIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: rgOf(scenario, vnet.resourceGroup),
      virtualNetworkName: vnet.name,
      subnetName: subnet.name,
    }),
    etag: etag(vnet.name, subnet.name),
    type: "Microsoft.Network/virtualNetworks/subnets",
    properties: { addressPrefix: subnet.addressPrefix, provisioningState: "Succeeded" },
  };
}

function vnetJson(scenario: Scenario, vnet: Scenario["azure"]["virtualNetworks"][number]) {
  return {
    name: vnet.name,
    id: VirtualNetworkIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: rgOf(scenario, vnet.resourceGroup),
      virtualNetworkName: vnet.name,
    }),
    etag: etag(vnet.name),
    type: "Microsoft.Network/virtualNetworks",
    location: scenario.location,
    properties: {
      provisioningState: "Succeeded",
      resourceGuid: guidFrom("vnet", vnet.name),
      addressSpace: { addressPrefixes: vnet.addressSpace },
      subnets: vnet.subnets.map((subnet) => subnetJson(scenario, vnet, subnet)),
      virtualNetworkPeerings: [],
      enableDdosProtection: false,
    },
  };
}

/** JSON of a NIC. */
export function nicJson(scenario: Scenario, nic: NicState) {
  const id = NetworkInterfaceIdCodec.format({
    subscriptionId: scenario.subscriptionId,
    resourceGroup: nic.resourceGroup,
    networkInterfaceName: nic.name,
  });
  return {
    name: nic.name,
    id,
    etag: etag(nic.name, nic.privateIpAddress),
    type: "Microsoft.Network/networkInterfaces",
    location: nic.location,
    tags: nic.tags,
    properties: {
      provisioningState: "Succeeded",
      ipConfigurations: [
        {
          name: "ipconfig1",
          id: `${id}/ipConfigurations/ipconfig1`,
          properties: {
            provisioningState: "Succeeded",
            privateIPAddress: nic.privateIpAddress,
            privateIPAllocationMethod: nic.allocationMethod,
            privateIPAddressVersion: "IPv4",
            subnet: { id: nic.subnetId },
            primary: true,
          },
        },
      ],
    },
  };
}

function findVnet(request: EmulatorRequest) {
  const scenario = request.services.store.state.scenario;
  const vnet = scenario.azure.virtualNetworks.find(
    (candidate) =>
      same(candidate.name, request.params["virtualNetworkName"]) && inGroup(request, candidate.resourceGroup),
  );
  if (!vnet)
    throw Errors.resourceNotFound("Microsoft.Network/virtualNetworks", request.params["virtualNetworkName"]!);
  return vnet;
}

function findCircuit(request: EmulatorRequest) {
  const scenario = request.services.store.state.scenario;
  const circuit = scenario.connectivity.expressRouteCircuits.find(
    (candidate) =>
      same(candidate.name, request.params["circuitName"]) && inGroup(request, candidate.resourceGroup),
  );
  if (!circuit)
    throw Errors.resourceNotFound("Microsoft.Network/expressRouteCircuits", request.params["circuitName"]!);
  return circuit;
}

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

/** The first address of the subnet no NIC holds (Azure reserves the first four). */
function dynamicAddress(world: WorldState, subnetId: string): string {
  const parsed = SubnetIdCodec.tryParse(subnetId);
  const vnet = world.scenario.azure.virtualNetworks.find((candidate) =>
    same(candidate.name, parsed?.virtualNetworkName),
  );
  const prefix = vnet?.subnets.find((candidate) => same(candidate.name, parsed?.subnetName))?.addressPrefix;
  if (!prefix) return "";
  const [base] = prefix.split("/");
  const octets = base!.split(".").map(Number);
  const taken = new Set(Object.values(world.networkInterfaces).map((nic) => nic.privateIpAddress));
  for (let host = 4; host < 250; host++) {
    const candidate = `${octets[0]}.${octets[1]}.${octets[2]}.${octets[3]! + host}`;
    if (!taken.has(candidate)) return candidate;
  }
  return "";
}

/** The body of a NIC's PUT: its first IP configuration names the subnet and the address. */
const NicBody = z.looseObject({
  location: z.string().nullish(),
  tags: z.record(z.string(), z.string()).nullish(),
  properties: z.looseObject({
    ipConfigurations: z
      .array(
        z.looseObject({
          properties: z.looseObject({
            subnet: z.looseObject({ id: z.string().min(1, "is required") }),
            privateIPAllocationMethod: z.string().nullish(),
            privateIPAddress: z.string().nullish(),
          }),
        }),
      )
      .min(1, "needs at least one IP configuration"),
  }),
});

function putNic(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const body = parseBody(request, NicBody);
  const configuration = body.properties.ipConfigurations[0]!.properties;
  const subnet = configuration.subnet;
  const method = configuration.privateIPAllocationMethod === "Static" ? "Static" : "Dynamic";
  let address = configuration.privateIPAddress ?? "";
  if (method === "Dynamic" && !address) address = dynamicAddress(store.state, subnet.id);
  const existed = store.state.networkInterfaces[request.params["nicName"]!.toLowerCase()] !== undefined;
  const nic = store.upsertNic({
    name: request.params["nicName"]!,
    resourceGroup: request.params["resourceGroupName"]!,
    location: body.location ?? store.state.scenario.location,
    subnetId: subnet.id,
    privateIpAddress: address,
    allocationMethod: method,
    tags: body.tags ?? {},
  });
  return ok(nicJson(store.state.scenario, nic), existed ? 200 : 201);
}

/** The Network route table. */
export const networkRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${NET}/expressRouteCircuits`,
    operation: "ExpressRouteCircuits_List",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      return page(
        request,
        scenario.connectivity.expressRouteCircuits
          .filter((circuit) => inGroup(request, circuit.resourceGroup))
          .map((circuit) => circuitJson(scenario, circuit)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${NET}/expressRouteCircuits/{circuitName}`,
    operation: "ExpressRouteCircuits_Get",
    handler: (request) => ok(circuitJson(request.services.store.state.scenario, findCircuit(request))),
  },
  {
    method: "GET",
    pattern: `${NET}/expressRouteCircuits/{circuitName}/peerings`,
    operation: "ExpressRouteCircuitPeerings_List",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      const circuit = findCircuit(request);
      return page(
        request,
        circuit.peerings.map((peering, index) => peeringJson(scenario, circuit, peering, index)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${NET}/expressRouteCircuits/{circuitName}/peerings/{peeringName}`,
    operation: "ExpressRouteCircuitPeerings_Get",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      const circuit = findCircuit(request);
      const index = circuit.peerings.findIndex((peering) =>
        same(peering.type, request.params["peeringName"]),
      );
      if (index < 0)
        throw Errors.resourceNotFound(
          "Microsoft.Network/expressRouteCircuits/peerings",
          request.params["peeringName"]!,
        );
      return ok(peeringJson(scenario, circuit, circuit.peerings[index]!, index));
    },
  },
  {
    method: "GET",
    pattern: `${NET}/connections`,
    operation: "VirtualNetworkGatewayConnections_List",
    handler: (request) =>
      page(
        request,
        connections(request.services.store.state.scenario)
          .filter((connection) => same(connection.resourceGroup, request.params["resourceGroupName"]))
          .map((connection) => connection.json),
      ),
  },
  {
    method: "GET",
    pattern: `${NET}/connections/{connectionName}`,
    operation: "VirtualNetworkGatewayConnections_Get",
    handler: (request) => {
      const connection = connections(request.services.store.state.scenario).find(
        (candidate) =>
          same(candidate.name, request.params["connectionName"]) &&
          same(candidate.resourceGroup, request.params["resourceGroupName"]),
      );
      if (!connection)
        throw Errors.resourceNotFound("Microsoft.Network/connections", request.params["connectionName"]!);
      return ok(connection.json);
    },
  },
  {
    method: "GET",
    pattern: `${NET}/virtualNetworkGateways/{gatewayName}`,
    operation: "VirtualNetworkGateways_Get",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      const vnet = scenario.azure.virtualNetworks.find(
        (candidate) =>
          same(gatewayName(candidate.name), request.params["gatewayName"]) &&
          inGroup(request, candidate.resourceGroup),
      );
      if (!vnet)
        throw Errors.resourceNotFound(
          "Microsoft.Network/virtualNetworkGateways",
          request.params["gatewayName"]!,
        );
      const id = VirtualNetworkGatewayIdCodec.format({
        subscriptionId: scenario.subscriptionId,
        resourceGroup: rgOf(scenario, vnet.resourceGroup),
        gatewayName: gatewayName(vnet.name),
      });
      const subnetId = SubnetIdCodec.format({
        subscriptionId: scenario.subscriptionId,
        resourceGroup: rgOf(scenario, vnet.resourceGroup),
        virtualNetworkName: vnet.name,
        subnetName: "GatewaySubnet",
      });
      return ok({
        name: gatewayName(vnet.name),
        id,
        type: "Microsoft.Network/virtualNetworkGateways",
        location: scenario.location,
        properties: {
          provisioningState: "Succeeded",
          gatewayType: "Vpn",
          vpnType: "RouteBased",
          ipConfigurations: [
            {
              name: "default",
              id: `${id}/ipConfigurations/default`,
              properties: { subnet: { id: subnetId } },
            },
          ],
        },
      });
    },
  },
  {
    method: "GET",
    pattern: `${NET}/virtualNetworks`,
    operation: "VirtualNetworks_List",
    handler: (request) => {
      const scenario = request.services.store.state.scenario;
      return page(
        request,
        scenario.azure.virtualNetworks
          .filter((vnet) => inGroup(request, vnet.resourceGroup))
          .map((vnet) => vnetJson(scenario, vnet)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${NET}/virtualNetworks/{virtualNetworkName}`,
    operation: "VirtualNetworks_Get",
    handler: (request) => ok(vnetJson(request.services.store.state.scenario, findVnet(request))),
  },
  {
    method: "GET",
    pattern: `${NET}/virtualNetworks/{virtualNetworkName}/subnets`,
    operation: "Subnets_List",
    handler: (request) => {
      const vnet = findVnet(request);
      return page(
        request,
        vnet.subnets.map((subnet) => subnetJson(request.services.store.state.scenario, vnet, subnet)),
      );
    },
  },
  {
    method: "GET",
    pattern: `${NET}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`,
    operation: "Subnets_Get",
    handler: (request) => {
      const vnet = findVnet(request);
      const subnet = vnet.subnets.find((candidate) => same(candidate.name, request.params["subnetName"]));
      if (!subnet)
        throw Errors.resourceNotFound(
          "Microsoft.Network/virtualNetworks/subnets",
          request.params["subnetName"]!,
        );
      return ok(subnetJson(request.services.store.state.scenario, vnet, subnet));
    },
  },
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
  {
    method: "GET",
    pattern: `${NET}/networkInterfaces/{nicName}`,
    operation: "NetworkInterfaces_Get",
    handler: (request) => {
      const store = request.services.store;
      const nic = store.state.networkInterfaces[request.params["nicName"]!.toLowerCase()];
      if (!nic || !same(nic.resourceGroup, request.params["resourceGroupName"])) {
        throw Errors.resourceNotFound("Microsoft.Network/networkInterfaces", request.params["nicName"]!);
      }
      return ok(nicJson(store.state.scenario, nic));
    },
  },
  {
    method: "PUT",
    pattern: `${NET}/networkInterfaces/{nicName}`,
    operation: "NetworkInterfaces_CreateOrUpdate",
    handler: putNic,
  },
  {
    method: "DELETE",
    pattern: `${NET}/networkInterfaces/{nicName}`,
    operation: "NetworkInterfaces_Delete",
    handler: (request) => {
      const deleted = request.services.store.deleteNic(request.params["nicName"]!);
      return { status: deleted ? 200 : 204 };
    },
  },
];
