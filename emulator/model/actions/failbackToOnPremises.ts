/**
 * Unplanned failover of a VMware or physical item from Azure back to on-premises (classic InMage
 * failback): picks the recovery point, then shuts the Azure VM down, syncs the last changes and
 * boots the on-premises VM, which can fail to boot on the host.
 */
import { AsrErrorCodes, armIdName } from "asr-contract";
import { Errors, worldFailure } from "../../errors";
import { changedGb, minutes, transferMs } from "../durations";
import { recoveryPointsOf } from "../recoveryPoints";
import { findMasterTarget, vCenterOfHost } from "../site";
import {
  type ActionPlanner,
  azureVmProblem,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  phase,
  requireString,
  stringField,
  subjectOf,
} from "./common";

/** Plans the failback of a reprotected VMware or physical item to on-premises. */
export const planFailbackToOnPremises: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
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
    failure: firstFailingPhase([0, prerequisite], [3, bootFailure]),
    effect: { syncDurationMs: 0, recoveryPointId: chosen?.name },
  };
};
