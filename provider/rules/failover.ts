/**
 * Failover back, commit and protecting again (FO-01..FO-06).
 */
import { finding, itemsOfFlavor, operationIs, reaches } from "./support";
import type { Finding, ProtectedItemFacts, Rule } from "./types";

/** Minutes after boot during which the mobility agent may not be registered yet (FO-05). */
export const AGENT_REGISTRATION_GRACE_MINUTES = 15;

const vmwareFlavors = ["vmware", "physical"] as const;

/** FO-01 (info): VMware failback is an unplanned failover from Azure that shuts the Azure VMs down. */
export const fo01: Rule = {
  id: "FO-01",
  area: "failover",
  severity: "info",
  title: "VMware failback is an unplanned failover from Azure; Site Recovery shuts the Azure VMs down.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan"] },
  check(context) {
    if (!reaches(context, "failedOver")) return [];
    return itemsOfFlavor(context, vmwareFlavors)
      .filter((item) => item.azureVmRunning === true)
      .map((item) =>
        finding("FO-01", {
          severity: "info",
          object: `azure vm ${item.name}`,
          cause: "will be shut down by Site Recovery when it fails back (unplanned failover from Azure)",
          fix: "plan the downtime and stop writes to it before failback",
        }),
      );
  },
};

/** FO-02: recovery point choice, and application-consistent group failback needs multi-VM consistency. */
export const fo02: Rule = {
  id: "FO-02",
  area: "failover",
  severity: "block",
  title:
    "Latest point per VM, or an older application-consistent point; a replication group's common point needs multi-VM consistency.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan", "reprotection"] },
  check(context) {
    const plan = context.inputs?.failbackPlan;
    if (plan?.recoveryPointType !== "latestApplicationConsistent" || context.inputs?.flavor === "hyperv")
      return [];
    const findings: Finding[] = [];
    const object = `failback plan ${plan.name ?? "(unnamed)"}`;
    if (plan.usesReplicationGroup === true && context.inputs?.reprotection?.multiVmConsistency === false) {
      findings.push(
        finding("FO-02", {
          severity: "block",
          object,
          cause:
            "fails a replication group back to its common application-consistent point without multi-VM consistency",
          fix: "enable multi-VM consistency in the reprotection policy, or use the latest recovery point",
          propertyPath: "reprotection.multiVmConsistency",
        }),
      );
    }
    findings.push(
      finding("FO-02", {
        severity: "warn",
        object,
        cause:
          "uses the latest application-consistent point, which is older and loses the data written since",
        fix: "use latest (crash-consistent, latest processed) unless application consistency matters more",
        propertyPath: "failbackPlan.recoveryPointType",
      }),
    );
    return findings;
  },
};

/** FO-03 (info): VMware Tools come back on failback. */
export const fo03: Rule = {
  id: "FO-03",
  area: "failover",
  severity: "info",
  title: "VMware Tools come back on failback: re-enabled on Windows, reinstalled on Linux.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan"] },
  check(context) {
    if (!reaches(context, "failedOver")) return [];
    return itemsOfFlavor(context, vmwareFlavors)
      .filter((item) => item.osType !== undefined)
      .map((item) =>
        finding("FO-03", {
          severity: "info",
          object: `${item.osType} vm ${item.name}`,
          cause: `gets VMware Tools ${item.osType === "linux" ? "reinstalled" : "re-enabled"} on failback`,
          fix: "check after failback that VMware Tools run",
        }),
      );
  },
};

/** Whether the item's failback commit already took place: nothing is left for commit to remove. */
function isCommitted(item: ProtectedItemFacts): boolean {
  return item.failbackStage === "committed" || item.failbackStage === "protectedToAzure";
}

/** FO-04 (info): commit removes the failed-over VMs from Azure. */
export const fo04: Rule = {
  id: "FO-04",
  area: "failover",
  severity: "info",
  title: "After failback, commit removes the failed-over VMs from Azure.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan"] },
  check(context) {
    if (!reaches(context, "committed")) return [];
    return itemsOfFlavor(context, vmwareFlavors)
      .filter((item) => item.azureVmExists !== false && !isCommitted(item))
      .map((item) =>
        finding("FO-04", {
          severity: "info",
          object: `azure vm ${item.name}`,
          cause: "will be removed from Azure by commit",
          fix: "copy anything you need from it before commit",
        }),
      );
  },
};

/** What the stage machine should do about an "agent not installed" reprotect failure (FO-05). */
export type AgentNotInstalledAdvice = "retry" | "fail";

/** Whether an error reported by reprotect is the transient "agent not installed" one. */
export function isAgentNotInstalledError(message: string): boolean {
  return /agent\s+(is\s+)?not\s+installed/i.test(message);
}

/**
 * FO-05 helper: retry the reprotect to Azure while the VM booted less than
 * {@link AGENT_REGISTRATION_GRACE_MINUTES} ago, because the agent registers only then; fail after.
 */
export function adviseOnAgentNotInstalled(uptimeInMinutes: number): AgentNotInstalledAdvice {
  return uptimeInMinutes < AGENT_REGISTRATION_GRACE_MINUTES ? "retry" : "fail";
}

/** FO-05: reprotect to Azure after commit; the agent needs up to 15 minutes after boot. */
export const fo05: Rule = {
  id: "FO-05",
  area: "failover",
  severity: "warn",
  title:
    "After commit, reprotect to Azure; for 15 minutes after boot the agent is not registered: wait and retry.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan"] },
  check(context) {
    if (!operationIs(context, "reprotectToAzure")) return [];
    return itemsOfFlavor(context, vmwareFlavors)
      .filter(
        (item) => item.onPremisesAgentRegistered === false && item.onPremisesUptimeInMinutes !== undefined,
      )
      .map((item) => {
        const uptime = Math.round(item.onPremisesUptimeInMinutes!);
        return adviseOnAgentNotInstalled(item.onPremisesUptimeInMinutes!) === "retry"
          ? finding("FO-05", {
              severity: "warn",
              object: `vm ${item.name}`,
              cause: `booted ${uptime} minutes ago and its agent is not registered yet`,
              fix: `wait and retry reprotect (the agent registers within ${AGENT_REGISTRATION_GRACE_MINUTES} minutes of boot)`,
            })
          : finding("FO-05", {
              severity: "warn",
              object: `vm ${item.name}`,
              cause: `has no registered agent ${uptime} minutes after boot`,
              fix: "check the mobility service on the vm and its connection to the process server, then retry",
            });
      });
  },
};

/** FO-06 (info): Linux VMs lose NetworkManager; VMs with a static IP come back on DHCP. */
export const fo06: Rule = {
  id: "FO-06",
  area: "failover",
  severity: "info",
  title:
    "After failback a Linux VM lost NetworkManager and a VM that had a static IP uses DHCP: fix both by hand.",
  appliesTo: { flavors: vmwareFlavors, resources: ["failbackPlan"] },
  check(context) {
    if (!reaches(context, "failedOver")) return [];
    const findings: Finding[] = [];
    for (const item of itemsOfFlavor(context, vmwareFlavors)) {
      if (item.osType === "linux") {
        findings.push(
          finding("FO-06", {
            severity: "info",
            object: `linux vm ${item.name}`,
            cause: "loses NetworkManager after failback",
            fix: "reinstall it",
          }),
        );
      }
      if (item.onPremisesHadStaticIp === true) {
        findings.push(
          finding("FO-06", {
            severity: "info",
            object: `vm ${item.name}`,
            cause: "had a static IP and will use DHCP after failback",
            fix: "set its static IP address again",
          }),
        );
      }
    }
    return findings;
  },
};

/** The failover rules in catalogue order. */
export const failoverRules: readonly Rule[] = [fo01, fo02, fo03, fo04, fo05, fo06];
