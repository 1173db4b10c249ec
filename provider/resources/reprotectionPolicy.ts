/**
 * ReprotectionPolicy: how VMs replicate back from Azure. It owns the failback replication policy
 * (RPO threshold, recovery point history, app-consistent frequency, multi-VM consistency) and its
 * protection container mapping, and carries the reprotect settings the failback plan uses: master
 * target, process server, run-as account, retention drive, datastore, original or alternate
 * location, disk exclusion, and for Hyper-V the data sync option, create-VM-if-missing, alternate
 * host, virtual switch and encryption certificate. It validates LOC-01..LOC-07, MT-06, MT-07,
 * VC-02, HV-03, HV-05 and HV-06 (and PS-01 for a Hyper-V policy that names a process server).
 */
import type { PolicyProviderSpecificInputUnion } from "@azure/arm-recoveryservices-siterecovery";
import * as pulumi from "@pulumi/pulumi";
import { ContainerMappingIdCodec, PolicyIdCodec } from "asr-contract";
import { z } from "zod";
import { isNotFound } from "../client/errors";
import { getAsrClient } from "../config";
import { PrerequisiteError } from "../errors";
import { runRules } from "../rules/catalogue";
import type {
  Finding,
  RuleContext,
  RuleId,
  ReprotectionInputs as RuleReprotectionInputs,
  SiteFacts,
} from "../rules/types";
import {
  getLiveSite,
  itemFacts,
  type LiveSite,
  readVmwareSite,
  type VmwareFabricView,
  vmwareFabricView,
} from "../site";
import {
  defineResourceImplementation,
  diffInputs,
  inLifecycle,
  known,
  RESOURCE_MODULE,
  resourceProvider,
  runCheck,
  waitClock,
} from "./common";

/** Target of the mapping of a failback policy: Site Recovery's name for Azure as the source side. */
export const AZURE_CONTAINER = "Microsoft Azure";

/** The rules this resource enforces. */
export const REPROTECTION_POLICY_RULES: readonly RuleId[] = [
  "LOC-01",
  "LOC-02",
  "LOC-03",
  "LOC-04",
  "LOC-05",
  "LOC-06",
  "LOC-07",
  "MT-06",
  "MT-07",
  "VC-02",
  "HV-03",
  "HV-05",
  "HV-06",
];

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

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
  /** Certificate issued at provider install (HV-05); secret. */
  encryptionCertificate: z.string().min(1).optional(),
});

/** Inputs of a reprotection policy (the zod schema is the type). */
export const ReprotectionPolicyInputs = z
  .strictObject({
    /** `vmware` (default), `physical` or `hyperv`. */
    flavor: z.enum(["vmware", "physical", "hyperv"]).default("vmware"),
    /** Fabric the machines fail back to (configuration server, or Hyper-V site). */
    fabricName: z.string().min(1),
    /** Protection container of the fabric; its only container when absent. */
    protectionContainerName: z.string().min(1).optional(),
    /** Name of the failback replication policy. */
    policyName: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "must be letters, digits, - and _"),
    /** Name of the protection container mapping; `<policyName>-mapping` when absent. */
    mappingName: z.string().min(1).optional(),
    /** RPO threshold, in minutes. */
    recoveryPointThresholdInMinutes: z.number().int().min(1).max(1440).default(15),
    /** How long recovery points are kept, in minutes. */
    recoveryPointHistoryInMinutes: z
      .number()
      .int()
      .min(0)
      .max(72 * 60)
      .default(24 * 60),
    /** App-consistent snapshot frequency, in minutes. */
    appConsistentFrequencyInMinutes: z.number().int().min(0).max(720).default(60),
    /** Multi-VM consistency for replication groups. */
    multiVmConsistency: z.boolean().default(false),
    /** Site Recovery ID of the master target (VMware / physical). */
    masterTargetId: z.string().min(1).optional(),
    /** Site Recovery ID of the process server (VMware / physical). */
    processServerId: z.string().min(1).optional(),
    /** Run-as account (name) for vCenter / the VMs (VMware / physical). */
    runAsAccountName: z.string().min(1).optional(),
    /** Retention volume of the master target (MT-06, MT-07). */
    retentionDrive: z.string().min(1).optional(),
    /** Datastore of the master target (MT-06, MT-07, LOC-03). */
    datastoreName: z.string().min(1).optional(),
    /** Recover to the original VM, or recreate it (alternate location). */
    recoveryLocation: z.enum(["original", "alternate"]).default("original"),
    /** Disks (names) left out of replication back. */
    excludedDiskNames: z.array(z.string().min(1)).optional(),
    /** Protected items (names) reprotected with these settings; all of the fabric's when absent. */
    protectedItemNames: z.array(z.string().min(1)).optional(),
    /** Hyper-V settings. */
    hyperV: HyperVReprotectSettings.optional(),
  })
  .superRefine((inputs, context) => {
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
    if (inputs.hyperV !== undefined) {
      context.addIssue({ code: "custom", path: ["hyperV"], message: "applies to the hyperv flavor only" });
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

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Arguments of {@link ReprotectionPolicy}. */
export interface ReprotectionPolicyArgs {
  readonly flavor?: pulumi.Input<"vmware" | "physical" | "hyperv">;
  /** Fabric the machines fail back to. */
  readonly fabricName: pulumi.Input<string>;
  /** Protection container; the fabric's only one when absent. */
  readonly protectionContainerName?: pulumi.Input<string>;
  /** Name of the failback replication policy. */
  readonly policyName: pulumi.Input<string>;
  /** Name of the container mapping (default `<policyName>-mapping`). */
  readonly mappingName?: pulumi.Input<string>;
  /** RPO threshold in minutes (default 15). */
  readonly recoveryPointThresholdInMinutes?: pulumi.Input<number>;
  /** Recovery point retention in minutes (default 1440). */
  readonly recoveryPointHistoryInMinutes?: pulumi.Input<number>;
  /** App-consistent snapshot frequency in minutes (default 60). */
  readonly appConsistentFrequencyInMinutes?: pulumi.Input<number>;
  /** Multi-VM consistency (default false). */
  readonly multiVmConsistency?: pulumi.Input<boolean>;
  /** Site Recovery ID of the master target (e.g. `MasterTarget.masterTargetId`). */
  readonly masterTargetId?: pulumi.Input<string>;
  /** Site Recovery ID of the process server (e.g. `ProcessServer.processServerId`). */
  readonly processServerId?: pulumi.Input<string>;
  /** Run-as account name of the configuration server. */
  readonly runAsAccountName?: pulumi.Input<string>;
  /** Retention volume of the master target. */
  readonly retentionDrive?: pulumi.Input<string>;
  /** Datastore of the master target. */
  readonly datastoreName?: pulumi.Input<string>;
  /** `original` (default) or `alternate`. */
  readonly recoveryLocation?: pulumi.Input<"original" | "alternate">;
  /** Disks left out of replication back. */
  readonly excludedDiskNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** Protected items reprotected with these settings (default: all of the fabric's). */
  readonly protectedItemNames?: pulumi.Input<pulumi.Input<string>[]>;
  /** Hyper-V settings; `encryptionCertificate` is always stored as a secret. */
  readonly hyperV?: pulumi.Input<{
    dataSyncOption?: pulumi.Input<"syncBeforeFailover" | "syncDuringFailover">;
    createVmIfNotFound?: pulumi.Input<boolean>;
    alternateHostName?: pulumi.Input<string>;
    virtualSwitchName?: pulumi.Input<string>;
    encryptionEnabled?: pulumi.Input<boolean>;
    encryptionCertificate?: pulumi.Input<string>;
  }>;
}

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

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

function knownString(value: unknown): string | undefined {
  const candidate = known(value);
  return typeof candidate === "string" ? candidate : undefined;
}

function knownStrings(value: unknown): string[] | undefined {
  const list = known(value);
  if (!Array.isArray(list) || list.some((entry) => knownString(entry) === undefined)) return undefined;
  return list as string[];
}

/** Names of the master target and process server given their IDs, from the fabric. */
interface ResolvedNames {
  readonly masterTargetName?: string;
  readonly processServerName?: string;
}

function ruleContext(
  raw: Record<string, unknown>,
  site: SiteFacts | undefined,
  names: ResolvedNames,
): RuleContext {
  const flavor = knownString(raw["flavor"]) ?? "vmware";
  const location = knownString(raw["recoveryLocation"]) ?? "original";
  const hyperV = known(raw["hyperV"]) as Record<string, unknown> | undefined;
  const reprotection: RuleReprotectionInputs = {
    ...(names.masterTargetName ? { masterTargetName: names.masterTargetName } : {}),
    ...(names.processServerName ? { processServerName: names.processServerName } : {}),
    ...(knownString(raw["retentionDrive"]) ? { retentionDrive: knownString(raw["retentionDrive"])! } : {}),
    ...(knownString(raw["datastoreName"]) ? { datastoreName: knownString(raw["datastoreName"])! } : {}),
    ...(knownString(raw["runAsAccountName"])
      ? { runAsAccountName: knownString(raw["runAsAccountName"])! }
      : {}),
    ...(location === "alternate" || location === "original" ? { recoveryLocation: location } : {}),
    ...(typeof known(raw["multiVmConsistency"]) === "boolean"
      ? { multiVmConsistency: raw["multiVmConsistency"] as boolean }
      : {}),
    ...(hyperV && typeof hyperV === "object"
      ? {
          hyperV: {
            ...(knownString(hyperV["dataSyncOption"]) === "syncDuringFailover"
              ? { dataSyncOption: "syncDuringFailover" as const }
              : { dataSyncOption: "syncBeforeFailover" as const }),
            ...(typeof known(hyperV["createVmIfNotFound"]) === "boolean"
              ? { createVmIfNotFound: hyperV["createVmIfNotFound"] as boolean }
              : {}),
            // HV-06 reads an empty name as "not given"; an unknown one is not judged.
            ...(known(hyperV["alternateHostName"]) !== undefined || hyperV["alternateHostName"] === undefined
              ? { alternateHostName: knownString(hyperV["alternateHostName"]) ?? "" }
              : {}),
            ...(knownString(hyperV["virtualSwitchName"])
              ? { virtualSwitchName: knownString(hyperV["virtualSwitchName"])! }
              : {}),
            ...(typeof known(hyperV["encryptionEnabled"]) === "boolean"
              ? { encryptionEnabled: hyperV["encryptionEnabled"] as boolean }
              : {}),
            ...(known(hyperV["encryptionCertificate"]) !== undefined ||
            hyperV["encryptionCertificate"] === undefined
              ? {
                  hasEncryptionCertificate:
                    typeof hyperV["encryptionCertificate"] === "string" &&
                    hyperV["encryptionCertificate"].length > 0,
                }
              : {}),
          },
        }
      : {}),
  };
  const items = knownStrings(raw["protectedItemNames"]);
  return {
    inputs: {
      flavor: flavor === "hyperv" || flavor === "physical" ? flavor : "vmware",
      reprotection,
      ...(items ? { failbackPlan: { items } } : {}),
    },
    ...(site ? { site } : {}),
  };
}

/** Findings of the reprotection rules for these inputs over these site facts. */
export function reprotectionFindings(
  raw: Record<string, unknown>,
  site: SiteFacts | undefined,
  names: ResolvedNames = {},
): Finding[] {
  return runRules(ruleContext(raw, site, names), { ids: REPROTECTION_POLICY_RULES });
}

const findingPaths = {
  prefix: "reprotection",
  renames: {
    "reprotection.masterTargetName": "masterTargetId",
    "reprotection.processServerName": "processServerId",
    "failbackPlan.items": "protectedItemNames",
  },
};

/** What the live check resolved, for create to reuse. */
interface LiveReprotectionView {
  readonly facts: SiteFacts;
  readonly names: ResolvedNames;
  readonly view?: VmwareFabricView;
  readonly failures: pulumi.dynamic.CheckFailure[];
}

/** Reads the fabric the policy fails back to and resolves IDs and names against it. */
async function readReprotectionSite(
  site: LiveSite,
  raw: Record<string, unknown>,
  now: Date,
): Promise<LiveReprotectionView> {
  const fabricName = knownString(raw["fabricName"]);
  if (!fabricName) return { facts: {}, names: {}, failures: [] };
  const flavor = knownString(raw["flavor"]) ?? "vmware";
  if (flavor === "hyperv") {
    const fabric = await site.fabric(fabricName);
    if (!fabric) return { facts: {}, names: {}, failures: [missingFabric(fabricName)] };
    const containers = await site.containers(fabricName);
    const items = (
      await Promise.all(containers.filter((c) => c.name).map((c) => site.protectedItems(fabricName, c.name!)))
    ).flat();
    return { facts: { protectedItems: items.map(itemFacts) }, names: {}, failures: [] };
  }
  const read = await readVmwareSite(site, fabricName, now);
  if (!read) return { facts: {}, names: {}, failures: [missingFabric(fabricName)] };
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const masterTargetId = knownString(raw["masterTargetId"]);
  const processServerId = knownString(raw["processServerId"]);
  const runAs = knownString(raw["runAsAccountName"]);
  const masterTarget = masterTargetId
    ? read.view.masterTargets.find((target) => target.id.toLowerCase() === masterTargetId.toLowerCase())
    : undefined;
  const processServer = processServerId
    ? read.view.processServers.find((server) => server.id.toLowerCase() === processServerId.toLowerCase())
    : undefined;
  if (masterTargetId && !masterTarget) {
    failures.push({
      property: "masterTargetId",
      reason: `MT-05: configuration server ${fabricName} has no master target ${masterTargetId}; use the masterTargetId output of a MasterTarget resource (known: ${read.view.masterTargets.map((target) => `${target.facts.name}=${target.id}`).join(", ") || "none"})`,
    });
  }
  if (processServerId && !processServer) {
    failures.push({
      property: "processServerId",
      reason: `PS-03: configuration server ${fabricName} has no registered process server ${processServerId}; use the processServerId output of a ProcessServer resource, or wait for its registration`,
    });
  }
  if (runAs && !read.view.runAsAccounts.some((account) => account.name === runAs)) {
    failures.push({
      property: "runAsAccountName",
      reason: `runAsAccountName: configuration server ${fabricName} has no run-as account ${runAs}; choose one of (${read.view.runAsAccounts.map((account) => account.name).join(", ") || "none"})`,
    });
  }
  return {
    facts: read.facts,
    names: {
      ...(masterTarget ? { masterTargetName: masterTarget.facts.name } : {}),
      ...(processServer ? { processServerName: processServer.name } : {}),
    },
    view: read.view,
    failures,
  };
}

function missingFabric(fabricName: string): pulumi.dynamic.CheckFailure {
  return {
    property: "fabricName",
    reason: `fabricName: the vault has no replication fabric ${fabricName}; use the fabric name of the configuration server or Hyper-V site`,
  };
}

async function check(_olds: Record<string, unknown>, news: Record<string, unknown>) {
  return runCheck(
    {
      schema: ReprotectionPolicyInputs,
      findingPaths,
      // HV-05 and HV-06's input-only parts need no site.
      staticFindings: (raw) =>
        reprotectionFindings(raw, undefined).filter(
          (entry) => entry.ruleId === "HV-05" || entry.ruleId === "HV-06",
        ),
      liveFindings: async (raw) => {
        const site = await getLiveSite();
        const live = await readReprotectionSite(site, raw, new Date(waitClock().now()));
        if (live.failures.length > 0) return { findings: [], failures: live.failures };
        const findings = reprotectionFindings(raw, live.facts, live.names).filter(
          (entry) =>
            (entry.ruleId !== "HV-05" && entry.ruleId !== "HV-06") ||
            entry.propertyPath === "reprotection.hyperV.virtualSwitchName",
        );
        return { findings };
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
    inputKeys: Object.keys(ReprotectionPolicyInputs.shape),
    replaceOnChanges: REPROTECTION_POLICY_REPLACE_ON_CHANGES,
    // The mapping must be removed before the policy it names can be replaced under the same name.
    deleteBeforeReplace: true,
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/** The provider-specific input of the failback policy. */
export function policyProviderInput(inputs: ReprotectionPolicyInputs): PolicyProviderSpecificInputUnion {
  if (inputs.flavor === "hyperv") {
    return {
      instanceType: "HyperVReplicaAzure",
      recoveryPointHistoryDuration: Math.round(inputs.recoveryPointHistoryInMinutes / 60),
      applicationConsistentSnapshotFrequencyInHours: Math.max(
        0,
        Math.round(inputs.appConsistentFrequencyInMinutes / 60),
      ),
      replicationInterval: 300,
    } as PolicyProviderSpecificInputUnion;
  }
  return {
    instanceType: "InMage",
    recoveryPointThresholdInMinutes: inputs.recoveryPointThresholdInMinutes,
    recoveryPointHistory: inputs.recoveryPointHistoryInMinutes,
    appConsistentFrequencyInMinutes: inputs.appConsistentFrequencyInMinutes,
    multiVmSyncStatus: inputs.multiVmConsistency ? "Enable" : "Disable",
  };
}

function mappingNameOf(inputs: ReprotectionPolicyInputs): string {
  return inputs.mappingName ?? `${inputs.policyName}-mapping`;
}

async function containerNameOf(inputs: ReprotectionPolicyInputs): Promise<string> {
  if (inputs.protectionContainerName) return inputs.protectionContainerName;
  const client = await getAsrClient();
  const containers = (await client.listProtectionContainers(inputs.fabricName)).filter((c) => c.name);
  if (containers.length !== 1) {
    throw new Error(
      `fabric ${inputs.fabricName} has ${containers.length} protection containers; set protectionContainerName to one of (${containers.map((c) => c.name).join(", ")})`,
    );
  }
  return containers[0]!.name!;
}

async function resolveOutputs(
  inputs: ReprotectionPolicyInputs,
  containerName: string,
): Promise<ReprotectionPolicyOutputs> {
  const client = await getAsrClient();
  const scope = {
    subscriptionId: client.config.subscriptionId,
    resourceGroup: client.config.resourceGroup,
    vaultName: client.config.vaultName,
  };
  let names: ResolvedNames = {};
  let runAsAccountId: string | undefined;
  if (inputs.flavor !== "hyperv") {
    const view = vmwareFabricView(await client.getFabric(inputs.fabricName), new Date(waitClock().now()));
    const masterTarget = view?.masterTargets.find(
      (target) => target.id.toLowerCase() === inputs.masterTargetId?.toLowerCase(),
    );
    const processServer = view?.processServers.find(
      (server) => server.id.toLowerCase() === inputs.processServerId?.toLowerCase(),
    );
    names = {
      ...(masterTarget ? { masterTargetName: masterTarget.facts.name } : {}),
      ...(processServer ? { processServerName: processServer.name } : {}),
    };
    runAsAccountId = view?.runAsAccounts.find((account) => account.name === inputs.runAsAccountName)?.id;
  }
  return {
    ...inputs,
    policyId: PolicyIdCodec.format({ ...scope, policyName: inputs.policyName }),
    mappingId: ContainerMappingIdCodec.format({
      ...scope,
      fabricName: inputs.fabricName,
      containerName,
      mappingName: mappingNameOf(inputs),
    }),
    resolvedProtectionContainerName: containerName,
    ...names,
    ...(runAsAccountId ? { runAsAccountId } : {}),
  };
}

/** Re-runs the rules over fresh reads: the site may have changed since preview. */
async function validateLive(inputs: ReprotectionPolicyInputs): Promise<void> {
  const site = await getLiveSite();
  site.clear();
  const raw = inputs as unknown as Record<string, unknown>;
  const live = await readReprotectionSite(site, raw, new Date(waitClock().now()));
  const blocking = reprotectionFindings(raw, live.facts, live.names).filter(
    (entry) => entry.severity === "block",
  );
  const messages = [
    ...live.failures.map((failure) => failure.reason),
    ...blocking.map((entry) => entry.message),
  ];
  if (messages.length > 0) throw new PrerequisiteError(blocking, messages.join("\n"));
}

async function create(news: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(news));
  return inLifecycle("creating", `reprotection policy ${inputs.policyName}`, async () => {
    await validateLive(inputs);
    const client = await getAsrClient();
    const containerName = await containerNameOf(inputs);
    // Idempotent: create is a PUT, and an existing mapping of the same name is kept.
    const policy = await client.createPolicy(inputs.policyName, policyProviderInput(inputs));
    const existing = await client.getContainerMapping(
      inputs.fabricName,
      containerName,
      mappingNameOf(inputs),
    );
    if (!existing) {
      await client.createContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs), {
        policyId: policy.id ?? inputs.policyName,
        targetProtectionContainerId: AZURE_CONTAINER,
      });
    }
    const outs = await resolveOutputs(inputs, containerName);
    return { id: outs.policyId, outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

function pickInputs(props: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(ReprotectionPolicyInputs.shape);
  return Object.fromEntries(Object.entries(props).filter(([key]) => keys.includes(key)));
}

async function read(_id: string, props: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(props));
  return inLifecycle("reading", `reprotection policy ${inputs.policyName}`, async () => {
    const client = await getAsrClient();
    const policy = await client.getPolicy(inputs.policyName);
    if (!policy) return { id: "", props: {} };
    const details = (policy.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
    const containerName = String(props["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    const mapping = await client.getContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs));
    // A policy without its mapping does not fail anything back: treat it as gone, up re-creates both.
    if (!mapping) return { id: "", props: {} };
    const live: ReprotectionPolicyInputs = {
      ...inputs,
      ...(typeof details["recoveryPointThresholdInMinutes"] === "number"
        ? { recoveryPointThresholdInMinutes: details["recoveryPointThresholdInMinutes"] as number }
        : {}),
      ...(typeof details["appConsistentFrequencyInMinutes"] === "number"
        ? { appConsistentFrequencyInMinutes: details["appConsistentFrequencyInMinutes"] as number }
        : {}),
      ...(typeof details["recoveryPointHistory"] === "number"
        ? { recoveryPointHistoryInMinutes: details["recoveryPointHistory"] as number }
        : {}),
      ...(typeof details["multiVmSyncStatus"] === "string"
        ? { multiVmConsistency: details["multiVmSyncStatus"] === "Enable" }
        : {}),
    };
    const outs = await resolveOutputs(live, containerName);
    return { id: outs.policyId, props: outs };
  });
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

async function update(_id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(news));
  return inLifecycle("updating", `reprotection policy ${inputs.policyName}`, async () => {
    await validateLive(inputs);
    const client = await getAsrClient();
    await client.updatePolicy(inputs.policyName, policyProviderInput(inputs));
    const containerName = String(olds["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    return { outs: await resolveOutputs(inputs, containerName) };
  });
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

async function deletePolicy(_id: string, props: Record<string, unknown>) {
  const inputs = ReprotectionPolicyInputs.parse(pickInputs(props));
  await inLifecycle("deleting", `reprotection policy ${inputs.policyName}`, async () => {
    const client = await getAsrClient();
    const containerName = String(props["resolvedProtectionContainerName"] ?? (await containerNameOf(inputs)));
    // The mapping first: Site Recovery refuses to delete a policy that a mapping uses.
    if (await client.getContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs))) {
      await unlessGone(
        client.deleteContainerMapping(inputs.fabricName, containerName, mappingNameOf(inputs)),
      );
    }
    if (await client.getPolicy(inputs.policyName)) await unlessGone(client.deletePolicy(inputs.policyName));
  });
}

/** Awaits a delete; an object that vanished between the read and the delete (404) counts as deleted. */
async function unlessGone(deletion: Promise<void>): Promise<void> {
  try {
    await deletion;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

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
  declare readonly hyperV: pulumi.Output<z.infer<typeof HyperVReprotectSettings> | undefined>;

  constructor(name: string, args: ReprotectionPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("ReprotectionPolicy"),
      name,
      {
        ...args,
        // The encryption certificate sits inside hyperV, so the whole object is stored as a secret.
        ...(args.hyperV !== undefined ? { hyperV: pulumi.secret(args.hyperV) } : {}),
        policyId: undefined,
        mappingId: undefined,
        resolvedProtectionContainerName: undefined,
        masterTargetName: undefined,
        processServerName: undefined,
        runAsAccountId: undefined,
      },
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "hyperV"],
      },
      RESOURCE_MODULE,
      "ReprotectionPolicy",
    );
  }
}
