/**
 * The modernized (replication appliance) side of a FailbackPlan: its declared inputs for the MR
 * rules, and its run settings with the reprotect agent resolved from an appliance name.
 */
import type { ModernizedFailbackInputs, ReplicationApplianceFacts } from "../../rules/types";
import type { ModernizedSettings } from "../../stages/spec";
import type { FailbackPlanArgs } from "./schema";

/** Validated modernized inputs. */
type ModernizedArgs = NonNullable<FailbackPlanArgs["modernized"]>;

/**
 * The modernized inputs as the MR rules read them. Values still unknown in a first preview (IDs
 * of an appliance created in the same update) are left out and listed as pending, so no rule
 * judges a placeholder and none reports them missing.
 */
export function modernizedDeclaredInputs(
  modernized: ModernizedArgs,
  isKnown: (value: string) => boolean,
): ModernizedFailbackInputs {
  const given = <T extends string>(value: T | undefined): value is T => value !== undefined && isKnown(value);
  const toAzure = modernized.reprotectToAzure;
  const declared: [string, string | undefined][] = [
    ["reprotectAgentId", modernized.reprotectAgentId],
    ["applianceName", modernized.applianceName],
    ["datastoreName", modernized.datastoreName],
    ["logStorageAccountId", modernized.logStorageAccountId],
    ["policyId", modernized.policyId],
    ["reprotectToAzure.processServerId", toAzure?.processServerId],
    ["reprotectToAzure.policyId", toAzure?.policyId],
    ["reprotectToAzure.runAsAccountId", toAzure?.runAsAccountId],
  ];
  const pendingInputs = declared
    .filter(([, value]) => value !== undefined && !isKnown(value))
    .map(([path]) => path);
  return {
    ...(pendingInputs.length > 0 ? { pendingInputs } : {}),
    ...(given(modernized.reprotectAgentId) ? { reprotectAgentId: modernized.reprotectAgentId } : {}),
    ...(given(modernized.applianceName) ? { reprotectAgentName: modernized.applianceName } : {}),
    ...(given(modernized.datastoreName) ? { datastoreName: modernized.datastoreName } : {}),
    ...(given(modernized.logStorageAccountId) ? { logStorageAccountId: modernized.logStorageAccountId } : {}),
    ...(given(modernized.policyId) ? { policyId: modernized.policyId } : {}),
    recoveryPointType: modernized.recoveryPointType,
    recoveryLocation: modernized.recoveryLocation,
    ...(toAzure
      ? {
          reprotectToAzure: {
            ...(given(toAzure.processServerId) ? { processServerId: toAzure.processServerId } : {}),
            ...(given(toAzure.policyId) ? { policyId: toAzure.policyId } : {}),
            ...(given(toAzure.runAsAccountId) ? { runAsAccountId: toAzure.runAsAccountId } : {}),
          },
        }
      : {}),
  };
}

/** The appliance whose reprotect agent a modernized plan uses. */
export interface ChosenReprotectAgent {
  /** Its GUID (`reprotectAgentId`); undefined when the declared name matches no appliance. */
  readonly id?: string;
  /** Its name, for planned steps and messages. */
  readonly name?: string;
}

/**
 * The reprotect agent: the declared ID, else the appliance with the declared name, named from the
 * vault's appliances either way. No ID when the name matches no appliance (MR-03 reports it in
 * preview; the machine refuses to reprotect without an agent).
 */
export function chooseReprotectAgent(
  modernized: ModernizedArgs,
  appliances: readonly ReplicationApplianceFacts[],
): ChosenReprotectAgent {
  const wanted = (modernized.reprotectAgentId ?? modernized.applianceName)?.toLowerCase();
  const appliance = appliances.find(
    (candidate) =>
      (modernized.reprotectAgentId !== undefined ? candidate.id : candidate.name)?.toLowerCase() === wanted,
  );
  const id = modernized.reprotectAgentId ?? appliance?.id;
  const name = appliance?.name ?? modernized.applianceName;
  return { ...(id !== undefined ? { id } : {}), ...(name !== undefined ? { name } : {}) };
}

/** The stage machine's modernized settings. */
export function modernizedRunSettings(
  modernized: ModernizedArgs,
  agent: ChosenReprotectAgent,
): ModernizedSettings {
  const toAzure = modernized.reprotectToAzure;
  return {
    ...(agent.id !== undefined
      ? {
          reprotect: {
            reprotectAgentId: agent.id,
            datastoreName: modernized.datastoreName,
            logStorageAccountId: modernized.logStorageAccountId,
            policyId: modernized.policyId,
            ...(agent.name !== undefined ? { applianceName: agent.name } : {}),
          },
        }
      : {}),
    recoveryPointType: modernized.recoveryPointType,
    ...(toAzure
      ? {
          reprotectToAzure: {
            processServerId: toAzure.processServerId,
            policyId: toAzure.policyId,
            ...(toAzure.runAsAccountId !== undefined ? { runAsAccountId: toAzure.runAsAccountId } : {}),
          },
        }
      : {}),
  };
}
