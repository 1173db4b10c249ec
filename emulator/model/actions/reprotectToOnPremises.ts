/**
 * Reprotect from Azure back to on-premises VMware or physical (classic InMage failback): the
 * request names a master target, process server, retention drive and failback policy. Malformed
 * or mismatching inputs are refused at once; facts of the site fail the job's prerequisite check
 * (phase 0) or the disk attach (phase 1).
 */
import { AsrErrorCodes } from "asr-contract";
import { Errors, type WorldFailure, worldFailure } from "../../errors";
import { differentialSyncMs, minutes } from "../durations";
import type { ScenarioMasterTarget } from "../scenario";
import {
  datastoresVisibleTo,
  findMasterTarget,
  vCenterOfHost,
  virtualNetworkReachesConfigurationServer,
} from "../site";
import type { ItemState, ReprotectSettings, WorldState } from "../world";
import {
  type ActionPlanner,
  azureVmProblem,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  type Properties,
  phase,
  policyMappedToContainer,
  requireRegisteredProcessServer,
  requireString,
  resolvePolicyName,
  stringField,
  subjectOf,
} from "./common";

/** The validated request: the reprotect settings and the master target they name. */
interface ReprotectRequest {
  readonly target: ScenarioMasterTarget;
  readonly settings: ReprotectSettings;
  /** The target's vCenter account is read-only, so its datastores are not discovered. */
  readonly datastoresUndiscovered: boolean;
}

/** Reads and checks the request's inputs; refuses (InvalidParameter) what Site Recovery refuses. */
function readReprotectRequest(
  world: WorldState,
  item: ItemState,
  properties: Properties,
  context: string,
  nowMs: number,
): ReprotectRequest {
  const { scenario, source } = subjectOf(world, item);
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
  requireRegisteredProcessServer(world, processServerId, context, nowMs);
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
  const alternateLocation = !item.onPremisesVmExists || source.kind === "PhysicalServer";
  return {
    target,
    settings: {
      masterTargetId: target.id ?? masterTargetId,
      processServerId,
      retentionDrive,
      datastoreName,
      runAsAccountId,
      policyName,
      alternateLocation,
    },
    datastoresUndiscovered: checkDatastore(world, target, datastoreName, alternateLocation, context),
  };
}

/**
 * Checks the datastore of an alternate-location recovery (or a named one); returns true when the
 * datastores cannot be checked because the vCenter account cannot discover them.
 */
function checkDatastore(
  world: WorldState,
  target: ScenarioMasterTarget,
  datastoreName: string | undefined,
  alternateLocation: boolean,
  context: string,
): boolean {
  const scenario = world.scenario;
  const hostVCenter = vCenterOfHost(scenario, target.host);
  const visible = datastoresVisibleTo(scenario, target);
  if (datastoreName === undefined && !alternateLocation) return false;
  if (hostVCenter?.accountReadOnly) return true;
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
  return false;
}

/** The first fact of the site that fails the job's prerequisite check, if any. */
function prerequisiteFailure(
  world: WorldState,
  item: ItemState,
  target: ScenarioMasterTarget,
  datastoresUndiscovered: boolean,
): WorldFailure | undefined {
  const { scenario, source, label } = subjectOf(world, item);
  const hostVCenter = vCenterOfHost(scenario, target.host);
  const server = scenario.configurationServer;
  const host = scenario.esxHosts.find((candidate) => candidate.name === target.host);
  const azureVm = source.azureVm;
  return (
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
    ])
  );
}

/** LOC-01: for original-location recovery the master target's host must see the VM's datastores. */
function attachFailure(
  world: WorldState,
  item: ItemState,
  target: ScenarioMasterTarget,
  alternateLocation: boolean,
): WorldFailure | undefined {
  const { scenario, source, label } = subjectOf(world, item);
  const visible = datastoresVisibleTo(scenario, target);
  const missingDatastore = alternateLocation
    ? undefined
    : source.disks.find(
        (disk) =>
          disk.datastore !== undefined && !visible.some((candidate) => candidate.name === disk.datastore),
      );
  return missingDatastore
    ? worldFailure(
        AsrErrorCodes.datastoreNotReachable,
        `Datastore ${missingDatastore.datastore} of ${label} is not reachable from ESX host ${target.host} of master target ${target.name}.`,
        "The master target's host does not see the datastore holding the VM's disks.",
        "Choose a master target on a host that sees the datastore, or make the datastore visible to the host.",
      )
    : undefined;
}

/** Plans a reprotect of a VMware or physical item from Azure back to on-premises. */
export const planReprotectToOnPremises: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source } = subjectOf(world, item);
  const context = `reprotect of ${source.friendlyName ?? source.name}`;
  const { target, settings, datastoresUndiscovered } = readReprotectRequest(
    world,
    item,
    properties,
    context,
    nowMs,
  );
  const prerequisite = prerequisiteFailure(world, item, target, datastoresUndiscovered);
  const attach = attachFailure(world, item, target, settings.alternateLocation);
  const phases = [
    phase("PrerequisitesCheck", "Prerequisites check for reprotect", minutes(1)),
    phase("PrepareMasterTarget", "Attach disks to the master target", minutes(3)),
    phase("StartReplication", "Start replication", minutes(2)),
  ];
  const timeInAzureMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  return {
    itemName: item.name,
    phases,
    failure: firstFailingPhase([0, prerequisite], [1, attach]),
    effect: {
      syncDurationMs: differentialSyncMs(scenario, source, timeInAzureMs, !settings.alternateLocation),
      reprotect: settings,
    },
  };
};
