/**
 * Live reads of a modernized (replication appliance) site for the MR rules: the vault's
 * `InMageRcm` fabric with its appliances, the replication policies, the fabric's container
 * mappings and the recovery plans. Each read goes through the process-wide {@link LiveSite}
 * cache, so a stack with several plans reads each object once.
 */
import type { Fabric } from "@azure/arm-recoveryservices-siterecovery";
import type { ProtectedItemFacts, SiteFacts } from "../rules/types";
import type { LiveSite } from "./liveSite";
import {
  containerMappingFacts,
  inMageRcmDetails,
  modernizedFabricFacts,
  replicationApplianceFacts,
  replicationPolicyFacts,
  withServedDisks,
} from "./modernizedFacts";

/** The modernized parts of the site facts. */
export type ModernizedSiteFacts = Pick<
  SiteFacts,
  "modernizedFabric" | "replicationAppliances" | "replicationPolicies" | "containerMappings" | "recoveryPlans"
>;

/** The vault's `InMageRcm` fabric: the one the items name as their source, else the first listed. */
function pickModernizedFabric(
  fabrics: readonly Fabric[],
  sourceFabricIds: readonly string[],
): Fabric | undefined {
  const modernized = fabrics.filter((fabric) => inMageRcmDetails(fabric) !== undefined);
  const wanted = new Set(sourceFabricIds.map((id) => id.toLowerCase()));
  return modernized.find((fabric) => wanted.has((fabric.id ?? "").toLowerCase())) ?? modernized[0];
}

/**
 * Reads what the MR rules judge for these items. Nothing is read when no item is modernized; a
 * vault without an `InMageRcm` fabric yields no fabric facts (MR-02 then reports it).
 *
 * @param sourceFabricIds the items' `primaryFabricId`/`recoveryFabricId`, to choose the fabric
 * @param now reads the time heartbeat ages are measured against, once the site is read
 */
export async function readModernizedSite(
  live: LiveSite,
  items: readonly ProtectedItemFacts[],
  sourceFabricIds: readonly string[],
  now: () => Date,
): Promise<ModernizedSiteFacts> {
  if (!items.some((item) => item.replicationPath === "modernized")) return {};
  const [fabrics, policies, plans] = await Promise.all([
    live.fabrics(),
    live.policies(),
    live.recoveryPlans(),
  ]);
  const fabric = pickModernizedFabric(fabrics, sourceFabricIds);
  const facts: ModernizedSiteFacts = {
    replicationPolicies: policies.map(replicationPolicyFacts),
    recoveryPlans: plans.map((plan) => ({
      name: plan.name ?? "(unnamed)",
      ...(plan.properties?.replicationProviders
        ? { replicationProviders: plan.properties.replicationProviders }
        : {}),
    })),
  };
  if (!fabric?.name) return facts;
  const containers = await live.containers(fabric.name);
  const mappings = (
    await Promise.all(
      containers
        .filter((container) => container.name !== undefined)
        .map((container) => live.containerMappings(fabric.name!, container.name!)),
    )
  ).flat();
  return {
    ...facts,
    modernizedFabric: modernizedFabricFacts(fabric),
    replicationAppliances: withServedDisks(replicationApplianceFacts(fabric, now()), items),
    containerMappings: mappings.map(containerMappingFacts),
  };
}
