/**
 * Shared look-ups of the modernized (replication appliance) failback rules, MR-01..MR-34: which
 * items are on which replication path, the chosen appliance, and the steps ahead.
 */
import { itemsInScope, normalizeName } from "./support";
import type {
  Flavor,
  ModernizedFailbackInputs,
  ProtectedItemFacts,
  ReplicationApplianceFacts,
  ReplicationPath,
  RuleContext,
  RuleScope,
} from "./types";

/** Flavors the modernized path serves: VMware VMs and physical servers. */
export const modernizedFlavors: readonly Flavor[] = ["vmware", "physical"];

/** The scope every MR rule shares, apart from the resources it reads. */
export function modernizedScope(resources: RuleScope["resources"]): RuleScope {
  return { flavors: modernizedFlavors, resources, paths: ["modernized"] };
}

/** Instance type of the modernized provider replicating forward (premises → Azure). */
export const MODERNIZED_FORWARD = "InMageRcm";
/** Instance type of the modernized provider replicating back (Azure → premises). */
export const MODERNIZED_FAILBACK = "InMageRcmFailback";

/** The path an `instanceType` belongs to; undefined for Hyper-V and unknown types. */
export function replicationPathOfInstanceType(instanceType: string | undefined): ReplicationPath | undefined {
  switch (instanceType) {
    case MODERNIZED_FORWARD:
    case MODERNIZED_FAILBACK:
      return "modernized";
    case "InMageAzureV2":
    case "InMage":
      return "classic";
    default:
      return undefined;
  }
}

/** An item's path: the reported one, else read off its `instanceType`. */
export function replicationPathOf(item: ProtectedItemFacts): ReplicationPath | undefined {
  return item.replicationPath ?? replicationPathOfInstanceType(item.instanceType);
}

/** Modernized items in scope. */
export function modernizedItems(context: RuleContext): ProtectedItemFacts[] {
  return (itemsInScope(context) ?? []).filter((item) => replicationPathOf(item) === "modernized");
}

/** Classic items in scope. */
export function classicItems(context: RuleContext): ProtectedItemFacts[] {
  return (itemsInScope(context) ?? []).filter((item) => replicationPathOf(item) === "classic");
}

/**
 * The path a run is on: from the items in scope when they say (`mixed` when they disagree),
 * otherwise `modernized` when modernized inputs are declared, otherwise unknown.
 */
export function replicationPathOfContext(context: RuleContext): ReplicationPath | "mixed" | undefined {
  const paths = new Set(
    (itemsInScope(context) ?? []).map(replicationPathOf).filter((path) => path !== undefined),
  );
  if (paths.size > 1) return "mixed";
  const [only] = paths;
  if (only !== undefined) return only;
  return context.inputs?.modernized !== undefined ? "modernized" : undefined;
}

/** Whether the modernized path applies: some modernized item, or modernized inputs and no classic item. */
export function modernizedPathApplies(context: RuleContext): boolean {
  const path = replicationPathOfContext(context);
  return path === "modernized" || path === "mixed";
}

/** An item failed over to Azure that reprotect to premises still lies ahead of. */
export function awaitsReprotect(item: ProtectedItemFacts): boolean {
  return item.instanceType === MODERNIZED_FORWARD && item.activeLocation === "Recovery";
}

/** An item replicating back to premises (after reprotect, before the planned failover). */
export function replicatesBack(item: ProtectedItemFacts): boolean {
  return item.instanceType === MODERNIZED_FAILBACK && item.activeLocation === "Primary";
}

/** An item that failed back (planned failover done, committed or not). */
export function failedBack(item: ProtectedItemFacts): boolean {
  return item.instanceType === MODERNIZED_FAILBACK && item.activeLocation === "Recovery";
}

/**
 * Whether two names or IDs are the same, ignoring case and surrounding blanks; false when either
 * is missing (facts may lack even their name).
 */
export function sameText(left: string | undefined, right: string | undefined): boolean {
  if (typeof left !== "string" || typeof right !== "string") return false;
  return normalizeName(left) === normalizeName(right);
}

/** The appliance with this id (GUIDs compare case-insensitively). */
export function applianceById(
  context: RuleContext,
  id: string | undefined,
): ReplicationApplianceFacts | undefined {
  if (id === undefined) return undefined;
  return context.site?.replicationAppliances?.find((appliance) => sameText(appliance.id, id));
}

/** The appliance chosen for reprotect to premises, by reprotect agent id or name. */
export function chosenReprotectAppliance(context: RuleContext): ReplicationApplianceFacts | undefined {
  const inputs = context.inputs?.modernized;
  if (inputs?.reprotectAgentId !== undefined) return applianceById(context, inputs.reprotectAgentId);
  const name = inputs?.reprotectAgentName;
  if (name === undefined) return undefined;
  return context.site?.replicationAppliances?.find((appliance) => sameText(appliance.name, name));
}

/** How the chosen reprotect agent is named in messages: its name, else the declared id or name. */
export function chosenReprotectAgentLabel(context: RuleContext): string | undefined {
  const inputs = context.inputs?.modernized;
  return chosenReprotectAppliance(context)?.name ?? inputs?.reprotectAgentName ?? inputs?.reprotectAgentId;
}

/** Whether a modernized input is declared but not known yet (present, not judged). */
export function isPending(inputs: ModernizedFailbackInputs, path: string): boolean {
  return inputs.pendingInputs?.includes(path) ?? false;
}

/** Whether two datastore names are the same. */
export function sameDatastore(left: string | undefined, right: string | undefined): boolean {
  return sameText(left, right);
}

/** Last segment of an ARM ID, for readable messages. */
export function lastSegment(armId: string): string {
  const segments = armId.split("/").filter((segment) => segment.length > 0);
  return segments[segments.length - 1] ?? armId;
}
