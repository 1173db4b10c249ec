/**
 * The fabric machines fail back to, read for the reprotection rules: a VMware configuration
 * server (its view and site facts), or a Hyper-V site (its connection, hosts and protected items).
 */

import { armIdName } from "asr-contract";
import type { Flavor, SiteFacts } from "../rules/types";
import { itemFacts, readVmwareSite, type VmwareFabricView, vmwareFabricView } from "./facts";
import { hyperVSiteFacts } from "./hyperVSite";
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
    return { facts: { ...hyperVSiteFacts(fabric), protectedItems: items.map(itemFacts) } };
  }
  const read = await readVmwareSite(site, fabricName, now);
  if (!read) return undefined;
  return { facts: read.facts, view: read.view };
}

/** What the fabrics of a plan's items report for the classic and Hyper-V rules. */
export type ItemFabricFacts = Pick<SiteFacts, "hyperVSite" | "hyperVHosts" | "masterTargets">;

/**
 * Reads the fabrics a plan's items sit in: a Hyper-V site's connection and hosts (HV-01), and,
 * in a configuration server fabric, the master target the plan reprotects through (MT-01,
 * MT-06, MT-07), found by its ID or name.
 *
 * @param fabricIds ARM IDs (or names) of the items' fabrics
 * @returns the facts, and the chosen master target's name when it was found by ID
 */
export async function readItemFabrics(
  site: LiveSite,
  fabricIds: readonly string[],
  masterTarget: { readonly id?: string; readonly name?: string },
  now: () => Date,
): Promise<{ facts: ItemFabricFacts; masterTargetName?: string }> {
  const names = [...new Set(fabricIds.filter((id) => id.length > 0).map((id) => armIdName(id)))];
  const fabrics = await Promise.all(names.map((name) => site.fabric(name)));
  const hyperV = fabrics.map(hyperVSiteFacts).find((facts) => facts !== undefined);
  const wantedId = masterTarget.id?.toLowerCase();
  const wantedName = masterTarget.name?.toLowerCase();
  const isChosen = (target: { id: string; facts: { name: string } }) =>
    (wantedId !== undefined && target.id.toLowerCase() === wantedId) ||
    (wantedName !== undefined && target.facts.name.toLowerCase() === wantedName);
  // The master targets of the configuration server the chosen one belongs to (MT-07 looks for
  // an NFS datastore among all of them).
  const siblings =
    fabrics
      .map((fabric) => vmwareFabricView(fabric, now())?.masterTargets ?? [])
      .find((targets) => targets.some(isChosen)) ?? [];
  const chosen = siblings.find(isChosen);
  return {
    facts: { ...hyperV, ...(chosen ? { masterTargets: siblings.map((target) => target.facts) } : {}) },
    ...(chosen ? { masterTargetName: chosen.facts.name } : {}),
  };
}
