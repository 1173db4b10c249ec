import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, type FailbackPlanResourceArgs } from "pulumi-asr-failback";

const config = new pulumi.Config();

// Each plan's whole input object, by resource name: {"plan-1": {"flavor": "vmware", ...}, ...}.
const plans = Object.entries(config.requireObject<Record<string, FailbackPlanResourceArgs>>("plans")).map(
  ([name, args]) => new FailbackPlan(name, args),
);

export const stages = pulumi.all(plans.map((plan) => plan.stage));
