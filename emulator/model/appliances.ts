/**
 * Facts of the modernized site derived from the world: each replication appliance's components
 * with their health and heartbeats at a point in time, which appliance an ID names, the disks an
 * appliance already serves for failback, and the Azure Migrate (OffAzure) IDs of what the VMware
 * site discovered.
 */
import { ApplianceErrorCodes, DiscoveredVCenterIdCodec, VMwareSiteIdCodec } from "asr-contract";
import type { Scenario } from "./scenario";
import {
  APPLIANCE_COMPONENT_KINDS,
  type ApplianceComponentKind,
  applianceIdOf,
  type ProtectionHealth,
  type ScenarioAppliance,
} from "./scenarioApplianceSite";
import { findScenarioItem } from "./scenarioItems";
import type { WorldState } from "./world";

const MINUTE_MS = 60_000;

/** Disks one appliance takes attached for failback (MR-05). */
export const APPLIANCE_MAX_FAILBACK_DISKS = 60;

/** One component of an appliance as the fabric reports it at a point in time. */
export interface ApplianceComponentView {
  readonly kind: ApplianceComponentKind;
  readonly health: ProtectionHealth;
  readonly lastHeartbeatMs: number;
  readonly healthErrors: readonly { readonly code: string; readonly message: string }[];
}

/** A replication appliance: its ID (shared by its components), its scenario entry and its components. */
export interface ApplianceView {
  readonly id: string;
  readonly appliance: ScenarioAppliance;
  readonly components: readonly ApplianceComponentView[];
}

/** The appliance's components at `nowMs`: a disconnected appliance's heartbeats stopped and it reports Critical. */
function componentsOf(
  scenario: Scenario,
  appliance: ScenarioAppliance,
  nowMs: number,
): ApplianceComponentView[] {
  const startMs = Date.parse(scenario.startTime);
  return APPLIANCE_COMPONENT_KINDS.map((kind) => {
    const override = appliance.components[kind];
    const minutesAgo = override?.heartbeatMinutesAgo ?? appliance.heartbeatMinutesAgo;
    if (!appliance.connected) {
      const lastHeartbeatMs = startMs - minutesAgo * MINUTE_MS;
      return {
        kind,
        health: "Critical",
        lastHeartbeatMs,
        healthErrors: [
          {
            code: ApplianceErrorCodes.applianceNotHealthy,
            message: `Appliance ${appliance.name} has sent no heartbeat since ${new Date(lastHeartbeatMs).toISOString()}.`,
          },
          ...(override?.healthErrors ?? []),
        ],
      };
    }
    return {
      kind,
      health: override?.health ?? appliance.health,
      lastHeartbeatMs: nowMs - minutesAgo * MINUTE_MS,
      healthErrors: override?.healthErrors ?? [],
    };
  });
}

/** Every appliance of the scenario's appliance site at `nowMs`. */
export function applianceViews(scenario: Scenario, nowMs: number): ApplianceView[] {
  return (scenario.applianceSite?.appliances ?? []).map((appliance) => ({
    id: applianceIdOf(appliance),
    appliance,
    components: componentsOf(scenario, appliance, nowMs),
  }));
}

/** The appliance with this ID (GUIDs compare case-insensitively), at `nowMs`. */
export function applianceById(scenario: Scenario, id: string, nowMs: number): ApplianceView | undefined {
  return applianceViews(scenario, nowMs).find((view) => view.id.toLowerCase() === id.toLowerCase());
}

/** Components of an appliance that are not healthy (MR-02). */
export function unhealthyComponents(view: ApplianceView): ApplianceComponentView[] {
  return view.components.filter((component) => component.health !== "Normal");
}

/**
 * Disks the appliance serves for failback: those of the items replicating back (or failed back)
 * through its reprotect agent, other than `exceptItem` (MR-05).
 */
export function failbackDisksServedBy(world: WorldState, applianceId: string, exceptItem?: string): number {
  let disks = 0;
  for (const item of Object.values(world.items)) {
    if (item.name === exceptItem || item.phase !== "ReplicatingToOnPremises") continue;
    if (item.applianceReprotect?.reprotectAgentId.toLowerCase() !== applianceId.toLowerCase()) continue;
    const source = findScenarioItem(world.scenario, item.name);
    disks += source?.disks.length ?? 0;
  }
  return disks;
}

/** Items the appliance serves: replicating to Azure through its process server, and back through its reprotect agent. */
export function itemsServedBy(world: WorldState, applianceId: string): { forward: number; reverse: number } {
  const id = applianceId.toLowerCase();
  let forward = 0;
  let reverse = 0;
  for (const item of Object.values(world.items)) {
    if (item.replicationPath !== "modernized") continue;
    if (item.phase === "Protected" && item.forwardApplianceId?.toLowerCase() === id) forward += 1;
    if (
      item.phase === "ReplicatingToOnPremises" &&
      item.applianceReprotect?.reprotectAgentId.toLowerCase() === id
    )
      reverse += 1;
  }
  return { forward, reverse };
}

/** The VMware site's ARM scope (its subscription, resource group and name). */
export function vmwareSiteScope(scenario: Scenario): {
  subscriptionId: string;
  resourceGroup: string;
  siteName: string;
} {
  const site = scenario.applianceSite;
  if (!site) throw new Error("internal error: the scenario has no appliance site");
  return {
    subscriptionId: scenario.subscriptionId,
    resourceGroup: site.vmwareSiteResourceGroup ?? scenario.resourceGroup,
    siteName: site.vmwareSiteName,
  };
}

/** ARM ID of the VMware site. */
export function vmwareSiteId(scenario: Scenario): string {
  return VMwareSiteIdCodec.format(vmwareSiteScope(scenario));
}

/** ARM ID of a vCenter as the VMware site discovered it. */
export function discoveredVCenterId(scenario: Scenario, vCenterName: string): string {
  return DiscoveredVCenterIdCodec.format({ ...vmwareSiteScope(scenario), vCenterName });
}

/** The vCenter (name) a scenario item's VM lives in, through its ESX host. */
export function vCenterOfItem(scenario: Scenario, itemName: string): string | undefined {
  const source = findScenarioItem(scenario, itemName);
  const host = scenario.esxHosts.find((candidate) => candidate.name === source?.esxHost);
  return host?.vCenter;
}
