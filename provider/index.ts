/**
 * pulumi-asr-failback: Azure Site Recovery failback as Pulumi resources.
 *
 * This module is the package's public API.
 */
export { ProviderConfigKeys, SKIP_LIVE_CHECKS_VARIABLE } from "./config";
export { lazyProvider } from "./dynamic/lazyProvider";
export { FailbackPlan, type FailbackPlanResourceArgs } from "./resources/failbackPlan";

import { failbackPlanProvider } from "./resources/failbackPlan";

/**
 * Implementations of the package's dynamic resources, keyed by resource kind. The serialized
 * provider of each resource looks its implementation up here at call time (see
 * {@link lazyProvider}).
 */
export const resourceProviders: Record<string, import("@pulumi/pulumi").dynamic.ResourceProvider> = {
  FailbackPlan: failbackPlanProvider,
};
