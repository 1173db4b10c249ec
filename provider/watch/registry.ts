/**
 * The process's vault watchers, one per vault. A dynamic provider serves every FailbackPlan of a
 * stack from one process, so plans that share a vault share its watcher and its sweeps.
 */
import type { Job, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient, ProtectedItemRef } from "../client";
import type { Clock } from "../waits";
import { clientSources, fabricOf, itemKey } from "./sources";
import { type ItemWait, type JobWait, VaultWatcher } from "./vaultWatcher";

/** A vault's watcher, with waits named by the client's references. */
export class VaultWatch {
  private readonly refs = new Map<string, ProtectedItemRef>();
  readonly watcher: VaultWatcher;

  constructor(
    readonly client: AsrClient,
    clock: Clock,
    intervalInMs: number,
  ) {
    this.watcher = new VaultWatcher(clientSources(client, this.refs), clock, intervalInMs);
  }

  /** Waits for a job (see {@link VaultWatcher.awaitJob}). */
  awaitJob(wait: JobWait): Promise<Job> {
    return this.watcher.awaitJob(wait);
  }

  /** Waits for the protected item `ref` (see {@link VaultWatcher.awaitItem}). */
  awaitItem(
    ref: ProtectedItemRef,
    wait: Omit<ItemWait, "itemKey" | "fabricName">,
  ): Promise<ReplicationProtectedItem> {
    const key = itemKey(ref);
    this.refs.set(key, ref);
    const fabricName = fabricOf(ref);
    return this.watcher.awaitItem({ ...wait, itemKey: key, ...(fabricName ? { fabricName } : {}) });
  }
}

const watches = new Map<string, VaultWatch>();

/** Endpoint, subscription, resource group and vault: what one watcher serves. */
function vaultKey(client: AsrClient): string {
  const config = (client as Partial<AsrClient>).config;
  if (!config) return "(unconfigured client)";
  return [config.endpoint, config.subscriptionId, config.resourceGroup, config.vaultName]
    .join("|")
    .toLowerCase();
}

/**
 * The watcher of `client`'s vault. An idle watcher made for another client, clock or interval
 * (a reconfigured provider, a test) is replaced; a busy one is shared as it is, so waits in
 * flight keep their sweeps.
 */
export function vaultWatchFor(
  client: AsrClient,
  options: { readonly clock: Clock; readonly intervalInMs: number },
): VaultWatch {
  const key = vaultKey(client);
  const existing = watches.get(key);
  if (
    existing &&
    (existing.watcher.waiting > 0 ||
      (existing.client === client &&
        existing.watcher.clock === options.clock &&
        existing.watcher.intervalInMs === options.intervalInMs))
  )
    return existing;
  const created = new VaultWatch(client, options.clock, options.intervalInMs);
  watches.set(key, created);
  return created;
}

/** The watcher of `client`'s vault, if one was made (tests and benchmarks read its counts). */
export function existingVaultWatch(client: AsrClient): VaultWatch | undefined {
  return watches.get(vaultKey(client));
}
