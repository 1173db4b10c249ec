/**
 * Microsoft.Network routes, one module per resource kind: ExpressRoute circuits and peerings,
 * gateway connections, gateways, virtual networks and subnets, Network Watcher and its
 * connectivity check, and network interfaces.
 */
import type { Route } from "../router";
import { connectionRoutes } from "./connections";
import { expressRouteCircuitRoutes } from "./expressRouteCircuits";
import { networkInterfaceRoutes } from "./networkInterfaces";
import { networkWatcherRoutes } from "./networkWatchers";
import { virtualNetworkGatewayRoutes } from "./virtualNetworkGateways";
import { virtualNetworkRoutes } from "./virtualNetworks";

export { knownResourceGroups } from "./common";

/** The Network route table. */
export const networkRoutes: Route[] = [
  ...expressRouteCircuitRoutes,
  ...connectionRoutes,
  ...virtualNetworkGatewayRoutes,
  ...virtualNetworkRoutes,
  ...networkWatcherRoutes,
  ...networkInterfaceRoutes,
];
