import type { AreaCases } from "../fixtures";
import { CRASH_FAILBACK_POLICY_ID, FAILBACK_POLICY_ID, FORWARD_POLICY_ID } from "../modernizedFixtures";

export const modernizedPolicyCases: AreaCases = {
  area: "modernized",
  breaking: [
    {
      id: "MR-09",
      when: "reprotect to premises is given the forward InMageRcm policy",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.policyId = FORWARD_POLICY_ID;
      },
      object: "policy 24-hour-replication-policy",
      fix: "use a failback policy such as appconsistency-policy-failback",
      propertyPath: "modernized.policyId",
    },
    {
      id: "MR-09",
      when: "the failback policy has no paired mapping (inferred requirement)",
      base: "modernized",
      mutate: (c) => {
        c.site!.containerMappings = c.site!.containerMappings!.filter(
          (mapping) => mapping.policyId !== FAILBACK_POLICY_ID,
        );
      },
      object: "policy appconsistency-policy-failback",
      fix: "use the policy of a Paired failback mapping",
      severity: "warn",
      propertyPath: "modernized.policyId",
    },
    {
      id: "MR-10",
      when: "reprotect to Azure is given a failback policy",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.reprotectToAzure!.policyId = FAILBACK_POLICY_ID;
      },
      object: "policy appconsistency-policy-failback",
      fix: "reprotect to Azure needs the InMageRcm policy of the forward mapping",
      propertyPath: "modernized.reprotectToAzure.policyId",
    },
  ],
  healthy: [
    { id: "MR-09", when: "the failback policy is InMageRcmFailback and paired", base: "modernized" },
    {
      id: "MR-09",
      when: "the crash-consistent failback policy is chosen",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.modernized!.policyId = CRASH_FAILBACK_POLICY_ID;
      },
    },
    { id: "MR-10", when: "reprotect to Azure uses the forward policy", base: "modernized" },
  ],
};
