import type { AreaCases, MutableContext } from "../fixtures";

/** Rewinds both vms to "failed over to Azure, not yet reprotected". */
function beforeReprotect(context: MutableContext): void {
  for (const item of context.site!.protectedItems!) {
    item.failbackStage = "failedOverToAzure";
    item.protectionState = "UnplannedFailoverCommitted";
    item.instanceType = "InMageAzureV2";
  }
}

export const reprotectCases: AreaCases = {
  area: "reprotect",
  breaking: [
    {
      id: "RP-01",
      when: "migration was completed",
      mutate: (c) => {
        c.site!.protectedItems![0]!.migrationCompleted = true;
      },
      object: "vm vm-web-1",
      fix: "remove it from the failback plan",
    },
    {
      id: "RP-01",
      when: "the Azure vm was deleted",
      mutate: (c) => {
        c.site!.protectedItems![1]!.azureVmExists = false;
      },
      object: "vm vm-web-2",
      fix: "it cannot fail back",
    },
    {
      id: "RP-01",
      when: "the Azure vm moved to another resource group",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.azureVmInOriginalResourceGroup = false;
      },
      object: "vm vm-hv-1",
      fix: "move the Azure VM back to the resource group it failed over into",
    },
    {
      id: "RP-02",
      when: "reprotect lies ahead for vms of protection group PG1",
      mutate: beforeReprotect,
      object: "protection group PG1",
      fix: "look for the vms under PG1_Failback",
      severity: "info",
    },
    {
      id: "RP-03",
      when: "the on-premises vm has a snapshot",
      mutate: (c) => {
        c.site!.protectedItems![0]!.snapshotCount = 1;
      },
      object: "vm vm-web-1",
      fix: "delete the snapshots (or the disks) before reprotect",
    },
    {
      id: "RP-04",
      when: "the on-premises vm is still running before reprotect",
      mutate: (c) => {
        beforeReprotect(c);
        c.site!.protectedItems![1]!.onPremisesVmRunning = true;
      },
      object: "vm vm-web-2",
      fix: "save anything needed from the on-premises copy",
      severity: "info",
    },
    {
      id: "RP-05",
      when: "failover is requested while a vm is still reprotecting",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.site!.protectedItems![0]!.protectionState = "ReprotectInProgress";
      },
      object: "vm vm-web-1",
      fix: "wait for reprotect to finish",
    },
    {
      id: "RP-05",
      when: "failover is requested while a vm's replication is critical",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.site!.protectedItems![1]!.replicationHealth = "Critical";
      },
      object: "vm vm-web-2",
      fix: "resolve its replication health errors",
    },
    {
      id: "RP-05",
      when: "the run waits for one vm's replication but another's is critical",
      mutate: (c) => {
        c.operation = { kind: "failover", awaitedItemNames: ["vm-web-1"] };
        c.site!.protectedItems![0]!.protectionState = "InitialReplicationInProgress";
        c.site!.protectedItems![1]!.replicationHealth = "Critical";
      },
      object: "vm vm-web-2",
      fix: "resolve its replication health errors",
    },
    {
      id: "RP-06",
      when: "failover is requested for a vm without recovery points",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.site!.protectedItems![1]!.recoveryPoints = [];
      },
      object: "vm vm-web-2 in plan fb-web",
      fix: "wait until replication to the site produces a recovery point",
    },
    {
      id: "RP-06",
      when: "an application-consistent failback finds only crash-consistent points",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.inputs!.failbackPlan!.recoveryPointType = "latestApplicationConsistent";
        c.site!.protectedItems![0]!.recoveryPoints = [{ type: "crashConsistent" }];
      },
      object: "vm vm-web-1 in plan fb-web",
      fix: "fail back to the latest (crash-consistent) point",
      propertyPath: "failbackPlan.recoveryPointType",
    },
  ],
  healthy: [
    {
      id: "RP-01",
      when: "the moved vm is not in the plan",
      mutate: (c) => {
        c.inputs!.failbackPlan!.items = ["vm-web-1"];
        c.site!.protectedItems![1]!.azureVmInOriginalResourceGroup = false;
      },
    },
    { id: "RP-02", when: "the vms were already reprotected" },
    {
      id: "RP-03",
      when: "snapshot counts are unknown",
      mutate: (c) => {
        for (const item of c.site!.protectedItems!) delete item.snapshotCount;
      },
    },
    { id: "RP-04", when: "the on-premises vm is off before reprotect", mutate: beforeReprotect },
    {
      id: "RP-05",
      when: "every vm is protected and healthy at failover",
      mutate: (c) => {
        c.operation = { kind: "failover" };
      },
    },
    {
      id: "RP-05",
      when: "a Hyper-V failback (planned failover, judged by its own rules) starts",
      base: "hyperv",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.site!.protectedItems![0]!.replicationHealth = "Critical";
      },
    },
    {
      id: "RP-05",
      when: "an unhealthy vm is judged outside failover",
      mutate: (c) => {
        c.site!.protectedItems![1]!.replicationHealth = "Critical";
      },
    },
    {
      id: "RP-05",
      when: "the run waits for a vm still in initial replication before the failover",
      mutate: (c) => {
        c.operation = { kind: "failover", awaitedItemNames: ["vm-web-1"] };
        c.site!.protectedItems![0]!.protectionState = "InitialReplicationInProgress";
        c.site!.protectedItems![0]!.replicationHealth = "Warning";
      },
    },
    {
      id: "RP-06",
      when: "the run waits for a vm without recovery points before the failover",
      mutate: (c) => {
        c.operation = { kind: "failover", awaitedItemNames: ["vm-web-1"] };
        c.site!.protectedItems![0]!.recoveryPoints = [];
      },
    },
    {
      id: "RP-06",
      when: "recovery points are unknown at failover",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        for (const item of c.site!.protectedItems!) delete item.recoveryPoints;
      },
    },
    {
      id: "RP-06",
      when: "an application-consistent point exists",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.inputs!.failbackPlan!.recoveryPointType = "latestApplicationConsistent";
      },
    },
  ],
};
