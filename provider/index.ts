/**
 * pulumi-asr-failback: Azure Site Recovery failback as Pulumi resources.
 *
 * This module is the package's public API.
 */
export { ProviderConfigKeys, SKIP_LIVE_CHECKS_VARIABLE } from "./config";
export { lazyProvider } from "./dynamic/lazyProvider";
export { FailbackPlan, type FailbackPlanResourceArgs } from "./resources/failbackPlan";
export { MasterTarget, type MasterTargetArgs, type MasterTargetOutputs } from "./resources/masterTarget";
export { ProcessServer, type ProcessServerArgs, type ProcessServerOutputs } from "./resources/processServer";
export {
  ReplicationAppliance,
  type ReplicationApplianceArgs,
  type ReplicationApplianceOutputs,
} from "./resources/replicationAppliance";
export {
  ReprotectionPolicy,
  type ReprotectionPolicyArgs,
  type ReprotectionPolicyOutputs,
} from "./resources/reprotectionPolicy";

import { failbackPlanProvider } from "./resources/failbackPlan";
import { masterTargetProvider } from "./resources/masterTarget";
import { processServerProvider } from "./resources/processServer";
import { replicationApplianceProvider } from "./resources/replicationAppliance";
import { reprotectionPolicyProvider } from "./resources/reprotectionPolicy";

/**
 * Implementations of the package's dynamic resources, keyed by resource kind. The serialized
 * provider of each resource looks its implementation up here at call time (see
 * {@link lazyProvider}).
 */
export const resourceProviders: Record<string, import("@pulumi/pulumi").dynamic.ResourceProvider> = {
  FailbackPlan: failbackPlanProvider,
  MasterTarget: masterTargetProvider,
  ProcessServer: processServerProvider,
  ReplicationAppliance: replicationApplianceProvider,
  ReprotectionPolicy: reprotectionPolicyProvider,
};
