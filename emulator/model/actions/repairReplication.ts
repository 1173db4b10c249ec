/** Repair replication (resynchronize): a checksum of every disk after a short job. */
import { checksumMs, minutes, totalDiskGb } from "../durations";
import { scenarioItem } from "../site";
import type { ItemState, WorldState } from "../world";
import { type ItemActionPlan, phase, simplePlan } from "./common";

/** Plans a resynchronization of a replicating item. */
export function planRepairReplication(world: WorldState, item: ItemState): ItemActionPlan {
  const source = scenarioItem(world.scenario, item.name);
  return simplePlan(item, [phase("Resynchronize", "Start resynchronization", minutes(1))], {
    syncDurationMs: checksumMs(world.scenario, totalDiskGb(source)),
  });
}
