/**
 * MasterTarget inputs and outputs: the zod schema is the type, and the class's arguments are
 * derived from it. Which inputs force a replacement is declared here.
 */
import { z } from "zod";
import { MachineName, type ResourceArgs, refuseDuplicateItems, SiteRecoveryName } from "../common";

/** How long create waits for the master target to register and heartbeat, by default. */
export const MASTER_TARGET_REGISTRATION_TIMEOUT_MINUTES = 30;
/** Heartbeat age above which the master target counts as not running. */
export const MASTER_TARGET_HEARTBEAT_LIMIT_MINUTES = 15;

/** Inputs of a master target (the zod schema is the type). */
export const MasterTargetInputs = z
  .strictObject({
    /** Replication fabric of the configuration server the master target registers with. */
    fabricName: SiteRecoveryName,
    /** Master target name as the configuration server reports it: the server's host name. */
    masterTargetName: MachineName,
    /** Kind of machines it serves: VMware VMs or physical servers (default `vmware`). */
    flavor: z.enum(["vmware", "physical"]).default("vmware"),
    /** OS family it must run (MT-01); checked against the machines it serves. */
    osType: z.enum(["windows", "linux"]).optional(),
    /** Protected items (names) that fail back through it; all items of the fabric when absent. */
    protectedItemNames: z.array(SiteRecoveryName).optional(),
    /** How long create waits for registration and a heartbeat, in minutes (default 30). */
    registrationTimeoutInMinutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .default(MASTER_TARGET_REGISTRATION_TIMEOUT_MINUTES),
  })
  .superRefine((inputs, context) => {
    refuseDuplicateItems("protectedItemNames", inputs.protectedItemNames, context);
  });

/** Validated master target inputs. */
export type MasterTargetInputs = z.infer<typeof MasterTargetInputs>;

/** Inputs whose change means another master target, hence a replacement. */
export const MASTER_TARGET_REPLACE_ON_CHANGES: readonly (keyof MasterTargetInputs)[] = [
  "fabricName",
  "masterTargetName",
];

/** Arguments of `MasterTarget` (each may be an Output of another resource). */
export type MasterTargetArgs = ResourceArgs<typeof MasterTargetInputs>;

/** A retention volume of the master target. */
export interface RetentionVolumeOutput {
  readonly name: string;
  readonly capacityInBytes?: number;
  readonly freeSpaceInBytes?: number;
}

/** A datastore the master target's ESX host reaches. */
export interface DatastoreOutput {
  readonly name: string;
  readonly type?: string;
}

/** Outputs: the inputs plus what the configuration server reports. */
export interface MasterTargetOutputs extends MasterTargetInputs {
  /** Site Recovery ID of the master target (also the resource ID). */
  readonly masterTargetId: string;
  /** Reported OS family. */
  readonly reportedOsType?: string;
  readonly retentionVolumes: RetentionVolumeOutput[];
  readonly datastores: DatastoreOutput[];
  /** `Normal` when no health error is reported, `Warning`/`Critical` otherwise. */
  readonly health: string;
  /** Codes of the reported health and validation errors. */
  readonly healthErrorCodes: string[];
  /** Last heartbeat (ISO 8601). */
  readonly lastHeartbeat?: string;
}
