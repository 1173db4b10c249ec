/**
 * Measuring pieces the benchmarks share: `pulumi up` timed on the emulator's clock, action calls
 * per item per stage, and status polls per job against duration ÷ Retry-After.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import type { RunningEmulator } from "asr-emulator";
import { totalDurationMs } from "../emulator/model/jobs";
import type { JobRecord } from "../emulator/model/world";
import type { TemporaryStack } from "../test/support/temporaryStack";

/** The stages a benchmark counts actions of. */
export type Stage = "reprotect" | "failover" | "commit" | "reprotectToAzure";
export const STAGES: readonly Stage[] = ["reprotect", "failover", "commit", "reprotectToAzure"];

/** Which stage a job belongs to, per path (classic and modernized tell reprotects apart differently). */
export type StageOfJob = (job: JobRecord) => Stage | undefined;

/** How fast time runs and how the provider polls. */
export interface RunSettings {
  readonly timeScale: number;
  readonly retryAfterSeconds: number;
  readonly pollIntervalInMs: number;
  readonly maxConcurrency: number;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function summary(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { min: round(sorted[0] ?? 0), mean: round(mean), max: round(sorted[sorted.length - 1] ?? 0) };
}

/** The parent of each running process, from `/proc/<pid>/stat` (Linux). */
function parentsOfProcesses(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name in parentheses may hold spaces; the fields after it do not.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return parents;
}

/** Peak resident set (`VmHWM`) of a process in bytes, or 0 once it has gone. */
function peakResidentBytes(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Samples, every `intervalMs`, the peak resident set (`VmHWM`, which the kernel keeps as a
 * high-water mark) of every descendant of `rootPid` whose command line matches `commandLine`,
 * and keeps the highest. The kernel's mark only grows, so the last sample before the process
 * exits misses at most what it grew in its final interval.
 */
export function sampleDescendantPeakRss(
  rootPid: number,
  commandLine: RegExp,
  intervalMs = 250,
): { stop(): { peakBytes: number; processes: number } } {
  let peakBytes = 0;
  const seen = new Set<number>();
  const sample = () => {
    const parents = parentsOfProcesses();
    for (const pid of parents.keys()) {
      let ancestor = parents.get(pid);
      while (ancestor !== undefined && ancestor !== rootPid && ancestor > 1) ancestor = parents.get(ancestor);
      if (ancestor !== rootPid) continue;
      let command = "";
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      } catch {
        continue;
      }
      if (!commandLine.test(command)) continue;
      seen.add(pid);
      peakBytes = Math.max(peakBytes, peakResidentBytes(pid));
    }
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakBytes, processes: seen.size };
    },
  };
}

/** The command line of a Node.js dynamic provider's process (the CLI starts one per run). */
export const DYNAMIC_PROVIDER_COMMAND = /dynamic-provider/;

/**
 * `pulumi up` timed on the emulator clock (spawn → exit) and on the real clock, with the
 * dynamic provider process's peak resident set and the CLI's output; `extraArgs` go to the CLI.
 */
export async function timedUp(
  emulator: RunningEmulator,
  stack: TemporaryStack,
  programDirectory: string,
  extraArgs: readonly string[] = [],
): Promise<{
  output: string;
  simulatedSeconds: number;
  realSeconds: number;
  startMs: number;
  startRealEpochMs: number;
  providerPeakRssBytes: number;
  providerProcesses: number;
}> {
  const startMs = emulator.clock.nowMs();
  const startRealEpochMs = Date.now();
  const realStart = performance.now();
  const child = spawn(
    "pulumi",
    ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--non-interactive", ...extraArgs],
    { cwd: programDirectory, env: stack.environment.env, stdio: ["ignore", "pipe", "pipe"] },
  );
  const rss = sampleDescendantPeakRss(child.pid!, DYNAMIC_PROVIDER_COMMAND);
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const endMs = emulator.clock.nowMs();
  const { peakBytes, processes } = rss.stop();
  if (code !== 0) throw new Error(`pulumi up exited with ${code}\n${output.slice(-4000)}`);
  return {
    output,
    simulatedSeconds: (endMs - startMs) / 1000,
    realSeconds: (performance.now() - realStart) / 1000,
    startMs,
    startRealEpochMs,
    providerPeakRssBytes: peakBytes,
    providerProcesses: processes,
  };
}

/** Simulated seconds from spawning `pulumi up` to its first ARM request. */
export function cliStartupSeconds(emulator: RunningEmulator, startMs: number): number {
  const firstRequest = emulator.requests.all()[0];
  return firstRequest ? (Date.parse(firstRequest.simulatedTime) - startMs) / 1000 : Number.NaN;
}

/** Real seconds from spawning `pulumi up` (at `startRealEpochMs`) to its first ARM request. */
export function cliStartupRealSeconds(emulator: RunningEmulator, startRealEpochMs: number): number {
  const firstRequest = emulator.requests.all()[0];
  return firstRequest ? (firstRequest.realTimeMs - startRealEpochMs) / 1000 : Number.NaN;
}

/** Succeeded jobs of an item by stage (the last of each; failed attempts are counted apart). */
export function jobsByItem(
  emulator: RunningEmulator,
  stageOfJob: StageOfJob,
): Map<string, Partial<Record<Stage, JobRecord>>> {
  const byItem = new Map<string, Partial<Record<Stage, JobRecord>>>();
  const jobs = Object.values(emulator.world().jobs).sort((a, b) => a.startMs - b.startMs);
  for (const job of jobs) {
    const stage = stageOfJob(job);
    if (!stage || job.failure) continue;
    for (const item of job.itemNames) {
      const entry = byItem.get(item) ?? {};
      entry[stage] = job;
      byItem.set(item, entry);
    }
  }
  return byItem;
}

/** Action calls per item per stage: accepted actions by the job's stage, plus refused POSTs. */
export function actionsPerItemPerStage(emulator: RunningEmulator, stageOfJob: StageOfJob) {
  const perStage: Record<Stage, number[]> = { reprotect: [], failover: [], commit: [], reprotectToAzure: [] };
  const counts = new Map<string, Record<Stage, number>>();
  for (const job of Object.values(emulator.world().jobs)) {
    const stage = stageOfJob(job);
    if (!stage) continue;
    for (const item of job.itemNames) {
      const entry = counts.get(item) ?? { reprotect: 0, failover: 0, commit: 0, reprotectToAzure: 0 };
      entry[stage] += 1;
      counts.set(item, entry);
    }
  }
  for (const entry of counts.values()) for (const stage of STAGES) perStage[stage].push(entry[stage]);
  const refused = emulator.requests
    .all()
    .filter((entry) => entry.action && entry.statusCode !== 202 && !entry.fault).length;
  const failedJobs = Object.values(emulator.world().jobs).filter((job) => job.failure).length;
  return {
    items: counts.size,
    perStage: Object.fromEntries(
      STAGES.map((stage) => [
        stage,
        {
          ...summary(perStage[stage]),
          itemsNotExactlyOne: perStage[stage].filter((count) => count !== 1).length,
        },
      ]),
    ) as Record<Stage, ReturnType<typeof summary> & { itemsNotExactlyOne: number }>,
    refusedActionRequests: refused,
    failedJobs,
  };
}

/** Status polls of each action's operation against job duration ÷ Retry-After (simulated). */
export function pollsPerJob(emulator: RunningEmulator, settings: RunSettings, stageOfJob: StageOfJob) {
  const pollsByOperation = new Map<string, number>();
  for (const entry of emulator.requests.all()) {
    if (entry.operation !== "OperationStatus_Get" && entry.operation !== "OperationResults_Get") continue;
    const id = entry.path.split("/").pop()!.split("?")[0]!;
    pollsByOperation.set(id, (pollsByOperation.get(id) ?? 0) + 1);
  }
  const retryAfterSimulatedSeconds = settings.retryAfterSeconds * settings.timeScale;
  const polls: number[] = [];
  const expected: number[] = [];
  const ratios: number[] = [];
  for (const operation of Object.values(emulator.world().operations)) {
    if (!operation.jobName || !operation.startsJob) continue;
    const job = emulator.world().jobs[operation.jobName];
    if (!job || !stageOfJob(job)) continue;
    const count = pollsByOperation.get(operation.id) ?? 0;
    const due = totalDurationMs(job) / 1000 / retryAfterSimulatedSeconds;
    polls.push(count);
    expected.push(due);
    ratios.push(count / Math.max(1, due));
  }
  return {
    jobs: polls.length,
    retryAfterRealSeconds: settings.retryAfterSeconds,
    retryAfterSimulatedSeconds,
    statusPollsPerJob: summary(polls),
    durationOverRetryAfter: summary(expected),
    pollsOverExpected: summary(ratios),
    itemReadsWhileWaitingForReplication:
      emulator.requests.countsByOperation()["ReplicationProtectedItems_Get"] ?? 0,
  };
}
