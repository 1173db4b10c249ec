/**
 * The process server rules over a ProcessServer's inputs (unknown values are not judged) and the
 * site facts.
 */
import { runRules } from "../../rules/catalogue";
import type {
  Finding,
  RuleContext,
  RuleId,
  ProcessServerInputs as RuleProcessServerInputs,
  SiteFacts,
} from "../../rules/types";
import { knownNumber, knownString } from "../common";

/** The rules this resource enforces. */
export const PROCESS_SERVER_RULES: readonly RuleId[] = [
  "NET-01",
  "NET-02",
  "NET-03",
  "NET-04",
  "NET-05",
  "NET-06",
  "PS-01",
  "PS-03",
  "PS-04",
];

function ruleInputs(raw: Record<string, unknown>): RuleProcessServerInputs {
  const placement = knownString(raw["placement"]) ?? "azure";
  const name = knownString(raw["processServerName"]);
  const virtualNetworkId = knownString(raw["virtualNetworkId"]);
  const subnetName = knownString(raw["subnetName"]);
  const staticIpAddress = knownString(raw["staticIpAddress"]);
  const control = knownNumber(raw["controlPort"]);
  const data = knownNumber(raw["dataPort"]);
  return {
    ...(name ? { name } : {}),
    location: placement === "onPremises" ? "onPremises" : "azure",
    // An adopted server is not placed by us; NET-05 judges only what we deploy.
    ...(raw["adoptExisting"] === true ? {} : { ...(virtualNetworkId ? { virtualNetworkId } : {}) }),
    ...(raw["adoptExisting"] === true ? {} : { ...(subnetName ? { subnetName } : {}) }),
    ...(raw["adoptExisting"] === true ? {} : { ...(staticIpAddress ? { staticIpAddress } : {}) }),
    ...(control !== undefined ? { configurationServerControlPort: control } : {}),
    ...(data !== undefined ? { configurationServerDataPort: data } : {}),
  };
}

function ruleContext(raw: Record<string, unknown>, site: SiteFacts | undefined): RuleContext {
  const flavor = knownString(raw["flavor"]);
  return {
    inputs: {
      flavor: flavor === "hyperv" || flavor === "physical" ? flavor : "vmware",
      processServer: ruleInputs(raw),
    },
    ...(site ? { site } : {}),
  };
}

/**
 * Findings of the process server rules. PS-01 is raised to blocking here: declaring a process
 * server for Hyper-V is a mistake in the program, and this resource would deploy a useless VM.
 */
export function processServerFindings(raw: Record<string, unknown>, site: SiteFacts | undefined): Finding[] {
  return runRules(ruleContext(raw, site), { ids: PROCESS_SERVER_RULES }).map((entry) =>
    entry.ruleId === "PS-01" ? { ...entry, severity: "block" as const } : entry,
  );
}
