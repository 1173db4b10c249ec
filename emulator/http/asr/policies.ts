/** Replication policies: created, updated and deleted through the API or seeded from the scenario. */
import { z } from "zod";
import type { PolicyState, WorldState } from "../../model/world";
import { parseBody } from "../body";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Route } from "../router";
import { acceptedAtOnce, policyId, VAULT } from "./common";
import { policyProviderDetails } from "./policyDetails";

const POLICY = `${VAULT}/replicationPolicies/{policyName}`;

/** A replication provider's policy settings; the rest of its fields depend on the provider. */
const PolicyProviderInput = z.looseObject({ instanceType: z.string().min(1, "is required") });

/** Create (PUT) sends providerSpecificInput; update (PATCH) sends replicationProviderSettings. */
const PolicyBody = z.object({
  properties: z
    .looseObject({
      providerSpecificInput: PolicyProviderInput.nullish(),
      replicationProviderSettings: PolicyProviderInput.nullish(),
    })
    .refine((properties) => properties.providerSpecificInput ?? properties.replicationProviderSettings, {
      message: "is required",
      path: ["providerSpecificInput"],
    }),
});

/** A replication policy. */
export function policyJson(world: WorldState, policy: PolicyState) {
  return {
    id: policyId(world, policy.name),
    name: policy.name,
    type: "Microsoft.RecoveryServices/vaults/replicationPolicies",
    properties: {
      friendlyName: policy.name,
      providerSpecificDetails: policyProviderDetails(policy.instanceType, policy.providerSpecific),
    },
  };
}

function putPolicy(request: EmulatorRequest, mustExist: boolean): EmulatorResponse {
  const store = request.services.store;
  const name = request.params["policyName"]!;
  if (mustExist) store.findPolicy(name);
  const { properties } = parseBody(request, PolicyBody);
  store.upsertPolicy(name, (properties.providerSpecificInput ?? properties.replicationProviderSettings)!);
  return acceptedAtOnce(request);
}

/** The replication policy routes. */
export const policyRoutes: Route[] = [
  ...collectionRoutes<PolicyState>({
    listings: [
      {
        pattern: `${VAULT}/replicationPolicies`,
        operation: "ReplicationPolicies_List",
        entities: (request) => Object.values(request.services.store.state.policies),
      },
    ],
    get: {
      pattern: POLICY,
      operation: "ReplicationPolicies_Get",
      find: (request) => request.services.store.findPolicy(request.params["policyName"]!),
    },
    toJson: (request, policy) => policyJson(request.services.store.state, policy),
  }),
  {
    method: "PUT",
    pattern: POLICY,
    operation: "ReplicationPolicies_Create",
    requestBody: { sdkModel: "CreatePolicyInput" },
    handler: (request) => putPolicy(request, false),
  },
  {
    method: "PATCH",
    pattern: POLICY,
    operation: "ReplicationPolicies_Update",
    requestBody: { sdkModel: "UpdatePolicyInput" },
    handler: (request) => putPolicy(request, true),
  },
  {
    method: "DELETE",
    pattern: POLICY,
    operation: "ReplicationPolicies_Delete",
    handler: (request) => {
      request.services.store.deletePolicy(request.params["policyName"]!);
      return acceptedAtOnce(request);
    },
  },
];
