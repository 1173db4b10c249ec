import type { AreaCases } from "../fixtures";
import { APP2_ID, everyItem, replicatingBack, VCENTER2_ID } from "../modernizedFixtures";

export const modernizedApplianceCases: AreaCases = {
  area: "modernized",
  breaking: [
    {
      id: "MR-01",
      when: "a plan mixes classic and modernized items",
      base: "modernized",
      mutate: (c) => {
        c.site!.protectedItems![1]!.instanceType = "InMageAzureV2";
        delete c.site!.protectedItems![1]!.replicationPath;
      },
      object: "failback plan fb-app",
      fix: "fail them back in separate plans",
      propertyPath: "failbackPlan.items",
    },
    {
      id: "MR-01",
      when: "modernized inputs are declared for classic items",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => {
          item.instanceType = "InMageAzureV2";
          delete item.replicationPath;
        });
      },
      object: "vm vm-app-1",
      fix: "use the classic failback plan or move it to the modernized vault",
    },
    {
      id: "MR-01",
      when: "a master target is declared for modernized items",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.masterTarget = { name: "mt-win-01" };
      },
      object: "master target mt-win-01",
      fix: "declare the appliance's reprotect agent instead",
      propertyPath: "masterTarget",
    },
    {
      id: "MR-01",
      when: "a process server is declared for modernized items",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.processServer = { name: "ps-01", location: "azure" };
      },
      object: "process server ps-01",
      fix: "remove it",
      propertyPath: "processServer",
    },
    {
      id: "MR-01",
      when: "the fabric holding modernized items is not an InMageRcm fabric",
      base: "modernized",
      mutate: (c) => {
        c.site!.modernizedFabric!.instanceType = "VMware";
      },
      object: "fabric fab-rcm",
      fix: "the vault's InMageRcm fabric",
    },
    {
      id: "MR-02",
      when: "the chosen appliance's reprotect agent is Critical",
      base: "modernized",
      mutate: (c) => {
        const appliance = c.site!.replicationAppliances![0]!;
        appliance.components!.find((component) => component.kind === "reprotectAgent")!.health = "Critical";
        appliance.heartbeatAgeInMinutes = 125;
      },
      object: "appliance app-01",
      fix: "fix the appliance before reprotecting or failing back",
    },
    {
      id: "MR-02",
      when: "the whole fabric is Critical",
      base: "modernized",
      mutate: (c) => {
        c.site!.modernizedFabric!.health = "Critical";
      },
      object: "fabric fab-rcm",
      fix: "fix the appliance",
    },
    {
      id: "MR-02",
      when: "the appliance items replicate back through has a stale heartbeat (inferred limit)",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item, APP2_ID));
        c.site!.replicationAppliances![1]!.heartbeatAgeInMinutes = 90;
      },
      object: "appliance app-02",
      fix: "check that the appliance runs",
      severity: "warn",
    },
    {
      id: "MR-03",
      when: "the chosen reprotect agent is not registered in the fabric",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.modernized!.reprotectAgentId;
        c.inputs!.modernized!.reprotectAgentName = "app-09";
      },
      object: "reprotect agent app-09",
      fix: "choose the reprotect agent of a registered appliance",
      propertyPath: "modernized.reprotectAgentName",
    },
    {
      id: "MR-04",
      when: "the datastore is not accessible to the appliance",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.datastoreName = "ds-07";
      },
      object: "datastore ds-07",
      fix: "pick one of these or another appliance",
      propertyPath: "modernized.datastoreName",
    },
    {
      id: "MR-04",
      when: "original location recovery targets another datastore than the machine's (inferred)",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.datastoreName = "ds-02";
      },
      object: "vm vm-app-1",
      fix: "declare alternate location recovery",
      severity: "warn",
    },
    {
      id: "MR-05",
      when: "the appliance would serve more than 60 failback disks",
      base: "modernized",
      mutate: (c) => {
        c.site!.replicationAppliances![0]!.servedDiskCount = 58;
      },
      object: "appliance app-01",
      fix: "reprotect some vms through another appliance",
    },
    {
      id: "MR-06",
      when: "the reprotect through the appliance is about to run",
      base: "modernized",
      mutate: (c) => {
        c.operation = { kind: "reprotect" };
      },
      object: "appliance app-01",
      fix: "do not Storage-vMotion it",
    },
    {
      id: "MR-07",
      when: "the appliance discovers another vCenter than the VM's (inferred)",
      base: "modernized",
      mutate: (c) => {
        c.site!.replicationAppliances![0]!.vCenterId = VCENTER2_ID;
      },
      object: "appliance app-01",
      fix: "choose an appliance of vCenter vc-01",
    },
    {
      id: "MR-08",
      when: "the vault also holds a classic configuration server",
      base: "modernized",
      mutate: (c) => {
        c.site!.configurationServer = { name: "cs-01", present: true };
      },
      object: "the vault",
      fix: "keep the modernized appliances in their own Recovery Services vault",
    },
  ],
  healthy: [
    { id: "MR-01", when: "every item is modernized and no classic topology is declared", base: "modernized" },
    { id: "MR-01", when: "a classic site declares nothing modernized" },
    { id: "MR-02", when: "every component of the chosen appliance is Normal", base: "modernized" },
    {
      id: "MR-02",
      when: "an appliance nobody uses is Critical",
      base: "modernized",
      mutate: (c) => {
        c.site!.replicationAppliances![1]!.components![0]!.health = "Critical";
      },
    },
    { id: "MR-03", when: "the reprotect agent is registered", base: "modernized" },
    {
      id: "MR-03",
      when: "the reprotect agent is named by its appliance name",
      base: "modernized",
      mutate: (c) => {
        delete c.inputs!.modernized!.reprotectAgentId;
        c.inputs!.modernized!.reprotectAgentName = "APP-01";
      },
    },
    { id: "MR-04", when: "the datastore is the machine's own and accessible", base: "modernized" },
    {
      id: "MR-04",
      when: "alternate location recovery targets another accessible datastore",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.datastoreName = "ds-02";
        c.inputs!.modernized!.recoveryLocation = "alternate";
      },
    },
    {
      id: "MR-05",
      when: "the appliance serves exactly 60 disks",
      base: "modernized",
      mutate: (c) => {
        c.site!.replicationAppliances![0]!.servedDiskCount = 56;
      },
    },
    { id: "MR-06", when: "no reprotect is about to run", base: "modernized" },
    { id: "MR-07", when: "the appliance discovers the VMs' vCenter", base: "modernized" },
    { id: "MR-08", when: "the vault holds no classic configuration server", base: "modernized" },
  ],
};
