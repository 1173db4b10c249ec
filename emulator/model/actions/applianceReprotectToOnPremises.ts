/**
 * Reprotect of a modernized item from Azure back to on-premises through a replication appliance
 * (`InMageRcmReprotectInput`; the operation is `SwitchProtection`). Malformed or mismatching
 * inputs are refused at once (MR-03, MR-04, MR-09, MR-12, MR-13); facts of the site fail the
 * job's prerequisite check (MR-02, MR-05, MR-14).
 */
import { ApplianceErrorCodes, StorageAccountIdCodec } from "asr-contract";
import { Errors, worldFailure } from "../../errors";
import { APPLIANCE_MAX_FAILBACK_DISKS, failbackDisksServedBy } from "../appliances";
import { differentialSyncMs } from "../durations";
import type { ItemState, WorldState } from "../world";
import {
  acceptDirection,
  applianceFabricName,
  applianceProblem,
  requireAppliance,
  SWITCH_PROTECTION_JOB,
  switchProtectionPhases,
} from "./applianceCommon";
import {
  type ActionPlanner,
  azureVmProblem,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  type Properties,
  requireString,
  resolvePolicyName,
  stringField,
  subjectOf,
} from "./common";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The InMageRcmFailback policy a request names, or the first one mapped to the item's container. */
function failbackPolicyOf(world: WorldState, item: ItemState, details: Properties, context: string): string {
  const reference = stringField(details, "policyId");
  if (reference !== undefined) {
    const policyName = resolvePolicyName(world, reference, context);
    const type = world.policies[policyName]!.instanceType;
    if (type !== "InMageRcmFailback") {
      throw Errors.invalidParameter(
        `${context}: policy '${policyName}' is ${type}, not an InMageRcmFailback policy; reprotect to on-premises replicates under a failback policy.`,
      );
    }
    return policyName;
  }
  const mapped = Object.values(world.mappings).find(
    (mapping) =>
      world.policies[mapping.policyName]?.instanceType === "InMageRcmFailback" &&
      world.scenario.applianceSite?.fabricName === mapping.fabricName,
  );
  if (!mapped) {
    throw Errors.invalidParameter(
      `${context}: no InMageRcmFailback policy is mapped to the container of ${item.name}; name one in providerSpecificDetails.policyId.`,
    );
  }
  return mapped.policyName;
}

/** Plans a reprotect of a modernized item from Azure back to on-premises. */
export const planApplianceReprotectToOnPremises: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
  const context = `reprotect of ${label}`;
  acceptDirection(properties, "RecoveryToPrimary", context);
  const details = expectInstanceType(properties, "InMageRcm", context);
  const reprotectAgentId = requireString(details, "reprotectAgentId", context);
  const datastoreName = requireString(details, "datastoreName", context);
  const logStorageAccountId = requireString(details, "logStorageAccountId", context);

  const appliance = requireAppliance(world, reprotectAgentId, nowMs, () =>
    Errors.invalidParameter(
      `${context}: reprotect agent '${reprotectAgentId}' is not registered in fabric '${applianceFabricName(world)}'.`,
    ),
  );
  const accessible = appliance.appliance.accessibleDatastores;
  if (!accessible.some((name) => same(name, datastoreName))) {
    throw Errors.invalidParameter(
      `${context}: datastore '${datastoreName}' is not accessible to the reprotect agent of appliance '${appliance.appliance.name}' (accessible: ${accessible.join(", ") || "none"}).`,
    );
  }
  const account = StorageAccountIdCodec.tryParse(logStorageAccountId);
  if (!account) {
    throw Errors.invalidParameter(
      `${context}: logStorageAccountId '${logStorageAccountId}' is not the ID of a Microsoft.Storage/storageAccounts account.`,
    );
  }
  const accountExists = scenario.azure.storageAccounts.some(
    (candidate) =>
      same(candidate.name, account.storageAccountName) &&
      same(candidate.resourceGroup ?? scenario.resourceGroup, account.resourceGroup),
  );
  if (!accountExists) {
    throw Errors.invalidParameter(
      `${context}: storage account '${account.storageAccountName}' does not exist in resource group '${account.resourceGroup}'.`,
    );
  }
  const policyName = failbackPolicyOf(world, item, details, context);

  const alternateLocation = !item.onPremisesVmExists || source.kind === "PhysicalServer";
  const servedDisks = failbackDisksServedBy(world, appliance.id, item.name);
  const prerequisite =
    azureVmProblem(item, label, source.azureVm, source.migrationCompleted) ??
    firstFailure([
      [
        item.agentRegisteredAfterFailover === false,
        () =>
          worldFailure(
            ApplianceErrorCodes.agentNotRegisteredAfterFailover,
            `The Mobility agent in the Azure virtual machine of ${label} has not registered since failover.`,
            "The agent's services are stopped in the Azure VM or it cannot reach the Site Recovery URLs.",
            "Start the Mobility agent services in the Azure VM, check its access to the Site Recovery URLs, and retry.",
          ),
      ],
      [!!applianceProblem(appliance), () => applianceProblem(appliance)!],
      [
        servedDisks + source.disks.length > APPLIANCE_MAX_FAILBACK_DISKS,
        () =>
          worldFailure(
            ApplianceErrorCodes.applianceDiskLimitExceeded,
            `Appliance ${appliance.appliance.name} would have ${servedDisks + source.disks.length} failback disks attached; it takes ${APPLIANCE_MAX_FAILBACK_DISKS}.`,
            "The appliance already serves the disks of other machines replicating back.",
            "Reprotect the machine through another appliance.",
          ),
      ],
    ]);
  const timeInAzureMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  return {
    itemName: item.name,
    phases: switchProtectionPhases(),
    failure: firstFailingPhase([0, prerequisite]),
    // MR-16: original location recovery moves only the changes; an alternate location copies all.
    effect: {
      syncDurationMs: differentialSyncMs(scenario, source, timeInAzureMs, !alternateLocation),
      applianceReprotect: {
        reprotectAgentId: appliance.id,
        datastoreName: accessible.find((name) => same(name, datastoreName))!,
        logStorageAccountId,
        policyName,
        alternateLocation,
      },
    },
    job: SWITCH_PROTECTION_JOB,
  };
};
