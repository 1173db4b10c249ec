/** Site Recovery jobs: their JSON (tasks, errors, allowed actions) and resume / cancel / restart. */
import type { WorldFailure } from "../../errors";
import { guidFrom } from "../../model/ids";
import { allowedJobActions, jobStatusAt } from "../../model/jobs";
import { findScenarioItem } from "../../model/scenarioItems";
import type { JobRecord, WorldState } from "../../model/world";
import { NO_REQUEST_BODY } from "../arm/requestContent";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Route } from "../router";
import { accepted, iso, jobId, recoveryPointId, VAULT } from "./common";
import { jobMatchesFilter, readJobFilter } from "./jobFilter";

const JOB = `${VAULT}/replicationJobs/{jobName}`;

function jobErrorJson(failure: WorldFailure, taskId: string, atMs: number) {
  const numeric = /^\d+$/.test(failure.code) ? Number(failure.code) : undefined;
  return {
    serviceErrorDetails: {
      code: failure.code,
      message: failure.message,
      possibleCauses: failure.possibleCauses,
      recommendedAction: failure.recommendedAction,
    },
    providerErrorDetails:
      numeric !== undefined
        ? {
            errorCode: numeric,
            errorMessage: failure.message,
            possibleCauses: failure.possibleCauses,
            recommendedAction: failure.recommendedAction,
          }
        : undefined,
    errorLevel: "Error",
    creationTime: iso(atMs),
    taskId,
  };
}

/**
 * `customDetails` of a job: a modernized reprotect reports `SwitchProtectionJobDetails` (the item
 * keeps its ID, so no new one), a planned failover `FailoverJobDetails` with its items.
 */
function jobDetailsJson(world: WorldState, job: JobRecord) {
  const affectedObjectDetails = {};
  switch (job.detailsType) {
    case "SwitchProtectionJobDetails":
      return { instanceType: job.detailsType, affectedObjectDetails, newReplicationProtectedItemId: null };
    case "FailoverJobDetails":
      return {
        instanceType: job.detailsType,
        affectedObjectDetails,
        protectedItemDetails: job.itemNames.map((itemName) => {
          const source = findScenarioItem(world.scenario, itemName);
          const pointName = job.effects[itemName]?.recoveryPointId;
          return {
            name: itemName,
            friendlyName: source?.friendlyName ?? itemName,
            ...(pointName ? { recoveryPointId: recoveryPointId(world, itemName, pointName) } : {}),
          };
        }),
      };
    default:
      return { instanceType: "AsrJobDetails", affectedObjectDetails };
  }
}

/** A job. */
export function jobJson(world: WorldState, job: JobRecord, nowMs: number) {
  const status = jobStatusAt(job, nowMs);
  const tasks = job.phases.map((phase, index) => {
    const startMs = status.phaseStartsMs[index];
    const taskId = guidFrom("task", job.name, index);
    let state = "NotStarted";
    let endMs: number | undefined;
    if (startMs !== undefined) {
      const phaseEnd = startMs + phase.durationMs;
      if (index < status.phaseIndex || (status.state === "Succeeded" && index <= status.phaseIndex)) {
        state = "Succeeded";
        endMs = phaseEnd;
      } else if (index === status.phaseIndex) {
        if (status.state === "Failed") {
          state = "Failed";
          endMs = status.endMs;
        } else if (status.state === "Cancelled") {
          state = "Cancelled";
          endMs = status.endMs;
        } else if (status.state === "Suspended") {
          state = "Succeeded";
          endMs = phaseEnd;
        } else state = "InProgress";
      }
    }
    const failed = state === "Failed" && job.failure;
    return {
      taskId,
      name: phase.name,
      friendlyName: phase.friendlyName,
      state,
      stateDescription: state,
      startTime: iso(startMs),
      endTime: iso(endMs),
      allowedActions: [],
      taskType: "TaskDetails",
      customDetails: { instanceType: "JobTaskDetails" },
      errors: failed ? [jobErrorJson(job.failure!.error, taskId, endMs ?? nowMs)] : [],
    };
  });
  const failedTask = tasks.find((task) => task.state === "Failed");
  const errors =
    status.state === "Failed" && job.failure
      ? [jobErrorJson(job.failure.error, failedTask?.taskId ?? "", status.endMs ?? nowMs)]
      : [];
  return {
    id: jobId(world, job.name),
    name: job.name,
    type: "Microsoft.RecoveryServices/vaults/replicationJobs",
    properties: {
      activityId: guidFrom("activity", job.name),
      scenarioName: job.scenarioName,
      friendlyName: job.friendlyName,
      state: status.state,
      stateDescription: status.stateDescription,
      tasks,
      errors,
      startTime: iso(job.startMs),
      endTime: iso(status.endMs),
      allowedActions: allowedJobActions(job, status),
      targetObjectId: job.targetObjectId,
      targetObjectName: job.targetObjectName,
      targetInstanceType: job.targetInstanceType,
      customDetails: jobDetailsJson(world, job),
    },
  };
}

function jobAction(kind: "resume" | "cancel" | "restart"): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const store = request.services.store;
    const name = store.findJob(request.params["jobName"]!).name;
    const resultPath = `job:${name}`;
    const { operation } =
      kind === "resume"
        ? store.resumeJob(name, resultPath)
        : kind === "cancel"
          ? store.cancelJob(name, resultPath)
          : store.restartJob(name, resultPath);
    const job = store.state.jobs[name]!;
    request.logTarget.itemName = job.targetInstanceType === "ProtectionEntity" ? job.itemNames[0] : undefined;
    request.logTarget.planName = job.targetInstanceType === "RecoveryPlan" ? job.targetObjectName : undefined;
    return accepted(request, operation);
  };
}

/** The job routes. */
export const jobRoutes: Route[] = [
  ...collectionRoutes<JobRecord>({
    listings: [
      {
        pattern: `${VAULT}/replicationJobs`,
        operation: "ReplicationJobs_List",
        entities: (request) =>
          Object.values(request.services.store.state.jobs).sort((a, b) => b.startMs - a.startMs),
        filter: (request, nowMs) => {
          const filter = readJobFilter(request);
          return (job) => jobMatchesFilter(request.services.store.state, job, filter, nowMs);
        },
      },
    ],
    get: {
      pattern: JOB,
      operation: "ReplicationJobs_Get",
      find: (request) => {
        const job = request.services.store.findJob(request.params["jobName"]!);
        if (job.targetInstanceType === "ProtectionEntity") request.logTarget.itemName = job.itemNames[0];
        return job;
      },
    },
    toJson: (request, job, nowMs) => jobJson(request.services.store.state, job, nowMs),
  }),
  {
    method: "POST",
    pattern: `${JOB}/resume`,
    operation: "ReplicationJobs_Resume",
    action: true,
    requestBody: { sdkModel: "ResumeJobParams" },
    handler: jobAction("resume"),
  },
  {
    method: "POST",
    pattern: `${JOB}/cancel`,
    operation: "ReplicationJobs_Cancel",
    action: true,
    requestBody: NO_REQUEST_BODY,
    handler: jobAction("cancel"),
  },
  {
    method: "POST",
    pattern: `${JOB}/restart`,
    operation: "ReplicationJobs_Restart",
    action: true,
    requestBody: NO_REQUEST_BODY,
    handler: jobAction("restart"),
  },
];
