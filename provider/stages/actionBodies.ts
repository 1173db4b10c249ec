/**
 * Request bodies of the failback actions, per flavor (see the action table of the ASR notes).
 */
import type {
  PlannedFailoverInputProperties,
  RecoveryPlanPlannedFailoverInputProperties,
  RecoveryPlanUnplannedFailoverInputProperties,
  ReverseReplicationInputProperties,
  UnplannedFailoverInputProperties,
} from "@azure/arm-recoveryservices-siterecovery";
import type { PointSelection } from "./recoveryPoints";
import type { HyperVSettings, ReprotectSettings, ReprotectToAzureSettings } from "./spec";

/** Reprotect Azure→site of a classic item (InMageAzureV2 → InMage). */
export function reprotectToSiteBody(settings: ReprotectSettings): ReverseReplicationInputProperties {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: {
      instanceType: "InMage",
      masterTargetId: settings.masterTargetId,
      processServerId: settings.processServerId,
      retentionDrive: settings.retentionDrive,
      profileId: settings.policyId,
      ...(settings.datastoreName !== undefined ? { datastoreName: settings.datastoreName } : {}),
      ...(settings.runAsAccountId !== undefined ? { runAsAccountId: settings.runAsAccountId } : {}),
    },
  };
}

/** Classic failback: unplanned failover from Azure (FO-01) at the selected point. */
export function classicFailoverBody(selection: PointSelection): UnplannedFailoverInputProperties {
  return {
    failoverDirection: "PrimaryToRecovery",
    sourceSiteOperations: "Required",
    providerSpecificDetails: {
      instanceType: "InMage",
      recoveryPointType: selection.recoveryPointType,
      ...(selection.recoveryPointId !== undefined ? { recoveryPointId: selection.recoveryPointId } : {}),
    },
  };
}

/** Recovery plan failover of classic items. */
export function planClassicFailoverBody(
  recoveryPointType: "LatestTime" | "LatestTag",
): RecoveryPlanUnplannedFailoverInputProperties {
  return {
    failoverDirection: "PrimaryToRecovery",
    sourceSiteOperations: "Required",
    providerSpecificDetails: [{ instanceType: "InMage", recoveryPointType }],
  };
}

const dataSyncOptions = {
  syncBeforeFailover: "ForDownTime",
  syncDuringFailover: "ForSynchronization",
} as const;

/** Hyper-V failback: planned failover with the chosen data sync (HV-04). */
export function hyperVFailoverBody(settings: HyperVSettings): PlannedFailoverInputProperties {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: {
      instanceType: "HyperVReplicaAzureFailback",
      dataSyncOption: dataSyncOptions[settings.dataSyncOption],
      recoveryVmCreationOption: settings.createVmIfNotFound ? "CreateVmIfNotFound" : "NoAction",
      ...(settings.providerIdForAlternateRecovery !== undefined
        ? { providerIdForAlternateRecovery: settings.providerIdForAlternateRecovery }
        : {}),
    },
  };
}

/** Recovery plan failback of Hyper-V items. */
export function planHyperVFailoverBody(settings: HyperVSettings): RecoveryPlanPlannedFailoverInputProperties {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: [
      {
        instanceType: "HyperVReplicaAzureFailback",
        dataSyncOption: dataSyncOptions[settings.dataSyncOption],
        recoveryVmCreationOption: settings.createVmIfNotFound ? "CreateVmIfNotFound" : "NoAction",
      },
    ],
  };
}

/** Reprotect site→Azure after commit: classic (InMage → InMageAzureV2) or Hyper-V reverse replication. */
export function reprotectToAzureBody(
  hyperV: boolean,
  settings: ReprotectToAzureSettings | undefined,
): ReverseReplicationInputProperties {
  if (hyperV) {
    return {
      failoverDirection: "PrimaryToRecovery",
      providerSpecificDetails: {
        instanceType: "HyperVReplicaAzure",
        ...(settings?.storageAccountId !== undefined ? { storageAccountId: settings.storageAccountId } : {}),
      },
    };
  }
  return {
    failoverDirection: "PrimaryToRecovery",
    providerSpecificDetails: {
      instanceType: "InMageAzureV2",
      ...(settings?.processServerId !== undefined ? { processServerId: settings.processServerId } : {}),
      ...(settings?.policyId !== undefined ? { policyId: settings.policyId } : {}),
      ...(settings?.storageAccountId !== undefined ? { storageAccountId: settings.storageAccountId } : {}),
      ...(settings?.runAsAccountId !== undefined ? { runAsAccountId: settings.runAsAccountId } : {}),
      ...(settings?.masterTargetId !== undefined ? { masterTargetId: settings.masterTargetId } : {}),
    },
  };
}
