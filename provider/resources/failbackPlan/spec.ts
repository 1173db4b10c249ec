/**
 * From FailbackPlan inputs (validated) and the items they resolve to, to the stage machine's run
 * spec.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { FailbackRunSpec, ItemTarget } from "../../stages/spec";
import { type ChosenReprotectAgent, modernizedRunSettings } from "./modernized";
import type { FailbackPlanArgs } from "./schema";

/** The machine's view of a protected item. */
export function itemTarget(item: ReplicationProtectedItem): ItemTarget {
  const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
  const group = details["multiVmGroupName"];
  return {
    name: item.name ?? "",
    ref: item.id ?? item.name ?? "",
    ...(typeof group === "string" && group.length > 0 ? { replicationGroup: group } : {}),
  };
}

/**
 * The run spec of validated inputs over resolved items.
 *
 * @param reprotectAgent the modernized reprotect agent, resolved from the vault's appliances
 * (the declared ID alone when they were not read)
 */
export function runSpec(
  name: string,
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
  reprotectAgent: ChosenReprotectAgent = args.modernized?.reprotectAgentId !== undefined
    ? { id: args.modernized.reprotectAgentId }
    : {},
): FailbackRunSpec {
  const reprotection = args.reprotection;
  return {
    flavor: args.flavor,
    planName: args.recoveryPlanName ?? name,
    items: items.map(itemTarget),
    ...(args.recoveryPlanName !== undefined ? { recoveryPlanName: args.recoveryPlanName } : {}),
    targetStage: args.targetStage,
    recoveryPointChoice: args.recoveryPointType,
    useMultiVmSyncPoint: args.useMultiVmSyncPoint,
    ...(reprotection
      ? {
          reprotect: {
            policyId: reprotection.policyId,
            masterTargetId: reprotection.masterTargetId,
            processServerId: reprotection.processServerId,
            retentionDrive: reprotection.retentionDrive,
            ...(reprotection.datastoreName !== undefined
              ? { datastoreName: reprotection.datastoreName }
              : {}),
            ...(reprotection.runAsAccountId !== undefined
              ? { runAsAccountId: reprotection.runAsAccountId }
              : {}),
            ...(reprotection.masterTargetName !== undefined
              ? { masterTargetName: reprotection.masterTargetName }
              : {}),
            ...(reprotection.processServerName !== undefined
              ? { processServerName: reprotection.processServerName }
              : {}),
          },
        }
      : {}),
    reprotectToAzure: {
      ...args.reprotectToAzure,
      ...(args.reprotectToAzure?.processServerId === undefined && reprotection
        ? { processServerId: reprotection.processServerId }
        : {}),
    },
    ...(args.flavor === "hyperv"
      ? {
          hyperV: {
            dataSyncOption: args.hyperV.dataSyncOption,
            createVmIfNotFound: args.hyperV.createVmIfNotFound,
            completeFailoverAutomatically: args.hyperV.completeFailover === "automatic",
            ...(args.hyperV.providerIdForAlternateRecovery !== undefined
              ? { providerIdForAlternateRecovery: args.hyperV.providerIdForAlternateRecovery }
              : {}),
            ...(args.hyperV.alternateHostName !== undefined
              ? { alternateHostName: args.hyperV.alternateHostName }
              : {}),
            ...(args.hyperV.virtualSwitchName !== undefined
              ? { virtualSwitchName: args.hyperV.virtualSwitchName }
              : {}),
          },
        }
      : {}),
    ...(args.modernized ? { modernized: modernizedRunSettings(args.modernized, reprotectAgent) } : {}),
    maxConcurrency: args.maxConcurrency,
  };
}
