/**
 * The one place an item's failback stage is read off Site Recovery's protected item: instance type
 * (which way it replicates), protection state, active location, and the job in `currentScenario`.
 * The rules' facts, the stage machine, `plannedSteps`, the outputs and the mocks all use it.
 *
 * While a job runs, Site Recovery shows a transient `...StatesBegin` state and no allowed
 * operations; the stage is then the one before the running job's step, and the job is reported
 * so the machine awaits it instead of starting another.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { replicationProgressPercent } from "./replicationProgress";
import { stepOfScenario } from "./stageTable";
import { type Flavor, type ItemPosition, type ItemStage, type RunningJob, replicationPathOf } from "./types";

/** Replication instance types of a classic item replicating towards Azure. */
const towardsAzure = new Set(["InMageAzureV2", "HyperVReplicaAzure"]);

function runningJobOf(item: ReplicationProtectedItem): RunningJob | undefined {
  const scenario = item.properties?.currentScenario;
  const name = scenario?.scenarioName;
  if (!name || name === "None" || !scenario?.jobId || /\/None$/.test(scenario.jobId)) return undefined;
  return { scenarioName: name, jobId: scenario.jobId };
}

type IdleStage = { stage?: ItemStage; problem?: string; failoverToAzureCommitted?: boolean };

/**
 * Stage of an idle modernized item (catalogue section 1, state summary). An InMageRcm item whose
 * failover to Azure awaits commit can start back: its reprotect job commits it first (MR-11,
 * inferred from the job's "Committing failover" task).
 */
function idleModernizedStage(instanceType: string, state: string, location: string | undefined): IdleStage {
  const committed = /FailoverCommitted$/.test(state);
  const commitPending = /CommitPending/.test(state);
  if (instanceType === "InMageRcm") {
    if (location === "Recovery" && committed)
      return { stage: "failedOverToAzure", failoverToAzureCommitted: true };
    if (location === "Recovery" && commitPending)
      return { stage: "failedOverToAzure", failoverToAzureCommitted: false };
    if (location === "Primary" && (state === "Protected" || state === "InitialReplicationInProgress"))
      return { stage: "protectedToAzure" };
  } else {
    // InMageRcmFailback: Azure is the primary while it replicates back to the site.
    if (location === "Primary" && state === "Protected") return { stage: "reprotected" };
    if (location === "Primary" && state === "InitialReplicationInProgress") return { stage: "reprotecting" };
    if (location === "Recovery" && committed) return { stage: "committed" };
    if (location === "Recovery" && commitPending) return { stage: "failedOver" };
  }
  return {
    problem: `is in a state failback cannot start from (${instanceType}, ${state}, active location ${location ?? "unknown"})`,
  };
}

/** Stage of an idle item, or a problem when it is in no failback stage. */
function idleStage(
  flavor: Flavor,
  instanceType: string | undefined,
  state: string,
  location: string | undefined,
): IdleStage {
  if (flavor !== "hyperv" && replicationPathOf(instanceType) === "modernized")
    return idleModernizedStage(instanceType!, state, location);
  const replicating = state === "Protected" || state === "InitialReplicationInProgress";
  const committed = /FailoverCommitted$/.test(state);
  const commitPending = /CommitPending|CommitRequired/.test(state);
  if (flavor !== "hyperv" && instanceType === "InMage") {
    if (committed) return { stage: "committed" };
    if (commitPending) return { stage: "failedOver" };
    if (state === "Protected") return { stage: "reprotected" };
    if (state === "InitialReplicationInProgress") return { stage: "reprotecting" };
  } else if (instanceType !== undefined && towardsAzure.has(instanceType)) {
    if (location === "Recovery" && committed)
      return { stage: "failedOverToAzure", failoverToAzureCommitted: true };
    if (flavor === "hyperv" && location === "Primary" && committed) return { stage: "committed" };
    if (flavor === "hyperv" && location === "Primary" && commitPending) return { stage: "failedOver" };
    if (location === "Primary" && replicating) return { stage: "protectedToAzure" };
    if (location === "Recovery" && commitPending) {
      return {
        failoverToAzureCommitted: false,
        problem:
          "is failed over to Azure but the failover is not committed; commit it in Azure before failback",
      };
    }
  }
  return {
    problem: `is in a state failback cannot start from (${instanceType ?? "unknown replication"}, ${state}, active location ${location ?? "unknown"})`,
  };
}

/** The step before which a job of that scenario runs leaves the item. */
function stageBeforeRunningJob(flavor: Flavor, job: RunningJob, instanceType: string | undefined) {
  return stepOfScenario(flavor, job.scenarioName, instanceType)?.from;
}

/**
 * Where an item stands. Never throws: an item in no failback stage gets a `problem` (and the
 * stage it is nearest to, `failedOverToAzure`) so preflight can report it with the others.
 */
export function classifyItem(flavor: Flavor, item: ReplicationProtectedItem): ItemPosition {
  const properties = item.properties ?? {};
  const details = (properties.providerSpecificDetails ?? {}) as { instanceType?: string };
  const instanceType = details.instanceType;
  const state = properties.protectionState ?? "Unknown";
  const runningJob = runningJobOf(item);
  const progressPercent = replicationProgressPercent(item);
  const base = {
    name: item.name ?? properties.friendlyName ?? "(unnamed)",
    protectionState: state,
    allowedOperations: properties.allowedOperations ?? [],
    ...(properties.replicationHealth !== undefined
      ? { replicationHealth: properties.replicationHealth }
      : {}),
    ...(instanceType !== undefined ? { instanceType } : {}),
    ...(progressPercent !== undefined ? { replicationProgressPercent: progressPercent } : {}),
  };
  if (runningJob) {
    const stage = stageBeforeRunningJob(flavor, runningJob, instanceType);
    if (stage) return { ...base, stage, runningJob };
    return {
      ...base,
      stage: "failedOverToAzure",
      runningJob,
      problem: `runs a ${runningJob.scenarioName} job that is no failback step; wait for it to finish`,
    };
  }
  const { stage, problem, failoverToAzureCommitted } = idleStage(
    flavor,
    instanceType,
    state,
    properties.activeLocation,
  );
  return {
    ...base,
    stage: stage ?? "failedOverToAzure",
    ...(failoverToAzureCommitted !== undefined ? { failoverToAzureCommitted } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** Whether a reprotected VMware item is ready to fail back: protected and healthy (RP-05). */
export function isReplicationReady(position: ItemPosition): boolean {
  return position.protectionState === "Protected" && position.replicationHealth === "Normal";
}
