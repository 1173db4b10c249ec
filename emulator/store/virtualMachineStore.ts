/** Virtual machines created through the API (the process server's). */
import { armIdName } from "asr-contract";
import { ArmError } from "../errors";
import type { VmState } from "../model/world";
import { VM_WRITE_ONLY_PATHS, withoutWriteOnlyFields } from "../model/writeOnlyFields";
import type { StoreContext } from "./storeContext";

/** Simulated time a VM takes to provision. */
const COMPUTE_PROVISIONING_MS = 2 * 60_000;

/** The virtual machines of the world. */
export class VirtualMachineStore {
  constructor(private readonly world: StoreContext) {}

  /** Creates or updates a VM. A process server VM starts its registration countdown when provisioned. */
  upsert(fields: Omit<VmState, "createdMs" | "provisionedAtMs">): VmState {
    return this.world.mutate((state) => {
      for (const nicId of fields.nicIds) {
        if (!state.networkInterfaces[armIdName(nicId).toLowerCase()]) {
          throw new ArmError(
            400,
            "InvalidResourceReference",
            `Resource ${nicId} referenced by resource ${fields.name} was not found.`,
          );
        }
      }
      const key = fields.name.toLowerCase();
      const existing = state.virtualMachines[key];
      const nowMs = this.world.nowMs();
      const vm: VmState = {
        ...fields,
        // Never kept, so never persisted to the state file nor answered by a GET.
        body: withoutWriteOnlyFields(fields.body, VM_WRITE_ONLY_PATHS),
        createdMs: existing?.createdMs ?? nowMs,
        provisionedAtMs: existing?.provisionedAtMs ?? nowMs + COMPUTE_PROVISIONING_MS,
      };
      state.virtualMachines[key] = vm;
      return vm;
    });
  }

  /** Deletes a VM. */
  delete(name: string): boolean {
    return this.world.mutate((state) => {
      const key = name.toLowerCase();
      if (!state.virtualMachines[key]) return false;
      delete state.virtualMachines[key];
      return true;
    });
  }
}
