/** Recovery points of a protected item, newest first. */
import { RecoveryPointIdCodec } from "asr-contract";
import { Errors } from "../../errors";
import { type RecoveryPointView, recoveryPointsOf } from "../../model/recoveryPoints";
import { containerOfItem, type ItemState, type WorldState } from "../../model/world";
import { collectionRoutes } from "../collection";
import type { Route } from "../router";
import { ITEM, iso, same, vaultScope } from "./common";
import { requireItem } from "./protectedItems";

/** A recovery point. */
export function recoveryPointJson(world: WorldState, itemName: string, point: RecoveryPointView) {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return {
    id: RecoveryPointIdCodec.format({
      ...vaultScope(world.scenario),
      fabricName,
      containerName,
      itemName,
      recoveryPointName: point.name,
    }),
    name: point.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints",
    properties: { recoveryPointTime: iso(point.timeMs), recoveryPointType: point.type },
  };
}

/** The recovery point routes. */
export const recoveryPointRoutes: Route[] = collectionRoutes<{ item: ItemState; point: RecoveryPointView }>({
  listings: [
    {
      pattern: `${ITEM}/recoveryPoints`,
      operation: "RecoveryPoints_ListByReplicationProtectedItems",
      entities: (request) => {
        const item = requireItem(request);
        const store = request.services.store;
        return recoveryPointsOf(store.state.policies, item, store.nowMs()).map((point) => ({ item, point }));
      },
    },
  ],
  get: {
    pattern: `${ITEM}/recoveryPoints/{recoveryPointName}`,
    operation: "RecoveryPoints_Get",
    find: (request) => {
      const item = requireItem(request);
      const store = request.services.store;
      const point = recoveryPointsOf(store.state.policies, item, store.nowMs()).find((candidate) =>
        same(candidate.name, request.params["recoveryPointName"]!),
      );
      if (!point) throw Errors.asrObjectNotFound("recovery point", request.params["recoveryPointName"]!);
      return { item, point };
    },
  },
  toJson: (request, { item, point }) => recoveryPointJson(request.services.store.state, item.name, point),
});
