import type { AreaCases } from "../fixtures";

export const failoverCases: AreaCases = {
  area: "failover",
  breaking: [
    {
      id: "FO-01",
      when: "the plan fails back running Azure vms",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
      },
      object: "azure vm vm-web-1",
      fix: "plan the downtime",
      severity: "info",
    },
    {
      id: "FO-02",
      when: "a replication group fails back to its application-consistent point without multi-VM consistency",
      mutate: (c) => {
        c.inputs!.failbackPlan!.recoveryPointType = "latestApplicationConsistent";
        c.inputs!.reprotection!.multiVmConsistency = false;
      },
      object: "failback plan fb-web",
      fix: "enable multi-VM consistency",
      propertyPath: "reprotection.multiVmConsistency",
    },
    {
      id: "FO-02",
      when: "the application-consistent point loses data",
      mutate: (c) => {
        c.inputs!.failbackPlan!.recoveryPointType = "latestApplicationConsistent";
      },
      object: "failback plan fb-web",
      fix: "use latest",
      severity: "warn",
      propertyPath: "failbackPlan.recoveryPointType",
    },
    {
      id: "FO-03",
      when: "a Linux vm fails back",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        c.site!.protectedItems![0]!.osType = "linux";
      },
      object: "linux vm vm-web-1",
      fix: "check after failback that VMware Tools run",
      severity: "info",
    },
    {
      id: "FO-04",
      when: "the plan commits",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "committed";
      },
      object: "azure vm vm-web-2",
      fix: "copy anything you need from it before commit",
      severity: "info",
    },
    {
      id: "FO-05",
      when: "reprotect to Azure starts minutes after boot",
      mutate: (c) => {
        c.operation = { kind: "reprotectToAzure" };
        c.site!.protectedItems![0]!.onPremisesAgentRegistered = false;
        c.site!.protectedItems![0]!.onPremisesUptimeInMinutes = 4;
      },
      object: "vm vm-web-1",
      fix: "wait and retry reprotect",
      severity: "warn",
    },
    {
      id: "FO-05",
      when: "the agent is still not registered after the grace period",
      mutate: (c) => {
        c.operation = { kind: "reprotectToAzure" };
        c.site!.protectedItems![1]!.onPremisesAgentRegistered = false;
        c.site!.protectedItems![1]!.onPremisesUptimeInMinutes = 30;
      },
      object: "vm vm-web-2",
      fix: "check the mobility service",
      severity: "warn",
    },
    {
      id: "FO-06",
      when: "a Linux vm fails back",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        c.site!.protectedItems![1]!.osType = "linux";
      },
      object: "linux vm vm-web-2",
      fix: "reinstall it",
      severity: "info",
    },
    {
      id: "FO-06",
      when: "a vm with a static IP fails back",
      mutate: (c) => {
        c.operation = { kind: "failover" };
        c.site!.protectedItems![0]!.onPremisesHadStaticIp = true;
      },
      object: "vm vm-web-1",
      fix: "set its static IP address again",
      severity: "info",
    },
  ],
  healthy: [
    {
      id: "FO-01",
      when: "the Azure vms are already stopped",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        for (const item of c.site!.protectedItems!) item.azureVmRunning = false;
      },
    },
    { id: "FO-02", when: "the latest point is used" },
    { id: "FO-03", when: "the plan stops at reprotect" },
    {
      id: "FO-04",
      when: "the plan stops at failover",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
      },
    },
    {
      id: "FO-04",
      when: "the items are committed already (nothing is left for commit to remove)",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
        for (const item of c.site!.protectedItems!)
          (item as { failbackStage?: string }).failbackStage = "committed";
      },
    },
    {
      id: "FO-05",
      when: "the agent is registered",
      mutate: (c) => {
        c.operation = { kind: "reprotectToAzure" };
        c.site!.protectedItems![0]!.onPremisesAgentRegistered = true;
        c.site!.protectedItems![0]!.onPremisesUptimeInMinutes = 4;
      },
    },
    {
      id: "FO-06",
      when: "Windows vms without static IPs fail back",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "committed";
      },
    },
  ],
};
