import type { AreaCases, MutableContext } from "../fixtures";

/** Fails back to alternate host hv-02. */
function alternate(context: MutableContext): void {
  context.inputs!.reprotection!.recoveryLocation = "alternate";
  context.inputs!.reprotection!.hyperV!.alternateHostName = "hv-02";
}

export const hyperVCases: AreaCases = {
  area: "hyperV",
  breaking: [
    {
      id: "HV-01",
      when: "the Hyper-V host is disconnected from Azure",
      base: "hyperv",
      mutate: (c) => {
        c.site!.hyperVHosts![0]!.connected = false;
      },
      object: "hyper-v host hv-01",
      fix: "restore its connection",
    },
    {
      id: "HV-01",
      when: "the VMM server is disconnected from Azure",
      base: "hyperv",
      mutate: (c) => {
        c.site!.hyperVHosts!.push({ name: "vmm-01", isVmm: true, connected: false });
      },
      object: "vmm server vmm-01",
      fix: "start the Site Recovery provider service",
    },
    {
      id: "HV-01",
      when: "the Hyper-V site reports no connection",
      base: "hyperv",
      mutate: (c) => {
        c.site!.hyperVSite = { name: "hv-site", connected: false };
      },
      object: "hyper-v site hv-site",
      fix: "start the Site Recovery provider service on its VMM server or hosts",
      propertyPath: "reprotection.fabricName",
    },
    {
      id: "HV-02",
      when: "the failover to Azure was not committed",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.failoverToAzureCommitted = false;
      },
      object: "vm vm-hv-1",
      fix: "commit the failover to Azure before failing back",
    },
    {
      id: "HV-03",
      when: "the vm replicates to managed disks",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.usesManagedDisks = true;
      },
      object: "vm vm-hv-1",
      fix: "remove it from the failback plan",
      propertyPath: "failbackPlan.items",
    },
    {
      id: "HV-04",
      when: "an unplanned failover is requested",
      base: "hyperv",
      mutate: (c) => {
        c.inputs!.failbackPlan!.failoverType = "unplanned";
      },
      object: "failback plan fb-hv",
      fix: "use a planned failover",
      propertyPath: "failbackPlan.failoverType",
    },
    {
      id: "HV-04",
      when: "deltas are synced after two months in Azure",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.daysInAzure = 60;
      },
      object: "vm vm-hv-1",
      fix: "consider dataSyncOption syncDuringFailover",
      severity: "info",
    },
    {
      id: "HV-04",
      when: "deltas are synced for a deleted on-premises vm",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.onPremisesVmExists = false;
      },
      object: "vm vm-hv-1",
      fix: "consider dataSyncOption syncDuringFailover",
      severity: "info",
    },
    {
      id: "HV-05",
      when: "encryption is enabled without the certificate",
      base: "hyperv",
      mutate: (c) => {
        c.inputs!.reprotection!.hyperV!.encryptionEnabled = true;
      },
      object: "the reprotection",
      fix: "provide the certificate issued when the provider was installed",
      propertyPath: "reprotection.hyperV.encryptionCertificate",
    },
    {
      id: "HV-06",
      when: "alternate location lacks createVmIfNotFound",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.inputs!.reprotection!.hyperV!.createVmIfNotFound = false;
      },
      object: "the reprotection",
      fix: "set reprotection.hyperV.createVmIfNotFound to true",
      propertyPath: "reprotection.hyperV.createVmIfNotFound",
    },
    {
      id: "HV-06",
      when: "alternate location has an empty host name",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.inputs!.reprotection!.hyperV!.alternateHostName = "";
      },
      object: "the reprotection",
      fix: "set reprotection.hyperV.alternateHostName",
    },
    {
      id: "HV-06",
      when: "the alternate host runs Windows Server 2012",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.site!.hyperVHosts![1]!.osVersion = "Windows Server 2012 Datacenter";
      },
      object: "alternate host hv-02",
      fix: "Windows Server 2012 R2 or later",
    },
    {
      id: "HV-06",
      when: "the alternate host lacks the Hyper-V role",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.site!.hyperVHosts![1]!.hasHyperVRole = false;
      },
      object: "alternate host hv-02",
      fix: "install the Hyper-V role",
    },
    {
      id: "HV-06",
      when: "the alternate host has no switch of that name",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.site!.hyperVHosts![1]!.virtualSwitchNames = ["vswitch-lab"];
      },
      object: "alternate host hv-02",
      fix: "create virtual switch vswitch-prod",
      propertyPath: "reprotection.hyperV.virtualSwitchName",
    },
    {
      id: "HV-06",
      when: "the alternate host is not a host of the site",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.site!.hyperVHosts!.splice(1, 1);
      },
      object: "alternate host hv-02",
      fix: "register the host with the site",
      propertyPath: "reprotection.hyperV.alternateHostName",
    },
    {
      id: "HV-06",
      when: "the site does not report the alternate host's switches",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        delete (c.site!.hyperVHosts![1] as { virtualSwitchNames?: string[] }).virtualSwitchNames;
      },
      object: "alternate host hv-02",
      fix: "make sure virtual switch vswitch-prod exists on it",
      severity: "warn",
      propertyPath: "reprotection.hyperV.virtualSwitchName",
    },
    {
      id: "HV-06",
      when: "the switch is named differently from the original host's",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.inputs!.reprotection!.hyperV!.virtualSwitchName = "vswitch-lab";
        c.site!.hyperVHosts![1]!.virtualSwitchNames = ["vswitch-lab"];
      },
      object: "vm vm-hv-1",
      fix: "name the alternate host's switch vswitch-prod",
    },
    {
      id: "HV-07",
      when: "the failback job is cancelled during data sync",
      base: "hyperv",
      mutate: (c) => {
        c.site!.jobs![0]!.dataSyncInProgress = true;
        c.operation = { kind: "cancelJob", jobName: "job-1" };
      },
      object: "failback job job-1 of vm vm-hv-1",
      fix: "let the data sync finish",
    },
    {
      id: "HV-08",
      when: "bandwidth and disk sizes are known",
      base: "hyperv",
      mutate: (c) => {
        c.site!.linkBandwidthInMbps = 100;
      },
      object: "failback of 1 vm",
      fix: "plan the window",
      severity: "info",
    },
    {
      id: "HV-09",
      when: "the plan protects the vm to Azure again",
      base: "hyperv",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "protectedToAzure";
      },
      object: "vm vm-hv-1",
      fix: "no initial replication is needed",
      severity: "info",
    },
  ],
  healthy: [
    {
      id: "HV-01",
      when: "host connections are unknown",
      base: "hyperv",
      mutate: (c) => {
        delete c.site!.hyperVHosts;
      },
    },
    {
      id: "HV-02",
      when: "the commit state is unknown",
      base: "hyperv",
      mutate: (c) => {
        delete c.site!.protectedItems![0]!.failoverToAzureCommitted;
      },
    },
    { id: "HV-03", when: "the vm replicates to a storage account", base: "hyperv" },
    {
      id: "HV-04",
      when: "a long stay in Azure already syncs during failover",
      base: "hyperv",
      mutate: (c) => {
        c.site!.protectedItems![0]!.daysInAzure = 60;
        c.inputs!.reprotection!.hyperV!.dataSyncOption = "syncDuringFailover";
      },
    },
    {
      id: "HV-05",
      when: "encryption is enabled with the certificate",
      base: "hyperv",
      mutate: (c) => {
        c.inputs!.reprotection!.hyperV!.encryptionEnabled = true;
        c.inputs!.reprotection!.hyperV!.hasEncryptionCertificate = true;
      },
    },
    {
      id: "HV-06",
      when: "a Windows Server 2012 R2 alternate host has the switch",
      base: "hyperv",
      mutate: alternate,
    },
    { id: "HV-06", when: "recovery goes to the original host", base: "hyperv" },
    {
      id: "HV-06",
      when: "the site reports the alternate host by its full DNS name",
      base: "hyperv",
      mutate: (c) => {
        alternate(c);
        c.site!.hyperVHosts![1]!.name = "HV-02.contoso.local";
      },
    },
    {
      id: "HV-07",
      when: "the job is cancelled outside data sync",
      base: "hyperv",
      mutate: (c) => {
        c.operation = { kind: "cancelJob", jobName: "job-1" };
      },
    },
    {
      id: "HV-07",
      when: "a job in data sync is not being cancelled",
      base: "hyperv",
      mutate: (c) => {
        c.site!.jobs![0]!.dataSyncInProgress = true;
      },
    },
    {
      id: "HV-08",
      when: "a disk size is unknown",
      base: "hyperv",
      mutate: (c) => {
        c.site!.linkBandwidthInMbps = 100;
        delete c.site!.protectedItems![0]!.disks![0]!.sizeInBytes;
      },
    },
    { id: "HV-09", when: "the plan stops at commit", base: "hyperv" },
  ],
};
