/**
 * From zod issues to Pulumi check failures: one failure per problem, each naming the property in
 * the engine's path syntax (`items[2].name`), so `pulumi preview` points at what to fix.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { isUnknownAt } from "./unknowns";

/** `["items", 2, "name"]` → `items[2].name`; keys that are not identifiers are quoted: `tags["a b"]`. */
export function formatPropertyPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else if (typeof key === "symbol") text += `[${String(key.description ?? "symbol")}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) text += text.length === 0 ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}

/** Joins a prefix and a path (`hyperV` + `alternateHostName` → `hyperV.alternateHostName`). */
export function joinPropertyPath(prefix: string, path: string): string {
  if (prefix.length === 0) return path;
  if (path.length === 0) return prefix;
  return path.startsWith("[") ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** The property name of the whole input object, used when an issue has no path. */
export const ROOT_PROPERTY = "";

function issueFailures(issue: z.core.$ZodIssue): pulumi.dynamic.CheckFailure[] {
  const base = formatPropertyPath(issue.path as PropertyKey[]);
  if (issue.code === "unrecognized_keys") {
    // One failure per key so each misspelt property is named where it is.
    return issue.keys.map((key) => ({
      property: joinPropertyPath(base, formatPropertyPath([key])),
      reason: `unknown property "${key}"; check its spelling against the resource's arguments`,
    }));
  }
  // zod's messages describe types and constraints, never the rejected value, so they are safe
  // for secret properties too.
  const property = base.length > 0 ? base : ROOT_PROPERTY;
  return [{ property, reason: `${property || "inputs"}: ${lowerFirst(issue.message)}` }];
}

/** zod's "Invalid input" reads on after the path; a message led by a rule ID keeps it as written. */
function lowerFirst(text: string): string {
  if (/^[A-Z]+-\d+:/.test(text)) return text;
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

/**
 * Turns zod issues into check failures. Issues about values that are unknown during preview
 * (pass `inputs` to filter them) are dropped: they are not the user's mistake. Never throws.
 */
export function checkFailuresFromIssues(
  issues: readonly z.core.$ZodIssue[],
  inputs?: unknown,
): pulumi.dynamic.CheckFailure[] {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  for (const issue of issues) {
    try {
      if (inputs !== undefined && isUnknownAt(inputs, issue.path as PropertyKey[])) continue;
      failures.push(...issueFailures(issue));
    } catch (error) {
      failures.push({
        property: ROOT_PROPERTY,
        reason: `internal error: could not describe a validation issue (${error instanceof Error ? error.message : String(error)})`,
      });
    }
  }
  return failures;
}

/**
 * Validates `inputs` against a zod schema. Returns the parsed value when there is no issue (or
 * only issues about unknown values, in which case `data` is undefined) and the failures.
 */
export function validateInputs<S extends z.ZodType>(
  schema: S,
  inputs: unknown,
): { data: z.output<S> | undefined; failures: pulumi.dynamic.CheckFailure[] } {
  let result: ReturnType<S["safeParse"]>;
  try {
    result = schema.safeParse(inputs) as ReturnType<S["safeParse"]>;
  } catch (error) {
    return {
      data: undefined,
      failures: [
        {
          property: ROOT_PROPERTY,
          reason: `internal error: validation failed (${error instanceof Error ? error.message : String(error)})`,
        },
      ],
    };
  }
  if (result.success) return { data: result.data as z.output<S>, failures: [] };
  return { data: undefined, failures: checkFailuresFromIssues(result.error.issues, inputs) };
}
