/**
 * Modernized failback, policy and container mapping rules (MR-09, MR-10): reprotect to premises
 * uses an InMageRcmFailback policy, reprotect back to Azure the forward InMageRcm policy.
 */
import {
  lastSegment,
  MODERNIZED_FAILBACK,
  MODERNIZED_FORWARD,
  modernizedScope,
  sameText,
} from "./modernizedSupport";
import { finding } from "./support";
import type { Finding, ReplicationPolicyFacts, Rule, RuleContext } from "./types";

/** `targetProtectionContainerId` of a forward (on premises → Azure) mapping. */
export const AZURE_CONTAINER_ID = "Microsoft Azure";

/** The policy with this ARM ID, or, failing that, with the ID's last segment as name. */
function policyOf(context: RuleContext, policyId: string): ReplicationPolicyFacts | undefined {
  const policies = context.site?.replicationPolicies ?? [];
  return (
    policies.find((policy) => sameText(policy.id, policyId)) ??
    policies.find((policy) => sameText(policy.name, lastSegment(policyId)))
  );
}

/** MR-09: reprotect to premises uses an InMageRcmFailback policy with a paired mapping. */
export const mr09: Rule = {
  id: "MR-09",
  area: "modernized",
  severity: "block",
  title:
    "Reprotect to premises uses a replication policy of type InMageRcmFailback, paired to the item's container by a failback mapping.",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const policyId = context.inputs?.modernized?.policyId;
    if (policyId === undefined) return [];
    const policy = policyOf(context, policyId);
    if (!policy) return [];
    const findings: Finding[] = [];
    if (policy.instanceType !== undefined && policy.instanceType !== MODERNIZED_FAILBACK) {
      findings.push(
        finding("MR-09", {
          severity: "block",
          object: `policy ${policy.name}`,
          cause: `is ${policy.instanceType}, not an InMageRcmFailback policy`,
          fix: "use a failback policy such as appconsistency-policy-failback",
          propertyPath: "modernized.policyId",
        }),
      );
      return findings;
    }
    const mappings = context.site?.containerMappings;
    if (mappings === undefined) return findings;
    const paired = mappings.some(
      (mapping) =>
        mapping.policyId !== undefined &&
        sameText(lastSegment(mapping.policyId), policy.name) &&
        mapping.state === "Paired" &&
        (mapping.health === undefined || mapping.health === "Normal"),
    );
    if (!paired) {
      // The API takes the policy id alone; a paired mapping is how PowerShell finds it. Whether
      // the service needs the mapping is not documented (inferred), so its absence only warns.
      findings.push(
        finding("MR-09", {
          severity: "warn",
          object: `policy ${policy.name}`,
          cause: "has no healthy, paired container mapping in the item's container",
          fix: "use the policy of a Paired failback mapping such as appconsistency-failback-containerpairing",
          propertyPath: "modernized.policyId",
        }),
      );
    }
    return findings;
  },
};

/** MR-10: reprotect back to Azure uses the forward InMageRcm policy. */
export const mr10: Rule = {
  id: "MR-10",
  area: "modernized",
  severity: "block",
  title:
    "Reprotect from premises back to Azure uses the forward InMageRcm policy (of the mapping to Microsoft Azure).",
  appliesTo: modernizedScope(["reprotection"]),
  check(context) {
    const policyId = context.inputs?.modernized?.reprotectToAzure?.policyId;
    if (policyId === undefined) return [];
    const policy = policyOf(context, policyId);
    if (policy?.instanceType === undefined || policy.instanceType === MODERNIZED_FORWARD) return [];
    const failback = policy.instanceType === MODERNIZED_FAILBACK;
    return [
      finding("MR-10", {
        severity: "block",
        object: `policy ${policy.name}`,
        cause: failback ? "is a failback policy" : `is ${policy.instanceType}, not an InMageRcm policy`,
        fix: "reprotect to Azure needs the InMageRcm policy of the forward mapping",
        propertyPath: "modernized.reprotectToAzure.policyId",
      }),
    ];
  },
};

/** The policy rules in catalogue order. */
export const modernizedPolicyRules: readonly Rule[] = [mr09, mr10];
