/**
 * Failover of a replicating item to Azure: unplanned (VMware, physical, Hyper-V) or planned
 * (Hyper-V, which shuts the on-premises VM down first). Neither fails in the emulator's world.
 */
import { minutes } from "../durations";
import type { ItemState } from "../world";
import { type ItemActionPlan, phase, simplePlan } from "./common";

/** Plans an unplanned failover of a protected item to Azure. */
export function planUnplannedFailoverToAzure(item: ItemState): ItemActionPlan {
  return simplePlan(item, [
    phase("PrerequisitesCheck", "Prerequisites check for failover", minutes(1)),
    phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
  ]);
}

/** Plans a planned failover of a protected Hyper-V item to Azure. */
export function planPlannedFailoverToAzure(item: ItemState): ItemActionPlan {
  return simplePlan(item, [
    phase("PrerequisitesCheck", "Prerequisites check for planned failover", minutes(1)),
    phase("ShutDownOnPremisesVm", "Shut down the on-premises virtual machine", minutes(2)),
    phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
  ]);
}
