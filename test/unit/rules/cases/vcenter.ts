import type { AreaCases, MutableContext } from "../fixtures";

/** Puts vm-web-1 on a standalone ESX host (no vCenter). */
function standalone(context: MutableContext): void {
  context.site!.protectedItems![0]!.vCenterName = null;
}

export const vcenterCases: AreaCases = {
  area: "vcenter",
  breaking: [
    {
      id: "VC-01",
      when: "vCenter is disconnected",
      mutate: (c) => {
        c.site!.vCenters![0]!.connected = false;
      },
      object: "vcenter vc-01",
      fix: "restore the connection",
    },
    {
      id: "VC-02",
      when: "the vCenter account is read-only",
      mutate: (c) => {
        c.site!.vCenters![0]!.accountReadOnly = true;
      },
      object: "vcenter vc-01",
      fix: "discovery permissions",
      propertyPath: "reprotection.runAsAccountName",
    },
    {
      id: "VC-03",
      when: "a vm on a standalone host fails back through a master target whose host is not discovered",
      mutate: (c) => {
        standalone(c);
        c.site!.esxHosts![0]!.discovered = false;
      },
      object: "esx host esx-01 of master target mt-win-01",
      fix: "wait for discovery before reprotect",
    },
    {
      id: "VC-03",
      when: "physical servers fail back through a master target whose host is not discovered",
      mutate: (c) => {
        c.inputs!.flavor = "physical";
        for (const item of c.site!.protectedItems!) item.flavor = "physical";
        c.site!.esxHosts![0]!.discovered = false;
      },
      object: "esx host esx-01 of master target mt-win-01",
      fix: "add the host to the configuration server",
    },
    {
      id: "VC-04",
      when: "the target host runs a free ESXi edition",
      mutate: (c) => {
        c.site!.esxHosts![0]!.isFreeEdition = true;
        c.site!.esxHosts![0]!.edition = "vSphere 6 Hypervisor (free)";
      },
      object: "esx host esx-01",
      fix: "license the host",
    },
    {
      id: "VC-05",
      when: "a new configuration server replaced the original",
      mutate: (c) => {
        c.site!.configurationServer!.isOriginal = false;
      },
      object: "configuration server cs-01",
      fix: "fail back through the original configuration server",
    },
    {
      id: "VC-05",
      when: "the vms are now managed by a vCenter added after protection",
      mutate: (c) => {
        c.site!.vCenters!.push({
          name: "vc-new",
          connected: true,
          accountReadOnly: false,
          isOriginal: false,
        });
        c.site!.protectedItems![0]!.vCenterName = "vc-new";
      },
      object: "vcenter vc-new",
      fix: "fail back to the original vCenter",
    },
  ],
  healthy: [
    {
      id: "VC-01",
      when: "an unrelated vCenter is disconnected",
      mutate: (c) => {
        c.site!.vCenters!.push({ name: "vc-lab", connected: false });
      },
    },
    {
      id: "VC-02",
      when: "the account's permissions are unknown",
      mutate: (c) => {
        delete c.site!.vCenters![0]!.accountReadOnly;
      },
    },
    {
      id: "VC-03",
      when: "vCenter-managed vms fail back through an undiscovered standalone host",
      mutate: (c) => {
        c.site!.esxHosts![0]!.discovered = false;
      },
    },
    {
      id: "VC-03",
      when: "a standalone vm's master target host is discovered",
      mutate: standalone,
    },
    {
      id: "VC-04",
      when: "a free host is not a failback target",
      mutate: (c) => {
        c.site!.esxHosts!.push({ name: "esx-lab", discovered: true, isFreeEdition: true });
      },
    },
    {
      id: "VC-05",
      when: "a new vCenter was added but nothing uses it",
      mutate: (c) => {
        c.site!.vCenters!.push({ name: "vc-new", connected: true, isOriginal: false });
      },
    },
  ],
};
