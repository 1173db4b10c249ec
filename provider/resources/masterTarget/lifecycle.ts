/**
 * MasterTarget check, diff, create, read, update and delete. Create waits until the master target
 * is registered and heartbeating, then re-validates the rules over fresh reads; delete forgets it.
 */
import { serviceNow } from "../../client";
import { getAsrClient } from "../../config";
import { PrerequisiteError } from "../../errors";
import {
  getLiveSite,
  type RegisteredMasterTarget,
  readFabricView,
  readVmwareSite,
  type VmwareFabricView,
} from "../../site";
import { MS_PER_MINUTE } from "../../waits";
import {
  diffInputs,
  inLifecycle,
  known,
  pickInputs,
  runCheck,
  unknownItemFailures,
  waitFor,
} from "../common";
import { masterTargetFindings } from "./rules";
import {
  MASTER_TARGET_HEARTBEAT_LIMIT_MINUTES,
  MASTER_TARGET_REPLACE_ON_CHANGES,
  MasterTargetInputs,
  type MasterTargetOutputs,
} from "./schema";

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

/** Validates the inputs and the master target rules over the live site. */
export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: MasterTargetInputs,
      findingPaths: {
        prefix: "masterTarget",
        renames: {
          "reprotection.masterTargetName": "masterTargetName",
          "masterTarget.name": "masterTargetName",
        },
      },
      liveFindings: async (raw) => {
        const fabricName = known(raw["fabricName"]);
        if (typeof fabricName !== "string") return { findings: [] };
        const site = await getLiveSite();
        const read = await readVmwareSite(site, fabricName, serviceNow);
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
        return {
          findings: masterTargetFindings(raw, read.facts),
          failures: unknownItemFailures(raw, "protectedItemNames", read.facts.protectedItems, fabricName),
        };
      },
    },
    news,
  );
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

/** Changes of the inputs; another fabric or name is another master target (replacement). */
export async function diff(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  return diffInputs(olds, news, {
    inputKeys: Object.keys(MasterTargetInputs.shape),
    replaceOnChanges: MASTER_TARGET_REPLACE_ON_CHANGES,
    ignore: ["registrationTimeoutInMinutes"],
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/** The master target registered under that name (case-insensitive). */
function findMasterTarget(
  view: VmwareFabricView | undefined,
  name: string,
): RegisteredMasterTarget | undefined {
  return view?.masterTargets.find((target) => target.facts.name.toLowerCase() === name.toLowerCase());
}

/** The outputs: the inputs plus what the configuration server reports about the master target. */
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

/** The fabric as it is now (not from the check cache): create and read must see the present. */
async function currentView(fabricName: string): Promise<VmwareFabricView | undefined> {
  return readFabricView(await getAsrClient(), fabricName, serviceNow);
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
      const view = await currentView(inputs.fabricName);
      const found = findMasterTarget(view, inputs.masterTargetName);
      const age = found?.facts.heartbeatAgeInMinutes;
      return found && (age === undefined || age <= MASTER_TARGET_HEARTBEAT_LIMIT_MINUTES) ? found : undefined;
    },
  });
  const site = await getLiveSite();
  site.clear();
  const read = await readVmwareSite(site, inputs.fabricName, serviceNow);
  const findings = masterTargetFindings(inputs as unknown as Record<string, unknown>, read?.facts);
  const blocking = findings.filter((entry) => entry.severity === "block");
  if (blocking.length > 0) throw new PrerequisiteError(blocking);
  return outputsOf(inputs, target);
}

/** Waits for the master target to register and heartbeat, then validates it. */
export async function create(news: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(MasterTargetInputs, news));
  return inLifecycle("registering", `master target ${inputs.masterTargetName}`, async () => {
    const outs = await registerAndValidate(inputs);
    return { id: outs.masterTargetId, outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

/** Reports what the configuration server says now; gone when it no longer lists it. */
export async function read(id: string, props: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(MasterTargetInputs, props));
  return inLifecycle("reading", `master target ${inputs.masterTargetName}`, async () => {
    const view = await currentView(inputs.fabricName);
    const target =
      view?.masterTargets.find((candidate) => candidate.id.toLowerCase() === id.toLowerCase()) ??
      findMasterTarget(view, inputs.masterTargetName);
    // Gone from the configuration server: the engine drops it from state.
    if (!target) return { id: "", props: {} };
    return { id: target.id, props: outputsOf(inputs, target) };
  });
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

/** Waits and validates again with the new inputs. */
export async function update(_id: string, _olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = MasterTargetInputs.parse(pickInputs(MasterTargetInputs, news));
  return inLifecycle("updating", `master target ${inputs.masterTargetName}`, async () => ({
    outs: await registerAndValidate(inputs),
  }));
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

/** Forgets the master target: it was installed outside Pulumi and stays on premises. */
export async function deleteMasterTarget() {}
