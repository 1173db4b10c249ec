/**
 * The reprotection rules over a ReprotectionPolicy's inputs (unknown values are not judged), the
 * site facts and the names its IDs resolve to.
 */
import { runRules } from "../../rules/catalogue";
import type {
  Finding,
  RuleContext,
  RuleId,
  ReprotectionInputs as RuleReprotectionInputs,
  SiteFacts,
} from "../../rules/types";
import { type FindingPathMapping, known, knownString, knownStrings } from "../common";

/** The rules this resource enforces. */
export const REPROTECTION_POLICY_RULES: readonly RuleId[] = [
  "LOC-01",
  "LOC-02",
  "LOC-03",
  "LOC-04",
  "LOC-05",
  "LOC-06",
  "LOC-07",
  "MT-01",
  "MT-06",
  "MT-07",
  "VC-02",
  "HV-01",
  "HV-03",
  "HV-05",
  "HV-06",
];

/** Names of the master target and process server given their IDs, from the fabric. */
export interface ResolvedNames {
  readonly masterTargetName?: string;
  readonly processServerName?: string;
}

function ruleContext(
  raw: Record<string, unknown>,
  site: SiteFacts | undefined,
  names: ResolvedNames,
): RuleContext {
  const flavor = knownString(raw["flavor"]) ?? "vmware";
  const location = knownString(raw["recoveryLocation"]) ?? "original";
  const hyperV = known(raw["hyperV"]) as Record<string, unknown> | undefined;
  // The certificate has its own property; older programs put it inside hyperV.
  const certificate = raw["hyperVEncryptionCertificate"] ?? hyperV?.["encryptionCertificate"];
  const reprotection: RuleReprotectionInputs = {
    ...(names.masterTargetName ? { masterTargetName: names.masterTargetName } : {}),
    ...(names.processServerName ? { processServerName: names.processServerName } : {}),
    ...(knownString(raw["retentionDrive"]) ? { retentionDrive: knownString(raw["retentionDrive"])! } : {}),
    ...(knownString(raw["datastoreName"]) ? { datastoreName: knownString(raw["datastoreName"])! } : {}),
    ...(knownString(raw["runAsAccountName"])
      ? { runAsAccountName: knownString(raw["runAsAccountName"])! }
      : {}),
    ...(location === "alternate" || location === "original" ? { recoveryLocation: location } : {}),
    ...(typeof known(raw["multiVmConsistency"]) === "boolean"
      ? { multiVmConsistency: raw["multiVmConsistency"] as boolean }
      : {}),
    ...(hyperV && typeof hyperV === "object"
      ? {
          hyperV: {
            ...(knownString(hyperV["dataSyncOption"]) === "syncDuringFailover"
              ? { dataSyncOption: "syncDuringFailover" as const }
              : { dataSyncOption: "syncBeforeFailover" as const }),
            ...(typeof known(hyperV["createVmIfNotFound"]) === "boolean"
              ? { createVmIfNotFound: hyperV["createVmIfNotFound"] as boolean }
              : {}),
            // HV-06 reads an empty name as "not given"; an unknown one is not judged.
            ...(known(hyperV["alternateHostName"]) !== undefined || hyperV["alternateHostName"] === undefined
              ? { alternateHostName: knownString(hyperV["alternateHostName"]) ?? "" }
              : {}),
            ...(knownString(hyperV["virtualSwitchName"])
              ? { virtualSwitchName: knownString(hyperV["virtualSwitchName"])! }
              : {}),
            ...(typeof known(hyperV["encryptionEnabled"]) === "boolean"
              ? { encryptionEnabled: hyperV["encryptionEnabled"] as boolean }
              : {}),
            ...(known(certificate) !== undefined || certificate === undefined
              ? { hasEncryptionCertificate: typeof certificate === "string" && certificate.length > 0 }
              : {}),
          },
        }
      : {}),
  };
  const items = knownStrings(raw["protectedItemNames"]);
  return {
    inputs: {
      flavor: flavor === "hyperv" || flavor === "physical" ? flavor : "vmware",
      reprotection,
      ...(items ? { failbackPlan: { items } } : {}),
    },
    ...(site ? { site } : {}),
  };
}

/** Findings of the reprotection rules for these inputs over these site facts. */
export function reprotectionFindings(
  raw: Record<string, unknown>,
  site: SiteFacts | undefined,
  names: ResolvedNames = {},
): Finding[] {
  return runRules(ruleContext(raw, site, names), { ids: REPROTECTION_POLICY_RULES });
}

/** How the rules' property paths map onto the policy's inputs. */
export const findingPaths: FindingPathMapping = {
  prefix: "reprotection",
  renames: {
    "reprotection.masterTargetName": "masterTargetId",
    "reprotection.processServerName": "processServerId",
    "reprotection.hyperV.encryptionCertificate": "hyperVEncryptionCertificate",
    "failbackPlan.items": "protectedItemNames",
  },
};
