/**
 * Actions on a recovery plan: one job over every item of the plan. The plan's request carries one
 * `providerSpecificDetails` entry per replication provider; each item gets the entry of its own
 * instanceType (or a bare one) and is planned as an item action.
 */
import { Errors } from "../../errors";
import type { ItemState, WorldState } from "../world";
import type { ItemAction, ItemActionPlan, Properties } from "./common";
import { planItemAction } from "./planItemAction";

/** The instanceType a plan action's provider details need for an item in its phase. */
function expectedPlanInstanceType(item: ItemState, action: ItemAction): string | undefined {
  const { flavor, phase } = item;
  if (item.replicationPath === "modernized") {
    if (action === "unplannedFailover") return "InMageRcm";
    if (action === "plannedFailover") return "InMageRcmFailback";
    return undefined;
  }
  if (action === "unplannedFailover")
    return flavor === "HyperV"
      ? "HyperVReplicaAzure"
      : phase === "ReplicatingToOnPremises"
        ? "InMage"
        : "InMageAzureV2";
  if (action === "plannedFailover")
    return flavor === "HyperV" && phase === "FailoverCommittedInAzure"
      ? "HyperVReplicaAzureFailback"
      : "HyperVReplicaAzure";
  if (action === "reProtect") return flavor === "HyperV" ? "HyperVReplicaAzure" : undefined;
  return undefined;
}

function providerEntries(properties: Properties): Properties[] {
  return Array.isArray(properties["providerSpecificDetails"])
    ? (properties["providerSpecificDetails"] as Properties[])
    : [];
}

/**
 * Plans `action` on every item of a recovery plan. Refuses a reprotect of a plan with VMware or
 * physical items (Site Recovery reprotects those one by one).
 */
export function planRecoveryPlanAction(
  world: WorldState,
  plan: { readonly name: string; readonly items: readonly string[] },
  action: ItemAction,
  properties: Properties,
  nowMs: number,
): ItemActionPlan[] {
  if (action === "reProtect") {
    const vmware = plan.items.some((name) => world.items[name]?.flavor !== "HyperV");
    if (vmware) throw Errors.recoveryPlanReprotectNotSupported(plan.name);
  }
  const entries = providerEntries(properties);
  return plan.items.map((itemName) => {
    const item = world.items[itemName]!;
    const wanted = expectedPlanInstanceType(item, action);
    const entry = entries.find((candidate) => candidate["instanceType"] === wanted);
    const itemProperties: Properties = {
      failoverDirection: properties["failoverDirection"],
      providerSpecificDetails: entry ?? (wanted ? { instanceType: wanted } : undefined),
    };
    if (item.flavor !== "HyperV" && wanted === "InMage" && entry?.["recoveryPointType"] === "Latest") {
      (itemProperties["providerSpecificDetails"] as Properties)["recoveryPointType"] = "LatestTime";
    }
    return planItemAction(world, itemName, action, itemProperties, nowMs);
  });
}

/** Plans a restarted plan job again: every item with the plan request's first provider entry. */
export function planRestartedRecoveryPlanItems(
  world: WorldState,
  itemNames: readonly string[],
  action: ItemAction,
  planInput: Properties,
  nowMs: number,
): ItemActionPlan[] {
  const itemInput = {
    failoverDirection: planInput["failoverDirection"],
    providerSpecificDetails: providerEntries(planInput)[0],
  };
  return itemNames.map((itemName) => planItemAction(world, itemName, action, itemInput, nowMs));
}
