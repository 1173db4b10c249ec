/**
 * Error codes that Site Recovery (and ARM around it) returns for the failback problems this
 * package knows how to explain. The emulator raises exactly these codes and the client's guidance
 * map keys on them; keep both sides on this one table.
 *
 * Numeric codes are Site Recovery's own. Where the public material names a failure without a
 * number (e.g. "agent not installed"), a stable descriptive code is used instead.
 */
export const AsrErrorCodes = {
  /** The Azure VM (process server) cannot reach the configuration server (VPN/peering, InMage Scout service). */
  configurationServerUnreachable: "95226",
  /** A VM of that name already exists on the master target's ESX host. */
  vmNameAlreadyExists: "78052",
  /** The Azure VM is not running (or no longer exists) so its data cannot be synced back. */
  azureVmNotRunning: "78093",
  /** The datastore is not reachable from the master target's ESXi host. */
  datastoreNotReachable: "8061",
  /** The on-premises VM failed to boot (typically not enough memory on the host). */
  onPremisesVmBootFailed: "8038",
  /** The Mobility agent has not registered with the configuration server yet (up to 15 minutes after boot). */
  agentNotInstalled: "MobilityAgentNotInstalled",
  /** The master target VM has snapshots. */
  masterTargetHasSnapshots: "MasterTargetHasSnapshots",
  /** The on-premises VM has snapshots, so its disks cannot be detached for reprotect. */
  vmHasSnapshots: "VmHasSnapshots",
  /** The vCenter is not connected to the configuration server. */
  vCenterNotConnected: "VCenterNotConnected",
  /** The vCenter account is read-only, so datastores are not discovered. */
  datastoresNotDiscovered: "DatastoresNotDiscovered",
  /** The ESXi edition is free (failover works, failback does not). */
  esxiFreeEdition: "EsxiFreeEditionNotSupported",
  /** The ESX host of the master target is not discovered. */
  esxHostNotDiscovered: "EsxHostNotDiscovered",
  /** The machine is missing from the configuration server's database. */
  machineNotInConfigurationServer: "MachineNotInConfigurationServerDatabase",
  /** The Hyper-V host / VMM server is not connected to Site Recovery. */
  hyperVHostNotConnected: "HyperVHostNotConnected",
  /** The Hyper-V VM replicated to managed disks, which cannot fail back. */
  managedDisksFailbackNotSupported: "ManagedDisksFailbackNotSupported",
  /** The protected item has no recovery point to fail over to. */
  noRecoveryPoint: "NoRecoveryPointAvailable",
  /** The requested action is not in the item's (or plan's) allowedOperations. */
  operationNotAllowed: "OperationNotAllowed",
  /** Reprotecting VMware items through their recovery plan is not supported. */
  recoveryPlanReprotectNotSupported: "RecoveryPlanReprotectNotSupported",
  /** The job was cancelled by the user. */
  jobCancelled: "JobCancelled",
  /** The process server named in the request is not registered with the configuration server. */
  processServerNotRegistered: "ProcessServerNotRegistered",
  /** An input names something (master target, retention drive, datastore, policy) that does not exist. */
  invalidInput: "InvalidParameter",
} as const;

/** One of {@link AsrErrorCodes}. */
export type AsrErrorCode = (typeof AsrErrorCodes)[keyof typeof AsrErrorCodes];
