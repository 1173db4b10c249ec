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
  /** Item pipelines running at once. */
  readonly maxConcurrency: number;
}
