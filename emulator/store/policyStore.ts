/** Replication policies created through the API or seeded from the scenario. */
import { ArmError, Errors } from "../errors";
import type { PolicyState } from "../model/world";
import type { StoreContext } from "./storeContext";

/** The policies of the world. */
export class PolicyStore {
  constructor(private readonly world: StoreContext) {}

  /** Creates or updates a replication policy. */
  upsert(name: string, providerSpecificInput: Record<string, unknown>): PolicyState {
    return this.world.mutate((state) => {
      const instanceType = providerSpecificInput["instanceType"];
      if (typeof instanceType !== "string" || instanceType.length === 0) {
        throw Errors.invalidRequestBody("properties.providerSpecificInput.instanceType is required");
      }
      const existing = Object.values(state.policies).find(
        (policy) => policy.name.toLowerCase() === name.toLowerCase(),
      );
      if (existing && existing.instanceType !== instanceType) {
        throw Errors.invalidParameter(
          `Policy '${name}' is a ${existing.instanceType} policy; its replication provider cannot change.`,
        );
      }
      const { instanceType: _ignored, ...providerSpecific } = providerSpecificInput;
      const policy: PolicyState = {
        name: existing?.name ?? name,
        instanceType,
        providerSpecific: { ...(existing?.providerSpecific ?? {}), ...providerSpecific },
      };
      state.policies[policy.name] = policy;
      return policy;
    });
  }

  /** The policy of that name (case-insensitive). */
  find(name: string): PolicyState {
    const policy = Object.values(this.world.state.policies).find(
      (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
    );
    if (!policy) throw Errors.asrObjectNotFound("replication policy", name);
    return policy;
  }

  /** Deletes a policy; refused while a container mapping uses it (as Site Recovery does). */
  delete(name: string): void {
    this.world.mutate((state) => {
      const policy = this.find(name);
      const mapped = Object.values(state.mappings).some((mapping) => mapping.policyName === policy.name);
      if (mapped) {
        throw new ArmError(
          400,
          "PolicyInUse",
          `Policy '${policy.name}' is associated with a protection container; remove the association first.`,
        );
      }
      delete state.policies[policy.name];
    });
  }
}
