/**
 * The steps `pulumi up` will take, in words, for `pulumi preview --diff`: dynamic providers
 * cannot send a detailed diff, so `check` returns these as a read-only input that reviewers see.
 */

import type { RecoveryPointChoice } from "../rules/types";
import {
  type ItemPosition,
  type ReplicationPath,
  replicationPathOf,
  type StepKind,
  stepsBetween,
  targetItemStage,
} from "../stageModel";
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

/** Describes one step of a modernized (replication appliance) item over `count` items. */
function describeModernized(spec: FailbackRunSpec, kind: StepKind, count: number): string {
  const settings = spec.modernized;
  switch (kind) {
    case "reprotect": {
      const reprotect = settings?.reprotect;
      const via = reprotect
        ? ` through replication appliance ${reprotect.applianceName ?? reprotect.reprotectAgentId} (datastore ${reprotect.datastoreName}, cache storage ${reprotect.logStorageAccountId.split("/").pop()})`
        : "";
      return `reprotect ${vms(count)}${via}`;
    }
    case "failover":
      return `planned failover of ${vms(count)} from Azure${spec.recoveryPlanName ? ` through recovery plan ${spec.recoveryPlanName}` : ""} at a ${settings?.recoveryPointType === "ApplicationConsistent" ? "new application-consistent" : "new crash-consistent"} point; Site Recovery copies pending changes, shuts the Azure VMs down and starts the on-premises VMs (can be cancelled until commit, MR-28)`;
    case "cancelFailover":
      return `cancel the planned failover of ${vms(count)} (MR-28): the Azure VMs start again and replication to the site resumes`;
    case "commit":
      return `commit ${vms(count)}; removes the failed-back VMs from Azure, after which the failover cannot be cancelled (MR-29)`;
    case "reprotectToAzure":
      return `reprotect ${vms(count)} to Azure${settings?.reprotectToAzure ? ` via appliance process server ${settings.reprotectToAzure.processServerId}` : ""}`;
    default:
      return describe(spec, kind, count);
  }
}

/**
 * Where Hyper-V VMs go, on a line of its own so the CLI's truncation of long strings never hides
 * it: the alternate host and its virtual switch, or the original hosts. A switch named without a
 * host still shows, since the VMs connect to a switch of that name wherever they land (HV-06).
 */
function hyperVDestination(spec: FailbackRunSpec): string {
  const settings = spec.hyperV;
  const creation = settings?.createVmIfNotFound ? " (VMs created when missing)" : "";
  const switchName = settings?.virtualSwitchName ? `, virtual switch ${settings.virtualSwitchName}` : "";
  const host = settings?.alternateHostName
    ? `alternate Hyper-V host ${settings.alternateHostName}`
    : "their original Hyper-V hosts";
  return `Hyper-V VMs go to ${host}${switchName}${creation}`;
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
  const counts = new Map<string, number>();
  const order: { kind: StepKind; path: ReplicationPath }[] = [];
  const lines: string[] = [];
  const paths = new Set<ReplicationPath>();
  for (const position of positions) {
    if (position.runningJob) {
      lines.push(`await running ${position.runningJob.scenarioName} job of ${position.name}`);
    }
    const path = spec.flavor === "hyperv" ? "classic" : replicationPathOf(position.instanceType);
    for (const step of stepsBetween(spec.flavor, position.stage, target, path)) {
      const key = `${path}:${step.kind}`;
      if (!counts.has(key)) order.push({ kind: step.kind, path });
      counts.set(key, (counts.get(key) ?? 0) + 1);
      paths.add(path);
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
  order.sort((left, right) => all.indexOf(left.kind) - all.indexOf(right.kind));
  // The detected architecture heads the list, so a reviewer sees which path the plan takes.
  const pathLine = paths.has("modernized")
    ? ["modernized path (replication appliance; InMageRcm → InMageRcmFailback)"]
    : [];
  // Where the VMs land heads a Hyper-V plan that still fails over, for the reviewer.
  const destinationLine =
    spec.flavor === "hyperv" && order.some(({ kind }) => kind === "failover")
      ? [hyperVDestination(spec)]
      : [];
  return [
    ...pathLine,
    ...destinationLine,
    ...lines,
    ...order.map(({ kind, path }) => {
      const count = counts.get(`${path}:${kind}`)!;
      return path === "modernized" ? describeModernized(spec, kind, count) : describe(spec, kind, count);
    }),
  ];
}
