/**
 * Protected items: their JSON (the replication provider's details per flavor and direction) and
 * the routes that read them and start actions on them.
 */

import { AsrErrorCodes, VirtualMachineIdCodec, VirtualNetworkIdCodec } from "asr-contract";
import { z } from "zod";
import { Errors } from "../../errors";
import type { ItemAction } from "../../model/actions";
import { type AgentView, agentViewAt } from "../../model/agent";
import { guidFrom } from "../../model/ids";
import { describeItem } from "../../model/itemStateMachine";
import type { Scenario } from "../../model/scenario";
import { itemSiteHealthErrors, registeredProcessServers, scenarioItem } from "../../model/site";
import { containerOfItem, type ItemState, type JobRecord, type WorldState } from "../../model/world";
import { NO_REQUEST_BODY } from "../arm/requestContent";
import { parseBody } from "../body";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Route } from "../router";
import {
  type ActionRoute,
  accepted,
  actionRoutes,
  CONTAINER,
  GB,
  healthErrorJson,
  ITEM,
  iso,
  itemId,
  jobId,
  policyId,
  recoveryPointId,
  same,
  VAULT,
} from "./common";
import { requireContainer } from "./containers";
import { itemMatchesFilter, readProtectedItemFilter } from "./itemFilter";
import {
  modernizedHealthErrors,
  modernizedItemProperties,
  modernizedProviderDetails,
} from "./modernizedItems";

const NO_TIME = "1753-01-01T01:01:01Z";

type ScenarioItem = Scenario["protectedItems"][number];

function disksJson(source: ScenarioItem) {
  return source.disks.map((disk) => ({
    diskId: guidFrom("disk", source.name, disk.name),
    diskName: disk.name,
    diskCapacityInBytes: Math.round(disk.sizeInGb * GB),
  }));
}

function azureVmIds(world: WorldState, source: ScenarioItem) {
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
      // InMageReplicationDetails.osDetails is an OSDiskDetails (the OS disk), not an OS description.
      osDetails: {
        osType: source.os,
        vhdName: source.disks[0]?.name,
        osVhdId: guidFrom("os-disk", source.name),
      },
      osVersion: source.osVersion,
      vmId: guidFrom("vm", source.name),
      infrastructureVmId: guidFrom("infrastructure-vm", source.name),
      discoveryType: source.kind === "PhysicalServer" ? "PhysicalMachine" : "vCenter",
      protectionStage: syncing ? "Resynchronization" : "Differential Sync",
      vmProtectionState: syncing ? "InitialReplicationInProgress" : "Protected",
      resyncDetails: {
        initialReplicationType: settings?.alternateLocation ? "InitialReplication" : "Resync",
        // InitialReplicationDetails types the percentage as a string.
        initialReplicationProgressPercentage: String(progress),
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
  // HyperVReplicaAzureReplicationDetails has no targetVmId: the VM is named by
  // recoveryAzureVmName in recoveryAzureResourceGroupId.
  const { targetVmId: _notInHyperVDetails, ...hyperVAzureIds } = azureVmIds(world, source);
  return {
    instanceType,
    ...hyperVAzureIds,
    vmId: guidFrom("vm", source.name),
    recoveryAzureVmName: source.azureVm?.name,
    recoveryAzureVMSize: source.azureVm?.size,
    recoveryAzureStorageAccount: source.managedDisks ? undefined : scenario.azure.storageAccounts[0]?.name,
    useManagedDisks: String(source.managedDisks),
    encryption: source.dataEncryption ? "Enabled" : "Disabled",
    vmProtectionState: syncing ? "InitialReplicationInProgress" : "Protected",
    initialReplicationDetails: {
      initialReplicationType: "InitialReplication",
      initialReplicationProgressPercentage: String(progress),
    },
    oSDetails: { osType: source.os, productType: source.osVersion, oSVersion: source.osVersion },
    sourceVmRamSizeInMB: source.memoryInGb * 1024,
    // The VM's network adapter on its original host: its source network is the host's switch.
    vmNics: [
      {
        nicId: guidFrom("nic", source.name),
        vMNetworkName: scenario.hyperV?.hosts.find((host) => host.name === source.hyperVHost)
          ?.virtualSwitches[0],
      },
    ],
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
  const failoverRecoveryPointId =
    item.failoverRecoveryPointId !== undefined
      ? recoveryPointId(world, item.name, item.failoverRecoveryPointId)
      : undefined;
  const modernized = item.replicationPath === "modernized";
  if (modernized) healthErrors.push(...modernizedHealthErrors(world, item, nowMs));
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
      failoverRecoveryPointId,
      providerSpecificDetails: modernized
        ? modernizedProviderDetails(world, item, view, nowMs)
        : providerSpecificJson(world, item, view.instanceType, view.syncing, nowMs, agent),
      recoveryContainerId: "Microsoft Azure",
      ...(modernized ? modernizedItemProperties(world, item, view) : {}),
    },
  };
}

function itemsOfContainer(request: EmulatorRequest, containerName: string): ItemState[] {
  const state = request.services.store.state;
  return Object.values(state.items).filter((item) =>
    same(containerOfItem(state.scenario, item.name).containerName, containerName),
  );
}

/**
 * The item of that name, matched as ARM matches names (case-insensitively). The exact name is
 * looked up first: every item request passes here, and a scan of a thousand items per request was
 * most of the emulator's time at scale.
 */
function itemNamed(state: WorldState, name: string): ItemState | undefined {
  if (Object.hasOwn(state.items, name)) return state.items[name];
  return Object.values(state.items).find((candidate) => same(candidate.name, name));
}

/** The item the path names (its fabric and container must exist too); noted in the request log. */
export function requireItem(request: EmulatorRequest): ItemState {
  const container = requireContainer(request);
  const state = request.services.store.state;
  const named = itemNamed(state, request.params["itemName"]!);
  const item =
    named && same(containerOfItem(state.scenario, named.name).containerName, container.containerName)
      ? named
      : undefined;
  if (!item) throw Errors.asrObjectNotFound("protected item", request.params["itemName"]!);
  request.logTarget.itemName = item.name;
  return item;
}

/**
 * The body of an item action (absent for commit, cancel and repair). Only the shape is checked
 * here; what the values must be depends on the item's state and is checked when the action is
 * planned (InvalidParameter).
 */
const ItemActionBody = z
  .object({
    properties: z
      .looseObject({
        failoverDirection: z.string().nullish(),
        providerSpecificDetails: z.looseObject({ instanceType: z.string().nullish() }).nullish(),
      })
      .nullish(),
  })
  .nullish();

function itemAction(action: ItemAction): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const item = requireItem(request);
    const properties = parseBody(request, ItemActionBody)?.properties ?? {};
    const { operation } = request.services.store.startItemAction(item.name, action, properties, {
      forcedFailure: request.forcedFailure,
      resultPath: `item:${item.name}`,
    });
    return accepted(request, operation, itemId(request.services.store.state, item.name));
  };
}

/** The action routes of items. */
const itemActions: readonly ActionRoute[] = [
  ["reProtect", "ReplicationProtectedItems_Reprotect", "reProtect", { sdkModel: "ReverseReplicationInput" }],
  [
    "unplannedFailover",
    "ReplicationProtectedItems_UnplannedFailover",
    "unplannedFailover",
    { sdkModel: "UnplannedFailoverInput" },
  ],
  [
    "plannedFailover",
    "ReplicationProtectedItems_PlannedFailover",
    "plannedFailover",
    { sdkModel: "PlannedFailoverInput" },
  ],
  ["failoverCommit", "ReplicationProtectedItems_FailoverCommit", "failoverCommit", NO_REQUEST_BODY],
  ["failoverCancel", "ReplicationProtectedItems_FailoverCancel", "failoverCancel", NO_REQUEST_BODY],
  ["repairReplication", "ReplicationProtectedItems_RepairReplication", "repairReplication", NO_REQUEST_BODY],
];

/** The protected item routes. */
export const protectedItemRoutes: Route[] = [
  ...collectionRoutes<ItemState>({
    listings: [
      {
        pattern: `${CONTAINER}/replicationProtectedItems`,
        operation: "ReplicationProtectedItems_ListByReplicationProtectionContainers",
        entities: (request) => itemsOfContainer(request, requireContainer(request).containerName),
      },
      {
        pattern: `${VAULT}/replicationProtectedItems`,
        operation: "ReplicationProtectedItems_List",
        entities: (request) => Object.values(request.services.store.state.items),
        filter: (request) => {
          const filter = readProtectedItemFilter(request);
          return (item) => itemMatchesFilter(request.services.store.state, item, filter);
        },
      },
    ],
    get: { pattern: ITEM, operation: "ReplicationProtectedItems_Get", find: requireItem },
    toJson: (request, item, nowMs) => itemJson(request.services.store.state, item, nowMs),
  }),
  ...actionRoutes(ITEM, itemActions, itemAction),
];
