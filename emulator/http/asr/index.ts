/**
 * The Site Recovery route table, one module per resource kind: each holds its kind's routes and
 * serializer, in the shapes of the SDK's models with IDs in Site Recovery's casing.
 */
import type { Route } from "../router";
import { applianceRoutes } from "./appliances";
import { containerMappingRoutes } from "./containerMappings";
import { containerRoutes } from "./containers";
import { fabricRoutes } from "./fabrics";
import { jobRoutes } from "./jobs";
import { operationRoutes } from "./operations";
import { policyRoutes } from "./policies";
import { protectedItemRoutes } from "./protectedItems";
import { recoveryPlanRoutes } from "./recoveryPlans";
import { recoveryPointRoutes } from "./recoveryPoints";
import { vCenterRoutes } from "./vCenters";

/** The Site Recovery route table. */
export const asrRoutes: Route[] = [
  ...fabricRoutes,
  ...applianceRoutes,
  ...vCenterRoutes,
  ...containerRoutes,
  ...containerMappingRoutes,
  ...policyRoutes,
  ...protectedItemRoutes,
  ...recoveryPointRoutes,
  ...recoveryPlanRoutes,
  ...jobRoutes,
  ...operationRoutes,
];
