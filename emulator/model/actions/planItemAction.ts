/**
 * Planning an action on one item: refuses what the item's state does not allow (another job
 * running, an operation not in allowedOperations) and picks the action's planner by direction.
 */
import { Errors } from "../../errors";
import { describeItem, operationNeeded } from "../itemStateMachine";
import { towardOnPremises } from "../itemView";
import type { WorldState } from "../world";
import { planApplianceFailback } from "./applianceFailback";
import { planApplianceReprotectToAzure } from "./applianceReprotectToAzure";
import { planApplianceReprotectToOnPremises } from "./applianceReprotectToOnPremises";
import { planApplianceCancelFailover, planCancelFailover } from "./cancelFailover";
import { planCommit } from "./commit";
import {
  type ActionPlanner,
  type ItemAction,
  type ItemActionPlan,
  itemLabel,
  type Properties,
} from "./common";
import { planFailbackToOnPremises } from "./failbackToOnPremises";
import {
  planApplianceFailoverToAzure,
  planPlannedFailoverToAzure,
  planUnplannedFailoverToAzure,
} from "./failoverToAzure";
import { planHyperVPlannedFailback } from "./hyperVPlannedFailback";
import { planRepairReplication } from "./repairReplication";
import { planReprotectToAzure } from "./reprotectToAzure";
import { planReprotectToOnPremises } from "./reprotectToOnPremises";

/** The planner of each action on a classic or Hyper-V item; the direction depends on the item's phase. */
const planners: Record<ItemAction, ActionPlanner> = {
  reProtect: (world, item, properties, nowMs) =>
    item.phase === "FailoverCommittedInAzure"
      ? planReprotectToOnPremises(world, item, properties, nowMs)
      : planReprotectToAzure(world, item, properties, nowMs),
  unplannedFailover: (world, item, properties, nowMs) =>
    item.phase === "ReplicatingToOnPremises"
      ? planFailbackToOnPremises(world, item, properties, nowMs)
      : planUnplannedFailoverToAzure(item),
  plannedFailover: (world, item, properties, nowMs) =>
    item.phase === "FailoverCommittedInAzure"
      ? planHyperVPlannedFailback(world, item, properties, nowMs)
      : planPlannedFailoverToAzure(item),
  failoverCommit: (_world, item) => planCommit(item),
  failoverCancel: (_world, item) => planCancelFailover(item),
  repairReplication: (world, item) => planRepairReplication(world, item),
};

/**
 * The planner of each action on a modernized (replication appliance) item: reprotect goes to the
 * site from an item failed over to Azure, and to Azure from one that failed back.
 */
const modernizedPlanners: Record<ItemAction, ActionPlanner> = {
  reProtect: (world, item, properties, nowMs) =>
    towardOnPremises.includes(item.phase)
      ? planApplianceReprotectToAzure(world, item, properties, nowMs)
      : planApplianceReprotectToOnPremises(world, item, properties, nowMs),
  unplannedFailover: planApplianceFailoverToAzure,
  plannedFailover: planApplianceFailback,
  failoverCommit: (_world, item) => planCommit(item),
  failoverCancel: (_world, item) => planApplianceCancelFailover(item),
  repairReplication: (world, item) => planRepairReplication(world, item),
};

/**
 * Plans `action` on one item at `nowMs`. Throws an {@link ArmError} for a refusal (operation not
 * in allowedOperations, another job running, invalid input); returns the job layout otherwise.
 */
export function planItemAction(
  world: WorldState,
  itemName: string,
  action: ItemAction,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const item = world.items[itemName];
  if (!item) throw Errors.asrObjectNotFound("protected item", itemName);
  const label = itemLabel(world, itemName);
  if (item.activeJobName) throw Errors.conflictingJob(label, item.activeJobName);
  const view = describeItem(item, undefined, nowMs);
  const needed = operationNeeded(item, action);
  if (!view.allowedOperations.includes(needed)) {
    throw Errors.operationNotAllowed(needed, label, view.protectionState, view.allowedOperations);
  }
  const planner = item.replicationPath === "modernized" ? modernizedPlanners[action] : planners[action];
  return planner(world, item, properties, nowMs);
}
