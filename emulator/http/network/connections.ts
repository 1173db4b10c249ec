/** Gateway connections: VPNs and the ExpressRoute connections of circuits. */
import { ConnectionIdCodec, VirtualNetworkGatewayIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import type { Scenario } from "../../model/scenario";
import { collectionRoutes } from "../collection";
import type { Route } from "../router";
import { etag, gatewayName, NET, rgOf, same } from "./common";
import { circuitJson } from "./expressRouteCircuits";

type Connection = ReturnType<typeof connections>[number];

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

/** The connection routes. */
export const connectionRoutes: Route[] = collectionRoutes<Connection>({
  listings: [
    {
      pattern: `${NET}/connections`,
      operation: "VirtualNetworkGatewayConnections_List",
      entities: (request) =>
        connections(request.services.store.state.scenario).filter((connection) =>
          same(connection.resourceGroup, request.params["resourceGroupName"]),
        ),
    },
  ],
  get: {
    pattern: `${NET}/connections/{connectionName}`,
    operation: "VirtualNetworkGatewayConnections_Get",
    find: (request) => {
      const connection = connections(request.services.store.state.scenario).find(
        (candidate) =>
          same(candidate.name, request.params["connectionName"]) &&
          same(candidate.resourceGroup, request.params["resourceGroupName"]),
      );
      if (!connection)
        throw Errors.resourceNotFound("Microsoft.Network/connections", request.params["connectionName"]!);
      return connection;
    },
  },
  toJson: (_request, connection) => connection.json,
});
