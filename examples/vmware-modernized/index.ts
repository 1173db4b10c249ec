// VMware failback on the modernized path: the VMs were protected through an on-premises
// replication appliance (InMageRcm). The appliance's reprotect agent replicates them back
// (InMageRcmFailback), a planned failover brings them home at a crash-consistent point, commit
// ends the failback, and a reprotect to Azure protects them again. No VPN, process server in
// Azure or master target is needed (MR-33).
import * as pulumi from "@pulumi/pulumi";
import { FailbackPlan, ReplicationAppliance } from "pulumi-asr-failback";

const config = new pulumi.Config();
const providerConfig = new pulumi.Config("asr-failback");
const subscriptionId = providerConfig.get("subscriptionId") ?? process.env.AZURE_SUBSCRIPTION_ID ?? "";
const resourceGroup = providerConfig.get("resourceGroup") ?? process.env.ASR_FAILBACK_RESOURCE_GROUP ?? "";
const vaultName = providerConfig.get("vaultName") ?? process.env.ASR_FAILBACK_VAULT ?? "";
const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
const vault = `${scope}/providers/Microsoft.RecoveryServices/vaults/${vaultName}`;
const items = ["vm-app-1", "vm-app-2"];
const datastoreName = "ds-gold";

// Adopts the appliance registered with the vault: waits for its heartbeat and checks its
// components' health, that it reaches the datastore and can take these VMs' disks (MR-02..MR-07).
const appliance = new ReplicationAppliance("rcm-app-01", {
  applianceName: "rcm-app-01",
  datastoreName,
  recoveryLocation: "original",
  protectedItemNames: items,
});

const plan = new FailbackPlan("app-failback", {
  flavor: "vmware",
  items,
  targetStage: (config.get("targetStage") ?? "protectedToAzure") as "protectedToAzure",
  useMultiVmSyncPoint: true,
  modernized: {
    reprotectAgentId: appliance.reprotectAgentId,
    datastoreName,
    logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
    policyId: `${vault}/replicationPolicies/crashconsistency-policy-failback`,
    recoveryPointType: "CrashConsistent",
    recoveryLocation: "original",
    reprotectToAzure: {
      processServerId: appliance.processServerId,
      policyId: `${vault}/replicationPolicies/24-hour-replication-policy`,
    },
  },
});

export const applianceHealth = appliance.health;
export const stage = plan.stage;
export const plannedSteps = plan.plannedSteps;
export const itemStatus = plan.itemStatus;
export const timeline = plan.timeline;
export const recoveryPointsUsed = plan.recoveryPointsUsed;
export const postFailbackTasks = plan.postFailbackTasks;
export const warnings = plan.warnings;
