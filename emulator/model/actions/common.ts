/**
 * What every action planner shares: the plan type, reading a request's provider details, job
 * phases, the first failing check, and the checks more than one action makes.
 */
import { AsrErrorCodes, armIdName, PolicyIdCodec } from "asr-contract";
import { ArmError, Errors, type WorldFailure, worldFailure } from "../../errors";
import { totalDurationMs } from "../jobs";
import { registeredProcessServers, scenarioItem } from "../site";
import {
  containerOfItem,
  type ItemEffect,
  type ItemState,
  type JobAction,
  type JobDetailsType,
  type JobPhase,
  type WorldState,
} from "../world";

/** The item actions (everything but `configure`). */
export type ItemAction = Exclude<JobAction, "configure">;

/** How a job is named and which `customDetails` it carries, when not the action's default. */
export interface JobKind {
  readonly scenarioName: string;
  readonly friendlyName: string;
  readonly detailsType: JobDetailsType;
}

/** A planned action on one item. */
export interface ItemActionPlan {
  readonly itemName: string;
  readonly phases: JobPhase[];
  readonly failure?: { readonly phaseIndex: number; readonly error: WorldFailure };
  readonly effect: ItemEffect;
  /** The job's scenario and details (absent: the action's defaults). */
  readonly job?: JobKind;
}

/** The request body's `properties`. */
export type Properties = Record<string, unknown>;

/** `providerSpecificDetails` of a request (or `{}`). */
export function providerDetails(properties: Properties): Properties {
  const details = properties["providerSpecificDetails"];
  return details && typeof details === "object" && !Array.isArray(details) ? (details as Properties) : {};
}

/** A non-empty string field, or undefined. */
export function stringField(source: Properties, field: string): string | undefined {
  const value = source[field];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A non-empty string field; refused with InvalidParameter naming the field when absent. */
export function requireString(source: Properties, field: string, context: string): string {
  const value = stringField(source, field);
  if (value === undefined)
    throw Errors.invalidParameter(`${context}: providerSpecificDetails.${field} is required.`);
  return value;
}

/** `providerSpecificDetails` when its instanceType is the one this item needs; refused otherwise. */
export function expectInstanceType(properties: Properties, expected: string, context: string): Properties {
  const details = providerDetails(properties);
  const actual = details["instanceType"];
  if (actual !== expected) {
    throw Errors.invalidParameter(
      `${context}: providerSpecificDetails.instanceType must be '${expected}' for this item, got '${String(actual ?? "(none)")}'.`,
    );
  }
  return details;
}

/** One job phase. */
export function phase(
  name: string,
  friendlyName: string,
  durationMs: number,
  extra: Partial<JobPhase> = {},
): JobPhase {
  return { name, friendlyName, durationMs, ...extra };
}

/** The first failure of a list of [condition, failure] checks. */
export function firstFailure(
  checks: readonly (readonly [boolean, () => WorldFailure])[],
): WorldFailure | undefined {
  for (const [broken, failure] of checks) if (broken) return failure();
  return undefined;
}

/** Why the item's Azure VM cannot fail back (migrated, gone or stopped), if it cannot. */
export function azureVmProblem(
  item: ItemState,
  label: string,
  scenarioVm: { movedToAnotherResourceGroup: boolean } | undefined,
  migrated: boolean,
) {
  if (migrated) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `Migration of ${label} was completed; the item can no longer fail back.`,
      "Migration was completed for the virtual machine.",
      "Failback is not possible after migration; protect the machine again.",
    );
  }
  if (!item.azureVmExists || scenarioVm?.movedToAnotherResourceGroup) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `The Azure virtual machine of ${label} does not exist in its resource group.`,
      "The Azure VM was deleted or moved to another resource group.",
      "Failback is not possible for a deleted or moved Azure VM.",
    );
  }
  if (!item.azureVmRunning) {
    return worldFailure(
      AsrErrorCodes.azureVmNotRunning,
      `The Azure virtual machine of ${label} is not running.`,
      "The Azure VM is stopped or deallocated.",
      "Start the Azure virtual machine and retry the operation.",
    );
  }
  return undefined;
}

/** The vault's policy a policy ID or name refers to; refused when there is none. */
export function resolvePolicyName(world: WorldState, reference: string, context: string): string {
  const parsed = PolicyIdCodec.tryParse(reference);
  const name = parsed ? parsed.policyName : armIdName(reference);
  const policy = Object.values(world.policies).find(
    (candidate) => candidate.name.toLowerCase() === name.toLowerCase(),
  );
  if (!policy)
    throw Errors.invalidParameter(`${context}: replication policy '${name}' does not exist in the vault.`);
  return policy.name;
}

/** True when the item's container is mapped with the policy. */
export function policyMappedToContainer(world: WorldState, itemName: string, policyName: string): boolean {
  const { fabricName, containerName } = containerOfItem(world.scenario, itemName);
  return Object.values(world.mappings).some(
    (mapping) =>
      mapping.fabricName === fabricName &&
      mapping.containerName === containerName &&
      mapping.policyName.toLowerCase() === policyName.toLowerCase(),
  );
}

/** The item an action plans for: the scenario, the item's scenario entry and its label. */
export function subjectOf(world: WorldState, item: ItemState) {
  const source = scenarioItem(world.scenario, item.name);
  return { scenario: world.scenario, source, label: source.friendlyName ?? source.name };
}

/** Where a job fails: the first of (phase index, failure) pairs whose failure is set. */
export function firstFailingPhase(
  ...candidates: readonly (readonly [number, WorldFailure | undefined])[]
): ItemActionPlan["failure"] {
  for (const [phaseIndex, error] of candidates) if (error) return { phaseIndex, error };
  return undefined;
}

/** The item's name as Site Recovery shows it (friendly name when the scenario gives one). */
export function itemLabel(world: WorldState, itemName: string): string {
  const source = scenarioItem(world.scenario, itemName);
  return source.friendlyName ?? source.name;
}

/** Refuses a process server that is not registered with the configuration server. */
export function requireRegisteredProcessServer(
  world: WorldState,
  processServerId: string,
  context: string,
  nowMs: number,
): void {
  const processServers = registeredProcessServers(world, nowMs);
  if (!processServers.some((server) => server.id.toLowerCase() === processServerId.toLowerCase())) {
    throw new ArmError(
      400,
      AsrErrorCodes.processServerNotRegistered,
      `${context}: process server '${processServerId}' is not registered with the configuration server.`,
    );
  }
}

/** A plan that cannot fail: fixed phases and, by default, no resync afterwards. */
export function simplePlan(
  item: ItemState,
  phases: JobPhase[],
  effect: ItemEffect = { syncDurationMs: 0 },
): ItemActionPlan {
  return { itemName: item.name, phases, effect };
}

/** Plans one action on one item whose state already allows it. */
export type ActionPlanner = (
  world: WorldState,
  item: ItemState,
  properties: Properties,
  nowMs: number,
) => ItemActionPlan;

/** One job's layout from the plans of its items: the longest item's phases, the first failure. */
export interface JobLayout {
  /** The scenario and details of the first item plan that names them. */
  readonly kind?: JobKind;
  readonly phases: JobPhase[];
  readonly failure?: { readonly phaseIndex: number; readonly error: WorldFailure };
  readonly effects: Record<string, ItemEffect>;
}

/**
 * Lays out one job for the plans of its items (one for an item action, one per item for a plan
 * action): the job runs as long as its longest item and fails where the first failing item does.
 */
export function jobLayout(plans: readonly ItemActionPlan[]): JobLayout {
  const longest = plans.reduce(
    (best, plan) => (totalDurationMs(plan) > totalDurationMs(best) ? plan : best),
    plans[0]!,
  );
  const failing = plans.find((plan) => plan.failure);
  const phases = [...longest.phases];
  const failure = failing?.failure
    ? { phaseIndex: Math.min(failing.failure.phaseIndex, phases.length - 1), error: failing.failure.error }
    : undefined;
  return {
    kind: plans.find((plan) => plan.job)?.job,
    phases,
    failure,
    effects: Object.fromEntries(plans.map((plan) => [plan.itemName, plan.effect])),
  };
}
