/**
 * Lifecycle of a replication appliance. The appliance is deployed on premises and registered
 * with the vault outside Pulumi (OVA or installer and a registration key); create waits until
 * the vault lists it with a recent heartbeat, validates MR-02..MR-07 against the live site and
 * exposes the IDs a modernized failback plan needs. Deleting it only forgets it.
 */
import { serviceNow } from "../../client";
import { getAsrClient } from "../../config";
import { formatFindings, runRules } from "../../rules/catalogue";
import type { Finding, RuleContext, RuleId, SiteFacts } from "../../rules/types";
import { type ApplianceSite, getLiveSite, LiveSite, readApplianceSite, worstHealth } from "../../site";
import { MS_PER_MINUTE } from "../../waits";
import {
  defineResourceImplementation,
  diffInputs,
  inLifecycle,
  known,
  knownStrings,
  pickInputs,
  runCheck,
  waitFor,
} from "../common";
import {
  APPLIANCE_REPLACE_ON_CHANGES,
  ReplicationApplianceInputs,
  type ReplicationApplianceOutputs,
} from "./schema";

/** The rules this resource enforces. */
export const REPLICATION_APPLIANCE_RULES: readonly RuleId[] = ["MR-02", "MR-03", "MR-04", "MR-05", "MR-07"];

/** Heartbeat age above which create keeps waiting (the MR-02 limit). */
export const APPLIANCE_REGISTRATION_HEARTBEAT_LIMIT_MINUTES = 30;

type Raw = Record<string, unknown>;

function ruleContext(inputs: Raw, site: ApplianceSite): RuleContext {
  const applianceName = known(inputs["applianceName"]);
  const datastoreName = known(inputs["datastoreName"]);
  const names = knownStrings(inputs["protectedItemNames"]);
  const location = known(inputs["recoveryLocation"]);
  const facts: SiteFacts = {
    modernizedFabric: site.fabric,
    replicationAppliances: site.appliances,
    // Only the named items are judged (none when none are named): every failed-over item of the
    // fabric would otherwise count towards this appliance's MR-05 disk total.
    protectedItems: names ? site.items.filter((item) => names.includes(item.name)) : [],
  };
  return {
    inputs: {
      flavor: "vmware",
      modernized: {
        ...(typeof applianceName === "string"
          ? site.appliance?.id !== undefined
            ? { reprotectAgentId: site.appliance.id }
            : { reprotectAgentName: applianceName }
          : {}),
        ...(typeof datastoreName === "string" ? { datastoreName } : {}),
        recoveryLocation: location === "alternate" ? "alternate" : "original",
      },
      ...(names ? { failbackPlan: { items: names } } : {}),
    },
    site: facts,
  };
}

/** Findings of the appliance rules for these inputs over this site. */
export function replicationApplianceFindings(inputs: Raw, site: ApplianceSite): Finding[] {
  return runRules(ruleContext(inputs, site), { ids: REPLICATION_APPLIANCE_RULES });
}

/** Rule property paths (`modernized.datastoreName`) onto this resource's inputs. */
const findingPaths = {
  prefix: "modernized",
  renames: {
    "modernized.reprotectAgentId": "applianceName",
    "modernized.reprotectAgentName": "applianceName",
    "failbackPlan.items": "protectedItemNames",
  },
};

async function check(_olds: Raw, news: Raw) {
  return runCheck(
    {
      schema: ReplicationApplianceInputs,
      findingPaths,
      liveFindings: async (raw) => {
        const applianceName = known(raw["applianceName"]);
        const fabricName = known(raw["fabricName"]);
        if (
          typeof applianceName !== "string" ||
          (raw["fabricName"] !== undefined && fabricName === undefined)
        )
          return { findings: [] };
        const site = await readApplianceSite(
          await getLiveSite(),
          fabricName as string | undefined,
          applianceName,
          serviceNow,
        );
        if ("missing" in site)
          return {
            findings: [],
            failures: [{ property: "fabricName", reason: `fabricName: ${site.missing}` }],
          };
        // Not registered yet is not an error here: create waits for the registration.
        if (!site.appliance) return { findings: [] };
        return { findings: replicationApplianceFindings(raw, site) };
      },
    },
    news,
  );
}

async function diff(_id: string, olds: Raw, news: Raw) {
  return diffInputs(olds, news, {
    inputKeys: Object.keys(ReplicationApplianceInputs.shape),
    replaceOnChanges: APPLIANCE_REPLACE_ON_CHANGES,
    ignore: ["registrationTimeoutInMinutes"],
  });
}

function outputsOf(inputs: ReplicationApplianceInputs, site: ApplianceSite): ReplicationApplianceOutputs {
  const appliance = site.appliance!;
  const id = appliance.id ?? appliance.name;
  const heartbeats = site.components
    .map((component) => component.lastHeartbeat)
    .filter((heartbeat): heartbeat is string => heartbeat !== undefined)
    .sort();
  return {
    ...inputs,
    applianceId: id,
    reprotectAgentId: id,
    processServerId: id,
    resolvedFabricName: site.fabricName,
    accessibleDatastores: [...(appliance.accessibleDatastores ?? [])],
    ...(appliance.vCenterId !== undefined ? { vCenterId: appliance.vCenterId } : {}),
    health: worstHealth(site.components),
    components: [...site.components],
    healthErrorCodes: [...(appliance.healthErrorCodes ?? [])],
    ...(appliance.servedDiskCount !== undefined ? { servedDiskCount: appliance.servedDiskCount } : {}),
    ...(heartbeats[0] !== undefined ? { lastHeartbeat: heartbeats[0] } : {}),
  };
}

/** A fresh read (not the check cache): create and read must see the present. */
async function freshSite(inputs: ReplicationApplianceInputs) {
  const site = await readApplianceSite(
    new LiveSite(await getAsrClient()),
    inputs.fabricName,
    inputs.applianceName,
    serviceNow,
  );
  if ("missing" in site) throw new Error(site.missing);
  return site;
}

/** Waits for registration and a recent heartbeat, then validates the rules; returns the outputs. */
async function registerAndValidate(inputs: ReplicationApplianceInputs): Promise<ReplicationApplianceOutputs> {
  const site = await waitFor({
    object: `replication appliance ${inputs.applianceName}`,
    what: "registration with a recent heartbeat",
    timeoutInMs: inputs.registrationTimeoutInMinutes * MS_PER_MINUTE,
    fixOnTimeout:
      "check that the appliance is deployed, registered with the vault with a current registration key, and reaches Azure",
    poll: async () => {
      const read = await freshSite(inputs);
      const age = read.appliance?.heartbeatAgeInMinutes;
      return read.appliance && (age === undefined || age <= APPLIANCE_REGISTRATION_HEARTBEAT_LIMIT_MINUTES)
        ? read
        : undefined;
    },
  });
  const blocking = replicationApplianceFindings(inputs as unknown as Raw, site).filter(
    (entry) => entry.severity === "block",
  );
  if (blocking.length > 0) throw new Error(formatFindings(blocking));
  return outputsOf(inputs, site);
}

async function create(news: Raw) {
  const inputs = ReplicationApplianceInputs.parse(pickInputs(ReplicationApplianceInputs, news));
  return inLifecycle("registering", `replication appliance ${inputs.applianceName}`, async () => {
    const outs = await registerAndValidate(inputs);
    return { id: outs.applianceId, outs };
  });
}

async function read(_id: string, props: Raw) {
  const inputs = ReplicationApplianceInputs.parse(pickInputs(ReplicationApplianceInputs, props));
  return inLifecycle("reading", `replication appliance ${inputs.applianceName}`, async () => {
    const site = await freshSite(inputs);
    // Gone from the vault: the engine drops it from state.
    if (!site.appliance) return { id: "", props: {} };
    const outs = outputsOf(inputs, site);
    return { id: outs.applianceId, props: outs };
  });
}

async function update(_id: string, _olds: Raw, news: Raw) {
  const inputs = ReplicationApplianceInputs.parse(pickInputs(ReplicationApplianceInputs, news));
  return inLifecycle("updating", `replication appliance ${inputs.applianceName}`, async () => ({
    outs: await registerAndValidate(inputs),
  }));
}

/** Forgets the appliance: it was deployed outside Pulumi and stays on premises. */
async function forget() {}

/** The implementation registered under `ReplicationAppliance` in `resourceProviders`. */
export const replicationApplianceProvider = defineResourceImplementation({
  check,
  diff,
  create,
  read,
  update,
  delete: forget,
});
