/**
 * The OData `$filter` dialect Site Recovery's lists take: equality terms joined by `and`
 * (`JobStatus eq 'Failed' and StartTime eq '2025-01-06T08:00:00Z'`). The provider formats it and
 * the emulator parses it, so both live here and one round-trips the other.
 *
 * Site Recovery takes no other OData operators on these lists: its query models
 * (`JobQueryParameter`, `ProtectedItemsQueryParameter` in the SDK) are flat records of strings,
 * and Az PowerShell sends them as `Name eq 'value'` terms. A range of times is two `eq` terms
 * (`StartTime` = from, `EndTime` = up to), not `ge` / `le`.
 */

/** Properties `ReplicationJobs_List` filters on (the fields of the SDK's `JobQueryParameter`). */
export const JOB_FILTER_PROPERTIES = [
  "StartTime",
  "EndTime",
  "JobStatus",
  "AffectedObjectTypes",
  "FabricId",
  "JobName",
] as const;

/** A property of {@link JOB_FILTER_PROPERTIES}. */
export type JobFilterProperty = (typeof JOB_FILTER_PROPERTIES)[number];

/**
 * Properties the vault-level `ReplicationProtectedItems_List` filters on (of the SDK's
 * `ProtectedItemsQueryParameter`, the ones a failback needs).
 */
export const PROTECTED_ITEM_FILTER_PROPERTIES = ["sourceFabricName", "sourceFabricLocation"] as const;

/** A property of {@link PROTECTED_ITEM_FILTER_PROPERTIES}. */
export type ProtectedItemFilterProperty = (typeof PROTECTED_ITEM_FILTER_PROPERTIES)[number];

/** One `property eq 'value'` term, the value unquoted. */
export interface ODataFilterTerm {
  /** Property name as written (the service compares names case-insensitively). */
  readonly property: string;
  /** The literal, with `''` already read back as `'`. */
  readonly value: string;
}

/** A `$filter` this dialect cannot read; the message quotes the filter and names the position. */
export class ODataFilterError extends Error {
  override readonly name = "ODataFilterError";
}

/**
 * Formats terms as a `$filter`, in the order given; `undefined` values are left out. Answers
 * `undefined` when no term is left (send no `$filter` at all rather than an empty one).
 */
export function formatODataFilter(terms: Readonly<Record<string, string | undefined>>): string | undefined {
  const parts = Object.entries(terms)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([property, value]) => `${property} eq '${value.replaceAll("'", "''")}'`);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}

type Token =
  | { readonly kind: "word"; readonly text: string; readonly at: number }
  | { readonly kind: "string"; readonly text: string; readonly at: number };

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < filter.length) {
    const char = filter[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === "'") {
      const at = index;
      let text = "";
      index++;
      for (;;) {
        if (index >= filter.length) throw syntax(filter, at, "a string that is never closed");
        if (filter[index] === "'") {
          // OData escapes a quote inside a literal by doubling it.
          if (filter[index + 1] === "'") {
            text += "'";
            index += 2;
            continue;
          }
          index++;
          break;
        }
        text += filter[index];
        index++;
      }
      tokens.push({ kind: "string", text, at });
    } else if (/[A-Za-z_]/.test(char)) {
      const at = index;
      while (index < filter.length && /[A-Za-z0-9_/]/.test(filter[index]!)) index++;
      tokens.push({ kind: "word", text: filter.slice(at, index), at });
    } else {
      throw syntax(filter, index, `'${char}'`);
    }
  }
  return tokens;
}

function syntax(filter: string, at: number, found: string): ODataFilterError {
  return new ODataFilterError(`invalid $filter '${filter}': ${found} at position ${at}`);
}

/**
 * Parses `property eq 'value' [and property eq 'value' …]`. Keywords are case-insensitive, as in
 * OData. Anything else (other operators, `or`, `not`, parentheses, unquoted literals) throws an
 * {@link ODataFilterError}; which properties a list accepts is the caller's to judge.
 */
export function parseODataFilter(filter: string): ODataFilterTerm[] {
  const tokens = tokenize(filter);
  if (tokens.length === 0) throw new ODataFilterError(`invalid $filter '${filter}': it has no term`);
  const terms: ODataFilterTerm[] = [];
  let index = 0;
  const expect = (kind: Token["kind"], what: string, keyword?: string): Token => {
    const token = tokens[index];
    if (!token) throw syntax(filter, filter.length, `the end where ${what} belongs`);
    if (token.kind !== kind || (keyword && token.text.toLowerCase() !== keyword))
      throw syntax(filter, token.at, `'${token.text}' where ${what} belongs`);
    index++;
    return token;
  };
  for (;;) {
    const property = expect("word", "a property name");
    expect("word", "'eq'", "eq");
    const value = expect("string", "a quoted value");
    terms.push({ property: property.text, value: value.text });
    if (index === tokens.length) return terms;
    expect("word", "'and'", "and");
  }
}
