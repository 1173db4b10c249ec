/**
 * The failback stage machine: drives every item of a plan from where it stands to the target
 * stage, exactly once per item and stage.
 *
 * Before each action the item is read again (allowedOperations, currentScenario, protection
 * state); the action is taken only when its stage is neither done nor running. A running job is
 * awaited, never started again, so a run interrupted at any point (process killed, timeout)
 * resumes from the live state. Items run in bounded parallel pipelines; the one barrier is before
 * the VMware failover, which needs every item protected and healthy (RP-05) and a recovery point
 * for each (RP-06), so replication groups can fail over together (FO-02). Jobs are never
 * cancelled (HV-07), and a timeout leaves them running.
 */
import type { Job, RecoveryPlan, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import { type AsrClient, type JobAwaiter, serviceNow } from "../client";
import { AzureCallError, StageError } from "../errors";
import {
  AGENT_REGISTRATION_GRACE_MINUTES,
  adviseOnAgentNotInstalled,
  isAgentNotInstalledError,
} from "../rules";
import {
  classifyItem,
  type ItemPosition,
  type ItemStage,
  isReplicationReady,
  type ReplicationPath,
  replicationPathOf,
  type StageStep,
  type StepKind,
  stageRank,
  stageTable,
  stepOfScenario,
  stepsBetween,
  targetItemStage,
} from "../stageModel";
import { type Clock, formatDuration, MS_PER_MINUTE, poll, retryWithBackoff } from "../waits";
import { vaultWatchFor } from "../watch/registry";
import {
  classicFailoverBody,
  hyperVFailoverBody,
  modernizedFailoverBody,
  modernizedReprotectToAzureBody,
  modernizedReprotectToSiteBody,
  planClassicFailoverBody,
  planHyperVFailoverBody,
  planModernizedFailoverBody,
  reprotectToAzureBody,
  reprotectToSiteBody,
} from "./actionBodies";
import { agentRegistrationOf } from "./agent";
import { settleWithConcurrency } from "./concurrency";
import { awaitJob, jobDurationMs, jobErrorText, jobNameOf, jobPercent, timelineEntry } from "./jobs";
import { adoptionAfterRefusal, isRefusal } from "./lostAnswer";
import {
  dataLossWindowInSeconds,
  type PointSelection,
  planLevelRecoveryPointType,
  pointFacts,
  selectRecoveryPoints,
} from "./recoveryPoints";
import type { FailbackRunSpec, ItemTarget } from "./spec";
import type { RecoveryPointUsed, TimelineEntry } from "./types";

/** Attempts of the reprotect to Azure while the agent is not registered yet (FO-05). */
export const AGENT_RETRY_MAX_ATTEMPTS = 6;

/**
 * How long past the FO-05 window (registration within 15 minutes of boot) the machine still
 * waits for the agent before it tries the reprotect anyway, in minutes.
 */
export const AGENT_WAIT_MARGIN_IN_MINUTES = 3;

/** Options of a run. */
export interface RunOptions {
  /** Cancels waiting (jobs keep running in Site Recovery). */
  readonly abortSignal?: AbortSignal;
  /** Interval between reads while waiting for a job or for replication, in milliseconds. */
  readonly pollIntervalInMs: number;
  /** The clock every wait of the run reads and sleeps on (the provider's wait clock). */
  readonly clock: Clock;
  /** First delay of the FO-05 retry, doubled per attempt, in milliseconds. */
  readonly agentRetryDelayInMs?: number;
  /** Progress lines (stage, item, job state, percent). */
  readonly onProgress?: (line: string) => void;
}

/** A failure of one item (or of the plan), with the message a person acts on. */
export interface ItemFailure {
  readonly target: string;
  readonly message: string;
}

/** What a run did and where it left every item. */
export interface RunResult {
  /** Where each item stands now, by item name. */
  readonly positions: Map<string, ItemPosition>;
  /** Jobs taken or awaited by this run, in the order they settled. */
  readonly timeline: TimelineEntry[];
  /** Recovery point each item failed over to in this run. */
  readonly recoveryPoints: RecoveryPointUsed[];
  /** Items whose Hyper-V job waits for "complete failover" (completeFailover not automatic). */
  readonly awaitingCompleteFailover: string[];
  /** Items (or the plan) that failed; empty on success. */
  readonly failures: ItemFailure[];
}

interface Context {
  readonly client: AsrClient;
  readonly spec: FailbackRunSpec;
  readonly options: RunOptions;
  readonly result: RunResult;
  /** Selected recovery points by item (VMware failover). */
  readonly selections: Map<string, PointSelection>;
}

function progress(context: Context, line: string): void {
  context.options.onProgress?.(line);
}

function goalStage(spec: FailbackRunSpec): ItemStage {
  return targetItemStage[spec.targetStage];
}

/** The replication path of an item, from its instance type (Hyper-V is always classic). */
function pathOf(spec: FailbackRunSpec, position: ItemPosition): ReplicationPath {
  return spec.flavor === "hyperv" ? "classic" : replicationPathOf(position.instanceType);
}

function stepFrom(spec: FailbackRunSpec, position: ItemPosition): StageStep | undefined {
  return stageTable(spec.flavor, pathOf(spec, position)).find((step) => step.from === position.stage);
}

async function readItem(context: Context, target: ItemTarget): Promise<ItemPosition> {
  const item = await context.client.getProtectedItem(target.ref, {
    abortSignal: context.options.abortSignal,
  });
  if (!item) throw new StageError(`vm ${target.name} is not a protected item of the vault; check its name`);
  return remember(context, classifyItem(context.spec.flavor, item));
}

function remember(context: Context, position: ItemPosition): ItemPosition {
  context.result.positions.set(position.name, position);
  return position;
}

/** `, took 12 min` for an ended job, `, running 3 min` for one still running, by the service's clock. */
function jobAge(job: Job): string {
  const took = jobDurationMs(job);
  if (took !== undefined) return `, took ${formatDuration(took)}`;
  const start = job.properties?.startTime ? new Date(job.properties.startTime).getTime() : Number.NaN;
  const now = serviceNow().getTime();
  return Number.isFinite(start) && now >= start ? `, running ${formatDuration(now - start)}` : "";
}

/**
 * Progress lines of a job, one per change of state or percent (not one per read); `label` is
 * `step target`. Each says how long the job took or has run, by Site Recovery's own clock.
 */
function jobProgress(context: Context, label: string) {
  let last = "";
  return (job: Job) => {
    const percent = jobPercent(job);
    const line = `${label}: job ${job.name} ${job.properties?.state ?? "?"}${percent !== undefined ? ` ${percent}%` : ""}`;
    if (line === last) return;
    last = line;
    progress(context, `${line}${jobAge(job)}`);
  };
}

/** Awaits a job found running; resumes a suspended Hyper-V failback when told to. */
async function awaitRunningJob(
  context: Context,
  target: string,
  step: StepKind,
  jobId: string,
  resumed: boolean,
): Promise<"done" | "awaitingCompleteFailover"> {
  const { client, options } = context;
  const job = await awaitJob(client, jobId, {
    intervalInMs: options.pollIntervalInMs,
    clock: options.clock,
    abortSignal: options.abortSignal,
    onRead: jobProgress(context, `${step} ${target}`),
  });
  const state = job.properties?.state;
  if (state === "Suspended") {
    if (!context.spec.hyperV?.completeFailoverAutomatically) {
      context.result.timeline.push(timelineEntry(target, step, job, { resumed }));
      progress(context, `${step} ${target}: data sync done; waiting for "complete failover"`);
      return "awaitingCompleteFailover";
    }
    progress(context, `${step} ${target}: data sync done; completing the failover`);
    const completed = await client.resumeJob(jobNameOf(jobId), "complete failover", {
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    return finishJob(context, target, "completeFailover", completed, resumed);
  }
  return finishJob(context, target, step, job, resumed);
}

function finishJob(context: Context, target: string, step: StepKind, job: Job, resumed: boolean): "done" {
  context.result.timeline.push(timelineEntry(target, step, job, { resumed }));
  const state = job.properties?.state;
  if (state !== "Succeeded") {
    throw new StageError(
      `${stepVerb(step)} ${target}: job ${job.name} ${state ?? "ended"}: ${jobErrorText(job)}`,
    );
  }
  return "done";
}

function stepVerb(step: StepKind): string {
  switch (step) {
    case "reprotect":
      return "reprotecting";
    case "awaitReplication":
      return "waiting for the replication of";
    case "failover":
      return "failing back";
    case "completeFailover":
      return "completing the failover of";
    case "cancelFailover":
      return "cancelling the planned failover of";
    case "commit":
      return "committing";
    case "reprotectToAzure":
      return "reprotecting to Azure";
  }
}

/** Records the job an action ran (start/end from Site Recovery's own clock). */
async function recordActionJob(
  context: Context,
  target: string,
  step: StepKind,
  jobName: string | undefined,
): Promise<Job | undefined> {
  if (!jobName) return undefined;
  const job = await context.client.getJob(jobName, { abortSignal: context.options.abortSignal });
  return job ? recordJob(context, target, step, job) : undefined;
}

/** Records a job already read. */
function recordJob(context: Context, target: string, step: StepKind, job: Job): Job {
  context.result.timeline.push(timelineEntry(target, step, job));
  return job;
}

function ensureAllowed(position: ItemPosition, step: StageStep): void {
  if (step.operation && !position.allowedOperations.includes(step.operation)) {
    throw new StageError(
      `${stepVerb(step.kind)} ${position.name}: Site Recovery does not allow ${step.operation} now (protection state ${position.protectionState}, allowed: ${position.allowedOperations.join(", ") || "none"}); resolve the item's state in the portal and run up again`,
    );
  }
}

/** Whether the item still replicates towards the site (reprotect running or done). */
function isReplicating(position: ItemPosition): boolean {
  return position.stage === "reprotecting" || position.stage === "reprotected";
}

/** Whether the item replicates healthily (its recovery points still to be checked). */
function isReadyToFailOver(position: ItemPosition): boolean {
  return position.stage === "reprotected" && isReplicationReady(position);
}

/** The vault's watcher, on the run's clock and interval. */
function watchOf(context: Context) {
  return vaultWatchFor(context.client, {
    clock: context.options.clock,
    intervalInMs: context.options.pollIntervalInMs,
  });
}

/**
 * Waits until the reprotected item replicates healthily and has a recovery point, or leaves the
 * reprotect stages; `position` is the first read. The item is watched through the vault's list;
 * its recovery points are listed only once it is ready (they are not in the item), and again
 * each interval only while a ready item still has none.
 */
async function waitForReplication(
  context: Context,
  target: ItemTarget,
  position: ItemPosition,
): Promise<ItemPosition> {
  const { client, spec, options } = context;
  const signal = options.abortSignal;
  let current = position;
  let lastLine = "";
  for (;;) {
    if (!isReplicating(current)) return current;
    if (isReadyToFailOver(current)) {
      const points = await client.listRecoveryPoints(target.ref, signal ? { abortSignal: signal } : {});
      if (points.length > 0) return current;
    }
    const line = replicationWaitLine(target.name, current);
    if (line.key !== lastLine) progress(context, line.text);
    lastLine = line.key;
    const waitingForPoint = isReadyToFailOver(current);
    // Points come on the policy's schedule, not with a change of the item: a ready item without
    // one is read again after an interval; any other item waits for its state to change.
    if (waitingForPoint) await options.clock.sleep(options.pollIntervalInMs, signal);
    const item = await watchOf(context).awaitItem(target.ref, {
      isDone: (read) => {
        if (waitingForPoint) return true;
        const next = classifyItem(spec.flavor, read);
        return !isReplicating(next) || isReadyToFailOver(next);
      },
      recheckUnchanged: waitingForPoint,
      onChange: (read) => {
        const next = classifyItem(spec.flavor, read);
        const changed = replicationWaitLine(target.name, next);
        if (changed.key !== lastLine) progress(context, changed.text);
        lastLine = changed.key;
      },
      ...(signal ? { signal } : {}),
    });
    current = remember(context, classifyItem(spec.flavor, item));
  }
}

/** Progress of a replication wait is reported at each quarter: 25, 50, 75 and 100 %. */
const PROGRESS_STEP_PERCENT = 25;

/**
 * The progress line of an item waiting for replication, and the key that says when it is worth
 * printing: a change of state or health, or a further quarter of the sync, not every poll.
 */
export function replicationWaitLine(name: string, position: ItemPosition): { key: string; text: string } {
  const percent = position.replicationProgressPercent;
  const base = `awaitReplication ${name}: ${position.protectionState}, replication health ${position.replicationHealth ?? "unknown"}`;
  if (percent === undefined) return { key: base, text: base };
  return {
    key: `${base} ${Math.floor(percent / PROGRESS_STEP_PERCENT)}`,
    text: `${base}, ${Math.floor(percent)} % synced`,
  };
}

/** What an item action returned: the job it started and the item read after it. */
interface ActionOutcome {
  readonly jobName?: string;
  readonly result: ReplicationProtectedItem;
  /** The job as the watcher last read it, when the action was awaited through it. */
  readonly job?: Job;
}

/**
 * Takes one action step on one item and returns where the item stands after it. A refused
 * action whose job the item already runs (its answer was lost and the retry refused) is adopted:
 * the item is returned as read, and the caller awaits that job like any job found running.
 */
async function takeItemStep(
  context: Context,
  target: ItemTarget,
  step: StageStep,
  position: ItemPosition,
): Promise<ItemPosition | "awaitingCompleteFailover"> {
  const { spec } = context;
  ensureAllowed(position, step);
  let outcome: ActionOutcome;
  try {
    outcome = await issueAction(context, target, step, position);
  } catch (error) {
    if (!isRefusal(error)) throw error;
    const current = await readItem(context, target);
    const adoption = adoptionAfterRefusal(step, current, stepOfRunning(context, current));
    if (!adoption) throw error;
    progress(
      context,
      adoption === "running"
        ? `${step.kind} ${target.name}: refused because job ${jobNameOf(current.runningJob!.jobId)} already runs it; awaiting that job`
        : `${step.kind} ${target.name}: refused because it already took place; the item is ${current.stage}`,
    );
    return current;
  }
  const job = outcome.job
    ? recordJob(context, target.name, step.kind, outcome.job)
    : await recordActionJob(context, target.name, step.kind, outcome.jobName);
  if (step.kind === "failover") recordPoint(context, target.name, outcome.result, job);
  const after = remember(context, classifyItem(spec.flavor, outcome.result));
  return after;
}

/** Issues the action of `step` on one item with the plan's settings for its path. */
async function issueAction(
  context: Context,
  target: ItemTarget,
  step: StageStep,
  position: ItemPosition,
): Promise<ActionOutcome> {
  const { client, spec } = context;
  let settled: Job | undefined;
  const actionOptions = actionOptionsOf(context, `${step.kind} ${target.name}`, (job) => {
    settled = job;
  });
  const modernized = pathOf(spec, position) === "modernized";
  let outcome: ActionOutcome;
  switch (step.kind) {
    case "reprotect": {
      if (modernized) {
        if (!spec.modernized)
          throw new StageError(
            `MR-01: vm ${target.name} is replicated by a replication appliance (${position.instanceType}) but the plan declares no modernized reprotect settings; set modernized on the FailbackPlan`,
          );
        if (!spec.modernized.reprotect)
          throw new StageError(
            `MR-03: vm ${target.name} cannot be reprotected: the plan's appliance is not registered in the vault's InMageRcm fabric; check modernized.applianceName or pass a ReplicationAppliance's reprotectAgentId`,
          );
        outcome = await client.reprotect(
          target.ref,
          modernizedReprotectToSiteBody(spec.modernized.reprotect),
          actionOptions,
        );
        break;
      }
      if (!spec.reprotect)
        throw new StageError(`reprotecting ${target.name}: internal error: no reprotect settings`);
      outcome = await client.reprotect(target.ref, reprotectToSiteBody(spec.reprotect), actionOptions);
      break;
    }
    case "failover": {
      if (modernized) {
        if (!spec.modernized)
          throw new StageError(`failing back ${target.name}: internal error: no modernized settings`);
        outcome = await client.plannedFailover(
          target.ref,
          modernizedFailoverBody(spec.modernized),
          actionOptions,
        );
      } else if (spec.flavor === "hyperv") {
        if (!spec.hyperV)
          throw new StageError(`failing back ${target.name}: internal error: no Hyper-V settings`);
        outcome = await client.plannedFailover(target.ref, hyperVFailoverBody(spec.hyperV), actionOptions);
      } else {
        const selection = context.selections.get(target.name);
        if (!selection)
          throw new StageError(`failing back ${target.name}: internal error: no recovery point selected`);
        outcome = await client.unplannedFailover(target.ref, classicFailoverBody(selection), actionOptions);
      }
      break;
    }
    case "commit":
      outcome = await client.commitFailover(target.ref, actionOptions);
      break;
    case "cancelFailover":
      outcome = await client.cancelFailover(target.ref, actionOptions);
      break;
    case "reprotectToAzure":
      if (modernized) {
        if (!spec.modernized?.reprotectToAzure)
          throw new StageError(
            `MR-32: vm ${target.name} has no settings to reprotect it to Azure; set modernized.reprotectToAzure (processServerId, policyId) on the FailbackPlan`,
          );
        outcome = await client.reprotect(
          target.ref,
          modernizedReprotectToAzureBody(spec.modernized.reprotectToAzure),
          actionOptions,
        );
        break;
      }
      outcome = await reprotectToAzureWithAgentRetry(context, target, actionOptions);
      break;
    default:
      throw new StageError(`internal error: ${step.kind} is not an action`);
  }
  return settled?.name === outcome.jobName ? { ...outcome, job: settled } : outcome;
}

/** What an action call of the machine gets. */
interface MachineActionOptions {
  readonly abortSignal?: AbortSignal;
  readonly onJobStarted: (jobName: string) => void;
  readonly awaitJob: JobAwaiter;
}

/**
 * Options of an action: progress lines, and its job awaited through the vault's watcher (see
 * `ActionOptions.awaitJob`); `onSettled` gets the job as last read, so it need not be read again.
 */
function actionOptionsOf(
  context: Context,
  label: string,
  onSettled: (job: Job) => void = () => {},
): MachineActionOptions {
  const { client, options } = context;
  return {
    ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    onJobStarted: (jobName: string) => progress(context, `${label}: started job ${jobName}`),
    awaitJob: async (started, abortSignal) => {
      const job = await awaitJob(client, started, {
        intervalInMs: options.pollIntervalInMs,
        clock: options.clock,
        abortSignal,
        onRead: jobProgress(context, label),
      });
      onSettled(job);
      return job;
    },
  };
}

/** The newest Site Recovery time among the jobs this run recorded, if any. */
function latestJobTimeMs(timeline: readonly TimelineEntry[]): number | undefined {
  const times = timeline
    .map((entry) => Date.parse(entry.endTime ?? entry.startTime ?? ""))
    .filter((time) => !Number.isNaN(time));
  return times.length > 0 ? Math.max(...times) : undefined;
}

/**
 * FO-05: before reprotecting a classic item to Azure, waits until the item reports its Mobility
 * agent registered since boot, for at most the FO-05 window (15 minutes after boot) plus
 * {@link AGENT_WAIT_MARGIN_IN_MINUTES}, so that the reprotect is issued once instead of failing
 * while the agent comes up.
 *
 * Time is Site Recovery's: the newest time the item carries (heartbeat, health errors) or, when
 * it carries none, the newest job time this run saw (at least the boot) plus the time waited since.
 */
async function awaitAgentRegistration(context: Context, target: ItemTarget): Promise<void> {
  const { options } = context;
  const startedMs = options.clock.now();
  const referenceMs = latestJobTimeMs(context.result.timeline);
  const deadlineAfterBootMs =
    (AGENT_REGISTRATION_GRACE_MINUTES + AGENT_WAIT_MARGIN_IN_MINUTES) * MS_PER_MINUTE;
  let lastLine = "";
  const uptimeOf = (item: ReplicationProtectedItem): number | undefined => {
    const agent = agentRegistrationOf(item);
    if (agent.registered || agent.bootMs === undefined) return undefined;
    const waitedMs = options.clock.now() - startedMs;
    const nowMs = Math.max(
      agent.siteRecoveryTimeMs ?? 0,
      Math.max(referenceMs ?? 0, agent.bootMs) + waitedMs,
    );
    return Math.max(0, nowMs - agent.bootMs);
  };
  const report = (uptimeMs: number | undefined) => {
    if (uptimeMs === undefined) return;
    const line = `FO-05: waiting for the Mobility agent of ${target.name} to register (booted ${Math.floor(uptimeMs / MS_PER_MINUTE)} min ago)`;
    if (line !== lastLine) progress(context, line);
    lastLine = line;
  };
  await watchOf(context).awaitItem(target.ref, {
    isDone: (item) => {
      const uptimeMs = uptimeOf(item);
      if (uptimeMs === undefined || uptimeMs >= deadlineAfterBootMs) return true;
      // The end depends on time passing too, so every sweep checks; a line per new minute.
      report(uptimeMs);
      return false;
    },
    recheckUnchanged: true,
    ...(options.abortSignal ? { signal: options.abortSignal } : {}),
  });
}

/**
 * FO-05: after commit the on-premises VM's agent may take up to 15 minutes after boot to
 * register; reprotect then fails with "agent not installed". The machine first waits for the
 * item to report the agent registered; Site Recovery can still refuse a reprotect right after
 * (the agent heartbeats before it is fully ready), so it retries with backoff while the VM
 * booted less than 15 minutes before the failure (Site Recovery's clock), then fails clearly.
 */
async function reprotectToAzureWithAgentRetry(
  context: Context,
  target: ItemTarget,
  actionOptions: MachineActionOptions,
) {
  const { client, spec, options } = context;
  if (spec.flavor !== "hyperv") await awaitAgentRegistration(context, target);
  return retryWithBackoff({
    attempt: () =>
      client.reprotect(
        target.ref,
        reprotectToAzureBody(spec.flavor === "hyperv", spec.reprotectToAzure),
        actionOptions,
      ),
    onFailure: async (error, { attempt, attemptsLeft, delayInMs }) => {
      const agentMissing =
        error instanceof AzureCallError &&
        (error.code === AsrErrorCodes.agentNotInstalled || isAgentNotInstalledError(error.message));
      if (!agentMissing) throw error;
      const failed = error.jobName
        ? await recordActionJob(context, target.name, "reprotectToAzure", error.jobName)
        : undefined;
      const item = await client.getProtectedItem(target.ref, { abortSignal: options.abortSignal });
      const bootMs = item?.properties?.lastSuccessfulFailoverTime?.getTime();
      const failedAtMs = failed?.properties?.endTime?.getTime();
      const uptimeInMinutes =
        bootMs !== undefined && failedAtMs !== undefined ? (failedAtMs - bootMs) / MS_PER_MINUTE : undefined;
      const advice = uptimeInMinutes === undefined ? "retry" : adviseOnAgentNotInstalled(uptimeInMinutes);
      if (advice === "fail" || attemptsLeft === 0) {
        throw new StageError(
          `FO-05: vm ${target.name} has no registered Mobility agent ${uptimeInMinutes !== undefined ? `${Math.round(uptimeInMinutes)} minutes after boot` : `after ${attempt} attempts`}; check the mobility service on the vm and its connection to the process server, then run up again`,
        );
      }
      progress(
        context,
        `reprotectToAzure ${target.name}: agent not registered yet (FO-05); retrying in ${Math.round(delayInMs / 1000)} s`,
      );
    },
    firstDelayInMs: Math.max(1, options.agentRetryDelayInMs ?? 30_000),
    maxAttempts: AGENT_RETRY_MAX_ATTEMPTS,
    clock: options.clock,
    signal: options.abortSignal,
  });
}

function instanceTypeOf(item: ReplicationProtectedItem | undefined): string | undefined {
  return (item?.properties?.providerSpecificDetails as { instanceType?: string } | undefined)?.instanceType;
}

function recordPoint(
  context: Context,
  itemName: string,
  item: ReplicationProtectedItem | undefined,
  job: Job | undefined,
): void {
  const selection = context.selections.get(itemName);
  const startMs = job?.properties?.startTime?.getTime();
  if (context.spec.flavor === "hyperv" || replicationPathOf(instanceTypeOf(item)) === "modernized") {
    // A planned failover copies the pending changes first: no data is lost.
    const usedName = item?.properties?.failoverRecoveryPointId?.split("/").pop();
    context.result.recoveryPoints.push({
      item: itemName,
      choice: "plannedFailover",
      ...(usedName ? { recoveryPointName: usedName } : {}),
      dataLossWindowInSeconds: 0,
    });
    return;
  }
  const usedName = item?.properties?.failoverRecoveryPointId?.split("/").pop();
  const point = usedName && selection?.expected.name === usedName ? selection.expected : selection?.expected;
  context.result.recoveryPoints.push({
    item: itemName,
    choice: context.spec.recoveryPointChoice,
    ...(usedName ? { recoveryPointName: usedName } : point ? { recoveryPointName: point.name } : {}),
    ...(point ? { recoveryPointTime: new Date(point.timeMs).toISOString() } : {}),
    ...(point && startMs !== undefined
      ? { dataLossWindowInSeconds: dataLossWindowInSeconds(point.timeMs, startMs) }
      : {}),
  });
}

/**
 * Drives one item until it reaches `goal` (or the barrier stage), acting only on stages that are
 * neither done nor running.
 */
async function driveItem(
  context: Context,
  target: ItemTarget,
  goal: ItemStage,
): Promise<ItemPosition | "awaitingCompleteFailover"> {
  let position = await readItem(context, target);
  for (;;) {
    if (position.problem && !position.runningJob)
      throw new StageError(`vm ${target.name} ${position.problem}`);
    const back = backStep(context, position);
    if (back) {
      position =
        back === "running"
          ? await awaitRunning(context, target, position)
          : await takeBack(context, target, back, position);
      continue;
    }
    if (stageRank(position.stage) >= stageRank(goal)) return position;
    const step = stepFrom(context.spec, position);
    if (!step)
      throw new StageError(`vm ${target.name}: internal error: no step from stage ${position.stage}`);
    if (position.runningJob) {
      const running = stepOfRunning(context, position) ?? step;
      progress(
        context,
        `${running.kind} ${target.name}: awaiting running job ${jobNameOf(position.runningJob.jobId)}`,
      );
      const outcome = await awaitRunningJob(
        context,
        target.name,
        running.kind,
        position.runningJob.jobId,
        true,
      );
      if (outcome === "awaitingCompleteFailover") return outcome;
      position = await readItem(context, target);
      continue;
    }
    if (step.kind === "awaitReplication") {
      position = await waitForReplication(context, target, position);
      if (position.stage === "reprotecting") continue;
      if (stageRank(position.stage) >= stageRank(goal)) return position;
      continue;
    }
    const next = await takeItemStep(context, target, step, position);
    if (next === "awaitingCompleteFailover") return next;
    position = next;
  }
}

function stepOfRunning(context: Context, position: ItemPosition): StageStep | undefined {
  const job = position.runningJob;
  if (!job) return undefined;
  const step = stepOfScenario(context.spec.flavor, job.scenarioName, position.instanceType);
  return step?.from === position.stage ? step : undefined;
}

/**
 * The step that takes the item back to the plan's target stage when that is earlier: only a
 * modernized planned failover before commit goes back, by cancelling it (MR-28). "running" when
 * that cancel already runs. Judged against the plan's target, never an intermediate barrier, so
 * a run on its way to `committed` never cancels a failover.
 */
function backStep(context: Context, position: ItemPosition): StageStep | "running" | undefined {
  if (position.runningJob) {
    return stepOfRunning(context, position)?.kind === "cancelFailover" ? "running" : undefined;
  }
  const goal = goalStage(context.spec);
  if (stageRank(position.stage) <= stageRank(goal)) return undefined;
  const [step] = stepsBetween(context.spec.flavor, position.stage, goal, pathOf(context.spec, position));
  return step?.kind === "cancelFailover" ? step : undefined;
}

/** Awaits the job running on an item (never started again) and reads the item after it. */
async function awaitRunning(
  context: Context,
  target: ItemTarget,
  position: ItemPosition,
): Promise<ItemPosition> {
  const running = stepOfRunning(context, position);
  const jobId = position.runningJob!.jobId;
  const kind = running?.kind ?? "failover";
  progress(context, `${kind} ${target.name}: awaiting running job ${jobNameOf(jobId)}`);
  await awaitRunningJob(context, target.name, kind, jobId, true);
  return readItem(context, target);
}

/** Takes a step back (cancel failover, MR-28) and returns where the item stands after it. */
async function takeBack(
  context: Context,
  target: ItemTarget,
  step: StageStep,
  position: ItemPosition,
): Promise<ItemPosition> {
  const after = await takeItemStep(context, target, step, position);
  if (after === "awaitingCompleteFailover")
    throw new StageError(
      `${stepVerb(step.kind)} ${target.name}: internal error: the cancel waits for completion`,
    );
  return after;
}

/** Runs item pipelines towards `goal` with bounded concurrency, collecting failures. */
async function driveItems(
  context: Context,
  targets: readonly ItemTarget[],
  goal: ItemStage,
): Promise<ItemTarget[]> {
  const settled = await settleWithConcurrency(targets, context.spec.maxConcurrency, (target) =>
    driveItem(context, target, goal),
  );
  const reached: ItemTarget[] = [];
  settled.forEach((outcome, index) => {
    const target = targets[index]!;
    if (!outcome.ok) {
      context.result.failures.push({ target: target.name, message: messageOf(outcome.error) });
    } else if (outcome.value === "awaitingCompleteFailover") {
      context.result.awaitingCompleteFailover.push(target.name);
    } else reached.push(target);
  });
  return reached;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Reads of the recovery points while a suitable (or common) point has yet to appear: a group's
 * members finish their initial sync at different times, and application-consistent points come
 * only every hour or so (the policy's frequency).
 */
export const POINT_WAIT_MAX_READS = 150;

/** Selects recovery points for the VMware failover and fails every item that has none. */
async function selectPoints(context: Context, targets: readonly ItemTarget[]): Promise<ItemTarget[]> {
  const { client, spec, options } = context;
  const pending = targets.filter((target) => {
    const position = context.result.positions.get(target.name);
    // A modernized planned failover takes a point type, not a point (MR-25): nothing to select.
    return (
      position !== undefined &&
      stageRank(position.stage) < stageRank("failedOver") &&
      !position.runningJob &&
      pathOf(spec, position) === "classic"
    );
  });
  const groups = new Map<string, string>();
  for (const target of targets) if (target.replicationGroup) groups.set(target.name, target.replicationGroup);
  let readCount = 0;
  const { selections, problems, readFailures } = await poll({
    object: "failover",
    what: "suitable recovery point",
    read: async () => {
      readCount++;
      const listed = await settleWithConcurrency(pending, spec.maxConcurrency, (target) =>
        client.listRecoveryPoints(target.ref, { abortSignal: options.abortSignal }),
      );
      const points = new Map<string, ReturnType<typeof pointFacts>>();
      const readFailures: ItemFailure[] = [];
      listed.forEach((outcome, index) => {
        const target = pending[index]!;
        if (outcome.ok) points.set(target.name, pointFacts(outcome.value));
        else readFailures.push({ target: target.name, message: messageOf(outcome.error) });
      });
      const selected = selectRecoveryPoints({
        choice: spec.recoveryPointChoice,
        points,
        groups,
        useMultiVmSyncPoint: spec.useMultiVmSyncPoint,
      });
      return { ...selected, readFailures, readCount };
    },
    isDone: (read) =>
      read.readFailures.length > 0 || read.problems.length === 0 || read.readCount >= POINT_WAIT_MAX_READS,
    intervalInMs: options.pollIntervalInMs,
    clock: options.clock,
    signal: options.abortSignal,
    onProgress: (read, { done }) => {
      if (done) return;
      progress(
        context,
        `failover: waiting for a suitable recovery point (${read.problems.map((problem) => problem.item).join(", ")})`,
      );
    },
  });
  context.result.failures.push(...readFailures);
  for (const selection of selections) context.selections.set(selection.item, selection);
  for (const problem of problems)
    context.result.failures.push({ target: problem.item, message: problem.message });
  return targets.filter((target) => !problems.some((problem) => problem.item === target.name));
}

/**
 * Plan-level failover or commit when every item of the recovery plan stands at the step's start
 * (or runs its job); returns false when the step must go item by item.
 */
async function planStep(
  context: Context,
  targets: readonly ItemTarget[],
  kind: "failover" | "commit",
): Promise<boolean> {
  const { client, spec, options } = context;
  const planName = spec.recoveryPlanName;
  if (!planName) return false;
  const from: ItemStage =
    kind === "failover" ? (spec.flavor === "hyperv" ? "failedOverToAzure" : "reprotected") : "failedOver";
  const positions = await Promise.all(targets.map((target) => readItem(context, target)));
  const plan = await client.getRecoveryPlan(planName, { abortSignal: options.abortSignal });
  const runningJobId = runningPlanJobId(plan);
  if (runningJobId) return awaitPlanJob(context, targets, planName, kind, runningJobId);
  if (!positions.every((position) => position.stage === from && !position.runningJob)) return false;
  const paths = new Set(positions.map((position) => pathOf(spec, position)));
  if (paths.size > 1) return false;
  const modernized = paths.has("modernized");
  const operation =
    kind === "commit"
      ? "Commit"
      : spec.flavor === "hyperv" || modernized
        ? "PlannedFailover"
        : "UnplannedFailover";
  if (!plan?.properties?.allowedOperations?.includes(operation)) return false;
  const actionOptions = actionOptionsOf(context, `${kind} recovery plan ${planName}`);
  let jobName: string | undefined;
  try {
    if (kind === "commit") {
      jobName = (await client.planCommitFailover(planName, actionOptions)).jobName;
    } else if (modernized) {
      if (!spec.modernized) throw new StageError("internal error: no modernized settings");
      const body = planModernizedFailoverBody(spec.modernized, spec.useMultiVmSyncPoint);
      jobName = (await client.planPlannedFailover(planName, body, actionOptions)).jobName;
    } else if (spec.flavor === "hyperv") {
      if (!spec.hyperV) throw new StageError("internal error: no Hyper-V settings");
      const body = planHyperVFailoverBody(spec.hyperV);
      jobName = (await client.planPlannedFailover(planName, body, actionOptions)).jobName;
    } else {
      const type = planLevelRecoveryPointType(targets.map((target) => context.selections.get(target.name)!));
      if (!type) return false;
      jobName = (await client.planUnplannedFailover(planName, planClassicFailoverBody(type), actionOptions))
        .jobName;
    }
  } catch (error) {
    // A lost answer: the retry was refused because the plan already runs the job this step
    // started; adopt it instead of failing the run.
    if (!isRefusal(error)) throw error;
    const adopted = runningPlanJobId(
      await client.getRecoveryPlan(planName, { abortSignal: options.abortSignal }),
    );
    if (!adopted) {
      // The job may have ended between the refusal and the read: then every item stands past it.
      const reached: ItemStage = kind === "commit" ? "committed" : "failedOver";
      const after = await Promise.all(targets.map((target) => readItem(context, target)));
      if (!after.every((position) => stageRank(position.stage) >= stageRank(reached))) throw error;
      progress(context, `${kind} recovery plan ${planName}: refused because it already took place`);
      return true;
    }
    progress(
      context,
      `${kind} recovery plan ${planName}: refused because job ${jobNameOf(adopted)} already runs it; awaiting that job`,
    );
    return awaitPlanJob(context, targets, planName, kind, adopted);
  }
  if (!jobName) throw new StageError(`${kind} recovery plan ${planName}: internal error: no job reported`);
  const job = await client.getJob(jobName, { abortSignal: options.abortSignal });
  if (job?.properties?.state === "Suspended") {
    const outcome = await awaitRunningJob(context, planName, kind, jobName, false);
    if (outcome === "awaitingCompleteFailover") {
      context.result.awaitingCompleteFailover.push(planName);
      return true;
    }
  } else if (job) {
    finishJob(context, planName, kind, job, false);
  }
  const after = await Promise.all(
    targets.map((target) => client.getProtectedItem(target.ref, { abortSignal: options.abortSignal })),
  );
  after.forEach((item, index) => {
    if (!item) return;
    remember(context, classifyItem(spec.flavor, item));
    if (kind === "failover") recordPoint(context, targets[index]!.name, item, job);
  });
  return true;
}

/** The job a recovery plan runs (its `currentScenario`), if any. */
function runningPlanJobId(plan: RecoveryPlan | undefined): string | undefined {
  const running = plan?.properties?.currentScenario;
  return running?.jobId && running.scenarioName && running.scenarioName !== "None"
    ? running.jobId
    : undefined;
}

/** Awaits the job a recovery plan runs (never started again) and reads its items after it. */
async function awaitPlanJob(
  context: Context,
  targets: readonly ItemTarget[],
  planName: string,
  kind: "failover" | "commit",
  jobId: string,
): Promise<true> {
  const outcome = await awaitRunningJob(context, planName, kind, jobId, true);
  if (outcome === "awaitingCompleteFailover") {
    context.result.awaitingCompleteFailover.push(planName);
    return true;
  }
  await Promise.all(targets.map((target) => readItem(context, target)));
  return true;
}

/**
 * Runs the plan to its target stage. Never throws for a failed item: failures are collected so
 * every item gets as far as it can; the caller decides how to report them.
 */
export async function runFailback(
  client: AsrClient,
  spec: FailbackRunSpec,
  options: RunOptions,
): Promise<RunResult> {
  const result: RunResult = {
    positions: new Map(),
    timeline: [],
    recoveryPoints: [],
    awaitingCompleteFailover: [],
    failures: [],
  };
  const context: Context = { client, spec, options, result, selections: new Map() };
  const goal = goalStage(spec);
  try {
    let targets: readonly ItemTarget[] = spec.items;
    if (spec.flavor !== "hyperv") {
      // Barrier (RP-05, RP-06, FO-02): every item protected, healthy, with a point, before any failover.
      const beforeFailover = stageRank(goal) < stageRank("reprotected") ? goal : "reprotected";
      targets = await driveItems(context, targets, beforeFailover);
      if (stageRank(goal) <= stageRank("reprotected")) return result;
      if (result.failures.length > 0) return result;
      targets = await selectPoints(context, targets);
      if (result.failures.length > 0) return result;
    }
    if (await planStep(context, targets, "failover")) {
      if (result.failures.length > 0 || result.awaitingCompleteFailover.length > 0) return result;
      if (stageRank(goal) > stageRank("failedOver") && (await planStep(context, targets, "commit"))) {
        if (result.failures.length > 0) return result;
      }
    }
    await driveItems(context, targets, goal);
    return result;
  } catch (error) {
    result.failures.push({ target: spec.planName, message: messageOf(error) });
    return result;
  }
}
