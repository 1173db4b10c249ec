/**
 * What the modernized (replication appliance) action planners share: the failover direction a
 * request may name, the appliance an ID names and whether it is healthy, and the job of a
 * reprotect in either direction (`SwitchReplicationGroupProtection`, as recorded).
 */
import { ApplianceErrorCodes } from "asr-contract";
import { Errors, type WorldFailure, worldFailure } from "../../errors";
import { type ApplianceView, applianceById, unhealthyComponents } from "../appliances";
import { minutes } from "../durations";
import type { JobPhase, WorldState } from "../world";
import { type JobKind, type Properties, phase, stringField } from "./common";

/**
 * Refuses a `failoverDirection` other than `expected`. Absent is accepted: the recorded requests
 * of the modernized path often carry none and the service infers it.
 */
export function acceptDirection(properties: Properties, expected: string, context: string): void {
  const direction = stringField(properties, "failoverDirection");
  if (direction !== undefined && direction !== expected) {
    throw Errors.invalidParameter(`${context}: failoverDirection must be '${expected}', got '${direction}'.`);
  }
}

/** Name of the appliance site's fabric, for messages. */
export function applianceFabricName(world: WorldState): string {
  return world.scenario.applianceSite?.fabricName ?? "(none)";
}

/** The appliance a request names by its component ID; refused with `refusal` when none has it. */
export function requireAppliance(
  world: WorldState,
  id: string,
  nowMs: number,
  refusal: () => Error,
): ApplianceView {
  const appliance = applianceById(world.scenario, id, nowMs);
  if (!appliance) throw refusal();
  return appliance;
}

/** MR-02: why the appliance cannot serve the job, if any of its components is not healthy. */
export function applianceProblem(appliance: ApplianceView | undefined): WorldFailure | undefined {
  if (!appliance) return undefined;
  const unhealthy = unhealthyComponents(appliance);
  if (unhealthy.length === 0) return undefined;
  const name = appliance.appliance.name;
  return worldFailure(
    ApplianceErrorCodes.applianceNotHealthy,
    `Replication appliance ${name} is not healthy: ${unhealthy.map((component) => `${component.kind} ${component.health}`).join(", ")}.`,
    "A component of the appliance is stopped, cannot reach Azure or reports health errors.",
    `Fix the components of appliance ${name} (or choose a healthy appliance) and retry.`,
  );
}

/** The job of a modernized reprotect, towards the site or back to Azure (observed names). */
export const SWITCH_PROTECTION_JOB: JobKind = {
  scenarioName: "SwitchReplicationGroupProtection",
  friendlyName: "Reprotect",
  detailsType: "SwitchProtectionJobDetails",
};

/** Index of the task that discovers the replica (where an unreachable datastore is found). */
export const DISCOVER_REPLICA_TASK = 2;

/**
 * The tasks of a modernized reprotect job, in the recorded order. The commit task runs even when
 * the failover was committed before: the job commits a pending failover itself.
 */
export function switchProtectionPhases(): JobPhase[] {
  return [
    phase("SwitchReplicationGroupProtectionPreflightTask", "Prerequisite check", minutes(1)),
    phase("CommitFailoverTask", "Committing failover", minutes(1)),
    phase("DiscoverReplicaTask", "Discovering replica virtual machine", minutes(2)),
    phase("GetSwitchProtectionRequirementsTask", "Getting reprotection requirements", minutes(1)),
    phase("ProtectReplicaTask", "Reprotecting virtual machine", minutes(3)),
  ];
}
