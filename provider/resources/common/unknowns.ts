/**
 * Unknown values: during `pulumi preview` an input computed from another resource's output reaches
 * the dynamic provider as a sentinel string. Validation and rules must treat it as "not known
 * yet", never as a wrong value.
 */

/** The sentinel the Pulumi engine sends for a value not known until apply. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Whether `value` is the unknown sentinel. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN_VALUE;
}

/** Whether `value` is, or contains anywhere, an unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** `value` when it is known, else `undefined` (rules read undefined as "do not judge"). */
export function known<T>(value: T): T | undefined {
  return isUnknown(value) ? undefined : value;
}

/** `value` when it is a known string, else `undefined`. */
export function knownString(value: unknown): string | undefined {
  const candidate = known(value);
  return typeof candidate === "string" ? candidate : undefined;
}

/** `value` when it is a known number, else `undefined`. */
export function knownNumber(value: unknown): number | undefined {
  const candidate = known(value);
  return typeof candidate === "number" ? candidate : undefined;
}

/** `value` when it is a list of known strings, else `undefined` (one unknown entry is enough). */
export function knownStrings(value: unknown): string[] | undefined {
  const list = known(value);
  if (!Array.isArray(list) || list.some((entry) => knownString(entry) === undefined)) return undefined;
  return list as string[];
}

/**
 * Whether the value at `path` inside `root`, or any value on the way to it, is unknown: a zod
 * issue about such a place says nothing about what the user wrote.
 */
export function isUnknownAt(root: unknown, path: readonly PropertyKey[]): boolean {
  let cursor: unknown = root;
  if (isUnknown(cursor)) return true;
  for (const key of path) {
    if (cursor === null || typeof cursor !== "object") return false;
    cursor = (cursor as Record<PropertyKey, unknown>)[key];
    if (isUnknown(cursor)) return true;
  }
  return false;
}
