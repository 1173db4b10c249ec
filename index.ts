// The failback rehearsal: two Windows web servers that failed over from the VMware site
// (vCenter vcenter01, configuration server cs-contoso) to Azure come home.
//
// `npm run demo` runs this program with `pulumi up` against the bundled ASR emulator
// (scenario vmware-healthy). Against real Azure, set the `asr-failback:*` stack configuration
// (see README) and adapt the names below to your site.
//
// Stack configuration of this program:
//   targetStage                    reprotected | failedOver | committed | protectedToAzure (default)
//   processServerAdminPassword     secret: administrator password of the process server VM
//   configurationServerPassphrase  secret: passphrase of the configuration server
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("asr-failback");
const subscriptionId = providerConfig.get("subscriptionId") ?? process.env.AZURE_SUBSCRIPTION_ID;
if (!subscriptionId) {
  throw new Error("set asr-failback:subscriptionId (or AZURE_SUBSCRIPTION_ID)");
}

const fabricName = "cs-contoso";
const items = ["vm-web-1", "vm-web-2"];

// The process server runs in Azure, in the network the failed-over VMs run in (NET-05), and
// reaches the configuration server over the site-to-site VPN (NET-01, NET-06).
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

// The master target is installed on premises; Pulumi waits for it and checks it (MT-01..MT-09).
const masterTarget = new MasterTarget("mt-win-01", {
  fabricName,
  masterTargetName: "mt-win-01",
  osType: "windows",
  protectedItemNames: items,
});

const policy = new ReprotectionPolicy("failback-policy", {
  fabricName,
  policyName: "policy-failback",
  recoveryPointThresholdInMinutes: 15,
  recoveryPointHistoryInMinutes: 1440,
  appConsistentFrequencyInMinutes: 60,
  multiVmConsistency: true,
  masterTargetId: masterTarget.masterTargetId,
  processServerId: processServer.processServerId,
  runAsAccountName: "vcenter-admin",
  retentionDrive: "E:",
  datastoreName: "vmfs-gold",
  recoveryLocation: "original",
  protectedItemNames: items,
});

const plan = new FailbackPlan("web-failback", {
  flavor: "vmware",
  items,
  targetStage: (config.get("targetStage") ?? "protectedToAzure") as "protectedToAzure",
  recoveryPointType: "latestProcessed",
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
  link: { bandwidthInMbps: 1000 },
});

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const itemStatus = plan.itemStatus;
export const timeline = plan.timeline;
export const recoveryPointsUsed = plan.recoveryPointsUsed;
export const postFailbackTasks = plan.postFailbackTasks;
export const warnings = plan.warnings;
export const processServerId = processServer.processServerId;
export const masterTargetHealth = masterTarget.health;
export const policyId = policy.policyId;
