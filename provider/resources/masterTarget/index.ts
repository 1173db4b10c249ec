/**
 * MasterTarget: the on-premises server that receives failback data. It is installed on premises
 * outside Pulumi; this resource waits until the configuration server reports it registered and
 * heartbeating, validates the master target rules against the live site, and exposes what the
 * reprotection policy and the failback plan need (its Site Recovery ID, OS, retention volumes,
 * datastores, health). Deleting it only forgets it: nothing on premises is removed.
 *
 * The resource's folder: `schema.ts` (inputs, outputs, arguments), `rules.ts` and `lifecycle.ts`.
 */
import * as pulumi from "@pulumi/pulumi";
import { defineResourceImplementation, RESOURCE_MODULE, resourceProvider } from "../common";
import { check, create, deleteMasterTarget, diff, read, update } from "./lifecycle";
import type { DatastoreOutput, MasterTargetArgs, RetentionVolumeOutput } from "./schema";

export { MASTER_TARGET_RULES, masterTargetFindings } from "./rules";
export * from "./schema";

/** The implementation registered under `MasterTarget` in `resourceProviders`. */
export const masterTargetProvider = defineResourceImplementation({
  check,
  diff,
  create,
  read,
  update,
  delete: deleteMasterTarget,
});

/**
 * A master target server installed on premises (VMware / physical failback). Create waits until
 * it is registered and heartbeating and validates MT-01..MT-09, VC-01..VC-05 and CS-01 as they
 * apply; delete forgets it.
 */
export class MasterTarget extends pulumi.dynamic.Resource {
  /** Site Recovery ID of the master target. */
  declare readonly masterTargetId: pulumi.Output<string>;
  declare readonly masterTargetName: pulumi.Output<string>;
  declare readonly fabricName: pulumi.Output<string>;
  declare readonly flavor: pulumi.Output<"vmware" | "physical">;
  /** OS family the configuration server reports. */
  declare readonly reportedOsType: pulumi.Output<string | undefined>;
  declare readonly retentionVolumes: pulumi.Output<RetentionVolumeOutput[]>;
  declare readonly datastores: pulumi.Output<DatastoreOutput[]>;
  declare readonly health: pulumi.Output<string>;
  declare readonly healthErrorCodes: pulumi.Output<string[]>;
  declare readonly lastHeartbeat: pulumi.Output<string | undefined>;

  constructor(name: string, args: MasterTargetArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("MasterTarget"),
      name,
      {
        ...args,
        masterTargetId: undefined,
        reportedOsType: undefined,
        retentionVolumes: undefined,
        datastores: undefined,
        health: undefined,
        healthErrorCodes: undefined,
        lastHeartbeat: undefined,
      },
      opts,
      RESOURCE_MODULE,
      "MasterTarget",
    );
  }
}
