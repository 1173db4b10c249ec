/** Network interfaces: created for the process server VM, with static or dynamic addresses. */

import { NetworkInterfaceIdCodec, SubnetIdCodec } from "asr-contract";
import { z } from "zod";
import { Errors } from "../../errors";
import type { Scenario } from "../../model/scenario";
import type { NicState, WorldState } from "../../model/world";
import { NO_SDK_MAPPERS } from "../arm/requestContent";
import { parseBody } from "../body";
import { type EmulatorRequest, type EmulatorResponse, ok } from "../context";
import type { Route } from "../router";
import { etag, NET, same } from "./common";

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

/** The network interface routes. */
export const networkInterfaceRoutes: Route[] = [
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
    requestBody: NO_SDK_MAPPERS,
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
