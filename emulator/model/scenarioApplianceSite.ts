/**
 * The modernized part of a scenario: the on-premises site protected through replication
 * appliances (an `InMageRcm` fabric discovered by an Azure Migrate VMware site), and the fields of
 * a protected item that replicates through it (`InMageRcm` towards Azure, `InMageRcmFailback` back
 * to the site). `scenario.ts` composes these into the scenario schema; the cross-references are
 * checked by {@link refineApplianceSite}.
 */
import { z } from "zod";
import { guidFrom } from "./ids";

const name = z
  .string()
  .min(1)
  .regex(/^[^/?#]+$/, "must not contain '/', '?' or '#'");

/** Site Recovery's health of a fabric, an appliance component or a mapping. */
export const ProtectionHealth = z.enum(["Normal", "Warning", "Critical"]);
export type ProtectionHealth = z.infer<typeof ProtectionHealth>;

/**
 * The components of one replication appliance, in the order the `InMageRcm` fabric lists their
 * arrays. Every component of an appliance carries the appliance's ID.
 */
export const APPLIANCE_COMPONENT_KINDS = [
  "processServer",
  "rcmProxy",
  "pushInstaller",
  "replicationAgent",
  "reprotectAgent",
  "marsAgent",
  "dra",
] as const;
/** One appliance component kind. */
export type ApplianceComponentKind = (typeof APPLIANCE_COMPONENT_KINDS)[number];

const ComponentHealthError = z.strictObject({
  code: z.string().min(1).describe("`errorCode` the component reports."),
  message: z.string().min(1).describe("Message the component reports."),
});

/** What one component reports differently from its appliance. */
const ComponentOverride = z.strictObject({
  health: ProtectionHealth.optional().describe(
    "Health of the component; defaults to the appliance's (MR-02).",
  ),
  heartbeatMinutesAgo: z
    .number()
    .nonnegative()
    .optional()
    .describe("Minutes since its last heartbeat (a stale heartbeat while the appliance still runs, MR-02)."),
  healthErrors: z
    .array(ComponentHealthError)
    .default([])
    .describe("Health errors the component reports (MR-02)."),
});

const ComponentOverrides = z.strictObject(
  Object.fromEntries(
    APPLIANCE_COMPONENT_KINDS.map((kind) => [
      kind,
      ComponentOverride.optional().describe(
        `What the appliance's ${kind} component reports unlike the appliance.`,
      ),
    ]),
  ) as Record<ApplianceComponentKind, z.ZodOptional<typeof ComponentOverride>>,
);

/** A replication appliance registered in the vault. */
const Appliance = z.strictObject({
  id: z
    .guid()
    .optional()
    .describe(
      "Site Recovery's ID of every component of the appliance; defaults to a GUID derived from the name.",
    ),
  name: name.describe("Name of the appliance, as the vault lists it."),
  fqdn: z.string().min(1).optional().describe("Fully qualified domain name of the appliance."),
  ipAddress: z.ipv4().describe("IP address of the appliance."),
  vCenter: name
    .optional()
    .describe("The vCenter its discovery (and its reprotect agent) sees, a name in `vCenters` (MR-07)."),
  accessibleDatastores: z
    .array(name)
    .default([])
    .describe("Datastores its reprotect agent can read and write, names in `datastores` (MR-04, MR-31)."),
  version: z.string().min(1).default("9.60.7100.1").describe("Version of the appliance's components."),
  connected: z
    .boolean()
    .default(true)
    .describe(
      "False for an appliance that stopped talking to Azure: its heartbeats stay where they were `heartbeatMinutesAgo` before the scenario started and every component reports Critical (MR-02).",
    ),
  heartbeatMinutesAgo: z
    .number()
    .nonnegative()
    .default(1)
    .describe(
      "Minutes between its last heartbeat and the current simulated time (frozen when not connected).",
    ),
  health: ProtectionHealth.default("Normal").describe(
    "Health of every component unless a component says otherwise.",
  ),
  components: ComponentOverrides.default({}).describe(
    "Per-component differences (an unhealthy reprotect agent, a process server with errors...).",
  ),
});

/** A container mapping of the appliance site's container; its target follows from the policy's type. */
const ApplianceMapping = z.strictObject({
  name: name.describe("ARM name of the container mapping."),
  policy: name.describe(
    "A name in `policies`: InMageRcm maps to Azure, InMageRcmFailback to the container itself.",
  ),
  health: ProtectionHealth.default("Normal").describe("Health of the mapping."),
});

/** The modernized site: its `InMageRcm` fabric, container, appliances, run-as accounts and mappings. */
export const ApplianceSite = z.strictObject({
  fabricName: name.describe("ARM name of the InMageRcm fabric."),
  containerName: name.optional().describe("Protection container name; defaults to `<fabricName>-container`."),
  vmwareSiteName: name.describe(
    "Name of the Azure Migrate (Microsoft.OffAzure) VMware site that discovers the vCenters.",
  ),
  vmwareSiteResourceGroup: name
    .optional()
    .describe("Resource group of the VMware site; defaults to the scenario's."),
  health: ProtectionHealth.default("Normal").describe("The fabric's own health (MR-02)."),
  runAsAccounts: z
    .array(
      z.strictObject({
        id: name.describe("ARM name of the run-as account."),
        name: z.string().min(1).describe("Display name of the run-as account."),
      }),
    )
    .default([])
    .describe("Run-as accounts of the VMware site: `id` is the account's ARM name (`runasaccounts/{id}`)."),
  appliances: z.array(Appliance).min(1).describe("Replication appliances registered in the vault (MR-03)."),
  mappings: z
    .array(ApplianceMapping)
    .optional()
    .describe(
      "Container mappings. Omitted: every InMageRcm and InMageRcmFailback policy of the scenario is mapped (as a vault where replication was enabled through the portal holds them).",
    ),
});

/** A validated appliance site. */
export type ApplianceSite = z.infer<typeof ApplianceSite>;
/** A validated appliance. */
export type ScenarioAppliance = ApplianceSite["appliances"][number];

/** Site Recovery's ID of an appliance (shared by all its components). */
export function applianceIdOf(appliance: Pick<ScenarioAppliance, "id" | "name">): string {
  return appliance.id ?? guidFrom("replication-appliance", appliance.name);
}

/**
 * How an item started replicating back to the site, for items that are replicating back or have
 * failed back when the scenario starts (`InMageRcmReprotectInput` as it was sent).
 */
export const ApplianceReprotect = z.strictObject({
  appliance: name.describe(
    "The appliance whose reprotect agent serves the replication back (a name in `appliances`).",
  ),
  datastore: name.describe("Target datastore (a name in `datastores`)."),
  policy: name.describe("The InMageRcmFailback policy (a name in `policies`)."),
  logStorageAccount: name.describe("The cache storage account (a name in `azure.storageAccounts`)."),
});

/** Fields of a protected item that only the modernized path reads. */
export const modernizedItemFields = {
  replicationPath: z
    .enum(["classic", "modernized"])
    .default("classic")
    .describe(
      "Which architecture replicates the item: `classic` (configuration server; InMageAzureV2 / InMage) or `modernized` (replication appliance; InMageRcm / InMageRcmFailback).",
    ),
  appliance: name
    .optional()
    .describe("Modernized: the appliance replicating the item to Azure; defaults to the first one."),
  applianceReprotect: ApplianceReprotect.optional().describe(
    "Modernized: the reprotect of an item that replicates back (or failed back) at the start.",
  ),
  agentRegisteredAfterFailover: z
    .boolean()
    .default(true)
    .describe(
      "Modernized: the Mobility agent in the failed-over Azure VM registered after failover (MR-14).",
    ),
  resyncRequired: z
    .boolean()
    .default(false)
    .describe("Modernized: the replication back needs a resynchronization (MR-23)."),
  plannedFailoverFailed: z
    .boolean()
    .default(false)
    .describe("Modernized: a planned failover failed and its automatic cancel failed too (MR-28)."),
  sourceIpAddress: z
    .ipv4()
    .optional()
    .describe("Modernized: the source NIC's IP address and how it is assigned (MR-18)."),
  sourceIpAddressType: z
    .enum(["Static", "Dynamic"])
    .default("Dynamic")
    .describe(
      "Modernized: how the source NIC's IP address is assigned; a static one is not kept on reprotect (MR-18).",
    ),
};

/** What {@link refineApplianceSite} reads of the scenario. */
interface RefinedScenario {
  readonly applianceSite?: ApplianceSite;
  readonly vCenters: readonly { name: string }[];
  readonly datastores: readonly { name: string }[];
  readonly policies: readonly { name: string; instanceType: string }[];
  readonly azure: { readonly storageAccounts: readonly { name: string }[] };
  readonly protectedItems: readonly {
    name: string;
    kind: string;
    state: string;
    policy: string;
    replicationPath: "classic" | "modernized";
    appliance?: string;
    applianceReprotect?: z.infer<typeof ApplianceReprotect>;
    plannedFailoverFailed: boolean;
  }[];
}

/** States in which a modernized item replicates back to the site or has failed back. */
const backOnTheSiteStates = [
  "ReplicatingToOnPremises",
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

/** Checks the modernized cross-references of a scenario (appliances, policies, datastores). */
export function refineApplianceSite(scenario: RefinedScenario, context: z.RefinementCtx): void {
  const site = scenario.applianceSite;
  const names = (list: readonly { name: string }[]) => new Set(list.map((entry) => entry.name));
  const issue = (path: (string | number)[], message: string) =>
    context.addIssue({ code: "custom", path, message });
  const requireIn = (
    set: Set<string>,
    value: string | undefined,
    path: (string | number)[],
    what: string,
  ) => {
    if (value !== undefined && !set.has(value)) issue(path, `unknown ${what} "${value}"`);
  };
  const vCenters = names(scenario.vCenters);
  const datastores = names(scenario.datastores);
  const policyTypes = new Map(scenario.policies.map((policy) => [policy.name, policy.instanceType]));
  const requirePolicyType = (policy: string, type: string, path: (string | number)[]) => {
    const actual = policyTypes.get(policy);
    if (actual !== undefined && actual !== type) issue(path, `policy "${policy}" is ${actual}, not ${type}`);
  };
  if (site) {
    const seen = new Set<string>();
    site.appliances.forEach((appliance, index) => {
      const at = (...rest: (string | number)[]) => ["applianceSite", "appliances", index, ...rest];
      if (seen.has(appliance.name.toLowerCase())) issue(at("name"), `duplicate name "${appliance.name}"`);
      seen.add(appliance.name.toLowerCase());
      requireIn(vCenters, appliance.vCenter, at("vCenter"), "vCenter");
      appliance.accessibleDatastores.forEach((datastore, datastoreIndex) => {
        requireIn(datastores, datastore, at("accessibleDatastores", datastoreIndex), "datastore");
      });
    });
    site.mappings?.forEach((mapping, index) => {
      const path = ["applianceSite", "mappings", index, "policy"];
      const type = policyTypes.get(mapping.policy);
      if (type === undefined) issue(path, `unknown policy "${mapping.policy}"`);
      else if (type !== "InMageRcm" && type !== "InMageRcmFailback")
        issue(
          path,
          `policy "${mapping.policy}" is ${type}; the appliance site maps InMageRcm and InMageRcmFailback policies`,
        );
    });
  }
  const appliances = names(site?.appliances ?? []);
  const storageAccounts = names(scenario.azure.storageAccounts);
  scenario.protectedItems.forEach((item, index) => {
    const at = (...rest: (string | number)[]) => ["protectedItems", index, ...rest];
    if (item.replicationPath !== "modernized") {
      if (item.applianceReprotect)
        issue(at("applianceReprotect"), "only modernized items have applianceReprotect");
      return;
    }
    if (!site) {
      issue(at("replicationPath"), "modernized items need an applianceSite");
      return;
    }
    if (item.kind === "HyperVVm") issue(at("kind"), "Hyper-V VMs do not replicate through an appliance");
    requireIn(appliances, item.appliance, at("appliance"), "appliance");
    requirePolicyType(item.policy, "InMageRcm", at("policy"));
    const reprotect = item.applianceReprotect;
    if (backOnTheSiteStates.includes(item.state) && !reprotect) {
      issue(at("applianceReprotect"), `a modernized item in state ${item.state} needs applianceReprotect`);
    }
    if (reprotect) {
      requireIn(appliances, reprotect.appliance, at("applianceReprotect", "appliance"), "appliance");
      requireIn(datastores, reprotect.datastore, at("applianceReprotect", "datastore"), "datastore");
      requireIn(new Set(policyTypes.keys()), reprotect.policy, at("applianceReprotect", "policy"), "policy");
      requirePolicyType(reprotect.policy, "InMageRcmFailback", at("applianceReprotect", "policy"));
      requireIn(
        storageAccounts,
        reprotect.logStorageAccount,
        at("applianceReprotect", "logStorageAccount"),
        "storage account",
      );
    }
    if (item.plannedFailoverFailed && item.state !== "FailedBackToOnPremises") {
      issue(
        at("plannedFailoverFailed"),
        "only an item in state FailedBackToOnPremises can have a failed planned failover",
      );
    }
  });
}
