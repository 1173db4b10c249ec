// A recovery plan whose VMs share a replication group: failover and commit run at plan level,
// and "application-consistent" takes the whole group to its common point (FO-02, multi-VM
// consistency). VMware reprotect runs item by item (ASR refuses it at plan level).
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("asr-failback");
const subscriptionId = providerConfig.get("subscriptionId") ?? process.env.AZURE_SUBSCRIPTION_ID ?? "";
const fabricName = "cs-contoso";
const items = ["vm-web-1", "vm-web-2"];

const processServer = new ProcessServer("ps-failback", {
  fabricName,
  processServerName: "ps-failback-01",
  resourceGroup: "rg-dr",
  location: "westeurope",
  virtualNetworkId: `/subscriptions/${subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery`,
  subnetName: "snet-infra",
  staticIpAddress: "10.50.2.10",
  adminUsername: "asradmin",
  adminPassword: config.requireSecret("processServerAdminPassword"),
  configurationServerPassphrase: config.requireSecret("configurationServerPassphrase"),
});

const masterTarget = new MasterTarget("mt-win-01", {
  fabricName,
  masterTargetName: "mt-win-01",
  osType: "windows",
  // MT-09: the whole replication group fails back through this one master target.
  protectedItemNames: items,
});

const policy = new ReprotectionPolicy("failback-policy", {
  fabricName,
  policyName: "policy-failback-group",
  multiVmConsistency: true,
  masterTargetId: masterTarget.masterTargetId,
  processServerId: processServer.processServerId,
  runAsAccountName: "vcenter-admin",
  retentionDrive: "E:",
  datastoreName: "vmfs-gold",
  recoveryLocation: "original",
  protectedItemNames: items,
});

const plan = new FailbackPlan("web-tier", {
  flavor: "vmware",
  recoveryPlanName: "rp-web-tier",
  targetStage: (config.get("targetStage") ?? "committed") as "committed",
  recoveryPointType: "latestApplicationConsistent",
  useMultiVmSyncPoint: true,
  reprotection: {
    policyId: policy.policyId,
    masterTargetId: masterTarget.masterTargetId,
    masterTargetName: "mt-win-01",
    processServerId: processServer.processServerId,
    processServerName: "ps-failback-01",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
    recoveryLocation: "original",
    multiVmConsistency: true,
  },
});

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const recoveryPointsUsed = plan.recoveryPointsUsed;
