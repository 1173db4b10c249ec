/**
 * The protected items a failback plan names, read from the vault: by name or ARM ID, or as the
 * items of a recovery plan; and the recovery points of an item (RP-06).
 */
import type { RecoveryPlan, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { ProtectedItemIdCodec } from "asr-contract";
import type { AsrClient } from "../client";
import type { RecoveryPointFacts } from "../rules/types";

/** Which items a plan names: either `items` (names or ARM IDs) or a recovery plan's items. */
export interface PlanItemsQuery {
  /** Protected items, by name, friendly name or ARM ID. */
  readonly items?: readonly string[] | undefined;
  /** Recovery plan whose items are meant (when `items` is not given). */
  readonly recoveryPlanName?: string | undefined;
}

/** The vault's items by lower-cased ID, name and friendly name (the first of each wins, as a search would). */
function indexOfItems(vaultItems: readonly ReplicationProtectedItem[]) {
  const byId = new Map<string, ReplicationProtectedItem>();
  const byName = new Map<string, ReplicationProtectedItem>();
  const byFriendlyName = new Map<string, ReplicationProtectedItem>();
  const note = (
    map: Map<string, ReplicationProtectedItem>,
    key: string | undefined,
    item: ReplicationProtectedItem,
  ) => {
    if (key !== undefined && !map.has(key.toLowerCase())) map.set(key.toLowerCase(), item);
  };
  for (const item of vaultItems) {
    note(byId, item.id, item);
    note(byName, item.name, item);
    note(byFriendlyName, item.properties?.friendlyName, item);
  }
  return { byId, byName, byFriendlyName };
}

/**
 * Items of the vault the plan names, or the names it could not find.
 *
 * @param planItemIds the recovery plan's item IDs, used when the query names no items
 */
export function resolveItems(
  query: Pick<PlanItemsQuery, "items">,
  planItemIds: readonly string[] | undefined,
  vaultItems: readonly ReplicationProtectedItem[],
): { found: ReplicationProtectedItem[]; missing: string[] } {
  const wanted = query.items ?? planItemIds ?? [];
  const index = indexOfItems(vaultItems);
  const found: ReplicationProtectedItem[] = [];
  const missing: string[] = [];
  for (const reference of wanted) {
    const key = reference.toLowerCase();
    const name = ProtectedItemIdCodec.tryParse(reference)?.itemName.toLowerCase() ?? key;
    const item = index.byId.get(key) ?? index.byName.get(name) ?? index.byFriendlyName.get(name);
    if (item) found.push(item);
    else missing.push(reference);
  }
  return { found, missing };
}

/**
 * The items a plan names, read from the vault (one list call; the plan when a recovery plan).
 * `listVaultItems` reads the vault's items (a check passes the list it shares with the other
 * plans' checks, see `./sharedVaultItems`); by default a fresh list.
 */
export async function readPlanItems(
  client: AsrClient,
  query: PlanItemsQuery,
  listVaultItems: () => Promise<ReplicationProtectedItem[]> = () => client.listProtectedItems(),
): Promise<{ items: ReplicationProtectedItem[]; missing: string[]; plan?: RecoveryPlan }> {
  let plan: RecoveryPlan | undefined;
  let planItemIds: string[] | undefined;
  if (query.recoveryPlanName !== undefined) {
    plan = await client.getRecoveryPlan(query.recoveryPlanName);
    if (!plan) return { items: [], missing: [`recovery plan ${query.recoveryPlanName}`] };
    planItemIds = (plan.properties?.groups ?? []).flatMap((group) =>
      (group.replicationProtectedItems ?? []).map((entry) => entry.id ?? "").filter((id) => id.length > 0),
    );
  }
  const vaultItems = await listVaultItems();
  const { found, missing } = resolveItems(query, planItemIds, vaultItems);
  return { items: found, missing, ...(plan ? { plan } : {}) };
}

/** The recovery points of an item, as the RP-06 rule reads them. */
export async function readRecoveryPointFacts(
  client: AsrClient,
  item: ReplicationProtectedItem,
): Promise<RecoveryPointFacts[]> {
  const points = await client.listRecoveryPoints(item.id ?? item.name ?? "");
  return points.map((point) => ({
    type: /application/i.test(point.properties?.recoveryPointType ?? "")
      ? ("applicationConsistent" as const)
      : ("crashConsistent" as const),
  }));
}
