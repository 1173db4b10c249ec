/**
 * zod schemas for names that end up in ARM request paths. They apply ARM's naming rules (shared
 * with the emulator) in `check`, so a name Azure would refuse, or one so long that the request
 * line itself is refused (HTTP 431), fails preview with its property path instead.
 */
import { type ArmNameRule, ArmNameRules, armIdName, armNameProblem } from "asr-contract";
import { z } from "zod";
import { isUnknown } from "./unknowns";

/** A name of the kind `rule` describes (`armName(ArmNameRules.resourceGroup)`). */
export function armName(rule: ArmNameRule) {
  return z.string().superRefine((value, context) => {
    const problem = armNameProblem(rule, value);
    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });
}

/** A resource group name: 1-90 letters, digits, `_-.()`, not ending in a period. */
export const ResourceGroupName = armName(ArmNameRules.resourceGroup);

/** The name of a Site Recovery object (fabric, container, item, mapping, plan). */
export const SiteRecoveryName = armName(ArmNameRules.siteRecoveryObject);

/** The host name a registered server (master target) is reported under. */
export const MachineName = armName(ArmNameRules.machineName);

/**
 * Longest ARM ID accepted as a reference. ARM publishes no limit; this is inferred from the
 * request-line limits of its front door, far above any real Site Recovery item's ID.
 */
export const MAX_ARM_ID_LENGTH = 2048;

/** The name a reference ends in (the last segment of an ARM ID, or the name), or why it has none. */
function referenceProblem(reference: string): string | undefined {
  if (!reference.startsWith("/")) return armNameProblem(ArmNameRules.siteRecoveryObject, reference);
  if (reference.length > MAX_ARM_ID_LENGTH)
    return `is an ARM ID of ${reference.length} characters; at most ${MAX_ARM_ID_LENGTH} are accepted`;
  let name: string;
  try {
    name = armIdName(reference);
  } catch {
    return "is not a valid ARM ID: a segment is not percent-encoded correctly";
  }
  return armNameProblem(ArmNameRules.siteRecoveryObject, name);
}

/** A Site Recovery object given by name or ARM ID; the name it ends in follows ARM's rules. */
export const SiteRecoveryReference = z.string().superRefine((value, context) => {
  const problem = referenceProblem(value);
  if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
});

/**
 * The key under which two references name the same item: the name they end in, lower-cased,
 * because ARM compares names without regard to case.
 */
export function referenceKey(reference: string): string {
  try {
    return (reference.startsWith("/") ? armIdName(reference) : reference).toLowerCase();
  } catch {
    return reference.toLowerCase();
  }
}

/** The first two entries naming the same item, by index; values not known yet are skipped. */
export function firstDuplicate(
  references: readonly string[],
): { first: number; second: number; name: string } | undefined {
  const seen = new Map<string, number>();
  for (const [index, reference] of references.entries()) {
    if (isUnknown(reference)) continue;
    const key = referenceKey(reference);
    const first = seen.get(key);
    if (first !== undefined) return { first, second: index, name: reference };
    seen.set(key, index);
  }
  return undefined;
}

/**
 * Adds an issue at `property` when two of its entries name the same item (also by case, or once
 * by name and once by ARM ID): the item would be acted on, or judged, twice.
 */
export function refuseDuplicateItems(
  property: string,
  references: readonly string[] | undefined,
  context: z.RefinementCtx,
): void {
  const duplicate = firstDuplicate(references ?? []);
  if (duplicate === undefined) return;
  context.addIssue({
    code: "custom",
    path: [property],
    message: `${property}[${duplicate.first}] and ${property}[${duplicate.second}] name the same item (${duplicate.name}; names are compared without regard to case); list each item once`,
  });
}
