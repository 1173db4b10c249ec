/**
 * zod schemas for names that end up in ARM request paths. They apply ARM's naming rules (shared
 * with the emulator) in `check`, so a name Azure would refuse, or one so long that the request
 * line itself is refused (HTTP 431), fails preview with its property path instead.
 */
import { type ArmNameRule, ArmNameRules, armIdName, armNameProblem } from "asr-contract";
import { z } from "zod";

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
