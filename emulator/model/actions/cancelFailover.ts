/** Cancel of an uncommitted failover: the item goes back to replicating from where it failed over. */
import { minutes } from "../durations";
import type { ItemState } from "../world";
import { type ItemActionPlan, phase, simplePlan } from "./common";

/** Plans the cancel of the item's uncommitted failover. */
export function planCancelFailover(item: ItemState): ItemActionPlan {
  return simplePlan(item, [phase("CancelFailover", "Cancel the failover", minutes(2))]);
}

/**
 * Plans the cancel of a modernized item's planned failover (MR-28): the on-premises disks revert,
 * the Azure VM starts again and the replication back resumes (observed job and task names).
 */
export function planApplianceCancelFailover(item: ItemState): ItemActionPlan {
  return {
    ...simplePlan(item, [
      phase("CancelFailoverPreflightChecksTask", "Prerequisites check for cancel failover", minutes(1)),
      phase("CancelFailoverRecovery", "Cancel failover on the recovery side", minutes(2)),
      phase("CancelFailoverPrimary", "Cancel failover on the primary side", minutes(2)),
      phase("StartVmOnPrimary", "Starting the virtual machine", minutes(2)),
    ]),
    job: {
      scenarioName: "CancelFailover",
      friendlyName: "Cancel failover and resume replication",
      detailsType: "AsrJobDetails",
    },
  };
}
