/**
 * ARM's naming rules, per kind of name, shared so the provider refuses in `check` what the
 * emulator (like Azure) refuses on the wire. Lengths and character sets follow "Naming rules and
 * restrictions for Azure resources"; where Site Recovery publishes none, ARM's generic rule
 * applies (no `<>*%&:\?/+` nor control characters, no trailing period or space).
 */

/** One kind of name: its length bounds, the characters it takes and how to say so. */
export interface ArmNameRule {
  /** What the name names, for messages ("resource group"). */
  readonly label: string;
  /** Shortest allowed length, in characters. */
  readonly minLength: number;
  /** Longest allowed length, in characters. */
  readonly maxLength: number;
  /** The whole name must match. */
  readonly pattern: RegExp;
  /** The allowed characters in words, for messages. */
  readonly allowed: string;
}

// The generic rule: what ARM's front door refuses in any resource name.
const GENERIC = /^[^<>*%&:\\?/+\p{Cc}]*[^<>*%&:\\?/+\p{Cc}. ]$/u;
// Network and Compute: word characters, periods and hyphens; starts alphanumeric, ends
// alphanumeric or with an underscore.
const NETWORK = /^[A-Za-z0-9](?:[\w.-]*[A-Za-z0-9_])?$/;

/** The rules, by kind. */
export const ArmNameRules = {
  resourceGroup: {
    label: "resource group",
    minLength: 1,
    maxLength: 90,
    pattern: /^[-\p{L}\p{N}_.()]*[-\p{L}\p{N}_()]$/u,
    allowed: "letters, digits, underscores, hyphens, periods and parentheses, not ending in a period",
  },
  /** Recovery Services vaults: 2-50 letters, digits and hyphens, starting with a letter. */
  recoveryServicesVault: {
    label: "Recovery Services vault",
    minLength: 2,
    maxLength: 50,
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    allowed: "letters, digits and hyphens, starting with a letter",
  },
  /** Site Recovery objects (fabrics, containers, items, mappings, plans, jobs): ARM's generic rule. */
  siteRecoveryObject: {
    label: "Site Recovery object",
    minLength: 1,
    maxLength: 260,
    pattern: GENERIC,
    allowed: "any characters but <>*%&:\\?/+ and control characters, not ending in a period or space",
  },
  /**
   * Replication policies: letters, digits, hyphens and underscores, starting with a letter or a
   * digit (the portal's rule; the REST reference publishes none, so this is inferred).
   */
  replicationPolicy: {
    label: "replication policy",
    minLength: 1,
    maxLength: 260,
    pattern: /^[A-Za-z0-9][A-Za-z0-9_-]*$/,
    allowed: "letters, digits, hyphens and underscores, starting with a letter or a digit",
  },
  /**
   * Machine (host) names that Site Recovery reports for registered servers (master targets,
   * process servers): DNS host names, dot-separated labels of 1-63 letters, digits, hyphens and
   * underscores that neither start nor end with a hyphen, 253 characters in all. Site Recovery
   * publishes no rule; this follows RFC 1123 host names (underscores are tolerated because
   * Windows computer names may hold them), so it is inferred.
   */
  machineName: {
    label: "machine",
    minLength: 1,
    maxLength: 253,
    pattern:
      /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*$/,
    allowed:
      "a host name: dot-separated labels of up to 63 letters, digits, hyphens and underscores, not starting or ending with a hyphen (no spaces or non-ASCII letters)",
  },
  virtualMachine: {
    label: "virtual machine",
    minLength: 1,
    maxLength: 64,
    pattern: NETWORK,
    allowed:
      "letters, digits, underscores, periods and hyphens, starting with a letter or a digit and ending with a letter, a digit or an underscore",
  },
  networkResource: {
    label: "network resource",
    minLength: 1,
    maxLength: 80,
    pattern: NETWORK,
    allowed:
      "letters, digits, underscores, periods and hyphens, starting with a letter or a digit and ending with a letter, a digit or an underscore",
  },
} as const satisfies Record<string, ArmNameRule>;

/** Why `name` breaks `rule` (`is 91 characters long; at most 90 are allowed`), or undefined. */
export function armNameProblem(rule: ArmNameRule, name: string): string | undefined {
  const length = [...name].length;
  if (length < rule.minLength)
    return `is empty; a ${rule.label} name needs at least ${rule.minLength} character(s)`;
  if (length > rule.maxLength)
    return `is ${length} characters long; a ${rule.label} name has at most ${rule.maxLength}`;
  if (!rule.pattern.test(name)) return `is not a valid ${rule.label} name: use ${rule.allowed}`;
  return undefined;
}
