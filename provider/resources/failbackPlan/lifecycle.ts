/**
 * FailbackPlan diff, create, read, update and delete. Create and update drive the items stage by
 * stage from where they stand (a rerun resumes); read reports the real stage; delete only forgets.
 */

import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type * as pulumi from "@pulumi/pulumi";
import type { AsrClient } from "../../client";
import { serviceNow } from "../../client";
import { getAsrClient, getProviderSettings } from "../../config";
import { FailbackPlanInitError } from "../../errors";
import {
  itemFacts,
  LiveSite,
  readModernizedSite,
  readPlanItems,
  resolveItems,
  vaultItemsChanged,
} from "../../site";
import { classifyItem } from "../../stageModel";
import { runFailback } from "../../stages/machine";
import { plannedSteps } from "../../stages/plannedSteps";
import { stepSummaries } from "../../stages/summary";
import { MS_PER_MINUTE, waitClock } from "../../waits";
import { diffInputs, pickInputs, reportProgress, reportWarning, withoutProviderKey } from "../common";
import { completeFailoverWarning } from "./completeFailover";
import { alternateRecoveryProviderOf } from "./hyperVDestination";
import { type ChosenReprotectAgent, chooseReprotectAgent } from "./modernized";
import { itemStatusOf, leastStage, mergeTimeline, planId, postFailbackTasks } from "./outputs";
import {
  DERIVED_INPUT_KEYS,
  FAILBACK_PLAN_REPLACE_ON_CHANGES,
  FailbackPlanArgs,
  MIN_WAIT_INTERVAL_IN_MS,
  NON_DIFFING_KEYS,
} from "./schema";
import { runSpec } from "./spec";

type Raw = Record<string, unknown>;

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

/**
 * The modernized reprotect agent: the declared ID, else the appliance with the declared name, read
 * fresh (the check cache may predate the appliance's registration).
 */
async function reprotectAgentOf(
  client: AsrClient,
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
): Promise<ChosenReprotectAgent> {
  const modernized = args.modernized;
  if (!modernized) return {};
  const facts = items.map(itemFacts);
  const site = await readModernizedSite(new LiveSite(client), facts, [], serviceNow);
  return chooseReprotectAgent(modernized, site.replicationAppliances ?? []);
}

/** The plan's name in messages: the resource's own name, else its recovery plan's. */
function planLabel(inputs: Raw): string {
  return String(inputs["resourceName"] ?? inputs["recoveryPlanName"] ?? "plan");
}

/**
 * Drives the items to the target stage and returns the outputs (throws an init error on failure).
 * The items change under it, so a check that follows in this process must not use a list of them
 * read before (see `vaultItemsForCheck`).
 */
async function drive(
  name: string,
  inputs: Raw,
  previous: Raw | undefined,
): Promise<{ id: string; outs: Raw }> {
  vaultItemsChanged();
  try {
    return await driveItems(name, inputs, previous);
  } finally {
    vaultItemsChanged();
  }
}

async function driveItems(
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
  const planned = runSpec(name, args, items, await reprotectAgentOf(client, args, items));
  const alternateProviderId = await alternateRecoveryProviderOf(client, args, items);
  const spec =
    alternateProviderId !== undefined && planned.hyperV
      ? { ...planned, hyperV: { ...planned.hyperV, providerIdForAlternateRecovery: alternateProviderId } }
      : planned;
  const interval = Math.max(MIN_WAIT_INTERVAL_IN_MS, getProviderSettings().pollIntervalInMs);
  const abortSignal = AbortSignal.timeout(args.timeoutInMinutes * MS_PER_MINUTE);
  const result = await runFailback(client, spec, {
    abortSignal,
    pollIntervalInMs: interval,
    clock: waitClock(),
    agentRetryDelayInMs: Math.max(interval * 10, 100),
    onProgress: (line) => reportProgress(`failback plan ${name}`, line),
  });
  for (const line of stepSummaries(result.timeline)) reportProgress(`failback plan ${name}`, line);
  // The item list is read once more so outputs show every item, including untouched ones.
  const after = await client.listProtectedItems();
  const finalItems = resolveItems(
    args,
    items.map((item) => item.id ?? ""),
    after,
  ).found;
  const finalPositions = finalItems.map((item) => classifyItem(args.flavor, item));
  const statuses = finalPositions.map(itemStatusOf);
  const stage = leastStage(statuses);
  const warnings = [
    ...(result.awaitingCompleteFailover.length > 0
      ? [completeFailoverWarning(result.awaitingCompleteFailover, stage, args.targetStage)]
      : []),
  ];
  const outs: Raw = {
    ...inputs,
    stage,
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
  return drive(planLabel(inputs), inputs, undefined);
}

// ---------------------------------------------------------------------------------------------
// Read
// ---------------------------------------------------------------------------------------------

/** Reports the real stage of every item (someone may have acted in the portal). */
export async function readFailbackPlan(id: string, props: Raw): Promise<pulumi.dynamic.ReadResult> {
  const parsed = FailbackPlanArgs.safeParse(pickInputs(FailbackPlanArgs, props));
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
  const { outs } = await drive(planLabel(news), news, olds);
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
  const parsed = FailbackPlanArgs.safeParse(pickInputs(FailbackPlanArgs, props));
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
