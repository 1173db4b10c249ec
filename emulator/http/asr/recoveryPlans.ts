/** Recovery plans: groups of items failed over, committed and reprotected together. */

import { FabricIdCodec } from "asr-contract";
import { z } from "zod";
import type { ItemAction } from "../../model/actions";
import { guidFrom } from "../../model/ids";
import { describeItem, type ItemOperation } from "../../model/itemStateMachine";
import { containerOfItem, type WorldState } from "../../model/world";
import { NO_REQUEST_BODY } from "../arm/requestContent";
import { parseBody } from "../body";
import { collectionRoutes } from "../collection";
import type { EmulatorRequest, EmulatorResponse } from "../context";
import type { Route } from "../router";
import {
  type ActionRoute,
  accepted,
  actionRoutes,
  iso,
  itemId,
  jobId,
  planId,
  VAULT,
  vaultScope,
} from "./common";

const PLAN = `${VAULT}/replicationRecoveryPlans/{planName}`;

type Plan = { name: string; items: readonly string[] };

/** A recovery plan. */
export function planJson(world: WorldState, plan: Plan, nowMs: number) {
  const scenario = world.scenario;
  const views = plan.items.map((name) => {
    const item = world.items[name]!;
    return {
      item,
      view: describeItem(item, item.activeJobName ? world.jobs[item.activeJobName] : undefined, nowMs),
    };
  });
  const allowed = (
    [
      "PlannedFailover",
      "UnplannedFailover",
      "Commit",
      "CancelFailover",
      "ReverseReplicate",
    ] as ItemOperation[]
  ).filter((operation) => views.every(({ view }) => view.allowedOperations.includes(operation)));
  const activeJob = views.map(({ item }) => item.activeJobName).find((name) => name !== undefined);
  const job = activeJob ? world.jobs[activeJob] : undefined;
  const fabric = containerOfItem(scenario, plan.items[0]!).fabricName;
  return {
    id: planId(world, plan.name),
    name: plan.name,
    type: "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans",
    properties: {
      friendlyName: plan.name,
      primaryFabricId: FabricIdCodec.format({ ...vaultScope(scenario), fabricName: fabric }),
      primaryFabricFriendlyName: fabric,
      recoveryFabricId: "Microsoft Azure",
      recoveryFabricFriendlyName: "Microsoft Azure",
      failoverDeploymentModel: "ResourceManager",
      replicationProviders: [...new Set(views.map(({ view }) => view.instanceType))],
      allowedOperations: allowed,
      currentScenario: job
        ? { scenarioName: job.scenarioName, jobId: jobId(world, job.name), startTime: iso(job.startMs) }
        : undefined,
      currentScenarioStatus: job ? "InProgress" : undefined,
      groups: [
        { groupType: "Shutdown", replicationProtectedItems: [], startGroupActions: [], endGroupActions: [] },
        { groupType: "Failover", replicationProtectedItems: [], startGroupActions: [], endGroupActions: [] },
        {
          groupType: "Boot",
          replicationProtectedItems: plan.items.map((name) => ({
            id: itemId(world, name),
            virtualMachineId: guidFrom("vm", name),
          })),
          startGroupActions: [],
          endGroupActions: [],
        },
      ],
    },
  };
}

function findPlan(request: EmulatorRequest): Plan {
  const plan = request.services.store.findPlan(request.params["planName"]!);
  request.logTarget.planName = plan.name;
  return plan;
}

/**
 * The body of a plan action: one provider details entry per replication provider of the plan's
 * items (absent for commit and cancel). Values are checked per item when the action is planned.
 */
const PlanActionBody = z
  .object({
    properties: z
      .looseObject({
        failoverDirection: z.string().nullish(),
        providerSpecificDetails: z.array(z.looseObject({ instanceType: z.string().nullish() })).nullish(),
      })
      .nullish(),
  })
  .nullish();

function planAction(action: ItemAction): (request: EmulatorRequest) => EmulatorResponse {
  return (request) => {
    const plan = findPlan(request);
    const properties = parseBody(request, PlanActionBody)?.properties ?? {};
    const { operation } = request.services.store.startPlanAction(plan.name, action, properties, {
      forcedFailure: request.forcedFailure,
      resultPath: `plan:${plan.name}`,
    });
    return accepted(request, operation);
  };
}

/** The action routes of plans. */
const planActions: readonly ActionRoute[] = [
  [
    "unplannedFailover",
    "ReplicationRecoveryPlans_UnplannedFailover",
    "unplannedFailover",
    { sdkModel: "RecoveryPlanUnplannedFailoverInput" },
  ],
  [
    "plannedFailover",
    "ReplicationRecoveryPlans_PlannedFailover",
    "plannedFailover",
    { sdkModel: "RecoveryPlanPlannedFailoverInput" },
  ],
  ["failoverCommit", "ReplicationRecoveryPlans_FailoverCommit", "failoverCommit", NO_REQUEST_BODY],
  ["failoverCancel", "ReplicationRecoveryPlans_FailoverCancel", "failoverCancel", NO_REQUEST_BODY],
  ["reProtect", "ReplicationRecoveryPlans_Reprotect", "reProtect", NO_REQUEST_BODY],
];

/** The recovery plan routes. */
export const recoveryPlanRoutes: Route[] = [
  ...collectionRoutes<Plan>({
    listings: [
      {
        pattern: `${VAULT}/replicationRecoveryPlans`,
        operation: "ReplicationRecoveryPlans_List",
        entities: (request) => request.services.store.state.scenario.recoveryPlans,
      },
    ],
    get: { pattern: PLAN, operation: "ReplicationRecoveryPlans_Get", find: findPlan },
    toJson: (request, plan, nowMs) => planJson(request.services.store.state, plan, nowMs),
  }),
  ...actionRoutes(PLAN, planActions, planAction),
];
