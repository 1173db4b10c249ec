/**
 * The shared shape of every resource's `check`: validate the inputs with the resource's zod
 * schema, run the static prerequisite rules from the inputs alone, then (unless live checks are
 * skipped) the live rules over cached site reads, and report every finding of all of them
 * together. Values unknown during preview are never judged.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { liveChecksSkipped, ProviderConfigKeys, SKIP_LIVE_CHECKS_VARIABLE } from "../../config";
import type { Finding } from "../../rules/types";
import { ROOT_PROPERTY, validateInputs } from "./checkFailures";
import { emitNotes, type FindingPathMapping, reportFindings } from "./findings";
import { withoutProviderKey } from "./resource";
import { withoutSecretValues } from "./secretFailures";

/** What a resource plugs into {@link runCheck}. */
export interface CheckSpec<S extends z.ZodType> {
  /** The strict input schema. */
  readonly schema: S;
  /** How rule property paths map onto the resource's inputs. */
  readonly findingPaths: FindingPathMapping;
  /**
   * Paths of the secret inputs (`adminPassword`, `hyperV`): failures about them never name the
   * property, so the engine prints no value (see {@link withoutSecretValues}).
   */
  readonly secretPaths?: readonly string[];
  /**
   * Rules that need no live read. Gets the raw inputs (unknowns included: read them with
   * `known`) and the parsed inputs when they are fully valid.
   */
  staticFindings?(raw: Record<string, unknown>, parsed: z.output<S> | undefined): Finding[];
  /**
   * Rules over the live site. Called only when the inputs are valid and live checks are on; the
   * raw inputs may still hold unknowns. May add its own check failures (e.g. a fabric that does
   * not exist).
   */
  liveFindings?(
    raw: Record<string, unknown>,
    parsed: z.output<S> | undefined,
  ): Promise<{ findings: Finding[]; failures?: pulumi.dynamic.CheckFailure[] }>;
}

/** The message when the site cannot be read during `check`. */
export function liveReadFailure(error: unknown): pulumi.dynamic.CheckFailure {
  const cause = error instanceof Error ? error.message : String(error);
  return {
    property: ROOT_PROPERTY,
    reason: `live prerequisite checks could not read the site: ${cause}; fix the connection and configuration, or set ${ProviderConfigKeys.skipLiveChecks} (or ${SKIP_LIVE_CHECKS_VARIABLE}=true) for an offline preview`,
  };
}

/**
 * Runs a resource's check. Returns the validated inputs (defaults applied) when they are fully
 * known and valid, the given ones otherwise, and all failures. Never throws.
 */
export async function runCheck<S extends z.ZodType>(
  spec: CheckSpec<S>,
  news: Record<string, unknown> | undefined,
): Promise<pulumi.dynamic.CheckResult> {
  const raw = withoutProviderKey(news);
  const { data, failures } = validateInputs(spec.schema, raw);
  const findings: Finding[] = [];
  try {
    findings.push(...(spec.staticFindings?.(raw, data) ?? []));
  } catch (error) {
    failures.push({
      property: ROOT_PROPERTY,
      reason: `internal error: static prerequisite checks failed (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  // Live rules only make sense over inputs that passed validation (or are merely not known yet).
  if (failures.length === 0 && spec.liveFindings && !liveChecksSkipped()) {
    try {
      const live = await spec.liveFindings(raw, data);
      findings.push(...live.findings);
      failures.push(...(live.failures ?? []));
    } catch (error) {
      failures.push(liveReadFailure(error));
    }
  }
  const report = reportFindings(findings, spec.findingPaths);
  emitNotes(report);
  failures.push(...report.failures);
  const inputs = data !== undefined ? { ...raw, ...(data as Record<string, unknown>) } : raw;
  const safeFailures = withoutSecretValues(failures, spec.secretPaths ?? []);
  return safeFailures.length > 0 ? { inputs, failures: safeFailures } : { inputs };
}
