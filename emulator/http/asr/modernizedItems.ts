/**
 * The JSON of modernized protected items: `InMageRcmReplicationDetails` while the item replicates
 * to Azure (or runs there), `InMageRcmFailbackReplicationDetails` once it replicates back, and the
 * item properties that differ from a classic item (provider, recovery side, Site Recovery
 * provider). Shapes and values follow recordings of the real service; where the service wrote a field
 * in another casing than the REST spec (`vCenterFQDN`), the spec's casing is used so the SDK
 * deserializes it.
 */
import {
  ApplianceErrorCodes,
  ContainerIdCodec,
  FabricIdCodec,
  ManagedDiskIdCodec,
  RecoveryServicesProviderIdCodec,
  StorageAccountIdCodec,
  VirtualMachineIdCodec,
  VirtualNetworkIdCodec,
} from "asr-contract";
import { discoveredVCenterId, vCenterOfItem } from "../../model/appliances";
import { guidFrom } from "../../model/ids";
import type { ItemView } from "../../model/itemStateMachine";
import { recoveryPointsOf } from "../../model/recoveryPoints";
import type { Scenario } from "../../model/scenario";
import { applianceIdOf, type ScenarioAppliance } from "../../model/scenarioApplianceSite";
import { scenarioItem } from "../../model/site";
import { containerOfItem, type ItemState, type WorldState } from "../../model/world";
import { discoveredMachineId, itemVCenterId } from "./appliances";
import { GB, healthErrorJson, iso, MINUTE_MS, policyId, recoveryPointId, vaultScope } from "./common";

type ScenarioItem = Scenario["protectedItems"][number];

/** Version of the Mobility agent the emulator's machines run. */
const AGENT_VERSION = "9.60.7100.1";

/** Initial replication / resync progress in percent, or undefined when none runs. */
function syncProgressPercentage(item: ItemState, nowMs: number): number | undefined {
  if (item.syncCompleteAtMs === undefined || nowMs >= item.syncCompleteAtMs) return undefined;
  const started = item.syncStartedAtMs ?? nowMs;
  const span = item.syncCompleteAtMs - started;
  return span <= 0 ? 0 : Math.max(0, Math.min(99, Math.floor(((nowMs - started) / span) * 100)));
}

function totalBytes(source: ScenarioItem): number {
  return source.disks.reduce((sum, disk) => sum + Math.round(disk.sizeInGb * GB), 0);
}

/** Progress fields of an initial replication (`initialReplication...` or `resync...`). */
function progressFields(prefix: "initialReplication" | "resync", percent: number | undefined, bytes: number) {
  const done = percent === undefined ? undefined : Math.round((bytes * percent) / 100);
  return {
    [`${prefix}ProgressPercentage`]: percent ?? null,
    [`${prefix}ProcessedBytes`]: done ?? null,
    [`${prefix}TransferredBytes`]: done === undefined ? null : Math.round(done / 2),
    [`${prefix}ProgressHealth`]: percent === undefined ? "None" : "InProgress",
  };
}

/** The on-premises VM as the VMware site last discovered it (`discoveredVmDetails`). */
function discoveredVmJson(world: WorldState, item: ItemState, nowMs: number) {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const runsOnSite =
    item.phase === "Protected" ||
    item.phase === "FailedBackToOnPremises" ||
    item.phase === "FailbackCommittedOnPremises";
  const startMs = Date.parse(scenario.startTime);
  return {
    vCenterId: itemVCenterId(world, item.name),
    vCenterFqdn: vCenterOfItem(scenario, item.name) ?? "",
    datastores: [
      ...new Set(
        item.applianceReprotect?.alternateLocation === false || item.applianceReprotect === undefined
          ? source.disks.map((disk) => disk.datastore).filter((name): name is string => name !== undefined)
          : [item.applianceReprotect.datastoreName],
      ),
    ],
    ipAddresses: source.sourceIpAddress ? [source.sourceIpAddress] : [],
    vmwareToolsStatus: "OK",
    powerStatus: runsOnSite && item.onPremisesVmExists ? "ON" : "OFF",
    vmFqdn: source.friendlyName ?? source.name,
    osName: source.osVersion,
    createdTimestamp: iso(startMs - 90 * 24 * 60 * MINUTE_MS),
    updatedTimestamp: iso(nowMs - 30 * MINUTE_MS),
    isDeleted: !item.onPremisesVmExists,
    lastDiscoveryTimeInUtc: iso(nowMs - 15 * MINUTE_MS),
  };
}

function azureTargetIds(world: WorldState, source: ScenarioItem) {
  const vm = source.azureVm;
  if (!vm) return {};
  const scenario = world.scenario;
  const resourceGroup = vm.resourceGroup ?? scenario.resourceGroup;
  const network = scenario.azure.virtualNetworks.find((candidate) => candidate.name === vm.virtualNetwork);
  return {
    targetVmName: vm.name,
    targetVmSize: vm.size,
    targetResourceGroupId: `/subscriptions/${scenario.subscriptionId}/resourceGroups/${resourceGroup}`,
    targetLocation: scenario.location,
    targetNetworkId: VirtualNetworkIdCodec.format({
      subscriptionId: scenario.subscriptionId,
      resourceGroup: network?.resourceGroup ?? scenario.resourceGroup,
      virtualNetworkName: vm.virtualNetwork,
    }),
  };
}

/** `InMageRcmReplicationDetails`: replicating to Azure, or failed over and running there. */
function inMageRcmJson(world: WorldState, item: ItemState, nowMs: number) {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const appliance = applianceWithId(scenario, item.forwardApplianceId);
  const replicating = item.phase === "Protected";
  const percent = replicating ? syncProgressPercentage(item, nowMs) : undefined;
  const points = replicating ? recoveryPointsOf(world.policies, item, nowMs) : [];
  const inAzure = item.phase !== "Protected";
  const storageAccount = scenario.azure.storageAccounts[0];
  const logStorageAccountId = storageAccount
    ? StorageAccountIdCodec.format({
        subscriptionId: scenario.subscriptionId,
        resourceGroup: storageAccount.resourceGroup ?? scenario.resourceGroup,
        storageAccountName: storageAccount.name,
      })
    : undefined;
  return {
    instanceType: "InMageRcm",
    internalIdentifier: guidFrom("internal-identifier", item.name),
    fabricDiscoveryMachineId: discoveredMachineId(world, item.name),
    multiVmGroupName: source.replicationGroup,
    discoveryType: source.kind === "PhysicalServer" ? "PhysicalMachine" : "vCenter",
    processServerId: item.forwardApplianceId,
    processorCoreCount: 2,
    allocatedMemoryInMB: source.memoryInGb * 1024,
    processServerName: appliance?.name,
    osType: source.os,
    firmwareType: "BIOS",
    primaryNicIpAddress: source.sourceIpAddress,
    targetGeneration: "Gen1",
    licenseType: "NoLicenseType",
    ...azureTargetIds(world, source),
    lastRecoveryPointReceived: iso(points[0]?.timeMs),
    lastRpoInSeconds: points[0] ? Math.round((nowMs - points[0].timeMs) / 1000) : undefined,
    lastRpoCalculatedTime: points[0] ? iso(nowMs) : undefined,
    lastRecoveryPointId: points[0] ? recoveryPointId(world, item.name, points[0].name) : undefined,
    ...progressFields("initialReplication", percent, totalBytes(source)),
    ...progressFields("resync", undefined, totalBytes(source)),
    resyncRequired: "false",
    resyncState: "None",
    agentUpgradeState: "None",
    protectedDisks: source.disks.map((disk, index) => ({
      diskId: guidFrom("disk", source.name, disk.name).toUpperCase(),
      diskName: disk.name,
      isOSDisk: String(index === 0),
      capacityInBytes: Math.round(disk.sizeInGb * GB),
      logStorageAccountId,
      ...(inAzure && source.azureVm
        ? {
            targetManagedDiskId: ManagedDiskIdCodec.format({
              subscriptionId: scenario.subscriptionId,
              resourceGroup: source.azureVm.resourceGroup ?? scenario.resourceGroup,
              diskName: `${source.azureVm.name}-${disk.name}`,
            }),
          }
        : {}),
      diskType: "Standard_LRS",
      dataPendingInLogDataStoreInMB: 0,
      dataPendingAtSourceAgentInMB: 0,
      isInitialReplicationComplete: String(!replicating || percent === undefined),
    })),
    isLastUpgradeSuccessful: "true",
    // MR-14: the agent in the failed-over Azure VM registers itself after failover.
    isAgentRegistrationSuccessfulAfterFailover: inAzure && item.agentRegisteredAfterFailover !== false,
    mobilityAgentDetails: {
      version: AGENT_VERSION,
      latestVersion: AGENT_VERSION,
      driverVersion: AGENT_VERSION,
      lastHeartbeatUtc: iso(nowMs - MINUTE_MS),
      reasonsBlockingUpgrade: [],
      isUpgradeable: "false",
    },
    vmNics: [
      {
        nicId: guidFrom("nic", source.name),
        isPrimaryNic: "true",
        isSelectedForFailover: "true",
        sourceIPAddress: source.sourceIpAddress,
        sourceIPAddressType: source.sourceIpAddressType,
        sourceNetworkId: guidFrom("source-network", source.name),
        sourceSubnetName: "VM Network",
        targetIPAddress: source.azureVm?.ipAddress,
        targetIPAddressType: source.azureVm?.ipAddress ? "Static" : "Dynamic",
        targetSubnetName: source.azureVm?.subnet,
      },
    ],
    discoveredVmDetails: discoveredVmJson(world, item, nowMs),
  };
}

/** The scenario's appliance with this ID, if any. */
function applianceWithId(scenario: Scenario, id: string | undefined): ScenarioAppliance | undefined {
  if (id === undefined) return undefined;
  return scenario.applianceSite?.appliances.find(
    (candidate) => applianceIdOf(candidate).toLowerCase() === id.toLowerCase(),
  );
}

/** `InMageRcmFailbackReplicationDetails`: replicating back to the site, or failed back. */
function inMageRcmFailbackJson(world: WorldState, item: ItemState, nowMs: number) {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const settings = item.applianceReprotect;
  const appliance = applianceWithId(scenario, settings?.reprotectAgentId);
  const replicating = item.phase === "ReplicatingToOnPremises";
  const percent = replicating ? syncProgressPercentage(item, nowMs) : undefined;
  const points = replicating ? recoveryPointsOf(world.policies, item, nowMs) : [];
  const vm = source.azureVm;
  return {
    instanceType: "InMageRcmFailback",
    internalIdentifier: guidFrom("internal-identifier", item.name),
    azureVirtualMachineId: vm
      ? VirtualMachineIdCodec.format({
          subscriptionId: scenario.subscriptionId,
          resourceGroup: vm.resourceGroup ?? scenario.resourceGroup,
          virtualMachineName: vm.name,
        })
      : undefined,
    multiVmGroupName: source.replicationGroup ?? null,
    reprotectAgentId: settings?.reprotectAgentId,
    reprotectAgentName: appliance?.name,
    osType: source.os,
    logStorageAccountId: settings?.logStorageAccountId,
    // A machine without a vCenter (physical server) fails back into the appliance's vCenter (MR-19).
    targetvCenterId:
      itemVCenterId(world, item.name) ??
      (appliance?.vCenter ? discoveredVCenterId(scenario, appliance.vCenter) : undefined),
    targetDataStoreName: settings?.datastoreName,
    targetVmName: source.friendlyName ?? source.name,
    ...progressFields("initialReplication", percent, totalBytes(source)),
    ...progressFields("resync", item.resyncRequired ? 0 : undefined, totalBytes(source)),
    resyncRequired: String(item.resyncRequired === true),
    resyncState: item.resyncRequired ? "PreparedForResynchronization" : "None",
    protectedDisks: source.disks.map((disk, index) => ({
      diskId: `{${guidFrom("disk", source.name, disk.name).toUpperCase()}}`,
      diskName: disk.name,
      isOSDisk: String(index === 0),
      capacityInBytes: Math.round(disk.sizeInGb * GB),
      diskUuid: guidFrom("disk-uuid", source.name, disk.name),
      dataPendingInLogDataStoreInMB: 0,
      dataPendingAtSourceAgentInMB: 0,
      isInitialReplicationComplete: String(!replicating || percent === undefined),
      lastSyncTime: iso(points[0]?.timeMs),
    })),
    mobilityAgentDetails: {
      version: AGENT_VERSION,
      latestVersion: null,
      driverVersion: AGENT_VERSION,
      latestUpgradableVersionWithoutReboot: null,
      lastHeartbeatUtc: iso(nowMs - MINUTE_MS),
      reasonsBlockingUpgrade: ["UnsupportedProtectionScenario"],
      isUpgradeable: "false",
    },
    vmNics: [
      {
        macAddress: macAddressOf(source.name),
        networkName: null,
        adapterType: null,
        sourceIpAddress: vm?.ipAddress ?? source.sourceIpAddress,
      },
    ],
    lastPlannedFailoverStartTime: iso(item.lastPlannedFailoverStartMs),
    lastPlannedFailoverStatus: item.lastPlannedFailoverStatus,
    discoveredVmDetails: discoveredVmJson(world, item, nowMs),
    lastUsedPolicyId: item.forwardPolicyName ? policyId(world, item.forwardPolicyName) : undefined,
    lastUsedPolicyFriendlyName: item.forwardPolicyName,
    isAgentRegistrationSuccessfulAfterFailover: false,
  };
}

/** A stable MAC address of the Azure VM's NIC. */
function macAddressOf(itemName: string): string {
  const hex = guidFrom("mac", itemName).replace(/-/g, "").slice(0, 6).toUpperCase();
  return `00:0D:3A:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** `providerSpecificDetails` of a modernized item. */
export function modernizedProviderDetails(world: WorldState, item: ItemState, view: ItemView, nowMs: number) {
  return view.instanceType === "InMageRcmFailback"
    ? inMageRcmFailbackJson(world, item, nowMs)
    : inMageRcmJson(world, item, nowMs);
}

/**
 * Item properties of a modernized item that differ from a classic one: the provider, the recovery
 * side (Azure while replicating forward, the site's own fabric and container once it replicates
 * back), the Site Recovery provider (the appliance) and the point of the last failover.
 */
export function modernizedItemProperties(world: WorldState, item: ItemState, view: ItemView) {
  const scenario = world.scenario;
  const { fabricName, containerName } = containerOfItem(scenario, item.name);
  const scope = vaultScope(scenario);
  const back = view.instanceType === "InMageRcmFailback";
  return {
    protectedItemType: "",
    protectableItemId: null,
    recoveryServicesProviderId: item.forwardApplianceId
      ? RecoveryServicesProviderIdCodec.format({
          ...scope,
          fabricName,
          providerName: item.forwardApplianceId,
        })
      : undefined,
    primaryFabricProvider: "InMageRcmFabric",
    recoveryFabricFriendlyName: back ? fabricName : "Microsoft Azure",
    recoveryFabricId: back ? FabricIdCodec.format({ ...scope, fabricName }) : "Microsoft Azure",
    recoveryProtectionContainerFriendlyName: back ? containerName : "Microsoft Azure",
    recoveryContainerId: back
      ? ContainerIdCodec.format({ ...scope, fabricName, containerName })
      : "Microsoft Azure",
    failoverRecoveryPointId:
      item.failoverRecoveryPointId !== undefined
        ? recoveryPointId(world, item.name, item.failoverRecoveryPointId)
        : "",
    eventCorrelationId: guidFrom("event-correlation", item.name, item.phase),
  };
}

/** Health errors of a modernized item: a Mobility agent that did not register after failover (MR-14). */
export function modernizedHealthErrors(world: WorldState, item: ItemState, nowMs: number): unknown[] {
  const inAzure = item.phase === "FailedOverToAzure" || item.phase === "FailoverCommittedInAzure";
  if (!inAzure || item.agentRegisteredAfterFailover !== false) return [];
  const source = scenarioItem(world.scenario, item.name);
  return [
    healthErrorJson(
      {
        code: ApplianceErrorCodes.agentNotRegisteredAfterFailover,
        message: `The Mobility agent in the Azure virtual machine of ${source.friendlyName ?? source.name} has not registered since failover.`,
        possibleCauses: "The agent's services are stopped or the VM cannot reach the Site Recovery URLs.",
        recommendedAction:
          "Start the Mobility agent services in the Azure VM and check its access to the Site Recovery URLs.",
      },
      item.name,
      nowMs,
      "Critical",
    ),
  ];
}
