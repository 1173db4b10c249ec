/**
 * Deterministic GUIDs for world objects. Site Recovery names most objects by GUID; deriving them
 * from names keeps IDs stable across restarts and identical between runs of the same scenario.
 */
import { createHash } from "node:crypto";

/**
 * GUIDs already derived. Every response about an object derives its GUIDs again, and hashing was
 * a tenth of the emulator's time at a thousand VMs; the world's names are few, and the cache is
 * emptied when it reaches {@link GUID_CACHE_LIMIT} so that arbitrary names cannot grow it.
 */
const derivedGuids = new Map<string, string>();
const GUID_CACHE_LIMIT = 100_000;

/** A GUID-formatted string derived from the given parts (same parts → same GUID). */
export function guidFrom(...parts: readonly (string | number)[]): string {
  const key = parts.join("\u0000");
  const known = derivedGuids.get(key);
  if (known !== undefined) return known;
  const hex = createHash("sha256").update(key).digest("hex");
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  if (derivedGuids.size >= GUID_CACHE_LIMIT) derivedGuids.clear();
  derivedGuids.set(key, guid);
  return guid;
}

/** A number in [min, max] derived from the given parts, for per-object delays that must be stable. */
export function stableNumberBetween(
  min: number,
  max: number,
  ...parts: readonly (string | number)[]
): number {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const fraction = Number.parseInt(hex.slice(0, 8), 16) / 0xffffffff;
  return min + fraction * (max - min);
}
