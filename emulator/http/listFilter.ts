/**
 * The `$filter` of a list request, read with the contract's parser and checked against the
 * properties the list declares (a zod schema per property, so a time is a time and a state is a
 * state). A filter the list cannot honour is refused with 400 rather than ignored: answering the
 * whole collection to a filter it did not understand would look like a filter that matched.
 */
import { ODataFilterError, parseODataFilter } from "asr-contract";
import { z } from "zod";
import { Errors } from "../errors";
import type { EmulatorRequest } from "./context";

/** The properties a list filters on: canonical name → schema of the value (a string on the wire). */
export type FilterShape = Readonly<Record<string, z.ZodType<unknown, string>>>;

/** The terms of a filter, typed by the shape; a property the filter leaves out is absent. */
export type ListFilter<Shape extends FilterShape> = {
  readonly [Property in keyof Shape]?: z.output<Shape[Property]>;
};

/**
 * The request's `$filter` read against `shape`; an absent or empty `$filter` is no filter (`{}`).
 * Property names match case-insensitively (the service's own examples mix `JobStatus` and
 * `jobStatus`). Refuses with `InvalidFilterInQueryString` a filter that does not parse, names a
 * property outside the shape, names one twice or holds a value its schema rejects.
 */
export function readListFilter<Shape extends FilterShape>(
  request: EmulatorRequest,
  shape: Shape,
): ListFilter<Shape> {
  const filter = request.query.get("$filter")?.trim();
  if (!filter) return {};
  let terms: ReturnType<typeof parseODataFilter>;
  try {
    terms = parseODataFilter(filter);
  } catch (error) {
    if (error instanceof ODataFilterError) throw Errors.invalidFilter(filter, error.message);
    throw error;
  }
  const names = Object.keys(shape);
  const raw: Record<string, string> = {};
  for (const term of terms) {
    const name = names.find((candidate) => candidate.toLowerCase() === term.property.toLowerCase());
    if (!name)
      throw Errors.invalidFilter(
        filter,
        `this list does not filter on '${term.property}'; it filters on ${names.join(", ")}`,
      );
    if (name in raw) throw Errors.invalidFilter(filter, `'${name}' is given twice`);
    raw[name] = term.value;
  }
  const result = z.object(shape).partial().safeParse(raw);
  if (result.success) return result.data as ListFilter<Shape>;
  const reasons = result.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  throw Errors.invalidFilter(filter, reasons.join("; "));
}
