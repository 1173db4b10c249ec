/**
 * The emulator's mutable world: the scenario's facts plus everything that changes as the
 * provider acts (item phases, jobs, operations, created policies, mappings, VMs, NICs) and the
 * record of harm done (on-premises VMs corrupted by a cancelled sync). Plain JSON so it persists
 * as-is.
 */

import type { WorldFailure } from "../errors";
import { guidFrom } from "./ids";
import type { ItemPhase, Scenario } from "./scenario";

/** Which replication family an item belongs to (decides its instanceType and actions). */
export type ItemFlavor = "VMware" | "Physical" | "HyperV";

/** Settings chosen at reprotect from Azure to on-premises (classic InMage). */
export interface ReprotectSettings {
  readonly masterTargetId: string;
  readonly processServerId: string;
  readonly retentionDrive: string;
  readonly datastoreName?: string;
  readonly runAsAccountId?: string;
  /** Failback (InMage) policy name. */
  readonly policyName: string;
  /** Recovery to an alternate location (the on-premises VM did not exist). */
  readonly alternateLocation: boolean;
}

/** A recovery point held explicitly (from the scenario); live replication points are derived. */
export interface StoredRecoveryPoint {
  readonly type: "CrashConsistent" | "ApplicationConsistent";
  readonly timeMs: number;
}

/** The changing state of one protected item. */
export interface ItemState {
  readonly name: string;
  readonly flavor: ItemFlavor;
  phase: ItemPhase;
  /** Initial replication / resync completes at this simulated time (replicating phases only). */
  syncCompleteAtMs?: number;
  /** Policy whose recovery point frequencies apply to the current replication. */
  policyName: string;
  lastFailoverAtMs?: number;
  failoverRecoveryPointId?: string;
  azureVmExists: boolean;
  azureVmRunning: boolean;
  onPremisesVmExists: boolean;
  /** When the on-premises VM last booted (its agent registers up to 15 minutes later). */
  onPremisesVmBootAtMs?: number;
  /** Corrupted by a cancelled data sync (HV-07). */
  onPremisesVmCorrupt: boolean;
  /** Job currently running on the item. */
  activeJobName?: string;
  reprotect?: ReprotectSettings;
  storedRecoveryPoints: StoredRecoveryPoint[];
}

/** One step of a job with its simulated duration. */
export interface JobPhase {
  readonly name: string;
  readonly friendlyName: string;
  readonly durationMs: number;
  /** Moves data between Azure and on-premises: cancelling now corrupts the target (HV-07). */
  readonly dataSync?: boolean;
  /** The job suspends after this phase until resumed (Hyper-V "complete failover"). */
  readonly suspendAfter?: boolean;
}

/** What a successful job does to one item, decided when the job starts. */
export interface ItemEffect {
  /** Initial replication / resync that starts when the job ends. */
  readonly syncDurationMs: number;
  readonly reprotect?: ReprotectSettings;
  readonly policyName?: string;
  readonly createVmIfNotFound?: boolean;
  readonly recoveryPointId?: string;
}

/** What a job does to the world when it succeeds. */
export type JobAction =
  | "reProtect"
  | "unplannedFailover"
  | "plannedFailover"
  | "failoverCommit"
  | "failoverCancel"
  | "repairReplication"
  | "configure";

/** A Site Recovery job. Its state is derived from the clock (see `jobs.ts`). */
export interface JobRecord {
  readonly name: string;
  readonly scenarioName: string;
  readonly friendlyName: string;
  readonly targetInstanceType:
    | "ProtectionEntity"
    | "RecoveryPlan"
    | "ProtectionProfile"
    | "ProtectionContainerMapping";
  readonly targetObjectId: string;
  readonly targetObjectName: string;
  readonly action: JobAction;
  /** Items the job acts on (one for an item action, all of a plan for a plan action). */
  readonly itemNames: readonly string[];
  /** The request body's `properties`, kept for effects and for restart. */
  readonly input: Record<string, unknown>;
  startMs: number;
  phases: JobPhase[];
  resumedAtMs?: number;
  cancelledAtMs?: number;
  /** The job fails at the end of this phase with this error. */
  failure?: { readonly phaseIndex: number; readonly error: WorldFailure };
  /** Per item: what success does to it (see `itemStateMachine.applySuccess`). */
  effects: Record<string, ItemEffect>;
  /** Effects applied (terminal state reached and the world updated). */
  settled: boolean;
}

/** An asynchronous operation answered by `Azure-AsyncOperation` / `Location`. */
export interface OperationRecord {
  readonly id: string;
  /** The job the operation follows; when absent the operation completes at `completeAtMs`. */
  readonly jobName?: string;
  /** True for the request that started the job: a suspended job ends this operation. */
  readonly startsJob?: boolean;
  /**
   * The final result `Location` answers with once the operation succeeded: `item:<name>`,
   * `plan:<name>` or `job:<name>`; absent when there is none.
   */
  readonly resultPath?: string;
  readonly createdMs: number;
  readonly completeAtMs?: number;
}

/** A policy created through the API or seeded from the scenario. */
export interface PolicyState {
  readonly name: string;
  readonly instanceType: string;
  readonly providerSpecific: Record<string, unknown>;
}

/** A protection container mapping. */
export interface MappingState {
  readonly fabricName: string;
  readonly containerName: string;
  readonly name: string;
  readonly policyName: string;
  readonly targetProtectionContainerId: string;
  readonly providerSpecificInput?: Record<string, unknown>;
}

/** A network interface created through the Compute/Network API. */
export interface NicState {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly subnetId: string;
  readonly privateIpAddress: string;
  readonly allocationMethod: "Static" | "Dynamic";
  readonly tags: Record<string, string>;
}

/** A virtual machine created through the Compute API. */
export interface VmState {
  readonly name: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly body: Record<string, unknown>;
  readonly nicIds: readonly string[];
  readonly createdMs: number;
  readonly provisionedAtMs: number;
  /** Deployed from the process server image / tagged as one: registers with the configuration server. */
  readonly processServer: boolean;
  readonly tags: Record<string, string>;
}

/** A record that an on-premises VM was corrupted (tests assert this list stays empty). */
export interface CorruptionRecord {
  readonly itemName: string;
  readonly jobName: string;
  readonly atMs: number;
  readonly reason: string;
}

/** The whole persisted world. */
export interface WorldState {
  readonly formatVersion: 1;
  scenario: Scenario;
  /** Simulated time when the state was written. */
  clockMs: number;
  items: Record<string, ItemState>;
  jobs: Record<string, JobRecord>;
  operations: Record<string, OperationRecord>;
  policies: Record<string, PolicyState>;
  mappings: Record<string, MappingState>;
  virtualMachines: Record<string, VmState>;
  networkInterfaces: Record<string, NicState>;
  corruptions: CorruptionRecord[];
  /** Counter for deterministic job and operation names. */
  sequence: number;
}

/** Flavor of a scenario item kind. */
export function flavorOf(kind: Scenario["protectedItems"][number]["kind"]): ItemFlavor {
  return kind === "HyperVVm" ? "HyperV" : kind === "PhysicalServer" ? "Physical" : "VMware";
}

/** Key of a mapping in {@link WorldState.mappings}. */
export function mappingKey(fabricName: string, containerName: string, mappingName: string): string {
  return `${fabricName}/${containerName}/${mappingName}`.toLowerCase();
}

/** Builds the initial world from a scenario. */
export function createWorld(scenario: Scenario): WorldState {
  const startMs = Date.parse(scenario.startTime);
  const minutes = (value: number) => value * 60_000;
  const items: Record<string, ItemState> = {};
  for (const item of scenario.protectedItems) {
    const replicating = item.state === "Protected" || item.state === "ReplicatingToOnPremises";
    const inAzure = ["FailedOverToAzure", "FailoverCommittedInAzure", "ReplicatingToOnPremises"].includes(
      item.state,
    );
    items[item.name] = {
      name: item.name,
      flavor: flavorOf(item.kind),
      phase: item.state,
      syncCompleteAtMs: replicating ? startMs - minutes(60) : undefined,
      policyName: item.policy,
      lastFailoverAtMs: item.state === "Protected" ? undefined : startMs - minutes(item.failedOverMinutesAgo),
      azureVmExists: item.azureVm?.exists ?? false,
      azureVmRunning: inAzure && (item.azureVm?.exists ?? false) && (item.azureVm?.running ?? false),
      onPremisesVmExists: item.onPremisesVmExists,
      onPremisesVmBootAtMs: item.state === "FailbackCommittedOnPremises" ? startMs - minutes(60) : undefined,
      onPremisesVmCorrupt: false,
      storedRecoveryPoints: item.recoveryPoints.map((point) => ({
        type: point.type,
        timeMs: startMs - minutes(point.minutesAgo),
      })),
    };
  }
  const policies: Record<string, PolicyState> = {};
  for (const policy of scenario.policies) {
    policies[policy.name] = {
      name: policy.name,
      instanceType: policy.instanceType,
      providerSpecific: {
        recoveryPointHistory: policy.recoveryPointHistoryInMinutes,
        appConsistentFrequencyInMinutes: policy.appConsistentFrequencyInMinutes,
        crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyInMinutes,
        multiVmSyncStatus: policy.multiVmSync ? "Enable" : "Disable",
      },
    };
  }
  // Every policy used by items is mapped to the container of those items, as in a vault where
  // replication was enabled through the portal.
  const mappings: Record<string, MappingState> = {};
  for (const item of scenario.protectedItems) {
    const { fabricName, containerName } = containerOfItem(scenario, item.name);
    const name = `${containerName}-${item.policy}`;
    mappings[mappingKey(fabricName, containerName, name)] = {
      fabricName,
      containerName,
      name,
      policyName: item.policy,
      targetProtectionContainerId: "Microsoft Azure",
    };
  }
  return {
    formatVersion: 1,
    scenario,
    clockMs: startMs,
    items,
    jobs: {},
    operations: {},
    policies,
    mappings,
    virtualMachines: {},
    networkInterfaces: {},
    corruptions: [],
    sequence: 0,
  };
}

/** Fabric and container names of the scenario's configuration server (VMware/physical). */
export function vmwareContainer(
  scenario: Scenario,
): { fabricName: string; containerName: string } | undefined {
  const server = scenario.configurationServer;
  if (!server) return undefined;
  return {
    fabricName: server.fabricName,
    containerName: server.containerName ?? `${server.fabricName}-container`,
  };
}

/** Fabric and container names of the scenario's Hyper-V site. */
export function hyperVContainer(
  scenario: Scenario,
): { fabricName: string; containerName: string } | undefined {
  const site = scenario.hyperV;
  if (!site) return undefined;
  return {
    fabricName: site.fabricName,
    containerName: site.containerName ?? `cloud_${guidFrom("hyperv", site.fabricName)}`,
  };
}

/** Fabric and container of a protected item. */
export function containerOfItem(
  scenario: Scenario,
  itemName: string,
): { fabricName: string; containerName: string } {
  const item = scenario.protectedItems.find((candidate) => candidate.name === itemName);
  const container = item?.kind === "HyperVVm" ? hyperVContainer(scenario) : vmwareContainer(scenario);
  if (!container) throw new Error(`internal error: item ${itemName} has no container`);
  return container;
}
