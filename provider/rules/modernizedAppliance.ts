/**
 * Modernized failback, architecture and appliance rules (MR-01..MR-08): which items take the
 * modernized path, and the replication appliance their reprotect runs through.
 */
import {
  applianceById,
  awaitsReprotect,
  chosenReprotectAgentLabel,
  chosenReprotectAppliance,
  classicItems,
  lastSegment,
  MODERNIZED_FORWARD,
  modernizedFlavors,
  modernizedItems,
  modernizedPathApplies,
  modernizedScope,
  replicationPathOf,
  sameDatastore,
  sameText,
} from "./modernizedSupport";
import { finding, operationIs } from "./support";
import type { ApplianceComponentKind, Finding, ReplicationApplianceFacts, Rule, RuleContext } from "./types";

/** Disks one appliance can have attached for failback (MR-05). */
export const APPLIANCE_MAX_FAILBACK_DISKS = 60;

/**
 * Minutes without a heartbeat after which an appliance component counts as stale (MR-02). The
 * catalogue gives no figure; 30 minutes is an inferred threshold.
 */
export const APPLIANCE_HEARTBEAT_LIMIT_MINUTES = 30;

const componentLabel: Record<ApplianceComponentKind, string> = {
  processServer: "process server",
  rcmProxy: "proxy server",
  pushInstaller: "push installer",
  replicationAgent: "replication agent",
  reprotectAgent: "reprotect agent",
  marsAgent: "recovery services agent",
  dra: "site recovery provider",
};

/** `45 minutes` / `2 hours`, for heartbeat ages. */
export function formatAge(minutes: number): string {
  if (minutes < 120) return `${Math.round(minutes)} minute${Math.round(minutes) === 1 ? "" : "s"}`;
  return `${Math.round(minutes / 60)} hours`;
}

/** MR-01: the modernized path is for InMageRcm items only, never mixed with the classic one. */
export const mr01: Rule = {
  id: "MR-01",
  area: "modernized",
  severity: "block",
  title:
    "The modernized path applies only to items replicated by InMageRcm / InMageRcmFailback under an InMageRcm fabric; classic items keep the classic path.",
  // No `paths`: this rule decides which path applies, so it runs on every path.
  appliesTo: { flavors: modernizedFlavors, resources: ["failbackPlan", "reprotection"] },
  check(context) {
    const findings: Finding[] = [];
    const modern = modernizedItems(context);
    const classic = classicItems(context);
    const planName = context.inputs?.failbackPlan?.name ?? "(unnamed)";
    if (modern.length > 0 && classic.length > 0) {
      findings.push(
        finding("MR-01", {
          severity: "block",
          object: `failback plan ${planName}`,
          cause: `mixes classic items (${classic.map((item) => item.name).join(", ")}) with modernized items (${modern.map((item) => item.name).join(", ")})`,
          fix: "fail them back in separate plans, the classic items through the classic path",
          propertyPath: "failbackPlan.items",
        }),
      );
    } else if (classic.length > 0 && context.inputs?.modernized !== undefined) {
      for (const item of classic) {
        findings.push(
          finding("MR-01", {
            severity: "block",
            object: `vm ${item.name}`,
            cause: `is replicated by ${item.instanceType ?? "the classic provider"}, not the modernized InMageRcm provider`,
            fix: "use the classic failback plan or move it to the modernized vault",
          }),
        );
      }
    }
    if (modern.length > 0) {
      const inputs = context.inputs;
      const classicTopology: [string, string | undefined][] = [
        [
          "processServer",
          inputs?.processServer ? `process server ${inputs.processServer.name ?? "(unnamed)"}` : undefined,
        ],
        [
          "masterTarget",
          inputs?.masterTarget ? `master target ${inputs.masterTarget.name ?? "(unnamed)"}` : undefined,
        ],
        [
          "reprotection.masterTargetName",
          inputs?.reprotection?.masterTargetName !== undefined
            ? `master target ${inputs.reprotection.masterTargetName}`
            : undefined,
        ],
      ];
      for (const [propertyPath, object] of classicTopology) {
        if (object === undefined) continue;
        findings.push(
          finding("MR-01", {
            severity: "block",
            object,
            cause:
              "is declared for modernized (InMageRcm) items, which fail back through a replication appliance",
            fix: "remove it and declare the appliance's reprotect agent instead",
            propertyPath,
          }),
        );
      }
      const fabric = context.site?.modernizedFabric;
      if (fabric?.instanceType !== undefined && fabric.instanceType !== MODERNIZED_FORWARD) {
        findings.push(
          finding("MR-01", {
            severity: "block",
            object: `fabric ${fabric.name}`,
            cause: `is ${fabric.instanceType}, not an InMageRcm fabric, yet holds modernized items`,
            fix: "fail back the modernized items through the vault's InMageRcm fabric",
          }),
        );
      }
    }
    return findings;
  },
};

/** The appliances a run relies on: the chosen ones and those items already replicate back through. */
function appliancesInUse(context: RuleContext): ReplicationApplianceFacts[] {
  const inUse = new Map<string, ReplicationApplianceFacts>();
  const add = (appliance: ReplicationApplianceFacts | undefined) => {
    if (appliance) inUse.set(appliance.id ?? appliance.name, appliance);
  };
  add(chosenReprotectAppliance(context));
  add(applianceById(context, context.inputs?.modernized?.reprotectToAzure?.processServerId));
  for (const item of modernizedItems(context)) add(applianceById(context, item.reprotectAgentId));
  return [...inUse.values()];
}

/** MR-02: reprotect and failback need a healthy appliance with all its components healthy. */
export const mr02: Rule = {
  id: "MR-02",
  area: "modernized",
  severity: "block",
  title: "Reprotect and failback need a healthy replication appliance; all its components must be healthy.",
  appliesTo: modernizedScope(["reprotection", "failbackPlan"]),
  check(context) {
    if (!modernizedPathApplies(context)) return [];
    const findings: Finding[] = [];
    const fix = "fix the appliance before reprotecting or failing back";
    const fabric = context.site?.modernizedFabric;
    if (fabric?.health === "Warning" || fabric?.health === "Critical") {
      findings.push(
        finding("MR-02", {
          severity: "block",
          object: `fabric ${fabric.name}`,
          cause: `health is ${fabric.health}`,
          fix,
        }),
      );
    }
    for (const appliance of appliancesInUse(context)) {
      const object = `appliance ${appliance.name}`;
      const components = appliance.components ?? [];
      const unhealthy = components.filter(
        (component) => component.health === "Warning" || component.health === "Critical",
      );
      const age = appliance.heartbeatAgeInMinutes;
      const heartbeat = age === undefined ? "" : ` (last heartbeat ${formatAge(age)} ago)`;
      if (unhealthy.length > 0) {
        findings.push(
          finding("MR-02", {
            severity: "block",
            object,
            cause: `${unhealthy.map((component) => `${componentLabel[component.kind]} health is ${component.health}`).join(", ")}${heartbeat}`,
            fix,
          }),
        );
        continue;
      }
      if (age !== undefined && age > APPLIANCE_HEARTBEAT_LIMIT_MINUTES) {
        // Inferred: no source gives a heartbeat limit, so a stale heartbeat alone only warns.
        findings.push(
          finding("MR-02", {
            severity: "warn",
            object,
            cause: `has sent no heartbeat for ${formatAge(age)}`,
            fix: "check that the appliance runs and reaches Azure before reprotecting or failing back",
          }),
        );
      }
      const codes = appliance.healthErrorCodes ?? [];
      if (codes.length > 0) {
        // Components report Normal here; their health, not the error list, is the verdict.
        findings.push(
          finding("MR-02", {
            severity: "warn",
            object,
            cause: `reports health errors ${codes.join(", ")}`,
            fix: "resolve them on the appliance before reprotecting or failing back",
          }),
        );
      }
    }
    return findings;
  },
};

/** MR-03: the chosen reprotect agent must be registered in the fabric. */
export const mr03: Rule = {
  id: "MR-03",
  area: "modernized",
  severity: "block",
  title:
    "Any appliance registered in the vault can serve reprotect; no process server in Azure and no master target are needed. The chosen reprotect agent must exist in the fabric.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const label = chosenReprotectAgentLabel(context);
    const appliances = context.site?.replicationAppliances;
    if (label === undefined || appliances === undefined || chosenReprotectAppliance(context)) return [];
    const fabric = context.site?.modernizedFabric?.name;
    const known = appliances.map((appliance) => appliance.name).join(", ");
    return [
      finding("MR-03", {
        severity: "block",
        object: `reprotect agent ${label}`,
        cause: `is not registered in ${fabric === undefined ? "the InMageRcm fabric" : `fabric ${fabric}`} (known: ${known || "none"})`,
        fix: "choose the reprotect agent of a registered appliance",
        propertyPath:
          context.inputs?.modernized?.reprotectAgentId !== undefined
            ? "modernized.reprotectAgentId"
            : "modernized.reprotectAgentName",
      }),
    ];
  },
};

/** MR-04: the target datastore must be accessible to the appliance (and, for OLR, the machine's own). */
export const mr04: Rule = {
  id: "MR-04",
  area: "modernized",
  severity: "block",
  title:
    "The target datastore must be accessible to the appliance; original location recovery uses the datastore of the source machine.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const datastore = context.inputs?.modernized?.datastoreName;
    if (datastore === undefined) return [];
    const findings: Finding[] = [];
    const appliance = chosenReprotectAppliance(context);
    const accessible = appliance?.accessibleDatastores;
    if (appliance && accessible && !accessible.some((name) => sameDatastore(name, datastore))) {
      findings.push(
        finding("MR-04", {
          severity: "block",
          object: `datastore ${datastore}`,
          cause: `is not accessible to appliance ${appliance.name} (accessible: ${accessible.join(", ") || "none"})`,
          fix: "pick one of these or another appliance",
          propertyPath: "modernized.datastoreName",
        }),
      );
    }
    if (context.inputs?.modernized?.recoveryLocation === "alternate") return findings;
    for (const item of modernizedItems(context).filter(awaitsReprotect)) {
      const own = item.discoveredDatastores;
      if (own === undefined || own.length === 0 || own.some((name) => sameDatastore(name, datastore)))
        continue;
      // Inferred: that OLR maps to the discovered VM's datastores matches the recordings but is
      // not documented, so a mismatch only warns.
      findings.push(
        finding("MR-04", {
          severity: "warn",
          object: `vm ${item.name}`,
          cause: `lives on datastore ${own.join(", ")}, not ${datastore}`,
          fix: "recover it to its own datastore for original location recovery, or declare alternate location recovery",
          propertyPath: "modernized.datastoreName",
        }),
      );
    }
    return findings;
  },
};

/** Disks already replicating back through an appliance: reported, else summed over the site's items. */
function servedDisks(context: RuleContext, appliance: ReplicationApplianceFacts): number {
  if (appliance.servedDiskCount !== undefined) return appliance.servedDiskCount;
  return (context.site?.protectedItems ?? [])
    .filter(
      (item) =>
        replicationPathOf(item) === "modernized" &&
        item.reprotectAgentId !== undefined &&
        appliance.id !== undefined &&
        sameText(item.reprotectAgentId, appliance.id),
    )
    .reduce((sum, item) => sum + (item.protectedDiskCount ?? 0), 0);
}

/** MR-05: an appliance takes up to 60 failback disks. */
export const mr05: Rule = {
  id: "MR-05",
  area: "modernized",
  severity: "block",
  title:
    "An appliance can have up to 60 disks attached; above 60 disks in failback, use a separate appliance for failback.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const appliance = chosenReprotectAppliance(context);
    if (!appliance) return [];
    const pending = modernizedItems(context)
      .filter(awaitsReprotect)
      .reduce((sum, item) => sum + (item.protectedDiskCount ?? 0), 0);
    const total = servedDisks(context, appliance) + pending;
    if (total <= APPLIANCE_MAX_FAILBACK_DISKS) return [];
    return [
      finding("MR-05", {
        severity: "block",
        object: `appliance ${appliance.name}`,
        cause: `would serve ${total} failback disks (limit ${APPLIANCE_MAX_FAILBACK_DISKS})`,
        fix: "reprotect some vms through another appliance",
      }),
    ];
  },
};

/** MR-06 (info): no Storage vMotion of the appliance once VMs reprotect through it. */
export const mr06: Rule = {
  id: "MR-06",
  area: "modernized",
  severity: "info",
  title: "Storage vMotion of the replication appliance is not supported after the reprotect operation.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    // Not visible in ARM: said when the reprotect is about to run.
    const label = chosenReprotectAgentLabel(context);
    if (!operationIs(context, "reprotect") || label === undefined || !modernizedPathApplies(context))
      return [];
    return [
      finding("MR-06", {
        severity: "info",
        object: `appliance ${label}`,
        cause: "cannot be moved with Storage vMotion once vms reprotect through it",
        fix: "do not Storage-vMotion it while vms reprotect or fail back through it",
      }),
    ];
  },
};

/** MR-07 (inferred): the appliance should discover the vCenter the VM lives in. */
export const mr07: Rule = {
  id: "MR-07",
  area: "modernized",
  severity: "warn",
  title:
    "The appliance's vCenter should be the VM's vCenter (inferred from the reprotect agent's discovered vCenter).",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const appliance = chosenReprotectAppliance(context);
    const vCenterId = appliance?.vCenterId;
    if (
      !appliance ||
      vCenterId === undefined ||
      context.inputs?.modernized?.recoveryLocation === "alternate"
    ) {
      return [];
    }
    // Inferred: the catalogue derives this from field names and one recording, so it only warns.
    return modernizedItems(context)
      .filter(awaitsReprotect)
      .filter(
        (item) => item.discoveredVCenterId !== undefined && !sameText(item.discoveredVCenterId, vCenterId),
      )
      .map((item) =>
        finding("MR-07", {
          severity: "warn",
          object: `appliance ${appliance.name}`,
          cause: `discovers vCenter ${lastSegment(vCenterId)} but vm ${item.name} lives in ${lastSegment(item.discoveredVCenterId ?? "")}`,
          fix: `choose an appliance of vCenter ${lastSegment(item.discoveredVCenterId ?? "")}`,
        }),
      );
  },
};

/** MR-08 (info): the modernized appliance lives in its own vault, not a reused classic one. */
export const mr08: Rule = {
  id: "MR-08",
  area: "modernized",
  severity: "info",
  title:
    "The modernized appliance is set up in a new, exclusive Recovery Services vault, not a reused classic vault.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (modernizedItems(context).length === 0 || context.site?.configurationServer?.present !== true)
      return [];
    return [
      finding("MR-08", {
        severity: "info",
        object: "the vault",
        cause: "holds a classic configuration server beside modernized items",
        fix: "keep the modernized appliances in their own Recovery Services vault",
      }),
    ];
  },
};

/** The architecture and appliance rules in catalogue order. */
export const modernizedApplianceRules: readonly Rule[] = [mr01, mr02, mr03, mr04, mr05, mr06, mr07, mr08];
