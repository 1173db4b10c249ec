/**
 * Reprotect rules (RP-01..RP-06): bringing the failed-over VMs into replication back to the site,
 * and the state they must reach before failover back.
 */
import { finding, isAwaitedBeforeStep, itemsInScope, itemsOfFlavor, operationIs, plural } from "./support";
import type { Finding, ProtectedItemFacts, RecoveryPointChoice, Rule } from "./types";

/** Name Site Recovery gives the failback version of a protection group (RP-02). */
export function failbackProtectionGroupName(protectionGroupName: string): string {
  return `${protectionGroupName}_Failback`;
}

/** RP-01: no failback after migration, after the Azure VM moved resource group, or was deleted. */
export const rp01: Rule = {
  id: "RP-01",
  area: "reprotect",
  severity: "block",
  title: "Failback is impossible after migration is completed, or after the Azure VM was moved or deleted.",
  appliesTo: { flavors: ["vmware", "physical", "hyperv"], resources: ["failbackPlan"] },
  check(context) {
    const findings: Finding[] = [];
    for (const item of itemsInScope(context) ?? []) {
      const object = `vm ${item.name}`;
      const fix = "remove it from the failback plan; it cannot fail back";
      if (item.migrationCompleted === true) {
        findings.push(
          finding("RP-01", { severity: "block", object, cause: "was migrated (migration completed)", fix }),
        );
      } else if (item.azureVmExists === false) {
        findings.push(
          finding("RP-01", { severity: "block", object, cause: "has no Azure VM any more (deleted)", fix }),
        );
      } else if (item.azureVmInOriginalResourceGroup === false) {
        findings.push(
          finding("RP-01", {
            severity: "block",
            object,
            cause: "has an Azure VM that moved to another resource group",
            fix: "move the Azure VM back to the resource group it failed over into, or remove it from the plan",
          }),
        );
      }
    }
    return findings;
  },
};

/** RP-02 (info): reprotect moves VMs into the `<group>_Failback` protection group. */
export const rp02: Rule = {
  id: "RP-02",
  area: "reprotect",
  severity: "info",
  title:
    "Reprotect moves each VM into the failback version of its protection group, which joins its recovery plans.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["reprotection"] },
  check(context) {
    const groups = new Map<string, Set<string>>();
    for (const item of itemsOfFlavor(context, ["vmware", "physical"])) {
      // Only items reprotect still lies ahead of.
      if (item.protectionGroupName === undefined || item.failbackStage !== "failedOverToAzure") continue;
      const plans = groups.get(item.protectionGroupName) ?? new Set<string>();
      for (const plan of item.recoveryPlanNames ?? []) plans.add(plan);
      groups.set(item.protectionGroupName, plans);
    }
    return [...groups].map(([group, plans]) =>
      finding("RP-02", {
        severity: "info",
        object: `protection group ${group}`,
        cause: `will have its vms moved into ${failbackProtectionGroupName(group)} by reprotect${
          plans.size > 0 ? `, which joins recovery plan ${[...plans].sort().join(", ")}` : ""
        }`,
        fix: `look for the vms under ${failbackProtectionGroupName(group)} after reprotect`,
      }),
    );
  },
};

/** RP-03: reprotect fails while the on-premises VM has snapshots. */
export const rp03: Rule = {
  id: "RP-03",
  area: "reprotect",
  severity: "block",
  title: "Reprotect fails when the VM has snapshots.",
  appliesTo: { flavors: ["vmware"], resources: ["reprotection"] },
  check(context) {
    return itemsOfFlavor(context, ["vmware"])
      .filter((item) => (item.snapshotCount ?? 0) > 0)
      .map((item) =>
        finding("RP-03", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: `has ${plural(item.snapshotCount!, "snapshot")} on premises`,
          fix: "delete the snapshots (or the disks) before reprotect",
        }),
      );
  },
};

/** RP-04 (info): reprotect turns off the on-premises VM and overwrites its disks. */
export const rp04: Rule = {
  id: "RP-04",
  area: "reprotect",
  severity: "info",
  title: "Reprotect turns off the on-premises VM and syncs the Azure VM's data to its disks.",
  appliesTo: { flavors: ["vmware"], resources: ["reprotection"] },
  check(context) {
    return itemsOfFlavor(context, ["vmware"])
      .filter((item) => item.onPremisesVmRunning === true && item.failbackStage === "failedOverToAzure")
      .map((item) =>
        finding("RP-04", {
          severity: "info",
          object: `vm ${item.name}`,
          cause:
            "is running on premises and reprotect will turn it off and overwrite its disks with the Azure data",
          fix: "save anything needed from the on-premises copy before reprotect",
        }),
      );
  },
};

/** Whether an item is ready for failover back: protected and healthy (RP-05). */
export function isReadyForFailback(item: ProtectedItemFacts): boolean | undefined {
  if (item.protectionState === undefined || item.replicationHealth === undefined) return undefined;
  return item.protectionState === "Protected" && item.replicationHealth === "Normal";
}

/** RP-05: failover back starts only when every VM is protected and healthy. */
export const rp05: Rule = {
  id: "RP-05",
  area: "reprotect",
  severity: "block",
  title: "Failover back starts only when every VM is protected and its replication health is OK.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["failbackPlan"] },
  check(context) {
    if (!operationIs(context, "failover")) return [];
    const findings: Finding[] = [];
    for (const item of itemsOfFlavor(context, ["vmware", "physical"])) {
      if (isAwaitedBeforeStep(context, item.name)) continue;
      if (item.protectionState !== undefined && item.protectionState !== "Protected") {
        findings.push(
          finding("RP-05", {
            severity: "block",
            object: `vm ${item.name}`,
            cause: `is ${item.protectionState}, not Protected`,
            fix: "wait for reprotect to finish before failing back",
          }),
        );
      } else if (item.replicationHealth !== undefined && item.replicationHealth !== "Normal") {
        findings.push(
          finding("RP-05", {
            severity: "block",
            object: `vm ${item.name}`,
            cause: `has replication health ${item.replicationHealth}`,
            fix: "resolve its replication health errors before failing back",
          }),
        );
      }
    }
    return findings;
  },
};

function pointTypeNeeded(choice: RecoveryPointChoice | undefined): "applicationConsistent" | undefined {
  return choice === "latestApplicationConsistent" ? "applicationConsistent" : undefined;
}

/** RP-06: every VM has at least one (suitable) recovery point before failover back. */
export const rp06: Rule = {
  id: "RP-06",
  area: "reprotect",
  severity: "block",
  title: "Every VM (every VM of a recovery plan) has at least one recovery point to fail back to.",
  appliesTo: { flavors: ["vmware", "physical"], resources: ["failbackPlan"] },
  check(context) {
    if (!operationIs(context, "failover")) return [];
    const plan = context.inputs?.failbackPlan;
    const needed = pointTypeNeeded(plan?.recoveryPointType);
    const findings: Finding[] = [];
    const where = plan?.name ? ` in plan ${plan.name}` : "";
    for (const item of itemsOfFlavor(context, ["vmware", "physical"])) {
      const points = item.recoveryPoints;
      if (points === undefined || isAwaitedBeforeStep(context, item.name)) continue;
      if (points.length === 0) {
        findings.push(
          finding("RP-06", {
            severity: "block",
            object: `vm ${item.name}${where}`,
            cause: "has no recovery point",
            fix: "wait until replication to the site produces a recovery point",
          }),
        );
      } else if (
        needed !== undefined &&
        points.every((point) => point.type !== undefined && point.type !== needed)
      ) {
        findings.push(
          finding("RP-06", {
            severity: "block",
            object: `vm ${item.name}${where}`,
            cause: "has no application-consistent recovery point",
            fix: "wait for one, or fail back to the latest (crash-consistent) point",
            propertyPath: "failbackPlan.recoveryPointType",
          }),
        );
      }
    }
    return findings;
  },
};

/** The reprotect rules in catalogue order. */
export const reprotectRules: readonly Rule[] = [rp01, rp02, rp03, rp04, rp05, rp06];
