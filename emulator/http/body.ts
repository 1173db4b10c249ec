/**
 * Request bodies checked against a zod schema declared beside the route that takes them. A body
 * that does not match is refused with ARM's `InvalidRequestContent` (400) naming each property
 * path and what is wrong with it.
 */
import type { z } from "zod";
import { Errors } from "../errors";
import type { EmulatorRequest } from "./context";

/** `properties.ipConfigurations[0].subnet` from a zod issue path. */
export function propertyPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === "number" ? `[${key}]` : index === 0 ? String(key) : `.${String(key)}`,
    )
    .join("");
}

function reason(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type")
    return issue.input === undefined
      ? "is required"
      : `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`;
  return issue.message;
}

/** The request body parsed with `schema`; refuses the request when it does not match. */
export function parseBody<Schema extends z.ZodType>(
  request: EmulatorRequest,
  schema: Schema,
): z.output<Schema> {
  const result = schema.safeParse(request.body, { reportInput: true });
  if (result.success) return result.data;
  const reasons = result.error.issues.map((issue) => {
    const path = propertyPath(issue.path);
    return path ? `${path} ${reason(issue)}` : `the body ${reason(issue)}`;
  });
  throw Errors.invalidRequestBody(reasons.join("; "));
}
