/**
 * Names of protected items given as a resource's input, checked against the items the site
 * reports: a name that is not a protected item is a typo or a machine that was never protected,
 * and every rule about "its" machines would silently judge none.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProtectedItemFacts } from "../../rules/types";
import { formatPropertyPath } from "./checkFailures";
import { isUnknown, known } from "./unknowns";

/** How many known names a message lists before it elides the rest. */
const MAX_NAMES_SHOWN = 10;

/**
 * One failure per entry of `raw[property]` that names no protected item of `fabricName`
 * (compared without regard to case, as ARM compares names). Unknown entries are not judged.
 */
export function unknownItemFailures(
  raw: Record<string, unknown>,
  property: string,
  items: readonly ProtectedItemFacts[] | undefined,
  fabricName: string,
): pulumi.dynamic.CheckFailure[] {
  const names = known(raw[property]);
  if (!Array.isArray(names) || items === undefined) return [];
  const reported = new Set(items.map((item) => item.name.toLowerCase()));
  const sorted = items.map((item) => item.name).sort();
  const shown =
    sorted.length > MAX_NAMES_SHOWN ? `${sorted.slice(0, MAX_NAMES_SHOWN).join(", ")}, …` : sorted.join(", ");
  return names.flatMap((name, index) => {
    if (isUnknown(name) || typeof name !== "string" || reported.has(name.toLowerCase())) return [];
    const path = formatPropertyPath([property, index]);
    return [
      {
        property: path,
        reason: `${path}: ${name} is not a protected item of fabric ${fabricName}; name a machine protected there (known: ${shown || "none"})`,
      },
    ];
  });
}
