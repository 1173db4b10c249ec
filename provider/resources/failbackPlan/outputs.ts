/**
 * FailbackPlan outputs: the plan's ID, where each item stands, the least advanced stage, the
 * timeline across runs and the tasks left for people after failback.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { runRules } from "../../rules/catalogue";
import { itemFacts } from "../../site";
import { type ItemPosition, itemStageOrder, stageRank, targetItemStage } from "../../stageModel";
import type { TimelineEntry } from "../../stages/types";
import type { FailbackPlanArgs, ItemStatus } from "./schema";

/** The resource ID: the recovery plan, or the sorted item references. */
export function planId(args: FailbackPlanArgs): string {
  return args.recoveryPlanName !== undefined
    ? `recoveryPlan/${args.recoveryPlanName}`
    : `items/${[...(args.items ?? [])].sort().join("+")}`;
}

/** The `itemStatus` entry of an item. */
export function itemStatusOf(position: ItemPosition): ItemStatus {
  return {
    name: position.name,
    stage: position.stage,
    protectionState: position.protectionState,
    ...(position.replicationHealth !== undefined ? { replicationHealth: position.replicationHealth } : {}),
    ...(position.runningJob ? { runningJob: position.runningJob.jobId.split("/").pop()! } : {}),
    ...(position.problem ? { problem: position.problem } : {}),
  };
}

/** The least advanced stage of all items (`none` without items). */
export function leastStage(statuses: readonly ItemStatus[]): string {
  const ranks = statuses.map((status) =>
    itemStageOrder.indexOf(status.stage as (typeof itemStageOrder)[number]),
  );
  return ranks.length === 0 ? "none" : (itemStageOrder[Math.min(...ranks)] ?? "none");
}

/** The timeline of earlier runs with this run's entries added (a job's entry replaced). */
export function mergeTimeline(previous: unknown, next: readonly TimelineEntry[]): TimelineEntry[] {
  const entries = Array.isArray(previous) ? (previous as TimelineEntry[]) : [];
  const byKey = new Map(entries.map((entry) => [`${entry.step}:${entry.jobName}`, entry]));
  for (const entry of next) byKey.set(`${entry.step}:${entry.jobName}`, entry);
  return [...byKey.values()];
}

/** FO-03 / FO-06 tasks for people once the items are failed over (VMware and physical). */
export function postFailbackTasks(
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
): string[] {
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
