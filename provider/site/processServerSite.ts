/**
 * What the process server rules judge, read from the live site: the fabric (registered process
 * servers, configuration server address, failed-over VMs), the connections between Azure and the
 * site, the subnets, and Network Watcher checks to the configuration server's ports.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { sameArmId, VirtualNetworkIdCodec } from "asr-contract";
import type { SiteFacts } from "../rules/types";
import {
  azureVmIdOf,
  itemFacts,
  type NetworkWatcherLocation,
  readAzureNetwork,
  readConnectivity,
  readReachability,
  readVmwareSite,
} from "./facts";
import type { LiveSite } from "./liveSite";

/** Which parts of the site to read for a process server; parts not known yet are left out. */
export interface ProcessServerSiteQuery {
  /** Replication fabric of the configuration server. */
  readonly fabricName: string;
  /** Virtual network the process server is placed in (NET-05). */
  readonly virtualNetworkId?: string;
  /**
   * Connections to judge (NET-01..NET-04): every connection of the networks' resource groups when
   * no IDs are given. Undefined skips the read (a given list is not known yet).
   */
  readonly connections?: {
    readonly vpnConnectionIds?: readonly string[];
    readonly expressRouteCircuitIds?: readonly string[];
  };
  /** Network Watcher that runs the reachability checks (NET-06). */
  readonly networkWatcher?: NetworkWatcherLocation;
  /** The process server VM, the source of the reachability checks once it exists. */
  readonly vm?: { readonly resourceGroup: string; readonly name: string };
  /** Configuration server ports checked from Azure: control, then data. */
  readonly ports: readonly number[];
  /** An on-premises process server is not checked from Azure. */
  readonly onPremises: boolean;
}

/**
 * Reads what the process server rules judge. Network Watcher checks run from the process server
 * VM when it exists, else from a failed-over VM in the same network. `fabricFound` is false when
 * the vault has no VMware fabric of that name (then nothing else is read).
 */
export async function readProcessServerSite(
  site: LiveSite,
  query: ProcessServerSiteQuery,
  now: () => Date,
): Promise<{ facts: SiteFacts; fabricFound: boolean }> {
  const vmware = await readVmwareSite(site, query.fabricName, now);
  if (!vmware) return { facts: {}, fabricFound: false };
  const facts: { -readonly [K in keyof SiteFacts]: SiteFacts[K] } = {
    processServers: vmware.facts.processServers,
    protectedItems: vmware.facts.protectedItems,
  };
  const virtualNetworkId = query.virtualNetworkId;
  const resourceGroups = new Set<string>();
  if (virtualNetworkId && VirtualNetworkIdCodec.matches(virtualNetworkId)) {
    resourceGroups.add(VirtualNetworkIdCodec.parse(virtualNetworkId).resourceGroup);
    const network = await readAzureNetwork(site, virtualNetworkId);
    if (network) facts.azureNetwork = network;
  }
  for (const item of vmware.items) {
    const network = itemFacts(item).azureVirtualNetworkId;
    if (network && VirtualNetworkIdCodec.matches(network))
      resourceGroups.add(VirtualNetworkIdCodec.parse(network).resourceGroup);
  }
  if (query.connections) {
    facts.connectivity = await readConnectivity(site, {
      resourceGroups: [...resourceGroups],
      ...query.connections,
    });
  }
  const destination = vmware.view.configurationServer.ipAddress;
  const watcher = query.networkWatcher;
  const source = await reachabilitySource(site, query, vmware.items);
  if (destination && watcher && source && !query.onPremises) {
    facts.reachability = await readReachability(site, watcher, source, destination, query.ports);
  }
  return { facts, fabricFound: true };
}

async function reachabilitySource(
  site: LiveSite,
  query: ProcessServerSiteQuery,
  items: readonly ReplicationProtectedItem[],
): Promise<string | undefined> {
  if (query.vm) {
    const vm = await site.virtualMachine(query.vm.resourceGroup, query.vm.name);
    if (typeof vm?.["id"] === "string") return vm["id"] as string;
  }
  // Before the VM exists, a failed-over VM in the same network sees the same routes.
  const virtualNetworkId = query.virtualNetworkId;
  if (!virtualNetworkId) return undefined;
  const neighbour = items.find(
    (item) => sameArmId(itemFacts(item).azureVirtualNetworkId, virtualNetworkId) && azureVmIdOf(item),
  );
  return neighbour ? azureVmIdOf(neighbour) : undefined;
}
