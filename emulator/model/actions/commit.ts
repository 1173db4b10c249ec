/** Commit of a failover; committing a VMware failback also deletes the Azure VM (FO-04). */
import { minutes } from "../durations";
import type { ItemState } from "../world";
import { type ItemActionPlan, phase, simplePlan } from "./common";

/** Plans the commit of the item's failover (to Azure or back on premises). */
export function planCommit(item: ItemState): ItemActionPlan {
  return simplePlan(
    item,
    item.phase === "FailedBackToOnPremises" && item.flavor !== "HyperV"
      ? [
          phase("Commit", "Commit the failover", minutes(1)),
          phase("DeleteAzureVm", "Delete the Azure virtual machine", minutes(1)),
        ]
      : [phase("Commit", "Commit the failover", minutes(1))],
  );
}
