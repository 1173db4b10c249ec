/**
 * Planning an action on protected items: validate the request against the item's state and the
 * inputs (refusals are immediate ARM errors), then lay out the job's phases with durations from
 * the world and decide whether — and where — the world makes the job fail.
 *
 * Which failures are immediate and which fail the job follows Site Recovery: malformed or
 * mismatching inputs are refused synchronously; facts of the site (snapshots, a disconnected
 * vCenter, an unreachable configuration server...) are found by the job's prerequisite check or
 * when it touches the site, and fail the job with the code Site Recovery uses.
 */
import { AsrErrorCodes, armIdName, PolicyIdCodec } from "asr-contract";
import { ArmError, Errors, type WorldFailure, worldFailure } from "../errors";
import { agentRegistrationAtMs } from "./agent";
import { changedGb, checksumMs, differentialSyncMs, minutes, totalDiskGb, transferMs } from "./durations";
import { describeItem, requiredOperation } from "./itemStateMachine";
import { recoveryPointsOf } from "./recoveryPoints";
import {
  datastoresVisibleTo,
  findMasterTarget,
  registeredProcessServers,
  scenarioItem,
  vCenterOfHost,
  virtualNetworkReachesConfigurationServer,
} from "./site";
import {
  containerOfItem,
  type ItemEffect,
  type ItemState,
  type JobAction,
  type JobPhase,
  type WorldState,
} from "./world";

/** The item actions (everything but `configure`). */
export type ItemAction = Exclude<JobAction, "configure">;

/** A planned action on one item. */
export interface ItemActionPlan {
  readonly itemName: string;
  readonly phases: JobPhase[];
  readonly failure?: { readonly phaseIndex: number; readonly error: WorldFailure };
  readonly effect: ItemEffect;
}

type Properties = Record<string, unknown>;

function providerDetails(properties: Properties): Properties {
  const details = properties["providerSpecificDetails"];
  return details && typeof details === "object" && !Array.isArray(details) ? (details as Properties) : {};
}

function stringField(source: Properties, field: string): string | undefined {
  const value = source[field];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

function requireString(source: Properties, field: string, context: string): string {
  const value = stringField(source, field);
  if (value === undefined)
    throw Errors.invalidParameter(`${context}: providerSpecificDetails.${field} is required.`);
  return value;
}

function expectInstanceType(properties: Properties, expected: string, context: string): Properties {
  const details = providerDetails(properties);
  const actual = details["instanceType"];
  if (actual !== expected) {
    throw Errors.invalidParameter(
      `${context}: providerSpecificDetails.instanceType must be '${expected}' for this item, got '${String(actual ?? "(none)")}'.`,
    );
  }
  return details;
}

function phase(
  name: string,
  friendlyName: string,
  durationMs: number,
  extra: Partial<JobPhase> = {},
): JobPhase {
  return { name, friendlyName, durationMs, ...extra };
}

/** The first failure of a list of [condition, failure] checks. */
function firstFailure(checks: readonly (readonly [boolean, () => WorldFailure])[]): WorldFailure | undefined {
  for (const [broken, failure] of checks) if (broken) return failure();
  return undefined;
}

function azureVmProblem(
  item: ItemState,
  label: string,
  scenarioVm: { movedToAnotherResourceGroup: boolean } | undefined,
  migrated: boolean,
) {
  if (migrated) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `Migration of ${label} was completed; the item can no longer fail back.`,
      "Migration was completed for the virtual machine.",
      "Failback is not possible after migration; protect the machine again.",
    );
  }
  if (!item.azureVmExists || scenarioVm?.movedToAnotherResourceGroup) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `The Azure virtual machine of ${label} does not exist in its resource group.`,
      "The Azure VM was deleted or moved to another resource group.",
      "Failback is not possible for a deleted or moved Azure VM.",
    );
  }
  if (!item.azureVmRunning) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `The Azure virtual machine of ${label} is not running.`,
      "The Azure VM is stopped or deallocated.",
      "Start the Azure virtual machine and retry the operation.",
    );
  }
  return undefined;
}

function resolvePolicyName(world: WorldState, reference: string, context: string): string {
  const parsed = PolicyIdCodec.tryParse(reference);
  const name = parsed ? parsed.policyName : armIdName(reference);
  const policy = Object.values(world.policies).find(
    (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
  );
  if (!policy)
    throw Errors.invalidParameter(`${context}: replication policy '${name}' does not exist in the vault.`);
  return policy.name;
}

function policyMappedToContainer(world: WorldState, itemName: string, policyName: string): boolean {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return Object.values(world.mappings).some(
    (mapping) =>
      mapping.fabricName === fabricName &&
      mapping.containerName === containerName &&
      mapping.policyName.toLowerCase() === policyName.toLowerCase(),
  );
}

export { agentRegistrationAtMs } from "./agent";

function planReprotectToOnPremises(
  world: WorldState,
  item: ItemState,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const label = source.friendlyName ?? source.name;
  const context = `reprotect of ${label}`;
  const direction = stringField(properties, "failoverDirection");
  if (direction !== undefined && direction !== "RecoveryToPrimary") {
    throw Errors.invalidParameter(
      `${context}: failoverDirection must be 'RecoveryToPrimary', got '${direction}'.`,
    );
  }
  const details = expectInstanceType(properties, "InMage", context);
  const masterTargetId = requireString(details, "masterTargetId", context);
  const processServerId = requireString(details, "processServerId", context);
  const retentionDrive = requireString(details, "retentionDrive", context);
  const profileId = requireString(details, "profileId", context);
  const datastoreName = stringField(details, "datastoreName");
  const runAsAccountId = stringField(details, "runAsAccountId");

  const target = findMasterTarget(scenario, masterTargetId);
  if (!target)
    throw Errors.invalidParameter(
      `${context}: master target '${masterTargetId}' is not registered with the configuration server.`,
    );
  if (target.os !== source.os) {
    throw Errors.invalidParameter(
      `${context}: a ${source.os} machine fails back through a ${source.os} master target; '${target.name}' runs ${target.os}.`,
    );
  }
  const processServers = registeredProcessServers(world, nowMs);
  if (!processServers.some((server) => server.id.toLowerCase() === processServerId.toLowerCase())) {
    throw new ArmError(
      400,
      AsrErrorCodes.processServerNotRegistered,
      `${context}: process server '${processServerId}' is not registered with the configuration server.`,
    );
  }
  const volume = target.retentionVolumes.find((candidate) => candidate.name === retentionDrive);
  if (!volume) {
    throw Errors.invalidParameter(
      `${context}: retention drive '${retentionDrive}' does not belong to master target '${target.name}'.`,
    );
  }
  if (volume.fileSystem === "FAT" || volume.fileSystem === "FAT32" || volume.cacheVolume || volume.locked) {
    throw Errors.invalidParameter(
      `${context}: retention drive '${retentionDrive}' cannot be used (FAT file system, cache volume or locked).`,
    );
  }
  const policyName = resolvePolicyName(world, profileId, context);
  if (world.policies[policyName]?.instanceType !== "InMage") {
    throw Errors.invalidParameter(`${context}: policy '${policyName}' is not a failback (InMage) policy.`);
  }
  if (!policyMappedToContainer(world, item.name, policyName)) {
    throw Errors.invalidParameter(
      `${context}: policy '${policyName}' is not associated with the configuration server's protection container.`,
    );
  }
  if (runAsAccountId !== undefined) {
    const accounts = scenario.configurationServer?.runAsAccounts ?? [];
    if (!accounts.some((account) => account.id === runAsAccountId)) {
      throw Errors.invalidParameter(
        `${context}: run-as account '${runAsAccountId}' is not known to the configuration server.`,
      );
    }
  }
  const hostVCenter = vCenterOfHost(scenario, target.host);
  const visible = datastoresVisibleTo(scenario, target);
  const alternateLocation = !item.onPremisesVmExists || source.kind === "PhysicalServer";
  let datastoresUndiscovered = false;
  if (datastoreName !== undefined || alternateLocation) {
    if (hostVCenter?.accountReadOnly) datastoresUndiscovered = true;
    else {
      if (datastoreName === undefined) {
        throw Errors.invalidParameter(
          `${context}: datastoreName is required for recovery to an alternate location.`,
        );
      }
      const datastore = visible.find((candidate) => candidate.name === datastoreName);
      if (!datastore) {
        throw Errors.invalidParameter(
          `${context}: datastore '${datastoreName}' is not visible to master target '${target.name}'.`,
        );
      }
      if (datastore.type === "NFS") {
        throw Errors.invalidParameter(
          `${context}: datastore '${datastoreName}' is NFS; failback needs VMFS or vSAN.`,
        );
      }
      if (alternateLocation && datastore.type !== "VMFS") {
        throw Errors.invalidParameter(
          `${context}: recovery to an alternate location needs a VMFS datastore; '${datastoreName}' is ${datastore.type}.`,
        );
      }
    }
  }

  const server = scenario.configurationServer;
  const host = scenario.esxHosts.find((candidate) => candidate.name === target.host);
  const azureVm = source.azureVm;
  const prerequisite =
    azureVmProblem(item, label, azureVm, source.migrationCompleted) ??
    firstFailure([
      [
        server === undefined || server.missingMachines.includes(item.name) || server.replacedSinceFailover,
        () =>
          worldFailure(
            AsrErrorCodes.machineNotInConfigurationServer,
            `${label} is not in the configuration server's database.`,
            "The configuration server was rebuilt or replaced since failover.",
            "Restore the original configuration server (same IP address) from backup.",
          ),
      ],
      [
        azureVm !== undefined &&
          !(
            virtualNetworkReachesConfigurationServer(
              scenario,
              azureVm.virtualNetwork,
              server?.controlPort ?? 443,
            ) &&
            virtualNetworkReachesConfigurationServer(
              scenario,
              azureVm.virtualNetwork,
              server?.dataPort ?? 9443,
            )
          ),
        () =>
          worldFailure(
            AsrErrorCodes.configurationServerUnreachable,
            `The Azure virtual machine of ${label} cannot reach the configuration server ${server?.ipAddress ?? ""}.`,
            "No site-to-site VPN or ExpressRoute private peering from the VM's network, ports blocked, or the InMage Scout service is stopped.",
            "Check the VPN / ExpressRoute private peering and that ports 443 and 9443 reach the configuration server, then retry.",
          ),
      ],
      [
        target.snapshots > 0,
        () =>
          worldFailure(
            AsrErrorCodes.masterTargetHasSnapshots,
            `Master target ${target.name} has ${target.snapshots} snapshot(s).`,
            "Snapshots exist on the master target VM.",
            "Delete the snapshots of the master target and retry.",
          ),
      ],
      [
        source.onPremisesVmSnapshots > 0 && item.onPremisesVmExists,
        () =>
          worldFailure(
            AsrErrorCodes.vmHasSnapshots,
            `The on-premises VM of ${label} has ${source.onPremisesVmSnapshots} snapshot(s).`,
            "Disks with snapshots cannot be detached for reprotect.",
            "Delete the snapshots of the on-premises VM and retry.",
          ),
      ],
      [
        hostVCenter !== undefined && !hostVCenter.connected,
        () =>
          worldFailure(
            AsrErrorCodes.vCenterNotConnected,
            `vCenter ${hostVCenter!.name} is not connected to the configuration server.`,
            "The vCenter is unreachable or its credentials changed.",
            "Reconnect the vCenter on the configuration server and retry.",
          ),
      ],
      [
        hostVCenter?.addedAfterFailover === true,
        () =>
          worldFailure(
            AsrErrorCodes.invalidInput,
            `vCenter ${hostVCenter!.name} was added after failover; failback goes only to the original vCenter.`,
          ),
      ],
      [
        host === undefined || !host.discovered,
        () =>
          worldFailure(
            AsrErrorCodes.esxHostNotDiscovered,
            `ESX host ${target.host} of master target ${target.name} is not discovered.`,
            "The host is not added to the configuration server.",
            "Add the ESX host (or its vCenter) to the configuration server and retry.",
          ),
      ],
      [
        host !== undefined && host.edition !== "Licensed",
        () =>
          worldFailure(
            AsrErrorCodes.esxiFreeEdition,
            `ESX host ${target.host} runs ${host!.edition}, which allows failover but not failback.`,
            "Free ESXi editions do not expose the APIs failback needs.",
            "License the host and retry.",
          ),
      ],
      [
        datastoresUndiscovered,
        () =>
          worldFailure(
            AsrErrorCodes.datastoresNotDiscovered,
            `No datastores are discovered for master target ${target.name}: the vCenter account is read-only.`,
            "The vCenter run-as account lacks discovery permissions.",
            "Give the account the permissions Site Recovery needs, refresh the configuration server, and retry.",
          ),
      ],
    ]);

  // LOC-01: for original-location recovery the master target's host must see the VM's datastores.
  const missingDatastore = alternateLocation
    ? undefined
    : source.disks.find(
        (disk) =>
          disk.datastore !== undefined && !visible.some((candidate) => candidate.name === disk.datastore),
      );
  const attachFailure = missingDatastore
    ? worldFailure(
        AsrErrorCodes.datastoreNotReachable,
        `Datastore ${missingDatastore.datastore} of ${label} is not reachable from ESX host ${target.host} of master target ${target.name}.`,
        "The master target's host does not see the datastore holding the VM's disks.",
        "Choose a master target on a host that sees the datastore, or make the datastore visible to the host.",
      )
    : undefined;

  const phases = [
    phase("PrerequisitesCheck", "Prerequisites check for reprotect", minutes(1)),
    phase("PrepareMasterTarget", "Attach disks to the master target", minutes(3)),
    phase("StartReplication", "Start replication", minutes(2)),
  ];
  const timeInAzureMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  return {
    itemName: item.name,
    phases,
    failure: prerequisite
      ? { phaseIndex: 0, error: prerequisite }
      : attachFailure
        ? { phaseIndex: 1, error: attachFailure }
        : undefined,
    effect: {
      syncDurationMs: differentialSyncMs(scenario, source, timeInAzureMs, !alternateLocation),
      reprotect: {
        masterTargetId: target.id ?? masterTargetId,
        processServerId,
        retentionDrive,
        datastoreName,
        runAsAccountId,
        policyName,
        alternateLocation,
      },
    },
  };
}

function planReprotectToAzure(
  world: WorldState,
  item: ItemState,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const label = source.friendlyName ?? source.name;
  const context = `reprotect of ${label}`;
  const timeSinceFailbackMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  if (item.flavor === "HyperV") {
    expectInstanceType(properties, "HyperVReplicaAzure", context);
    const site = scenario.hyperV;
    const failure = firstFailure([
      [
        site === undefined || !site.connected,
        () =>
          worldFailure(
            AsrErrorCodes.hyperVHostNotConnected,
            `The Hyper-V host of ${label} is not connected to Site Recovery.`,
            "The Site Recovery provider on the host or VMM server cannot reach Azure.",
            "Reconnect the Hyper-V host / VMM server and retry.",
          ),
      ],
    ]);
    return {
      itemName: item.name,
      phases: [
        phase("PrerequisitesCheck", "Prerequisites check", minutes(1)),
        phase("StartReverseReplication", "Start reverse replication", minutes(2)),
      ],
      failure: failure ? { phaseIndex: 0, error: failure } : undefined,
      // HV-09: only what changed since the Azure VM was shut down goes back.
      effect: { syncDurationMs: transferMs(scenario, changedGb(source, minutes(10))) },
    };
  }
  const details = expectInstanceType(properties, "InMageAzureV2", context);
  const processServerId = requireString(details, "processServerId", context);
  const processServers = registeredProcessServers(world, nowMs);
  if (!processServers.some((server) => server.id.toLowerCase() === processServerId.toLowerCase())) {
    throw new ArmError(
      400,
      AsrErrorCodes.processServerNotRegistered,
      `${context}: process server '${processServerId}' is not registered with the configuration server.`,
    );
  }
  const policyReference = stringField(details, "policyId");
  const policyName = policyReference
    ? resolvePolicyName(world, policyReference, context)
    : scenarioItem(scenario, item.name).policy;
  const registersAt = agentRegistrationAtMs(item, scenario);
  const failure = firstFailure([
    [
      registersAt !== undefined && nowMs < registersAt,
      () =>
        worldFailure(
          AsrErrorCodes.agentNotInstalled,
          `The Mobility agent is not installed on ${label}.`,
          "After the on-premises VM boots, its agent takes up to 15 minutes to register with the configuration server.",
          "Wait a few minutes and retry the reprotect.",
        ),
    ],
    [
      item.onPremisesVmCorrupt,
      () => worldFailure(AsrErrorCodes.onPremisesVmBootFailed, `The on-premises VM of ${label} is corrupt.`),
    ],
  ]);
  return {
    itemName: item.name,
    phases: [
      phase("PrerequisitesCheck", "Prerequisites check", minutes(1)),
      phase("EnableReplication", "Enable replication", minutes(3)),
    ],
    failure: failure ? { phaseIndex: 0, error: failure } : undefined,
    effect: {
      syncDurationMs:
        checksumMs(scenario, totalDiskGb(source)) +
        transferMs(scenario, changedGb(source, timeSinceFailbackMs)),
      policyName,
    },
  };
}

function planFailback(
  world: WorldState,
  item: ItemState,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const label = source.friendlyName ?? source.name;
  const context = `failover of ${label}`;
  const details = expectInstanceType(properties, "InMage", context);
  const recoveryPointType = stringField(details, "recoveryPointType") ?? "LatestTime";
  if (!["LatestTime", "LatestTag", "Custom"].includes(recoveryPointType)) {
    throw Errors.invalidParameter(`${context}: recoveryPointType must be LatestTime, LatestTag or Custom.`);
  }
  const points = recoveryPointsOf(world.policies, item, nowMs);
  let chosen =
    recoveryPointType === "LatestTag"
      ? points.find((point) => point.type === "ApplicationConsistent")
      : points[0];
  if (recoveryPointType === "Custom") {
    const id = requireString(details, "recoveryPointId", context);
    chosen = points.find((point) => point.name.toLowerCase() === armIdName(id).toLowerCase());
    if (!chosen) throw Errors.invalidParameter(`${context}: recovery point '${id}' does not exist.`);
  }
  const settings = item.reprotect;
  const target = settings ? findMasterTarget(scenario, settings.masterTargetId) : undefined;
  const targetHostName = settings?.alternateLocation ? target?.host : (source.esxHost ?? target?.host);
  const targetHost = scenario.esxHosts.find((candidate) => candidate.name === targetHostName);
  const hostVCenter = targetHostName ? vCenterOfHost(scenario, targetHostName) : undefined;
  const prerequisite =
    azureVmProblem(item, label, source.azureVm, source.migrationCompleted) ??
    firstFailure([
      [
        chosen === undefined,
        () =>
          worldFailure(
            AsrErrorCodes.noRecoveryPoint,
            `${label} has no ${recoveryPointType === "LatestTag" ? "application-consistent " : ""}recovery point to fail over to.`,
            "Replication has not produced a recovery point yet.",
            "Wait for initial replication to finish and a recovery point to appear, then retry.",
          ),
      ],
      [
        hostVCenter !== undefined && !hostVCenter.connected,
        () =>
          worldFailure(
            AsrErrorCodes.vCenterNotConnected,
            `vCenter ${hostVCenter!.name} is not connected; disks cannot be detached and re-attached.`,
            "The vCenter is unreachable.",
            "Reconnect the vCenter and retry.",
          ),
      ],
    ]);
  const datastoreName = settings?.datastoreName;
  const datastore = datastoreName
    ? scenario.datastores.find((candidate) => candidate.name === datastoreName)
    : undefined;
  const unreachableDatastore =
    (datastore && targetHostName && !datastore.hosts.includes(targetHostName) ? datastore.name : undefined) ??
    (settings?.alternateLocation
      ? undefined
      : source.disks.find((disk) => {
          const holder = scenario.datastores.find((candidate) => candidate.name === disk.datastore);
          return (
            holder !== undefined && targetHostName !== undefined && !holder.hosts.includes(targetHostName)
          );
        })?.datastore);
  const bootFailure = firstFailure([
    [
      Boolean(settings?.alternateLocation && targetHost?.vmNames.includes(label)),
      () =>
        worldFailure(
          AsrErrorCodes.vmNameAlreadyExists,
          `A virtual machine named ${label} already exists on ESX host ${targetHostName}.`,
          "Recovery to an alternate location creates a VM with the original name on the master target's host.",
          "Rename or remove the existing VM on the host and retry.",
        ),
    ],
    [
      unreachableDatastore !== undefined,
      () =>
        worldFailure(
          AsrErrorCodes.datastoreNotReachable,
          `Datastore ${unreachableDatastore} is not reachable from ESX host ${targetHostName}.`,
          "The host lost access to the datastore.",
          "Restore the host's access to the datastore and retry.",
        ),
    ],
    [
      targetHost !== undefined && targetHost.freeMemoryInGb < source.memoryInGb,
      () =>
        worldFailure(
          AsrErrorCodes.onPremisesVmBootFailed,
          `The on-premises VM ${label} failed to boot: host ${targetHostName} has ${targetHost!.freeMemoryInGb} GB free, the VM needs ${source.memoryInGb} GB.`,
          "Not enough memory on the ESX host.",
          "Free memory on the host (or move VMs away) and retry the failover.",
        ),
    ],
  ]);
  const phases = [
    phase("PrerequisitesCheck", "Prerequisites check for failover", minutes(1)),
    phase("ShutDownAzureVm", "Shut down the Azure virtual machine", minutes(2)),
    phase(
      "SyncLatestChanges",
      "Synchronize the latest changes",
      transferMs(scenario, changedGb(source, minutes(15))),
      { dataSync: true },
    ),
    phase("StartOnPremisesVm", "Start the on-premises virtual machine", minutes(5)),
  ];
  return {
    itemName: item.name,
    phases,
    failure: prerequisite
      ? { phaseIndex: 0, error: prerequisite }
      : bootFailure
        ? { phaseIndex: 3, error: bootFailure }
        : undefined,
    effect: { syncDurationMs: 0, recoveryPointId: chosen?.name },
  };
}

function planHyperVFailback(
  world: WorldState,
  item: ItemState,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const scenario = world.scenario;
  const source = scenarioItem(scenario, item.name);
  const label = source.friendlyName ?? source.name;
  const context = `planned failover of ${label}`;
  const direction = stringField(properties, "failoverDirection");
  if (direction !== undefined && direction !== "RecoveryToPrimary") {
    throw Errors.invalidParameter(
      `${context}: failoverDirection must be 'RecoveryToPrimary' to fail back, got '${direction}'.`,
    );
  }
  const details = expectInstanceType(properties, "HyperVReplicaAzureFailback", context);
  const dataSyncOption = requireString(details, "dataSyncOption", context);
  if (dataSyncOption !== "ForDownTime" && dataSyncOption !== "ForSynchronization") {
    throw Errors.invalidParameter(
      `${context}: dataSyncOption must be ForDownTime or ForSynchronization, got '${dataSyncOption}'.`,
    );
  }
  const creation = stringField(details, "recoveryVmCreationOption") ?? "NoAction";
  if (creation !== "CreateVmIfNotFound" && creation !== "NoAction") {
    throw Errors.invalidParameter(
      `${context}: recoveryVmCreationOption must be CreateVmIfNotFound or NoAction, got '${creation}'.`,
    );
  }
  const site = scenario.hyperV;
  const failure = firstFailure([
    [
      site === undefined || !site.connected,
      () =>
        worldFailure(
          AsrErrorCodes.hyperVHostNotConnected,
          `The Hyper-V host / VMM server of ${label} is not connected to Site Recovery.`,
          "The Site Recovery provider cannot reach Azure.",
          "Reconnect the host or VMM server and retry.",
        ),
    ],
    [
      source.managedDisks,
      () =>
        worldFailure(
          AsrErrorCodes.managedDisksFailbackNotSupported,
          `${label} replicates to managed disks, which cannot fail back to Hyper-V.`,
          "Failback from Azure to Hyper-V needs replication to storage accounts.",
          "Fail back is not possible for this VM; re-create it on premises.",
        ),
    ],
    [
      !item.onPremisesVmExists && creation !== "CreateVmIfNotFound",
      () =>
        worldFailure(
          AsrErrorCodes.invalidInput,
          `The on-premises VM of ${label} does not exist and recoveryVmCreationOption is NoAction.`,
          "The VM was deleted on premises.",
          "Use recoveryVmCreationOption CreateVmIfNotFound (alternate location).",
        ),
    ],
  ]);
  const threads = scenario.link.downloadThreads;
  const timeInAzureMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  const finalChanges = transferMs(scenario, changedGb(source, minutes(15)), threads);
  const phases =
    dataSyncOption === "ForDownTime"
      ? [
          phase("PrerequisitesCheck", "Prerequisites check for planned failover", minutes(1)),
          phase(
            "SyncBeforeFailover",
            "Synchronize data while the Azure VM runs",
            differentialSyncMs(scenario, source, timeInAzureMs, item.onPremisesVmExists, threads),
            { dataSync: true, suspendAfter: true },
          ),
          phase("ShutDownAzureVm", "Shut down the Azure virtual machine", minutes(2)),
          phase("SyncFinalChanges", "Synchronize the final changes", finalChanges, { dataSync: true }),
          phase("StartOnPremisesVm", "Start the on-premises virtual machine", minutes(3)),
        ]
      : [
          phase("PrerequisitesCheck", "Prerequisites check for planned failover", minutes(1)),
          phase("ShutDownAzureVm", "Shut down the Azure virtual machine", minutes(2)),
          phase("SyncData", "Download all data", transferMs(scenario, totalDiskGb(source), threads), {
            dataSync: true,
          }),
          phase("StartOnPremisesVm", "Start the on-premises virtual machine", minutes(3)),
        ];
  return {
    itemName: item.name,
    phases,
    failure: failure ? { phaseIndex: 0, error: failure } : undefined,
    effect: { syncDurationMs: 0, createVmIfNotFound: creation === "CreateVmIfNotFound" },
  };
}

function simplePlan(
  item: ItemState,
  phases: JobPhase[],
  effect: ItemEffect = { syncDurationMs: 0 },
): ItemActionPlan {
  return { itemName: item.name, phases, effect };
}

/**
 * Plans `action` on one item at `nowMs`. Throws an {@link ArmError} for a refusal (operation not
 * in allowedOperations, another job running, invalid input); returns the job layout otherwise.
 */
export function planItemAction(
  world: WorldState,
  itemName: string,
  action: ItemAction,
  properties: Properties,
  nowMs: number,
): ItemActionPlan {
  const item = world.items[itemName];
  if (!item) throw Errors.asrObjectNotFound("protected item", itemName);
  const source = scenarioItem(world.scenario, itemName);
  const label = source.friendlyName ?? source.name;
  if (item.activeJobName) throw Errors.conflictingJob(label, item.activeJobName);
  const view = describeItem(item, undefined, nowMs);
  const needed = requiredOperation[action];
  if (!view.allowedOperations.includes(needed)) {
    throw Errors.operationNotAllowed(needed, label, view.protectionState, view.allowedOperations);
  }
  const scenario = world.scenario;
  switch (action) {
    case "reProtect":
      return item.phase === "FailoverCommittedInAzure"
        ? planReprotectToOnPremises(world, item, properties, nowMs)
        : planReprotectToAzure(world, item, properties, nowMs);
    case "unplannedFailover":
      if (item.phase === "ReplicatingToOnPremises") return planFailback(world, item, properties, nowMs);
      return simplePlan(item, [
        phase("PrerequisitesCheck", "Prerequisites check for failover", minutes(1)),
        phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
      ]);
    case "plannedFailover":
      if (item.phase === "FailoverCommittedInAzure")
        return planHyperVFailback(world, item, properties, nowMs);
      return simplePlan(item, [
        phase("PrerequisitesCheck", "Prerequisites check for planned failover", minutes(1)),
        phase("ShutDownOnPremisesVm", "Shut down the on-premises virtual machine", minutes(2)),
        phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
      ]);
    case "failoverCommit":
      return simplePlan(
        item,
        item.phase === "FailedBackToOnPremises" && item.flavor !== "HyperV"
          ? [
              phase("Commit", "Commit the failover", minutes(1)),
              phase("DeleteAzureVm", "Delete the Azure virtual machine", minutes(1)),
            ]
          : [phase("Commit", "Commit the failover", minutes(1))],
      );
    case "failoverCancel":
      return simplePlan(item, [phase("CancelFailover", "Cancel the failover", minutes(2))]);
    case "repairReplication":
      return simplePlan(item, [phase("Resynchronize", "Start resynchronization", minutes(1))], {
        syncDurationMs: checksumMs(scenario, totalDiskGb(source)),
      });
  }
}
