/**
 * The vault-level `ReplicationProtectedItems_List`'s `$filter` on the item's source fabric (of the
 * SDK's `ProtectedItemsQueryParameter`). Every fabric of a scenario answers the scenario's region
 * as its `location`, so that is the location an item's source fabric is matched against.
 */
import type { ProtectedItemFilterProperty } from "asr-contract";
import { z } from "zod";
import { containerOfItem, type ItemState, type WorldState } from "../../model/world";
import type { EmulatorRequest } from "../context";
import { type ListFilter, readListFilter } from "../listFilter";
import { same } from "./common";

/** The properties the vault-level items list filters on. */
export const PROTECTED_ITEM_FILTER = {
  sourceFabricName: z.string(),
  sourceFabricLocation: z.string(),
} satisfies Record<ProtectedItemFilterProperty, z.ZodType<unknown, string>>;

/** A read items filter. */
export type ProtectedItemFilter = ListFilter<typeof PROTECTED_ITEM_FILTER>;

/** The request's items filter; refuses one the list cannot honour. */
export function readProtectedItemFilter(request: EmulatorRequest): ProtectedItemFilter {
  return readListFilter(request, PROTECTED_ITEM_FILTER);
}

/** True when `item` passes every term of `filter`. */
export function itemMatchesFilter(world: WorldState, item: ItemState, filter: ProtectedItemFilter): boolean {
  const { fabricName } = containerOfItem(world.scenario, item.name);
  if (filter.sourceFabricName !== undefined && !same(fabricName, filter.sourceFabricName)) return false;
  if (
    filter.sourceFabricLocation !== undefined &&
    !same(world.scenario.location, filter.sourceFabricLocation)
  )
    return false;
  return true;
}
