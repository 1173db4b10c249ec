import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, type FailbackPlanResourceArgs } from "pulumi-asr-failback";

const config = new pulumi.Config();

// The whole input object, e.g. {"flavor":"hyperv","items":["hv-file-1"],"targetStage":"committed"}.
const plan = new FailbackPlan(
  config.get("resourceName") ?? "plan",
  config.requireObject<FailbackPlanResourceArgs>("plan"),
);

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const itemStatus = plan.itemStatus;
export const recoveryPointsUsed = plan.recoveryPointsUsed;
export const awaitingCompleteFailover = plan.awaitingCompleteFailover;
export const warnings = plan.warnings;
