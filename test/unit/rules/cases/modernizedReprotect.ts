import type { AreaCases } from "../fixtures";

export const modernizedReprotectCases: AreaCases = {
  area: "modernized",
  breaking: [
    {
      id: "MR-11",
      when: "the item never failed over to Azure",
      base: "modernized",
      mutate: (c) => {
        const item = c.site!.protectedItems![0]!;
        item.protectionState = "Protected";
        item.activeLocation = "Primary";
        item.allowedOperations = ["UnplannedFailover", "DisableProtection", "TestFailover"];
      },
      object: "vm vm-app-1",
      fix: "fail it over to Azure first",
    },
    {
      id: "MR-11",
      when: "SwitchProtection is not allowed",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.allowedOperations = ["CompleteMigration", "DisableProtection"];
      },
      object: "vm vm-app-1",
      fix: "wait until Site Recovery lists SwitchProtection",
    },
    {
      id: "MR-11",
      when: "a job runs on the item",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![1]!.runningJobScenario = "SwitchReplicationGroupProtection";
      },
      object: "vm vm-app-2",
      fix: "wait for the job to finish",
    },
    {
      id: "MR-12",
      when: "the reprotect lacks a datastore",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.modernized!.datastoreName;
      },
      object: "reprotect of fb-app",
      fix: "set modernized.datastoreName",
      propertyPath: "modernized.datastoreName",
    },
    {
      id: "MR-12",
      when: "the reprotect lacks the optional policy id",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.modernized!.policyId;
      },
      object: "reprotect of fb-app",
      fix: "set modernized.policyId",
      severity: "warn",
      propertyPath: "modernized.policyId",
    },
    {
      id: "MR-13",
      when: "the log storage account id is not a storage account",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.logStorageAccountId =
          "/subscriptions/0/resourceGroups/rg-dr/providers/Microsoft.Compute/disks/sa1";
      },
      object:
        "logStorageAccountId /subscriptions/0/resourceGroups/rg-dr/providers/Microsoft.Compute/disks/sa1",
      fix: "give the ARM ID of a Microsoft.Storage/storageAccounts account",
      propertyPath: "modernized.logStorageAccountId",
    },
    {
      id: "MR-13",
      when: "the log storage account is in another region than the VMs (inferred)",
      base: "modernized",
      mutate: (c) => {
        c.site!.logStorageAccount!.location = "northeurope";
      },
      object: "storage account sacache01",
      fix: "use a cache storage account in westeurope",
      severity: "warn",
    },
    {
      id: "MR-14",
      when: "the Mobility agent did not register after failover",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.agentRegisteredAfterFailover = false;
      },
      object: "azure vm vm-app-1",
      fix: "check its Mobility agent services and its access to the Site Recovery URLs",
    },
    {
      id: "MR-14",
      when: "the item has critical health errors",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![1]!.criticalHealthErrorCount = 2;
      },
      object: "azure vm vm-app-2",
      fix: "resolve them",
    },
    {
      id: "MR-14",
      when: "the Azure VM is stopped (inferred mapping)",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.azureVmRunning = false;
      },
      object: "azure vm vm-app-1",
      fix: "start it so its Mobility agent can replicate back",
      severity: "warn",
    },
    {
      id: "MR-15",
      when: "a disk was added to the Azure VM after failover",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.unprotectedAzureDiskNames = ["data-3"];
      },
      object: "disk data-3",
      fix: "move its data to a protected disk",
    },
    {
      id: "MR-16",
      when: "the on-premises VM no longer exists",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.discoveredVmDeleted = true;
      },
      object: "vm vm-app-1",
      fix: "failback recreates it and copies all data",
    },
    {
      id: "MR-17",
      when: "the reprotect is about to run",
      base: "modernized",
      mutate: (c) => {
        c.operation = { kind: "reprotect" };
      },
      object: "on-premises vm vm-app-1",
      fix: "do not turn it on until failback completes",
    },
    {
      id: "MR-18",
      when: "the VM had a static IP address",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![1]!.nics![0]!.ipAddressType = "Static";
      },
      object: "vm vm-app-2",
      fix: "re-set it after failback",
    },
    {
      id: "MR-19",
      when: "the machine is a physical server (inferred discovery type)",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![0]!.flavor = "physical";
      },
      object: "server vm-app-1",
      fix: "it fails back only as a VMware VM",
    },
    {
      id: "MR-20",
      when: "a reprotect job of an item failed",
      base: "modernized",
      mutate: (c) => {
        c.site!.jobs = [
          {
            name: "job-7",
            itemName: "vm-app-1",
            state: "Failed",
            scenarioName: "SwitchReplicationGroupProtection",
          },
        ];
      },
      object: "reprotect job job-7",
      fix: "retry the reprotect, through any healthy appliance",
    },
    {
      id: "MR-21",
      when: "reprotect is asked for a recovery plan of InMageRcm items",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.reprotectByRecoveryPlan = true;
      },
      object: "recovery plan fb-app",
      fix: "reprotect them one by one",
      propertyPath: "modernized.reprotectByRecoveryPlan",
    },
  ],
  healthy: [
    { id: "MR-11", when: "the items failed over to Azure and were committed", base: "modernized" },
    {
      id: "MR-11",
      when: "a failover to Azure is still pending commit (the reprotect job commits it)",
      base: "modernized",
      mutate: (c) => {
        const item = c.site!.protectedItems![0]!;
        item.protectionState = "UnplannedFailoverCommitPendingStatesBegin";
        item.allowedOperations = [
          "CompleteMigration",
          "Commit",
          "DisableProtection",
          "ChangePit",
          "SwitchProtection",
        ];
      },
    },
    {
      id: "MR-11",
      when: "the plan does not reprotect",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.failbackPlan!.targetStage;
        c.site!.protectedItems![0]!.activeLocation = "Primary";
      },
    },
    { id: "MR-12", when: "every required reprotect input is given", base: "modernized" },
    {
      id: "MR-12",
      when: "the reprotect agent is given by name",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.modernized!.reprotectAgentId;
        c.inputs!.modernized!.reprotectAgentName = "app-01";
      },
    },
    {
      id: "MR-13",
      when: "the log storage account is a storage account in the VMs' region",
      base: "modernized",
    },
    { id: "MR-14", when: "the Mobility agent registered and the VM runs", base: "modernized" },
    { id: "MR-15", when: "no disk was added in Azure", base: "modernized" },
    { id: "MR-16", when: "the on-premises VM still exists", base: "modernized" },
    { id: "MR-17", when: "no reprotect is about to run", base: "modernized" },
    { id: "MR-18", when: "the VMs had dynamic addresses", base: "modernized" },
    { id: "MR-19", when: "the machines are VMware VMs", base: "modernized" },
    {
      id: "MR-20",
      when: "a failed job is not a reprotect",
      base: "modernized",
      mutate: (c) => {
        c.site!.jobs = [
          { name: "job-8", itemName: "vm-app-1", state: "Failed", scenarioName: "PlannedFailover" },
        ];
      },
    },
    { id: "MR-21", when: "reprotect runs item by item", base: "modernized" },
  ],
};
