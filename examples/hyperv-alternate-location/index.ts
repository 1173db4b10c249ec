// Hyper-V failback to a new host (alternate location, HV-06): Windows Server 2012 R2 with the
// Hyper-V role, a virtual switch named as on the original host, and "create the VM if it does
// not exist". No process server is needed (PS-01). Data syncs before failover (HV-04): the VMs
// keep running in Azure while deltas move, then the plan completes the failover.
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const items = ["hv-file-1", "hv-print-1"];
// Where the VMs go, given to both: the policy checks it (HV-06), the plan's preview names it.
const destination = { alternateHostName: "hv02", virtualSwitchName: "vSwitch-LAN" };

const policy = new ReprotectionPolicy("hyperv-failback", {
  flavor: "hyperv",
  fabricName: "hyperv-site-contoso",
  policyName: "policy-hyperv-failback",
  recoveryLocation: "alternate",
  protectedItemNames: items,
  hyperV: {
    dataSyncOption: "syncBeforeFailover",
    createVmIfNotFound: true,
    ...destination,
  },
});

// The plan runs only once the policy's checks passed: a missing alternate host or switch, or a
// disconnected site, stops the update before any VM moves.
const plan = new FailbackPlan(
  "file-failback",
  {
    flavor: "hyperv",
    items,
    targetStage: (config.get("targetStage") ?? "committed") as "committed",
    hyperV: {
      dataSyncOption: "syncBeforeFailover",
      // "manual" suspends the jobs after the data sync: up stops there and warns; changing this to
      // "automatic" and running up again completes the failover (it resumes the suspended jobs).
      completeFailover: (config.get("completeFailover") ?? "automatic") as "automatic" | "manual",
      createVmIfNotFound: true,
      ...destination,
    },
    link: { bandwidthInMbps: 500 },
  },
  { dependsOn: [policy] },
);

export const policyId = policy.policyId;
export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const estimate = plan.estimate;
/** VMs whose failback waits for "complete failover" (completeFailover: manual), and why. */
export const awaitingCompleteFailover = plan.awaitingCompleteFailover;
export const warnings = plan.warnings;
export const itemStatus = plan.itemStatus;
