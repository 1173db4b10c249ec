/**
 * Which SDK model each Site Recovery operation answers with, per operation group (the part of the
 * route's operation name before `_`). A route whose group is missing here fails the suite, so a
 * route added later is checked or explicitly set aside, never silently skipped.
 */
import { z } from "zod";

/** The single-object and list models of an operation group. */
export interface GroupModels {
  readonly item: string;
  readonly collection: string;
}

/** Site Recovery operation groups → models of the official SDK. */
export const siteRecoveryModels: Readonly<Record<string, GroupModels>> = {
  ReplicationFabrics: { item: "Fabric", collection: "FabricCollection" },
  ReplicationAppliances: { item: "ReplicationAppliance", collection: "ApplianceCollection" },
  ReplicationvCenters: { item: "VCenter", collection: "VCenterCollection" },
  ReplicationProtectionContainers: {
    item: "ProtectionContainer",
    collection: "ProtectionContainerCollection",
  },
  ReplicationProtectionContainerMappings: {
    item: "ProtectionContainerMapping",
    collection: "ProtectionContainerMappingCollection",
  },
  ReplicationPolicies: { item: "Policy", collection: "PolicyCollection" },
  ReplicationProtectedItems: {
    item: "ReplicationProtectedItem",
    collection: "ReplicationProtectedItemCollection",
  },
  RecoveryPoints: { item: "RecoveryPoint", collection: "RecoveryPointCollection" },
  ReplicationRecoveryPlans: { item: "RecoveryPlan", collection: "RecoveryPlanCollection" },
  ReplicationJobs: { item: "Job", collection: "JobCollection" },
};

/**
 * Groups whose answers no SDK `Mappers` describe: Microsoft.Network (`@azure/arm-network` 39 is a
 * modular SDK without mappers), Microsoft.Compute (no SDK in the workspace), and the operation
 * status / result URLs (the SDK models neither: a status is checked against ARM's async operation
 * contract, a result as the object the operation produced).
 */
export const groupsWithoutMappers: ReadonlySet<string> = new Set([
  "ExpressRouteCircuits",
  "ExpressRouteCircuitPeerings",
  "VirtualNetworkGatewayConnections",
  "VirtualNetworkGateways",
  "VirtualNetworks",
  "Subnets",
  "NetworkWatchers",
  "NetworkInterfaces",
  "NetworkOperationResults",
  "VirtualMachines",
  "ComputeOperations",
  "OperationStatus",
  "OperationResults",
  "Emulator",
]);

/** ARM's error body (`CloudError`); Site Recovery's details add its guidance and request IDs. */
export const ArmErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.string().min(1),
    message: z.string(),
    target: z.string().optional(),
    details: z
      .array(
        z.strictObject({
          code: z.string().min(1),
          message: z.string(),
          possibleCauses: z.string().optional(),
          recommendedAction: z.string().optional(),
          activityId: z.string().optional(),
          clientRequestId: z.string().optional(),
        }),
      )
      .optional(),
  }),
});

/** The body of an `Azure-AsyncOperation` status URL (ARM's async operation contract). */
export const OperationStatusBody = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: z.enum(["InProgress", "Succeeded", "Failed", "Canceled"]),
  startTime: z.iso.datetime().optional(),
  endTime: z.iso.datetime().optional(),
  error: ArmErrorBody.shape.error.optional(),
});
