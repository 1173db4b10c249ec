/**
 * ReplicationAppliance: the on-premises appliance of the modernized VMware/physical path
 * (process server, proxy, reprotect agent and the other components in one VM). It replaces the
 * classic process server in Azure and master target for failback.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ApplianceComponentReport } from "../../site";
import { RESOURCE_MODULE, resourceProvider } from "../common";
import type { ReplicationApplianceArgs } from "./schema";

export {
  REPLICATION_APPLIANCE_RULES,
  replicationApplianceFindings,
  replicationApplianceProvider,
} from "./lifecycle";
export {
  APPLIANCE_REGISTRATION_TIMEOUT_MINUTES,
  type ReplicationApplianceArgs,
  ReplicationApplianceInputs,
  type ReplicationApplianceOutputs,
} from "./schema";

/**
 * A replication appliance registered with the vault. Create waits until it is registered and
 * heartbeating and validates MR-02..MR-05 and MR-07; its `reprotectAgentId` and
 * `processServerId` feed a modernized `FailbackPlan`. Delete forgets it.
 */
export class ReplicationAppliance extends pulumi.dynamic.Resource {
  /** The appliance's GUID. */
  declare readonly applianceId: pulumi.Output<string>;
  /** `reprotectAgentId` for the reprotect to premises. */
  declare readonly reprotectAgentId: pulumi.Output<string>;
  /** `processServerId` for the reprotect back to Azure. */
  declare readonly processServerId: pulumi.Output<string>;
  declare readonly applianceName: pulumi.Output<string>;
  declare readonly resolvedFabricName: pulumi.Output<string>;
  declare readonly accessibleDatastores: pulumi.Output<string[]>;
  declare readonly vCenterId: pulumi.Output<string | undefined>;
  declare readonly health: pulumi.Output<string>;
  declare readonly components: pulumi.Output<ApplianceComponentReport[]>;
  declare readonly healthErrorCodes: pulumi.Output<string[]>;
  declare readonly servedDiskCount: pulumi.Output<number | undefined>;
  declare readonly lastHeartbeat: pulumi.Output<string | undefined>;

  constructor(name: string, args: ReplicationApplianceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("ReplicationAppliance"),
      name,
      {
        ...args,
        applianceId: undefined,
        reprotectAgentId: undefined,
        processServerId: undefined,
        resolvedFabricName: undefined,
        accessibleDatastores: undefined,
        vCenterId: undefined,
        health: undefined,
        components: undefined,
        healthErrorCodes: undefined,
        servedDiskCount: undefined,
        lastHeartbeat: undefined,
      },
      opts,
      RESOURCE_MODULE,
      "ReplicationAppliance",
    );
  }
}
