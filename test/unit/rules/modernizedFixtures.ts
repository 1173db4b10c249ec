/**
 * A healthy modernized (replication appliance) failback context, and edits that move its items
 * along the modernized stages. Every rule holds in the built context.
 */
import type { MutableContext } from "./mutableContext";

const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const VAULT = `${SUBSCRIPTION}/resourceGroups/rg-asr/providers/Microsoft.RecoveryServices/vaults/rsv-modern`;

/** The appliance `app-01` (its components' shared id). */
export const APP1_ID = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";
/** The appliance `app-02`. */
export const APP2_ID = "5a1b2c3d-0000-4000-8000-000000000002";
/** The vCenter both VMs live in and `app-01` discovers. */
export const VCENTER1_ID = `${SUBSCRIPTION}/resourceGroups/rg-asr/providers/Microsoft.OffAzure/VMwareSites/site-1/vcenters/vc-01`;
/** Another vCenter (`app-02`'s). */
export const VCENTER2_ID = `${SUBSCRIPTION}/resourceGroups/rg-asr/providers/Microsoft.OffAzure/VMwareSites/site-1/vcenters/vc-02`;
/** The failback policy and the forward policy. */
export const FAILBACK_POLICY_ID = `${VAULT}/replicationPolicies/appconsistency-policy-failback`;
export const CRASH_FAILBACK_POLICY_ID = `${VAULT}/replicationPolicies/crashconsistency-policy-failback`;
export const FORWARD_POLICY_ID = `${VAULT}/replicationPolicies/24-hour-replication-policy`;
/** The cache storage account. */
export const LOG_STORAGE_ACCOUNT_ID = `${SUBSCRIPTION}/resourceGroups/rg-dr/providers/Microsoft.Storage/storageAccounts/sacache01`;
const CONTAINER_ID = `${VAULT}/replicationFabrics/fab-rcm/replicationProtectionContainers/container-rcm`;

const components = (heartbeatAgeInMinutes: number) =>
  (
    [
      "processServer",
      "rcmProxy",
      "pushInstaller",
      "replicationAgent",
      "reprotectAgent",
      "marsAgent",
      "dra",
    ] as const
  ).map((kind) => ({
    kind,
    health: "Normal" as const,
    healthErrorCodes: [] as string[],
    heartbeatAgeInMinutes,
  }));

/** A modernized VMware site whose two VMs failed over to Azure and were committed; every rule holds. */
export function healthyModernizedContext(): MutableContext {
  const item = (name: string, ip: string) => ({
    name,
    flavor: "vmware" as const,
    instanceType: "InMageRcm",
    replicationPath: "modernized" as const,
    osType: "windows" as const,
    protectionState: "UnplannedFailoverCommitted",
    activeLocation: "Recovery" as const,
    replicationHealth: "Normal" as const,
    allowedOperations: ["CompleteMigration", "DisableProtection", "SwitchProtection"],
    recoveryPoints: [{ type: "crashConsistent" as const, time: new Date("2026-11-30T10:00:00Z") }],
    migrationCompleted: false,
    azureVmExists: true,
    azureVmInOriginalResourceGroup: true,
    azureVmRunning: true,
    azureVmName: name,
    azureLocation: "westeurope",
    onPremisesVmExists: true,
    protectedDiskCount: 2,
    agentRegisteredAfterFailover: true,
    discoveredVmDeleted: false,
    discoveredDatastores: ["ds-01"],
    discoveredVCenterId: VCENTER1_ID,
    nics: [{ ipAddress: ip, ipAddressType: "Dynamic" as const }],
    criticalHealthErrorCount: 0,
    unprotectedAzureDiskNames: [] as string[],
    policyId: FORWARD_POLICY_ID,
  });
  return {
    inputs: {
      flavor: "vmware",
      modernized: {
        reprotectAgentId: APP1_ID,
        datastoreName: "ds-01",
        logStorageAccountId: LOG_STORAGE_ACCOUNT_ID,
        policyId: FAILBACK_POLICY_ID,
        recoveryPointType: "CrashConsistent",
        recoveryLocation: "original",
        reprotectToAzure: {
          processServerId: APP1_ID,
          policyId: FORWARD_POLICY_ID,
          runAsAccountId: `${SUBSCRIPTION}/resourceGroups/rg-asr/providers/Microsoft.OffAzure/VMwareSites/site-1/runasaccounts/ra-01`,
        },
      },
      failbackPlan: {
        name: "fb-app",
        items: ["vm-app-1", "vm-app-2"],
        targetStage: "reprotected",
      },
    },
    site: {
      modernizedFabric: { name: "fab-rcm", instanceType: "InMageRcm", health: "Normal" },
      replicationAppliances: [
        {
          name: "app-01",
          id: APP1_ID,
          components: components(2),
          healthErrorCodes: [],
          heartbeatAgeInMinutes: 2,
          accessibleDatastores: ["ds-01", "ds-02"],
          vCenterId: VCENTER1_ID,
          servedDiskCount: 0,
        },
        {
          name: "app-02",
          id: APP2_ID,
          components: components(3),
          healthErrorCodes: [],
          heartbeatAgeInMinutes: 3,
          accessibleDatastores: ["ds-03"],
          vCenterId: VCENTER2_ID,
          servedDiskCount: 0,
        },
      ],
      replicationPolicies: [
        {
          name: "appconsistency-policy-failback",
          id: FAILBACK_POLICY_ID,
          instanceType: "InMageRcmFailback",
          appConsistentFrequencyInMinutes: 60,
          crashConsistentFrequencyInMinutes: 5,
        },
        {
          name: "crashconsistency-policy-failback",
          id: CRASH_FAILBACK_POLICY_ID,
          instanceType: "InMageRcmFailback",
          appConsistentFrequencyInMinutes: 0,
          crashConsistentFrequencyInMinutes: 5,
        },
        { name: "24-hour-replication-policy", id: FORWARD_POLICY_ID, instanceType: "InMageRcm" },
      ],
      containerMappings: [
        {
          name: "appconsistency-failback-containerpairing",
          policyId: FAILBACK_POLICY_ID,
          targetProtectionContainerId: CONTAINER_ID,
          state: "Paired",
          health: "Normal",
        },
        {
          name: "crashconsistency-failback-containerpairing",
          policyId: CRASH_FAILBACK_POLICY_ID,
          targetProtectionContainerId: CONTAINER_ID,
          state: "Paired",
          health: "Normal",
        },
        {
          name: "forward-containerpairing",
          policyId: FORWARD_POLICY_ID,
          targetProtectionContainerId: "Microsoft Azure",
          state: "Paired",
          health: "Normal",
        },
      ],
      recoveryPlans: [{ name: "fb-app", replicationProviders: ["InMageRcm"] }],
      logStorageAccount: { id: LOG_STORAGE_ACCOUNT_ID, location: "westeurope" },
      vaultPrivateEndpointState: "None",
      protectedItems: [item("vm-app-1", "10.0.0.11"), item("vm-app-2", "10.0.0.12")],
      jobs: [],
    },
  };
}

type MutableItem = NonNullable<NonNullable<MutableContext["site"]>["protectedItems"]>[number];

/** Moves an item to "reprotected, replicating back to premises" (InMageRcmFailback at Primary). */
export function replicatingBack(item: MutableItem, reprotectAgentId = APP1_ID): void {
  item.instanceType = "InMageRcmFailback";
  item.protectionState = "Protected";
  item.activeLocation = "Primary";
  item.allowedOperations = ["PlannedFailover", "DisableProtection"];
  item.reprotectAgentId = reprotectAgentId;
  item.reprotectAgentName = reprotectAgentId === APP1_ID ? "app-01" : "app-02";
  item.targetDatastoreName = "ds-01";
  item.initialReplicationComplete = true;
  item.initialReplicationProgressPercentage = 100;
  item.resyncRequired = false;
  item.policyId = FAILBACK_POLICY_ID;
}

/** Moves an item to "planned failover done" (InMageRcmFailback at Recovery, commit pending). */
export function failedBackItem(item: MutableItem): void {
  replicatingBack(item);
  item.protectionState = "CommitPendingStatesBegin";
  item.activeLocation = "Recovery";
  item.allowedOperations = [
    "CompleteMigration",
    "Commit",
    "DisableProtection",
    "SwitchProtection",
    "CancelFailover",
  ];
  item.lastPlannedFailoverStatus = "Succeeded";
}

/** Applies an edit to every item of a context. */
export function everyItem(context: MutableContext, edit: (item: MutableItem) => void): void {
  for (const item of context.site?.protectedItems ?? []) edit(item);
}
