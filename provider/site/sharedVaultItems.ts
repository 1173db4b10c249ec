/**
 * One read of the vault's protected items for the FailbackPlans checked together.
 *
 * The engine checks a stack's plans one after another at the start of every preview and update,
 * and each plan resolves its items against the vault's whole list: ten plans of a thousand-VM
 * site read the same ten pages ten times over, and that was most of the preview. A list read
 * within {@link CHECK_LIST_SHARING_MS} serves the checks that follow it, unless this process has
 * driven items since ({@link vaultItemsChanged}). Only `check` uses it: what it judges from the
 * list is judged again from fresh reads before any action.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../client";

/** How long one list of the vault's items serves later checks, in milliseconds. */
export const CHECK_LIST_SHARING_MS = 5_000;

interface SharedList {
  readonly readAtMs: number;
  readonly generation: number;
  readonly items: Promise<ReplicationProtectedItem[]>;
}

const sharedLists = new WeakMap<AsrClient, SharedList>();

/** Bumped whenever this process drives items: a list read before no longer tells where they stand. */
let generation = 0;

/** Tells the shared lists that this process changed (or is about to change) items of the vault. */
export function vaultItemsChanged(): void {
  generation += 1;
}

/** The vault's protected items for a check: a list read less than the sharing window ago, or a new one. */
export function vaultItemsForCheck(
  client: AsrClient,
  nowMs: number = Date.now(),
): Promise<ReplicationProtectedItem[]> {
  const shared = sharedLists.get(client);
  if (shared && shared.generation === generation && nowMs - shared.readAtMs < CHECK_LIST_SHARING_MS)
    return shared.items;
  const items = client.listProtectedItems();
  sharedLists.set(client, { readAtMs: nowMs, generation, items });
  // A failed read is not shared: the next check tries again.
  items.catch(() => {
    if (sharedLists.get(client)?.items === items) sharedLists.delete(client);
  });
  return items;
}
