/**
 * Reprotect of a failed-back modernized item from on-premises to Azure again
 * (`InMageRcmFailbackReprotectInput`; the operation is `SwitchProtection`). Accepted straight
 * after the planned failover, before commit: the job commits first (MR-32). The request names
 * the appliance's process server and the forward InMageRcm policy (MR-10, MR-30); the appliance
 * must reach the datastore the machine now lives on (MR-31).
 */
import { AsrErrorCodes, RunAsAccountIdCodec } from "asr-contract";
import { ArmError, Errors, worldFailure } from "../../errors";
import { vmwareSiteScope } from "../appliances";
import { changedGb, checksumMs, minutes, totalDiskGb, transferMs } from "../durations";
import {
  acceptDirection,
  applianceFabricName,
  applianceProblem,
  DISCOVER_REPLICA_TASK,
  requireAppliance,
  SWITCH_PROTECTION_JOB,
  switchProtectionPhases,
} from "./applianceCommon";
import {
  type ActionPlanner,
  expectInstanceType,
  firstFailingPhase,
  requireString,
  resolvePolicyName,
  stringField,
  subjectOf,
} from "./common";

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Plans a reprotect of a failed-back modernized item to Azure. */
export const planApplianceReprotectToAzure: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
  const context = `reprotect of ${label}`;
  acceptDirection(properties, "PrimaryToRecovery", context);
  const details = expectInstanceType(properties, "InMageRcmFailback", context);
  const processServerId = requireString(details, "processServerId", context);
  const policyReference = requireString(details, "policyId", context);
  const appliance = requireAppliance(
    world,
    processServerId,
    nowMs,
    () =>
      new ArmError(
        400,
        AsrErrorCodes.processServerNotRegistered,
        `${context}: process server '${processServerId}' is not registered in fabric '${applianceFabricName(world)}'.`,
      ),
  );
  const runAsAccountId = stringField(details, "runAsAccountId");
  if (runAsAccountId !== undefined) {
    const parsed = RunAsAccountIdCodec.tryParse(runAsAccountId);
    if (!parsed) {
      throw Errors.invalidParameter(
        `${context}: runAsAccountId '${runAsAccountId}' is not the ID of a Microsoft.OffAzure/VMwareSites/{site}/runasaccounts/{id} account.`,
      );
    }
    const site = vmwareSiteScope(scenario);
    const known =
      same(parsed.siteName, site.siteName) &&
      (scenario.applianceSite?.runAsAccounts ?? []).some((account) =>
        same(account.id, parsed.runAsAccountName),
      );
    if (!known) {
      throw Errors.invalidParameter(
        `${context}: run-as account '${parsed.runAsAccountName}' is not known to VMware site '${site.siteName}'.`,
      );
    }
  }
  const policyName = resolvePolicyName(world, policyReference, context);
  const type = world.policies[policyName]!.instanceType;
  if (type !== "InMageRcm") {
    throw Errors.invalidParameter(
      `${context}: policy '${policyName}' is ${type}, not an InMageRcm policy; reprotect to Azure replicates under the forward policy.`,
    );
  }
  const datastore = item.applianceReprotect?.datastoreName;
  const unreachable =
    datastore !== undefined && !appliance.appliance.accessibleDatastores.some((name) => same(name, datastore))
      ? worldFailure(
          AsrErrorCodes.datastoreNotReachable,
          `Datastore ${datastore} of ${label} is not reachable from appliance ${appliance.appliance.name}.`,
          "The appliance chosen for reprotect to Azure does not see the datastore the machine lives on.",
          "Choose the process server of an appliance that reaches the datastore, and retry.",
        )
      : undefined;
  const timeSinceFailbackMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  return {
    itemName: item.name,
    phases: switchProtectionPhases(),
    failure: firstFailingPhase([0, applianceProblem(appliance)], [DISCOVER_REPLICA_TASK, unreachable]),
    effect: {
      // Initial replication to Azure: every block compared, what changed on premises moved.
      syncDurationMs:
        checksumMs(scenario, totalDiskGb(source)) +
        transferMs(scenario, changedGb(source, Math.max(timeSinceFailbackMs, minutes(1)))),
      policyName,
      forwardApplianceId: appliance.id,
    },
    job: SWITCH_PROTECTION_JOB,
  };
};
