/**
 * The jobs and protected items a vault watcher reads, over the client's paged lists.
 */
import type { Job, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { ProtectedItemIdCodec } from "asr-contract";
import type { AsrClient, ProtectedItemRef } from "../client";
import type { ListSource } from "./listWatch";
import type { VaultSources } from "./vaultWatcher";

/**
 * The key of a protected item: `fabric/container/item` in lower case (ARM names are
 * case-insensitive), or the reference itself when it is not an ARM ID.
 */
export function itemKey(ref: ProtectedItemRef): string {
  if (typeof ref !== "string") return `${ref.fabricName}/${ref.containerName}/${ref.itemName}`.toLowerCase();
  const parsed = ProtectedItemIdCodec.tryParse(ref);
  return (parsed ? `${parsed.fabricName}/${parsed.containerName}/${parsed.itemName}` : ref).toLowerCase();
}

/** The fabric of a protected item reference, when it names one. */
export function fabricOf(ref: ProtectedItemRef): string | undefined {
  return typeof ref === "string" ? ProtectedItemIdCodec.tryParse(ref)?.fabricName : ref.fabricName;
}

/** Jobs: listed from the earliest start any waiter may have. */
function jobSource(client: AsrClient): ListSource<Job, Date> {
  return {
    kind: "job",
    // Without a start to narrow it to, the list would be the vault's whole retained history:
    // each job is then read on its own once, which tells its start for the next sweeps.
    listNeedsHint: true,
    listPages(hints, signal) {
      const startedAtOrAfter = new Date(Math.min(...hints.map((hint) => hint.getTime())));
      return client.listJobPages({ abortSignal: signal, filter: { startedAtOrAfter } });
    },
    get: (jobName, signal) => client.getJob(jobName, { abortSignal: signal }),
    keyOf: (job) => job.name,
  };
}

/** Items: the vault-wide list, narrowed to one fabric when every waiter's item is in it. */
function itemSource(
  client: AsrClient,
  refs: Map<string, ProtectedItemRef>,
): ListSource<ReplicationProtectedItem, string> {
  // `sourceFabricName` is inferred to match the fabric in an item's ARM ID (the API documents it
  // only as "the source fabric name filter"); once the filtered list misses an item that a GET
  // then finds, the filter is no longer used.
  let fabricFilterTrusted = true;
  return {
    kind: "protected item",
    listPages(hints, signal) {
      const fabrics = new Set(hints.map((hint) => hint.toLowerCase()));
      const sourceFabricName = fabricFilterTrusted && fabrics.size === 1 ? hints[0] : undefined;
      return client.listProtectedItemPages({
        abortSignal: signal,
        ...(sourceFabricName ? { sourceFabricName } : {}),
      });
    },
    get: (key, signal) => client.getProtectedItem(refs.get(key) ?? key, { abortSignal: signal }),
    keyOf: (item) => itemKey(item.id ?? item.name ?? ""),
    listMissed: () => {
      fabricFilterTrusted = false;
    },
  };
}

/**
 * The sources of a vault over `client`. `refs` maps item keys to the references the waiters gave,
 * for the GET of an item the list missed.
 */
export function clientSources(client: AsrClient, refs: Map<string, ProtectedItemRef>): VaultSources {
  return { jobs: jobSource(client), items: itemSource(client, refs) };
}
