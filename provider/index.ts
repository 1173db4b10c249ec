/**
 * pulumi-asr-failback: Azure Site Recovery failback as Pulumi resources.
 *
 * This module is the package's public API.
 */
export { ProviderConfigKeys, SKIP_LIVE_CHECKS_VARIABLE } from "./config";
export { lazyProvider } from "./dynamic/lazyProvider";
export { resourceProviders } from "./resources";
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

import { watchEngineInProviderHost } from "./dynamic/engineWatchdog";

// The dynamic-provider host loads this module at the engine's first call (through
// `resourceProviders`): from then on the process stops on its own when the engine is gone.
// Anywhere else (the program, tests) this is a no-op.
watchEngineInProviderHost();
