/**
 * The modernized (replication appliance, `InMageRcm` → `InMageRcmFailback`) failback rules,
 * MR-01..MR-34, in catalogue order.
 */
import { modernizedApplianceRules } from "./modernizedAppliance";
import { modernizedCommitRules } from "./modernizedCommit";
import { modernizedFailoverRules } from "./modernizedFailover";
import { modernizedNetworkRules } from "./modernizedNetwork";
import { modernizedPolicyRules } from "./modernizedPolicy";
import { modernizedReprotectRules } from "./modernizedReprotect";
import type { Rule } from "./types";

/** Every MR rule in catalogue order. */
export const modernizedRules: readonly Rule[] = [
  ...modernizedApplianceRules,
  ...modernizedPolicyRules,
  ...modernizedReprotectRules,
  ...modernizedFailoverRules,
  ...modernizedCommitRules,
  ...modernizedNetworkRules,
];
