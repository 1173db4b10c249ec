/** Cancel of an uncommitted failover: the item goes back to replicating from where it failed over. */
import { minutes } from "../durations";
import type { ItemState } from "../world";
import { type ItemActionPlan, phase, simplePlan } from "./common";

/** Plans the cancel of the item's uncommitted failover. */
export function planCancelFailover(item: ItemState): ItemActionPlan {
  return simplePlan(item, [phase("CancelFailover", "Cancel the failover", minutes(2))]);
}
