/**
 * The emulator's mutable world: the scenario's facts plus everything that changes as the
 * provider acts (item phases, jobs, operations, created policies, mappings, VMs, NICs) and the
 * record of harm done (on-premises VMs corrupted by a cancelled sync). Plain JSON so it persists
 * as-is.
 */

import { ContainerIdCodec, StorageAccountIdCodec } from "asr-contract";
import type { WorldFailure } from "../errors";
import { guidFrom } from "./ids";
import type { ItemPhase, Scenario } from "./scenario";
import { applianceIdOf } from "./scenarioApplianceSite";
import { findScenarioItem } from "./scenarioItems";

/** Which replication family an item belongs to (decides its instanceType and actions). */
export type ItemFlavor = "VMware" | "Physical" | "HyperV";

/**
 * Which architecture replicates a VMware or physical item: `classic` (configuration server,
 * InMageAzureV2 / InMage) or `modernized` (replication appliance, InMageRcm / InMageRcmFailback).
 */
export type ReplicationPath = "classic" | "modernized";

/** Settings chosen at reprotect from Azure to on-premises through an appliance (InMageRcmReprotectInput). */
export interface ApplianceReprotectSettings {
  /** ID of the appliance whose reprotect agent serves the replication back. */
  readonly reprotectAgentId: string;
  readonly datastoreName: string;
  readonly logStorageAccountId: string;
  /** Failback (InMageRcmFailback) policy name. */
  readonly policyName: string;
  /** Recovery to an alternate location: the on-premises VM is recreated and every block copied (MR-16). */
  readonly alternateLocation: boolean;
}

/** Outcome of an item's last planned failover from Azure (modernized). */
export type PlannedFailoverStatus = "Succeeded" | "Failed" | "Cancelled";

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
  /** When that initial replication / resync started (modernized items; absent: unknown). */
  syncStartedAtMs?: number;
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
  /** Replication architecture of a VMware or physical item; absent: classic. */
  replicationPath?: ReplicationPath;
  /** Modernized: the appliance replicating the item to Azure (its ID). */
  forwardApplianceId?: string;
  /** Modernized: the forward (InMageRcm) policy while the item replicates back or has failed back. */
  forwardPolicyName?: string;
  /** Modernized: how the replication back to the site was set up. */
  applianceReprotect?: ApplianceReprotectSettings;
  /** Modernized: false when the Mobility agent of the failed-over Azure VM did not register (MR-14). */
  agentRegisteredAfterFailover?: boolean;
  /** Modernized: the replication back needs a resynchronization (MR-23). */
  resyncRequired?: boolean;
  lastPlannedFailoverStartMs?: number;
  lastPlannedFailoverStatus?: PlannedFailoverStatus;
  /** Modernized: the planned failover failed and was not rolled back; it waits for a cancel (MR-28). */
  plannedFailoverFailed?: boolean;
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
  /** Modernized reprotect to on-premises: the appliance, datastore, cache account and policy. */
  readonly applianceReprotect?: ApplianceReprotectSettings;
  /** Modernized reprotect to Azure: the appliance (process server) that replicates the item. */
  readonly forwardApplianceId?: string;
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

/** Subtypes of a job's `customDetails` the emulator answers with. */
export type JobDetailsType = "AsrJobDetails" | "SwitchProtectionJobDetails" | "FailoverJobDetails";

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
  /** `customDetails.instanceType` of the job (absent: AsrJobDetails). */
  readonly detailsType?: JobDetailsType;
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
  /** Health the mapping reports (absent: Normal). */
  readonly health?: "Normal" | "Warning" | "Critical";
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

const MINUTE_MS = 60_000;
const minutes = (value: number) => value * MINUTE_MS;

type ScenarioItem = Scenario["protectedItems"][number];
type ScenarioPolicy = Scenario["policies"][number];

/** States in which an item replicates back to the site or has failed back. */
const backOnTheSite: readonly ItemPhase[] = [
  "ReplicatingToOnPremises",
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

/** The item's state when the scenario starts. */
function initialItemState(scenario: Scenario, item: ScenarioItem, startMs: number): ItemState {
  const replicating = item.state === "Protected" || item.state === "ReplicatingToOnPremises";
  const inAzure = ["FailedOverToAzure", "FailoverCommittedInAzure", "ReplicatingToOnPremises"].includes(
    item.state,
  );
  const syncMinutesLeft = item.initialReplicationMinutesLeft;
  const lastFailoverAtMs =
    item.state === "Protected" ? undefined : startMs - minutes(item.failedOverMinutesAgo);
  const base: ItemState = {
    name: item.name,
    flavor: flavorOf(item.kind),
    phase: item.state,
    syncCompleteAtMs: replicating
      ? syncMinutesLeft > 0
        ? startMs + minutes(syncMinutesLeft)
        : startMs - minutes(60)
      : undefined,
    policyName: item.policy,
    lastFailoverAtMs,
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
  if (item.replicationPath !== "modernized") return base;
  const site = scenario.applianceSite!;
  const forwardAppliance =
    site.appliances.find((appliance) => appliance.name === item.appliance) ?? site.appliances[0]!;
  const reprotect = backOnTheSite.includes(item.state) ? item.applianceReprotect : undefined;
  const failedBack = item.state === "FailedBackToOnPremises" || item.state === "FailbackCommittedOnPremises";
  const reprotectAppliance = site.appliances.find((appliance) => appliance.name === reprotect?.appliance);
  const storageAccount = scenario.azure.storageAccounts.find(
    (account) => account.name === reprotect?.logStorageAccount,
  );
  return {
    ...base,
    replicationPath: "modernized",
    syncStartedAtMs:
      replicating && syncMinutesLeft > 0 ? startMs - minutes(syncMinutesLeft) : base.syncCompleteAtMs,
    forwardApplianceId: applianceIdOf(forwardAppliance),
    policyName: reprotect ? reprotect.policy : item.policy,
    forwardPolicyName: reprotect ? item.policy : undefined,
    applianceReprotect:
      reprotect && reprotectAppliance && storageAccount
        ? {
            reprotectAgentId: applianceIdOf(reprotectAppliance),
            datastoreName: reprotect.datastore,
            logStorageAccountId: StorageAccountIdCodec.format({
              subscriptionId: scenario.subscriptionId,
              resourceGroup: storageAccount.resourceGroup ?? scenario.resourceGroup,
              storageAccountName: storageAccount.name,
            }),
            policyName: reprotect.policy,
            alternateLocation: !item.onPremisesVmExists || item.kind === "PhysicalServer",
          }
        : undefined,
    agentRegisteredAfterFailover: item.agentRegisteredAfterFailover,
    resyncRequired: item.state === "ReplicatingToOnPremises" && item.resyncRequired ? true : undefined,
    onPremisesVmBootAtMs: failedBack ? lastFailoverAtMs : base.onPremisesVmBootAtMs,
    onPremisesVmExists: item.onPremisesVmExists || failedBack,
    lastPlannedFailoverStartMs:
      failedBack && lastFailoverAtMs !== undefined ? lastFailoverAtMs - minutes(15) : undefined,
    lastPlannedFailoverStatus: failedBack ? (item.plannedFailoverFailed ? "Failed" : "Succeeded") : undefined,
    plannedFailoverFailed: item.plannedFailoverFailed ? true : undefined,
  };
}

/** A scenario policy's settings as its provider shows them. */
function initialPolicyState(policy: ScenarioPolicy): PolicyState {
  const frequencies = {
    appConsistentFrequencyInMinutes: policy.appConsistentFrequencyInMinutes,
    crashConsistentFrequencyInMinutes: policy.crashConsistentFrequencyInMinutes,
  };
  const providerSpecific: Record<string, unknown> =
    policy.instanceType === "InMageRcmFailback"
      ? frequencies
      : policy.instanceType === "InMageRcm"
        ? {
            recoveryPointHistoryInMinutes: policy.recoveryPointHistoryInMinutes,
            ...frequencies,
            enableMultiVmSync: policy.multiVmSync ? "True" : "False",
          }
        : {
            recoveryPointHistory: policy.recoveryPointHistoryInMinutes,
            ...frequencies,
            multiVmSyncStatus: policy.multiVmSync ? "Enable" : "Disable",
          };
  return { name: policy.name, instanceType: policy.instanceType, providerSpecific };
}

/**
 * Mappings of the classic containers: every policy used by items is mapped to the container of
 * those items, as in a vault where replication was enabled through the portal.
 */
function classicMappings(scenario: Scenario): Record<string, MappingState> {
  const mappings: Record<string, MappingState> = {};
  for (const item of scenario.protectedItems) {
    if (item.replicationPath === "modernized") continue;
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
  return mappings;
}

/**
 * Mappings of the appliance site's container: an InMageRcm policy maps to Azure (forward), an
 * InMageRcmFailback policy to the container itself (failback, no provider details).
 */
function applianceMappings(scenario: Scenario): Record<string, MappingState> {
  const container = applianceContainer(scenario);
  const site = scenario.applianceSite;
  if (!container || !site) return {};
  const types = new Map(scenario.policies.map((policy) => [policy.name, policy.instanceType]));
  const declared =
    site.mappings ??
    scenario.policies
      .filter((policy) => policy.instanceType === "InMageRcm" || policy.instanceType === "InMageRcmFailback")
      .map((policy) => ({
        name: `${policy.name}-containerpairing`,
        policy: policy.name,
        health: "Normal" as const,
      }));
  const selfId = ContainerIdCodec.format({
    subscriptionId: scenario.subscriptionId,
    resourceGroup: scenario.resourceGroup,
    vaultName: scenario.vault.name,
    ...container,
  });
  const mappings: Record<string, MappingState> = {};
  for (const mapping of declared) {
    const forward = types.get(mapping.policy) === "InMageRcm";
    mappings[mappingKey(container.fabricName, container.containerName, mapping.name)] = {
      ...container,
      name: mapping.name,
      policyName: mapping.policy,
      targetProtectionContainerId: forward ? "Microsoft Azure" : selfId,
      providerSpecificInput: forward
        ? { instanceType: "InMageRcm", enableAgentAutoUpgrade: "true" }
        : { instanceType: "InMageRcmFailback" },
      health: mapping.health,
    };
  }
  return mappings;
}

/** Builds the initial world from a scenario. */
export function createWorld(scenario: Scenario): WorldState {
  const startMs = Date.parse(scenario.startTime);
  const items: Record<string, ItemState> = {};
  for (const item of scenario.protectedItems) items[item.name] = initialItemState(scenario, item, startMs);
  const policies: Record<string, PolicyState> = {};
  for (const policy of scenario.policies) policies[policy.name] = initialPolicyState(policy);
  return {
    formatVersion: 1,
    scenario,
    clockMs: startMs,
    items,
    jobs: {},
    operations: {},
    policies,
    mappings: { ...classicMappings(scenario), ...applianceMappings(scenario) },
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

/** Fabric and container names of the scenario's appliance site (modernized VMware/physical). */
export function applianceContainer(
  scenario: Scenario,
): { fabricName: string; containerName: string } | undefined {
  const site = scenario.applianceSite;
  if (!site) return undefined;
  return { fabricName: site.fabricName, containerName: site.containerName ?? `${site.fabricName}-container` };
}

/** Fabric and container of a protected item. */
export function containerOfItem(
  scenario: Scenario,
  itemName: string,
): { fabricName: string; containerName: string } {
  const item = findScenarioItem(scenario, itemName);
  const container =
    item?.kind === "HyperVVm"
      ? hyperVContainer(scenario)
      : item?.replicationPath === "modernized"
        ? applianceContainer(scenario)
        : vmwareContainer(scenario);
  if (!container) throw new Error(`internal error: item ${itemName} has no container`);
  return container;
}
