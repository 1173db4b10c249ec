import type { AreaCases, MutableContext } from "../fixtures";

/** Fails back the two vms as physical servers to an alternate location. */
function physical(context: MutableContext): void {
  context.inputs!.flavor = "physical";
  context.inputs!.reprotection!.recoveryLocation = "alternate";
  for (const item of context.site!.protectedItems!) {
    item.flavor = "physical";
    item.instanceType = "InMage";
  }
}

export const locationCases: AreaCases = {
  area: "location",
  breaking: [
    {
      id: "LOC-01",
      when: "the master target's host does not see the vm's datastore",
      mutate: (c) => {
        c.site!.protectedItems![0]!.datastoreName = "ds-vmfs-09";
      },
      object: "vm vm-web-1",
      fix: "give the master target's host access to that datastore",
    },
    {
      id: "LOC-01",
      when: "a standalone host's datastore is out of the master target's reach",
      mutate: (c) => {
        c.site!.protectedItems![1]!.vCenterName = null;
        c.site!.protectedItems![1]!.datastoreName = "ds-local-07";
      },
      object: "vm vm-web-2",
      fix: "choose a master target on a host that sees it",
    },
    {
      id: "LOC-02",
      when: "a vSAN disk is no longer attached to the on-premises vm",
      mutate: (c) => {
        c.site!.protectedItems![0]!.disks!.push({
          name: "disk1",
          type: "vsan",
          attachedToOnPremisesVm: false,
        });
      },
      object: "vm vm-web-1",
      fix: "reattach the disks to the on-premises VM",
      propertyPath: "reprotection.recoveryLocation",
    },
    {
      id: "LOC-03",
      when: "alternate-location recovery targets a vSAN datastore",
      mutate: (c) => {
        c.inputs!.reprotection!.recoveryLocation = "alternate";
        c.site!.masterTargets![0]!.datastores!.push({ name: "ds-vsan-01", type: "vSAN" });
        c.inputs!.reprotection!.datastoreName = "ds-vsan-01";
      },
      object: "datastore ds-vsan-01",
      fix: "choose a VMFS datastore",
      propertyPath: "reprotection.datastoreName",
    },
    {
      id: "LOC-03",
      when: "alternate-location recovery means a full download",
      mutate: (c) => {
        c.inputs!.reprotection!.recoveryLocation = "alternate";
      },
      object: "2 vms (vm-web-1, vm-web-2)",
      fix: "expect failback to take longer",
      severity: "info",
    },
    {
      id: "LOC-04",
      when: "a physical server asks for original-location recovery",
      mutate: (c) => {
        physical(c);
        c.inputs!.reprotection!.recoveryLocation = "original";
      },
      object: "physical server vm-web-1",
      fix: "set recoveryLocation to alternate",
      propertyPath: "reprotection.recoveryLocation",
    },
    {
      id: "LOC-05",
      when: "a Windows Server 2008 R2 SP1 physical server is in the plan",
      mutate: (c) => {
        physical(c);
        c.site!.protectedItems![1]!.osVersion = "Windows Server 2008 R2 SP1 Enterprise";
      },
      object: "physical server vm-web-2",
      fix: "remove it from the failback plan",
      propertyPath: "failbackPlan.items",
    },
    {
      id: "LOC-06",
      when: "VMware vms are to fail back to a Hyper-V host",
      mutate: (c) => {
        c.inputs!.flavor = "hyperv";
      },
      object: "vm vm-web-1",
      fix: "fail it back to VMware",
      propertyPath: "failbackPlan.items",
    },
    {
      id: "LOC-07",
      when: "the on-premises vm was deleted",
      mutate: (c) => {
        c.site!.protectedItems![1]!.onPremisesVmExists = false;
      },
      object: "vm vm-web-2",
      fix: "expect it on the master target's host esx-01",
      severity: "info",
    },
  ],
  healthy: [
    {
      id: "LOC-01",
      when: "alternate-location recovery ignores the original datastore",
      mutate: (c) => {
        c.inputs!.reprotection!.recoveryLocation = "alternate";
        c.site!.protectedItems![0]!.datastoreName = "ds-vmfs-09";
      },
    },
    {
      id: "LOC-02",
      when: "an RDM disk is still attached to the on-premises vm",
      mutate: (c) => {
        c.site!.protectedItems![0]!.disks!.push({ name: "disk1", type: "rdm", attachedToOnPremisesVm: true });
      },
    },
    {
      id: "LOC-03",
      when: "recovery goes to the original location",
    },
    { id: "LOC-04", when: "a physical server fails back to an alternate location", mutate: physical },
    {
      id: "LOC-05",
      when: "a Windows Server 2008 R2 VMware vm fails back",
      mutate: (c) => {
        c.site!.protectedItems![0]!.osVersion = "Windows Server 2008 R2 SP1";
      },
    },
    { id: "LOC-06", when: "Hyper-V vms fail back to Hyper-V", base: "hyperv" },
    {
      id: "LOC-07",
      when: "the deleted vm goes to an alternate location anyway",
      mutate: (c) => {
        c.inputs!.reprotection!.recoveryLocation = "alternate";
        c.site!.protectedItems![1]!.onPremisesVmExists = false;
      },
    },
  ],
};
