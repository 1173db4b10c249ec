/**
 * The FailbackPlan benchmark at scale: `npm run bench -- --items 1000` runs 10 plans of 100
 * classic VMware VMs in one stack and one `pulumi up` (the CLI's default parallelism) through every
 * stage, against the emulator with ARM's throttling on, and compares `pulumi preview` of that
 * stack with the same CLI previewing as many no-op dynamic resources with the same inputs.
 */
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RunningEmulator } from "asr-emulator";
import { agentRegistrationAtMs } from "../emulator/model/actions";
import { DEFAULT_THROTTLING } from "../emulator/model/scenarioThrottling";
import { startTestEmulator } from "../test/integration/emulator/support";
import { emulatorEnvironment } from "../test/support/emulatorEnvironment";
import { TemporaryStack } from "../test/support/temporaryStack";
import {
  benchItemNames,
  benchScenario,
  classicCriticalPath,
  classicStageOfJob,
  jobEndMs,
  prepareClassicSite,
} from "./classic";
import {
  actionsPerItemPerStage,
  cliStartupRealSeconds,
  cliStartupSeconds,
  jobsByItem,
  pollsPerJob,
  round,
  STAGES,
  timedUp,
} from "./support";

/** VMs per plan: the size of the 100-VM runs, so a plan at scale is one of those. */
export const ITEMS_PER_PLAN = 100;
/** As the 100-VM parallel run: ×100 simulated time, Retry-After 1 s, polls every 200 ms (real). */
const SETTINGS = { timeScale: 100, retryAfterSeconds: 1, pollIntervalInMs: 200, maxConcurrency: 100 };
/** Previews timed per stack; the median is the figure (one preview is at the mercy of the machine). */
const PREVIEW_RUNS = 3;
/** Enough for every request of a 1,000-VM run, so counts read from the log cover all of it. */
const REQUEST_LOG_CAPACITY = 3_000_000;

const plansDirectory = join(__dirname, "programs", "failback-plans");
const noopDirectory = join(__dirname, "programs", "noop-plans");

/** Reads of protected items: single GETs and the vault's and containers' lists. */
const ITEM_READ_OPERATIONS = new Set([
  "ReplicationProtectedItems_Get",
  "ReplicationProtectedItems_List",
  "ReplicationProtectedItems_ListByReplicationProtectionContainers",
]);

/** The goals the scale run is held to. */
export const SCALE_GOALS = {
  ratio: 1.05,
  throttledResponses: 0,
  readsPerPollIntervalOverItems: 0.05,
  pollsOverExpectedMean: 1.2,
  previewOverNoop: 1.3,
  previewSeconds: 10,
  providerPeakRssBytes: 300 * 1000 * 1000,
};

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The stretches of simulated time in which at least one item waits on the world rather than on a
 * job: replication back to the site after its reprotect (RP-05/RP-06), and the Mobility agent's
 * registration after the failed-back VM booted (FO-05). Merged into disjoint [start, end) pairs.
 */
function waitingWindows(emulator: RunningEmulator): [number, number][] {
  const windows: [number, number][] = [];
  const world = emulator.world();
  for (const [itemName, jobs] of jobsByItem(emulator, classicStageOfJob)) {
    if (jobs.reprotect) {
      const endMs = jobEndMs(jobs.reprotect);
      windows.push([endMs, endMs + (jobs.reprotect.effects[itemName]?.syncDurationMs ?? 0)]);
    }
    const item = world.items[itemName];
    const bootMs = item?.onPremisesVmBootAtMs;
    const registersMs = item ? agentRegistrationAtMs(item, world.scenario) : undefined;
    if (bootMs !== undefined && registersMs !== undefined) windows.push([bootMs, registersMs]);
  }
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of windows) {
    if (end <= start) continue;
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** Item reads inside the waiting windows, and how many poll intervals those windows span. */
function readsWhileWaiting(emulator: RunningEmulator) {
  const windows = waitingWindows(emulator);
  const inWindow = (timeMs: number) => windows.some(([start, end]) => timeMs >= start && timeMs < end);
  const reads = emulator.requests
    .all()
    .filter((entry) => ITEM_READ_OPERATIONS.has(entry.operation) && !entry.throttled)
    .filter((entry) => inWindow(Date.parse(entry.simulatedTime))).length;
  const waitingMs = windows.reduce((sum, [start, end]) => sum + (end - start), 0);
  const pollIntervalSimulatedMs = SETTINGS.pollIntervalInMs * SETTINGS.timeScale;
  return { reads, waitingSeconds: waitingMs / 1000, pollIntervals: waitingMs / pollIntervalSimulatedMs };
}

/** `pulumi preview` of a stack, timed on the real clock `PREVIEW_RUNS` times. */
async function timedPreviews(stack: TemporaryStack): Promise<number[]> {
  const seconds: number[] = [];
  for (let run = 0; run < PREVIEW_RUNS; run += 1) {
    const start = performance.now();
    await stack.preview();
    seconds.push(round((performance.now() - start) / 1000, 2));
  }
  return seconds;
}

/** The plans of a run: `itemCount` VMs in plans of {@link ITEMS_PER_PLAN}. */
function planItemNames(itemCount: number): string[][] {
  if (!Number.isInteger(itemCount) || itemCount < ITEMS_PER_PLAN || itemCount % ITEMS_PER_PLAN !== 0)
    throw new Error(`--items must be a multiple of ${ITEMS_PER_PLAN}, got ${itemCount}`);
  const names = benchItemNames(itemCount);
  return Array.from({ length: itemCount / ITEMS_PER_PLAN }, (_, plan) =>
    names.slice(plan * ITEMS_PER_PLAN, (plan + 1) * ITEMS_PER_PLAN),
  );
}

/** Engine warnings on plans that wait for a `--parallel` slot (see the FailbackPlan's engineSlots). */
const ENGINE_SLOT_WARNING =
  /FailbackPlan (\S+) is plan \d+ of this program, and pulumi runs at most \d+ resource operations at once/g;

/** The plans warned to wait for an engine slot (the CLI prints each warning inline and in its summary). */
function plansWarnedOfEngineSlots(output: string): number {
  return new Set([...output.matchAll(ENGINE_SLOT_WARNING)].map((match) => match[1])).size;
}

/**
 * One `pulumi up` of the plans against a fresh throttling emulator, measured; `parallel` is the
 * CLI's `--parallel` (its default when undefined). `afterUp` runs while the stack and emulator
 * still stand (the previews of the main run).
 */
async function measuredUp<T>(
  plans: readonly string[][],
  parallel: number | undefined,
  afterUp: (stack: TemporaryStack, plansConfig: string) => Promise<T>,
) {
  const emulator = await startTestEmulator({
    scenario: benchScenario(plans.flat().length),
    timeScale: SETTINGS.timeScale,
    retryAfterSeconds: SETTINGS.retryAfterSeconds,
    requestLogCapacity: REQUEST_LOG_CAPACITY,
  });
  try {
    const planInput = await prepareClassicSite(emulator);
    const plansConfig = JSON.stringify(
      Object.fromEntries(
        plans.map((items, index) => [
          `plan-${String(index + 1).padStart(2, "0")}`,
          planInput(items, SETTINGS.maxConcurrency),
        ]),
      ),
    );
    const stack = await TemporaryStack.create(plansDirectory, {
      env: emulatorEnvironment(emulator, {
        ASR_FAILBACK_POLL_INTERVAL_MS: String(SETTINGS.pollIntervalInMs),
      }),
      config: { plans: plansConfig },
    });
    try {
      emulator.requests.clear();
      const up = await timedUp(
        emulator,
        stack,
        plansDirectory,
        parallel === undefined ? [] : ["--parallel", String(parallel)],
      );
      const requestCount = emulator.requests.all().length;
      const startupSimulated = cliStartupSeconds(emulator, up.startMs);
      const startupReal = cliStartupRealSeconds(emulator, up.startRealEpochMs);
      // The CLI's start-up is the machine's, not the world's: it counts in real seconds, not
      // multiplied by the time scale as the rest of the wall time is.
      const wallSeconds = up.simulatedSeconds - startupSimulated + startupReal;
      const critical = classicCriticalPath(emulator, plans);
      const figures = {
        up,
        requestCount,
        startupSimulated,
        startupReal,
        wallSeconds,
        critical,
        engineSlotWarnings: plansWarnedOfEngineSlots(up.output),
        actions: actionsPerItemPerStage(emulator, classicStageOfJob),
        waiting: readsWhileWaiting(emulator),
        polls: pollsPerJob(emulator, SETTINGS, classicStageOfJob),
        throttledResponses: emulator.requests.throttledCount(),
        throttling: emulator.throttle.settings,
        outputs: await stack.outputs(),
      };
      return { ...figures, after: await afterUp(stack, plansConfig) };
    } finally {
      await stack.dispose();
    }
  } finally {
    await emulator.close();
  }
}

/**
 * The scale run: one `pulumi up` of `itemCount` VMs in plans of {@link ITEMS_PER_PLAN} with the
 * CLI's default parallelism, measured, with the previews of that stack and of the no-op stack;
 * then the same `up` again with `--parallel` at the number of plans, where no plan waits for an
 * engine slot, so that the provider's own share of the wall time shows.
 */
export async function scaleRun(itemCount: number) {
  const started = performance.now();
  const plans = planItemNames(itemCount);
  const main = await measuredUp(plans, undefined, async (stack, plansConfig) => {
    const previewSecondsRuns = await timedPreviews(stack);
    const noop = await TemporaryStack.create(noopDirectory, { config: { plans: plansConfig } });
    try {
      await noop.up();
      return { previewSecondsRuns, noopPreviewSecondsRuns: await timedPreviews(noop) };
    } finally {
      await noop.dispose();
    }
  });
  const wide = await measuredUp(plans, plans.length, async () => undefined);
  const { up, critical, actions, waiting, polls } = main;
  const perItemPerStage = STAGES.map((stage) => actions.perStage[stage]);
  const { previewSecondsRuns, noopPreviewSecondsRuns } = main.after;
  return {
    items: itemCount,
    plans: plans.length,
    ratio: round(main.wallSeconds / critical.seconds, 3),
    throttledResponses: main.throttledResponses,
    actionsPerItemPerStage: {
      min: Math.min(...perItemPerStage.map((entry) => entry.min)),
      mean: round(perItemPerStage.reduce((sum, entry) => sum + entry.mean, 0) / perItemPerStage.length),
      max: Math.max(...perItemPerStage.map((entry) => entry.max)),
    },
    readsWhileWaiting: waiting.reads,
    pollIntervals: round(waiting.pollIntervals, 1),
    pollsOverExpectedMean: polls.pollsOverExpected.mean,
    previewSeconds: median(previewSecondsRuns),
    noopPreviewSeconds: median(noopPreviewSecondsRuns),
    providerPeakRssBytes: up.providerPeakRssBytes,
    // Beyond the headline figures: how they were reached.
    settings: { ...SETTINGS, throttling: main.throttling },
    stages: main.outputs["stages"],
    cliDefaultParallel: { engineSlotWarnings: main.engineSlotWarnings },
    wallSeconds: round(main.wallSeconds, 0),
    wallSimulatedSeconds: round(up.simulatedSeconds, 0),
    wallRealSeconds: round(up.realSeconds, 1),
    cliStartupRealSeconds: round(main.startupReal, 2),
    cliStartupSimulatedSeconds: round(main.startupSimulated, 0),
    criticalPathSeconds: round(critical.seconds, 0),
    actionsPerStage: actions.perStage,
    failedJobs: actions.failedJobs,
    refusedActionRequests: actions.refusedActionRequests,
    waitingSeconds: round(waiting.waitingSeconds, 0),
    readsPerPollInterval: round(waiting.reads / Math.max(1, waiting.pollIntervals), 2),
    jobStatusPolls: polls,
    previewSecondsRuns,
    noopPreviewSecondsRuns,
    providerProcesses: up.providerProcesses,
    requests: main.requestCount,
    requestLogComplete: main.requestCount < REQUEST_LOG_CAPACITY,
    parallelAtPlans: {
      parallel: plans.length,
      ratio: round(wide.wallSeconds / wide.critical.seconds, 3),
      wallSeconds: round(wide.wallSeconds, 0),
      wallRealSeconds: round(wide.up.realSeconds, 1),
      criticalPathSeconds: round(wide.critical.seconds, 0),
      throttledResponses: wide.throttledResponses,
      actionsPerItemPerStage: {
        min: Math.min(...STAGES.map((stage) => wide.actions.perStage[stage].min)),
        max: Math.max(...STAGES.map((stage) => wide.actions.perStage[stage].max)),
      },
      readsPerPollInterval: round(wide.waiting.reads / Math.max(1, wide.waiting.pollIntervals), 2),
      pollsOverExpectedMean: wide.polls.pollsOverExpected.mean,
      providerPeakRssBytes: wide.up.providerPeakRssBytes,
      engineSlotWarnings: wide.engineSlotWarnings,
    },
    benchRealSeconds: round((performance.now() - started) / 1000, 1),
  };
}

/** The scale run's figures as bench/results.json holds them. */
export type ScaleResults = Awaited<ReturnType<typeof scaleRun>>;

/** The scale run's default size: 10 plans of 100 VMs. */
export const DEFAULT_SCALE_ITEMS = 1000;

/** The rows of the figures against their goals. */
function scaleRows(scale: ScaleResults): string[] {
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const goals = SCALE_GOALS;
  const perInterval = goals.readsPerPollIntervalOverItems * scale.items;
  const megabytes = (bytes: number) => round(bytes / 1e6, 1);
  const a = scale.actionsPerItemPerStage;
  const wide = scale.parallelAtPlans;
  return [
    "| figure | measured | goal | |",
    "|---|---|---|---|",
    `| wall ÷ critical path, the CLI's default parallelism | ${scale.ratio} (${scale.wallSeconds} s ÷ ${scale.criticalPathSeconds} s; ${scale.wallRealSeconds} s real at ×${scale.settings.timeScale}; CLI start-up ${scale.cliStartupRealSeconds} s real; ${scale.cliDefaultParallel.engineSlotWarnings} plans warned to wait for an engine slot) | ≤ ${goals.ratio} | ${verdict(scale.ratio <= goals.ratio)} |`,
    `| wall ÷ critical path, \`--parallel ${wide.parallel}\` | ${wide.ratio} (${wide.wallSeconds} s ÷ ${wide.criticalPathSeconds} s; ${wide.wallRealSeconds} s real; ${wide.throttledResponses} throttled, actions per item per stage ${wide.actionsPerItemPerStage.min}–${wide.actionsPerItemPerStage.max}, peak RSS ${megabytes(wide.providerPeakRssBytes)} MB) | ≤ ${goals.ratio} | ${verdict(wide.ratio <= goals.ratio)} |`,
    `| throttled responses (429) | ${scale.throttledResponses} of ${scale.requests} requests | ${goals.throttledResponses} | ${verdict(scale.throttledResponses === goals.throttledResponses)} |`,
    `| ASR actions per item per stage (min / mean / max) | ${a.min} / ${a.mean} / ${a.max} (failed jobs ${scale.failedJobs}, refused actions ${scale.refusedActionRequests}) | exactly 1 | ${verdict(a.min === 1 && a.max === 1)} |`,
    `| item reads while waiting, per poll interval | ${scale.readsPerPollInterval} (${scale.readsWhileWaiting} reads over ${scale.pollIntervals} intervals of ${scale.settings.pollIntervalInMs} ms real) | ≤ ${round(perInterval, 1)} (5 % of ${scale.items} items) | ${verdict(scale.readsPerPollInterval <= perInterval)} |`,
    `| job status polls ÷ (job duration ÷ Retry-After), mean | ${scale.pollsOverExpectedMean} over ${scale.jobStatusPolls.jobs} jobs | ≤ ${goals.pollsOverExpectedMean} | ${verdict(scale.pollsOverExpectedMean <= goals.pollsOverExpectedMean)} |`,
    `| \`pulumi preview\` at the target stage | ${scale.previewSeconds} s (no-op baseline ${scale.noopPreviewSeconds} s; ${round(scale.previewSeconds / scale.noopPreviewSeconds, 2)} ×) | ≤ ${goals.previewOverNoop} × no-op and ≤ ${goals.previewSeconds} s | ${verdict(scale.previewSeconds <= goals.previewOverNoop * scale.noopPreviewSeconds && scale.previewSeconds <= goals.previewSeconds)} |`,
    `| provider process peak RSS | ${megabytes(scale.providerPeakRssBytes)} MB (highest of ${scale.providerProcesses} provider processes) | ≤ ${megabytes(goals.providerPeakRssBytes)} MB | ${verdict(scale.providerPeakRssBytes > 0 && scale.providerPeakRssBytes <= goals.providerPeakRssBytes)} |`,
  ];
}

/**
 * The BENCHMARKS.md section of the scale run: how it measures, and its figures once
 * bench/results.json holds them.
 */
export function scaleSection(scale: ScaleResults | undefined): string {
  const items = scale?.items ?? DEFAULT_SCALE_ITEMS;
  const plans = scale?.plans ?? items / ITEMS_PER_PLAN;
  const limits = scale?.settings.throttling ?? DEFAULT_THROTTLING;
  const settings = scale?.settings ?? SETTINGS;
  return [
    `## FailbackPlan at scale: ${items} VMware VMs in ${plans} plans, whole cycle, ARM throttling on`,
    "",
    `Generated by \`npm run bench -- --items ${items}\` (bench/scale.ts); raw figures under \`scale\` in bench/results.json. ${plans} plans of ${ITEMS_PER_PLAN} classic VMware VMs (cloned as in the 100-VM run) in one stack and one \`pulumi up\` with the CLI's default parallelism, against the emulator enforcing ARM's token buckets (per principal: reads ${limits.reads.bucketSize} + ${limits.reads.refillPerSecond}/s, writes ${limits.writes.bucketSize} + ${limits.writes.refillPerSecond}/s, deletes ${limits.deletes.bucketSize} + ${limits.deletes.refillPerSecond}/s; ${limits.subscriptionMultiplier} × that for the subscription; refilled on the simulated clock). Same clock (×${settings.timeScale}), Retry-After (${settings.retryAfterSeconds} s) and poll interval (${settings.pollIntervalInMs} ms real) as the 100-VM runs.`,
    "Wall time is the simulated time from spawning `pulumi up` to its exit, with the CLI's start-up (spawn to first ARM request) counted in real seconds rather than multiplied by the time scale. The critical path is the slowest plan's, computed from the job records as in the 100-VM run.",
    `The CLI runs at most \`--parallel\` resource operations at once, by default 4 × the machine's CPUs, and a plan holds one for its whole run: where the plans outnumber the slots, the last plans start only when the first have finished, and the program warns on each of them. So the same \`up\` runs a second time, on a fresh emulator, with \`--parallel\` at the number of plans; that run shows the provider's own share of the wall time.`,
    `Reads while waiting are protected-item reads (GETs and lists, throttled ones left out) in the stretches of simulated time in which some item waits on the world rather than on a job (replication to the site after reprotect, the Mobility agent's registration after failover), and the poll intervals are the length of those stretches ÷ the provider's poll interval. Job status polls are the reads of each action's operation status against its job's duration ÷ Retry-After. Previews are the median of ${scale?.previewSecondsRuns.length ?? PREVIEW_RUNS} \`pulumi preview\` runs each, real seconds, of the stack at its target stage and of a stack of as many no-op dynamic resources with the same inputs (bench/programs/noop-plans).`,
    "The provider's peak memory is the kernel's high-water mark (`VmHWM` in `/proc/<pid>/status`) of the dynamic provider processes the CLI starts for the run (descendants of `pulumi up` whose command line names `dynamic-provider`), the highest of them, sampled every 250 ms until the CLI exits; the mark only grows, so the last sample misses at most the growth of a provider's final 250 ms.",
    "",
    ...(scale
      ? scaleRows(scale)
      : [
          `Not measured in this revision: \`npm run bench -- --items ${items}\` measures it and writes its table here.`,
        ]),
    "",
  ].join("\n");
}
