/**
 * Prints the summary of a failback rehearsal from the stack outputs of the root program
 * (`pulumi stack output --json`): stages reached, job durations, recovery points and their
 * data-loss windows, and the post-failback tasks.
 */
import { readFileSync } from "node:fs";
import type { ItemStatus } from "../provider/resources/failbackPlan";
import type { RecoveryPointUsed, TimelineEntry } from "../provider/stages/types";

interface RehearsalOutputs {
  readonly stage?: string;
  readonly itemStatus?: ItemStatus[];
  readonly timeline?: TimelineEntry[];
  readonly recoveryPointsUsed?: RecoveryPointUsed[];
  readonly postFailbackTasks?: string[];
  readonly warnings?: string[];
}

/** `5400` → `1h 30m 0s`. */
export function formatDuration(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds)) return "-";
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return hours > 0 ? `${hours}h ${minutes}m ${rest}s` : minutes > 0 ? `${minutes}m ${rest}s` : `${rest}s`;
}

/** The summary text. */
export function renderSummary(outputs: RehearsalOutputs): string {
  const lines: string[] = [];
  lines.push("", "=== failback rehearsal summary ===", `stage reached: ${outputs.stage ?? "unknown"}`);
  for (const item of outputs.itemStatus ?? []) {
    lines.push(
      `  ${item.name}: ${item.stage} (${item.protectionState ?? "?"}, health ${item.replicationHealth ?? "?"})`,
    );
  }
  lines.push("", "jobs (simulated durations):");
  for (const entry of outputs.timeline ?? []) {
    lines.push(
      `  ${entry.step.padEnd(22)} ${entry.target.padEnd(10)} ${formatDuration(entry.durationInSeconds).padStart(10)}  ${entry.jobName ?? ""}${entry.resumed ? " (resumed)" : ""}`,
    );
  }
  lines.push("", "recovery points used:");
  for (const point of outputs.recoveryPointsUsed ?? []) {
    lines.push(
      `  ${point.item.padEnd(10)} ${point.choice} (${point.recoveryPointName ?? "unnamed"}) at ${point.recoveryPointTime ?? "?"}; data-loss window ${formatDuration(point.dataLossWindowInSeconds)}`,
    );
  }
  lines.push("", "post-failback tasks:");
  for (const task of outputs.postFailbackTasks ?? []) lines.push(`  - ${task}`);
  if ((outputs.warnings ?? []).length > 0) {
    lines.push("", "warnings:");
    for (const warning of outputs.warnings ?? []) lines.push(`  - ${warning}`);
  }
  return lines.join("\n");
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error("usage: rehearsalSummary <outputs.json>");
    process.exit(2);
  }
  console.log(renderSummary(JSON.parse(readFileSync(file, "utf8")) as RehearsalOutputs));
}
