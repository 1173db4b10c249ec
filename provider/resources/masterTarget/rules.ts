/**
 * The master target rules over a MasterTarget's inputs (unknown values are not judged) and the
 * site facts.
 */
import { runRules } from "../../rules/catalogue";
import type { Finding, RuleContext, RuleId, SiteFacts } from "../../rules/types";
import { known } from "../common";

/** The rules this resource enforces. */
export const MASTER_TARGET_RULES: readonly RuleId[] = [
  "MT-01",
  "MT-02",
  "MT-03",
  "MT-04",
  "MT-05",
  "MT-07",
  "MT-08",
  "MT-09",
  "VC-01",
  "VC-02",
  "VC-03",
  "VC-04",
  "VC-05",
  "CS-01",
];

function ruleContext(inputs: Record<string, unknown>, site: SiteFacts | undefined): RuleContext {
  const names = known(inputs["protectedItemNames"]);
  const items =
    Array.isArray(names) && !names.some((name) => known(name) === undefined)
      ? (names as string[])
      : undefined;
  const flavor = known(inputs["flavor"]);
  return {
    inputs: {
      flavor: flavor === "physical" ? "physical" : "vmware",
      masterTarget: {
        ...(typeof known(inputs["masterTargetName"]) === "string"
          ? { name: inputs["masterTargetName"] as string }
          : {}),
        ...(known(inputs["osType"]) === "windows" || known(inputs["osType"]) === "linux"
          ? { expectedOsType: inputs["osType"] as "windows" | "linux" }
          : {}),
      },
      ...(items ? { failbackPlan: { items } } : {}),
    },
    ...(site ? { site } : {}),
  };
}

/** Findings of the master target rules for these inputs over these site facts. */
export function masterTargetFindings(
  inputs: Record<string, unknown>,
  site: SiteFacts | undefined,
): Finding[] {
  return runRules(ruleContext(inputs, site), { ids: MASTER_TARGET_RULES });
}
