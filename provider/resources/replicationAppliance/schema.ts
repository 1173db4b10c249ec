/**
 * Inputs and outputs of a replication appliance (modernized VMware/physical failback). The zod
 * schema is the type; the `Args` of the resource are derived from it.
 */
import { z } from "zod";
import type { ApplianceComponentReport } from "../../site";
import { type ResourceArgs, SiteRecoveryName } from "../common";

/** How long create waits for the appliance to register and heartbeat, by default. */
export const APPLIANCE_REGISTRATION_TIMEOUT_MINUTES = 30;

/** Inputs of a replication appliance. */
export const ReplicationApplianceInputs = z.strictObject({
  /** Appliance name as the vault lists it (its components' `name`), or its GUID. */
  applianceName: SiteRecoveryName,
  /** ARM name of the vault's `InMageRcm` fabric; the vault's only one when absent. */
  fabricName: SiteRecoveryName.optional(),
  /** Datastore the failed-back machines are written to; must be one the appliance reaches (MR-04). */
  datastoreName: z.string().min(1).optional(),
  /** Original location (the same machines) or alternate location (machines recreated). */
  recoveryLocation: z.enum(["original", "alternate"]).default("original"),
  /** Protected items (names) that will reprotect through it, for MR-05 and MR-07. */
  protectedItemNames: z.array(SiteRecoveryName).optional(),
  /** How long create waits for registration and a heartbeat, in minutes. */
  registrationTimeoutInMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(APPLIANCE_REGISTRATION_TIMEOUT_MINUTES),
});
/** Validated replication appliance inputs. */
export type ReplicationApplianceInputs = z.output<typeof ReplicationApplianceInputs>;

/** Arguments of a `ReplicationAppliance`: the schema's input type, each value a Pulumi input. */
export type ReplicationApplianceArgs = ResourceArgs<typeof ReplicationApplianceInputs>;

/** Inputs whose change means another appliance, hence a replacement. */
export const APPLIANCE_REPLACE_ON_CHANGES: readonly (keyof ReplicationApplianceInputs)[] = [
  "applianceName",
  "fabricName",
];

/** Outputs: the inputs plus what the vault reports about the appliance. */
export interface ReplicationApplianceOutputs extends ReplicationApplianceInputs {
  /** The appliance's GUID, shared by its components (also the resource ID). */
  readonly applianceId: string;
  /** `reprotectAgentId` of a modernized reprotect to premises (the appliance's GUID). */
  readonly reprotectAgentId: string;
  /** `processServerId` of a reprotect back to Azure (the appliance's GUID). */
  readonly processServerId: string;
  /** The InMageRcm fabric it is registered in. */
  readonly resolvedFabricName: string;
  /** Datastores its reprotect agent reaches. */
  readonly accessibleDatastores: string[];
  /** OffAzure ID of the vCenter its reprotect agent discovers. */
  readonly vCenterId?: string;
  /** Worst health of its components. */
  readonly health: string;
  /** Each component's health and heartbeat. */
  readonly components: ApplianceComponentReport[];
  /** Codes of every component's health errors. */
  readonly healthErrorCodes: string[];
  /** Disks of the items already replicating back through it (limit 60, MR-05). */
  readonly servedDiskCount?: number;
  /** Oldest component heartbeat (ISO 8601). */
  readonly lastHeartbeat?: string;
}
