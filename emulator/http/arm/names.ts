/**
 * Names of resources being created, checked against ARM's naming rules of their kind, as Azure
 * checks them on PUT. Reads need no check: a name that breaks the rules names nothing, and the
 * stores (without prototypes) answer 404 for it like for any other missing name.
 */
import { type ArmNameRule, ArmNameRules, armNameProblem } from "asr-contract";
import { Errors } from "../../errors";

/** The rule of each path parameter that names a created resource; others take ARM's generic rule. */
const RULE_BY_PARAMETER: Readonly<Record<string, ArmNameRule>> = {
  policyName: ArmNameRules.replicationPolicy,
  vmName: ArmNameRules.virtualMachine,
  nicName: ArmNameRules.networkResource,
};

/** The last `{parameter}` of a route pattern: the resource a PUT creates. */
function createdParameter(pattern: string): string | undefined {
  const parameters = [...pattern.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return parameters[parameters.length - 1];
}

/** Refuses a PUT whose created resource's name breaks its kind's rule (400 `InvalidResourceName`). */
export function checkCreatedName(
  method: string,
  pattern: string,
  params: Readonly<Record<string, string>>,
): void {
  if (method !== "PUT") return;
  const parameter = createdParameter(pattern);
  if (parameter === undefined) return;
  const name = params[parameter];
  if (name === undefined) return;
  const problem = armNameProblem(RULE_BY_PARAMETER[parameter] ?? ArmNameRules.siteRecoveryObject, name);
  if (problem !== undefined) throw Errors.invalidResourceName(name, problem);
}
