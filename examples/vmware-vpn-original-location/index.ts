// VMware failback over a site-to-site VPN, to the original location: the on-premises VMs still
// exist, so only changed data flows back (LOC-01), through a process server in Azure (NET-04).
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, MasterTarget, ProcessServer, ReprotectionPolicy } from "pulumi-asr-failback";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("asr-failback");
const subscriptionId = providerConfig.get("subscriptionId") ?? process.env.AZURE_SUBSCRIPTION_ID ?? "";
const networkGroup = `/subscriptions/${subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Network`;
const fabricName = "cs-contoso";
const items = ["vm-web-1", "vm-web-2"];

const processServer = new ProcessServer("ps-failback", {
  fabricName,
  processServerName: "ps-failback-01",
  resourceGroup: "rg-dr",
  location: "westeurope",
  virtualNetworkId: `${networkGroup}/virtualNetworks/vnet-recovery`,
  subnetName: "snet-infra",
  staticIpAddress: "10.50.2.10",
  adminUsername: "asradmin",
  adminPassword: config.requireSecret("processServerAdminPassword"),
  configurationServerPassphrase: config.requireSecret("configurationServerPassphrase"),
  // NET-01: judge the path home by this VPN connection only.
  vpnConnectionIds: [`${networkGroup}/connections/s2s-contoso`],
});

const masterTarget = new MasterTarget("mt-win-01", {
  fabricName,
  masterTargetName: "mt-win-01",
  osType: "windows",
  protectedItemNames: items,
});

const policy = new ReprotectionPolicy("failback-policy", {
  fabricName,
  policyName: "policy-failback-vpn",
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
  targetStage: (config.get("targetStage") ?? "committed") as "committed",
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
  },
});

export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const recoveryPointsUsed = plan.recoveryPointsUsed;
export const postFailbackTasks = plan.postFailbackTasks;
