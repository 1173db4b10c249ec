/**
 * Judges one answer of the emulator: a 2xx body against the SDK model of its route's operation,
 * an error body against ARM's error contract.
 */
import type { Route } from "../../../emulator/http/router";
import { shapeIssues } from "./mapperValidator";
import { ArmErrorBody, groupsWithoutMappers, siteRecoveryModels } from "./responseModels";

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

/** Judges a status and body answered by `route`. */
export function judge(route: Route, status: number, body: unknown): Verdict {
  if (status >= 400) {
    const parsed = ArmErrorBody.safeParse(body);
    return {
      kind: "checked",
      problems: parsed.success
        ? []
        : parsed.error.issues.map((issue) => `error body ${issue.path.join(".")}: ${issue.message}`),
    };
  }
  const model = modelOf(route);
  if (!model) return { kind: "noMappers" };
  if (body === undefined) return { kind: "checked", problems: status === 200 ? ["200 without a body"] : [] };
  return {
    kind: "checked",
    problems: shapeIssues(body, model).map((issue) => `${model} ${issue.path || "(root)"} ${issue.problem}`),
  };
}
