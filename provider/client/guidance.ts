/**
 * Cause and fix per ARM / Site Recovery error code: what the provider tells a person when Azure
 * refuses a call (see `AzureCallError` in `provider/errors.ts` and `toAzureCallError`).
 */
import { AsrErrorCodes } from "asr-contract";

/** Cause and fix for a known code. */
export interface Guidance {
  /** What the code means, lower-case, no trailing period. */
  readonly cause: string;
  /** What to do about it. */
  readonly fix: string;
  /** Retrying later may succeed without changing anything (e.g. waiting for registration). */
  readonly retryable?: boolean;
}

/** Guidance per error code. */
export const guidanceByCode: Readonly<Record<string, Guidance>> = {
  [AsrErrorCodes.configurationServerUnreachable]: {
    cause: "the Azure VM cannot reach the configuration server",
    fix: "check the site-to-site VPN or ExpressRoute private peering, that ports 443 and 9443 reach the configuration server and that the InMage Scout service runs, then retry",
  },
  [AsrErrorCodes.vmNameAlreadyExists]: {
    cause: "a VM of that name already exists on the master target's ESX host",
    fix: "rename or remove the existing VM on the host and retry",
  },
  [AsrErrorCodes.azureVmNotRunning]: {
    cause: "the Azure VM is not running",
    fix: "start it in the Azure portal and retry",
  },
  [AsrErrorCodes.datastoreNotReachable]: {
    cause: "the datastore is not reachable from the ESXi host",
    fix: "make the datastore visible to the master target's host or choose a master target whose host sees it",
  },
  [AsrErrorCodes.onPremisesVmBootFailed]: {
    cause: "the on-premises VM failed to boot",
    fix: "free memory on the ESXi host and retry the failover",
  },
  [AsrErrorCodes.agentNotInstalled]: {
    cause:
      "the Mobility agent has not registered with the configuration server yet (up to 15 minutes after boot)",
    fix: "wait a few minutes and retry",
    retryable: true,
  },
  [AsrErrorCodes.masterTargetHasSnapshots]: {
    cause: "the master target has snapshots",
    fix: "delete the master target's snapshots and retry",
  },
  [AsrErrorCodes.vmHasSnapshots]: {
    cause: "the on-premises VM has snapshots",
    fix: "delete the VM's snapshots and retry",
  },
  [AsrErrorCodes.vCenterNotConnected]: {
    cause: "the vCenter is disconnected",
    fix: "reconnect the vCenter on the configuration server and retry",
  },
  [AsrErrorCodes.datastoresNotDiscovered]: {
    cause: "no datastores are discovered because the vCenter account is read-only",
    fix: "give the vCenter account the discovery permissions, refresh the configuration server and retry",
  },
  [AsrErrorCodes.esxiFreeEdition]: {
    cause: "the ESXi host runs a free edition, which cannot fail back",
    fix: "license the host and retry",
  },
  [AsrErrorCodes.esxHostNotDiscovered]: {
    cause: "the master target's ESX host is not discovered",
    fix: "add the ESX host (or its vCenter) to the configuration server and retry",
  },
  [AsrErrorCodes.machineNotInConfigurationServer]: {
    cause: "the machine is not in the configuration server's database",
    fix: "restore the original configuration server (same IP address) from backup",
  },
  [AsrErrorCodes.hyperVHostNotConnected]: {
    cause: "the Hyper-V host or VMM server is not connected to Site Recovery",
    fix: "reconnect the Site Recovery provider on the host and retry",
  },
  [AsrErrorCodes.managedDisksFailbackNotSupported]: {
    cause: "the VM replicates to managed disks, which cannot fail back to Hyper-V",
    fix: "re-create the VM on premises instead",
  },
  [AsrErrorCodes.noRecoveryPoint]: {
    cause: "there is no recovery point to fail over to",
    fix: "wait for replication to produce a recovery point and retry",
    retryable: true,
  },
  [AsrErrorCodes.processServerNotRegistered]: {
    cause:
      "the process server is not registered with the configuration server yet (10-15 minutes after deployment)",
    fix: "wait for it to register, check its network path to the configuration server, and retry",
    retryable: true,
  },
  [AsrErrorCodes.operationNotAllowed]: {
    cause: "the item's current state does not allow this operation",
    fix: "wait for the running job to finish or bring the item into the expected state",
  },
  [AsrErrorCodes.recoveryPlanReprotectNotSupported]: {
    cause: "VMware VMs and physical servers cannot be reprotected through a recovery plan",
    fix: "reprotect the items one by one",
  },
  AuthenticationFailed: { cause: "authentication failed", fix: "check the credential or the emulator token" },
  InvalidAuthenticationToken: {
    cause: "the access token is invalid",
    fix: "check the credential or the emulator token",
  },
  AuthorizationFailed: {
    cause: "the identity has no access to the subscription",
    fix: "check the subscription ID and role assignments",
  },
  ResourceGroupNotFound: { cause: "the resource group does not exist", fix: "check the resource group name" },
  PrivateIPAddressInUse: {
    cause: "the private IP address is already in use",
    fix: "choose a free static IP address in the subnet",
  },
  PrivateIPAddressNotInSubnet: {
    cause: "the private IP address is outside the subnet",
    fix: "choose an address inside the subnet's prefix",
  },
};
