/**
 * ReprotectionPolicy inputs and outputs: the zod schema is the type, and the class's arguments
 * are derived from it. Which inputs force a replacement is declared here.
 */

import { ArmNameRules } from "asr-contract";
import { z } from "zod";
import { armName, type ResourceArgs, refuseDuplicateItems, SiteRecoveryName } from "../common";

/** Hyper-V reprotect settings. */
export const HyperVReprotectSettings = z.strictObject({
  /** Sync before failover (deltas, two phases) or during failover (full download). */
  dataSyncOption: z.enum(["syncBeforeFailover", "syncDuringFailover"]).default("syncBeforeFailover"),
  /** Create the on-premises VM when it does not exist (required for alternate location, HV-06). */
  createVmIfNotFound: z.boolean().default(false),
  /** Alternate Hyper-V host name (alternate location, HV-06). */
  alternateHostName: z.string().min(1).optional(),
  /** Virtual switch on the alternate host; named as on the original host (HV-06). */
  virtualSwitchName: z.string().min(1).optional(),
  /** Whether data encryption is enabled for the cloud (HV-05). */
  encryptionEnabled: z.boolean().default(false),
  /**
   * Certificate issued at provider install (HV-05). Still accepted here for older programs and
   * moved to `hyperVEncryptionCertificate`; give it there instead.
   */
  encryptionCertificate: z.string().min(1).optional(),
});

/** Inputs of a reprotection policy (the zod schema is the type). */
export const ReprotectionPolicyInputs = z
  .strictObject({
    /** `vmware` (default), `physical` or `hyperv`. */
    flavor: z.enum(["vmware", "physical", "hyperv"]).default("vmware"),
    /** Fabric the machines fail back to (configuration server, or Hyper-V site). */
    fabricName: SiteRecoveryName,
    /** Protection container of the fabric; its only container when absent. */
    protectionContainerName: SiteRecoveryName.optional(),
    /** Name of the failback replication policy. */
    policyName: armName(ArmNameRules.replicationPolicy),
    /** Name of the protection container mapping; `<policyName>-mapping` when absent. */
    mappingName: SiteRecoveryName.optional(),
    /** RPO threshold, in minutes (default 15). */
    recoveryPointThresholdInMinutes: z.number().int().min(1).max(1440).default(15),
    /** How long recovery points are kept, in minutes (default 1440). */
    recoveryPointHistoryInMinutes: z
      .number()
      .int()
      .min(0)
      .max(72 * 60)
      .default(24 * 60),
    /** App-consistent snapshot frequency, in minutes (default 60). */
    appConsistentFrequencyInMinutes: z.number().int().min(0).max(720).default(60),
    /** Multi-VM consistency for replication groups (default false). */
    multiVmConsistency: z.boolean().default(false),
    /** Site Recovery ID of the master target (VMware / physical), e.g. `MasterTarget.masterTargetId`. */
    masterTargetId: z.string().min(1).optional(),
    /** Site Recovery ID of the process server (VMware / physical), e.g. `ProcessServer.processServerId`. */
    processServerId: z.string().min(1).optional(),
    /** Run-as account (name) for vCenter / the VMs (VMware / physical). */
    runAsAccountName: z.string().min(1).optional(),
    /** Retention volume of the master target (MT-06, MT-07). */
    retentionDrive: z.string().min(1).optional(),
    /** Datastore of the master target (MT-06, MT-07, LOC-03). */
    datastoreName: z.string().min(1).optional(),
    /** Recover to the original VM (default), or recreate it (alternate location). */
    recoveryLocation: z.enum(["original", "alternate"]).default("original"),
    /** Disks (names) left out of replication back. */
    excludedDiskNames: z.array(z.string().min(1)).optional(),
    /** Protected items (names) reprotected with these settings; all of the fabric's when absent. */
    protectedItemNames: z.array(SiteRecoveryName).optional(),
    /** Hyper-V settings; shown in previews and state (the certificate is carried apart). */
    hyperV: HyperVReprotectSettings.optional(),
    /** Certificate issued at provider install, for data encryption (HV-05); always a secret. */
    hyperVEncryptionCertificate: z.string().min(1).optional(),
  })
  .superRefine((inputs, context) => {
    refuseDuplicateItems("protectedItemNames", inputs.protectedItemNames, context);
    if (inputs.flavor === "hyperv") {
      if (inputs.processServerId !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["processServerId"],
          message:
            "PS-01: a Hyper-V failback needs no process server; remove processServerId (process servers serve VMware VMs and physical servers only)",
        });
      }
      if (inputs.masterTargetId !== undefined) {
        context.addIssue({
          code: "custom",
          path: ["masterTargetId"],
          message: "a Hyper-V failback has no master target; remove masterTargetId",
        });
      }
      return;
    }
    for (const key of ["hyperV", "hyperVEncryptionCertificate"] as const) {
      if (inputs[key] !== undefined) {
        context.addIssue({ code: "custom", path: [key], message: "applies to the hyperv flavor only" });
      }
    }
    for (const key of ["masterTargetId", "processServerId", "retentionDrive", "datastoreName"] as const) {
      if (inputs[key] === undefined) {
        context.addIssue({
          code: "custom",
          path: [key],
          message: `is required to reprotect ${inputs.flavor} machines`,
        });
      }
    }
  });
/** Validated reprotection policy inputs. */
export type ReprotectionPolicyInputs = z.infer<typeof ReprotectionPolicyInputs>;

/** Inputs whose change needs a new policy or mapping, hence a replacement. */
export const REPROTECTION_POLICY_REPLACE_ON_CHANGES: readonly string[] = [
  "flavor",
  "fabricName",
  "protectionContainerName",
  "policyName",
  "mappingName",
];

/**
 * Secret inputs: the Hyper-V encryption certificate (HV-05), encrypted in state, masked in output,
 * never in messages.
 */
export const REPROTECTION_POLICY_SECRET_INPUTS = ["hyperVEncryptionCertificate"] as const;

/** Arguments of `ReprotectionPolicy` (each may be an Output of another resource, at any depth). */
export type ReprotectionPolicyArgs = ResourceArgs<typeof ReprotectionPolicyInputs>;

/** Outputs: everything the failback plan needs to reprotect and fail back. */
export interface ReprotectionPolicyOutputs extends ReprotectionPolicyInputs {
  /** ARM ID of the failback replication policy (also the resource ID). */
  readonly policyId: string;
  /** ARM ID of the protection container mapping. */
  readonly mappingId: string;
  /** The protection container used. */
  readonly resolvedProtectionContainerName: string;
  /** Name of the master target (VMware / physical). */
  readonly masterTargetName?: string;
  /** Name of the process server (VMware / physical). */
  readonly processServerName?: string;
  /** Site Recovery ID of the run-as account. */
  readonly runAsAccountId?: string;
}
