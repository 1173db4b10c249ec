/** Virtual networks and their subnets. */
import { SubnetIdCodec, VirtualNetworkIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { guidFrom } from "../../model/ids";
import type { Scenario } from "../../model/scenario";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest } from "../context";
import type { Route } from "../router";
import { etag, inGroup, NET, rgOf, same } from "./common";

type VirtualNetwork = Scenario["azure"]["virtualNetworks"][number];
type Subnet = VirtualNetwork["subnets"][number];

function subnetJson(
  scenario: Scenario,
  vnet: VirtualNetwork,
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

function vnetJson(scenario: Scenario, vnet: VirtualNetwork) {
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

const VNET = `${NET}/virtualNetworks/{virtualNetworkName}`;

/** The virtual network and subnet routes. */
export const virtualNetworkRoutes: Route[] = [
  ...collectionRoutes<VirtualNetwork>({
    listings: [
      {
        pattern: `${NET}/virtualNetworks`,
        operation: "VirtualNetworks_List",
        entities: (request) =>
          request.services.store.state.scenario.azure.virtualNetworks.filter((vnet) =>
            inGroup(request, vnet.resourceGroup),
          ),
      },
    ],
    get: { pattern: VNET, operation: "VirtualNetworks_Get", find: findVnet },
    toJson: (request, vnet) => vnetJson(request.services.store.state.scenario, vnet),
  }),
  ...collectionRoutes<{ vnet: VirtualNetwork; subnet: Subnet }>({
    listings: [
      {
        pattern: `${VNET}/subnets`,
        operation: "Subnets_List",
        entities: (request) => {
          const vnet = findVnet(request);
          return vnet.subnets.map((subnet) => ({ vnet, subnet }));
        },
      },
    ],
    get: {
      pattern: `${VNET}/subnets/{subnetName}`,
      operation: "Subnets_Get",
      find: (request) => {
        const vnet = findVnet(request);
        const subnet = vnet.subnets.find((candidate) => same(candidate.name, request.params["subnetName"]));
        if (!subnet)
          throw Errors.resourceNotFound(
            "Microsoft.Network/virtualNetworks/subnets",
            request.params["subnetName"]!,
          );
        return { vnet, subnet };
      },
    },
    toJson: (request, { vnet, subnet }) => subnetJson(request.services.store.state.scenario, vnet, subnet),
  }),
];
