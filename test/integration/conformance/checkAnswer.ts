/**
 * Judges one answer of the emulator: a 2xx body against the SDK model of its route's operation,
 * an operation status against ARM's async operation contract, an error body against ARM's error
 * contract.
 */

import type { z } from "zod";
import { shapeIssues } from "../../../emulator/http/arm/sdkModels";
import type { Route } from "../../../emulator/http/router";
import {
  ArmErrorBody,
  groupsWithoutMappers,
  OperationStatusBody,
  siteRecoveryModels,
} from "./responseModels";

/** How an answer was judged. */
export type Verdict =
  | { readonly kind: "checked"; readonly problems: readonly string[] }
  | { readonly kind: "noMappers" };

/** The SDK model a 2xx answer of `route` must match; `undefined` when no SDK describes it. */
export function modelOf(route: Route): string | undefined {
  const [group, operation = ""] = route.operation.split("_");
  const models = siteRecoveryModels[group!];
  if (models) return operation.startsWith("List") ? models.collection : models.item;
  if (groupsWithoutMappers.has(group!)) return undefined;
  throw new Error(`${route.operation} (${route.method} ${route.pattern}) has no declared response model`);
}

/** The problems of a body against a zod schema of ARM's contract. */
function zodProblems(schema: z.ZodType, body: unknown, what: string): string[] {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${what} ${issue.path.join(".")}: ${issue.message}`);
}

/**
 * Judges a status and body answered by `route`. A 2xx body is judged against `model` when given
 * (the final result at `Location` is the object the operation produced), else against the route's.
 */
export function judge(route: Route, status: number, body: unknown, model = modelOf(route)): Verdict {
  if (status >= 400) return { kind: "checked", problems: zodProblems(ArmErrorBody, body, "error body") };
  // The status URL answers ARM's async operation contract, which the SDK's models do not describe.
  if (route.operation === "OperationStatus_Get")
    return { kind: "checked", problems: zodProblems(OperationStatusBody, body, "operation status") };
  if (!model) return { kind: "noMappers" };
  if (body === undefined) return { kind: "checked", problems: status === 200 ? ["200 without a body"] : [] };
  return {
    kind: "checked",
    problems: shapeIssues(body, model).map((issue) => `${model} ${issue.path || "(root)"} ${issue.problem}`),
  };
}
