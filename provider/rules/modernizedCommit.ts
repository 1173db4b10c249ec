/**
 * Modernized failback, commit and reprotect to Azure rules (MR-29..MR-32).
 */
import {
  applianceById,
  failedBack,
  isPending,
  MODERNIZED_FAILBACK,
  modernizedItems,
  modernizedPathApplies,
  modernizedScope,
  replicatesBack,
  sameDatastore,
} from "./modernizedSupport";
import { finding, operationIs, reaches } from "./support";
import type { Finding, Rule } from "./types";

const runAsAccountIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OffAzure\/VMwareSites\/[^/]+\/runasaccounts\/[^/]+$/i;

/** Whether an ARM ID names a run-as account of an OffAzure VMware site. */
export function isRunAsAccountId(value: string): boolean {
  return runAsAccountIdPattern.test(value);
}

/** MR-29 (info): commit removes the failed-back Azure VMs. */
export const mr29: Rule = {
  id: "MR-29",
  area: "modernized",
  severity: "info",
  title:
    "Commit after planned failover removes the failed-back Azure VMs; afterwards the failover can no longer be cancelled.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (!operationIs(context, "commit")) return [];
    return modernizedItems(context)
      .filter(
        (item) =>
          failedBack(item) &&
          item.protectionState === "CommitPendingStatesBegin" &&
          (item.allowedOperations === undefined || item.allowedOperations.includes("Commit")),
      )
      .map((item) =>
        finding("MR-29", {
          severity: "info",
          object: `vm ${item.name}`,
          cause: `loses Azure VM ${item.azureVmName ?? item.name} on commit`,
          fix: "make sure nothing in Azure still needs it; a committed failback cannot be cancelled",
        }),
      );
  },
};

/** MR-30: reprotect to Azure needs a registered, healthy process server and the forward policy. */
export const mr30: Rule = {
  id: "MR-30",
  area: "modernized",
  severity: "block",
  title:
    "Reprotect to Azure needs processServerId (a healthy process server of the fabric) and policyId; runAsAccountId, when given, is a run-as account ID.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const inputs = context.inputs?.modernized;
    if (inputs === undefined || !reaches(context, "protectedToAzure") || !modernizedPathApplies(context))
      return [];
    const toAzure = inputs.reprotectToAzure ?? {};
    const findings: Finding[] = [];
    const object = `reprotect to Azure of ${context.inputs?.failbackPlan?.name ?? "the failback plan"}`;
    for (const property of ["processServerId", "policyId"] as const) {
      if (toAzure[property] !== undefined || isPending(inputs, `reprotectToAzure.${property}`)) continue;
      findings.push(
        finding("MR-30", {
          severity: "block",
          object,
          cause: `lacks ${property}`,
          fix: `set modernized.reprotectToAzure.${property}`,
          propertyPath: `modernized.reprotectToAzure.${property}`,
        }),
      );
    }
    const processServerId = toAzure.processServerId;
    const appliances = context.site?.replicationAppliances;
    if (processServerId !== undefined && appliances !== undefined) {
      const appliance = applianceById(context, processServerId);
      const processServer = appliance?.components?.find((component) => component.kind === "processServer");
      const fabric = context.site?.modernizedFabric?.name;
      if (!appliance || (appliance.components !== undefined && !processServer)) {
        findings.push(
          finding("MR-30", {
            severity: "block",
            object: `process server ${appliance?.name ?? processServerId}`,
            cause: `is not in ${fabric === undefined ? "the InMageRcm fabric" : `fabric ${fabric}`}`,
            fix: "choose the process server of a registered appliance",
            propertyPath: "modernized.reprotectToAzure.processServerId",
          }),
        );
      } else if (processServer?.health === "Warning" || processServer?.health === "Critical") {
        findings.push(
          finding("MR-30", {
            severity: "block",
            object: `process server ${appliance.name}`,
            cause: `health is ${processServer.health}`,
            fix: "fix the appliance or choose another one for reprotect to Azure",
            propertyPath: "modernized.reprotectToAzure.processServerId",
          }),
        );
      }
    }
    if (toAzure.runAsAccountId !== undefined && !isRunAsAccountId(toAzure.runAsAccountId)) {
      findings.push(
        finding("MR-30", {
          severity: "block",
          object: `runAsAccountId ${toAzure.runAsAccountId}`,
          cause: "is not a run-as account id",
          fix: "give a …/Microsoft.OffAzure/VMwareSites/{site}/runasaccounts/{id} ARM ID",
          propertyPath: "modernized.reprotectToAzure.runAsAccountId",
        }),
      );
    }
    return findings;
  },
};

/** MR-31: the appliance for reprotect to Azure must reach the machine's datastore. */
export const mr31: Rule = {
  id: "MR-31",
  area: "modernized",
  severity: "block",
  title:
    "The appliance chosen for reprotect to Azure must reach the datastore where the on-premises machine now lives.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    if (!reaches(context, "protectedToAzure")) return [];
    const appliance = applianceById(context, context.inputs?.modernized?.reprotectToAzure?.processServerId);
    const accessible = appliance?.accessibleDatastores;
    if (!appliance || accessible === undefined) return [];
    return modernizedItems(context)
      .filter((item) => replicatesBack(item) || failedBack(item))
      .filter(
        (item) =>
          item.targetDatastoreName !== undefined &&
          !accessible.some((name) => sameDatastore(name, item.targetDatastoreName ?? "")),
      )
      .map((item) =>
        finding("MR-31", {
          severity: "block",
          object: `appliance ${appliance.name}`,
          cause: `cannot reach datastore ${item.targetDatastoreName} of vm ${item.name}`,
          fix: `choose an appliance that reaches ${item.targetDatastoreName}`,
          propertyPath: "modernized.reprotectToAzure.processServerId",
        }),
      );
  },
};

/** MR-32: reprotect to Azure starts from the failed-back item. */
export const mr32: Rule = {
  id: "MR-32",
  area: "modernized",
  severity: "block",
  title:
    "Reprotect to Azure starts from the failed-back item (InMageRcmFailback, active at Recovery, SwitchProtection allowed).",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    if (!operationIs(context, "reprotectToAzure")) return [];
    const findings: Finding[] = [];
    for (const item of modernizedItems(context)) {
      const object = `vm ${item.name}`;
      if (!failedBack(item)) {
        // An InMageRcm item at Primary is already protected to Azure again.
        if (item.instanceType !== MODERNIZED_FAILBACK && item.activeLocation === "Primary") continue;
        findings.push(
          finding("MR-32", {
            severity: "block",
            object,
            cause: "has not failed back yet",
            fix: "run the planned failover first",
          }),
        );
      } else if (
        item.allowedOperations !== undefined &&
        !item.allowedOperations.includes("SwitchProtection")
      ) {
        findings.push(
          finding("MR-32", {
            severity: "block",
            object,
            cause: "does not allow SwitchProtection (reprotect) now",
            fix: "wait until Site Recovery lists SwitchProtection for it",
          }),
        );
      }
    }
    return findings;
  },
};

/** The commit and reprotect-to-Azure rules in catalogue order. */
export const modernizedCommitRules: readonly Rule[] = [mr29, mr30, mr31, mr32];
