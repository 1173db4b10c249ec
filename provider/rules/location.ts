/**
 * Recovery location rules (LOC-01..LOC-07): original versus alternate location, and which
 * machines can come back where.
 */
import { chosenMasterTarget, declaredFlavor, finding, itemsInScope, itemsOfFlavor, plural } from "./support";
import type { Finding, ProtectedItemFacts, Rule, RuleContext } from "./types";

function recoveryLocation(context: RuleContext): "original" | "alternate" | undefined {
  return context.inputs?.reprotection?.recoveryLocation;
}

/** LOC-01: original location needs the VM's datastore reachable from the master target's host. */
export const loc01: Rule = {
  id: "LOC-01",
  area: "location",
  severity: "block",
  title: "Original-location recovery: the master target's ESX host sees the VM's datastore.",
  appliesTo: { flavors: ["vmware"], resources: ["reprotection"] },
  check(context) {
    if (recoveryLocation(context) !== "original") return [];
    const masterTarget = chosenMasterTarget(context);
    const datastores = masterTarget?.datastores;
    if (!masterTarget || datastores === undefined) return [];
    return itemsOfFlavor(context, ["vmware"])
      .filter((item) => item.onPremisesVmExists !== false && item.datastoreName !== undefined)
      .filter((item) => !datastores.some((datastore) => datastore.name === item.datastoreName))
      .map((item) => {
        const standalone = item.vCenterName === null;
        return finding("LOC-01", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: standalone
            ? `is on standalone host datastore ${item.datastoreName}, which master target ${masterTarget.name}'s host cannot reach`
            : `is on datastore ${item.datastoreName}, which master target ${masterTarget.name}'s ESX host does not see`,
          fix: "give the master target's host access to that datastore, or choose a master target on a host that sees it",
          propertyPath: "reprotection.masterTargetName",
        });
      });
  },
};

/** LOC-02: original location may target vSAN or RDM disks only when they exist and are attached. */
export const loc02: Rule = {
  id: "LOC-02",
  area: "location",
  severity: "block",
  title:
    "Original-location recovery targets vSAN or RDM disks only when they exist and are attached to the VM.",
  appliesTo: { flavors: ["vmware"], resources: ["reprotection"] },
  check(context) {
    if (recoveryLocation(context) !== "original") return [];
    const findings: Finding[] = [];
    for (const item of itemsOfFlavor(context, ["vmware"])) {
      const special = (item.disks ?? []).filter((disk) => disk.type === "vsan" || disk.type === "rdm");
      const missing = special.filter(
        (disk) => disk.attachedToOnPremisesVm === false || item.onPremisesVmExists === false,
      );
      if (missing.length === 0) continue;
      findings.push(
        finding("LOC-02", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: `has vSAN/RDM ${plural(missing.length, "disk")} (${missing.map((disk) => disk.name).join(", ")}) that no longer exist or are detached on premises`,
          fix: "reattach the disks to the on-premises VM, or recover to an alternate location on a VMFS datastore",
          propertyPath: "reprotection.recoveryLocation",
        }),
      );
    }
    return findings;
  },
};

/** LOC-03: alternate location recreates the VM on a VMFS datastore; full download. */
export const loc03: Rule = {
  id: "LOC-03",
  area: "location",
  severity: "block",
  title:
    "Alternate-location recovery recreates the VM on a VMFS datastore (no vSAN, no RDM) with a full download.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["reprotection"] },
  check(context) {
    if (recoveryLocation(context) !== "alternate" || declaredFlavor(context) === "hyperv") return [];
    const findings: Finding[] = [];
    const datastoreName = context.inputs?.reprotection?.datastoreName;
    const datastore = chosenMasterTarget(context)?.datastores?.find(
      (candidate) => candidate.name === datastoreName,
    );
    if (datastore?.type !== undefined && datastore.type !== "VMFS") {
      findings.push(
        finding("LOC-03", {
          severity: "block",
          object: `datastore ${datastore.name}`,
          cause: `is ${datastore.type}, but alternate-location recovery needs VMFS`,
          fix: "choose a VMFS datastore of the master target",
          propertyPath: "reprotection.datastoreName",
        }),
      );
    }
    const items = itemsOfFlavor(context, ["vmware", "physical"]);
    if (items.length > 0) {
      findings.push(
        finding("LOC-03", {
          severity: "info",
          object: `${plural(items.length, "vm")} (${items.map((item) => item.name).join(", ")})`,
          cause: "will be recreated on the master target's host, which downloads all their data",
          fix: "expect failback to take longer than to the original location",
        }),
      );
    }
    return findings;
  },
};

/** LOC-04: a physical server fails back only as a VMware VM, to an alternate location. */
export const loc04: Rule = {
  id: "LOC-04",
  area: "location",
  severity: "block",
  title:
    "A physical server fails back only as a VMware VM to an alternate location, never to a physical server.",
  appliesTo: { flavors: ["physical"], resources: ["reprotection"] },
  check(context) {
    if (recoveryLocation(context) !== "original") return [];
    const physical = itemsOfFlavor(context, ["physical"]);
    if (physical.length === 0 && declaredFlavor(context) !== "physical") return [];
    const names =
      physical.length > 0 ? physical.map((item) => `physical server ${item.name}`) : ["the reprotection"];
    return names.map((object) =>
      finding("LOC-04", {
        severity: "block",
        object,
        cause: "asks for original-location recovery, but physical servers fail back only as VMware VMs",
        fix: "set recoveryLocation to alternate so it is recreated as a VM on the master target's host",
        propertyPath: "reprotection.recoveryLocation",
      }),
    );
  },
};

/** Whether an OS version string names Windows Server 2008 R2 (any service pack). */
export function isWindowsServer2008R2(osVersion: string): boolean {
  return /2008\s*r2/i.test(osVersion);
}

/** LOC-05: a Windows Server 2008 R2 SP1 physical server that failed over cannot fail back. */
export const loc05: Rule = {
  id: "LOC-05",
  area: "location",
  severity: "block",
  title: "A Windows Server 2008 R2 SP1 physical server that failed over to Azure cannot fail back.",
  appliesTo: { flavors: ["physical"], resources: ["failbackPlan"] },
  check(context) {
    return itemsOfFlavor(context, ["physical"])
      .filter((item) => item.osVersion !== undefined && isWindowsServer2008R2(item.osVersion))
      .map((item) =>
        finding("LOC-05", {
          severity: "block",
          object: `physical server ${item.name}`,
          cause: `runs ${item.osVersion}, which cannot fail back`,
          fix: "remove it from the failback plan and rebuild it on premises (or keep it in Azure)",
          propertyPath: "failbackPlan.items",
        }),
      );
  },
};

/** LOC-06: VMware VMs that failed over cannot fail back to a Hyper-V host. */
export const loc06: Rule = {
  id: "LOC-06",
  area: "location",
  severity: "block",
  title: "VMware VMs that failed over cannot fail back to a Hyper-V host.",
  appliesTo: { flavors: ["hyperv"], resources: ["failbackPlan"] },
  check(context) {
    if (declaredFlavor(context) !== "hyperv") return [];
    return (itemsInScope(context) ?? [])
      .filter((item: ProtectedItemFacts) => item.flavor === "vmware" || item.flavor === "physical")
      .map((item) =>
        finding("LOC-06", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: `was protected from ${item.flavor === "physical" ? "a physical server" : "VMware"} and cannot fail back to a Hyper-V host`,
          fix: "fail it back to VMware through a master target",
          // The item is the offender: it belongs in a VMware plan, not in this Hyper-V one.
          propertyPath: "failbackPlan.items",
        }),
      );
  },
};

/** LOC-07 (info): a deleted on-premises VM turns original-location recovery into alternate-location. */
export const loc07: Rule = {
  id: "LOC-07",
  area: "location",
  severity: "info",
  title:
    "A deleted on-premises VM turns failback into an alternate-location recovery on the master target's host.",
  appliesTo: { flavors: ["vmware"], resources: ["reprotection"] },
  check(context) {
    if (recoveryLocation(context) !== "original") return [];
    const host = chosenMasterTarget(context)?.esxHostName;
    return itemsOfFlavor(context, ["vmware"])
      .filter((item) => item.onPremisesVmExists === false)
      .map((item) =>
        finding("LOC-07", {
          severity: "info",
          object: `vm ${item.name}`,
          cause: "no longer exists on premises, so it will be recreated as an alternate-location recovery",
          fix: `expect it on the master target's host${host ? ` ${host}` : ""} after a full download`,
        }),
      );
  },
};

/** The recovery location rules in catalogue order. */
export const locationRules: readonly Rule[] = [loc01, loc02, loc03, loc04, loc05, loc06, loc07];
