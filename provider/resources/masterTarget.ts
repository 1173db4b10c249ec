/**
 * MasterTarget: the on-premises server that receives failback data. It is installed on premises
 * outside Pulumi; this resource waits until the configuration server reports it registered and
 * heartbeating, validates the master target rules against the live site, and exposes what the
 * reprotection policy and the failback plan need (its Site Recovery ID, OS, retention volumes,
 * datastores, health). Deleting it only forgets it: nothing on premises is removed.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { getAsrClient } from "../config";
import { PrerequisiteError } from "../errors";
import { runRules } from "../rules/catalogue";
import type { Finding, RuleContext, RuleId, SiteFacts } from "../rules/types";
import {
  getLiveSite,
  type RegisteredMasterTarget,
  readVmwareSite,
  type VmwareFabricView,
  vmwareFabricView,
} from "../site";
import {
  defineResourceImplementation,
  diffInputs,
  inLifecycle,
  known,
  MS_PER_MINUTE,
  RESOURCE_MODULE,
  resourceProvider,
  runCheck,
  waitClock,
  waitFor,
} from "./common";

/** How long create waits for the master target to register and heartbeat, by default. */
export const MASTER_TARGET_REGISTRATION_TIMEOUT_MINUTES = 30;
/** Heartbeat age above which the master target counts as not running. */
export const MASTER_TARGET_HEARTBEAT_LIMIT_MINUTES = 15;

/** The rules this resource enforces. */
export const MASTER_TARGET_RULES: readonly RuleId[] = [
  "MT-01",
  "MT-02",
  "MT-03",
  "MT-04",
  "MT-05",
  "MT-07",
  "MT-08",
  "MT-09",
  "VC-01",
  "VC-02",
  "VC-03",
  "VC-04",
  "VC-05",
  "CS-01",
];

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Inputs of a master target (the zod schema is the type). */
export const MasterTargetInputs = z.strictObject({
  /** Replication fabric of the configuration server the master target registers with. */
  fabricName: z.string().min(1),
  /** Master target name as the configuration server reports it. */
  masterTargetName: z.string().min(1),
  /** Kind of machines it serves: VMware VMs or physical servers. */
  flavor: z.enum(["vmware", "physical"]).default("vmware"),
  /** OS family it must run (MT-01); checked against the machines it serves. */
  osType: z.enum(["windows", "linux"]).optional(),
  /** Protected items (names) that fail back through it; all items of the fabric when absent. */
  protectedItemNames: z.array(z.string().min(1)).optional(),
  /** How long create waits for registration and a heartbeat, in minutes. */
  registrationTimeoutInMinutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60)
    .default(MASTER_TARGET_REGISTRATION_TIMEOUT_MINUTES),
});
/** Validated master target inputs. */
export type MasterTargetInputs = z.infer<typeof MasterTargetInputs>;

/** Inputs whose change means another master target, hence a replacement. */
export const MASTER_TARGET_REPLACE_ON_CHANGES: readonly (keyof MasterTargetInputs)[] = [
  "fabricName",
  "masterTargetName",
];

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Arguments of {@link MasterTarget}. */
export interface MasterTargetArgs {
  /** Replication fabric (configuration server) the master target registers with. */
  readonly fabricName: pulumi.Input<string>;
  /** Master target name as the configuration server reports it. */
  readonly masterTargetName: pulumi.Input<string>;
  /** `vmware` (default) or `physical`. */
  readonly flavor?: pulumi.Input<"vmware" | "physical">;
  /** OS family the master target must run (MT-01). */
  readonly osType?: pulumi.Input<"windows" | "linux">;
  /** Names of the protected items that fail back through it; all of the fabric's when absent. */
  readonly protectedItemNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** How long create waits for registration and a heartbeat, in minutes (default 30). */
  readonly registrationTimeoutInMinutes?: pulumi.Input<number>;
}

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

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

function ruleContext(inputs: Record<string, unknown>, site: SiteFacts | undefined): RuleContext {
  const names = known(inputs["protectedItemNames"]);
  const items =
    Array.isArray(names) && !names.some((name) => known(name) === undefined)
      ? (names as string[])
      : undefined;
  const flavor = known(inputs["flavor"]);
  return {
    inputs: {
      flavor: flavor === "physical" ? "physical" : "vmware",
      masterTarget: {
        ...(typeof known(inputs["masterTargetName"]) === "string"
          ? { name: inputs["masterTargetName"] as string }
          : {}),
        ...(known(inputs["osType"]) === "windows" || known(inputs["osType"]) === "linux"
          ? { expectedOsType: inputs["osType"] as "windows" | "linux" }
          : {}),
      },
      ...(items ? { failbackPlan: { items } } : {}),
    },
    ...(site ? { site } : {}),
  };
}

/** Findings of the master target rules for these inputs over these site facts. */
export function masterTargetFindings(
  inputs: Record<string, unknown>,
  site: SiteFacts | undefined,
): Finding[] {
  return runRules(ruleContext(inputs, site), { ids: MASTER_TARGET_RULES });
}

async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: MasterTargetInputs,
      findingPaths: {
        prefix: "masterTarget",
        renames: { "reprotection.masterTargetName": "masterTargetName" },
      },
      liveFindings: async (raw) => {
        const fabricName = known(raw["fabricName"]);
        if (typeof fabricName !== "string") return { findings: [] };
        const site = await getLiveSite();
        const read = await readVmwareSite(site, fabricName, new Date(waitClock().now()));
        if (!read) {
          return {
            findings: [],
            failures: [
              {
                property: "fabricName",
                reason: `fabricName: the vault has no VMware configuration server fabric ${fabricName}; use the fabric name of the configuration server (e.g. from the Site Recovery infrastructure blade)`,
              },
            ],
          };
        }
        return { findings: masterTargetFindings(raw, read.facts) };
      },
    },
    news,
  );
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffInputs(olds, news, {
    inputKeys: Object.keys(MasterTargetInputs.shape),
    replaceOnChanges: MASTER_TARGET_REPLACE_ON_CHANGES,
    ignore: ["registrationTimeoutInMinutes"],
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

function findMasterTarget(
  view: VmwareFabricView | undefined,
  name: string,
): RegisteredMasterTarget | undefined {
  return view?.masterTargets.find((target) => target.facts.name.toLowerCase() === name.toLowerCase());
}

function outputsOf(inputs: MasterTargetInputs, target: RegisteredMasterTarget): MasterTargetOutputs {
  const server = target.server;
  const errors = [...(server.healthErrors ?? []), ...(server.validationErrors ?? [])];
  const levels = errors.map((error) => error.errorLevel ?? "Error");
  return {
    ...inputs,
    masterTargetId: target.id,
    ...(server.osType ? { reportedOsType: server.osType } : {}),
    retentionVolumes: (server.retentionVolumes ?? []).map((volume) => ({
      name: volume.volumeName ?? "",
      ...(volume.capacityInBytes !== undefined ? { capacityInBytes: volume.capacityInBytes } : {}),
      ...(volume.freeSpaceInBytes !== undefined ? { freeSpaceInBytes: volume.freeSpaceInBytes } : {}),
    })),
    datastores: (server.dataStores ?? []).map((datastore) => ({
      name: datastore.symbolicName ?? "",
      ...(datastore.type ? { type: datastore.type } : {}),
    })),
    health:
      errors.length === 0
        ? "Normal"
        : levels.some((level) => /error|critical/i.test(level))
          ? "Critical"
          : "Warning",
    healthErrorCodes: errors.map((error) => error.errorCode ?? "").filter((code) => code.length > 0),
    ...(server.lastHeartbeat ? { lastHeartbeat: new Date(server.lastHeartbeat).toISOString() } : {}),
  };
}

/** Reads the fabric fresh (not from the check cache): create and read must see the present. */
async function freshSite(fabricName: string) {
  const client = await getAsrClient();
  const now = new Date(waitClock().now());
  const fabric = await client.getFabric(fabricName);
  return { client, now, view: vmwareFabricView(fabric, now) };
}

/** Waits for registration and a recent heartbeat, then validates the rules; returns the outputs. */
async function registerAndValidate(inputs: MasterTargetInputs): Promise<MasterTargetOutputs> {
  const object = `master target ${inputs.masterTargetName}`;
  const target = await waitFor({
    object,
    what: "registration with a recent heartbeat",
    timeoutInMs: inputs.registrationTimeoutInMinutes * MS_PER_MINUTE,
    fixOnTimeout: `check that the master target is installed, registered with configuration server fabric ${inputs.fabricName} with the right passphrase, and running`,
    poll: async () => {
      const { view } = await freshSite(inputs.fabricName);
      const found = findMasterTarget(view, inputs.masterTargetName);
      const age = found?.facts.heartbeatAgeInMinutes;
      return found && (age === undefined || age <= MASTER_TARGET_HEARTBEAT_LIMIT_MINUTES) ? found : undefined;
    },
  });
  const site = await getLiveSite();
  site.clear();
  const read = await readVmwareSite(site, inputs.fabricName, new Date(waitClock().now()));
  const findings = masterTargetFindings(inputs as unknown as Record<string, unknown>, read?.facts);
  const blocking = findings.filter((entry) => entry.severity === "block");
  if (blocking.length > 0) throw new PrerequisiteError(blocking);
  return outputsOf(inputs, target);
}

async function create(news: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(news));
  return inLifecycle("registering", `master target ${inputs.masterTargetName}`, async () => {
    const outs = await registerAndValidate(inputs);
    return { id: outs.masterTargetId, outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

async function read(id: string, props: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(props));
  return inLifecycle("reading", `master target ${inputs.masterTargetName}`, async () => {
    const { view } = await freshSite(inputs.fabricName);
    const target =
      view?.masterTargets.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase()) ??
      findMasterTarget(view, inputs.masterTargetName);
    // Gone from the configuration server: the engine drops it from state.
    if (!target) return { id: "", props: {} };
    return { id: target.id, props: outputsOf(inputs, target) };
  });
}

function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(MasterTargetInputs.shape);
  return Object.fromEntries(Object.entries(props).filter(([key]) => keys.includes(key)));
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

async function update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(news));
  return inLifecycle("updating", `master target ${inputs.masterTargetName}`, async () => ({
    outs: await registerAndValidate(inputs),
  }));
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

/** Forgets the master target: it was installed outside Pulumi and stays on premises. */
async function deleteMasterTarget() {}

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
