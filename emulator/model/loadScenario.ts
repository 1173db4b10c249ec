/**
 * Reading a scenario: YAML text → validated {@link Scenario}, with every problem named by its
 * path (`masterTargets[1].retentionVolumes[0].fileSystem: Invalid enum value ...`).
 */
import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { Scenario, type ScenarioInput } from "./scenario";

/** A scenario that does not validate. `issues` lists `path: message`, one per problem. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid scenario ${source}:\n  ${issues.join("\n  ")}`);
  }
}

/** Formats a zod issue path as `a[1].b.c`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text.length === 0 ? String(key) : `.${String(key)}`;
  }
  return text.length === 0 ? "(root)" : text;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_value") {
    const options = issue.values.map((value) => JSON.stringify(value)).join(" | ");
    return `Invalid enum value. Expected ${options}`;
  }
  if (issue.code === "unrecognized_keys") {
    return `Unrecognized key(s): ${issue.keys.join(", ")}`;
  }
  return issue.message;
}

/** Validates an already parsed scenario object. */
export function validateScenario(input: unknown, source = "(inline)"): Scenario {
  const result = Scenario.safeParse(input);
  if (!result.success) {
    throw new ScenarioError(
      source,
      result.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${describeIssue(issue)}`),
    );
  }
  return result.data;
}

/** Parses and validates scenario YAML text. */
export function parseScenario(text: string, source = "(inline)"): Scenario {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof YAMLParseError ? error.message : String(error);
    throw new ScenarioError(source, [`(yaml): ${reason}`]);
  }
  return validateScenario(document, source);
}

/** Reads, parses and validates a scenario file. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ScenarioError(path, [`(file): cannot read: ${(error as Error).message}`]);
  }
  return parseScenario(text, path);
}

/** Accepts a scenario given as a file path, YAML text wrapper or object. */
export type ScenarioSource = { file: string } | { yaml: string } | { object: ScenarioInput | Scenario };

/** Loads a scenario from any {@link ScenarioSource}. */
export function loadScenario(source: ScenarioSource): Scenario {
  if ("file" in source) return loadScenarioFile(source.file);
  if ("yaml" in source) return parseScenario(source.yaml);
  return validateScenario(source.object);
}
