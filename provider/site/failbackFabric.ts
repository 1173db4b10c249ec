/**
 * The fabric machines fail back to, read for the reprotection rules: a VMware configuration
 * server (its view and site facts), or a Hyper-V site (its protected items).
 */
import type { Flavor, SiteFacts } from "../rules/types";
import { itemFacts, readVmwareSite, type VmwareFabricView } from "./facts";
import type { LiveSite } from "./liveSite";

/** A failback fabric as read; `view` only for a VMware fabric. */
export interface FailbackFabric {
  readonly facts: SiteFacts;
  readonly view?: VmwareFabricView;
}

/**
 * Reads the fabric through the check cache. Undefined when the vault has no such fabric (for
 * VMware and physical: no VMware configuration server fabric of that name).
 *
 * @param now reads the time heartbeat ages are measured against, once the site is read
 */
export async function readFailbackFabric(
  site: LiveSite,
  fabricName: string,
  flavor: Flavor,
  now: () => Date,
): Promise<FailbackFabric | undefined> {
  if (flavor === "hyperv") {
    const fabric = await site.fabric(fabricName);
    if (!fabric) return undefined;
    const containers = await site.containers(fabricName);
    const items = (
      await Promise.all(containers.filter((c) => c.name).map((c) => site.protectedItems(fabricName, c.name!)))
    ).flat();
    return { facts: { protectedItems: items.map(itemFacts) } };
  }
  const read = await readVmwareSite(site, fabricName, now);
  if (!read) return undefined;
  return { facts: read.facts, view: read.view };
}
