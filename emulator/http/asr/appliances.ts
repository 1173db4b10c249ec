/**
 * Replication appliances of the modernized site: the component entries of the `InMageRcm`
 * fabric's custom details (one entry per appliance in each of `processServers`, `rcmProxies`,
 * `pushInstallers`, `replicationAgents`, `reprotectAgents`, `marsAgents`, `dras`, all carrying the
 * appliance's ID) and the vault's `replicationAppliances` list, which groups the same entries per
 * appliance (`InMageRcmApplianceSpecificDetails`).
 */
import { DiscoveredMachineIdCodec, FabricIdCodec } from "asr-contract";
import {
  type ApplianceView,
  applianceViews,
  discoveredVCenterId,
  itemsServedBy,
  vCenterOfItem,
  vmwareSiteId,
  vmwareSiteScope,
} from "../../model/appliances";
import { guidFrom } from "../../model/ids";
import type { ApplianceComponentKind, ProtectionHealth } from "../../model/scenarioApplianceSite";
import type { WorldState } from "../../model/world";
import { page } from "../context";
import type { Route } from "../router";
import { GB, healthErrorJson, iso, MINUTE_MS, VAULT, vaultScope } from "./common";

/** RcmComponentStatus of a component of that health. */
function componentStatus(health: ProtectionHealth): "Healthy" | "Warning" | "Critical" {
  return health === "Normal" ? "Healthy" : health;
}

/** ARM ID of the machine the VMware site discovered for an appliance or a protected VM. */
export function discoveredMachineId(world: WorldState, machineName: string): string {
  return DiscoveredMachineIdCodec.format({
    ...vmwareSiteScope(world.scenario),
    machineName: `vsphere_${guidFrom("discovered-machine", machineName)}`,
  });
}

/** One component entry of an appliance, in the shape of its array in the fabric. */
function componentJson(world: WorldState, view: ApplianceView, kind: ApplianceComponentKind, nowMs: number) {
  const component = view.components.find((candidate) => candidate.kind === kind)!;
  const appliance = view.appliance;
  const identity = {
    id: view.id,
    name: appliance.name,
    biosId: guidFrom("appliance-bios", appliance.name).toUpperCase(),
  };
  const state = {
    version: appliance.version,
    lastHeartbeatUtc: iso(component.lastHeartbeatMs),
    health: component.health,
    healthErrors: component.healthErrors.map((error) =>
      healthErrorJson(
        { code: error.code, message: error.message },
        view.id,
        nowMs,
        component.health === "Critical" ? "Critical" : "Error",
      ),
    ),
  };
  const served = itemsServedBy(world, view.id);
  if (kind === "dra") {
    return {
      ...identity,
      ...state,
      forwardProtectedItemCount: served.forward,
      reverseProtectedItemCount: served.reverse,
    };
  }
  const common = {
    ...identity,
    fabricObjectId: discoveredMachineId(world, appliance.name),
    fqdn: appliance.fqdn ?? appliance.name,
    ...state,
  };
  const status = componentStatus(component.health);
  switch (kind) {
    case "processServer":
      return {
        ...common,
        ipAddresses: [appliance.ipAddress],
        totalMemoryInBytes: 32 * GB,
        availableMemoryInBytes: 20 * GB,
        usedMemoryInBytes: 12 * GB,
        memoryUsagePercentage: 37.5,
        totalSpaceInBytes: 1024 * GB,
        availableSpaceInBytes: 700 * GB,
        usedSpaceInBytes: 324 * GB,
        freeSpacePercentage: 68.4,
        throughputUploadPendingDataInBytes: 0,
        throughputInBytes: 0,
        processorUsagePercentage: 12,
        throughputStatus: status,
        systemLoad: 2,
        systemLoadStatus: status,
        diskUsageStatus: status,
        memoryUsageStatus: status,
        processorUsageStatus: status,
        protectedItemCount: served.forward,
        historicHealth: component.health,
      };
    case "rcmProxy":
      return { ...common, clientAuthenticationType: "Certificate" };
    case "reprotectAgent":
      return {
        ...common,
        protectedItemCount: served.reverse,
        accessibleDatastores: appliance.accessibleDatastores,
        vcenterId: appliance.vCenter ? discoveredVCenterId(world.scenario, appliance.vCenter) : undefined,
        lastDiscoveryInUtc: iso(nowMs - 15 * MINUTE_MS),
      };
    default:
      return common;
  }
}

/** The Mobility agents of the site's protected machines (`agentDetails` of the fabric). */
function agentDetailsJson(world: WorldState) {
  return world.scenario.protectedItems
    .filter((item) => item.replicationPath === "modernized")
    .map((item) => ({
      agentId: guidFrom("mobility-agent", item.name),
      machineId: guidFrom("machine", item.name),
      biosId: guidFrom("bios", item.name).toUpperCase(),
      fqdn: item.friendlyName ?? item.name,
      disks: item.disks.map((disk, index) => ({
        diskId: guidFrom("disk", item.name, disk.name),
        diskName: disk.name,
        isOSDisk: String(index === 0),
        capacityInBytes: Math.round(disk.sizeInGb * GB),
        lunId: index,
      })),
    }));
}

/** `customDetails` of the InMageRcm fabric (`InMageRcmFabricSpecificDetails`). */
export function inMageRcmFabricDetails(world: WorldState, nowMs: number) {
  const scenario = world.scenario;
  const views = applianceViews(scenario, nowMs);
  const components = (kind: ApplianceComponentKind) =>
    views.map((view) => componentJson(world, view, kind, nowMs));
  const tenantId = guidFrom("tenant", scenario.subscriptionId);
  return {
    instanceType: "InMageRcm",
    vmwareSiteId: vmwareSiteId(scenario),
    serviceEndpoint: `https://${scenario.location}-rcm.siterecovery.windowsazure.com`,
    serviceResourceId: guidFrom("rcm-service-resource", scenario.vault.name),
    serviceContainerId: guidFrom("rcm-service-container", scenario.vault.name),
    dataPlaneUri: `https://${scenario.location}-rcm-dataplane.siterecovery.windowsazure.com`,
    controlPlaneUri: `https://${scenario.location}-rcm-controlplane.siterecovery.windowsazure.com`,
    sourceAgentIdentityDetails: {
      tenantId,
      applicationId: guidFrom("source-agent-application", scenario.vault.name),
      objectId: guidFrom("source-agent-object", scenario.vault.name),
      audience: `https://${scenario.vault.name}-rcm.siterecovery.windowsazure.com`,
      aadAuthority: `https://login.microsoftonline.com/${tenantId}`,
    },
    processServers: components("processServer"),
    rcmProxies: components("rcmProxy"),
    pushInstallers: components("pushInstaller"),
    replicationAgents: components("replicationAgent"),
    reprotectAgents: components("reprotectAgent"),
    marsAgents: components("marsAgent"),
    dras: components("dra"),
    agentDetails: agentDetailsJson(world),
  };
}

/** The `replicationAppliances` list: one entry for the InMageRcm fabric, grouping its appliances. */
export function replicationAppliancesJson(world: WorldState, nowMs: number) {
  const site = world.scenario.applianceSite;
  if (!site) return [];
  const fabricArmId = FabricIdCodec.format({ ...vaultScope(world.scenario), fabricName: site.fabricName });
  const appliances = applianceViews(world.scenario, nowMs).map((view) => ({
    id: view.id,
    name: view.appliance.name,
    fabricArmId,
    processServer: componentJson(world, view, "processServer", nowMs),
    rcmProxy: componentJson(world, view, "rcmProxy", nowMs),
    pushInstaller: componentJson(world, view, "pushInstaller", nowMs),
    replicationAgent: componentJson(world, view, "replicationAgent", nowMs),
    reprotectAgent: componentJson(world, view, "reprotectAgent", nowMs),
    marsAgent: componentJson(world, view, "marsAgent", nowMs),
    dra: componentJson(world, view, "dra", nowMs),
    switchProviderBlockingErrorDetails: [],
  }));
  return [{ properties: { providerSpecificDetails: { instanceType: "InMageRcm", appliances } } }];
}

/** The vCenter ID a modernized item's VM was discovered in (none for a physical server). */
export function itemVCenterId(world: WorldState, itemName: string): string | undefined {
  const vCenter = vCenterOfItem(world.scenario, itemName);
  return vCenter ? discoveredVCenterId(world.scenario, vCenter) : undefined;
}

/** The replication appliance routes: the vault lists them (there is no get of one appliance). */
export const applianceRoutes: Route[] = [
  {
    method: "GET",
    pattern: `${VAULT}/replicationAppliances`,
    operation: "ReplicationAppliances_List",
    handler: (request) =>
      page(request, replicationAppliancesJson(request.services.store.state, request.services.store.nowMs())),
  },
];
