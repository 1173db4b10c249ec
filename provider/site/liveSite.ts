/**
 * Live reads of the site, shared by every resource of one provider process: each fabric, vCenter
 * list, circuit, connection, virtual network and connectivity check is read once and the promise
 * is kept, so a stack with many resources makes one call per object (the dynamic-provider process
 * lives for one `pulumi preview` / `up`). A failed read is forgotten so the next use retries.
 *
 * `check` uses these cached reads; `create`, `read` and waits ask the client directly, because
 * they must see changes they cause.
 */
import type * as NetworkModels from "@azure/arm-network";
import type {
  Fabric,
  Policy,
  ProtectionContainer,
  ProtectionContainerMapping,
  RecoveryPlan,
  ReplicationProtectedItem,
  VCenter,
} from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient, ConnectivityCheckSpec } from "../client/asrClient";
import { getAsrClient, onProviderReset } from "../config";

/** Memoized reads over one client. */
export class LiveSite {
  private readonly cache = new Map<string, Promise<unknown>>();
  /** Number of calls made to the client (tests assert one read per object). */
  readCount = 0;

  constructor(readonly client: AsrClient) {}

  private memo<T>(key: string, read: () => Promise<T>): Promise<T> {
    const cached = this.cache.get(key);
    if (cached) return cached as Promise<T>;
    this.readCount += 1;
    const pending = read();
    this.cache.set(key, pending);
    pending.catch(() => {
      if (this.cache.get(key) === pending) this.cache.delete(key);
    });
    return pending;
  }

  /** Forgets every cached read. */
  clear(): void {
    this.cache.clear();
  }

  fabric(fabricName: string): Promise<Fabric | undefined> {
    return this.memo(`fabric:${fabricName.toLowerCase()}`, () => this.client.getFabric(fabricName));
  }

  fabrics(): Promise<Fabric[]> {
    return this.memo("fabrics", () => this.client.listFabrics());
  }

  vCenters(fabricName: string): Promise<VCenter[]> {
    return this.memo(`vcenters:${fabricName.toLowerCase()}`, () => this.client.listVCenters(fabricName));
  }

  containers(fabricName: string): Promise<ProtectionContainer[]> {
    return this.memo(`containers:${fabricName.toLowerCase()}`, () =>
      this.client.listProtectionContainers(fabricName),
    );
  }

  protectedItems(fabricName: string, containerName: string): Promise<ReplicationProtectedItem[]> {
    return this.memo(`items:${fabricName.toLowerCase()}/${containerName.toLowerCase()}`, () =>
      this.client.listProtectedItems({ fabricName, containerName }),
    );
  }

  containerMappings(fabricName: string, containerName: string): Promise<ProtectionContainerMapping[]> {
    return this.memo(`mappings:${fabricName.toLowerCase()}/${containerName.toLowerCase()}`, () =>
      this.client.listContainerMappings(fabricName, containerName),
    );
  }

  recoveryPlans(): Promise<RecoveryPlan[]> {
    return this.memo("recoveryPlans", () => this.client.listRecoveryPlans());
  }

  policies(): Promise<Policy[]> {
    return this.memo("policies", () => this.client.listPolicies());
  }

  connections(resourceGroup: string): Promise<NetworkModels.VirtualNetworkGatewayConnection[]> {
    return this.memo(`connections:${resourceGroup.toLowerCase()}`, () =>
      this.client.listConnections(resourceGroup),
    );
  }

  connection(
    resourceGroup: string,
    connectionName: string,
  ): Promise<NetworkModels.VirtualNetworkGatewayConnection | undefined> {
    return this.memo(`connection:${resourceGroup.toLowerCase()}/${connectionName.toLowerCase()}`, () =>
      this.client.getConnection(resourceGroup, connectionName),
    );
  }

  gateway(
    resourceGroup: string,
    gatewayName: string,
  ): Promise<NetworkModels.VirtualNetworkGateway | undefined> {
    return this.memo(`gateway:${resourceGroup.toLowerCase()}/${gatewayName.toLowerCase()}`, () =>
      this.client.getVirtualNetworkGateway(resourceGroup, gatewayName),
    );
  }

  circuit(
    resourceGroup: string,
    circuitName: string,
  ): Promise<NetworkModels.ExpressRouteCircuit | undefined> {
    return this.memo(`circuit:${resourceGroup.toLowerCase()}/${circuitName.toLowerCase()}`, () =>
      this.client.getExpressRouteCircuit(resourceGroup, circuitName),
    );
  }

  virtualNetwork(resourceGroup: string, name: string): Promise<NetworkModels.VirtualNetwork | undefined> {
    return this.memo(`vnet:${resourceGroup.toLowerCase()}/${name.toLowerCase()}`, () =>
      this.client.getVirtualNetwork(resourceGroup, name),
    );
  }

  virtualMachine(resourceGroup: string, name: string): Promise<Record<string, unknown> | undefined> {
    return this.memo(`vm:${resourceGroup.toLowerCase()}/${name.toLowerCase()}`, () =>
      this.client.getVirtualMachine(resourceGroup, name),
    );
  }

  connectivity(spec: ConnectivityCheckSpec): Promise<NetworkModels.ConnectivityInformation> {
    const key = `reach:${spec.sourceVmId.toLowerCase()}>${spec.destinationAddress}:${spec.destinationPort}`;
    return this.memo(key, () => this.client.checkConnectivity(spec));
  }
}

let shared: Promise<LiveSite> | undefined;

onProviderReset(() => {
  shared = undefined;
});

/** The process-wide live site over {@link getAsrClient}'s client. */
export function getLiveSite(): Promise<LiveSite> {
  if (!shared) {
    const pending = getAsrClient().then((client) => new LiveSite(client));
    pending.catch(() => {
      if (shared === pending) shared = undefined;
    });
    shared = pending;
  }
  return shared;
}
