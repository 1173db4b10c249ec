/**
 * What the stage machine is asked to do: the items (or recovery plan), the target stage, the
 * recovery point choice and the settings of each action. The FailbackPlan resource builds this
 * from its inputs; tests build it directly.
 */
import type { ProtectedItemRef } from "../client";
import type { RecoveryPointChoice } from "../rules/types";
import type { FailbackTargetStage, Flavor } from "../stageModel";

/** One item of the run. */
export interface ItemTarget {
  /** Item ARM name (as in `replicationProtectedItems/{name}`). */
  readonly name: string;
  /** How to address it. */
  readonly ref: ProtectedItemRef;
  /** Replication (multi-VM consistency) group, when it has one. */
  readonly replicationGroup?: string;
}

/** Settings of the reprotect from Azure to the site (classic VMware / physical). */
export interface ReprotectSettings {
  /** Failback (InMage) policy ARM ID or name: `profileId`. */
  readonly policyId: string;
  /** Master target ID as the configuration server reports it. */
  readonly masterTargetId: string;
  /** Process server ID (the one in Azure, NET-04/05). */
  readonly processServerId: string;
  /** A retention volume of the master target (MT-06). */
  readonly retentionDrive: string;
  /** A datastore of the master target's host (MT-06, MT-07); required for alternate location. */
  readonly datastoreName?: string;
  /** Run-as account ID of the configuration server. */
  readonly runAsAccountId?: string;
  /** Names for messages. */
  readonly masterTargetName?: string;
  readonly processServerName?: string;
}

/** Settings of the reprotect from the site back to Azure after commit (FO-05, HV-09). */
export interface ReprotectToAzureSettings {
  /** Process server on premises that replicates to Azure (classic VMware / physical). */
  readonly processServerId?: string;
  /** Replication policy to Azure. */
  readonly policyId?: string;
  /** Cache / target storage account. */
  readonly storageAccountId?: string;
  readonly runAsAccountId?: string;
  readonly masterTargetId?: string;
}

/** Hyper-V failback settings (HV-04, HV-06). */
export interface HyperVSettings {
  /** Sync before failover (deltas, job suspends until "complete failover") or during failover (full). */
  readonly dataSyncOption: "syncBeforeFailover" | "syncDuringFailover";
  /** Create the on-premises VM when it does not exist (alternate location). */
  readonly createVmIfNotFound: boolean;
  /** Perform "complete failover" automatically once the sync phase is done. */
  readonly completeFailoverAutomatically: boolean;
  /** Hyper-V site provider for alternate-location recovery. */
  readonly providerIdForAlternateRecovery?: string;
  /** Host the VMs are recreated on (alternate location); absent: their original hosts. */
  readonly alternateHostName?: string;
  /** Virtual switch the VMs connect to on the alternate host. */
  readonly virtualSwitchName?: string;
}

/** Reprotect Azure→site through a replication appliance (modernized, `InMageRcmReprotectInput`). */
export interface ModernizedReprotectSettings {
  /** The appliance's reprotect agent ID (a GUID of the fabric's `reprotectAgents[]`, MR-05). */
  readonly reprotectAgentId: string;
  /** One of the reprotect agent's accessible datastores (MR-14). */
  readonly datastoreName: string;
  /** Cache (log) storage account in Azure (MR-16). */
  readonly logStorageAccountId: string;
  /** The `InMageRcmFailback` policy (MR-17). */
  readonly policyId: string;
  /** Appliance name, for messages and planned steps. */
  readonly applianceName?: string;
}

/** Reprotect site→Azure after a modernized failback (`InMageRcmFailbackReprotectInput`, MR-32). */
export interface ModernizedReprotectToAzureSettings {
  /** The appliance's process server ID (a GUID of the fabric's `processServers[]`). */
  readonly processServerId: string;
  /** The forward `InMageRcm` replication policy. */
  readonly policyId: string;
  /** Run-as account of the VMware site, when the appliance needs one to push the agent. */
  readonly runAsAccountId?: string;
}

/** Settings of a modernized (replication appliance) failback. */
export interface ModernizedSettings {
  readonly reprotect?: ModernizedReprotectSettings;
  /** Point type of the planned failover from Azure, always sent explicitly (MR-25). */
  readonly recoveryPointType: "ApplicationConsistent" | "CrashConsistent";
  readonly reprotectToAzure?: ModernizedReprotectToAzureSettings;
}

/** Everything the machine needs. */
export interface FailbackRunSpec {
  readonly flavor: Flavor;
  /** Name for messages (the resource name or the recovery plan). */
  readonly planName: string;
  readonly items: readonly ItemTarget[];
  /** Recovery plan: plan-level failover and commit where Site Recovery allows them. */
  readonly recoveryPlanName?: string;
  readonly targetStage: FailbackTargetStage;
  readonly recoveryPointChoice: RecoveryPointChoice;
  /** Replication groups fail over together at a common point (FO-02). */
  readonly useMultiVmSyncPoint: boolean;
  readonly reprotect?: ReprotectSettings;
  readonly reprotectToAzure?: ReprotectToAzureSettings;
  readonly hyperV?: HyperVSettings;
  /** Modernized items (`InMageRcm` / `InMageRcmFailback`) take these settings instead of `reprotect`. */
  readonly modernized?: ModernizedSettings;
  /** Item pipelines running at once. */
  readonly maxConcurrency: number;
}
