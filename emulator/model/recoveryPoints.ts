/**
 * Recovery points of an item. Points given by the scenario are stored; points of a live
 * replication are derived from the clock and the policy's frequencies, so none are stored and
 * advancing the clock makes new ones appear.
 */
import type { ItemState, PolicyState } from "./world";

const MINUTE_MS = 60_000;
/** At most this many derived points of each type are listed (the newest). */
const MAX_DERIVED_PER_TYPE = 48;

/** A recovery point as the emulator lists it. */
export interface RecoveryPointView {
  /** ARM name of the point. */
  readonly name: string;
  readonly type: "CrashConsistent" | "ApplicationConsistent";
  readonly timeMs: number;
}

function derived(
  type: RecoveryPointView["type"],
  sinceMs: number,
  nowMs: number,
  everyMinutes: number,
  historyMinutes: number,
): RecoveryPointView[] {
  const step = everyMinutes * MINUTE_MS;
  const oldest = Math.max(sinceMs, nowMs - historyMinutes * MINUTE_MS);
  const points: RecoveryPointView[] = [];
  let time = Math.floor(nowMs / step) * step;
  while (time >= oldest && points.length < MAX_DERIVED_PER_TYPE) {
    points.push({
      name: `${type === "CrashConsistent" ? "cc" : "ac"}-${Math.floor(time / 1000)}`,
      type,
      timeMs: time,
    });
    time -= step;
  }
  return points;
}

/** Recovery points of an item at `nowMs`, newest first. */
export function recoveryPointsOf(
  policies: Readonly<Record<string, PolicyState>>,
  item: ItemState,
  nowMs: number,
): RecoveryPointView[] {
  const stored: RecoveryPointView[] = item.storedRecoveryPoints
    .filter((point) => point.timeMs <= nowMs)
    .map((point) => ({
      name: `${point.type === "CrashConsistent" ? "cc" : "ac"}-${Math.floor(point.timeMs / 1000)}`,
      type: point.type,
      timeMs: point.timeMs,
    }));
  const replicating = item.phase === "Protected" || item.phase === "ReplicatingToOnPremises";
  const live: RecoveryPointView[] = [];
  if (
    replicating &&
    !item.onPremisesVmCorrupt &&
    item.syncCompleteAtMs !== undefined &&
    nowMs >= item.syncCompleteAtMs
  ) {
    const settings = policies[item.policyName]?.providerSpecific ?? {};
    const numberOr = (value: unknown, fallback: number) =>
      typeof value === "number" && value > 0 ? value : fallback;
    const crashEvery = numberOr(settings["crashConsistentFrequencyInMinutes"], 5);
    // 0 takes no application-consistent points (a crash-consistent-only policy).
    const appEvery =
      settings["appConsistentFrequencyInMinutes"] === 0
        ? undefined
        : numberOr(settings["appConsistentFrequencyInMinutes"], 60);
    // Classic policies name the retention recoveryPointHistory, InMageRcm ones ...InMinutes.
    const history = numberOr(
      settings["recoveryPointHistory"] ?? settings["recoveryPointHistoryInMinutes"],
      24 * 60,
    );
    live.push(...derived("CrashConsistent", item.syncCompleteAtMs, nowMs, crashEvery, history));
    if (appEvery !== undefined)
      live.push(...derived("ApplicationConsistent", item.syncCompleteAtMs, nowMs, appEvery, history));
  }
  const byName = new Map<string, RecoveryPointView>();
  for (const point of [...live, ...stored]) byName.set(`${point.name}`, point);
  return [...byName.values()].sort((a, b) => b.timeMs - a.timeMs || a.type.localeCompare(b.type));
}
