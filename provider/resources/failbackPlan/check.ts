/**
 * FailbackPlan `check`: validates the inputs, checks the live site (items found, none moving
 * backwards, every applicable rule over every item), and derives `plannedSteps` and `estimate` so
 * `pulumi preview --diff` shows what `up` will do.
 */

import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type * as pulumi from "@pulumi/pulumi";
import type { AsrClient } from "../../client";
import { serviceNow } from "../../client";
import { getAsrClient } from "../../config";
import { runRules } from "../../rules/catalogue";
import type { DeclaredInputs, Finding, PlannedOperation, SiteFacts } from "../../rules/types";
import {
  getLiveSite,
  itemFacts,
  readItemFabrics,
  readModernizedSite,
  readPlanItems,
  readRecoveryPointFacts,
  vaultItemsForCheck,
} from "../../site";
import {
  classifyItem,
  type ItemPosition,
  replicationPathOf,
  stageRank,
  stepsBetween,
  targetItemStage,
} from "../../stageModel";
import { estimatePlan } from "../../stages/estimate";
import { plannedSteps } from "../../stages/plannedSteps";
import { containsUnknown, runCheck, withoutProviderKey } from "../common";
import { chooseReprotectAgent, modernizedDeclaredInputs } from "./modernized";
import { DERIVED_INPUT_KEYS, FailbackPlanArgs, PLAN_SHAPING_KEYS } from "./schema";
import { runSpec } from "./spec";

type Raw = Record<string, unknown>;

function declaredInputs(name: string, args: FailbackPlanArgs, itemNames: readonly string[]): DeclaredInputs {
  const reprotection = args.reprotection;
  return {
    flavor: args.flavor,
    ...(args.modernized
      ? {
          modernized: modernizedDeclaredInputs(args.modernized, (value) => value !== UNKNOWN_ID_PLACEHOLDER),
        }
      : {}),
    ...(reprotection
      ? {
          reprotection: {
            ...(reprotection.masterTargetName ? { masterTargetName: reprotection.masterTargetName } : {}),
            ...(reprotection.processServerName ? { processServerName: reprotection.processServerName } : {}),
            retentionDrive: reprotection.retentionDrive,
            ...(reprotection.datastoreName ? { datastoreName: reprotection.datastoreName } : {}),
            ...(reprotection.recoveryLocation ? { recoveryLocation: reprotection.recoveryLocation } : {}),
            ...(reprotection.multiVmConsistency !== undefined
              ? { multiVmConsistency: reprotection.multiVmConsistency }
              : {}),
          },
        }
      : {}),
    failbackPlan: {
      name: args.recoveryPlanName ?? name,
      items: itemNames,
      recoveryPointType: args.recoveryPointType,
      targetStage: args.targetStage,
      usesReplicationGroup: args.useMultiVmSyncPoint,
      failoverType: args.flavor === "hyperv" ? "planned" : "unplanned",
    },
  };
}

/** The ARM ID of the fabric an item sits in: the prefix of its own ARM ID. */
function fabricIdOf(item: ReplicationProtectedItem): string {
  return (item.id ?? "").split("/replicationProtectionContainers/")[0]!;
}

/** The item's replication path (Hyper-V has only the one). */
function pathOf(args: FailbackPlanArgs, position: ItemPosition) {
  return args.flavor === "hyperv" ? "classic" : replicationPathOf(position.instanceType);
}

/**
 * What the next step is, for step-bound rules. Before a failover, items still replicating back
 * are named as awaited: the run waits for them (healthy, with a recovery point) before it fails
 * over, so the failover's readiness rules judge them only once they get there. So are items whose
 * job runs (a failover an interrupted run started): the run adopts the job instead of failing
 * them over, and their transient state is no reason to refuse.
 */
function nextOperation(
  args: FailbackPlanArgs,
  positions: readonly ItemPosition[],
): PlannedOperation | undefined {
  const remaining = positions.map((position) => ({
    name: position.name,
    jobRuns: position.runningJob !== undefined,
    kinds: stepsBetween(
      args.flavor,
      position.stage,
      targetItemStage[args.targetStage],
      pathOf(args, position),
    ).map((step) => step.kind),
  }));
  const kinds = remaining.flatMap((item) => item.kinds);
  if (kinds.includes("reprotect")) return { kind: "reprotect" };
  if (kinds.includes("failover")) {
    const awaitedItemNames = remaining
      .filter((item) => item.jobRuns || item.kinds.includes("awaitReplication"))
      .map((item) => item.name);
    return { kind: "failover", ...(awaitedItemNames.length > 0 ? { awaitedItemNames } : {}) };
  }
  if (kinds.includes("commit")) return { kind: "commit" };
  if (kinds.includes("reprotectToAzure")) return { kind: "reprotectToAzure" };
  return undefined;
}

/** Preflight: every applicable rule over every item, from live facts (reported together). */
async function preflightFindings(
  client: AsrClient,
  name: string,
  args: FailbackPlanArgs,
  items: readonly ReplicationProtectedItem[],
  positions: readonly ItemPosition[],
  fabricSite: SiteFacts,
  masterTargetName: string | undefined,
): Promise<Finding[]> {
  const operation = nextOperation(args, positions);
  const itemFactsList = await Promise.all(
    items.map(async (item) => {
      const facts = itemFacts(item);
      if (operation?.kind !== "failover" || operation.awaitedItemNames?.includes(facts.name)) return facts;
      // RP-06 needs the recovery points; read them only when the failover is next.
      return { ...facts, recoveryPoints: await readRecoveryPointFacts(client, item) };
    }),
  );
  // The master target is judged only before the reprotect that uses it, and the site's
  // connection only while a step remains: a converged plan has nothing left to block.
  const { masterTargets, hyperVSite, hyperVHosts, ...rest } = fabricSite;
  const site: SiteFacts = {
    ...rest,
    ...(operation && hyperVSite ? { hyperVSite } : {}),
    ...(operation && hyperVHosts ? { hyperVHosts } : {}),
    ...(operation?.kind === "reprotect" && masterTargets ? { masterTargets } : {}),
    protectedItems: itemFactsList,
  };
  const declared = declaredInputs(
    name,
    args,
    items.map((item) => itemFacts(item).name),
  );
  const context = {
    inputs:
      declared.reprotection && declared.reprotection.masterTargetName === undefined && masterTargetName
        ? { ...declared, reprotection: { ...declared.reprotection, masterTargetName } }
        : declared,
    site,
    ...(operation ? { operation } : {}),
  };
  return runRules(context);
}

/**
 * Positions past the target: moving back is refused (a committed failback cannot be undone).
 * The one exception is a modernized planned failover before commit, which a target of
 * `reprotected` cancels (MR-28).
 */
function backwardsFailures(args: FailbackPlanArgs, positions: readonly ItemPosition[]): string[] {
  const target = targetItemStage[args.targetStage];
  return positions
    .filter((position) => stageRank(position.stage) > stageRank(target))
    .filter(
      (position) => stepsBetween(args.flavor, position.stage, target, pathOf(args, position)).length === 0,
    )
    .map(
      (position) =>
        `vm ${position.name} is already ${position.stage}, past targetStage ${args.targetStage}; Site Recovery cannot move an item back (a failover that ran or was committed cannot be undone; only a modernized planned failover before commit can be cancelled, MR-28), so set targetStage to ${position.stage} or later`,
    );
}

/** Shown in planned steps for an ID that is known only once the topology is created. */
export const UNKNOWN_ID_PLACEHOLDER = "(known after the topology is created)";

/** The arguments with unknown reprotect settings replaced by a readable placeholder. */
function withUnknownIdsNamed(args: FailbackPlanArgs): FailbackPlanArgs {
  const name = <T extends Record<string, unknown> | undefined>(settings: T): T =>
    settings &&
    (Object.fromEntries(
      Object.entries(settings).map(([key, value]) => [
        key,
        containsUnknown(value) ? UNKNOWN_ID_PLACEHOLDER : value,
      ]),
    ) as T);
  const modernized = args.modernized && {
    ...name(args.modernized),
    ...(args.modernized.reprotectToAzure ? { reprotectToAzure: name(args.modernized.reprotectToAzure) } : {}),
  };
  return {
    ...args,
    reprotection: name(args.reprotection),
    reprotectToAzure: name(args.reprotectToAzure),
    ...(modernized ? { modernized } : {}),
  };
}

/**
 * The checked inputs without the Hyper-V defaults the schema fills in for every flavor: a VMware
 * or physical plan ignores them, and a reviewer of its preview (and its state) should not see
 * Hyper-V settings it never had. Settings the program gives are kept as given.
 */
function withoutForeignDefaults(inputs: Raw, given: Raw): Raw {
  if (inputs["flavor"] === "hyperv" || given["hyperV"] !== undefined) return inputs;
  const { hyperV: _defaults, ...rest } = inputs;
  return rest;
}

/** Validates the inputs, checks the live site, and derives `plannedSteps` and `estimate`. */
export async function checkFailbackPlan(olds: Raw, news: Raw): Promise<pulumi.dynamic.CheckResult> {
  const raw = Object.fromEntries(
    Object.entries(withoutProviderKey(news)).filter(
      ([key]) => !(DERIVED_INPUT_KEYS as readonly string[]).includes(key),
    ),
  );
  let derived: { plannedSteps: string[]; estimate: string } | undefined;
  const result = await runCheck(
    {
      schema: FailbackPlanArgs,
      findingPaths: {
        prefix: "failbackPlan",
        ownPaths: ["modernized", "reprotection"],
        renames: {
          "failbackPlan.recoveryPointType": "recoveryPointType",
          "modernized.reprotectAgentName": "modernized.applianceName",
          // The items of a disconnected Hyper-V site cannot fail back (HV-01).
          "reprotection.fabricName": "items",
        },
      },
      liveFindings: async (inputs, validated) => {
        let parsed = validated;
        // IDs of a topology created in the same update are unknown in its first preview; the
        // plan can still be shown and checked as long as the inputs that shape it are known.
        if (!parsed || PLAN_SHAPING_KEYS.some((key) => containsUnknown(inputs[key]))) return { findings: [] };
        parsed = withUnknownIdsNamed(parsed);
        const client = await getAsrClient();
        const name = typeof olds["recoveryPlanName"] === "string" ? String(olds["recoveryPlanName"]) : "plan";
        const { items, missing } = await readPlanItems(client, parsed, () => vaultItemsForCheck(client));
        const failures: pulumi.dynamic.CheckFailure[] = missing.map((reference) => ({
          property: parsed.recoveryPlanName ? "recoveryPlanName" : "items",
          reason: `${reference} is not a protected item of the vault; check the name`,
        }));
        const positions = items.map((item) => classifyItem(parsed.flavor, item));
        for (const position of positions) {
          if (position.problem && !position.runningJob)
            failures.push({ property: "items", reason: `vm ${position.name} ${position.problem}` });
        }
        for (const reason of backwardsFailures(parsed, positions))
          failures.push({ property: "targetStage", reason });
        const modernizedSite = await readModernizedSite(
          await getLiveSite(),
          items.map(itemFacts),
          items.map(fabricIdOf),
          serviceNow,
        );
        const fabrics = await readItemFabrics(
          await getLiveSite(),
          items.map(fabricIdOf),
          {
            ...(parsed.reprotection ? { id: parsed.reprotection.masterTargetId } : {}),
            ...(parsed.reprotection?.masterTargetName ? { name: parsed.reprotection.masterTargetName } : {}),
          },
          serviceNow,
        );
        const findings =
          failures.length > 0
            ? []
            : await preflightFindings(
                client,
                name,
                parsed,
                items,
                positions,
                {
                  ...modernizedSite,
                  ...fabrics.facts,
                },
                fabrics.masterTargetName,
              );
        const spec = runSpec(
          name,
          parsed,
          items,
          parsed.modernized &&
            chooseReprotectAgent(parsed.modernized, modernizedSite.replicationAppliances ?? []),
        );
        const toMove = items.filter(
          (_, index) => stageRank(positions[index]!.stage) < stageRank("failedOver"),
        );
        const estimate = estimatePlan({
          flavor: parsed.flavor,
          items: toMove,
          fullDownload:
            parsed.flavor === "hyperv"
              ? parsed.hyperV.dataSyncOption === "syncDuringFailover"
              : parsed.flavor === "physical" || parsed.reprotection?.recoveryLocation === "alternate",
          ...(parsed.link ? { bandwidthInMbps: parsed.link.bandwidthInMbps } : {}),
          ...(parsed.link?.checksumRateInGigabytesPerMinute !== undefined
            ? { checksumRateInGigabytesPerMinute: parsed.link.checksumRateInGigabytesPerMinute }
            : {}),
        });
        derived = { plannedSteps: plannedSteps(spec, positions), estimate: estimate.summary };
        return { findings, failures };
      },
    },
    raw,
  );
  const inputs = withoutForeignDefaults({ ...(result.inputs as Raw) }, raw);
  if (derived) {
    // What remains from where the items stand now. A run's outputs record what remained when it
    // ended, so a converged stack shows no diff and a run that stopped short of the target (a
    // job suspended for "complete failover", an interruption) shows one until it gets there.
    inputs["plannedSteps"] = derived.plannedSteps;
    inputs["estimate"] = derived.estimate;
  }
  return { ...result, inputs };
}
