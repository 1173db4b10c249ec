/**
 * Modernized failback, replication back and planned failover rules (MR-22..MR-28): failback from
 * Azure is a planned failover of an `InMageRcmFailback` item, which can be cancelled.
 */
import {
  lastSegment,
  MODERNIZED_FAILBACK,
  modernizedItems,
  modernizedScope,
  replicatesBack,
  sameText,
} from "./modernizedSupport";
import { finding, isAwaitedBeforeStep, operationIs, reaches } from "./support";
import type { Finding, Rule } from "./types";

/** MR-22: planned failover only for an InMageRcmFailback item replicating back to premises. */
export const mr22: Rule = {
  id: "MR-22",
  area: "modernized",
  severity: "block",
  title:
    "Failback from Azure is a planned failover, allowed only for an InMageRcmFailback item replicating to premises.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (!operationIs(context, "failover")) return [];
    const findings: Finding[] = [];
    for (const item of modernizedItems(context)) {
      // Items that already failed back are past this step.
      if (item.instanceType === MODERNIZED_FAILBACK && item.activeLocation === "Recovery") continue;
      if (isAwaitedBeforeStep(context, item.name)) continue;
      const object = `vm ${item.name}`;
      if (!replicatesBack(item)) {
        findings.push(
          finding("MR-22", {
            severity: "block",
            object,
            cause: `is not replicating back to on-premises yet (${item.instanceType ?? "unknown provider"}, ${item.activeLocation ?? "unknown location"})`,
            fix: "reprotect it first",
          }),
        );
      } else if (item.protectionState !== undefined && item.protectionState !== "Protected") {
        findings.push(
          finding("MR-22", {
            severity: "block",
            object,
            cause: `is ${item.protectionState}, not Protected, in its replication back`,
            fix: "wait until it is Protected before the planned failover",
          }),
        );
      } else if (
        item.allowedOperations !== undefined &&
        !item.allowedOperations.includes("PlannedFailover")
      ) {
        findings.push(
          finding("MR-22", {
            severity: "block",
            object,
            cause: "does not allow PlannedFailover now",
            fix: "wait until Site Recovery lists PlannedFailover for it",
          }),
        );
      }
    }
    return findings;
  },
};

/** MR-23: replication back must be healthy and finished with initial replication. */
export const mr23: Rule = {
  id: "MR-23",
  area: "modernized",
  severity: "block",
  title: "Replication health must be healthy, and initial replication finished, before the planned failover.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (!operationIs(context, "failover")) return [];
    const findings: Finding[] = [];
    for (const item of modernizedItems(context).filter(replicatesBack)) {
      if (isAwaitedBeforeStep(context, item.name)) continue;
      const object = `vm ${item.name}`;
      if (item.replicationHealth === "Warning" || item.replicationHealth === "Critical") {
        findings.push(
          finding("MR-23", {
            severity: "block",
            object,
            cause: `replication to on-premises is ${item.replicationHealth}`,
            fix: "resolve its health errors before the planned failover",
          }),
        );
      }
      // Inferred: the catalogue reads "healthy" as initial replication done and no resync
      // required; no source says so, so these only warn.
      if (item.initialReplicationComplete === false) {
        const progress = item.initialReplicationProgressPercentage;
        findings.push(
          finding("MR-23", {
            severity: "warn",
            object,
            cause: `replication to on-premises is ${progress === undefined ? "still in" : `${Math.round(progress)}% through`} initial replication`,
            fix: "wait until it completes",
          }),
        );
      }
      if (item.resyncRequired === true) {
        findings.push(
          finding("MR-23", {
            severity: "warn",
            object,
            cause: "replication to on-premises needs a resynchronization",
            fix: "let the resync finish before the planned failover",
          }),
        );
      }
    }
    return findings;
  },
};

/** MR-24: at least one recovery point per VM. */
export const mr24: Rule = {
  id: "MR-24",
  area: "modernized",
  severity: "block",
  title: "A VM needs at least one recovery point to fail back; in a recovery plan every VM needs one.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    if (!operationIs(context, "failover")) return [];
    return modernizedItems(context)
      .filter(
        (item) =>
          replicatesBack(item) &&
          !isAwaitedBeforeStep(context, item.name) &&
          item.recoveryPoints !== undefined &&
          item.recoveryPoints.length === 0,
      )
      .map((item) =>
        finding("MR-24", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: "has no recovery point yet",
          fix: "wait for replication",
        }),
      );
  },
};

/** MR-25: choose the recovery point type; app-consistent needs a policy that takes such points. */
export const mr25: Rule = {
  id: "MR-25",
  area: "modernized",
  severity: "warn",
  title:
    "The recovery point type is chosen per planned failover: CrashConsistent (recommended) or ApplicationConsistent, which can be behind in time.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    const inputs = context.inputs?.modernized;
    if (inputs === undefined || !reaches(context, "failedOver")) return [];
    const object = `failback plan ${context.inputs?.failbackPlan?.name ?? "(unnamed)"}`;
    const propertyPath = "modernized.recoveryPointType";
    if (inputs.recoveryPointType === undefined) {
      return [
        finding("MR-25", {
          severity: "warn",
          object,
          cause: "sets no recovery point type, and Site Recovery's defaults differ between items and plans",
          fix: "set recoveryPointType to CrashConsistent (recommended) or ApplicationConsistent",
          propertyPath,
        }),
      ];
    }
    if (inputs.recoveryPointType !== "ApplicationConsistent") return [];
    const policyId = inputs.policyId;
    const policy =
      policyId === undefined
        ? undefined
        : context.site?.replicationPolicies?.find((candidate) =>
            sameText(candidate.name, lastSegment(policyId)),
          );
    if (policy?.appConsistentFrequencyInMinutes === 0) {
      // Inferred: that such a failover fails is not documented, so it warns rather than refuses.
      return [
        finding("MR-25", {
          severity: "warn",
          object,
          cause: `asks for ApplicationConsistent points but policy ${policy.name} takes none`,
          fix: "use CrashConsistent",
          propertyPath,
        }),
      ];
    }
    return [
      finding("MR-25", {
        severity: "info",
        object,
        cause: "fails back to the latest application-consistent point, which can be behind in time",
        fix: "accept the data loss since that point, or use CrashConsistent",
        propertyPath,
      }),
    ];
  },
};

/** MR-26 (info): the planned failover shuts the Azure VM down and starts the on-premises one. */
export const mr26: Rule = {
  id: "MR-26",
  area: "modernized",
  severity: "info",
  title:
    "During planned failover pending changes go on premises, a latest recovery point is made, the Azure VM is shut down and the on-premises machine started.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    // Not visible in ARM: said when the planned failover is about to run.
    if (!operationIs(context, "failover")) return [];
    return modernizedItems(context)
      .filter(replicatesBack)
      .map((item) =>
        finding("MR-26", {
          severity: "info",
          object: `azure vm ${item.azureVmName ?? item.name}`,
          cause: "is shut down by the planned failover once its last changes reach premises",
          fix: "plan the downtime; the on-premises machine starts afterwards",
        }),
      );
  },
};

/** MR-27 (info): iSCSI configuration is not retained on failback. */
export const mr27: Rule = {
  id: "MR-27",
  area: "modernized",
  severity: "info",
  title: "iSCSI disks: the iSCSI configuration is not retained on failback; vmdk disks are created instead.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    // Not visible in ARM: a post-failback task said once, when the planned failover runs.
    if (!operationIs(context, "failover") || !modernizedItems(context).some(replicatesBack)) return [];
    return [
      finding("MR-27", {
        severity: "info",
        object: `failback plan ${context.inputs?.failbackPlan?.name ?? "(unnamed)"}`,
        cause: "does not retain iSCSI disk configuration; failback creates vmdk disks instead",
        fix: "after failback, delete the duplicate iSCSI disks of the machines that had any",
      }),
    ];
  },
};

/** MR-28: a failed planned failover not rolled back must be cancelled, never disabled. */
export const mr28: Rule = {
  id: "MR-28",
  area: "modernized",
  severity: "block",
  title:
    "Only the planned failover from Azure can be cancelled; a failed one is cancelled automatically, else cancel it by hand and never disable replication.",
  appliesTo: modernizedScope(["failbackPlan"]),
  check(context) {
    return modernizedItems(context)
      .filter(
        (item) =>
          item.instanceType === MODERNIZED_FAILBACK &&
          item.lastPlannedFailoverStatus === "Failed" &&
          (item.activeLocation === "Recovery" || (item.allowedOperations ?? []).includes("CancelFailover")),
      )
      .map((item) =>
        finding("MR-28", {
          severity: "block",
          object: `vm ${item.name}`,
          cause: "had its planned failover fail and not rolled back",
          fix: "run cancel failover, do not disable replication",
        }),
      );
  },
};

/** The planned failover rules in catalogue order. */
export const modernizedFailoverRules: readonly Rule[] = [mr22, mr23, mr24, mr25, mr26, mr27, mr28];
