/**
 * FailbackPlan: drives protected items (or a recovery plan) from Azure back to the site, stage by
 * stage, up to `targetStage`; `pulumi preview --diff` shows the steps `up` will take.
 *
 * Order: schema → types → check → diff → create → read → update → delete.
 */
import type { RecoveryPlan, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { AsrClient } from "../client";
import { getAsrClient, getProviderSettings } from "../config";
import { FailbackPlanInitError } from "../errors";
import { runRules } from "../rules/catalogue";
import type { DeclaredInputs, Finding, PlannedOperation, SiteFacts } from "../rules/types";
import { itemFacts } from "../site/facts";
import {
  classifyItem,
  type ItemPosition,
  itemStageOrder,
  stageRank,
  stepsBetween,
  targetItemStage,
  targetStagesOf,
} from "../stageModel";
import { estimatePlan } from "../stages/estimate";
import { type RunResult, runFailback } from "../stages/machine";
import { plannedSteps } from "../stages/plannedSteps";
import type { TimelineEntry } from "../stages/types";
import {
  containsUnknown,
  defineResourceImplementation,
  diffInputs,
  MS_PER_MINUTE,
  RESOURCE_MODULE,
  reportProgress,
  reportWarning,
  resourceProvider,
  runCheck,
  waitClock,
  withoutProviderKey,
} from "./common";
import { resolveItems, runSpec } from "./failbackPlan/spec";

/** Default limit of a whole `up` of the plan, in minutes (jobs keep running after it). */
export const DEFAULT_TIMEOUT_IN_MINUTES = 24 * 60;
/** Default number of items driven at once. */
export const DEFAULT_MAX_CONCURRENCY = 50;
/** Smallest interval between reads while waiting, so a zero poll interval cannot spin. */
export const MIN_WAIT_INTERVAL_IN_MS = 10;

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Reprotect settings (from a ReprotectionPolicy's `reprotectSettings`, or literal values). */
export const ReprotectionInput = z.strictObject({
  /** Failback (InMage) policy ARM ID or name. */
  policyId: z.string().min(1),
  /** Master target ID as the configuration server reports it. */
  masterTargetId: z.string().min(1),
  /** Process server ID (the process server in Azure). */
  processServerId: z.string().min(1),
  /** Retention volume of the master target (MT-06). */
  retentionDrive: z.string().min(1),
  /** Datastore of the master target's host (MT-06/07); needed for alternate location. */
  datastoreName: z.string().min(1).optional(),
  /** Run-as account ID. */
  runAsAccountId: z.string().min(1).optional(),
  /** Master target name, for messages. */
  masterTargetName: z.string().min(1).optional(),
  /** Process server name, for messages. */
  processServerName: z.string().min(1).optional(),
  /** Original or alternate location (LOC-03, LOC-04). */
  recoveryLocation: z.enum(["original", "alternate"]).optional(),
  /** Multi-VM consistency of the failback policy (FO-02). */
  multiVmConsistency: z.boolean().optional(),
});

/** Settings of the reprotect back to Azure after commit. */
export const ReprotectToAzureInput = z.strictObject({
  /** On-premises process server (default: the reprotection's process server). */
  processServerId: z.string().min(1).optional(),
  policyId: z.string().min(1).optional(),
  storageAccountId: z.string().min(1).optional(),
  runAsAccountId: z.string().min(1).optional(),
  masterTargetId: z.string().min(1).optional(),
});

/** Hyper-V failback settings (HV-04, HV-06). */
export const HyperVInput = z.strictObject({
  /** Sync before failover (deltas; the job suspends until "complete failover") or during failover. */
  dataSyncOption: z.enum(["syncBeforeFailover", "syncDuringFailover"]).default("syncBeforeFailover"),
  /** `automatic`: complete the failover as soon as the sync is done; `manual`: stop and wait. */
  completeFailover: z.enum(["automatic", "manual"]).default("automatic"),
  /** Create the on-premises VM when it does not exist (alternate location). */
  createVmIfNotFound: z.boolean().default(false),
  /** Hyper-V site provider for alternate-location recovery. */
  providerIdForAlternateRecovery: z.string().min(1).optional(),
});

/** The link to the site, for the duration estimate (HV-08). */
export const LinkInput = z.strictObject({
  bandwidthInMbps: z.number().positive(),
  checksumRateInGigabytesPerMinute: z.number().positive().optional(),
});

const targetStages = ["reprotected", "failedOver", "committed", "protectedToAzure"] as const;

/** FailbackPlan inputs. */
export const FailbackPlanArgs = z
  .strictObject({
    /** Kind of site: `vmware`, `physical` (P2A2V) or `hyperv`. */
    flavor: z.enum(["vmware", "physical", "hyperv"]),
    /** Protected items (names or ARM IDs). Either this or `recoveryPlanName`. */
    items: z.array(z.string().min(1)).min(1).optional(),
    /** Recovery plan: its items, with plan-level failover and commit where allowed. */
    recoveryPlanName: z.string().min(1).optional(),
    /** How far `up` takes the items. */
    targetStage: z.enum(targetStages),
    /** Recovery point of the failover back (FO-02). */
    recoveryPointType: z
      .enum(["latest", "latestProcessed", "latestApplicationConsistent", "latestCrashConsistent"])
      .default("latestProcessed"),
    /** Replication groups fail over together at a common point (FO-02). */
    useMultiVmSyncPoint: z.boolean().default(false),
    /** Reprotect settings (VMware and physical). */
    reprotection: ReprotectionInput.optional(),
    /** Reprotect to Azure after commit. */
    reprotectToAzure: ReprotectToAzureInput.optional(),
    /** Hyper-V settings. */
    hyperV: HyperVInput.default({
      dataSyncOption: "syncBeforeFailover",
      completeFailover: "automatic",
      createVmIfNotFound: false,
    }),
    /** Link facts for the estimate. */
    link: LinkInput.optional(),
    /** Items driven at once. */
    maxConcurrency: z.number().int().positive().max(500).default(DEFAULT_MAX_CONCURRENCY),
    /** Give up waiting after this many minutes; running jobs are left running. */
    timeoutInMinutes: z.number().int().positive().default(DEFAULT_TIMEOUT_IN_MINUTES),
  })
  .refine((args) => (args.items === undefined) !== (args.recoveryPlanName === undefined), {
    path: ["items"],
    message: "give either items or recoveryPlanName (exactly one)",
  })
  .refine((args) => args.flavor === "hyperv" || args.reprotection !== undefined, {
    path: ["reprotection"],
    message:
      "VMware and physical failback needs reprotection settings (pass a ReprotectionPolicy's reprotectSettings)",
  })
  .refine((args) => targetStagesOf(args.flavor).includes(args.targetStage), {
    path: ["targetStage"],
    message:
      'Hyper-V failback has no reprotect before failover; use "failedOver", "committed" or "protectedToAzure"',
  })
  .refine((args) => args.flavor !== "physical" || args.reprotection?.datastoreName !== undefined, {
    path: ["reprotection", "datastoreName"],
    message:
      "physical servers fail back only as VMware VMs to an alternate location (LOC-04); name the VMFS datastore",
  });
/** Validated FailbackPlan inputs. */
export type FailbackPlanArgs = z.output<typeof FailbackPlanArgs>;

/** Inputs whose change forces a new plan (another vault object entirely). */
export const FAILBACK_PLAN_REPLACE_ON_CHANGES = ["flavor", "recoveryPlanName"] as const;

/** Read-only inputs `check` derives for reviewers; never set them. */
export const DERIVED_INPUT_KEYS = ["plannedSteps", "estimate"] as const;

/**
 * Inputs that never make a diff on their own: tuning of how the provider waits, and the estimate
 * (it follows `plannedSteps`, which does).
 */
const NON_DIFFING_KEYS = ["maxConcurrency", "timeoutInMinutes", "estimate"] as const;

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** Where one item stands (output). */
export interface ItemStatus {
  readonly name: string;
  readonly stage: string;
  readonly protectionState: string;
  readonly replicationHealth?: string;
  readonly runningJob?: string;
  readonly problem?: string;
}

/** FailbackPlan outputs (besides the inputs). */
export interface FailbackPlanOutputs {
  /** The least advanced stage of all items. */
  readonly stage: string;
  readonly itemStatus: ItemStatus[];
  readonly timeline: TimelineEntry[];
  readonly recoveryPointsUsed: RunResult["recoveryPoints"];
  /** FO-03, FO-06 tasks for people after failback. */
  readonly postFailbackTasks: string[];
  readonly warnings: string[];
  /** Items whose Hyper-V failback waits for "complete failover". */
  readonly awaitingCompleteFailover: string[];
}

type Raw = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Check
// ---------------------------------------------------------------------------------------------

/** The items a plan names, read from the vault (one list call; the plan when a recovery plan). */
async function readPlanItems(
  client: AsrClient,
  args: FailbackPlanArgs,
): Promise<{ items: ReplicationProtectedItem[]; missing: string[]; plan?: RecoveryPlan }> {
  let plan: RecoveryPlan | undefined;
  let planItemIds: string[] | undefined;
  if (args.recoveryPlanName !== undefined) {
    plan = await client.getRecoveryPlan(args.recoveryPlanName);
    if (!plan) return { items: [], missing: [`recovery plan ${args.recoveryPlanName}`] };
    planItemIds = (plan.properties?.groups ?? []).flatMap((group) =>
      (group.replicationProtectedItems ?? []).map((entry) => entry.id ?? "").filter((id) => id.length > 0),
    );
  }
  const vaultItems = await client.listProtectedItems();
  const { found, missing } = resolveItems(args, planItemIds, vaultItems);
  return { items: found, missing, ...(plan ? { plan } : {}) };
}

function declaredInputs(name: string, args: FailbackPlanArgs, itemNames: readonly string[]): DeclaredInputs {
  const reprotection = args.reprotection;
  return {
    flavor: args.flavor,
    ...(reprotection
      ? {
          reprotection: {
            ...(reprotection.masterTargetName ? { masterTargetName: reprotection.masterTargetName } : {}),
            ...(reprotection.processServerName ? { processServerName: reprotection.processServerName } : {}),
            retentionDrive: reprotection.retentionDrive,
            ...(reprotection.datastoreName ? { datastoreName: reprotection.datastoreName } : {}),
            ...(reprotection.recoveryLocation ? { recoveryLocation: reprotection.recoveryLocation } : {}),
            ...(reprotection.multiVmConsistency !== undefined
              ? { multiVmConsistency: reprotection.multiVmConsistency }
              : {}),
          },
        }
      : {}),
    failbackPlan: {
      name: args.recoveryPlanName ?? name,
      items: itemNames,
      recoveryPointType: args.recoveryPointType,
      targetStage: args.targetStage,
      usesReplicationGroup: args.useMultiVmSyncPoint,
      failoverType: args.flavor === "hyperv" ? "planned" : "unplanned",
    },
  };
}

/** What the next step is, for step-bound rules. */
function nextOperation(
  args: FailbackPlanArgs,
  positions: readonly ItemPosition[],
): PlannedOperation | undefined {
  const kinds = positions.flatMap((position) =>
    stepsBetween(args.flavor, position.stage, targetItemStage[args.targetStage]).map((step) => step.kind),
  );
  if (kinds.includes("reprotect")) return { kind: "reprotect" };
  if (kinds.includes("failover")) return { kind: "failover" };
  if (kinds.includes("commit")) return { kind: "commit" };
  if (kinds.includes("reprotectToAzure")) return { kind: "reprotectToAzure" };
  return undefined;
}

/** Preflight: every applicable rule over every item, from live facts (reported together). */
async function preflightFindings(
  client: AsrClient,
  name: string,
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
  positions: readonly ItemPosition[],
): Promise<Finding[]> {
  const operation = nextOperation(args, positions);
  const itemFactsList = await Promise.all(
    items.map(async (item) => {
      const facts = itemFacts(item);
      if (operation?.kind !== "failover") return facts;
      // RP-06 needs the recovery points; read them only when the failover is next.
      const points = await client.listRecoveryPoints(item.id ?? item.name ?? "");
      return {
        ...facts,
        recoveryPoints: points.map((point) => ({
          type: /application/i.test(point.properties?.recoveryPointType ?? "")
            ? ("applicationConsistent" as const)
            : ("crashConsistent" as const),
        })),
      };
    }),
  );
  const site: SiteFacts = { protectedItems: itemFactsList };
  const context = {
    inputs: declaredInputs(
      name,
      args,
      items.map((item) => itemFacts(item).name),
    ),
    site,
    ...(operation ? { operation } : {}),
  };
  return runRules(context);
}

/** Positions past the target: moving back is refused (a committed failback cannot be undone). */
function backwardsFailures(args: FailbackPlanArgs, positions: readonly ItemPosition[]): string[] {
  const target = targetItemStage[args.targetStage];
  return positions
    .filter((position) => stageRank(position.stage) > stageRank(target))
    .map(
      (position) =>
        `vm ${position.name} is already ${position.stage}, past targetStage ${args.targetStage}; Site Recovery cannot move an item back (a failover that ran or was committed cannot be undone), so set targetStage to ${position.stage} or later`,
    );
}

/** Inputs that decide which items move, how far and how: they must be known to plan. */
const PLAN_SHAPING_KEYS = [
  "flavor",
  "items",
  "recoveryPlanName",
  "targetStage",
  "recoveryPointType",
  "useMultiVmSyncPoint",
  "hyperV",
  "link",
] as const;

/** Shown in planned steps for an ID that is known only once the topology is created. */
export const UNKNOWN_ID_PLACEHOLDER = "(known after the topology is created)";

/** The arguments with unknown reprotect settings replaced by a readable placeholder. */
function withUnknownIdsNamed(args: FailbackPlanArgs): FailbackPlanArgs {
  const name = <T extends Record<string, unknown> | undefined>(settings: T): T =>
    settings &&
    (Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [
        key,
        containsUnknown(value) ? UNKNOWN_ID_PLACEHOLDER : value,
      ]),
    ) as T);
  return { ...args, reprotection: name(args.reprotection), reprotectToAzure: name(args.reprotectToAzure) };
}

/** Validates the inputs, checks the live site, and derives `plannedSteps` and `estimate`. */
export async function checkFailbackPlan(olds: Raw, news: Raw): Promise<pulumi.dynamic.CheckResult> {
  const raw = Object.fromEntries(
    Object.entries(withoutProviderKey(news)).filter(
      ([key]) => !(DERIVED_INPUT_KEYS as readonly string[]).includes(key),
    ),
  );
  let derived: { plannedSteps: string[]; estimate: string } | undefined;
  const result = await runCheck(
    {
      schema: FailbackPlanArgs,
      findingPaths: {
        prefix: "failbackPlan",
        renames: { "failbackPlan.recoveryPointType": "recoveryPointType" },
      },
      liveFindings: async (inputs, validated) => {
        let parsed = validated;
        // IDs of a topology created in the same update are unknown in its first preview; the
        // plan can still be shown and checked as long as the inputs that shape it are known.
        if (!parsed || PLAN_SHAPING_KEYS.some((key) => containsUnknown(inputs[key]))) return { findings: [] };
        parsed = withUnknownIdsNamed(parsed);
        const client = await getAsrClient();
        const name = typeof olds["recoveryPlanName"] === "string" ? String(olds["recoveryPlanName"]) : "plan";
        const { items, missing } = await readPlanItems(client, parsed);
        const failures: pulumi.dynamic.CheckFailure[] = missing.map((reference) => ({
          property: parsed.recoveryPlanName ? "recoveryPlanName" : "items",
          reason: `${reference} is not a protected item of the vault; check the name`,
        }));
        const positions = items.map((item) => classifyItem(parsed.flavor, item));
        for (const position of positions) {
          if (position.problem && !position.runningJob)
            failures.push({ property: "items", reason: `vm ${position.name} ${position.problem}` });
        }
        for (const reason of backwardsFailures(parsed, positions))
          failures.push({ property: "targetStage", reason });
        const findings =
          failures.length > 0 ? [] : await preflightFindings(client, name, parsed, items, positions);
        const spec = runSpec(name, parsed, items);
        const toMove = items.filter(
          (_, index) => stageRank(positions[index]!.stage) < stageRank("failedOver"),
        );
        const estimate = estimatePlan({
          flavor: parsed.flavor,
          items: toMove,
          fullDownload:
            parsed.flavor === "hyperv"
              ? parsed.hyperV.dataSyncOption === "syncDuringFailover"
              : parsed.flavor === "physical" || parsed.reprotection?.recoveryLocation === "alternate",
          ...(parsed.link ? { bandwidthInMbps: parsed.link.bandwidthInMbps } : {}),
          ...(parsed.link?.checksumRateInGigabytesPerMinute !== undefined
            ? { checksumRateInGigabytesPerMinute: parsed.link.checksumRateInGigabytesPerMinute }
            : {}),
        });
        derived = { plannedSteps: plannedSteps(spec, positions), estimate: estimate.summary };
        return { findings, failures };
      },
    },
    raw,
  );
  const inputs = { ...(result.inputs as Raw) };
  if (derived) {
    // What remains from where the items stand now. A run's outputs record what remained when it
    // ended, so a converged stack shows no diff and a run that stopped short of the target (a
    // job suspended for "complete failover", an interruption) shows one until it gets there.
    inputs["plannedSteps"] = derived.plannedSteps;
    inputs["estimate"] = derived.estimate;
  }
  return { ...result, inputs };
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

const inputKeys = [...Object.keys(FailbackPlanArgs.shape ?? {}), ...DERIVED_INPUT_KEYS];

/** Changes of declared and derived inputs; `flavor` and `recoveryPlanName` force a new plan. */
export async function diffFailbackPlan(
  _id: string,
  olds: Raw,
  news: Raw,
): Promise<pulumi.dynamic.DiffResult> {
  return diffInputs(olds, news, {
    inputKeys,
    replaceOnChanges: FAILBACK_PLAN_REPLACE_ON_CHANGES,
    ignore: NON_DIFFING_KEYS,
  });
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

function planId(args: FailbackPlanArgs): string {
  return args.recoveryPlanName !== undefined
    ? `recoveryPlan/${args.recoveryPlanName}`
    : `items/${[...(args.items ?? [])].sort().join("+")}`;
}

function itemStatusOf(position: ItemPosition): ItemStatus {
  return {
    name: position.name,
    stage: position.stage,
    protectionState: position.protectionState,
    ...(position.replicationHealth !== undefined ? { replicationHealth: position.replicationHealth } : {}),
    ...(position.runningJob ? { runningJob: position.runningJob.jobId.split("/").pop()! } : {}),
    ...(position.problem ? { problem: position.problem } : {}),
  };
}

function leastStage(statuses: readonly ItemStatus[]): string {
  const ranks = statuses.map((status) =>
    itemStageOrder.indexOf(status.stage as (typeof itemStageOrder)[number]),
  );
  return ranks.length === 0 ? "none" : (itemStageOrder[Math.min(...ranks)] ?? "none");
}

function mergeTimeline(previous: unknown, next: readonly TimelineEntry[]): TimelineEntry[] {
  const entries = Array.isArray(previous) ? (previous as TimelineEntry[]) : [];
  const byKey = new Map(entries.map((entry) => [`${entry.step}:${entry.jobName}`, entry]));
  for (const entry of next) byKey.set(`${entry.step}:${entry.jobName}`, entry);
  return [...byKey.values()];
}

function postFailbackTasks(args: FailbackPlanArgs, items: readonly ReplicationProtectedItem[]): string[] {
  if (args.flavor === "hyperv" || stageRank(targetItemStage[args.targetStage]) < stageRank("failedOver"))
    return [];
  return runRules(
    {
      inputs: { flavor: args.flavor },
      site: { protectedItems: items.map(itemFacts) },
      operation: { kind: "failover" },
    },
    { ids: ["FO-03", "FO-06"] },
  ).map((finding) => finding.message);
}

/** Drives the items to the target stage and returns the outputs (throws an init error on failure). */
async function drive(
  name: string,
  inputs: Raw,
  previous: Raw | undefined,
): Promise<{ id: string; outs: Raw }> {
  const args = FailbackPlanArgs.parse(
    withoutProviderKey(
      Object.fromEntries(
        Object.entries(inputs).filter(([key]) => !(DERIVED_INPUT_KEYS as readonly string[]).includes(key)),
      ),
    ),
  );
  const id = planId(args);
  const client = await getAsrClient();
  const { items, missing } = await readPlanItems(client, args);
  if (missing.length > 0)
    throw new Error(`failback plan ${name}: ${missing.join(", ")} not found in the vault; check the names`);
  const spec = runSpec(name, args, items);
  const interval = Math.max(MIN_WAIT_INTERVAL_IN_MS, getProviderSettings().pollIntervalInMs);
  const abortSignal = AbortSignal.timeout(args.timeoutInMinutes * MS_PER_MINUTE);
  const result = await runFailback(client, spec, {
    abortSignal,
    pollIntervalInMs: interval,
    clock: waitClock(),
    agentRetryDelayInMs: Math.max(interval * 10, 100),
    onProgress: (line) => reportProgress(`failback plan ${spec.planName}`, line),
  });
  // The item list is read once more so outputs show every item, including untouched ones.
  const after = await client.listProtectedItems();
  const finalItems = resolveItems(
    args,
    items.map((item) => item.id ?? ""),
    after,
  ).found;
  const finalPositions = finalItems.map((item) => classifyItem(args.flavor, item));
  const statuses = finalPositions.map(itemStatusOf);
  const warnings = [
    ...(result.awaitingCompleteFailover.length > 0
      ? [
          `HV-04: ${result.awaitingCompleteFailover.join(", ")} synced and wait for "complete failover"; set hyperV.completeFailover to "automatic" and run up again`,
        ]
      : []),
  ];
  const outs: Raw = {
    ...inputs,
    stage: leastStage(statuses),
    itemStatus: statuses,
    plannedSteps: plannedSteps(spec, finalPositions),
    timeline: mergeTimeline(previous?.["timeline"], result.timeline),
    recoveryPointsUsed: [
      ...(Array.isArray(previous?.["recoveryPointsUsed"])
        ? (previous["recoveryPointsUsed"] as unknown[])
        : []),
      ...result.recoveryPoints,
    ],
    postFailbackTasks: postFailbackTasks(args, finalItems),
    warnings,
    awaitingCompleteFailover: result.awaitingCompleteFailover,
  };
  if (result.failures.length > 0) {
    const running = statuses.filter((status) => status.runningJob);
    const reasons = result.failures.map((failure) => failure.message);
    const timedOut = abortSignal.aborted;
    const message = [
      `failback plan ${spec.planName}: ${result.failures.length} failure${result.failures.length === 1 ? "" : "s"}${timedOut ? ` (timed out after ${args.timeoutInMinutes} minutes)` : ""}:`,
      ...reasons.map((reason) => `  ${reason}`),
      running.length > 0
        ? `jobs left running (nothing was cancelled): ${running.map((status) => `${status.runningJob} on ${status.name}`).join(", ")}`
        : "",
      "run pulumi up again to continue from where the items stand",
    ]
      .filter((line) => line.length > 0)
      .join("\n");
    throw new FailbackPlanInitError(message, id, { ...outs, __provider: inputs["__provider"] }, reasons);
  }
  return { id, outs };
}

/** Creates the plan: drives the items from where they stand (idempotent: a rerun resumes). */
export async function createFailbackPlan(inputs: Raw): Promise<pulumi.dynamic.CreateResult> {
  const name = String(inputs["recoveryPlanName"] ?? "plan");
  return drive(name, inputs, undefined);
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

/** Reports the real stage of every item (someone may have acted in the portal). */
export async function readFailbackPlan(id: string, props: Raw): Promise<pulumi.dynamic.ReadResult> {
  const parsed = FailbackPlanArgs.safeParse(
    Object.fromEntries(
      Object.entries(withoutProviderKey(props)).filter(([key]) => key in (FailbackPlanArgs.shape ?? {})),
    ),
  );
  if (!parsed.success) return { id, props };
  const client = await getAsrClient();
  const { items } = await readPlanItems(client, parsed.data);
  const statuses = items.map((item) => itemStatusOf(classifyItem(parsed.data.flavor, item)));
  return { id, props: { ...props, itemStatus: statuses, stage: leastStage(statuses) } };
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

/** Drives the items on to the (new) target stage, resuming from the live state. */
export async function updateFailbackPlan(
  _id: string,
  olds: Raw,
  news: Raw,
): Promise<pulumi.dynamic.UpdateResult> {
  const name = String(news["recoveryPlanName"] ?? "plan");
  const { outs } = await drive(name, news, olds);
  return { outs };
}

// ---------------------------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------------------------

/**
 * Forgets the plan. Never disables protection, cancels or rolls anything back (HV-07): failback
 * state lives in Site Recovery, and the deletion says what is still running there.
 */
export async function deleteFailbackPlan(_id: string, props: Raw): Promise<void> {
  const parsed = FailbackPlanArgs.safeParse(
    Object.fromEntries(
      Object.entries(withoutProviderKey(props)).filter(([key]) => key in (FailbackPlanArgs.shape ?? {})),
    ),
  );
  if (!parsed.success) return;
  try {
    const client = await getAsrClient();
    const { items } = await readPlanItems(client, parsed.data);
    const running = items
      .map((item) => classifyItem(parsed.data.flavor, item))
      .filter((position) => position.runningJob);
    reportWarning(
      `failback plan ${parsed.data.recoveryPlanName ?? (parsed.data.items ?? []).join(", ")} forgotten; nothing was cancelled, rolled back or unprotected${
        running.length > 0
          ? `; still running in Site Recovery: ${running.map((position) => `${position.runningJob!.scenarioName} job ${position.runningJob!.jobId.split("/").pop()} on ${position.name}`).join(", ")}`
          : ""
      }`,
    );
  } catch (error) {
    reportWarning(
      `failback plan forgotten without reading its items (${error instanceof Error ? error.message : String(error)}); nothing was cancelled`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Resource class
// ---------------------------------------------------------------------------------------------

/**
 * `T` with every property, element and nested field allowed to be a `pulumi.Input`, so a
 * program can pass e.g. `reprotection: { policyId: policy.policyId, ... }`.
 */
export type DeepInput<T> = T extends string | number | boolean | undefined | null
  ? pulumi.Input<T>
  : T extends readonly (infer Element)[]
    ? pulumi.Input<DeepInput<Element>[]>
    : pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>;

/** Arguments of {@link FailbackPlan} (each may be an Output of another resource, at any depth). */
export type FailbackPlanResourceArgs = {
  [K in keyof z.input<typeof FailbackPlanArgs>]: DeepInput<z.input<typeof FailbackPlanArgs>[K]>;
};

/**
 * A failback plan: `pulumi up` drives the items stage by stage to `targetStage`; preview shows
 * `plannedSteps` and `estimate`; refresh reports the real stage; delete only forgets the plan.
 */
export class FailbackPlan extends pulumi.dynamic.Resource {
  /** What `up` will do, in words (derived by check). */
  declare readonly plannedSteps: pulumi.Output<string[]>;
  /** Data to move and duration estimate (HV-08). */
  declare readonly estimate: pulumi.Output<string>;
  /** Least advanced stage of all items. */
  declare readonly stage: pulumi.Output<string>;
  /** Stage and health per item. */
  declare readonly itemStatus: pulumi.Output<ItemStatus[]>;
  /** Jobs with start, end and duration. */
  declare readonly timeline: pulumi.Output<TimelineEntry[]>;
  /** Recovery point per item and its age (the data-loss window). */
  declare readonly recoveryPointsUsed: pulumi.Output<RunResult["recoveryPoints"]>;
  /** FO-03 / FO-06 tasks. */
  declare readonly postFailbackTasks: pulumi.Output<string[]>;
  declare readonly warnings: pulumi.Output<string[]>;
  declare readonly awaitingCompleteFailover: pulumi.Output<string[]>;

  constructor(name: string, args: FailbackPlanResourceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("FailbackPlan"),
      name,
      {
        ...args,
        plannedSteps: undefined,
        estimate: undefined,
        stage: undefined,
        itemStatus: undefined,
        timeline: undefined,
        recoveryPointsUsed: undefined,
        postFailbackTasks: undefined,
        warnings: undefined,
        awaitingCompleteFailover: undefined,
      },
      opts,
      RESOURCE_MODULE,
      "FailbackPlan",
    );
  }
}

/** The FailbackPlan implementation registered in `resourceProviders`. */
export const failbackPlanProvider = defineResourceImplementation({
  check: checkFailbackPlan,
  diff: diffFailbackPlan,
  create: createFailbackPlan,
  read: readFailbackPlan,
  update: updateFailbackPlan,
  delete: deleteFailbackPlan,
});
