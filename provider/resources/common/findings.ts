/**
 * From rule findings to what `check` reports: blocking findings become check failures (so
 * `pulumi preview` fails and lists every one), warnings and info become lines. The rule ID leads
 * every message.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Finding } from "../../rules/types";
import { ROOT_PROPERTY } from "./checkFailures";
import { reportInfo, reportWarning } from "./progress";

/** How a finding's `propertyPath` (`reprotection.retentionDrive`) maps onto this resource's inputs. */
export interface FindingPathMapping {
  /** Prefix of the rules' property paths that belong to this resource (`reprotection`). */
  readonly prefix: string;
  /** Specific renames from the rule's path to the input's (`reprotection.masterTargetName` → `masterTargetId`). */
  readonly renames?: Readonly<Record<string, string>>;
  /** Top-level inputs of this resource that rules name by the same path (`modernized.datastoreName`). */
  readonly ownPaths?: readonly string[];
}

/** Findings split by what `check` does with them. */
export interface FindingReport {
  /** Blocking findings as check failures; the reason is the finding's message (`MT-02: ...`). */
  readonly failures: pulumi.dynamic.CheckFailure[];
  /** Warning and info messages, each starting with its rule ID. */
  readonly notes: { readonly severity: "warn" | "info"; readonly message: string }[];
}

/** The resource input a finding is about, or the root when it names none of this resource's. */
export function findingProperty(finding: Finding, mapping: FindingPathMapping): string {
  const path = finding.propertyPath;
  if (path === undefined) return ROOT_PROPERTY;
  const renamed = mapping.renames?.[path];
  if (renamed !== undefined) return renamed;
  if (mapping.ownPaths?.some((own) => path === own || path.startsWith(`${own}.`))) return path;
  if (path === mapping.prefix) return ROOT_PROPERTY;
  if (path.startsWith(`${mapping.prefix}.`)) return path.slice(mapping.prefix.length + 1);
  return ROOT_PROPERTY;
}

/** Splits findings; a message lacking its rule ID (never expected) gets it prepended. */
export function reportFindings(findings: readonly Finding[], mapping: FindingPathMapping): FindingReport {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const notes: { severity: "warn" | "info"; message: string }[] = [];
  const seen = new Set<string>();
  for (const finding of findings) {
    const message = finding.message.startsWith(`${finding.ruleId}:`)
      ? finding.message
      : `${finding.ruleId}: ${finding.message}`;
    if (seen.has(`${finding.severity}:${message}`)) continue;
    seen.add(`${finding.severity}:${message}`);
    if (finding.severity === "block")
      failures.push({ property: findingProperty(finding, mapping), reason: message });
    else notes.push({ severity: finding.severity, message });
  }
  return { failures, notes };
}

/** Writes the warning and info lines of a report. */
export function emitNotes(report: FindingReport): void {
  for (const note of report.notes) {
    if (note.severity === "warn") reportWarning(note.message);
    else reportInfo(note.message);
  }
}
