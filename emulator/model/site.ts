/**
 * Facts about the on-premises site and the network derived from the world: which process servers
 * are registered, which datastores a master target sees, whether an Azure virtual network has a
 * path to the configuration server, and the health errors through which Site Recovery reports
 * facts that have no field of their own.
 */
import { SiteHealthCodes } from "asr-contract";
import { guidFrom, stableNumberBetween } from "./ids";
import type { Scenario, ScenarioItem, ScenarioMasterTarget } from "./scenario";
import { findScenarioItem } from "./scenarioItems";
import type { VmState, WorldState } from "./world";

const MINUTE_MS = 60_000;

/** A Site Recovery health error as the fabric shows it. */
export interface HealthErrorView {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly summaryMessage: string;
  readonly possibleCauses: string;
  readonly recommendedAction: string;
  readonly errorLevel: "Error" | "Warning";
  readonly entityId: string;
  readonly creationTimeUtc: string;
  readonly customerResolvability: "Allowed" | "NotAllowed";
}

/** A process server as the configuration server lists it. */
export interface ProcessServerView {
  readonly id: string;
  readonly friendlyName: string;
  readonly ipAddress: string;
  readonly location: "OnPremises" | "Azure";
  readonly lastHeartbeatMs: number;
  /** The Azure VM behind it, for process servers deployed in Azure. */
  readonly vmName?: string;
}

/** Looks an item up by name (names are unique per scenario). */
export function scenarioItem(scenario: Scenario, name: string): ScenarioItem {
  const item = findScenarioItem(scenario, name);
  if (!item) throw new Error(`internal error: no protected item ${name}`);
  return item;
}

/** Site Recovery's ID of a master target server. */
export function masterTargetId(target: ScenarioMasterTarget): string {
  return target.id ?? guidFrom("master-target", target.name).toUpperCase();
}

/** Site Recovery's ID of a scenario process server. */
export function processServerId(server: { id?: string; name: string }): string {
  return server.id ?? guidFrom("process-server", server.name).toUpperCase();
}

/** The master target with this Site Recovery ID (case-insensitive), if any. */
export function findMasterTarget(scenario: Scenario, id: string): ScenarioMasterTarget | undefined {
  return scenario.masterTargets.find((target) => masterTargetId(target).toLowerCase() === id.toLowerCase());
}

/** The vCenter managing an ESX host, if the host is vCenter-managed. */
export function vCenterOfHost(scenario: Scenario, hostName: string) {
  const host = scenario.esxHosts.find((candidate) => candidate.name === hostName);
  return host?.vCenter ? scenario.vCenters.find((vCenter) => vCenter.name === host.vCenter) : undefined;
}

/**
 * Datastores the master target can place disks on, as Site Recovery discovers them: those its
 * ESX host sees — none when the host is undiscovered or the vCenter account is read-only (VC-02).
 */
export function datastoresVisibleTo(
  scenario: Scenario,
  target: ScenarioMasterTarget,
): Scenario["datastores"] {
  const host = scenario.esxHosts.find((candidate) => candidate.name === target.host);
  if (!host?.discovered) return [];
  const vCenter = vCenterOfHost(scenario, target.host);
  if (vCenter?.accountReadOnly) return [];
  return scenario.datastores.filter((datastore) => datastore.hosts.includes(target.host));
}

/** True when a VNet reaches on-premises over a connected VPN or ExpressRoute private peering. */
export function virtualNetworkReachesOnPremises(scenario: Scenario, virtualNetwork: string): boolean {
  const { vpnConnections, expressRouteCircuits } = scenario.connectivity;
  const overVpn = vpnConnections.some(
    (connection) => connection.virtualNetwork === virtualNetwork && connection.status === "Connected",
  );
  const overExpressRoute = expressRouteCircuits.some(
    (circuit) =>
      circuit.serviceProviderProvisioningState === "Provisioned" &&
      circuit.connectionStatus === "Connected" &&
      circuit.connectedVirtualNetworks.includes(virtualNetwork) &&
      circuit.peerings.some(
        (peering) => peering.type === "AzurePrivatePeering" && peering.state === "Enabled",
      ),
  );
  return overVpn || overExpressRoute;
}

/** True when a VNet reaches the configuration server on `port` (NET-06). */
export function virtualNetworkReachesConfigurationServer(
  scenario: Scenario,
  virtualNetwork: string,
  port: number,
): boolean {
  const server = scenario.configurationServer;
  return (
    server?.serviceRunning === true &&
    server.reachablePorts.includes(port) &&
    virtualNetworkReachesOnPremises(scenario, virtualNetwork)
  );
}

/** The virtual network a created VM is attached to (through its first NIC), if known. */
export function virtualNetworkOfVm(world: WorldState, vm: VmState): string | undefined {
  const nicId = vm.nicIds[0];
  if (!nicId) return undefined;
  const nic = world.networkInterfaces[nicId.split("/").pop()!.toLowerCase()];
  if (!nic) return undefined;
  const match = /\/virtualNetworks\/([^/]+)\/subnets\//i.exec(nic.subnetId);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/** When a process server VM registers with the configuration server (PS-03: 10–15 minutes after start). */
export function processServerRegistrationAtMs(vm: VmState): number {
  return vm.provisionedAtMs + Math.round(stableNumberBetween(10, 15, "ps-registration", vm.name) * MINUTE_MS);
}

/** The Site Recovery ID a process server VM gets when it registers. */
export function processServerIdOfVm(vm: VmState): string {
  return guidFrom("process-server-vm", vm.resourceGroup.toLowerCase(), vm.name.toLowerCase()).toUpperCase();
}

/** IP address of a VM's first NIC. */
export function ipAddressOfVm(world: WorldState, vm: VmState): string {
  const nicId = vm.nicIds[0];
  const nic = nicId ? world.networkInterfaces[nicId.split("/").pop()!.toLowerCase()] : undefined;
  return nic?.privateIpAddress ?? "";
}

/**
 * Process servers registered with the configuration server at `nowMs`: the scenario's own plus
 * each process server VM deployed in Azure once its registration delay has passed, and only
 * while its network reaches the configuration server on both ports.
 */
export function registeredProcessServers(world: WorldState, nowMs: number): ProcessServerView[] {
  const scenario = world.scenario;
  const server = scenario.configurationServer;
  if (!server) return [];
  const views: ProcessServerView[] = server.processServers.map((processServer) => ({
    id: processServerId(processServer),
    friendlyName: processServer.name,
    ipAddress: processServer.ipAddress,
    location: processServer.location,
    lastHeartbeatMs: Date.parse(scenario.startTime) - processServer.heartbeatMinutesAgo * MINUTE_MS,
  }));
  for (const vm of Object.values(world.virtualMachines)) {
    if (!vm.processServer) continue;
    const registersAt = processServerRegistrationAtMs(vm);
    if (nowMs < registersAt) continue;
    const virtualNetwork = virtualNetworkOfVm(world, vm);
    if (!virtualNetwork) continue;
    const reachable =
      virtualNetworkReachesConfigurationServer(scenario, virtualNetwork, server.controlPort) &&
      virtualNetworkReachesConfigurationServer(scenario, virtualNetwork, server.dataPort);
    if (!reachable) continue;
    views.push({
      id: processServerIdOfVm(vm),
      friendlyName: vm.name,
      ipAddress: ipAddressOfVm(world, vm),
      location: "Azure",
      lastHeartbeatMs: nowMs - MINUTE_MS,
      vmName: vm.name,
    });
  }
  return views;
}

function healthError(
  code: string,
  message: string,
  action: string,
  entityId: string,
  nowMs: number,
  level: "Error" | "Warning" = "Error",
): HealthErrorView {
  return {
    errorCode: code,
    errorMessage: message,
    summaryMessage: message,
    possibleCauses: message,
    recommendedAction: action,
    errorLevel: level,
    entityId,
    creationTimeUtc: new Date(nowMs).toISOString(),
    customerResolvability: "Allowed",
  };
}

/** Health errors of a master target: the facts of MT-02, MT-03, MT-05, MT-08, VC-02, VC-04, VC-05. */
export function masterTargetHealthErrors(
  scenario: Scenario,
  target: ScenarioMasterTarget,
  nowMs: number,
): HealthErrorView[] {
  const id = masterTargetId(target);
  const errors: HealthErrorView[] = [];
  if (target.snapshots > 0) {
    errors.push(
      healthError(
        SiteHealthCodes.masterTargetHasSnapshots,
        String(target.snapshots),
        `Delete the ${target.snapshots} snapshot(s) of master target ${target.name}.`,
        id,
        nowMs,
      ),
    );
  }
  if (target.os === "Linux" && !target.diskEnableUuid) {
    errors.push(
      healthError(
        SiteHealthCodes.masterTargetDiskUuidDisabled,
        "disk.EnableUUID is not TRUE",
        "Set disk.EnableUUID = TRUE on the VM.",
        id,
        nowMs,
      ),
    );
  }
  if (target.os === "Linux" && target.missingPackages.length > 0) {
    errors.push(
      healthError(
        SiteHealthCodes.masterTargetMissingPackages,
        target.missingPackages.join(", "),
        "Install the missing packages on the master target.",
        id,
        nowMs,
      ),
    );
  }
  if (target.scsiController === "Paravirtual") {
    errors.push(
      healthError(
        SiteHealthCodes.masterTargetParavirtualController,
        "Paravirtual SCSI controller",
        "Use an LSI Logic SCSI controller on the master target.",
        id,
        nowMs,
      ),
    );
  }
  if (!target.storageVmotionExcluded) {
    errors.push(
      healthError(
        SiteHealthCodes.masterTargetStorageVmotionEnabled,
        "Storage vMotion is not disabled for the master target",
        "Exclude the master target from Storage vMotion.",
        id,
        nowMs,
        "Warning",
      ),
    );
  }
  const host = scenario.esxHosts.find((candidate) => candidate.name === target.host);
  if (!host?.discovered) {
    errors.push(
      healthError(
        SiteHealthCodes.esxHostNotDiscovered,
        target.host,
        `Discover ESX host ${target.host} on the configuration server.`,
        id,
        nowMs,
      ),
    );
  } else if (host.edition !== "Licensed") {
    errors.push(
      healthError(
        SiteHealthCodes.esxiFreeEdition,
        host.edition,
        `Host ${host.name} runs a free ESXi edition; license it to fail back.`,
        id,
        nowMs,
      ),
    );
  }
  const vCenter = vCenterOfHost(scenario, target.host);
  if (vCenter?.accountReadOnly) {
    errors.push(
      healthError(
        SiteHealthCodes.vCenterAccountReadOnly,
        vCenter.name,
        `Give the vCenter ${vCenter.name} account the discovery permissions.`,
        id,
        nowMs,
      ),
    );
  }
  // Names the master target's vCenter, which links it to the VC-05 fact on the vCenter.
  if (vCenter?.addedAfterFailover) {
    errors.push(
      healthError(
        SiteHealthCodes.vCenterNotOriginal,
        vCenter.name,
        `Fail back to the original vCenter; ${vCenter.name} was added after failover.`,
        id,
        nowMs,
      ),
    );
  }
  return errors;
}

/** Health errors of a vCenter (VC-02, VC-05). */
export function vCenterHealthErrors(
  scenario: Scenario,
  vCenterName: string,
  nowMs: number,
): HealthErrorView[] {
  const vCenter = scenario.vCenters.find((candidate) => candidate.name === vCenterName);
  if (!vCenter) return [];
  const errors: HealthErrorView[] = [];
  if (vCenter.accountReadOnly) {
    errors.push(
      healthError(
        SiteHealthCodes.vCenterAccountReadOnly,
        vCenter.name,
        "Give the run-as account the permissions Site Recovery needs for discovery.",
        vCenter.name,
        nowMs,
      ),
    );
  }
  if (vCenter.addedAfterFailover) {
    errors.push(
      healthError(
        SiteHealthCodes.vCenterNotOriginal,
        vCenter.name,
        "Fail back to the original vCenter the machines were protected from.",
        vCenter.name,
        nowMs,
      ),
    );
  }
  return errors;
}

/** Health errors of a protected item reported by the configuration server (CS-01). */
export function itemSiteHealthErrors(scenario: Scenario, itemName: string, nowMs: number): HealthErrorView[] {
  const server = scenario.configurationServer;
  if (server?.missingMachines.includes(itemName)) {
    return [
      healthError(
        SiteHealthCodes.machineNotInConfigurationServer,
        itemName,
        "Restore the configuration server database (from backup) so it holds every protected machine.",
        itemName,
        nowMs,
      ),
    ];
  }
  return [];
}
