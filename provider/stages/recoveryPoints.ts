/**
 * Recovery point selection for the failover back (FO-02, RP-06).
 *
 * Classic failback takes `LatestTime` (the latest processed point), `LatestTag` (the latest
 * application-consistent point) or `Custom` (a named point). A crash-consistent choice, and a
 * replication group failing over together at a common point, need `Custom` with the point named
 * per item. Every item must have a suitable point before any failover starts.
 */
import type { RecoveryPoint } from "@azure/arm-recoveryservices-siterecovery";
import type { RecoveryPointChoice } from "../rules/types";

/** The classic failover's `recoveryPointType`. */
export type InMageRecoveryPointType = "LatestTime" | "LatestTag" | "Custom";

/** A recovery point reduced to what selection needs. */
export interface PointFacts {
  readonly name: string;
  readonly id?: string;
  readonly type: "CrashConsistent" | "ApplicationConsistent" | "Other";
  readonly timeMs: number;
}

/** What one item fails over to. */
export interface PointSelection {
  readonly item: string;
  readonly recoveryPointType: InMageRecoveryPointType;
  /** ARM ID (or name) of the point for `Custom`. */
  readonly recoveryPointId?: string;
  /** The point Site Recovery will use, as far as the listing tells. */
  readonly expected: PointFacts;
}

/** An item without a suitable point, with the rule that says so. */
export interface PointProblem {
  readonly item: string;
  readonly ruleId: "RP-06" | "FO-02";
  readonly message: string;
}

/** Normalizes Site Recovery's recovery points, newest first. */
export function pointFacts(points: readonly RecoveryPoint[]): PointFacts[] {
  return points
    .map((point): PointFacts | undefined => {
      const time = point.properties?.recoveryPointTime;
      const timeMs = time instanceof Date ? time.getTime() : time ? Date.parse(String(time)) : Number.NaN;
      if (!point.name || Number.isNaN(timeMs)) return undefined;
      const rawType = point.properties?.recoveryPointType ?? "";
      const type = /application/i.test(rawType)
        ? "ApplicationConsistent"
        : /crash/i.test(rawType)
          ? "CrashConsistent"
          : "Other";
      return { name: point.name, ...(point.id ? { id: point.id } : {}), type, timeMs };
    })
    .filter((point): point is PointFacts => point !== undefined)
    .sort((left, right) => right.timeMs - left.timeMs);
}

function suitable(choice: RecoveryPointChoice, point: PointFacts): boolean {
  if (choice === "latestApplicationConsistent") return point.type === "ApplicationConsistent";
  if (choice === "latestCrashConsistent") return point.type !== "ApplicationConsistent";
  return true;
}

function describe(choice: RecoveryPointChoice): string {
  switch (choice) {
    case "latestApplicationConsistent":
      return "application-consistent recovery point";
    case "latestCrashConsistent":
      return "crash-consistent recovery point";
    default:
      return "recovery point";
  }
}

/** Input of {@link selectRecoveryPoints}. */
export interface SelectionInput {
  readonly choice: RecoveryPointChoice;
  /** Points per item name, as listed. */
  readonly points: ReadonlyMap<string, readonly PointFacts[]>;
  /** Replication (multi-VM consistency) group per item name, when it has one. */
  readonly groups?: ReadonlyMap<string, string>;
  /** Fail each replication group over at one common point (FO-02). */
  readonly useMultiVmSyncPoint?: boolean;
}

/**
 * Chooses the point of every item, or reports every item that has none (never only the first).
 * A group's common point is the newest point time that every member has with the chosen
 * consistency.
 */
export function selectRecoveryPoints(input: SelectionInput): {
  selections: PointSelection[];
  problems: PointProblem[];
} {
  const selections: PointSelection[] = [];
  const problems: PointProblem[] = [];
  const { choice } = input;
  const common = new Map<string, number | undefined>();
  if (input.useMultiVmSyncPoint && input.groups) {
    const members = new Map<string, string[]>();
    for (const [item, group] of input.groups) members.set(group, [...(members.get(group) ?? []), item]);
    for (const [group, items] of members) {
      if (items.length < 2) continue;
      const timeSets = items.map(
        (item) =>
          new Set(
            (input.points.get(item) ?? [])
              .filter((point) => suitable(choice, point))
              .map((point) => point.timeMs),
          ),
      );
      const shared = [...timeSets[0]!].filter((time) => timeSets.every((set) => set.has(time)));
      common.set(group, shared.length > 0 ? Math.max(...shared) : undefined);
    }
  }
  for (const [item, points] of input.points) {
    if (points.length === 0) {
      problems.push({
        item,
        ruleId: "RP-06",
        message: `RP-06: vm ${item} has no recovery point; wait until replication to the site produces one`,
      });
      continue;
    }
    const candidates = points.filter((point) => suitable(choice, point));
    const group = input.groups?.get(item);
    if (group !== undefined && common.has(group)) {
      const time = common.get(group);
      const point = candidates.find((candidate) => candidate.timeMs === time);
      if (time === undefined || !point) {
        problems.push({
          item,
          ruleId: "FO-02",
          message: `FO-02: vm ${item} of replication group ${group} has no ${describe(choice)} in common with the rest of its group; wait for the next common point or fail over without useMultiVmSyncPoint`,
        });
        continue;
      }
      selections.push({
        item,
        recoveryPointType: "Custom",
        recoveryPointId: point.id ?? point.name,
        expected: point,
      });
      continue;
    }
    const newest = candidates[0];
    if (!newest) {
      problems.push({
        item,
        ruleId: "RP-06",
        message: `RP-06: vm ${item} has no ${describe(choice)}; wait for one, or choose recoveryPointType latest`,
      });
      continue;
    }
    if (choice === "latestCrashConsistent") {
      selections.push({
        item,
        recoveryPointType: "Custom",
        recoveryPointId: newest.id ?? newest.name,
        expected: newest,
      });
    } else {
      selections.push({
        item,
        recoveryPointType: choice === "latestApplicationConsistent" ? "LatestTag" : "LatestTime",
        expected: newest,
      });
    }
  }
  return { selections, problems };
}

/** Plan-level failover takes only LatestTime / LatestTag: a `Custom` point needs item-level failover. */
export function planLevelRecoveryPointType(
  selections: readonly PointSelection[],
): "LatestTime" | "LatestTag" | undefined {
  const types = new Set(selections.map((selection) => selection.recoveryPointType));
  if (types.size !== 1) return undefined;
  const [type] = types;
  return type === "Custom" ? undefined : type;
}

/** Failover start minus point time, in whole seconds (never negative). */
export function dataLossWindowInSeconds(pointTimeMs: number, failoverStartMs: number): number {
  return Math.max(0, Math.round((failoverStartMs - pointTimeMs) / 1000));
}
