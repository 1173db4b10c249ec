/**
 * Reprotect from on-premises back to Azure after a failback: Hyper-V reverse replication, or
 * VMware / physical enable replication through a process server once the Mobility agent has
 * registered (FO-05).
 */
import { AsrErrorCodes } from "asr-contract";
import { worldFailure } from "../../errors";
import { agentRegistrationAtMs } from "../agent";
import { changedGb, checksumMs, minutes, totalDiskGb, transferMs } from "../durations";
import { scenarioItem } from "../site";
import {
  type ActionPlanner,
  expectInstanceType,
  firstFailingPhase,
  firstFailure,
  phase,
  requireRegisteredProcessServer,
  requireString,
  resolvePolicyName,
  stringField,
  subjectOf,
} from "./common";

/** Plans a reprotect of an item failed back on premises, back to Azure. */
export const planReprotectToAzure: ActionPlanner = (world, item, properties, nowMs) => {
  const { scenario, source, label } = subjectOf(world, item);
  const context = `reprotect of ${label}`;
  const timeSinceFailbackMs = nowMs - (item.lastFailoverAtMs ?? nowMs);
  if (item.flavor === "HyperV") {
    expectInstanceType(properties, "HyperVReplicaAzure", context);
    const site = scenario.hyperV;
    const failure = firstFailure([
      [
        site === undefined || !site.connected,
        () =>
          worldFailure(
            AsrErrorCodes.hyperVHostNotConnected,
            `The Hyper-V host of ${label} is not connected to Site Recovery.`,
            "The Site Recovery provider on the host or VMM server cannot reach Azure.",
            "Reconnect the Hyper-V host / VMM server and retry.",
          ),
      ],
    ]);
    return {
      itemName: item.name,
      phases: [
        phase("PrerequisitesCheck", "Prerequisites check", minutes(1)),
        phase("StartReverseReplication", "Start reverse replication", minutes(2)),
      ],
      failure: firstFailingPhase([0, failure]),
      // HV-09: only what changed since the Azure VM was shut down goes back.
      effect: { syncDurationMs: transferMs(scenario, changedGb(source, minutes(10))) },
    };
  }
  const details = expectInstanceType(properties, "InMageAzureV2", context);
  const processServerId = requireString(details, "processServerId", context);
  requireRegisteredProcessServer(world, processServerId, context, nowMs);
  const policyReference = stringField(details, "policyId");
  const policyName = policyReference
    ? resolvePolicyName(world, policyReference, context)
    : scenarioItem(scenario, item.name).policy;
  const registersAt = agentRegistrationAtMs(item, scenario);
  const failure = firstFailure([
    [
      registersAt !== undefined && nowMs < registersAt,
      () =>
        worldFailure(
          AsrErrorCodes.agentNotInstalled,
          `The Mobility agent is not installed on ${label}.`,
          "After the on-premises VM boots, its agent takes up to 15 minutes to register with the configuration server.",
          "Wait a few minutes and retry the reprotect.",
        ),
    ],
    [
      item.onPremisesVmCorrupt,
      () => worldFailure(AsrErrorCodes.onPremisesVmBootFailed, `The on-premises VM of ${label} is corrupt.`),
    ],
  ]);
  return {
    itemName: item.name,
    phases: [
      phase("PrerequisitesCheck", "Prerequisites check", minutes(1)),
      phase("EnableReplication", "Enable replication", minutes(3)),
    ],
    failure: firstFailingPhase([0, failure]),
    effect: {
      syncDurationMs:
        checksumMs(scenario, totalDiskGb(source)) +
        transferMs(scenario, changedGb(source, timeSinceFailbackMs)),
      policyName,
    },
  };
};
