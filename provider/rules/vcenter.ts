/**
 * vCenter and ESX rules (VC-01..VC-05).
 */
import { finding, isVmwareSite, itemsOfFlavor, relevantMasterTargets } from "./support";
import type { EsxHostFacts, Finding, Rule, RuleContext, VCenterFacts } from "./types";

const vmwareFlavors = ["vmware", "physical"] as const;

/**
 * vCenters a check should judge: those managing a machine in scope or a relevant master target;
 * all reported vCenters when no such link is known.
 */
function relevantVCenters(context: RuleContext): readonly VCenterFacts[] {
  const vCenters = context.site?.vCenters ?? [];
  const linked = new Set<string>();
  for (const item of itemsOfFlavor(context, vmwareFlavors)) {
    if (typeof item.vCenterName === "string") linked.add(item.vCenterName);
  }
  for (const masterTarget of relevantMasterTargets(context)) {
    if (masterTarget.vCenterName !== undefined) linked.add(masterTarget.vCenterName);
  }
  return linked.size === 0 ? vCenters : vCenters.filter((vCenter) => linked.has(vCenter.name));
}

/** VC-01: vCenter is connected while failback runs. */
export const vc01: Rule = {
  id: "VC-01",
  area: "vcenter",
  severity: "block",
  title: "vCenter is connected when failback runs, or detaching and re-attaching disks fails.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection", "failbackPlan"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    return relevantVCenters(context)
      .filter((vCenter) => vCenter.connected === false)
      .map((vCenter) =>
        finding("VC-01", {
          severity: "block",
          object: `vcenter ${vCenter.name}`,
          cause: "is disconnected from the configuration server",
          fix: "restore the connection (network, credentials, certificate) before failback",
        }),
      );
  },
};

/** VC-02: a read-only vCenter account makes reprotect fail; it needs the discovery permissions. */
export const vc02: Rule = {
  id: "VC-02",
  area: "vcenter",
  severity: "block",
  title: "The vCenter account has the discovery permissions; a read-only account makes reprotect fail.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    return relevantVCenters(context)
      .filter((vCenter) => vCenter.accountReadOnly === true)
      .map((vCenter) =>
        finding("VC-02", {
          severity: "block",
          object: `vcenter ${vCenter.name}`,
          cause: "is reached with a read-only account, so datastores are not discovered and reprotect fails",
          fix: "give the run-as account the Site Recovery discovery permissions (datastore browse, VM inventory)",
          propertyPath: "reprotection.runAsAccountName",
        }),
      );
  },
};

function findHost(context: RuleContext, name: string | undefined): EsxHostFacts | undefined {
  if (name === undefined) return undefined;
  return context.site?.esxHosts?.find((host) => host.name === name);
}

/** VC-03: for a VM on a standalone ESX host (or a physical server) the master target's host is discovered. */
export const vc03: Rule = {
  id: "VC-03",
  area: "vcenter",
  severity: "block",
  title:
    "For a VM on a standalone ESX host, or a physical server, the master target's ESX host is discovered.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    const needing = itemsOfFlavor(context, vmwareFlavors).filter(
      (item) => (item.flavor ?? context.inputs?.flavor) === "physical" || item.vCenterName === null,
    );
    if (needing.length === 0) return [];
    const findings: Finding[] = [];
    for (const masterTarget of relevantMasterTargets(context)) {
      const host = findHost(context, masterTarget.esxHostName);
      if (host?.discovered !== false) continue;
      findings.push(
        finding("VC-03", {
          severity: "block",
          object: `esx host ${host.name} of master target ${masterTarget.name}`,
          cause: `is not discovered, which ${needing.map((item) => item.name).join(", ")} need`,
          fix: "add the host to the configuration server and wait for discovery before reprotect",
        }),
      );
    }
    return findings;
  },
};

/** VC-04: free ESXi editions allow failover but not failback. */
export const vc04: Rule = {
  id: "VC-04",
  area: "vcenter",
  severity: "block",
  title: "ESXi 5.5 free and vSphere 6 Hypervisor free editions allow failover but not failback.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const hosts = context.site?.esxHosts ?? [];
    const targeted = new Set<string>();
    for (const masterTarget of relevantMasterTargets(context)) {
      if (masterTarget.esxHostName !== undefined) targeted.add(masterTarget.esxHostName);
    }
    for (const item of itemsOfFlavor(context, vmwareFlavors)) {
      if (item.esxHostName !== undefined) targeted.add(item.esxHostName);
    }
    const candidates = targeted.size === 0 ? hosts : hosts.filter((host) => targeted.has(host.name));
    return candidates
      .filter((host) => host.isFreeEdition === true)
      .map((host) =>
        finding("VC-04", {
          severity: "block",
          object: `esx host ${host.name}`,
          cause: `runs a free edition${host.edition ? ` (${host.edition})` : ""}, which does not support failback`,
          fix: "license the host or fail back to a licensed host",
        }),
      );
  },
};

/** VC-05: failback goes only to the original vCenter and configuration server. */
export const vc05: Rule = {
  id: "VC-05",
  area: "vcenter",
  severity: "block",
  title: "Failback goes only to the original vCenter and configuration server.",
  appliesTo: { flavors: vmwareFlavors, resources: ["reprotection"] },
  check(context) {
    if (!isVmwareSite(context)) return [];
    const findings: Finding[] = [];
    const configurationServer = context.site?.configurationServer;
    if (configurationServer?.isOriginal === false) {
      findings.push(
        finding("VC-05", {
          severity: "block",
          object: `configuration server ${configurationServer.name ?? "(unnamed)"}`,
          cause: "is not the one the machines were protected through",
          fix: "fail back through the original configuration server (restore it from backup if it was lost)",
        }),
      );
    }
    const linked = new Set<string>();
    for (const item of itemsOfFlavor(context, vmwareFlavors)) {
      if (typeof item.vCenterName === "string") linked.add(item.vCenterName);
    }
    for (const masterTarget of relevantMasterTargets(context)) {
      if (masterTarget.vCenterName !== undefined) linked.add(masterTarget.vCenterName);
    }
    for (const vCenter of context.site?.vCenters ?? []) {
      if (vCenter.isOriginal === false && linked.has(vCenter.name)) {
        findings.push(
          finding("VC-05", {
            severity: "block",
            object: `vcenter ${vCenter.name}`,
            cause: "was added after protection and is not the original vCenter",
            fix: "fail back to the original vCenter",
          }),
        );
      }
    }
    return findings;
  },
};

/** The vCenter and ESX rules in catalogue order. */
export const vcenterRules: readonly Rule[] = [vc01, vc02, vc03, vc04, vc05];
