/**
 * Shared building blocks of the rule modules: the finding factory and the context look-ups that
 * several areas need. Everything here is pure and tolerant of missing parts.
 */
import type { ItemStage } from "../stageModel/types";
import type {
  FailbackTargetStage,
  Finding,
  Flavor,
  MasterTargetFacts,
  PlannedOperation,
  ProtectedItemFacts,
  RuleContext,
  RuleId,
  Severity,
} from "./types";

/** Fields of a finding before its message is formatted. */
export interface FindingFields {
  readonly severity: Severity;
  readonly object: string;
  readonly cause: string;
  readonly fix: string;
  readonly propertyPath?: string;
}

/**
 * Builds a finding and its message `ID: object cause; fix`. The object starts with its kind in
 * lower case, so the message reads lower-case after the ID as the house style asks.
 */
export function finding(ruleId: RuleId, fields: FindingFields): Finding {
  const message = `${ruleId}: ${fields.object} ${fields.cause}; ${fields.fix}`;
  const base = {
    ruleId,
    severity: fields.severity,
    object: fields.object,
    cause: fields.cause,
    fix: fields.fix,
  };
  return fields.propertyPath === undefined
    ? { ...base, message }
    : { ...base, propertyPath: fields.propertyPath, message };
}

/** The declared flavor, or undefined when unknown. */
export function declaredFlavor(context: RuleContext): Flavor | undefined {
  return context.inputs?.flavor;
}

/**
 * The protected items the run is about: those named by the failback plan when it names any,
 * otherwise every item the site reports. Undefined when the site's items are unknown.
 */
export function itemsInScope(context: RuleContext): readonly ProtectedItemFacts[] | undefined {
  const items = context.site?.protectedItems;
  if (!items) return undefined;
  const names = context.inputs?.failbackPlan?.items;
  if (!names || names.length === 0) return items;
  const wanted = new Set(names);
  return items.filter((item) => wanted.has(item.name));
}

/** Items in scope whose flavor is (or, when the item does not say, is declared as) one of `flavors`. */
export function itemsOfFlavor(
  context: RuleContext,
  flavors: readonly Flavor[],
): readonly ProtectedItemFacts[] {
  const items = itemsInScope(context) ?? [];
  const fallback = declaredFlavor(context);
  return items.filter((item) => {
    const flavor = item.flavor ?? fallback;
    return flavor !== undefined && flavors.includes(flavor);
  });
}

/** Whether the site is (or items show it to be) VMware-based: VMware VMs or physical servers. */
export function isVmwareSite(context: RuleContext): boolean {
  const flavor = declaredFlavor(context);
  if (flavor !== undefined) return flavor === "vmware" || flavor === "physical";
  // Only VMware sites have master targets; their presence settles an undeclared flavor.
  if ((context.site?.masterTargets?.length ?? 0) > 0) return true;
  return (context.site?.protectedItems ?? []).some(
    (item) => item.flavor === "vmware" || item.flavor === "physical",
  );
}

/** Name of the master target chosen for reprotect, from the reprotection policy or the declaration. */
export function chosenMasterTargetName(context: RuleContext): string | undefined {
  return context.inputs?.reprotection?.masterTargetName ?? context.inputs?.masterTarget?.name;
}

/** Facts of the chosen master target, when it is chosen and the site reports it. */
export function chosenMasterTarget(context: RuleContext): MasterTargetFacts | undefined {
  const name = chosenMasterTargetName(context);
  if (name === undefined) return undefined;
  return context.site?.masterTargets?.find((candidate) => candidate.name === name);
}

/**
 * Master targets a check should look at: the chosen one when chosen (and reported), otherwise
 * every reported one, because any of them may end up being used.
 */
export function relevantMasterTargets(context: RuleContext): readonly MasterTargetFacts[] {
  if (chosenMasterTargetName(context) !== undefined) {
    const chosen = chosenMasterTarget(context);
    return chosen ? [chosen] : [];
  }
  return context.site?.masterTargets ?? [];
}

/**
 * Whether the run waits for `itemName` to replicate back healthily with a recovery point before
 * the announced step: a readiness rule of that step judges a stage the item has not reached, and
 * must not block a run that will wait for it (a resumed run finds items mid-reprotect).
 */
export function isAwaitedBeforeStep(context: RuleContext, itemName: string): boolean {
  const operation = context.operation;
  return operation?.kind === "failover" && (operation.awaitedItemNames ?? []).includes(itemName);
}

/** Whether the stage machine announced that it is about to take `kind`. */
export function operationIs(context: RuleContext, kind: PlannedOperation["kind"]): boolean {
  return context.operation?.kind === kind;
}

const targetStageOrder: readonly FailbackTargetStage[] = [
  "reprotected",
  "failedOver",
  "committed",
  "protectedToAzure",
];

/**
 * Whether the run will reach `stage`: either the plan's target stage is at or beyond it, or the
 * stage machine is about to take the step that enters it.
 */
export function reaches(context: RuleContext, stage: FailbackTargetStage): boolean {
  const stepOf: Record<FailbackTargetStage, PlannedOperation["kind"]> = {
    reprotected: "reprotect",
    failedOver: "failover",
    committed: "commit",
    protectedToAzure: "reprotectToAzure",
  };
  if (operationIs(context, stepOf[stage])) return true;
  const target = context.inputs?.failbackPlan?.targetStage;
  if (target === undefined) return false;
  return targetStageOrder.indexOf(target) >= targetStageOrder.indexOf(stage);
}

const midFailbackStages: readonly ItemStage[] = ["reprotecting", "reprotected", "failedOver"];

/**
 * Whether an item is between the start of reprotect and commit, i.e. relies on the process server:
 * a reprotect job running on an item failed over to Azure counts, as do the stages it leads to.
 */
export function isMidFailback(item: ProtectedItemFacts): boolean {
  if (item.failbackStage === undefined) return false;
  if (item.failbackStage === "failedOverToAzure") return item.runningJobScenario === "Reprotect";
  return midFailbackStages.includes(item.failbackStage);
}

/** `1 snapshot` / `2 snapshots`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Lower-case, trimmed, for comparing names reported by different systems. */
export function normalizeName(value: string): string {
  return value.trim().toLowerCase();
}
