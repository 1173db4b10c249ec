/**
 * Failover of a replicating item to Azure: unplanned (VMware, physical, Hyper-V; modernized items
 * with `InMageRcmUnplannedFailoverInput`) or planned (Hyper-V, which shuts the on-premises VM down
 * first). None fails in the emulator's world.
 */
import { Errors } from "../../errors";
import { minutes } from "../durations";
import type { ItemState } from "../world";
import { acceptDirection } from "./applianceCommon";
import {
  type ActionPlanner,
  expectInstanceType,
  type ItemActionPlan,
  phase,
  requireString,
  simplePlan,
  subjectOf,
} from "./common";

/** Plans an unplanned failover of a protected item to Azure. */
export function planUnplannedFailoverToAzure(item: ItemState): ItemActionPlan {
  return simplePlan(item, [
    phase("PrerequisitesCheck", "Prerequisites check for failover", minutes(1)),
    phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
  ]);
}

/** Plans a planned failover of a protected Hyper-V item to Azure. */
export function planPlannedFailoverToAzure(item: ItemState): ItemActionPlan {
  return simplePlan(item, [
    phase("PrerequisitesCheck", "Prerequisites check for planned failover", minutes(1)),
    phase("ShutDownOnPremisesVm", "Shut down the on-premises virtual machine", minutes(2)),
    phase("StartAzureVm", "Start the Azure virtual machine", minutes(5)),
  ]);
}

/** Plans an unplanned failover of a modernized item to Azure (`performShutdown` is required). */
export const planApplianceFailoverToAzure: ActionPlanner = (world, item, properties) => {
  const { label } = subjectOf(world, item);
  const context = `failover of ${label}`;
  acceptDirection(properties, "PrimaryToRecovery", context);
  const details = expectInstanceType(properties, "InMageRcm", context);
  const performShutdown = requireString(details, "performShutdown", context);
  if (!/^(true|false)$/i.test(performShutdown)) {
    throw Errors.invalidParameter(
      `${context}: performShutdown must be 'true' or 'false', got '${performShutdown}'.`,
    );
  }
  return planUnplannedFailoverToAzure(item);
};
