// Hyper-V failback to a new host (alternate location, HV-06): Windows Server 2012 R2 with the
// Hyper-V role, a virtual switch named as on the original host, and "create the VM if it does
// not exist". No process server is needed (PS-01). Data syncs before failover (HV-04): the VMs
// keep running in Azure while deltas move, then the plan completes the failover.
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const items = ["hv-file-1", "hv-print-1"];

const policy = new ReprotectionPolicy("hyperv-failback", {
  flavor: "hyperv",
  fabricName: "hyperv-site-contoso",
  policyName: "policy-hyperv-failback",
  recoveryLocation: "alternate",
  protectedItemNames: items,
  hyperV: {
    dataSyncOption: "syncBeforeFailover",
    createVmIfNotFound: true,
    alternateHostName: "hv02",
    virtualSwitchName: "vSwitch-LAN",
  },
});

const plan = new FailbackPlan("file-failback", {
  flavor: "hyperv",
  items,
  targetStage: (config.get("targetStage") ?? "committed") as "committed",
  hyperV: {
    dataSyncOption: "syncBeforeFailover",
    // "manual" suspends the job after the data sync until someone completes the failover.
    completeFailover: (config.get("completeFailover") ?? "automatic") as "automatic" | "manual",
    createVmIfNotFound: true,
  },
  link: { bandwidthInMbps: 500 },
});

export const policyId = policy.policyId;
export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const estimate = plan.estimate;
