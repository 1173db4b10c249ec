/**
 * Site Recovery JSON: the world's objects in the shapes of the SDK's models (and Microsoft's
 * examples in azure-specs), with IDs in Site Recovery's casing (`/Subscriptions/...`).
 */
import {
  AsrErrorCodes,
  ContainerIdCodec,
  ContainerMappingIdCodec,
  FabricIdCodec,
  JobIdCodec,
  PolicyIdCodec,
  ProtectedItemIdCodec,
  RecoveryPlanIdCodec,
  RecoveryPointIdCodec,
  VCenterIdCodec,
  VirtualMachineIdCodec,
  VirtualNetworkIdCodec,
} from "asr-contract";
import type { WorldFailure } from "../../errors";
import { type AgentView, agentViewAt } from "../../model/agent";
import { guidFrom } from "../../model/ids";
import { describeItem, type ItemOperation } from "../../model/itemStateMachine";
import { allowedJobActions, jobStatusAt } from "../../model/jobs";
import { type RecoveryPointView, recoveryPointsOf } from "../../model/recoveryPoints";
import type { Scenario } from "../../model/scenario";
import {
  datastoresVisibleTo,
  itemSiteHealthErrors,
  masterTargetHealthErrors,
  masterTargetId,
  registeredProcessServers,
  scenarioItem,
  vCenterHealthErrors,
} from "../../model/site";
import {
  containerOfItem,
  hyperVContainer,
  type ItemState,
  type JobRecord,
  type MappingState,
  type PolicyState,
  vmwareContainer,
  type WorldState,
} from "../../model/world";
import type { OperationStatusView } from "../../store/worldStore";

const GB = 1024 ** 3;
const MINUTE_MS = 60_000;
const NO_TIME = "1753-01-01T01:01:01Z";

/** The vault scope of every Site Recovery ID. */
export interface VaultScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vaultName: string;
}

/** The vault scope of a scenario. */
export function vaultScope(scenario: Scenario): VaultScope {
  return {
    subscriptionId: scenario.subscriptionId,
    resourceGroup: scenario.resourceGroup,
    vaultName: scenario.vault.name,
  };
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** ARM ID of a protected item. */
export function itemId(world: WorldState, itemName: string): string {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return ProtectedItemIdCodec.format({ ...vaultScope(world.scenario), fabricName, containerName, itemName });
}

/** ARM ID of a job. */
export function jobId(world: WorldState, jobName: string): string {
  return JobIdCodec.format({ ...vaultScope(world.scenario), jobName });
}

/** ARM ID of a policy. */
export function policyId(world: WorldState, policyName: string): string {
  return PolicyIdCodec.format({ ...vaultScope(world.scenario), policyName });
}

/** ARM ID of a recovery plan. */
export function planId(world: WorldState, planName: string): string {
  return RecoveryPlanIdCodec.format({ ...vaultScope(world.scenario), recoveryPlanName: planName });
}

function healthErrorJson(failure: WorldFailure, entityId: string, nowMs: number) {
  return {
    errorCode: failure.code,
    errorMessage: failure.message,
    summaryMessage: failure.message,
    possibleCauses: failure.possibleCauses ?? "",
    recommendedAction: failure.recommendedAction ?? "",
    errorLevel: "Error",
    entityId,
    creationTimeUtc: iso(nowMs),
    customerResolvability: "Allowed",
  };
}

/** Fabric names the scenario holds (VMware configuration server, Hyper-V site). */
export function fabricNames(scenario: Scenario): string[] {
  return [vmwareContainer(scenario)?.fabricName, hyperVContainer(scenario)?.fabricName].filter(
    (name): name is string => name !== undefined,
  );
}

/** A fabric. */
export function fabricJson(world: WorldState, fabricName: string, nowMs: number) {
  const scenario = world.scenario;
  const scope = vaultScope(scenario);
  const id = FabricIdCodec.format({ ...scope, fabricName });
  const base = {
    id,
    name: fabricName,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics",
    location: scenario.location,
  };
  const common = {
    friendlyName: fabricName,
    encryptionDetails: { kekState: "None" },
    rolloverEncryptionDetails: { kekState: "None" },
    internalIdentifier: guidFrom("fabric", fabricName),
    bcdrState: "Valid",
  };
  const server = scenario.configurationServer;
  if (server && server.fabricName === fabricName) {
    const processServers = registeredProcessServers(world, nowMs).map((processServer) => ({
      friendlyName: processServer.friendlyName,
      id: processServer.id,
      ipAddress: processServer.ipAddress,
      osType: "Windows",
      agentVersion: server.agentVersion,
      lastHeartbeat: iso(processServer.lastHeartbeatMs),
      versionStatus: "Latest",
      machineCount: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
      replicationPairCount: "0",
      systemLoad: "1",
      systemLoadStatus: "Healthy",
      cpuLoad: "10",
      cpuLoadStatus: "Healthy",
      totalMemoryInBytes: 16 * GB,
      availableMemoryInBytes: 10 * GB,
      memoryUsageStatus: "Healthy",
      totalSpaceInBytes: 600 * GB,
      availableSpaceInBytes: 400 * GB,
      spaceUsageStatus: "Healthy",
      psServiceStatus: "Running",
      healthErrors: [],
      health: "Normal",
    }));
    const masterTargetServers = scenario.masterTargets.map((target) => ({
      id: masterTargetId(target),
      ipAddress: target.ipAddress,
      name: target.name,
      osType: target.os,
      agentVersion: target.agentVersion,
      lastHeartbeat: iso(Date.parse(scenario.startTime) - target.heartbeatMinutesAgo * MINUTE_MS),
      versionStatus: "Latest",
      diskCount: target.diskCount,
      retentionVolumes: target.retentionVolumes.map((volume) => ({
        volumeName: volume.name,
        capacityInBytes: Math.round(volume.capacityInGb * GB),
        freeSpaceInBytes: Math.round(volume.freeInGb * GB),
        thresholdPercentage: volume.thresholdPercentage,
      })),
      dataStores: datastoresVisibleTo(scenario, target).map((datastore) => ({
        symbolicName: datastore.name,
        uuid: guidFrom("datastore", datastore.name),
        capacity: String(Math.round(datastore.capacityInGb * GB)),
        freeSpace: String(Math.round(datastore.freeInGb * GB)),
        type: datastore.type,
      })),
      validationErrors: [],
      healthErrors: masterTargetHealthErrors(scenario, target, nowMs),
      osVersion: target.os === "Windows" ? "Windows Server 2016" : "Ubuntu 18.04",
    }));
    const heartbeatMs = Date.parse(scenario.startTime) - server.heartbeatMinutesAgo * MINUTE_MS;
    return {
      ...base,
      properties: {
        ...common,
        customDetails: {
          instanceType: "VMware",
          processServers,
          masterTargetServers,
          runAsAccounts: server.runAsAccounts.map((account) => ({
            accountId: account.id,
            accountName: account.name,
          })),
          replicationPairCount: "0",
          processServerCount: String(processServers.length),
          agentCount: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
          protectedServers: String(scenario.protectedItems.filter((item) => item.kind !== "HyperVVm").length),
          csServiceStatus: server.serviceRunning ? "Running" : "Stopped",
          ipAddress: server.ipAddress,
          agentVersion: server.agentVersion,
          hostName: server.hostName,
          lastHeartbeat: iso(heartbeatMs),
          versionStatus: "Latest",
          totalMemoryInBytes: 32 * GB,
          availableMemoryInBytes: 20 * GB,
          totalSpaceInBytes: 1000 * GB,
          availableSpaceInBytes: 600 * GB,
        },
        healthErrorDetails: [],
        health: server.serviceRunning ? "Normal" : "Critical",
      },
    };
  }
  const site = scenario.hyperV;
  if (site && site.fabricName === fabricName) {
    const errors = site.connected
      ? []
      : [
          healthErrorJson(
            {
              code: AsrErrorCodes.hyperVHostNotConnected,
              message: `The Hyper-V site ${fabricName} is not connected to Site Recovery.`,
              recommendedAction: "Check the Site Recovery provider on the Hyper-V host or VMM server.",
            },
            fabricName,
            nowMs,
          ),
        ];
    return {
      ...base,
      properties: {
        ...common,
        customDetails: {
          instanceType: "HyperVSite",
          hyperVHosts: site.hosts.map((host) => ({
            id: guidFrom("hyperv-host", host.name),
            name: host.name,
            marsAgentVersion: "2.0.9249.0",
          })),
        },
        healthErrorDetails: errors,
        health: site.connected ? "Normal" : "Critical",
      },
    };
  }
  return undefined;
}

/** A vCenter of the VMware fabric. */
export function vCenterJson(
  world: WorldState,
  fabricName: string,
  vCenter: Scenario["vCenters"][number],
  nowMs: number,
) {
  const scenario = world.scenario;
  const processServer = registeredProcessServers(world, nowMs).find(
    (server) => server.location === "OnPremises",
  );
  const errors: unknown[] = vCenterHealthErrors(scenario, vCenter.name, nowMs);
  if (!vCenter.connected) {
    errors.push(
      healthErrorJson(
        {
          code: AsrErrorCodes.vCenterNotConnected,
          message: `vCenter ${vCenter.name} is not connected to the configuration server.`,
          recommendedAction: "Check the vCenter's reachability and credentials.",
        },
        vCenter.name,
        nowMs,
      ),
    );
  }
  return {
    id: VCenterIdCodec.format({ ...vaultScope(scenario), fabricName, vCenterName: vCenter.name }),
    name: vCenter.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationvCenters",
    properties: {
      friendlyName: vCenter.name,
      internalId: guidFrom("vcenter", vCenter.name),
      lastHeartbeat: iso(
        vCenter.connected ? nowMs - MINUTE_MS : Date.parse(scenario.startTime) - 24 * 60 * MINUTE_MS,
      ),
      discoveryStatus: vCenter.connected ? "Completed" : "Failed",
      processServerId: processServer?.id,
      ipAddress: vCenter.ipAddress,
      infrastructureId: guidFrom("vcenter-infrastructure", vCenter.name),
      port: String(vCenter.port),
      runAsAccountId: vCenter.runAsAccountId,
      fabricArmResourceName: fabricName,
      healthErrors: errors,
    },
  };
}

/** Protection containers as (fabric, container) pairs. */
export function containers(
  scenario: Scenario,
): { fabricName: string; containerName: string; kind: "VMware" | "HyperVSite" }[] {
  const result: { fabricName: string; containerName: string; kind: "VMware" | "HyperVSite" }[] = [];
  const vmware = vmwareContainer(scenario);
  if (vmware) result.push({ ...vmware, kind: "VMware" });
  const hyperV = hyperVContainer(scenario);
  if (hyperV) result.push({ ...hyperV, kind: "HyperVSite" });
  return result;
}

/** A protection container. */
export function containerJson(world: WorldState, container: ReturnType<typeof containers>[number]) {
  const count = Object.values(world.items).filter((item) => {
    const owner = containerOfItem(world.scenario, item.name);
    return owner.containerName === container.containerName;
  }).length;
  return {
    id: ContainerIdCodec.format({ ...vaultScope(world.scenario), ...container }),
    name: container.containerName,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers",
    properties: {
      friendlyName: container.containerName,
      fabricFriendlyName: container.fabricName,
      fabricType: container.kind,
      protectedItemCount: count,
      pairingStatus: "Paired",
      role: "Primary",
      fabricSpecificDetails: { instanceType: container.kind },
    },
  };
}

/** A protection container mapping. */
export function mappingJson(world: WorldState, mapping: MappingState) {
  return {
    id: ContainerMappingIdCodec.format({
      ...vaultScope(world.scenario),
      fabricName: mapping.fabricName,
      containerName: mapping.containerName,
      mappingName: mapping.name,
    }),
    name: mapping.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectionContainerMappings",
    properties: {
      targetProtectionContainerId: mapping.targetProtectionContainerId,
      targetProtectionContainerFriendlyName:
        mapping.targetProtectionContainerId === "Microsoft Azure"
          ? "Microsoft Azure"
          : mapping.targetProtectionContainerId.split("/").pop(),
      health: "Normal",
      healthErrorDetails: [],
      policyId: policyId(world, mapping.policyName),
      state: "Paired",
      sourceProtectionContainerFriendlyName: mapping.containerName,
      sourceFabricFriendlyName: mapping.fabricName,
      targetFabricFriendlyName: "Microsoft Azure",
      policyFriendlyName: mapping.policyName,
      providerSpecificDetails: mapping.providerSpecificInput
        ? { instanceType: String(mapping.providerSpecificInput["instanceType"] ?? "") }
        : undefined,
    },
  };
}

/** A replication policy. */
export function policyJson(world: WorldState, policy: PolicyState) {
  return {
    id: policyId(world, policy.name),
    name: policy.name,
    type: "Microsoft.RecoveryServices/vaults/replicationPolicies",
    properties: {
      friendlyName: policy.name,
      providerSpecificDetails: { instanceType: policy.instanceType, ...policy.providerSpecific },
    },
  };
}

function disksJson(source: Scenario["protectedItems"][number]) {
  return source.disks.map((disk) => ({
    diskId: guidFrom("disk", source.name, disk.name),
    diskName: disk.name,
    diskCapacityInBytes: Math.round(disk.sizeInGb * GB),
  }));
}

function azureVmIds(world: WorldState, source: Scenario["protectedItems"][number]) {
  const vm = source.azureVm;
  if (!vm) return {};
  const resourceGroup = vm.resourceGroup ?? world.scenario.resourceGroup;
  const network = world.scenario.azure.virtualNetworks.find(
    (candidate) => candidate.name === vm.virtualNetwork,
  );
  return {
    targetVmId: VirtualMachineIdCodec.format({
      subscriptionId: world.scenario.subscriptionId,
      resourceGroup,
      virtualMachineName: vm.name,
    }),
    selectedRecoveryAzureNetworkId: VirtualNetworkIdCodec.format({
      subscriptionId: world.scenario.subscriptionId,
      resourceGroup: network?.resourceGroup ?? world.scenario.resourceGroup,
      virtualNetworkName: vm.virtualNetwork,
    }),
    recoveryAzureResourceGroupId: `/subscriptions/${world.scenario.subscriptionId}/resourceGroups/${resourceGroup}`,
  };
}

function syncProgress(item: ItemState, job: JobRecord | undefined, nowMs: number): number {
  if (item.syncCompleteAtMs === undefined || nowMs >= item.syncCompleteAtMs) return 100;
  const started = job?.startMs ?? nowMs;
  const span = item.syncCompleteAtMs - started;
  return span <= 0 ? 0 : Math.max(0, Math.min(99, Math.floor(((nowMs - started) / span) * 100)));
}

function providerSpecificJson(
  world: WorldState,
  item: ItemState,
  instanceType: string,
  syncing: boolean,
  nowMs: number,
  agent: AgentView | undefined,
) {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const common = { osType: source.os, osVersion: source.osVersion };
  const churnMbPerSecond = (source.churnInGbPerDay * 1024) / 86_400;
  const multiVm = source.replicationGroup
    ? {
        multiVmGroupId: guidFrom("replication-group", source.replicationGroup),
        multiVmGroupName: source.replicationGroup,
        multiVmSyncStatus: "Enabled",
      }
    : {};
  const processServer = registeredProcessServers(world, nowMs).find(
    (server) => server.location === "OnPremises",
  );
  const progress = syncProgress(item, undefined, nowMs);
  if (instanceType === "InMageAzureV2") {
    return {
      instanceType,
      ...common,
      ...multiVm,
      ...azureVmIds(world, source),
      vmId: guidFrom("vm", source.name),
      infrastructureVmId: guidFrom("infrastructure-vm", source.name),
      discoveryType: source.kind === "PhysicalServer" ? "PhysicalMachine" : "vCenter",
      protectionStage: syncing ? "Resynchronization" : "Differential Sync",
      vmProtectionState: syncing ? "InitialReplicationInProgress" : "Protected",
      resyncProgressPercentage: progress,
      uncompressedDataRateInMB: churnMbPerSecond,
      compressedDataRateInMB: churnMbPerSecond / 2,
      processServerId: processServer?.id,
      processServerName: processServer?.friendlyName,
      protectedDisks: disksJson(source).map((disk) => ({
        ...disk,
        protectionStage: syncing ? "Resynchronization" : "Differential Sync",
      })),
      recoveryAzureVMName: source.azureVm?.name,
      recoveryAzureVMSize: source.azureVm?.size,
      useManagedDisks: String(source.managedDisks),
      sourceVmRamSizeInMB: source.memoryInGb * 1024,
      datastores: [
        ...new Set(
          source.disks.map((disk) => disk.datastore).filter((name): name is string => name !== undefined),
        ),
      ],
      ipAddress: source.azureVm?.ipAddress,
      agentVersion: scenario.configurationServer?.agentVersion,
      osName: source.osVersion,
    };
  }
  if (instanceType === "InMage") {
    const settings = item.reprotect;
    return {
      instanceType,
      ...multiVm,
      activeSiteType: item.phase === "ReplicatingToOnPremises" ? "Azure" : "OnPremises",
      osDetails: { osType: source.os, productType: source.osVersion, osVersion: source.osVersion },
      osVersion: source.osVersion,
      vmId: guidFrom("vm", source.name),
      infrastructureVmId: guidFrom("infrastructure-vm", source.name),
      discoveryType: source.kind === "PhysicalServer" ? "PhysicalMachine" : "vCenter",
      protectionStage: syncing ? "Resynchronization" : "Differential Sync",
      vmProtectionState: syncing ? "InitialReplicationInProgress" : "Protected",
      resyncDetails: {
        initialReplicationType: settings?.alternateLocation ? "InitialReplication" : "Resync",
        initialReplicationProgressPercentage: progress,
      },
      masterTargetId: settings?.masterTargetId,
      processServerId: settings?.processServerId,
      datastores: settings?.datastoreName ? [settings.datastoreName] : [],
      protectedDisks: disksJson(source).map((disk) => ({
        ...disk,
        protectionStage: syncing ? "Resynchronization" : "Differential Sync",
      })),
      uncompressedDataRateInMB: churnMbPerSecond,
      compressedDataRateInMB: churnMbPerSecond / 2,
      sourceVmRamSizeInMB: source.memoryInGb * 1024,
      agentDetails: {
        agentVersion: scenario.configurationServer?.agentVersion,
        agentUpdateStatus: "Latest",
        postUpdateRebootStatus: "NotRequired",
      },
      ipAddress: source.azureVm?.ipAddress,
      // FO-05: the source server's heartbeat appears once its agent registered after boot.
      ...(agent?.registered ? { lastHeartbeat: iso(agent.lastHeartbeatMs) } : {}),
    };
  }
  return {
    instanceType,
    ...azureVmIds(world, source),
    vmId: guidFrom("vm", source.name),
    recoveryAzureVmName: source.azureVm?.name,
    recoveryAzureVMSize: source.azureVm?.size,
    recoveryAzureStorageAccount: source.managedDisks ? undefined : scenario.azure.storageAccounts[0]?.name,
    useManagedDisks: String(source.managedDisks),
    encryption: source.dataEncryption ? "Enabled" : "Disabled",
    vmProtectionState: syncing ? "InitialReplicationInProgress" : "Protected",
    initialReplicationDetails: {
      initialReplicationType: "InitialReplication",
      initialReplicationProgressPercentage: progress,
    },
    oSDetails: { osType: source.os, productType: source.osVersion, oSVersion: source.osVersion },
    sourceVmRamSizeInMB: source.memoryInGb * 1024,
    azureVmDiskDetails: source.disks.map((disk) => ({
      vhdName: disk.name,
      maxSizeMB: String(disk.sizeInGb * 1024),
      vhdType: "DataDisk",
    })),
  };
}

/** A protected item. */
export function itemJson(world: WorldState, item: ItemState, nowMs: number) {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const { fabricName, containerName } = containerOfItem(scenario, item.name);
  const job = item.activeJobName ? world.jobs[item.activeJobName] : undefined;
  const view = describeItem(item, job, nowMs);
  const healthErrors: unknown[] = itemSiteHealthErrors(scenario, item.name, nowMs);
  const agent = agentViewAt(item, scenario, nowMs);
  if (agent && !agent.registered) {
    healthErrors.push(
      healthErrorJson(
        {
          code: AsrErrorCodes.agentNotInstalled,
          message: `The Mobility agent on ${source.friendlyName ?? source.name} has not registered with the configuration server since the VM booted at ${iso(agent.bootAtMs)}.`,
          possibleCauses:
            "After the on-premises VM boots, its agent takes up to 15 minutes to register with the configuration server.",
          recommendedAction: "Wait for the agent to register before reprotecting the VM to Azure.",
        },
        item.name,
        nowMs,
      ),
    );
  }
  if (item.onPremisesVmCorrupt) {
    healthErrors.push(
      healthErrorJson(
        {
          code: AsrErrorCodes.onPremisesVmBootFailed,
          message: `The on-premises VM of ${source.friendlyName ?? source.name} is corrupt: a data sync was cancelled.`,
          recommendedAction: "Trigger the failover again to repair the on-premises VM.",
        },
        item.name,
        nowMs,
      ),
    );
  }
  if (item.phase === "ReplicatingToOnPremises" && !item.azureVmRunning) {
    healthErrors.push(
      healthErrorJson(
        {
          code: AsrErrorCodes.azureVmNotRunning,
          message: "The Azure virtual machine is not running; replication is stalled.",
          recommendedAction: "Start the Azure VM.",
        },
        item.name,
        nowMs,
      ),
    );
  }
  const recoveryPointId =
    item.failoverRecoveryPointId !== undefined
      ? RecoveryPointIdCodec.format({
          ...vaultScope(scenario),
          fabricName,
          containerName,
          itemName: item.name,
          recoveryPointName: item.failoverRecoveryPointId,
        })
      : undefined;
  return {
    id: itemId(world, item.name),
    name: item.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems",
    properties: {
      friendlyName: source.friendlyName ?? source.name,
      protectedItemType:
        source.kind === "HyperVVm"
          ? "HyperVVirtualMachine"
          : source.kind === "PhysicalServer"
            ? "PhysicalServer"
            : "VMwareVirtualMachine",
      primaryFabricFriendlyName: fabricName,
      primaryFabricProvider: source.kind === "HyperVVm" ? "HyperVSite" : "VMware",
      recoveryFabricFriendlyName: "Microsoft Azure",
      recoveryFabricId: "Microsoft Azure",
      primaryProtectionContainerFriendlyName: containerName,
      recoveryProtectionContainerFriendlyName: "Microsoft Azure",
      protectionState: view.protectionState,
      protectionStateDescription: view.protectionStateDescription,
      activeLocation: view.activeLocation,
      testFailoverState: "None",
      testFailoverStateDescription: "None",
      allowedOperations: view.allowedOperations,
      replicationHealth: view.replicationHealth,
      failoverHealth: view.failoverHealth,
      healthErrors,
      policyId: policyId(world, item.policyName),
      policyFriendlyName: item.policyName,
      lastSuccessfulFailoverTime: iso(item.lastFailoverAtMs),
      currentScenario: job
        ? { scenarioName: job.scenarioName, jobId: jobId(world, job.name), startTime: iso(job.startMs) }
        : { scenarioName: "None", jobId: jobId(world, "None"), startTime: NO_TIME },
      failoverRecoveryPointId: recoveryPointId,
      providerSpecificDetails: providerSpecificJson(
        world,
        item,
        view.instanceType,
        view.syncing,
        nowMs,
        agent,
      ),
      recoveryContainerId: "Microsoft Azure",
    },
  };
}

/** A recovery point. */
export function recoveryPointJson(world: WorldState, itemName: string, point: RecoveryPointView) {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return {
    id: RecoveryPointIdCodec.format({
      ...vaultScope(world.scenario),
      fabricName,
      containerName,
      itemName,
      recoveryPointName: point.name,
    }),
    name: point.name,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems/recoveryPoints",
    properties: { recoveryPointTime: iso(point.timeMs), recoveryPointType: point.type },
  };
}

/** Recovery points of an item, newest first. */
export function recoveryPointsJson(world: WorldState, item: ItemState, nowMs: number) {
  return recoveryPointsOf(world.policies, item, nowMs).map((point) =>
    recoveryPointJson(world, item.name, point),
  );
}

/** A recovery plan. */
export function planJson(world: WorldState, plan: { name: string; items: readonly string[] }, nowMs: number) {
  const scenario = world.scenario;
  const views = plan.items.map((name) => {
    const item = world.items[name]!;
    return {
      item,
      view: describeItem(item, item.activeJobName ? world.jobs[item.activeJobName] : undefined, nowMs),
    };
  });
  const allowed = (
    [
      "PlannedFailover",
      "UnplannedFailover",
      "Commit",
      "CancelFailover",
      "ReverseReplicate",
    ] as ItemOperation[]
  ).filter((operation) => views.every(({ view }) => view.allowedOperations.includes(operation)));
  const activeJob = views.map(({ item }) => item.activeJobName).find((name) => name !== undefined);
  const job = activeJob ? world.jobs[activeJob] : undefined;
  const fabric = containerOfItem(scenario, plan.items[0]!).fabricName;
  return {
    id: planId(world, plan.name),
    name: plan.name,
    type: "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans",
    properties: {
      friendlyName: plan.name,
      primaryFabricId: FabricIdCodec.format({ ...vaultScope(scenario), fabricName: fabric }),
      primaryFabricFriendlyName: fabric,
      recoveryFabricId: "Microsoft Azure",
      recoveryFabricFriendlyName: "Microsoft Azure",
      failoverDeploymentModel: "ResourceManager",
      replicationProviders: [...new Set(views.map(({ view }) => view.instanceType))],
      allowedOperations: allowed,
      currentScenario: job
        ? { scenarioName: job.scenarioName, jobId: jobId(world, job.name), startTime: iso(job.startMs) }
        : undefined,
      currentScenarioStatus: job ? "InProgress" : undefined,
      groups: [
        { groupType: "Shutdown", replicationProtectedItems: [], startGroupActions: [], endGroupActions: [] },
        { groupType: "Failover", replicationProtectedItems: [], startGroupActions: [], endGroupActions: [] },
        {
          groupType: "Boot",
          replicationProtectedItems: plan.items.map((name) => ({
            id: itemId(world, name),
            virtualMachineId: guidFrom("vm", name),
          })),
          startGroupActions: [],
          endGroupActions: [],
        },
      ],
    },
  };
}

function jobErrorJson(failure: WorldFailure, taskId: string, atMs: number) {
  const numeric = /^\d+$/.test(failure.code) ? Number(failure.code) : undefined;
  return {
    serviceErrorDetails: {
      code: failure.code,
      message: failure.message,
      possibleCauses: failure.possibleCauses,
      recommendedAction: failure.recommendedAction,
    },
    providerErrorDetails:
      numeric !== undefined
        ? {
            errorCode: numeric,
            errorMessage: failure.message,
            possibleCauses: failure.possibleCauses,
            recommendedAction: failure.recommendedAction,
          }
        : undefined,
    errorLevel: "Error",
    creationTime: iso(atMs),
    taskId,
  };
}

/** A job. */
export function jobJson(world: WorldState, job: JobRecord, nowMs: number) {
  const status = jobStatusAt(job, nowMs);
  const tasks = job.phases.map((phase, index) => {
    const startMs = status.phaseStartsMs[index];
    const taskId = guidFrom("task", job.name, index);
    let state = "NotStarted";
    let endMs: number | undefined;
    if (startMs !== undefined) {
      const phaseEnd = startMs + phase.durationMs;
      if (index < status.phaseIndex || (status.state === "Succeeded" && index <= status.phaseIndex)) {
        state = "Succeeded";
        endMs = phaseEnd;
      } else if (index === status.phaseIndex) {
        if (status.state === "Failed") {
          state = "Failed";
          endMs = status.endMs;
        } else if (status.state === "Cancelled") {
          state = "Cancelled";
          endMs = status.endMs;
        } else if (status.state === "Suspended") {
          state = "Succeeded";
          endMs = phaseEnd;
        } else state = "InProgress";
      }
    }
    const failed = state === "Failed" && job.failure;
    return {
      taskId,
      name: phase.name,
      friendlyName: phase.friendlyName,
      state,
      stateDescription: state,
      startTime: iso(startMs),
      endTime: iso(endMs),
      allowedActions: [],
      taskType: "TaskDetails",
      customDetails: { instanceType: "JobTaskDetails" },
      errors: failed ? [jobErrorJson(job.failure!.error, taskId, endMs ?? nowMs)] : [],
    };
  });
  const failedTask = tasks.find((task) => task.state === "Failed");
  const errors =
    status.state === "Failed" && job.failure
      ? [jobErrorJson(job.failure.error, failedTask?.taskId ?? "", status.endMs ?? nowMs)]
      : [];
  return {
    id: jobId(world, job.name),
    name: job.name,
    type: "Microsoft.RecoveryServices/vaults/replicationJobs",
    properties: {
      activityId: guidFrom("activity", job.name),
      scenarioName: job.scenarioName,
      friendlyName: job.friendlyName,
      state: status.state,
      stateDescription: status.stateDescription,
      tasks,
      errors,
      startTime: iso(job.startMs),
      endTime: iso(status.endMs),
      allowedActions: allowedJobActions(job, status),
      targetObjectId: job.targetObjectId,
      targetObjectName: job.targetObjectName,
      targetInstanceType: job.targetInstanceType,
      customDetails: { instanceType: "AsrJobDetails", affectedObjectDetails: {} },
    },
  };
}

/** The body of an `Azure-AsyncOperation` status URL. */
export function operationStatusJson(statusPath: string, status: OperationStatusView) {
  return {
    id: statusPath,
    name: status.id,
    status: status.status,
    startTime: iso(status.startTimeMs),
    endTime: iso(status.endTimeMs),
    error: status.error
      ? { code: status.error.code, message: status.error.message, details: [{ ...status.error }] }
      : undefined,
  };
}
