// A physical server that failed over to Azure comes back as a VMware VM (P2A2V): always to an
// alternate location, recreated on the master target's ESX host on a VMFS datastore (LOC-03,
// LOC-04). The master target and its ESX host must be discovered (MT-05, VC-03).
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("asr-failback");
const subscriptionId = providerConfig.get("subscriptionId") ?? process.env.AZURE_SUBSCRIPTION_ID ?? "";
const fabricName = "cs-contoso";
const items = ["srv-app-1"];

const processServer = new ProcessServer("ps-failback", {
  fabricName,
  processServerName: "ps-p2a2v-01",
  flavor: "physical",
  resourceGroup: "rg-dr",
  location: "westeurope",
  virtualNetworkId: `/subscriptions/${subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery`,
  subnetName: "snet-infra",
  staticIpAddress: "10.50.2.11",
  adminUsername: "asradmin",
  adminPassword: config.requireSecret("processServerAdminPassword"),
  configurationServerPassphrase: config.requireSecret("configurationServerPassphrase"),
});

const masterTarget = new MasterTarget("mt-win-01", {
  fabricName,
  masterTargetName: "mt-win-01",
  flavor: "physical",
  osType: "windows",
  protectedItemNames: items,
});

const policy = new ReprotectionPolicy("p2a2v-policy", {
  flavor: "physical",
  fabricName,
  policyName: "policy-p2a2v",
  masterTargetId: masterTarget.masterTargetId,
  processServerId: processServer.processServerId,
  runAsAccountName: "vcenter-admin",
  retentionDrive: "E:",
  datastoreName: "vmfs-gold",
  recoveryLocation: "alternate",
  protectedItemNames: items,
});

const plan = new FailbackPlan("app-failback", {
  flavor: "physical",
  items,
  targetStage: (config.get("targetStage") ?? "committed") as "committed",
  reprotection: {
    policyId: policy.policyId,
    masterTargetId: masterTarget.masterTargetId,
    masterTargetName: "mt-win-01",
    processServerId: processServer.processServerId,
    processServerName: "ps-p2a2v-01",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
    recoveryLocation: "alternate",
  },
});

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const timeline = plan.timeline;
