/**
 * Failback of a modernized item: the planned failover from Azure to on-premises at a recovery
 * point type (`InMageRcmFailbackPlannedFailoverProviderInput`). The recorded request carries no
 * `failoverDirection`; one naming `RecoveryToPrimary` is accepted too. The pending changes go
 * on-premises, the Azure VM shuts down and the on-premises machine starts (MR-26). A failed
 * planned failover is cancelled automatically: the item keeps replicating back (MR-28).
 */
import { AsrErrorCodes } from "asr-contract";
import { Errors, worldFailure } from "../../errors";
import { applianceById } from "../appliances";
import { changedGb, minutes, transferMs } from "../durations";
import { recoveryPointsOf } from "../recoveryPoints";
import { acceptDirection, applianceProblem } from "./applianceCommon";
import {
  type ActionPlanner,
  azureVmProblem,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  type JobKind,
  phase,
  requireString,
  subjectOf,
} from "./common";

/** Recovery point types of a modernized planned failover (MR-25). */
const POINT_TYPES = ["CrashConsistent", "ApplicationConsistent"] as const;

/** The job of a planned failover (observed names). */
const PLANNED_FAILOVER_JOB: JobKind = {
  scenarioName: "PlannedFailover",
  friendlyName: "Planned failover",
  detailsType: "FailoverJobDetails",
};

/** Plans the planned failover of a modernized item replicating back to on-premises. */
export const planApplianceFailback: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
  const context = `planned failover of ${label}`;
  acceptDirection(properties, "RecoveryToPrimary", context);
  const details = expectInstanceType(properties, "InMageRcmFailback", context);
  const recoveryPointType = requireString(details, "recoveryPointType", context);
  if (!(POINT_TYPES as readonly string[]).includes(recoveryPointType)) {
    throw Errors.invalidParameter(
      `${context}: recoveryPointType must be ApplicationConsistent or CrashConsistent, got '${recoveryPointType}'.`,
    );
  }
  const chosen = recoveryPointsOf(world.policies, item, nowMs).find(
    (point) => point.type === recoveryPointType,
  );
  const settings = item.applianceReprotect;
  const appliance = settings ? applianceById(scenario, settings.reprotectAgentId, nowMs) : undefined;
  const policy = world.policies[item.policyName];
  const crashOnly = policy?.providerSpecific["appConsistentFrequencyInMinutes"] === 0;
  const prerequisite =
    azureVmProblem(item, label, source.azureVm, source.migrationCompleted) ??
    firstFailure([
      [!!applianceProblem(appliance), () => applianceProblem(appliance)!],
      [
        chosen === undefined,
        () =>
          worldFailure(
            AsrErrorCodes.noRecoveryPoint,
            `${label} has no ${recoveryPointType === "ApplicationConsistent" ? "application-consistent" : "crash-consistent"} recovery point to fail back to.`,
            recoveryPointType === "ApplicationConsistent" && crashOnly
              ? `Policy ${item.policyName} takes no application-consistent recovery points.`
              : "The replication back to on-premises has not produced a recovery point yet.",
            recoveryPointType === "ApplicationConsistent" && crashOnly
              ? "Fail back to a crash-consistent recovery point."
              : "Wait for the replication to produce a recovery point, then retry.",
          ),
      ],
    ]);
  return {
    itemName: item.name,
    phases: [
      phase("PlannedFailoverPreflightChecksTask", "Prerequisites check for planned failover", minutes(1)),
      phase("PrepareForFailoverTask", "Start failover", minutes(2)),
      phase(
        "FailoverTask",
        "Shut down the Azure virtual machine",
        minutes(2) + transferMs(scenario, changedGb(source, minutes(15))),
      ),
      phase("PrepareProtectedEntitiesTask", "Preparing on-premise virtual machine", minutes(3)),
      phase("StartVmOnSecondary", "Starting on-premise virtual machine", minutes(2)),
    ],
    failure: firstFailingPhase([0, prerequisite]),
    effect: { syncDurationMs: 0, recoveryPointId: chosen?.name },
    job: PLANNED_FAILOVER_JOB,
  };
};
