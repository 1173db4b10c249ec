/** Protection container mappings: which policy a container's items replicate with, and where to. */

import { armIdName, ContainerIdCodec, ContainerMappingIdCodec, PolicyIdCodec } from "asr-contract";
import { z } from "zod";
import { Errors } from "../../errors";
import type { MappingState, WorldState } from "../../model/world";
import { parseBody } from "../body";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Route } from "../router";
import { acceptedAtOnce, CONTAINER, policyId, VAULT, vaultScope } from "./common";
import { requireContainer } from "./containers";

const MAPPING = `${CONTAINER}/replicationProtectionContainerMappings/{mappingName}`;

/** The body of a mapping's PUT: the policy, and the target container (absent: Azure). */
const MappingBody = z.object({
  properties: z.looseObject({
    policyId: z.string().min(1, "is required"),
    targetProtectionContainerId: z.string().nullish(),
    providerSpecificInput: z.looseObject({}).nullish(),
  }),
});

/**
 * `providerSpecificDetails` of a mapping: an InMageRcm (forward) mapping reports whether the
 * agents upgrade themselves; a failback mapping has none (`null`, as recorded), nor has a classic one.
 */
function mappingProviderDetails(mapping: MappingState) {
  const input = mapping.providerSpecificInput;
  if (!input) return undefined;
  const instanceType = String(input["instanceType"] ?? "");
  if (instanceType === "InMageRcmFailback") return null;
  if (instanceType === "InMageRcm")
    return { instanceType, enableAgentAutoUpgrade: String(input["enableAgentAutoUpgrade"] ?? "true") };
  // Only A2A, InMageRcm and VMwareCbt mappings have details in the published model; a classic
  // (InMage, InMageAzureV2, Hyper-V) mapping answers none (inferred: the spec defines no subtype).
  return null;
}

/** A protection container mapping. */
export function mappingJson(world: WorldState, mapping: MappingState) {
  const target = ContainerIdCodec.tryParse(mapping.targetProtectionContainerId);
  return {
    id: ContainerMappingIdCodec.format({
      ...vaultScope(world.scenario),
      fabricName: mapping.fabricName,
      containerName: mapping.containerName,
      mappingName: mapping.name,
    }),
    name: mapping.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings",
    properties: {
      targetProtectionContainerId: mapping.targetProtectionContainerId,
      targetProtectionContainerFriendlyName: target?.containerName ?? "Microsoft Azure",
      health: mapping.health ?? "Normal",
      healthErrorDetails: [],
      policyId: policyId(world, mapping.policyName),
      state: "Paired",
      sourceProtectionContainerFriendlyName: mapping.containerName,
      sourceFabricFriendlyName: mapping.fabricName,
      targetFabricFriendlyName: target?.fabricName ?? "Microsoft Azure",
      policyFriendlyName: mapping.policyName,
      providerSpecificDetails: mappingProviderDetails(mapping),
    },
  };
}

function requireMapping(request: EmulatorRequest): MappingState {
  const container = requireContainer(request);
  const mapping = request.services.store.findMapping(
    container.fabricName,
    container.containerName,
    request.params["mappingName"]!,
  );
  if (!mapping)
    throw Errors.asrObjectNotFound("protection container mapping", request.params["mappingName"]!);
  return mapping;
}

function putMapping(request: EmulatorRequest): EmulatorResponse {
  const store = request.services.store;
  const container = requireContainer(request);
  const { properties } = parseBody(request, MappingBody);
  const policyReference = properties.policyId;
  const policyName = PolicyIdCodec.tryParse(policyReference)?.policyName ?? armIdName(policyReference);
  const targetId = properties.targetProtectionContainerId || "Microsoft Azure";
  if (targetId !== "Microsoft Azure" && !ContainerIdCodec.matches(targetId)) {
    throw Errors.invalidParameter(
      `targetProtectionContainerId '${targetId}' is not a protection container ID.`,
    );
  }
  store.createMapping({
    fabricName: container.fabricName,
    containerName: container.containerName,
    name: request.params["mappingName"]!,
    policyName,
    targetProtectionContainerId: targetId,
    providerSpecificInput: properties.providerSpecificInput ?? undefined,
  });
  return acceptedAtOnce(request);
}

function removeMapping(request: EmulatorRequest): EmulatorResponse {
  const mapping = requireMapping(request);
  request.services.store.deleteMapping(mapping.fabricName, mapping.containerName, mapping.name);
  return acceptedAtOnce(request);
}

/** The protection container mapping routes. */
export const containerMappingRoutes: Route[] = [
  ...collectionRoutes<MappingState>({
    listings: [
      {
        pattern: `${CONTAINER}/replicationProtectionContainerMappings`,
        operation: "ReplicationProtectionContainerMappings_ListByReplicationProtectionContainers",
        entities: (request) => {
          const container = requireContainer(request);
          return Object.values(request.services.store.state.mappings).filter(
            (mapping) =>
              mapping.fabricName === container.fabricName &&
              mapping.containerName === container.containerName,
          );
        },
      },
      {
        pattern: `${VAULT}/replicationProtectionContainerMappings`,
        operation: "ReplicationProtectionContainerMappings_List",
        entities: (request) => Object.values(request.services.store.state.mappings),
      },
    ],
    get: { pattern: MAPPING, operation: "ReplicationProtectionContainerMappings_Get", find: requireMapping },
    toJson: (request, mapping) => mappingJson(request.services.store.state, mapping),
  }),
  {
    method: "PUT",
    pattern: MAPPING,
    operation: "ReplicationProtectionContainerMappings_Create",
    requestBody: { sdkModel: "CreateProtectionContainerMappingInput" },
    handler: putMapping,
  },
  {
    method: "POST",
    pattern: `${MAPPING}/remove`,
    operation: "ReplicationProtectionContainerMappings_Delete",
    requestBody: { sdkModel: "RemoveProtectionContainerMappingInput" },
    handler: removeMapping,
  },
  {
    method: "DELETE",
    pattern: MAPPING,
    operation: "ReplicationProtectionContainerMappings_Purge",
    handler: removeMapping,
  },
];
