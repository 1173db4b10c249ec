/**
 * Modernized failback, reprotect rules (MR-11..MR-21): bringing the failed-over Azure VMs into
 * replication back to premises through a replication appliance (`InMageRcmReprotectInput`).
 */
import {
  awaitsReprotect,
  isPending,
  lastSegment,
  MODERNIZED_FAILBACK,
  MODERNIZED_FORWARD,
  modernizedItems,
  modernizedPathApplies,
  modernizedScope,
} from "./modernizedSupport";
import { finding, operationIs, reaches } from "./support";
import type { Finding, ProtectedItemFacts, Rule, RuleContext } from "./types";

/** Protection states of an InMageRcm item failed over to Azure (committed or not). */
export const FAILED_OVER_TO_AZURE_STATES: readonly string[] = [
  "UnplannedFailoverCommitted",
  "UnplannedFailoverCommitPendingStatesBegin",
];

/** Job scenario of a modernized reprotect (either direction). */
export const REPROTECT_SCENARIO = "SwitchReplicationGroupProtection";

const storageAccountIdPattern =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/i;

/** Whether an ARM ID names a storage account. */
export function isStorageAccountId(value: string): boolean {
  return storageAccountIdPattern.test(value);
}

/** Whether a running job is reported on the item (`None` is Site Recovery's idle scenario). */
function runningScenario(item: ProtectedItemFacts): string | undefined {
  const scenario = item.runningJobScenario;
  return scenario === undefined || scenario === "None" ? undefined : scenario;
}

/** Items reprotect to premises is about: modernized forward items in scope, when the run reprotects. */
function reprotectCandidates(context: RuleContext): ProtectedItemFacts[] {
  if (!reaches(context, "reprotected")) return [];
  return modernizedItems(context).filter((item) => item.instanceType === MODERNIZED_FORWARD);
}

/** MR-11: the item must have failed over to Azure; SwitchProtection gates reprotect. */
export const mr11: Rule = {
  id: "MR-11",
  area: "modernized",
  severity: "block",
  title:
    "The item must have failed over to Azure: InMageRcm, active at Recovery, failed over (committed or not), SwitchProtection allowed, no job running.",
  appliesTo: modernizedScope(["reprotection", "failbackPlan"]),
  check(context) {
    const findings: Finding[] = [];
    for (const item of reprotectCandidates(context)) {
      const object = `vm ${item.name}`;
      const state = item.protectionState ?? "in an unknown state";
      if (item.activeLocation === "Primary") {
        findings.push(
          finding("MR-11", {
            severity: "block",
            object,
            cause: `is ${state} at Primary; it has not failed over to Azure, nothing to fail back`,
            fix: "fail it over to Azure first, or remove it from the failback plan",
          }),
        );
      } else if (
        item.protectionState !== undefined &&
        !FAILED_OVER_TO_AZURE_STATES.includes(item.protectionState)
      ) {
        findings.push(
          finding("MR-11", {
            severity: "block",
            object,
            cause: `is ${item.protectionState}, not failed over to Azure`,
            fix: "finish the failover to Azure before reprotect",
          }),
        );
      } else if (
        item.allowedOperations !== undefined &&
        !item.allowedOperations.includes("SwitchProtection")
      ) {
        findings.push(
          finding("MR-11", {
            severity: "block",
            object,
            cause: "does not allow SwitchProtection (reprotect) now",
            fix: "wait until Site Recovery lists SwitchProtection for it",
          }),
        );
      } else if (runningScenario(item) !== undefined) {
        findings.push(
          finding("MR-11", {
            severity: "block",
            object,
            cause: `has a ${runningScenario(item)} job running`,
            fix: "wait for the job to finish before reprotect",
          }),
        );
      }
    }
    return findings;
  },
};

/** MR-12: reprotect agent, datastore and log storage account are required; always send the policy. */
export const mr12: Rule = {
  id: "MR-12",
  area: "modernized",
  severity: "block",
  title:
    "Reprotect to premises needs reprotectAgentId, datastoreName and logStorageAccountId; policyId is optional in the API but always sent.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const inputs = context.inputs?.modernized;
    if (inputs === undefined || !reaches(context, "reprotected")) return [];
    const object = `reprotect of ${context.inputs?.failbackPlan?.name ?? "the failback plan"}`;
    const findings: Finding[] = [];
    const required: [string, boolean][] = [
      [
        "reprotectAgentId",
        inputs.reprotectAgentId !== undefined ||
          inputs.reprotectAgentName !== undefined ||
          isPending(inputs, "reprotectAgentId") ||
          isPending(inputs, "applianceName"),
      ],
      ["datastoreName", inputs.datastoreName !== undefined || isPending(inputs, "datastoreName")],
      [
        "logStorageAccountId",
        inputs.logStorageAccountId !== undefined || isPending(inputs, "logStorageAccountId"),
      ],
    ];
    for (const [property, present] of required) {
      if (present) continue;
      findings.push(
        finding("MR-12", {
          severity: "block",
          object,
          cause: `lacks ${property}`,
          fix: `set modernized.${property}`,
          propertyPath: `modernized.${property}`,
        }),
      );
    }
    if (inputs.policyId === undefined && !isPending(inputs, "policyId")) {
      findings.push(
        finding("MR-12", {
          severity: "warn",
          object,
          cause: "lacks policyId",
          fix: "set modernized.policyId to the InMageRcmFailback policy of the failback mapping",
          propertyPath: "modernized.policyId",
        }),
      );
    }
    return findings;
  },
};

/** MR-13: the log storage account is a storage account (in the Azure VMs' region, inferred). */
export const mr13: Rule = {
  id: "MR-13",
  area: "modernized",
  severity: "block",
  title:
    "logStorageAccountId is the ARM ID of a storage account (the cache storage account), in the Azure VMs' region.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const id = context.inputs?.modernized?.logStorageAccountId;
    if (id === undefined) return [];
    const object = `logStorageAccountId ${id}`;
    if (!isStorageAccountId(id)) {
      return [
        finding("MR-13", {
          severity: "block",
          object,
          cause: "is not a storage account id",
          fix: "give the ARM ID of a Microsoft.Storage/storageAccounts account",
          propertyPath: "modernized.logStorageAccountId",
        }),
      ];
    }
    const location = context.site?.logStorageAccount?.location;
    if (location === undefined) return [];
    // Inferred: the same-region requirement is not stated by any source, so a mismatch only warns.
    return modernizedItems(context)
      .filter(awaitsReprotect)
      .filter((item) => item.azureLocation !== undefined && item.azureLocation !== location)
      .map((item) =>
        finding("MR-13", {
          severity: "warn",
          object: `storage account ${lastSegment(id)}`,
          cause: `is in ${location} but vm ${item.name} runs in ${item.azureLocation}`,
          fix: `use a cache storage account in ${item.azureLocation}`,
          propertyPath: "modernized.logStorageAccountId",
        }),
      );
  },
};

/** MR-14: the failed-over VM runs and its Mobility agent registered after failover. */
export const mr14: Rule = {
  id: "MR-14",
  area: "modernized",
  severity: "block",
  title:
    "The failed-over Azure VM stays on, its Mobility agent registered after failover and reaches the Site Recovery URLs.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const findings: Finding[] = [];
    for (const item of reprotectCandidates(context).filter(awaitsReprotect)) {
      const vm = item.azureVmName ?? item.name;
      if (item.agentRegisteredAfterFailover === false) {
        findings.push(
          finding("MR-14", {
            severity: "block",
            object: `azure vm ${vm}`,
            cause: "has no Mobility agent registered since failover",
            fix: "start it, check its Mobility agent services and its access to the Site Recovery URLs",
          }),
        );
      } else if ((item.criticalHealthErrorCount ?? 0) > 0) {
        findings.push(
          finding("MR-14", {
            severity: "block",
            object: `azure vm ${vm}`,
            cause: `has ${item.criticalHealthErrorCount} critical health error${item.criticalHealthErrorCount === 1 ? "" : "s"}`,
            fix: "resolve them (Mobility agent, Site Recovery URLs) before reprotect",
          }),
        );
      }
      if (item.azureVmRunning === false) {
        // Inferred: which Azure VM the item maps to and its power state are composed from
        // the target fields and the compute instance view, so a stopped VM only warns.
        findings.push(
          finding("MR-14", {
            severity: "warn",
            object: `azure vm ${vm}`,
            cause: "is not running",
            fix: "start it so its Mobility agent can replicate back",
          }),
        );
      }
    }
    return findings;
  },
};

/** MR-15: disks added in Azure after failover do not fail back. */
export const mr15: Rule = {
  id: "MR-15",
  area: "modernized",
  severity: "warn",
  title:
    "Only disks replicated from premises to Azure replicate back; disks added to the Azure VM after failover do not.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    return reprotectCandidates(context)
      .filter(awaitsReprotect)
      .flatMap((item) =>
        (item.unprotectedAzureDiskNames ?? []).map((disk) =>
          finding("MR-15", {
            severity: "warn",
            object: `disk ${disk}`,
            cause: `was added to ${item.azureVmName ?? item.name} in Azure and will not fail back`,
            fix: "move its data to a protected disk before failback or copy it separately",
          }),
        ),
      );
  },
};

/** MR-16 (info): without the on-premises VM, failback recreates it and copies all data. */
export const mr16: Rule = {
  id: "MR-16",
  area: "modernized",
  severity: "info",
  title:
    "Original location recovery copies changes when the on-premises machine exists; alternate location recreates it and copies all data.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    // The isDeleted → alternate-location mapping is inferred; the finding is information only.
    return reprotectCandidates(context)
      .filter((item) => awaitsReprotect(item) && item.discoveredVmDeleted === true)
      .map((item) =>
        finding("MR-16", {
          severity: "info",
          object: `vm ${item.name}`,
          cause: "no longer exists on premises",
          fix: "failback recreates it and copies all data; allow for the longer transfer",
        }),
      );
  },
};

/** MR-17 (info): reprotect turns the on-premises VM off. */
export const mr17: Rule = {
  id: "MR-17",
  area: "modernized",
  severity: "info",
  title: "The on-premises VM, if present, is turned off during reprotection.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    // Not visible in ARM: said when the reprotect is about to run.
    if (!operationIs(context, "reprotect")) return [];
    return modernizedItems(context)
      .filter((item) => awaitsReprotect(item) && item.discoveredVmDeleted !== true)
      .map((item) =>
        finding("MR-17", {
          severity: "info",
          object: `on-premises vm ${item.name}`,
          cause: "is turned off by the reprotect",
          fix: "do not turn it on until failback completes",
        }),
      );
  },
};

/** MR-18: static IP addresses are not retained; fstab and LVM change. */
export const mr18: Rule = {
  id: "MR-18",
  area: "modernized",
  severity: "warn",
  title: "Static IP addresses are not retained on reprotect; fstab and LVM configuration are changed.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    return reprotectCandidates(context)
      .filter(awaitsReprotect)
      .flatMap((item) =>
        (item.nics ?? [])
          .filter((nic) => nic.ipAddressType === "Static")
          .map((nic) =>
            finding("MR-18", {
              severity: "warn",
              object: `vm ${item.name}`,
              cause: `had static IP ${nic.ipAddress ?? "(unknown address)"}`,
              fix: "re-set it after failback, and check fstab and LVM on Linux",
            }),
          ),
      );
  },
};

/** MR-19: physical servers fail back only as VMware VMs. */
export const mr19: Rule = {
  id: "MR-19",
  area: "modernized",
  severity: "warn",
  title: "Physical servers cannot fail back to physical; reprotect goes to a VMware VM.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    // Inferred: the discoveryType value of a physical server is not documented, so this warns.
    return reprotectCandidates(context)
      .filter((item) => awaitsReprotect(item) && item.flavor === "physical")
      .map((item) =>
        finding("MR-19", {
          severity: "warn",
          object: `server ${item.name}`,
          cause: "is a physical server",
          fix: "it fails back only as a VMware VM; target a vCenter datastore of the appliance",
        }),
      );
  },
};

/** MR-20 (info): a failed reprotect can be retried through any healthy appliance. */
export const mr20: Rule = {
  id: "MR-20",
  area: "modernized",
  severity: "info",
  title: "A failed reprotect job can be retried, choosing any healthy appliance.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const names = new Set(modernizedItems(context).map((item) => item.name));
    return (context.site?.jobs ?? [])
      .filter(
        (job) =>
          job.state === "Failed" &&
          job.scenarioName === REPROTECT_SCENARIO &&
          job.itemName !== undefined &&
          names.has(job.itemName),
      )
      .map((job) =>
        finding("MR-20", {
          severity: "info",
          object: `reprotect job ${job.name}`,
          cause: `of vm ${job.itemName} failed`,
          fix: "retry the reprotect, through any healthy appliance",
        }),
      );
  },
};

/** MR-21: reprotect is per item; plan-level reprotect is refused for InMageRcm items. */
export const mr21: Rule = {
  id: "MR-21",
  area: "modernized",
  severity: "block",
  title: "Reprotect is per item: plan-level reprotect is refused for InMageRcm / InMageRcmFailback items.",
  appliesTo: modernizedScope(["reprotection", "failbackPlan"]),
  check(context) {
    if (context.inputs?.modernized?.reprotectByRecoveryPlan !== true || !modernizedPathApplies(context))
      return [];
    const name = context.inputs.failbackPlan?.name;
    if (name === undefined) return [];
    const plan = context.site?.recoveryPlans?.find((candidate) => candidate.name === name);
    const providers = plan?.replicationProviders ?? [];
    const modernized = providers.find(
      (provider) => provider === MODERNIZED_FORWARD || provider === MODERNIZED_FAILBACK,
    );
    if (modernized === undefined && (plan !== undefined || modernizedItems(context).length === 0)) return [];
    return [
      finding("MR-21", {
        severity: "block",
        object: `recovery plan ${name}`,
        cause: `holds ${modernized ?? MODERNIZED_FORWARD} items`,
        fix: "reprotect them one by one",
        propertyPath: "modernized.reprotectByRecoveryPlan",
      }),
    ];
  },
};

/** The reprotect rules in catalogue order. */
export const modernizedReprotectRules: readonly Rule[] = [
  mr11,
  mr12,
  mr13,
  mr14,
  mr15,
  mr16,
  mr17,
  mr18,
  mr19,
  mr20,
  mr21,
];
