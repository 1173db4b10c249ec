/**
 * Generic diff of declared inputs: which properties changed, and which of those force a
 * replacement according to the list declared beside each resource's schema (never hand-coded).
 */
import type * as pulumi from "@pulumi/pulumi";
import { containsUnknown } from "./unknowns";

/** Options of {@link diffInputs}. */
export interface DiffOptions {
  /** The resource's input property names (the schema's keys); other keys in `olds` are outputs. */
  readonly inputKeys: readonly string[];
  /**
   * Input paths whose change forces a replacement: top-level names (`virtualNetworkId`) or dotted
   * paths into objects (`hyperV.alternateHostName`).
   */
  readonly replaceOnChanges: readonly string[];
  /** Input paths never compared (e.g. timeouts that only affect how long the provider waits). */
  readonly ignore?: readonly string[];
  /** Delete the old object before creating its replacement (names or addresses must be free). */
  readonly deleteBeforeReplace?: boolean;
}

/** Deep equality of JSON-like values (key order ignored; `undefined` members equal absent ones). */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((value, index) => deepEqual(value, right[index]));
  }
  if (left !== null && right !== null && typeof left === "object" && typeof right === "object") {
    const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
    for (const key of keys) {
      if (!deepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]))
        return false;
    }
    return true;
  }
  return false;
}

function valueAt(root: unknown, path: string): unknown {
  let cursor = root;
  for (const key of path.split(".")) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[key];
  }
  return cursor;
}

/** Whether the value at `path` differs, counting an unknown new value as a change. */
function changedAt(olds: unknown, news: unknown, path: string): boolean {
  const next = valueAt(news, path);
  if (containsUnknown(next)) return true;
  return !deepEqual(valueAt(olds, path), next);
}

/**
 * Compares old and new inputs. `changes` is true when any compared input differs (an input that
 * is unknown during preview counts as changed), `replaces` lists the declared replace-forcing
 * paths that changed, in declaration order.
 */
export function diffInputs(
  olds: Record<string, unknown> | undefined,
  news: Record<string, unknown> | undefined,
  options: DiffOptions,
): pulumi.dynamic.DiffResult {
  const ignored = new Set(options.ignore ?? []);
  const previous = olds ?? {};
  const next = news ?? {};
  const changedKeys = options.inputKeys.filter((key) => !ignored.has(key) && changedAt(previous, next, key));
  const replaces = options.replaceOnChanges.filter(
    (path) =>
      !ignored.has(path) && changedKeys.includes(path.split(".")[0]!) && changedAt(previous, next, path),
  );
  const stables = options.inputKeys.filter((key) => !changedKeys.includes(key));
  return {
    changes: changedKeys.length > 0,
    replaces,
    stables,
    deleteBeforeReplace: replaces.length > 0 && options.deleteBeforeReplace === true,
  };
}
