/**
 * The world store: the only code that mutates the world. It starts jobs planned by the model,
 * settles jobs whose derived state has become terminal (applying their effects in time order),
 * and persists after every mutation. HTTP handlers call it and never touch the state directly.
 * Jobs and operations live here; policies, mappings, NICs, VMs and scenario patches have their
 * own kind stores behind this facade, each changing the world through its `mutate`.
 */
import { AsrErrorCodes } from "asr-contract";
import type { SimulatedClock } from "../clock";
import { Errors, type WorldFailure, worldFailure } from "../errors";
import {
  type ItemAction,
  type ItemActionPlan,
  jobLayout,
  planItemAction,
  planRecoveryPlanAction,
  planRestartedRecoveryPlanItems,
} from "../model/actions";
import { guidFrom } from "../model/ids";
import { applyFailure, applySuccess, describeItem } from "../model/itemStateMachine";
import { isTerminal, type JobStatus, jobStatusAt } from "../model/jobs";
import { withNameKeyedStores } from "../model/nameKeyed";
import { scenarioItem } from "../model/site";
import type {
  CorruptionRecord,
  JobAction,
  JobRecord,
  MappingState,
  NicState,
  OperationRecord,
  PolicyState,
  VmState,
  WorldState,
} from "../model/world";
import { MappingStore } from "./mappingStore";
import { NetworkInterfaceStore } from "./networkInterfaceStore";
import { PolicyStore } from "./policyStore";
import { patchScenario } from "./scenarioPatch";
import type { StoreContext } from "./storeContext";
import { VirtualMachineStore } from "./virtualMachineStore";

/** Where a job-backed operation's final result lives. */
export type ResultTarget =
  | { kind: "item"; itemName: string }
  | { kind: "plan"; planName: string }
  | { kind: "job" }
  | { kind: "none" };

/** The status an `Azure-AsyncOperation` URL reports. */
export interface OperationStatusView {
  readonly id: string;
  readonly status: "InProgress" | "Succeeded" | "Failed" | "Canceled";
  readonly startTimeMs: number;
  readonly endTimeMs?: number;
  readonly error?: WorldFailure;
  readonly resultPath?: string;
}

/** How the store saves the world (omitted: in memory only). */
export interface WorldPersistence {
  saveWorld(world: WorldState): void;
}

/** Options of a started action. */
export interface StartActionOptions {
  /** Fault injection: make the job fail at its first phase with this error. */
  readonly forcedFailure?: WorldFailure;
  /** Builds the ARM path of the final result (needs the vault scope, which the HTTP layer knows). */
  readonly resultPath?: string;
}

/** The store. */
export class WorldStore implements StoreContext {
  private unsettled = new Set<string>();
  private readonly policies = new PolicyStore(this);
  private readonly mappings = new MappingStore(this, this.policies);
  private readonly networkInterfaces = new NetworkInterfaceStore(this);
  private readonly virtualMachines = new VirtualMachineStore(this);

  /** The world; read it at each call. */
  public state: WorldState;

  constructor(
    state: WorldState,
    readonly clock: SimulatedClock,
    private readonly persistence?: WorldPersistence,
  ) {
    this.state = withNameKeyedStores(state);
    for (const job of Object.values(state.jobs)) if (!job.settled) this.unsettled.add(job.name);
    clock.onAdvance(() => {
      this.settle();
      this.save();
    });
  }

  /** Current simulated time. */
  nowMs(): number {
    return this.clock.nowMs();
  }

  /** Persists the world now. */
  save(): void {
    this.state.clockMs = this.clock.nowMs();
    this.persistence?.saveWorld(this.state);
  }

  /** Runs `mutation`, settles, persists, and returns the mutation's result. */
  mutate<T>(mutation: (state: WorldState) => T): T {
    this.settle();
    const result = mutation(this.state);
    this.settle();
    this.save();
    return result;
  }

  /**
   * Applies the effects of every job that reached a terminal state, oldest first, so a later
   * job sees the world its predecessors left. Persists when anything changed.
   */
  settle(): void {
    if (this.unsettled.size === 0) return;
    const nowMs = this.nowMs();
    const finished: { job: JobRecord; status: JobStatus }[] = [];
    for (const name of this.unsettled) {
      const job = this.state.jobs[name]!;
      const status = jobStatusAt(job, nowMs);
      if (isTerminal(status.state)) finished.push({ job, status });
    }
    if (finished.length === 0) return;
    finished.sort((a, b) => (a.status.endMs ?? 0) - (b.status.endMs ?? 0));
    for (const { job, status } of finished) {
      for (const itemName of job.itemNames) {
        const item = this.state.items[itemName];
        if (!item) continue;
        if (status.state === "Succeeded") {
          applySuccess(item, job.action, {
            ...(job.effects[itemName] ?? { syncDurationMs: 0 }),
            startMs: job.startMs,
            endMs: status.endMs!,
          });
        } else if (status.state === "Failed" || status.state === "Cancelled") {
          applyFailure(item, job.action, status.state, { startMs: job.startMs, endMs: status.endMs! });
        }
        if (item.activeJobName === job.name) item.activeJobName = undefined;
      }
      job.settled = true;
      this.unsettled.delete(job.name);
    }
    this.save();
  }

  private nextName(kind: string): string {
    this.state.sequence += 1;
    return guidFrom(kind, this.state.sequence, this.state.scenario.subscriptionId);
  }

  private createJob(
    fields: Omit<JobRecord, "name" | "startMs" | "settled" | "effects" | "phases" | "failure"> & {
      plans: readonly ItemActionPlan[];
    },
    options: StartActionOptions,
  ): JobRecord {
    const { plans, ...rest } = fields;
    const layout = jobLayout(plans);
    const failure = options.forcedFailure ? { phaseIndex: 0, error: options.forcedFailure } : layout.failure;
    const kind = layout.kind;
    const job: JobRecord = {
      ...rest,
      ...(kind
        ? {
            scenarioName: kind.scenarioName,
            friendlyName:
              rest.targetInstanceType === "RecoveryPlan"
                ? `${kind.friendlyName} (recovery plan)`
                : kind.friendlyName,
            detailsType: kind.detailsType,
          }
        : {}),
      name: this.nextName("job"),
      startMs: this.nowMs(),
      phases: layout.phases,
      failure,
      effects: layout.effects,
      settled: false,
    };
    this.state.jobs[job.name] = job;
    this.unsettled.add(job.name);
    for (const itemName of job.itemNames) this.state.items[itemName]!.activeJobName = job.name;
    return job;
  }

  private createOperation(fields: Omit<OperationRecord, "id" | "createdMs">, id?: string): OperationRecord {
    const operation: OperationRecord = {
      id: id ?? this.nextName("operation"),
      createdMs: this.nowMs(),
      ...fields,
    };
    this.state.operations[operation.id] = operation;
    return operation;
  }

  /** Starts an action on one protected item. The operation ID is the job name (as Site Recovery does). */
  startItemAction(
    itemName: string,
    action: ItemAction,
    properties: Record<string, unknown>,
    options: StartActionOptions = {},
  ): { job: JobRecord; operation: OperationRecord } {
    return this.mutate(() => {
      const plan = planItemAction(this.state, itemName, action, properties, this.nowMs());
      const source = scenarioItem(this.state.scenario, itemName);
      const job = this.createJob(
        {
          scenarioName: jobScenarioNames[action][0],
          friendlyName: jobScenarioNames[action][1],
          targetInstanceType: "ProtectionEntity",
          targetObjectId: itemName,
          targetObjectName: source.friendlyName ?? source.name,
          action,
          itemNames: [itemName],
          input: properties,
          plans: [plan],
        },
        options,
      );
      const operation = this.createOperation(
        { jobName: job.name, startsJob: true, resultPath: options.resultPath },
        job.name,
      );
      return { job, operation };
    });
  }

  /** Starts an action on every item of a recovery plan, as one job. */
  startPlanAction(
    planName: string,
    action: ItemAction,
    properties: Record<string, unknown>,
    options: StartActionOptions = {},
  ): { job: JobRecord; operation: OperationRecord } {
    return this.mutate(() => {
      const plan = this.findPlan(planName);
      const plans = planRecoveryPlanAction(this.state, plan, action, properties, this.nowMs());
      const job = this.createJob(
        {
          scenarioName: jobScenarioNames[action][0],
          friendlyName: `${jobScenarioNames[action][1]} (recovery plan)`,
          targetInstanceType: "RecoveryPlan",
          targetObjectId: plan.name,
          targetObjectName: plan.name,
          action,
          itemNames: plan.items,
          input: properties,
          plans,
        },
        options,
      );
      const operation = this.createOperation(
        { jobName: job.name, startsJob: true, resultPath: options.resultPath },
        job.name,
      );
      return { job, operation };
    });
  }

  /** The scenario's recovery plan of that name (case-insensitive). */
  findPlan(planName: string): { name: string; items: string[] } {
    const plan = this.state.scenario.recoveryPlans.find(
      (candidate) => candidate.name.toLowerCase() === planName.toLowerCase(),
    );
    if (!plan) throw Errors.asrObjectNotFound("recovery plan", planName);
    return plan;
  }

  /** The job of that name (case-insensitive). */
  findJob(jobName: string): JobRecord {
    const job =
      this.state.jobs[jobName] ??
      Object.values(this.state.jobs).find(
        (candidate) => candidate.name.toLowerCase() === jobName.toLowerCase(),
      );
    if (!job) throw Errors.asrObjectNotFound("job", jobName);
    return job;
  }

  /** Derived state of a job now. */
  jobStatus(job: JobRecord): JobStatus {
    return jobStatusAt(job, this.nowMs());
  }

  /** Resumes a suspended job (Hyper-V "complete failover"). */
  resumeJob(jobName: string, resultPath?: string): { job: JobRecord; operation: OperationRecord } {
    return this.mutate(() => {
      const job = this.findJob(jobName);
      const status = this.jobStatus(job);
      if (status.state !== "Suspended") {
        throw Errors.operationNotAllowed(
          "Resume",
          `job ${job.name}`,
          status.state,
          status.state === "InProgress" ? ["Cancel"] : [],
        );
      }
      job.resumedAtMs = this.nowMs();
      return { job, operation: this.createOperation({ jobName: job.name, resultPath }) };
    });
  }

  /**
   * Cancels a running job. Cancelling while data moves leaves the target VM corrupt (HV-07);
   * that is recorded in {@link WorldState.corruptions} so tests can prove it never happens.
   */
  cancelJob(jobName: string, resultPath?: string): { job: JobRecord; operation: OperationRecord } {
    return this.mutate(() => {
      const job = this.findJob(jobName);
      const status = this.jobStatus(job);
      if (isTerminal(status.state))
        throw Errors.operationNotAllowed("Cancel", `job ${job.name}`, status.state, []);
      const nowMs = this.nowMs();
      const running = status.state === "InProgress" ? job.phases[status.phaseIndex] : undefined;
      if (running?.dataSync) {
        for (const itemName of job.itemNames) {
          const item = this.state.items[itemName];
          if (!item) continue;
          item.onPremisesVmCorrupt = true;
          const record: CorruptionRecord = {
            itemName,
            jobName: job.name,
            atMs: nowMs,
            reason: `job ${job.scenarioName} was cancelled during "${running.friendlyName}"`,
          };
          this.state.corruptions.push(record);
        }
      }
      job.cancelledAtMs = nowMs;
      return { job, operation: this.createOperation({ jobName: job.name, resultPath, completeAtMs: nowMs }) };
    });
  }

  /** Restarts a failed or cancelled job: the action is planned again against today's world. */
  restartJob(jobName: string, resultPath?: string): { job: JobRecord; operation: OperationRecord } {
    return this.mutate(() => {
      const job = this.findJob(jobName);
      const status = this.jobStatus(job);
      if (status.state !== "Failed" && status.state !== "Cancelled") {
        throw Errors.operationNotAllowed("Restart", `job ${job.name}`, status.state, []);
      }
      if (job.action === "configure")
        throw Errors.operationNotAllowed("Restart", `job ${job.name}`, status.state, []);
      const nowMs = this.nowMs();
      const action = job.action as ItemAction;
      const plans =
        job.targetInstanceType === "RecoveryPlan"
          ? planRestartedRecoveryPlanItems(this.state, job.itemNames, action, job.input, nowMs)
          : [planItemAction(this.state, job.itemNames[0]!, action, job.input, nowMs)];
      const layout = jobLayout(plans);
      job.phases = layout.phases;
      job.failure = layout.failure;
      job.startMs = nowMs;
      job.resumedAtMs = undefined;
      job.cancelledAtMs = undefined;
      job.settled = false;
      job.effects = layout.effects;
      this.unsettled.add(job.name);
      for (const itemName of job.itemNames) this.state.items[itemName]!.activeJobName = job.name;
      return { job, operation: this.createOperation({ jobName: job.name, resultPath }) };
    });
  }

  /** The operation of that ID. */
  findOperation(operationId: string): OperationRecord {
    const operation =
      this.state.operations[operationId] ??
      Object.values(this.state.operations).find(
        (candidate) => candidate.id.toLowerCase() === operationId.toLowerCase(),
      );
    if (!operation) throw Errors.asrObjectNotFound("operation", operationId);
    return operation;
  }

  /** What the operation's status URL reports now. */
  operationStatus(operation: OperationRecord): OperationStatusView {
    const nowMs = this.nowMs();
    if (operation.jobName) {
      const job = this.findJob(operation.jobName);
      const status = jobStatusAt(job, nowMs);
      const base = { id: operation.id, startTimeMs: operation.createdMs, resultPath: operation.resultPath };
      switch (status.state) {
        case "Succeeded":
          return { ...base, status: "Succeeded", endTimeMs: status.endMs };
        case "Failed":
          return { ...base, status: "Failed", endTimeMs: status.endMs, error: job.failure?.error };
        case "Cancelled":
          return operation.completeAtMs !== undefined
            ? { ...base, status: "Succeeded", endTimeMs: operation.completeAtMs }
            : {
                ...base,
                status: "Canceled",
                endTimeMs: status.endMs,
                error: worldFailure(AsrErrorCodes.jobCancelled, `Job ${job.name} was cancelled.`),
              };
        case "Suspended":
          // The request that started the job is done once the job waits for a manual action;
          // the rest of the work is tracked by the operation of the resume request.
          return operation.startsJob
            ? { ...base, status: "Succeeded", endTimeMs: status.suspendedAtMs }
            : { ...base, status: "InProgress" };
        default:
          return { ...base, status: "InProgress" };
      }
    }
    const done = operation.completeAtMs === undefined || nowMs >= operation.completeAtMs;
    return {
      id: operation.id,
      status: done ? "Succeeded" : "InProgress",
      startTimeMs: operation.createdMs,
      endTimeMs: done ? (operation.completeAtMs ?? operation.createdMs) : undefined,
      resultPath: operation.resultPath,
    };
  }

  /** Registers an operation that completes after `durationMs` (policies, mappings, compute). */
  startTimedOperation(durationMs: number, resultPath?: string): OperationRecord {
    return this.mutate(() => this.createOperation({ completeAtMs: this.nowMs() + durationMs, resultPath }));
  }

  /** Creates or updates a replication policy. */
  upsertPolicy(name: string, providerSpecificInput: Record<string, unknown>): PolicyState {
    return this.policies.upsert(name, providerSpecificInput);
  }

  /** The policy of that name (case-insensitive). */
  findPolicy(name: string): PolicyState {
    return this.policies.find(name);
  }

  /** Deletes a policy; refused while a container mapping uses it (as Site Recovery does). */
  deletePolicy(name: string): void {
    this.policies.delete(name);
  }

  /** Creates a container mapping (associates a policy with a container). */
  createMapping(mapping: MappingState): MappingState {
    return this.mappings.create(mapping);
  }

  /** The mapping, or undefined. */
  findMapping(fabricName: string, containerName: string, name: string): MappingState | undefined {
    return this.mappings.find(fabricName, containerName, name);
  }

  /** Deletes a mapping; refused while a replicating item of the container depends on its policy. */
  deleteMapping(fabricName: string, containerName: string, name: string): void {
    this.mappings.delete(fabricName, containerName, name);
  }

  /** Creates or updates a NIC after checking its static IP (NET-05: unique, inside the subnet). */
  upsertNic(nic: NicState): NicState {
    return this.networkInterfaces.upsert(nic);
  }

  /** Deletes a NIC; refused while a VM uses it (ARM's NicInUse). */
  deleteNic(name: string): boolean {
    return this.networkInterfaces.delete(name);
  }

  /** Creates or updates a VM. A process server VM starts its registration countdown when provisioned. */
  upsertVm(fields: Omit<VmState, "createdMs" | "provisionedAtMs">): VmState {
    return this.virtualMachines.upsert(fields);
  }

  /** Deletes a VM. */
  deleteVm(name: string): boolean {
    return this.virtualMachines.delete(name);
  }

  /**
   * Changes one fact of the scenario (`vCenters[0].connected` = false) and re-validates it; the
   * admin API uses this so tests can break the world between steps.
   */
  patchScenario(path: string, value: unknown): void {
    patchScenario(this, path, value);
  }

  /** Starts or stops the Azure VM of a failed-over item (Compute start / powerOff). */
  setAzureVmRunning(itemName: string, running: boolean): void {
    this.mutate((state) => {
      const item = state.items[itemName];
      if (!item?.azureVmExists) throw Errors.resourceNotFound("Microsoft.Compute/virtualMachines", itemName);
      item.azureVmRunning = running;
    });
  }

  /** On-premises VMs corrupted so far. */
  corruptions(): readonly CorruptionRecord[] {
    return this.state.corruptions;
  }

  /** A summary of each item (phase, view, active job) for tests and the admin API. */
  summary(): Record<string, unknown> {
    this.settle();
    const nowMs = this.nowMs();
    return {
      simulatedTime: new Date(nowMs).toISOString(),
      corruptions: this.state.corruptions,
      items: Object.fromEntries(
        Object.values(this.state.items).map((item) => {
          const job = item.activeJobName ? this.state.jobs[item.activeJobName] : undefined;
          const view = describeItem(item, job, nowMs);
          return [
            item.name,
            {
              phase: item.phase,
              protectionState: view.protectionState,
              allowedOperations: view.allowedOperations,
              activeJob: job?.name,
              onPremisesVmCorrupt: item.onPremisesVmCorrupt,
              azureVmRunning: item.azureVmRunning,
            },
          ];
        }),
      ),
    };
  }
}

/** Job scenario names and friendly names per action. */
export const jobScenarioNames: Record<JobAction, [string, string]> = {
  reProtect: ["Reprotect", "Reprotect"],
  unplannedFailover: ["UnplannedFailover", "Failover"],
  plannedFailover: ["PlannedFailover", "Planned failover"],
  failoverCommit: ["CommitFailover", "Commit"],
  failoverCancel: ["CancelFailover", "Cancel failover"],
  repairReplication: ["RepairReplication", "Resynchronize"],
  configure: ["Configure", "Configure"],
};
