/** Protection containers: one per fabric (VMware configuration server, Hyper-V site, appliance site). */
import { ContainerIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import type { Scenario } from "../../model/scenario";
import {
  applianceContainer,
  containerOfItem,
  hyperVContainer,
  vmwareContainer,
  type WorldState,
} from "../../model/world";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest } from "../context";
import type { Route } from "../router";
import { CONTAINER, FABRIC, same, VAULT, vaultScope } from "./common";
import { requireFabric } from "./fabrics";

/** A protection container with the fabric it belongs to. */
export type ContainerRef = ReturnType<typeof containers>[number];

/** The fabric type of a container. */
type ContainerKind = "VMware" | "HyperVSite" | "InMageRcm";

/** Protection containers as (fabric, container) pairs. */
export function containers(
  scenario: Scenario,
): { fabricName: string; containerName: string; kind: ContainerKind }[] {
  const result: { fabricName: string; containerName: string; kind: ContainerKind }[] = [];
  const vmware = vmwareContainer(scenario);
  if (vmware) result.push({ ...vmware, kind: "VMware" });
  const hyperV = hyperVContainer(scenario);
  if (hyperV) result.push({ ...hyperV, kind: "HyperVSite" });
  const appliance = applianceContainer(scenario);
  if (appliance) result.push({ ...appliance, kind: "InMageRcm" });
  return result;
}

/** A protection container. */
export function containerJson(world: WorldState, container: ContainerRef) {
  const count = Object.values(world.items).filter((item) => {
    const owner = containerOfItem(world.scenario, item.name);
    return owner.containerName === container.containerName;
  }).length;
  return {
    id: ContainerIdCodec.format({ ...vaultScope(world.scenario), ...container }),
    name: container.containerName,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers",
    properties: {
      friendlyName: container.containerName,
      fabricFriendlyName: container.fabricName,
      fabricType: container.kind,
      protectedItemCount: count,
      pairingStatus: "Paired",
      role: "Primary",
      fabricSpecificDetails: { instanceType: container.kind },
    },
  };
}

/** The container the path names (its fabric must exist too). */
export function requireContainer(request: EmulatorRequest): ContainerRef {
  const fabricName = requireFabric(request);
  const container = containers(request.services.store.state.scenario).find(
    (candidate) =>
      same(candidate.fabricName, fabricName) &&
      same(candidate.containerName, request.params["containerName"]!),
  );
  if (!container) throw Errors.asrObjectNotFound("protection container", request.params["containerName"]!);
  return container;
}

/** The protection container routes. */
export const containerRoutes: Route[] = collectionRoutes<ContainerRef>({
  listings: [
    {
      pattern: `${FABRIC}/replicationProtectionContainers`,
      operation: "ReplicationProtectionContainers_ListByReplicationFabrics",
      entities: (request) => {
        const fabricName = requireFabric(request);
        return containers(request.services.store.state.scenario).filter(
          (container) => container.fabricName === fabricName,
        );
      },
    },
    {
      pattern: `${VAULT}/replicationProtectionContainers`,
      operation: "ReplicationProtectionContainers_List",
      entities: (request) => containers(request.services.store.state.scenario),
    },
  ],
  get: { pattern: CONTAINER, operation: "ReplicationProtectionContainers_Get", find: requireContainer },
  toJson: (request, container) => containerJson(request.services.store.state, container),
});
