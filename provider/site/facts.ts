/**
 * From the live site's ARM shapes to the rules' {@link SiteFacts}: the VMware fabric (configuration
 * server, process servers, master targets, run-as accounts, vCenters, protected items), the
 * connections between Azure and the site, the Azure network and Network Watcher checks.
 *
 * Facts the shapes do not carry stay undefined ("unknown"), so a rule never judges on a guess.
 */
import type * as NetworkModels from "@azure/arm-network";
import type {
  Fabric,
  MasterTargetServer,
  ReplicationProtectedItem,
  VCenter,
  VMwareDetails,
} from "@azure/arm-recoveryservices-siterecovery";
import {
  armIdName,
  ConnectionIdCodec,
  ExpressRouteCircuitIdCodec,
  SubnetIdCodec,
  sameArmId,
  VirtualNetworkGatewayIdCodec,
  VirtualNetworkIdCodec,
} from "asr-contract";
import type {
  ConnectivityFacts,
  EsxHostFacts,
  ExpressRouteCircuitFacts,
  MasterTargetFacts,
  PeeringState,
  ProcessServerFacts,
  ProtectedItemFacts,
  ReachabilityFacts,
  SiteFacts,
  VCenterFacts,
  VpnConnectionFacts,
} from "../rules/types";
import type { LiveSite } from "./liveSite";
import { modernizedItemFacts } from "./modernizedFacts";
import { masterTargetFacts, processServerFacts, protectedItemFacts, vCenterFacts } from "./siteFacts";

/** A process server registered with the configuration server, with its Site Recovery ID. */
export interface RegisteredProcessServer extends ProcessServerFacts {
  readonly id: string;
  readonly lastHeartbeat?: Date;
}

/** A master target server with its Site Recovery ID and raw report. */
export interface RegisteredMasterTarget {
  readonly id: string;
  readonly facts: MasterTargetFacts;
  readonly server: MasterTargetServer;
}

/** What the VMware (configuration server) fabric reports. */
export interface VmwareFabricView {
  readonly fabricName: string;
  readonly configurationServer: {
    readonly name?: string;
    readonly ipAddress?: string;
    readonly running: boolean;
  };
  readonly processServers: readonly RegisteredProcessServer[];
  readonly masterTargets: readonly RegisteredMasterTarget[];
  readonly esxHosts: readonly EsxHostFacts[];
  /** vCenters flagged by master target health codes (merged with the vCenter list by {@link vmwareSiteFacts}). */
  readonly flaggedVCenters: readonly VCenterFacts[];
  readonly runAsAccounts: readonly { readonly id: string; readonly name: string }[];
}

/** The VMware details of a fabric, or undefined for another kind of fabric. */
export function vmwareDetails(fabric: Fabric | undefined): VMwareDetails | undefined {
  const details = fabric?.properties?.customDetails;
  return details?.instanceType === "VMware" ? (details as VMwareDetails) : undefined;
}

/** Normalizes a VMware fabric; `now` measures heartbeat ages. Undefined when it is not VMware. */
export function vmwareFabricView(fabric: Fabric | undefined, now: Date): VmwareFabricView | undefined {
  const details = vmwareDetails(fabric);
  if (!fabric || !details) return undefined;
  // The configuration server relays its servers' heartbeats, so its own last heartbeat is the
  // reference for their ages: immune to clock skew between this machine and the service.
  const reference = details.lastHeartbeat && details.lastHeartbeat < now ? details.lastHeartbeat : now;
  const esxHosts: EsxHostFacts[] = [];
  const flaggedVCenters: VCenterFacts[] = [];
  const masterTargets = (details.masterTargetServers ?? []).map((server) => {
    const report = masterTargetFacts(server, reference);
    esxHosts.push(...report.esxHosts);
    flaggedVCenters.push(...report.vCenters);
    return { id: server.id ?? report.masterTarget.name, facts: report.masterTarget, server };
  });
  return {
    fabricName: fabric.name ?? "",
    configurationServer: {
      ...(details.hostName ? { name: details.hostName } : {}),
      ...(details.ipAddress ? { ipAddress: details.ipAddress } : {}),
      running: details.csServiceStatus === undefined || /running/i.test(details.csServiceStatus),
    },
    processServers: (details.processServers ?? []).map((server) => ({
      ...processServerFacts(server, reference),
      id: server.id ?? server.friendlyName ?? "",
      ...(server.lastHeartbeat ? { lastHeartbeat: server.lastHeartbeat } : {}),
    })),
    masterTargets,
    esxHosts,
    flaggedVCenters,
    runAsAccounts: (details.runAsAccounts ?? [])
      .filter((account) => account.accountId !== undefined)
      .map((account) => ({ id: account.accountId!, name: account.accountName ?? account.accountId! })),
  };
}

/** Protected item facts plus what the rules need from the failed-over Azure VM. */
export function itemFacts(item: ReplicationProtectedItem): ProtectedItemFacts {
  const facts = { ...protectedItemFacts(item), ...modernizedItemFacts(item) };
  const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
  const network = details["selectedRecoveryAzureNetworkId"];
  const ip = details["ipAddress"];
  const datastores = details["datastores"];
  return {
    ...facts,
    // The first datastore holds the VM's configuration: where original-location recovery writes (LOC-01).
    ...(Array.isArray(datastores) && typeof datastores[0] === "string"
      ? { datastoreName: datastores[0] }
      : {}),
    ...(typeof network === "string" && facts.activeLocation !== "Primary"
      ? { azureVirtualNetworkId: network }
      : {}),
    ...(typeof ip === "string" ? { azureIpAddress: ip } : {}),
  };
}

/**
 * ARM ID of the failed-over Azure VM of an item, when it reports one: `targetVmId` (VMware and
 * physical items), else the VM named by `recoveryAzureVmName` in `recoveryAzureResourceGroupId`
 * (Hyper-V items, whose details model has no `targetVmId`).
 */
export function azureVmIdOf(item: ReplicationProtectedItem): string | undefined {
  const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
  const id = details["targetVmId"];
  if (typeof id === "string") return id;
  const name = details["recoveryAzureVmName"];
  const group = details["recoveryAzureResourceGroupId"];
  if (typeof name !== "string" || typeof group !== "string") return undefined;
  return `${group}/providers/Microsoft.Compute/virtualMachines/${name}`;
}

/** Merges vCenters by name (later facts fill in earlier unknowns). */
function mergeVCenters(lists: readonly (readonly VCenterFacts[])[]): VCenterFacts[] {
  const byName = new Map<string, VCenterFacts>();
  for (const entry of lists.flat()) {
    const previous = byName.get(entry.name);
    byName.set(entry.name, {
      ...previous,
      ...Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined)),
    } as VCenterFacts);
  }
  return [...byName.values()];
}

/** The site facts of a VMware fabric, its vCenters and its protected items. */
export function vmwareSiteFacts(
  view: VmwareFabricView,
  vCenters: readonly VCenter[],
  items: readonly ReplicationProtectedItem[],
): SiteFacts {
  return {
    configurationServer: {
      present: true,
      ...(view.configurationServer.name ? { name: view.configurationServer.name } : {}),
      ...(view.configurationServer.ipAddress ? { ipAddress: view.configurationServer.ipAddress } : {}),
    },
    processServers: view.processServers,
    masterTargets: view.masterTargets.map((target) => target.facts),
    esxHosts: view.esxHosts,
    vCenters: mergeVCenters([vCenters.map(vCenterFacts), view.flaggedVCenters]),
    protectedItems: items.map(itemFacts),
  };
}

/** Reads the VMware fabric, its vCenters and the items of its protection containers. */
export async function readVmwareSite(
  site: LiveSite,
  fabricName: string,
  now: () => Date,
): Promise<{ view: VmwareFabricView; facts: SiteFacts; items: ReplicationProtectedItem[] } | undefined> {
  const fabric = await site.fabric(fabricName);
  const view = vmwareFabricView(fabric, now());
  if (!view) return undefined;
  const [vCenters, containers] = await Promise.all([site.vCenters(fabricName), site.containers(fabricName)]);
  const items = (
    await Promise.all(
      containers
        .filter((container) => container.name !== undefined)
        .map((container) => site.protectedItems(fabricName, container.name!)),
    )
  ).flat();
  return { view, facts: vmwareSiteFacts(view, vCenters, items), items };
}

function peeringState(
  peerings: readonly NetworkModels.ExpressRouteCircuitPeering[] | undefined,
  type: string,
): PeeringState {
  const peering = (peerings ?? []).find((candidate) => candidate.peeringType === type);
  if (!peering) return "notConfigured";
  return peering.state === "Enabled" ? "enabled" : "disabled";
}

/** Which connections to judge: explicit IDs, or every connection of the given resource groups. */
export interface ConnectivityScope {
  /** Resource groups to list connections in when no IDs are given. */
  readonly resourceGroups: readonly string[];
  /** Site-to-site VPN connections (ARM IDs of `Microsoft.Network/connections`). */
  readonly vpnConnectionIds?: readonly string[];
  /** ExpressRoute circuits (ARM IDs). */
  readonly expressRouteCircuitIds?: readonly string[];
}

async function gatewayVirtualNetworkId(
  site: LiveSite,
  gatewayId: string | undefined,
): Promise<string | undefined> {
  const parsed = gatewayId ? VirtualNetworkGatewayIdCodec.tryParse(gatewayId) : undefined;
  if (!parsed) return undefined;
  const gateway = await site.gateway(parsed.resourceGroup, parsed.gatewayName);
  const subnetId = gateway?.ipConfigurations?.[0]?.subnet?.id;
  const subnet = subnetId ? SubnetIdCodec.tryParse(subnetId) : undefined;
  if (!subnet) return undefined;
  return VirtualNetworkIdCodec.format({
    subscriptionId: subnet.subscriptionId,
    resourceGroup: subnet.resourceGroup,
    virtualNetworkName: subnet.virtualNetworkName,
  });
}

/** The VPN connections and ExpressRoute circuits between Azure and the site (NET-01..NET-04). */
export async function readConnectivity(site: LiveSite, scope: ConnectivityScope): Promise<ConnectivityFacts> {
  const explicit = (scope.vpnConnectionIds?.length ?? 0) + (scope.expressRouteCircuitIds?.length ?? 0) > 0;
  let connections: NetworkModels.VirtualNetworkGatewayConnection[];
  if (explicit) {
    connections = (
      await Promise.all(
        (scope.vpnConnectionIds ?? []).map((id) => {
          const parsed = ConnectionIdCodec.parse(id);
          return site.connection(parsed.resourceGroup, parsed.connectionName);
        }),
      )
    ).filter(
      (connection): connection is NetworkModels.VirtualNetworkGatewayConnection => connection !== undefined,
    );
    // ExpressRoute gateway connections live beside the circuits; list the circuits' groups.
    const circuitGroups = [
      ...new Set(
        (scope.expressRouteCircuitIds ?? []).map((id) => ExpressRouteCircuitIdCodec.parse(id).resourceGroup),
      ),
    ];
    for (const group of circuitGroups) {
      connections.push(
        ...(await site.connections(group)).filter(
          (connection) => connection.connectionType === "ExpressRoute",
        ),
      );
    }
  } else {
    connections = (await Promise.all(scope.resourceGroups.map((group) => site.connections(group)))).flat();
  }
  const vpnConnections: VpnConnectionFacts[] = [];
  const circuitNetworks = new Map<string, Set<string>>();
  for (const connection of connections) {
    const virtualNetworkId = await gatewayVirtualNetworkId(site, connection.virtualNetworkGateway1?.id);
    if (connection.connectionType === "ExpressRoute") {
      const circuitId = connection.peer?.id;
      if (!circuitId) continue;
      const key = circuitId.toLowerCase();
      const networks = circuitNetworks.get(key) ?? new Set<string>();
      if (connection.connectionStatus === "Connected" && virtualNetworkId) networks.add(virtualNetworkId);
      circuitNetworks.set(key, networks);
    } else if (connection.connectionType === "IPsec" || connection.connectionType === undefined) {
      vpnConnections.push({
        name: connection.name ?? armIdName(connection.id ?? "connection"),
        ...(virtualNetworkId ? { virtualNetworkId } : {}),
        ...(connection.connectionStatus
          ? { status: connection.connectionStatus as VpnConnectionFacts["status"] }
          : {}),
      });
    }
  }
  const circuitIds = new Map<string, string>();
  for (const id of scope.expressRouteCircuitIds ?? []) circuitIds.set(id.toLowerCase(), id);
  if (!explicit) for (const key of circuitNetworks.keys()) circuitIds.set(key, key);
  const expressRouteCircuits: ExpressRouteCircuitFacts[] = [];
  for (const [key, id] of circuitIds) {
    const parsed = ExpressRouteCircuitIdCodec.tryParse(id);
    if (!parsed) continue;
    const circuit = await site.circuit(parsed.resourceGroup, parsed.circuitName);
    if (!circuit) {
      expressRouteCircuits.push({ name: parsed.circuitName, provisioningState: "NotFound" });
      continue;
    }
    expressRouteCircuits.push({
      name: circuit.name ?? parsed.circuitName,
      ...(circuit.serviceProviderProvisioningState
        ? { provisioningState: circuit.serviceProviderProvisioningState }
        : {}),
      privatePeering: peeringState(circuit.peerings, "AzurePrivatePeering"),
      microsoftPeering: peeringState(circuit.peerings, "MicrosoftPeering"),
      publicPeering: peeringState(circuit.peerings, "AzurePublicPeering"),
      connectedVirtualNetworkIds: [...(circuitNetworks.get(key) ?? [])],
    });
  }
  return { vpnConnections, expressRouteCircuits };
}

/** Subnets of a virtual network (NET-05). Undefined when the network does not exist. */
export async function readAzureNetwork(
  site: LiveSite,
  virtualNetworkId: string,
): Promise<{ subnets: { name: string; addressPrefix?: string }[] } | undefined> {
  const parsed = VirtualNetworkIdCodec.parse(virtualNetworkId);
  const network = await site.virtualNetwork(parsed.resourceGroup, parsed.virtualNetworkName);
  if (!network) return undefined;
  return {
    subnets: (network.subnets ?? []).map((subnet) => ({
      name: subnet.name ?? "",
      ...(subnet.addressPrefix ? { addressPrefix: subnet.addressPrefix } : {}),
    })),
  };
}

/** Where Network Watcher runs its checks. */
export interface NetworkWatcherLocation {
  readonly resourceGroup: string;
  readonly name: string;
}

/** Network Watcher checks from `sourceVmId` to the configuration server's ports (NET-06). */
export async function readReachability(
  site: LiveSite,
  watcher: NetworkWatcherLocation,
  sourceVmId: string,
  destination: string,
  ports: readonly number[],
): Promise<ReachabilityFacts[]> {
  return Promise.all(
    ports.map(async (port) => {
      const result = await site.connectivity({
        networkWatcherResourceGroup: watcher.resourceGroup,
        networkWatcherName: watcher.name,
        sourceVmId,
        destinationAddress: destination,
        destinationPort: port,
      });
      const status = result.connectionStatus;
      return { destination, port, reachable: status === "Connected" || status === "Degraded" };
    }),
  );
}

/** Whether two virtual network IDs name the same network. */
export function sameVirtualNetwork(left: string | undefined, right: string | undefined): boolean {
  return sameArmId(left, right);
}
