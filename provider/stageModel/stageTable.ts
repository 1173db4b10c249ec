/**
 * Per-flavor stage tables: which steps lead from one stage to the next, which Site Recovery
 * operation (`allowedOperations` entry) and job scenario each one uses, and which stage a target
 * stage means.
 *
 * VMware and physical servers (classic, P2A2V for physical): reprotect Azure→site, wait for the
 * replication to be healthy with a recovery point, unplanned failover from Azure (FO-01), commit,
 * reprotect site→Azure (FO-05). Hyper-V: planned failover with data sync (HV-04), commit, reverse
 * replication (HV-09). Hyper-V has no reprotect before failback.
 *
 * Modernized VMware and physical servers (replication appliance): reprotect through a reprotect
 * agent (gated on `SwitchProtection`, MR-11), wait for replication back with a recovery point,
 * planned failover at a chosen point type (MR-22, MR-25), commit (MR-29), reprotect to Azure
 * (MR-32). Before commit the planned failover can be cancelled (MR-28): the one step that goes
 * back a stage.
 */
import {
  type FailbackTargetStage,
  type Flavor,
  type ItemStage,
  type ReplicationPath,
  replicationPathOf,
  type StepKind,
  stageRank,
} from "./types";

/** One step of a stage table. */
export interface StageStep {
  readonly kind: StepKind;
  /** Stage the item must be in to take the step. */
  readonly from: ItemStage;
  /** Stage the item is in once the step is done. */
  readonly to: ItemStage;
  /** `allowedOperations` entry the step's action needs; none for waits. */
  readonly operation?: string;
  /** `currentScenario.scenarioName` of the step's job. */
  readonly scenarioName?: string;
}

const vmwareSteps: readonly StageStep[] = [
  {
    kind: "reprotect",
    from: "failedOverToAzure",
    to: "reprotecting",
    operation: "ReverseReplicate",
    scenarioName: "Reprotect",
  },
  { kind: "awaitReplication", from: "reprotecting", to: "reprotected" },
  {
    kind: "failover",
    from: "reprotected",
    to: "failedOver",
    operation: "UnplannedFailover",
    scenarioName: "UnplannedFailover",
  },
  {
    kind: "commit",
    from: "failedOver",
    to: "committed",
    operation: "Commit",
    scenarioName: "CommitFailover",
  },
  {
    kind: "reprotectToAzure",
    from: "committed",
    to: "protectedToAzure",
    operation: "ReverseReplicate",
    scenarioName: "Reprotect",
  },
];

/** The reprotect job of the modernized path, in both directions (observed). */
const SWITCH_PROTECTION_SCENARIO = "SwitchReplicationGroupProtection";

const modernizedSteps: readonly StageStep[] = [
  {
    kind: "reprotect",
    from: "failedOverToAzure",
    to: "reprotecting",
    operation: "SwitchProtection",
    scenarioName: SWITCH_PROTECTION_SCENARIO,
  },
  { kind: "awaitReplication", from: "reprotecting", to: "reprotected" },
  {
    kind: "failover",
    from: "reprotected",
    to: "failedOver",
    operation: "PlannedFailover",
    scenarioName: "PlannedFailover",
  },
  {
    kind: "commit",
    from: "failedOver",
    to: "committed",
    operation: "Commit",
    // The commit job's scenario was not observed on this path; classic's name is assumed (inferred).
    scenarioName: "CommitFailover",
  },
  {
    kind: "reprotectToAzure",
    from: "committed",
    to: "protectedToAzure",
    operation: "SwitchProtection",
    scenarioName: SWITCH_PROTECTION_SCENARIO,
  },
];

/**
 * The step that takes a modernized item back from `failedOver` to `reprotected` (MR-28): cancel
 * the planned failover before commit. It is not part of the forward table.
 */
export const cancelFailoverStep: StageStep = {
  kind: "cancelFailover",
  from: "failedOver",
  to: "reprotected",
  operation: "CancelFailover",
  scenarioName: "CancelFailover",
};

const hyperVSteps: readonly StageStep[] = [
  {
    kind: "failover",
    from: "failedOverToAzure",
    to: "failedOver",
    operation: "PlannedFailover",
    scenarioName: "PlannedFailover",
  },
  {
    kind: "commit",
    from: "failedOver",
    to: "committed",
    operation: "Commit",
    scenarioName: "CommitFailover",
  },
  {
    kind: "reprotectToAzure",
    from: "committed",
    to: "protectedToAzure",
    operation: "ReverseReplicate",
    scenarioName: "Reprotect",
  },
];

/** The forward steps of a flavor on a replication path, in order. */
export function stageTable(flavor: Flavor, path: ReplicationPath = "classic"): readonly StageStep[] {
  if (flavor === "hyperv") return hyperVSteps;
  return path === "modernized" ? modernizedSteps : vmwareSteps;
}

/** The item stage a target stage means. */
export const targetItemStage: Readonly<Record<FailbackTargetStage, ItemStage>> = {
  reprotected: "reprotected",
  failedOver: "failedOver",
  committed: "committed",
  protectedToAzure: "protectedToAzure",
};

/** Target stages a flavor supports (Hyper-V has no reprotect before failback). */
export function targetStagesOf(flavor: Flavor): readonly FailbackTargetStage[] {
  return flavor === "hyperv"
    ? ["failedOver", "committed", "protectedToAzure"]
    : ["reprotected", "failedOver", "committed", "protectedToAzure"];
}

/** The step whose job scenario is running on an item, given its replication instance type. */
export function stepOfScenario(
  flavor: Flavor,
  scenarioName: string,
  instanceType: string | undefined,
): StageStep | undefined {
  const path = flavor === "hyperv" ? "classic" : replicationPathOf(instanceType);
  if (path === "modernized") {
    if (scenarioName === cancelFailoverStep.scenarioName) return cancelFailoverStep;
    if (scenarioName === SWITCH_PROTECTION_SCENARIO) {
      // The same scenario reprotects both ways: towards the site from InMageRcm, towards Azure
      // from InMageRcmFailback.
      return modernizedSteps.find((step) =>
        instanceType === "InMageRcm" ? step.kind === "reprotect" : step.kind === "reprotectToAzure",
      );
    }
    return modernizedSteps.find((step) => step.scenarioName === scenarioName);
  }
  const steps = stageTable(flavor);
  if (scenarioName === "Reprotect") {
    // The same scenario runs twice in a VMware failback: towards the site on the item that still
    // replicates to Azure (InMageAzureV2), towards Azure on the item that replicates to the site.
    if (flavor === "hyperv") return steps.find((step) => step.kind === "reprotectToAzure");
    return steps.find((step) =>
      instanceType === "InMageAzureV2" ? step.kind === "reprotect" : step.kind === "reprotectToAzure",
    );
  }
  return steps.find((step) => step.scenarioName === scenarioName);
}

/**
 * Steps still to take from `stage` to reach `target`, in order. Only a modernized item's planned
 * failover goes back (cancel, MR-28); any other earlier target has no steps.
 */
export function stepsBetween(
  flavor: Flavor,
  stage: ItemStage,
  target: ItemStage,
  path: ReplicationPath = "classic",
): StageStep[] {
  if (path === "modernized" && flavor !== "hyperv" && stage === "failedOver" && target === "reprotected")
    return [cancelFailoverStep];
  if (stageRank(target) <= stageRank(stage)) return [];
  const steps = stageTable(flavor, path);
  const order = steps.map((step) => step.from);
  const startIndex = order.indexOf(stage);
  if (startIndex < 0) return [];
  const result: StageStep[] = [];
  for (const step of steps.slice(startIndex)) {
    if (step.from === target) break;
    result.push(step);
    if (step.to === target) break;
  }
  return result;
}
