/**
 * Types of the failback prerequisite rules engine.
 *
 * The engine works on a {@link RuleContext}: a normalized, provider-independent view of what the
 * user declared ({@link DeclaredInputs}) and of what the live site reports ({@link SiteFacts}).
 * Every part is optional on purpose: a rule whose inputs are unknown (during `pulumi preview`,
 * or when live checks are skipped) must return no finding rather than a false one, so "absent"
 * always means "unknown", never "empty" or "false".
 */

/** How severe a finding is: `block` stops the operation, `warn` and `info` never do. */
export type Severity = "block" | "warn" | "info";

import type { FailbackTargetStage, Flavor, ItemStage } from "../stageModel/types";

export type { FailbackTargetStage, Flavor };

/** Operating system family of a machine or master target. */
export type OsType = "windows" | "linux";

/** The catalogue section a rule belongs to; one module per area. */
export type RuleArea =
  | "network"
  | "processServer"
  | "masterTarget"
  | "vcenter"
  | "location"
  | "configurationServer"
  | "reprotect"
  | "failover"
  | "hyperV"
  | "modernized";

/** The stable IDs of the failback rules catalogue (`failback-rules.md`), in catalogue order. */
export const ruleIds = [
  "NET-01",
  "NET-02",
  "NET-03",
  "NET-04",
  "NET-05",
  "NET-06",
  "PS-01",
  "PS-02",
  "PS-03",
  "PS-04",
  "MT-01",
  "MT-02",
  "MT-03",
  "MT-04",
  "MT-05",
  "MT-06",
  "MT-07",
  "MT-08",
  "MT-09",
  "VC-01",
  "VC-02",
  "VC-03",
  "VC-04",
  "VC-05",
  "LOC-01",
  "LOC-02",
  "LOC-03",
  "LOC-04",
  "LOC-05",
  "LOC-06",
  "LOC-07",
  "CS-01",
  "RP-01",
  "RP-02",
  "RP-03",
  "RP-04",
  "RP-05",
  "RP-06",
  "FO-01",
  "FO-02",
  "FO-03",
  "FO-04",
  "FO-05",
  "FO-06",
  "HV-01",
  "HV-02",
  "HV-03",
  "HV-04",
  "HV-05",
  "HV-06",
  "HV-07",
  "HV-08",
  "HV-09",
  "MR-01",
  "MR-02",
  "MR-03",
  "MR-04",
  "MR-05",
  "MR-06",
  "MR-07",
  "MR-08",
  "MR-09",
  "MR-10",
  "MR-11",
  "MR-12",
  "MR-13",
  "MR-14",
  "MR-15",
  "MR-16",
  "MR-17",
  "MR-18",
  "MR-19",
  "MR-20",
  "MR-21",
  "MR-22",
  "MR-23",
  "MR-24",
  "MR-25",
  "MR-26",
  "MR-27",
  "MR-28",
  "MR-29",
  "MR-30",
  "MR-31",
  "MR-32",
  "MR-33",
  "MR-34",
] as const;

/** One of {@link ruleIds}. */
export type RuleId = (typeof ruleIds)[number];

/** The resources of the provider whose inputs a rule reads. */
export type RuleResource = "processServer" | "masterTarget" | "reprotection" | "failbackPlan";

/**
 * The VMware/physical replication architecture an item is protected with: `classic` (configuration
 * server, process server and master target; `InMageAzureV2` → `InMage`) or `modernized`
 * (replication appliance; `InMageRcm` → `InMageRcmFailback`).
 */
export type ReplicationPath = "classic" | "modernized";

/** What a rule is about: which site flavors and which declared resources. */
export interface RuleScope {
  /** Flavors the rule applies to; `runRules` skips the rule for any other declared flavor. */
  readonly flavors: readonly Flavor[];
  /**
   * Replication paths the rule applies to; `runRules` skips the rule when every item in scope
   * (or, without items, the declared inputs) is on another path. Absent: every path.
   */
  readonly paths?: readonly ReplicationPath[];
  /** Declared resources whose inputs the rule reads (documentation and filtering). */
  readonly resources: readonly RuleResource[];
}

/** One violated (or informational) rule about one object. */
export interface Finding {
  /** The rule that produced the finding. */
  readonly ruleId: RuleId;
  /** Severity of this finding; never above the rule's own {@link Rule.severity}. */
  readonly severity: Severity;
  /** The object concerned, kind then name, lower-case kind: `master target mt-01`. */
  readonly object: string;
  /** What is wrong, as a predicate of {@link object}: `has 2 snapshots`. Never a secret value. */
  readonly cause: string;
  /** What to do about it: `delete them before failback`. */
  readonly fix: string;
  /** Input property the finding is about, when it is about one (`reprotection.retentionDrive`). */
  readonly propertyPath?: string;
  /** `MT-02: master target mt-01 has 2 snapshots; delete them before failback`. */
  readonly message: string;
}

/** A prerequisite rule of the catalogue. */
export interface Rule {
  /** Stable catalogue ID, named in every message about the rule. */
  readonly id: RuleId;
  /** Catalogue section. */
  readonly area: RuleArea;
  /** The most severe finding the rule can produce. */
  readonly severity: Severity;
  /** One-line statement of the rule. */
  readonly title: string;
  /** Flavors and resources the rule is about. */
  readonly appliesTo: RuleScope;
  /**
   * Evaluates the rule. Pure: no I/O, no clock, never throws on a partial context; returns one
   * finding per violating object, or none when the rule holds or its inputs are unknown.
   */
  check(context: RuleContext): Finding[];
}

// ---------------------------------------------------------------------------------------------
// Declared inputs
// ---------------------------------------------------------------------------------------------

/** A secret-bearing input property, described without its value. */
export interface SecretInputFacts {
  /** Input path of the property, e.g. `processServer.administratorPassword`. */
  readonly propertyPath: string;
  /** Whether a value was given. */
  readonly present: boolean;
  /** Whether the value is a Pulumi secret (so it is encrypted in state and masked in output). */
  readonly isSecret: boolean;
}

/** The process server the user declared (VMware and physical failback only). */
export interface ProcessServerInputs {
  /** Name under which it registers with the configuration server. */
  readonly name?: string;
  /** Where it runs. On premises is supported only over ExpressRoute (NET-04). */
  readonly location?: "azure" | "onPremises";
  /** ARM ID of the Azure virtual network it is deployed into (Azure location). */
  readonly virtualNetworkId?: string;
  /** Subnet name within {@link virtualNetworkId}. */
  readonly subnetName?: string;
  /** Static private IP address it gets in that subnet. */
  readonly staticIpAddress?: string;
  /** Configuration server control port; 443 when not given. */
  readonly configurationServerControlPort?: number;
  /** Configuration server data port; 9443 when not given. */
  readonly configurationServerDataPort?: number;
  /** Administrator credentials and the configuration server passphrase, without values (PS-04). */
  readonly secretInputs?: readonly SecretInputFacts[];
}

/** The master target the user declared or chose. */
export interface MasterTargetInputs {
  /** Master target name as the configuration server reports it. */
  readonly name?: string;
  /** OS the user expects it to run. */
  readonly expectedOsType?: OsType;
}

/** Hyper-V specific reprotection / failback settings. */
export interface HyperVFailbackInputs {
  /** Sync before failover (deltas, two phases) or during failover (full download). */
  readonly dataSyncOption?: "syncBeforeFailover" | "syncDuringFailover";
  /** Create the on-premises VM when it does not exist (required for alternate location). */
  readonly createVmIfNotFound?: boolean;
  /** Host name of the alternate Hyper-V host (alternate location). */
  readonly alternateHostName?: string;
  /** Virtual switch the VM connects to on the alternate host. */
  readonly virtualSwitchName?: string;
  /** Whether data encryption is enabled for the cloud. */
  readonly encryptionEnabled?: boolean;
  /** Whether the certificate issued at provider install was given (its value is never read). */
  readonly hasEncryptionCertificate?: boolean;
}

/** The reprotection (Azure to on premises) policy the user declared. */
export interface ReprotectionInputs {
  /** Master target chosen for reprotect. */
  readonly masterTargetName?: string;
  /** Process server chosen for reprotect. */
  readonly processServerName?: string;
  /** Retention volume of the master target (a `retentionVolumes[].volumeName`). */
  readonly retentionDrive?: string;
  /** Datastore of the master target (a `dataStores[].symbolicName`). */
  readonly datastoreName?: string;
  /** Recover to the original VM or recreate it on the master target's host. */
  readonly recoveryLocation?: "original" | "alternate";
  /** Run-as account name used to reach vCenter / the VMs. */
  readonly runAsAccountName?: string;
  /** Whether multi-VM consistency is enabled for the replication group. */
  readonly multiVmConsistency?: boolean;
  /** Hyper-V settings. */
  readonly hyperV?: HyperVFailbackInputs;
}

/** Which recovery point the failback uses. */
export type RecoveryPointChoice =
  | "latest"
  | "latestProcessed"
  | "latestApplicationConsistent"
  | "latestCrashConsistent";

/** The failback plan the user declared. */
export interface FailbackPlanInputs {
  /** Plan name (a recovery plan, or the provider resource name). */
  readonly name?: string;
  /** Names of the protected items the plan fails back; all site items when absent. */
  readonly items?: readonly string[];
  /** Recovery point to fail back to. */
  readonly recoveryPointType?: RecoveryPointChoice;
  /** Last stage the plan drives the machines to. */
  readonly targetStage?: FailbackTargetStage;
  /** Whether the plan fails back a replication (multi-VM consistency) group as one. */
  readonly usesReplicationGroup?: boolean;
  /** Failover type requested; Hyper-V failback supports only planned (HV-04). */
  readonly failoverType?: "planned" | "unplanned";
}

/** Recovery point type of a modernized planned failover from Azure. */
export type ModernizedRecoveryPointType = "ApplicationConsistent" | "CrashConsistent";

/** Inputs of the reprotect from on premises back to Azure (`InMageRcmFailbackReprotectInput`). */
export interface ModernizedReprotectToAzureInputs {
  /** `processServerId`: the GUID of a `processServers[]` entry of the fabric (an appliance). */
  readonly processServerId?: string;
  /** `policyId`: ARM ID of the forward `InMageRcm` replication policy. */
  readonly policyId?: string;
  /** `runAsAccountId`: ARM ID `…/Microsoft.OffAzure/VMwareSites/{site}/runasaccounts/{id}`. */
  readonly runAsAccountId?: string;
}

/** The modernized (replication appliance) failback the user declared. */
export interface ModernizedFailbackInputs {
  /** `reprotectAgentId`: the GUID of a `reprotectAgents[]` entry of the fabric (an appliance). */
  readonly reprotectAgentId?: string;
  /** Appliance name, resolved to a reprotect agent through `reprotectAgents[].name`. */
  readonly reprotectAgentName?: string;
  /** `datastoreName`: one of the reprotect agent's `accessibleDatastores`. */
  readonly datastoreName?: string;
  /** `logStorageAccountId`: ARM ID of the cache storage account in Azure. */
  readonly logStorageAccountId?: string;
  /** `policyId`: ARM ID of the `InMageRcmFailback` replication policy. */
  readonly policyId?: string;
  /** Recovery point type of the planned failover from Azure. */
  readonly recoveryPointType?: ModernizedRecoveryPointType;
  /** Original location recovery (same machine) or alternate location (machine recreated). */
  readonly recoveryLocation?: "original" | "alternate";
  /** Whether reprotect is asked for a whole recovery plan rather than item by item. */
  readonly reprotectByRecoveryPlan?: boolean;
  /** The reprotect from on premises back to Azure. */
  readonly reprotectToAzure?: ModernizedReprotectToAzureInputs;
  /**
   * Inputs declared but not known yet (outputs of resources created in the same update), by path
   * below `modernized` (`reprotectAgentId`, `reprotectToAzure.processServerId`): present, not judged.
   */
  readonly pendingInputs?: readonly string[];
}

/** Everything the user declared, normalized across resources. */
export interface DeclaredInputs {
  /** The modernized (replication appliance) failback; its presence selects the modernized path. */
  readonly modernized?: ModernizedFailbackInputs;
  /** Kind of on-premises site. */
  readonly flavor?: Flavor;
  /** The process server (VMware and physical failback). */
  readonly processServer?: ProcessServerInputs;
  /** The master target. */
  readonly masterTarget?: MasterTargetInputs;
  /** The reprotection (Azure to on premises) policy. */
  readonly reprotection?: ReprotectionInputs;
  /** The failback plan. */
  readonly failbackPlan?: FailbackPlanInputs;
}

// ---------------------------------------------------------------------------------------------
// Live site facts
// ---------------------------------------------------------------------------------------------

/** State of one ExpressRoute peering; `notConfigured` when the circuit has none of that type. */
export type PeeringState = "enabled" | "disabled" | "notConfigured";

/** A site-to-site VPN connection. */
export interface VpnConnectionFacts {
  /** Connection resource name. */
  readonly name: string;
  /** ARM ID of the Azure virtual network behind its gateway. */
  readonly virtualNetworkId?: string;
  /** `connectionStatus` of the connection. */
  readonly status?: "Connected" | "Connecting" | "NotConnected" | "Unknown";
}

/** An ExpressRoute circuit. */
export interface ExpressRouteCircuitFacts {
  /** Circuit resource name. */
  readonly name: string;
  /** `serviceProviderProvisioningState` (`Provisioned` when usable). */
  readonly provisioningState?: string;
  /** Azure private peering state. */
  readonly privatePeering?: PeeringState;
  /** Microsoft peering state (current circuits). */
  readonly microsoftPeering?: PeeringState;
  /** Azure public peering state (older circuits). */
  readonly publicPeering?: PeeringState;
  /** Virtual networks connected to the circuit through gateway connections that are Connected. */
  readonly connectedVirtualNetworkIds?: readonly string[];
}

/** Connections between Azure and the on-premises site. */
export interface ConnectivityFacts {
  /** Site-to-site VPN connections of the Azure side; empty when there are none. */
  readonly vpnConnections?: readonly VpnConnectionFacts[];
  /** ExpressRoute circuits serving the site; empty when there are none. */
  readonly expressRouteCircuits?: readonly ExpressRouteCircuitFacts[];
}

/** The Azure network the process server is deployed into. */
export interface AzureNetworkFacts {
  /** Subnets of the process server's virtual network. */
  readonly subnets?: readonly { readonly name: string; readonly addressPrefix?: string }[];
  /** Private IP addresses already allocated in that virtual network. */
  readonly usedIpAddresses?: readonly string[];
}

/** One Network Watcher connectivity check from the process server. */
export interface ReachabilityFacts {
  /** Destination name, e.g. the configuration server's name or IP. */
  readonly destination: string;
  /** TCP port. */
  readonly port: number;
  /** Whether the check reported `Connected` (or `Degraded`). */
  readonly reachable: boolean;
}

/** A process server registered with the configuration server. */
export interface ProcessServerFacts {
  /** `friendlyName`. */
  readonly name: string;
  /** Its IP address. */
  readonly ipAddress?: string;
  /** Minutes since its last heartbeat. */
  readonly heartbeatAgeInMinutes?: number;
  /** Reported health. */
  readonly health?: "None" | "Normal" | "Warning" | "Critical";
}

/** A retention volume of a master target. */
export interface RetentionVolumeFacts {
  /** `volumeName`, e.g. `E:` or `/mnt/retention`. */
  readonly name: string;
  /** File system, e.g. `NTFS`, `FAT32`, `ext4`. */
  readonly fileSystem?: string;
  /** Whether it is a cache volume. */
  readonly isCache?: boolean;
  /** Whether it is locked (e.g. BitLocker). */
  readonly isLocked?: boolean;
  /** Free space on the volume. */
  readonly freeSpaceInBytes?: number;
}

/** Datastore type as Site Recovery reports it. */
export type DatastoreType = "VMFS" | "vSAN" | "NFS" | "RDM";

/** A datastore visible to a master target's ESX host. */
export interface DatastoreFacts {
  /** `symbolicName`. */
  readonly name: string;
  /** Datastore type; NFS is not supported as a failback target. */
  readonly type?: DatastoreType;
  /** ESX hosts that can reach it. */
  readonly hostNames?: readonly string[];
}

/** A master target server. */
export interface MasterTargetFacts {
  /** Master target name as the configuration server reports it. */
  readonly name: string;
  /** Its operating system family. */
  readonly osType?: OsType;
  /** Minutes since its last heartbeat. */
  readonly heartbeatAgeInMinutes?: number;
  /** Number of disks attached to the master target VM (at most 60). */
  readonly diskCount?: number;
  /** SCSI controller of the master target VM. */
  readonly scsiController?: "lsiLogic" | "paravirtual" | "other";
  /** Whether the VM is excluded from Storage vMotion. */
  readonly excludedFromStorageVmotion?: boolean;
  /** Number of VMware snapshots of the master target VM. */
  readonly snapshotCount?: number;
  /** Whether `disk.EnableUUID = TRUE` is set on the VM (Linux). */
  readonly diskEnableUuid?: boolean;
  /** Required packages not installed (Linux); empty when all are. */
  readonly missingPackages?: readonly string[];
  /** File systems the master target can handle, lower-case (`ext4`, `xfs`, `reiserfs`). */
  readonly supportedFileSystems?: readonly string[];
  /** Its retention volumes. */
  readonly retentionVolumes?: readonly RetentionVolumeFacts[];
  /** Datastores its ESX host can reach. */
  readonly datastores?: readonly DatastoreFacts[];
  /** ESX host the master target VM runs on. */
  readonly esxHostName?: string;
  /** Whether the configuration server reports it as discovered. */
  readonly discovered?: boolean;
  /** Whether it is the master target built into the configuration (management) server. */
  readonly isOnConfigurationServer?: boolean;
  /** vCenter managing its ESX host, if any. */
  readonly vCenterName?: string;
}

/** A vCenter server added to the configuration server. */
export interface VCenterFacts {
  /** `friendlyName`. */
  readonly name: string;
  /** Whether the configuration server can currently talk to it. */
  readonly connected?: boolean;
  /** Whether its run-as account is read-only (datastores are not discovered). */
  readonly accountReadOnly?: boolean;
  /** Whether it is the vCenter the machines were protected from (false: added later). */
  readonly isOriginal?: boolean;
}

/** An ESX / ESXi host. */
export interface EsxHostFacts {
  /** Host name as the configuration server or vCenter reports it. */
  readonly name: string;
  /** Whether the configuration server has discovered it. */
  readonly discovered?: boolean;
  /** Product and edition, e.g. `ESXi 6.5 Enterprise`. */
  readonly edition?: string;
  /** Whether it runs a free edition (ESXi 5.5 free, vSphere 6 Hypervisor free). */
  readonly isFreeEdition?: boolean;
  /** vCenter managing it; absent when unknown, `null` when standalone. */
  readonly vCenterName?: string | null;
}

/** The configuration (management) server. */
export interface ConfigurationServerFacts {
  /** Its name. */
  readonly name?: string;
  /** Whether a configuration server is registered on premises. */
  readonly present?: boolean;
  /** Its current IP address. */
  readonly ipAddress?: string;
  /** IP address it had when the machines were protected. */
  readonly originalIpAddress?: string;
  /** Whether it is the one the machines were protected through (false: a new one). */
  readonly isOriginal?: boolean;
}

/** A Hyper-V host or VMM server. */
export interface HyperVHostFacts {
  /** Host or VMM server name. */
  readonly name: string;
  /** Whether it is connected to Azure (provider heartbeat). */
  readonly connected?: boolean;
  /** e.g. `Windows Server 2012 R2`. */
  readonly osVersion?: string;
  /** Whether the Hyper-V role is installed. */
  readonly hasHyperVRole?: boolean;
  /** Virtual switch names. */
  readonly virtualSwitchNames?: readonly string[];
  /** Whether it is a VMM server rather than a host. */
  readonly isVmm?: boolean;
}

/** A Hyper-V site (fabric) as Site Recovery reports it. */
export interface HyperVSiteFacts {
  /** Fabric name of the site. */
  readonly name: string;
  /**
   * Whether the site's Site Recovery provider (on its VMM server or Hyper-V hosts) is connected
   * to Azure; false when the site reports it is not.
   */
  readonly connected?: boolean;
}

/** A disk of a protected machine. */
export interface DiskFacts {
  /** Disk name. */
  readonly name: string;
  /** On-premises disk kind; vSAN and RDM need care (LOC-02, LOC-03). */
  readonly type?: "vmfs" | "vsan" | "rdm" | "vhd";
  /** Provisioned size. */
  readonly sizeInBytes?: number;
  /** Bytes changed in Azure since failover (the delta to move back). */
  readonly changedBytes?: number;
  /** Whether the disk exists and is attached to the on-premises VM. */
  readonly attachedToOnPremisesVm?: boolean;
}

/** A recovery point of a protected item. */
export interface RecoveryPointFacts {
  /** Consistency of the point. */
  readonly type?: "crashConsistent" | "applicationConsistent" | "latestProcessed";
  /** When the point was taken. */
  readonly time?: Date;
}

/** A protected machine (replication protected item). */
export interface ProtectedItemFacts {
  /** Item (machine) name. */
  readonly name: string;
  /** Kind of machine: VMware VM, physical server or Hyper-V VM. */
  readonly flavor?: Flavor;
  /** `providerSpecificDetails.instanceType`. */
  readonly instanceType?: string;
  /** Operating system family. */
  readonly osType?: OsType;
  /** e.g. `Windows Server 2008 R2 SP1`, `RHEL 7.9`. */
  readonly osVersion?: string;
  /** File system of `/` (Linux), lower-case. */
  readonly rootFileSystem?: string;
  /** File system of `/boot` (Linux), lower-case. */
  readonly bootFileSystem?: string;
  /** `protectionState` as Site Recovery reports it (e.g. `Protected`, `UnplannedFailoverCommitted`). */
  readonly protectionState?: string;
  /** Where the machine currently runs from Site Recovery's point of view. */
  readonly activeLocation?: "Primary" | "Recovery";
  /** `replicationHealth`. */
  readonly replicationHealth?: "None" | "Normal" | "Warning" | "Critical";
  /** `allowedOperations` (e.g. `ReverseReplicate`, `UnplannedFailover`, `Commit`). */
  readonly allowedOperations?: readonly string[];
  /** The item's stage, from the one stage model (`classifyItem`). */
  readonly failbackStage?: ItemStage;
  /** `currentScenario.scenarioName` of the failback job running on the item, if any. */
  readonly runningJobScenario?: string;
  /** Recovery points available for failback; empty when there are none. */
  readonly recoveryPoints?: readonly RecoveryPointFacts[];
  /** Replication (multi-VM consistency) group. */
  readonly replicationGroup?: string;
  /** Protection group (container) name, e.g. `PG1`. */
  readonly protectionGroupName?: string;
  /** Recovery plans holding the item. */
  readonly recoveryPlanNames?: readonly string[];
  /** Master target it replicates through after reprotect. */
  readonly masterTargetName?: string;
  /** Process server it replicates through. */
  readonly processServerName?: string;
  /** Whether migration was completed (no failback possible). */
  readonly migrationCompleted?: boolean;
  /** Whether the failed-over Azure VM still exists. */
  readonly azureVmExists?: boolean;
  /** Whether the Azure VM is still in the resource group it failed over into. */
  readonly azureVmInOriginalResourceGroup?: boolean;
  /** Whether the failed-over Azure VM is running. */
  readonly azureVmRunning?: boolean;
  /** ARM ID of the virtual network the Azure VM runs in. */
  readonly azureVirtualNetworkId?: string;
  /** Private IP address of the Azure VM. */
  readonly azureIpAddress?: string;
  /** Days the machine has run in Azure since failover. */
  readonly daysInAzure?: number;
  /** Whether the original on-premises VM still exists. */
  readonly onPremisesVmExists?: boolean;
  /** Whether the original on-premises VM is running. */
  readonly onPremisesVmRunning?: boolean;
  /** Whether the on-premises VM had a static IP address before failover. */
  readonly onPremisesHadStaticIp?: boolean;
  /** Minutes since the on-premises VM booted (after failback). */
  readonly onPremisesUptimeInMinutes?: number;
  /** Whether the mobility agent of the on-premises VM is registered (after failback). */
  readonly onPremisesAgentRegistered?: boolean;
  /** Datastore holding the on-premises VM's disks. */
  readonly datastoreName?: string;
  /** ESX host of the on-premises VM. */
  readonly esxHostName?: string;
  /** vCenter managing the VM; `null` on a standalone ESX host. */
  readonly vCenterName?: string | null;
  /** Number of VMware snapshots of the on-premises VM. */
  readonly snapshotCount?: number;
  /** Whether the machine is in the configuration server's database. */
  readonly inConfigurationServerDatabase?: boolean;
  /** Its disks. */
  readonly disks?: readonly DiskFacts[];
  /**
   * Whether the failover to Azure was committed, for an item that has not started back; unknown
   * (undefined) once the failback's own failover is under way.
   */
  readonly failoverToAzureCommitted?: boolean;
  /** Hyper-V: whether it replicates to managed disks (not storage accounts). */
  readonly usesManagedDisks?: boolean;
  /** Hyper-V: virtual switch the VM used on its original host. */
  readonly originalVirtualSwitchName?: string;
  /** Hyper-V: original host name. */
  readonly hyperVHostName?: string;
  /** VMware/physical architecture, from `instanceType` (`InMageRcm*`: modernized). */
  readonly replicationPath?: ReplicationPath;
  /** Modernized: number of `protectedDisks`. */
  readonly protectedDiskCount?: number;
  /** Modernized: `isAgentRegistrationSuccessfulAfterFailover` (the Azure VM's Mobility agent). */
  readonly agentRegisteredAfterFailover?: boolean;
  /** Modernized: `discoveredVmDetails.isDeleted`, the on-premises VM is gone. */
  readonly discoveredVmDeleted?: boolean;
  /** Modernized: `discoveredVmDetails.datastores` of the on-premises VM. */
  readonly discoveredDatastores?: readonly string[];
  /** Modernized: `discoveredVmDetails.vCenterId` of the on-premises VM. */
  readonly discoveredVCenterId?: string;
  /** Modernized: the item's NICs as they were on premises. */
  readonly nics?: readonly ModernizedNicFacts[];
  /** Modernized: initial replication progress, in percent. */
  readonly initialReplicationProgressPercentage?: number;
  /** Modernized: whether every protected disk finished initial replication. */
  readonly initialReplicationComplete?: boolean;
  /** Modernized: `resyncRequired`. */
  readonly resyncRequired?: boolean;
  /** Modernized failback: `lastPlannedFailoverStatus`. */
  readonly lastPlannedFailoverStatus?: PlannedFailoverStatus;
  /** Modernized failback: `reprotectAgentId` the item replicates back through. */
  readonly reprotectAgentId?: string;
  /** Modernized failback: `reprotectAgentName`. */
  readonly reprotectAgentName?: string;
  /** Modernized failback: `targetDataStoreName`, where the on-premises machine lives. */
  readonly targetDatastoreName?: string;
  /** `policyId` of the item. */
  readonly policyId?: string;
  /** Number of Critical `healthErrors` on the item. */
  readonly criticalHealthErrorCount?: number;
  /** Azure region of the failed-over VM (`targetLocation`), lower-case without spaces. */
  readonly azureLocation?: string;
  /** Data disks of the Azure VM that were added after failover and so are not protected. */
  readonly unprotectedAzureDiskNames?: readonly string[];
  /** Name of the failed-over Azure VM (`targetVmName` / `azureVirtualMachineId`). */
  readonly azureVmName?: string;
}

/** A NIC of a modernized protected item, as it was on premises. */
export interface ModernizedNicFacts {
  /** Source IP address. */
  readonly ipAddress?: string;
  /** `sourceIPAddressType`. */
  readonly ipAddressType?: "Static" | "Dynamic";
}

/** Status of the last planned failover of an `InMageRcmFailback` item. */
export type PlannedFailoverStatus = "Succeeded" | "Failed" | "Cancelled" | "Unknown";

/** Replication health as Site Recovery reports it (`ProtectionHealth`). */
export type ProtectionHealth = "None" | "Normal" | "Warning" | "Critical";

/** The components of a replication appliance, as the fabric lists them. */
export type ApplianceComponentKind =
  | "processServer"
  | "rcmProxy"
  | "pushInstaller"
  | "replicationAgent"
  | "reprotectAgent"
  | "marsAgent"
  | "dra";

/** One component of a replication appliance. */
export interface ApplianceComponentFacts {
  /** Which component. */
  readonly kind: ApplianceComponentKind;
  /** Reported health. */
  readonly health?: ProtectionHealth;
  /** `healthErrors[].errorCode`; empty when none are reported. */
  readonly healthErrorCodes?: readonly string[];
  /** Minutes since its last heartbeat. */
  readonly heartbeatAgeInMinutes?: number;
}

/**
 * A modernized replication appliance: the entries with one `id` across the fabric's
 * `processServers`, `rcmProxies`, `pushInstallers`, `replicationAgents`, `reprotectAgents`,
 * `marsAgents` and `dras`.
 */
export interface ReplicationApplianceFacts {
  /** Appliance name (the components' `name`). */
  readonly name: string;
  /** The components' shared `id` (a GUID): `reprotectAgentId` / `processServerId` refer to it. */
  readonly id?: string;
  /** Its components. */
  readonly components?: readonly ApplianceComponentFacts[];
  /** Every component's `healthErrors[].errorCode`; empty when none are reported. */
  readonly healthErrorCodes?: readonly string[];
  /** Minutes since the oldest of its components' last heartbeats. */
  readonly heartbeatAgeInMinutes?: number;
  /** The reprotect agent's `accessibleDatastores` (datastore names). */
  readonly accessibleDatastores?: readonly string[];
  /** The reprotect agent's `vcenterId` (OffAzure vCenter ARM ID). */
  readonly vCenterId?: string;
  /** Disks of the items already replicating back to premises through it (MR-05). */
  readonly servedDiskCount?: number;
}

/** The modernized (`InMageRcm`) fabric of the vault. */
export interface ModernizedFabricFacts {
  /** Fabric name. */
  readonly name: string;
  /** `properties.customDetails.instanceType`; `InMageRcm` for a modernized fabric. */
  readonly instanceType?: string;
  /** `properties.health` of the whole fabric. */
  readonly health?: ProtectionHealth;
}

/** A replication policy of the vault. */
export interface ReplicationPolicyFacts {
  /** Policy name. */
  readonly name: string;
  /** ARM ID. */
  readonly id?: string;
  /** `providerSpecificDetails.instanceType` (`InMageRcm`, `InMageRcmFailback`, …). */
  readonly instanceType?: string;
  /** Minutes between application-consistent points; 0 takes none. */
  readonly appConsistentFrequencyInMinutes?: number;
  /** Minutes between crash-consistent points. */
  readonly crashConsistentFrequencyInMinutes?: number;
}

/** A protection container mapping of the modernized fabric's container. */
export interface ContainerMappingFacts {
  /** Mapping name. */
  readonly name: string;
  /** ARM ID of its policy. */
  readonly policyId?: string;
  /** `targetProtectionContainerId` (`Microsoft Azure` for the forward mapping). */
  readonly targetProtectionContainerId?: string;
  /** `state`, `Paired` when usable. */
  readonly state?: string;
  /** `health`. */
  readonly health?: string;
}

/** A recovery plan of the vault. */
export interface RecoveryPlanFacts {
  /** Plan name. */
  readonly name: string;
  /** `replicationProviders` of its items. */
  readonly replicationProviders?: readonly string[];
}

/** A storage account (the modernized failback's cache/log storage account). */
export interface StorageAccountFacts {
  /** ARM ID. */
  readonly id: string;
  /** Azure region, lower-case without spaces (`westeurope`). */
  readonly location?: string;
}

/** A running Site Recovery job. */
export interface JobFacts {
  /** Job name. */
  readonly name: string;
  /** Item the job acts on. */
  readonly itemName?: string;
  /** Job state. */
  readonly state?: "NotStarted" | "InProgress" | "Succeeded" | "Failed" | "Cancelled" | "Suspended" | "Other";
  /** Whether a data-synchronization task of the job is running. */
  readonly dataSyncInProgress?: boolean;
  /** `scenarioName`, e.g. `SwitchReplicationGroupProtection` for a modernized reprotect. */
  readonly scenarioName?: string;
}

/** Everything the live site reports, normalized. */
export interface SiteFacts {
  /** Connections between Azure and the site. */
  readonly connectivity?: ConnectivityFacts;
  /** The process server's Azure network. */
  readonly azureNetwork?: AzureNetworkFacts;
  /** Connectivity checks from the process server. */
  readonly reachability?: readonly ReachabilityFacts[];
  /** Process servers registered with the configuration server. */
  readonly processServers?: readonly ProcessServerFacts[];
  /** Minutes since the declared process server was deployed (PS-03). */
  readonly processServerDeploymentAgeInMinutes?: number;
  /** Master target servers of the configuration server. */
  readonly masterTargets?: readonly MasterTargetFacts[];
  /** vCenters added to the configuration server. */
  readonly vCenters?: readonly VCenterFacts[];
  /** ESX / ESXi hosts known to the configuration server. */
  readonly esxHosts?: readonly EsxHostFacts[];
  /** The configuration server. */
  readonly configurationServer?: ConfigurationServerFacts;
  /** The Hyper-V site the machines fail back to. */
  readonly hyperVSite?: HyperVSiteFacts;
  /** Hyper-V hosts and VMM servers; when known, every host of the site (HV-06 looks hosts up in it). */
  readonly hyperVHosts?: readonly HyperVHostFacts[];
  /** Protected machines. */
  readonly protectedItems?: readonly ProtectedItemFacts[];
  /** Site Recovery jobs of interest (running failback jobs). */
  readonly jobs?: readonly JobFacts[];
  /** Available bandwidth between Azure and the site, in megabits per second. */
  readonly linkBandwidthInMbps?: number;
  /** Hyper-V checksum rate, in gigabytes (10^9 bytes) per minute. */
  readonly checksumRateInGigabytesPerMinute?: number;
  /** The vault's modernized (`InMageRcm`) fabric. */
  readonly modernizedFabric?: ModernizedFabricFacts;
  /** Replication appliances registered in the modernized fabric. */
  readonly replicationAppliances?: readonly ReplicationApplianceFacts[];
  /** Replication policies of the vault. */
  readonly replicationPolicies?: readonly ReplicationPolicyFacts[];
  /** Container mappings of the modernized fabric's protection container. */
  readonly containerMappings?: readonly ContainerMappingFacts[];
  /** Recovery plans of the vault. */
  readonly recoveryPlans?: readonly RecoveryPlanFacts[];
  /** The declared log storage account, as Azure reports it. */
  readonly logStorageAccount?: StorageAccountFacts;
  /** The vault's `privateEndpointStateForSiteRecovery` (`None`, `Enabled`, …). */
  readonly vaultPrivateEndpointState?: string;
}

/** The step the stage machine is about to take; step-bound rules run only for their step. */
export type PlannedOperation =
  | { readonly kind: "reprotect" }
  | {
      readonly kind: "failover";
      /**
       * Items the run first waits for (replication back healthy, with a recovery point, or the
       * job that already runs on them) before this failover: the failover's readiness rules do
       * not judge them yet, the wait does.
       */
      readonly awaitedItemNames?: readonly string[];
    }
  | { readonly kind: "commit" }
  | { readonly kind: "reprotectToAzure" }
  | { readonly kind: "cancelJob"; readonly jobName: string }
  | { readonly kind: "deleteProcessServer"; readonly processServerName: string };

/** What a rule sees. All parts optional: unknown means "do not judge". */
export interface RuleContext {
  /** What the user declared. */
  readonly inputs?: DeclaredInputs;
  /** What the live site reports. */
  readonly site?: SiteFacts;
  /** The step about to be taken; step-bound rules (RP-05, RP-06, FO-05, HV-07, PS-02) judge only their step. */
  readonly operation?: PlannedOperation;
}
