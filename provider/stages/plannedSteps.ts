/**
 * The steps `pulumi up` will take, in words, for `pulumi preview --diff`: dynamic providers
 * cannot send a detailed diff, so `check` returns these as a read-only input that reviewers see.
 */

import type { RecoveryPointChoice } from "../rules/types";
import { type ItemPosition, type StepKind, stepsBetween, targetItemStage } from "../stageModel";
import type { FailbackRunSpec } from "./spec";

const pointWords: Record<RecoveryPointChoice, string> = {
  latest: "latest point",
  latestProcessed: "latest processed point",
  latestApplicationConsistent: "latest application-consistent point",
  latestCrashConsistent: "latest crash-consistent point",
};

function vms(count: number): string {
  return `${count} VM${count === 1 ? "" : "s"}`;
}

/** Describes one step over `count` items. */
function describe(spec: FailbackRunSpec, kind: StepKind, count: number): string {
  const planWide = spec.recoveryPlanName ? ` through recovery plan ${spec.recoveryPlanName}` : "";
  switch (kind) {
    case "reprotect": {
      const settings = spec.reprotect;
      const via = settings
        ? ` via ${settings.masterTargetName ?? settings.masterTargetId} / ${settings.processServerName ?? settings.processServerId} (retention ${settings.retentionDrive}${settings.datastoreName ? `, datastore ${settings.datastoreName}` : ""})`
        : "";
      return `reprotect ${vms(count)}${via}`;
    }
    case "awaitReplication":
      return `wait until ${vms(count)} replicate to the site, healthy, with a recovery point (RP-05, RP-06)`;
    case "failover":
      if (spec.flavor === "hyperv") {
        const sync =
          spec.hyperV?.dataSyncOption === "syncDuringFailover"
            ? "sync during failover (full download)"
            : `sync before failover, then ${spec.hyperV?.completeFailoverAutomatically === false ? 'wait for an explicit "complete failover"' : "complete failover automatically"}`;
        return `planned failover of ${vms(count)} to on-premises${planWide} with ${sync}`;
      }
      return `failover ${vms(count)} from Azure${planWide} at ${pointWords[spec.recoveryPointChoice]}${spec.useMultiVmSyncPoint ? " (replication groups at a common point)" : ""}; Site Recovery shuts the Azure VMs down`;
    case "completeFailover":
      return `complete failover of ${vms(count)}`;
    case "cancelFailover":
      return `cancel the planned failover of ${vms(count)} (MR-28): the Azure VMs start again and replication to the site resumes`;
    case "commit":
      return `commit ${vms(count)}${planWide}${spec.flavor === "hyperv" ? "" : "; removes the failed-over VMs from Azure"}`;
    case "reprotectToAzure":
      return spec.flavor === "hyperv"
        ? `reverse replication of ${vms(count)} to Azure`
        : `reprotect ${vms(count)} to Azure${spec.reprotectToAzure?.processServerId ? ` via ${spec.reprotectToAzure.processServerId}` : ""}`;
  }
}

/**
 * The planned steps from where the items stand, one line per step with the number of items
 * that still need it, plus a line per running job that will be awaited. Empty when every item
 * is at the target stage.
 */
export function plannedSteps(spec: FailbackRunSpec, positions: readonly ItemPosition[]): string[] {
  const target = targetItemStage[spec.targetStage];
  const counts = new Map<StepKind, number>();
  const order: StepKind[] = [];
  const lines: string[] = [];
  for (const position of positions) {
    if (position.runningJob) {
      lines.push(`await running ${position.runningJob.scenarioName} job of ${position.name}`);
    }
    for (const step of stepsBetween(spec.flavor, position.stage, target)) {
      if (!counts.has(step.kind)) order.push(step.kind);
      counts.set(step.kind, (counts.get(step.kind) ?? 0) + 1);
    }
  }
  const all = [
    "cancelFailover",
    "reprotect",
    "awaitReplication",
    "failover",
    "completeFailover",
    "commit",
    "reprotectToAzure",
  ];
  order.sort((left, right) => all.indexOf(left) - all.indexOf(right));
  return [...lines, ...order.map((kind) => describe(spec, kind, counts.get(kind)!))];
}
