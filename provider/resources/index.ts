/**
 * The package's resources, one folder each (`schema.ts`, `lifecycle.ts`, `index.ts`, ...), and
 * the registry of their implementations by kind.
 */
import type * as pulumi from "@pulumi/pulumi";
import { failbackPlanProvider } from "./failbackPlan";
import { masterTargetProvider } from "./masterTarget";
import { processServerProvider } from "./processServer";
import { replicationApplianceProvider } from "./replicationAppliance";
import { reprotectionPolicyProvider } from "./reprotectionPolicy";

/**
 * Implementations of the package's dynamic resources, keyed by resource kind. The serialized
 * provider of each resource looks its implementation up here at call time (see `lazyProvider`).
 */
export const resourceProviders: Record<string, pulumi.dynamic.ResourceProvider> = {
  FailbackPlan: failbackPlanProvider,
  MasterTarget: masterTargetProvider,
  ProcessServer: processServerProvider,
  ReplicationAppliance: replicationApplianceProvider,
  ReprotectionPolicy: reprotectionPolicyProvider,
};
