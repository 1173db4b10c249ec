/**
 * The rule catalogue: every rule by ID, running a selection of them, and reporting the findings.
 */
import { configurationServerRules } from "./configurationServer";
import { failoverRules } from "./failover";
import { hyperVRules } from "./hyperV";
import { locationRules } from "./location";
import { masterTargetRules } from "./masterTarget";
import { modernizedRules } from "./modernized";
import { replicationPathOfContext } from "./modernizedSupport";
import { networkRules } from "./network";
import { processServerRules } from "./processServer";
import { reprotectRules } from "./reprotect";
import { finding } from "./support";
import type { Finding, Rule, RuleArea, RuleContext, RuleId, Severity } from "./types";
import { vcenterRules } from "./vcenter";

/**
 * Classic rules that do not apply to modernized (InMageRcm / InMageRcmFailback) items: the
 * VPN/ExpressRoute checks (MR-33), the process server in Azure and the master target (no such
 * components), the configuration server (none), FO-01 (modernized failback is a planned failover)
 * and RP-02 (`<group>_Failback` protection groups; the catalogue marks this one inferred, and it
 * is only an info finding).
 */
export const classicOnlyRulePrefixes: readonly string[] = ["NET", "PS", "MT", "CS"];
/** Single classic-only rules outside those prefixes (see {@link classicOnlyRulePrefixes}). */
export const classicOnlyRuleIds: readonly RuleId[] = ["FO-01", "RP-02"];

/** A classic-only rule, scoped to the classic path; every other rule unchanged. */
function scopedToPath(rule: Rule): Rule {
  const prefix = rule.id.split("-")[0] ?? "";
  if (!classicOnlyRulePrefixes.includes(prefix) && !classicOnlyRuleIds.includes(rule.id)) return rule;
  return { ...rule, appliesTo: { ...rule.appliesTo, paths: ["classic"] } };
}

/** Every rule, in catalogue order. */
export const allRules: readonly Rule[] = [
  ...[
    ...networkRules,
    ...processServerRules,
    ...masterTargetRules,
    ...vcenterRules,
    ...locationRules,
    ...configurationServerRules,
    ...reprotectRules,
    ...failoverRules,
    ...hyperVRules,
  ].map(scopedToPath),
  ...modernizedRules,
];

/**
 * The catalogue area each rule-ID prefix belongs to; a rule's module is `rules/<area>.ts` and its
 * test cases are `test/unit/rules/cases/<area>.ts`.
 */
export const areaOfRulePrefix: Readonly<Record<string, RuleArea>> = {
  NET: "network",
  PS: "processServer",
  MT: "masterTarget",
  VC: "vcenter",
  LOC: "location",
  CS: "configurationServer",
  RP: "reprotect",
  FO: "failover",
  HV: "hyperV",
  MR: "modernized",
};

/** The area a rule ID files under, from its prefix; undefined for an unknown prefix. */
export function areaOfRuleId(id: string): RuleArea | undefined {
  return areaOfRulePrefix[id.split("-")[0] ?? ""];
}

/** Every rule keyed by its ID. */
export const rulesById: Readonly<Record<RuleId, Rule>> = Object.fromEntries(
  allRules.map((rule) => [rule.id, rule]),
) as Record<RuleId, Rule>;

/** Looks a rule up by ID; undefined for an unknown ID. */
export function getRule(id: string): Rule | undefined {
  return (rulesById as Record<string, Rule | undefined>)[id];
}

/** Which rules {@link runRules} evaluates; all of them when empty. */
export interface RunRulesOptions {
  /** Only these rule IDs. */
  readonly ids?: readonly RuleId[];
  /** Only rules of these areas. */
  readonly areas?: readonly RuleArea[];
}

/**
 * Runs the selected rules over a context and returns every finding of every rule, in catalogue
 * order, never only the first. Rules not meant for the declared flavor are skipped, and so are
 * rules not meant for the replication path the run is on (classic or modernized; a run mixing
 * both runs every rule, and MR-01 refuses it).
 *
 * A rule that throws is a bug in the rule, not a verdict on the site: it is reported as a
 * warning finding of that rule (`internal error: ...`) so one broken rule cannot hide the
 * findings of the others or block an operation on its own.
 */
export function runRules(context: RuleContext, options: RunRulesOptions = {}): Finding[] {
  const ids = options.ids && options.ids.length > 0 ? new Set<string>(options.ids) : undefined;
  const areas = options.areas && options.areas.length > 0 ? new Set<string>(options.areas) : undefined;
  const flavor = context.inputs?.flavor;
  const path = replicationPathOfContext(context);
  const findings: Finding[] = [];
  for (const rule of allRules) {
    if (ids && !ids.has(rule.id)) continue;
    if (areas && !areas.has(rule.area)) continue;
    if (flavor !== undefined && !rule.appliesTo.flavors.includes(flavor)) continue;
    const paths = rule.appliesTo.paths;
    if (paths !== undefined && (path === "classic" || path === "modernized") && !paths.includes(path))
      continue;
    try {
      findings.push(...rule.check(context));
    } catch (error) {
      findings.push(
        finding(rule.id, {
          severity: "warn",
          object: "the rule check",
          cause: `failed with internal error: ${error instanceof Error ? error.message : String(error)}`,
          fix: "report this; the rule was not evaluated",
        }),
      );
    }
  }
  return findings;
}

const severityRank: Record<Severity, number> = { block: 0, warn: 1, info: 2 };

/** Findings that stop the operation (severity `block`). */
export function blockingFindings(findings: readonly Finding[]): Finding[] {
  return findings.filter((candidate) => candidate.severity === "block");
}

/** Whether any finding blocks. */
export function hasBlockingFindings(findings: readonly Finding[]): boolean {
  return findings.some((candidate) => candidate.severity === "block");
}

/**
 * Formats findings as a multi-line report: a summary line, then one line per finding, most severe
 * first (stable within a severity), each `[severity] message`. Empty string for no findings.
 */
export function formatFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "";
  const counts = { block: 0, warn: 0, info: 0 };
  for (const entry of findings) counts[entry.severity] += 1;
  const summary = `${findings.length} failback prerequisite finding${findings.length === 1 ? "" : "s"} (${counts.block} blocking, ${counts.warn} warning, ${counts.info} info):`;
  const lines = [...findings]
    .map((entry, index) => ({ entry, index }))
    .sort(
      (left, right) =>
        severityRank[left.entry.severity] - severityRank[right.entry.severity] || left.index - right.index,
    )
    .map(({ entry }) => `  [${entry.severity}] ${entry.message}`);
  return [summary, ...lines].join("\n");
}
