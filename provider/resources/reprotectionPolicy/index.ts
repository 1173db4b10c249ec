/**
 * ReprotectionPolicy: how VMs replicate back from Azure. It owns the failback replication policy
 * (RPO threshold, recovery point history, app-consistent frequency, multi-VM consistency) and its
 * protection container mapping, and carries the reprotect settings the failback plan uses: master
 * target, process server, run-as account, retention drive, datastore, original or alternate
 * location, disk exclusion, and for Hyper-V the data sync option, create-VM-if-missing, alternate
 * host, virtual switch and encryption certificate. It validates LOC-01..LOC-07, MT-06, MT-07,
 * VC-02, HV-03, HV-05 and HV-06 (and PS-01 for a Hyper-V policy that names a process server).
 *
 * The resource's folder: `schema.ts` (inputs, outputs, arguments), `rules.ts`, `live.ts` (what
 * its checks read from the site) and `lifecycle.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { defineResourceImplementation, RESOURCE_MODULE, resourceProvider } from "../common";
import { splitCertificateArgs } from "./certificate";
import { check, create, deletePolicy, diff, read, update } from "./lifecycle";
import {
  type HyperVReprotectSettings,
  REPROTECTION_POLICY_SECRET_INPUTS,
  type ReprotectionPolicyArgs,
} from "./schema";

export { CERTIFICATE_PROPERTY, withCertificateLifted } from "./certificate";
export { AZURE_CONTAINER, policyProviderInput } from "./lifecycle";
export { REPROTECTION_POLICY_RULES, reprotectionFindings } from "./rules";
export * from "./schema";

/** The implementation registered under `ReprotectionPolicy` in `resourceProviders`. */
export const reprotectionPolicyProvider = defineResourceImplementation({
  check,
  diff,
  create,
  read,
  update,
  delete: deletePolicy,
});

/**
 * The failback replication policy, its container mapping and the reprotect settings. Its outputs
 * give the failback plan the policy and mapping IDs, master target and process server IDs and
 * names, retention drive, datastore, run-as account, flavor, recovery location and Hyper-V options.
 */
export class ReprotectionPolicy extends pulumi.dynamic.Resource {
  /** ARM ID of the failback replication policy. */
  declare readonly policyId: pulumi.Output<string>;
  /** ARM ID of the protection container mapping. */
  declare readonly mappingId: pulumi.Output<string>;
  declare readonly policyName: pulumi.Output<string>;
  declare readonly flavor: pulumi.Output<"vmware" | "physical" | "hyperv">;
  declare readonly fabricName: pulumi.Output<string>;
  declare readonly resolvedProtectionContainerName: pulumi.Output<string>;
  declare readonly masterTargetId: pulumi.Output<string | undefined>;
  declare readonly masterTargetName: pulumi.Output<string | undefined>;
  declare readonly processServerId: pulumi.Output<string | undefined>;
  declare readonly processServerName: pulumi.Output<string | undefined>;
  declare readonly runAsAccountName: pulumi.Output<string | undefined>;
  declare readonly runAsAccountId: pulumi.Output<string | undefined>;
  declare readonly retentionDrive: pulumi.Output<string | undefined>;
  declare readonly datastoreName: pulumi.Output<string | undefined>;
  declare readonly recoveryLocation: pulumi.Output<"original" | "alternate">;
  declare readonly excludedDiskNames: pulumi.Output<string[] | undefined>;
  declare readonly multiVmConsistency: pulumi.Output<boolean>;
  /** Hyper-V settings: data sync option, VM creation, alternate host and virtual switch. */
  declare readonly hyperV: pulumi.Output<z.infer<typeof HyperVReprotectSettings> | undefined>;
  /** The Hyper-V encryption certificate (HV-05); a secret. */
  declare readonly hyperVEncryptionCertificate: pulumi.Output<string | undefined>;

  constructor(name: string, args: ReprotectionPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("ReprotectionPolicy"),
      name,
      {
        ...args,
        // The certificate travels apart, as a secret, so hyperV stays readable in previews.
        ...splitCertificateArgs(args),
        policyId: undefined,
        mappingId: undefined,
        resolvedProtectionContainerName: undefined,
        masterTargetName: undefined,
        processServerName: undefined,
        runAsAccountId: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [
          ...(opts?.additionalSecretOutputs ?? []),
          ...REPROTECTION_POLICY_SECRET_INPUTS,
        ],
      },
      RESOURCE_MODULE,
      "ReprotectionPolicy",
    );
  }
}
