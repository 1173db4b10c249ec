/**
 * FailbackPlan: drives protected items (or a recovery plan) from Azure back to the site, stage by
 * stage, up to `targetStage`; `pulumi preview --diff` shows the steps `up` will take.
 *
 * The resource's folder: `schema.ts` (inputs, outputs, arguments), `check.ts`, `lifecycle.ts`
 * (diff, create, read, update, delete), `outputs.ts` and `spec.ts` (the stage machine's run spec).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RunResult } from "../../stages/machine";
import type { TimelineEntry } from "../../stages/types";
import { defineResourceImplementation, RESOURCE_MODULE, resourceProvider } from "../common";
import { checkFailbackPlan } from "./check";
import { notePlanDeclared } from "./engineSlots";
import {
  createFailbackPlan,
  deleteFailbackPlan,
  diffFailbackPlan,
  readFailbackPlan,
  updateFailbackPlan,
} from "./lifecycle";
import type { FailbackPlanResourceArgs, ItemStatus } from "./schema";

export { checkFailbackPlan, UNKNOWN_ID_PLACEHOLDER } from "./check";
export {
  createFailbackPlan,
  deleteFailbackPlan,
  diffFailbackPlan,
  readFailbackPlan,
  updateFailbackPlan,
} from "./lifecycle";
export * from "./schema";

/**
 * A failback plan: `pulumi up` drives the items stage by stage to `targetStage`; preview shows
 * `plannedSteps` and `estimate`; refresh reports the real stage; delete only forgets the plan.
 */
export class FailbackPlan extends pulumi.dynamic.Resource {
  /** What `up` will do, in words (derived by check). */
  declare readonly plannedSteps: pulumi.Output<string[]>;
  /** Data to move and duration estimate (HV-08). */
  declare readonly estimate: pulumi.Output<string>;
  /** Least advanced stage of all items. */
  declare readonly stage: pulumi.Output<string>;
  /** Stage and health per item. */
  declare readonly itemStatus: pulumi.Output<ItemStatus[]>;
  /** Jobs with start, end and duration. */
  declare readonly timeline: pulumi.Output<TimelineEntry[]>;
  /** Recovery point per item and its age (the data-loss window). */
  declare readonly recoveryPointsUsed: pulumi.Output<RunResult["recoveryPoints"]>;
  /** FO-03 / FO-06 tasks. */
  declare readonly postFailbackTasks: pulumi.Output<string[]>;
  declare readonly warnings: pulumi.Output<string[]>;
  declare readonly awaitingCompleteFailover: pulumi.Output<string[]>;

  constructor(name: string, args: FailbackPlanResourceArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      resourceProvider("FailbackPlan"),
      name,
      {
        ...args,
        resourceName: name,
        plannedSteps: undefined,
        estimate: undefined,
        stage: undefined,
        itemStatus: undefined,
        timeline: undefined,
        recoveryPointsUsed: undefined,
        postFailbackTasks: undefined,
        warnings: undefined,
        awaitingCompleteFailover: undefined,
      },
      opts,
      RESOURCE_MODULE,
      "FailbackPlan",
    );
    // A run that stops short of targetStage (jobs waiting for "complete failover") says so as an
    // engine warning too, where the operator reads it, not only in the `warnings` output.
    this.warnings.apply((list) => {
      for (const warning of list ?? []) void pulumi.log.warn(warning, this);
    });
    notePlanDeclared(this, name);
  }
}

/** The FailbackPlan implementation registered in `resourceProviders`. */
export const failbackPlanProvider = defineResourceImplementation({
  check: checkFailbackPlan,
  diff: diffFailbackPlan,
  create: createFailbackPlan,
  read: readFailbackPlan,
  update: updateFailbackPlan,
  delete: deleteFailbackPlan,
});
