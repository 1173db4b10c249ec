import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan } from "pulumi-asr-failback";

const config = new pulumi.Config();

const plan = new FailbackPlan("web", {
  flavor: "vmware",
  items: ["vm-web-1", "vm-web-2"],
  targetStage: config.require("targetStage") as "reprotected",
  reprotection: {
    policyId: "policy-failback",
    masterTargetId: "9A1B2C3D-0000-4000-8000-000000000001",
    masterTargetName: "mt-win-01",
    processServerId: config.require("processServerId"),
    processServerName: "cs01.contoso.local",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
  },
  link: { bandwidthInMbps: 100 },
});

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const timeline = plan.timeline;
