/**
 * Planned failover of a Hyper-V item from Azure back to its Hyper-V site: sync while the Azure VM
 * runs and suspend for "complete failover" (ForDownTime), or download everything after shutdown
 * (ForSynchronization).
 */
import { AsrErrorCodes } from "asr-contract";
import { Errors, worldFailure } from "../../errors";
import { changedGb, differentialSyncMs, minutes, totalDiskGb, transferMs } from "../durations";
import {
  type ActionPlanner,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  phase,
  requireString,
  stringField,
  subjectOf,
} from "./common";

/** Plans the planned failback of a Hyper-V item. */
export const planHyperVPlannedFailback: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
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
    failure: firstFailingPhase([0, failure]),
    effect: { syncDurationMs: 0, createVmIfNotFound: creation === "CreateVmIfNotFound" },
  };
};
