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
import type {
  HyperVSettings,
  ModernizedReprotectSettings,
  ModernizedReprotectToAzureSettings,
  ModernizedSettings,
  ReprotectSettings,
  ReprotectToAzureSettings,
} from "./spec";

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

/**
 * Modernized reprotect Azure→site (`InMageRcmReprotectInput`). `policyId` is optional in the spec
 * but always sent, as PowerShell does, so the item replicates under the declared policy (MR-17).
 */
export function modernizedReprotectToSiteBody(
  settings: ModernizedReprotectSettings,
): ReverseReplicationInputProperties {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: {
      instanceType: "InMageRcm",
      reprotectAgentId: settings.reprotectAgentId,
      datastoreName: settings.datastoreName,
      logStorageAccountId: settings.logStorageAccountId,
      policyId: settings.policyId,
    },
  };
}

/**
 * Modernized failback: planned failover from Azure at the declared point type. No
 * `failoverDirection`, like the recorded real requests (the service infers it).
 */
export function modernizedFailoverBody(settings: ModernizedSettings): PlannedFailoverInputProperties {
  return {
    providerSpecificDetails: {
      instanceType: "InMageRcmFailback",
      recoveryPointType: settings.recoveryPointType,
    },
  };
}

/** Recovery plan failback of modernized items, at a replication group's common point when asked. */
export function planModernizedFailoverBody(
  settings: ModernizedSettings,
  useMultiVmSyncPoint: boolean,
): RecoveryPlanPlannedFailoverInputProperties {
  return {
    failoverDirection: "RecoveryToPrimary",
    providerSpecificDetails: [
      {
        instanceType: "InMageRcmFailback",
        recoveryPointType: settings.recoveryPointType,
        useMultiVmSyncPoint: useMultiVmSyncPoint ? "True" : "False",
      },
    ],
  };
}

/** Modernized reprotect site→Azure after the failback (`InMageRcmFailbackReprotectInput`, MR-32). */
export function modernizedReprotectToAzureBody(
  settings: ModernizedReprotectToAzureSettings,
): ReverseReplicationInputProperties {
  return {
    failoverDirection: "PrimaryToRecovery",
    providerSpecificDetails: {
      instanceType: "InMageRcmFailback",
      processServerId: settings.processServerId,
      policyId: settings.policyId,
      ...(settings.runAsAccountId !== undefined ? { runAsAccountId: settings.runAsAccountId } : {}),
    },
  };
}
