/**
 * Error codes under which Site Recovery reports, in `healthErrors[]` / `validationErrors[]` of a
 * fabric's servers, vCenters and protected items, the site facts that have no field of their own
 * in the ARM shapes (snapshots on the master target, its SCSI controller, a free ESXi edition, …).
 *
 * The emulator emits exactly these codes for the facts of its scenario, and the provider's
 * prerequisite rules read them back; keep both sides on this one table.
 */
export const SiteHealthCodes = {
  /** The master target VM has VMware snapshots (MT-02). `errorMessage` holds the count. */
  masterTargetHasSnapshots: "MasterTargetHasSnapshots",
  /** Linux master target VM without `disk.EnableUUID = TRUE` (MT-03). */
  masterTargetDiskUuidDisabled: "MasterTargetDiskEnableUuidNotSet",
  /** Linux master target missing required packages (MT-03). `errorMessage` lists them. */
  masterTargetMissingPackages: "MasterTargetMissingPackages",
  /** Master target uses a Paravirtual SCSI controller instead of LSI Logic (MT-08). */
  masterTargetParavirtualController: "MasterTargetParavirtualScsiController",
  /** Master target is not excluded from Storage vMotion (MT-08). */
  masterTargetStorageVmotionEnabled: "MasterTargetStorageVmotionNotExcluded",
  /** The ESX/ESXi host of the master target is not discovered (MT-05, VC-03). */
  esxHostNotDiscovered: "EsxHostNotDiscovered",
  /** A free ESXi edition that allows failover but not failback (VC-04). `errorMessage` names it. */
  esxiFreeEdition: "EsxiFreeEditionNotSupported",
  /** The vCenter run-as account is read-only: datastores are not discovered (VC-02). */
  vCenterAccountReadOnly: "VCenterAccountReadOnly",
  /**
   * The vCenter was added after failover: it is not the one the machines were protected from, and
   * failback goes only to the original vCenter (VC-05). `errorMessage` names the vCenter.
   */
  vCenterNotOriginal: "VCenterAddedAfterFailover",
  /** A protected machine is missing from the configuration server's database (CS-01). */
  machineNotInConfigurationServer: "MachineNotInConfigurationServerDatabase",
} as const;

/** One of {@link SiteHealthCodes}. */
export type SiteHealthCode = (typeof SiteHealthCodes)[keyof typeof SiteHealthCodes];
