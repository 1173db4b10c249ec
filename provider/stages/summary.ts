/**
 * The short summary a run ends with, one line per step it took: how many VMs, how many jobs
 * succeeded, and the longest job, so an operator reading the log sees each stage's outcome
 * without counting the progress lines.
 */
import type { StepKind } from "../stageModel";
import { formatDuration } from "../waits";
import type { TimelineEntry } from "./types";

/** `reprotect: 2 VMs, 2 jobs succeeded, longest 3 h 12 min`, per step in the order taken. */
export function stepSummaries(timeline: readonly TimelineEntry[]): string[] {
  const byStep = new Map<StepKind, TimelineEntry[]>();
  for (const entry of timeline) byStep.set(entry.step, [...(byStep.get(entry.step) ?? []), entry]);
  return [...byStep].map(([step, entries]) => {
    const targets = new Set(entries.map((entry) => entry.target)).size;
    const states = new Map<string, number>();
    for (const entry of entries) states.set(entry.state, (states.get(entry.state) ?? 0) + 1);
    const outcome = [...states]
      .map(([state, count]) => `${count} job${count === 1 ? "" : "s"} ${state.toLowerCase()}`)
      .join(", ");
    const longest = Math.max(...entries.map((entry) => entry.durationInSeconds ?? -1));
    return `${step}: ${targets} ${targets === 1 ? "target" : "targets"}, ${outcome}${longest >= 0 ? `, longest ${formatDuration(longest * 1000)}` : ""}`;
  });
}
