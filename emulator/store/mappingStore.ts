/** Protection container mappings: a policy associated with a container. */
import { ArmError, Errors } from "../errors";
import { type MappingState, mappingKey } from "../model/world";
import type { PolicyStore } from "./policyStore";
import type { StoreContext } from "./storeContext";

/** The container mappings of the world. */
export class MappingStore {
  constructor(
    private readonly world: StoreContext,
    private readonly policies: PolicyStore,
  ) {}

  /** Creates a container mapping (associates a policy with a container). */
  create(mapping: MappingState): MappingState {
    return this.world.mutate((state) => {
      const policy = this.policies.find(mapping.policyName);
      const stored = { ...mapping, policyName: policy.name };
      state.mappings[mappingKey(mapping.fabricName, mapping.containerName, mapping.name)] = stored;
      return stored;
    });
  }

  /** The mapping, or undefined. */
  find(fabricName: string, containerName: string, name: string): MappingState | undefined {
    return this.world.state.mappings[mappingKey(fabricName, containerName, name)];
  }

  /** Deletes a mapping; refused while a replicating item of the container depends on its policy. */
  delete(fabricName: string, containerName: string, name: string): void {
    this.world.mutate((state) => {
      const key = mappingKey(fabricName, containerName, name);
      const mapping = state.mappings[key];
      if (!mapping) throw Errors.asrObjectNotFound("protection container mapping", name);
      const inUse = Object.values(state.items).some(
        (item) =>
          item.policyName === mapping.policyName &&
          (item.phase === "Protected" || item.phase === "ReplicatingToOnPremises"),
      );
      if (inUse) {
        throw new ArmError(
          400,
          "MappingInUse",
          `Mapping '${name}' is used by replicating items; disable their replication first.`,
        );
      }
      delete state.mappings[key];
    });
  }
}
