/** Virtual network gateways: one per virtual network, by naming convention. */
import { SubnetIdCodec, VirtualNetworkGatewayIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { ok } from "../context";
import type { Route } from "../router";
import { gatewayName, inGroup, NET, rgOf, same } from "./common";

/** The gateway routes. */
export const virtualNetworkGatewayRoutes: Route[] = [
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
];
