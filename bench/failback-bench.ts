/**
 * FailbackPlan benchmark: a generated 100-VM VMware plan through the whole cycle (reprotect →
 * failover → commit → reprotect to Azure) with the real `pulumi` CLI against an in-process
 * emulator. Run with `npm run bench`; writes bench/results.json and the table in BENCHMARKS.md.
 * `npm run bench -- --items 1000` runs the benchmark at scale instead (bench/scale.ts) and
 * replaces only the `scale` figures of both; `--tables` only writes BENCHMARKS.md again from
 * bench/results.json.
 *
 * Every time is read on the emulator's simulated clock, the clock the job durations live on:
 * "wall time" is the simulated time between spawning `pulumi up` and its exit, so CLI start-up,
 * check, polling latency and retries all count against the plan. The critical path is computed
 * from the emulator's own job records (see {@link classicCriticalPath}).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { startTestEmulator } from "../test/integration/emulator/support";
import { emulatorEnvironment } from "../test/support/emulatorEnvironment";
import { TemporaryStack } from "../test/support/temporaryStack";
import {
  benchItemNames,
  benchScenario,
  classicCriticalPath,
  classicStageOfJob,
  prepareClassicSite,
} from "./classic";
import { modernizedRun, modernizedTable } from "./modernized";
import { scaleRun, scaleSection } from "./scale";
import {
  actionsPerItemPerStage,
  cliStartupSeconds,
  pollsPerJob,
  type RunSettings,
  round,
  timedUp,
} from "./support";

const ITEM_COUNT = 100;
const programDirectory = join(__dirname, "..", "test", "e2e", "programs", "failback-plan");

/** The parallel run: simulated seconds per real second, Retry-After and poll interval (real). */
const PARALLEL = { timeScale: 100, retryAfterSeconds: 1, pollIntervalInMs: 200, maxConcurrency: 100 };
/**
 * The sequential baseline (maxConcurrency 1) sums every job of every item: at the parallel run's
 * scale it would take hours, so it runs 200 times faster with a short poll interval instead.
 */
const SEQUENTIAL = { timeScale: 20_000, retryAfterSeconds: 0, pollIntervalInMs: 10, maxConcurrency: 1 };

async function prepared(settings: RunSettings) {
  const emulator = await startTestEmulator({
    scenario: benchScenario(ITEM_COUNT),
    timeScale: settings.timeScale,
    retryAfterSeconds: settings.retryAfterSeconds,
  });
  const planInput = await prepareClassicSite(emulator);
  const stack = await TemporaryStack.create(programDirectory, {
    env: emulatorEnvironment(emulator, { ASR_FAILBACK_POLL_INTERVAL_MS: String(settings.pollIntervalInMs) }),
    config: { plan: JSON.stringify(planInput(benchItemNames(ITEM_COUNT), settings.maxConcurrency)) },
  });
  emulator.requests.clear();
  return { emulator, stack };
}

async function parallelRun() {
  const { emulator, stack } = await prepared(PARALLEL);
  try {
    const up = await timedUp(emulator, stack, programDirectory);
    const startupSimulatedSeconds = cliStartupSeconds(emulator, up.startMs);
    const path = classicCriticalPath(emulator, [benchItemNames(ITEM_COUNT)]);
    const actions = actionsPerItemPerStage(emulator, classicStageOfJob);
    const polls = pollsPerJob(emulator, PARALLEL, classicStageOfJob);
    const outputs = await stack.outputs();

    emulator.requests.clear();
    const preview = await stack.preview();
    const previewEntries = emulator.requests.all();
    const previewGets = previewEntries.filter((entry) => entry.method === "GET");
    const previewByOperation: Record<string, number> = {};
    for (const entry of previewGets)
      previewByOperation[entry.operation] = (previewByOperation[entry.operation] ?? 0) + 1;

    const exported = await stack.export();
    const resources = exported.deployment.resources ?? [];
    const providerBytes = resources
      .filter(
        (resource) =>
          resource.inputs?.["__provider"] !== undefined || resource.outputs?.["__provider"] !== undefined,
      )
      .map((resource) => ({
        type: resource.type,
        inputsBytes: Buffer.byteLength(String(resource.inputs?.["__provider"] ?? ""), "utf8"),
        outputsBytes: Buffer.byteLength(String(resource.outputs?.["__provider"] ?? ""), "utf8"),
      }));
    const stateBytes = Buffer.byteLength(JSON.stringify(exported), "utf8");
    return {
      settings: PARALLEL,
      stage: outputs["stage"],
      wallSimulatedSeconds: round(up.simulatedSeconds, 0),
      wallRealSeconds: round(up.realSeconds, 1),
      cliStartupSimulatedSeconds: round(startupSimulatedSeconds, 0),
      criticalPathSeconds: round(path.seconds, 0),
      criticalPathBarrierSeconds: round(path.barrierSeconds, 0),
      criticalPathAfterBarrierSeconds: round(path.afterSeconds, 0),
      ratio: round(up.simulatedSeconds / path.seconds, 3),
      // For reference only: the same wall time counted from the first ARM request, i.e. without
      // the CLI's start-up. The headline ratio above includes it.
      ratioFromFirstArmRequest: round((up.simulatedSeconds - startupSimulatedSeconds) / path.seconds, 3),
      actions,
      polls,
      preview: {
        changeSummary: preview.changeSummary,
        requests: previewEntries.length,
        gets: previewGets.length,
        getsByOperation: previewByOperation,
      },
      providerBytes,
      stateBytes,
    };
  } finally {
    await stack.dispose();
    await emulator.close();
  }
}

async function sequentialRun() {
  const { emulator, stack } = await prepared(SEQUENTIAL);
  try {
    const up = await timedUp(emulator, stack, programDirectory);
    const path = classicCriticalPath(emulator, [benchItemNames(ITEM_COUNT)]);
    const outputs = await stack.outputs();
    return {
      settings: SEQUENTIAL,
      stage: outputs["stage"],
      wallSimulatedSeconds: round(up.simulatedSeconds, 0),
      wallRealSeconds: round(up.realSeconds, 1),
      criticalPathSeconds: round(path.seconds, 0),
      ratio: round(up.simulatedSeconds / path.seconds, 3),
      actions: actionsPerItemPerStage(emulator, classicStageOfJob),
    };
  } finally {
    await stack.dispose();
    await emulator.close();
  }
}

function benchmarksTable(results: Record<string, any>): string {
  const p = results["parallel"];
  const s = results["sequential"];
  const stages = ["reprotect", "failover", "commit", "reprotectToAzure"];
  const perStage = (run: any) =>
    stages
      .map((stage) => {
        const entry = run.actions.perStage[stage];
        return `${stage} ${entry.mean} (max ${entry.max}, ${entry.itemsNotExactlyOne} items ≠ 1)`;
      })
      .join("; ");
  const provider = p.providerBytes
    .map((entry: any) => `${entry.type}: inputs ${entry.inputsBytes} B, outputs ${entry.outputsBytes} B`)
    .join("; ");
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const exactlyOnce = stages.every((stage) => p.actions.perStage[stage].itemsNotExactlyOne === 0);
  return [
    "# Benchmarks",
    "",
    "## FailbackPlan: 100 VMware VMs, whole cycle",
    "",
    `Generated by \`npm run bench\` (bench/failback-bench.ts) on ${results["measuredAt"]}, Node ${results["node"]}, ${results["cpus"]} CPUs; raw figures in bench/results.json.`,
    "The plan (100 VMs cloned from the healthy scenario's web VMs) goes reprotect → failover → commit → reprotect to Azure in one `pulumi up` of the real CLI against the in-process emulator.",
    "Wall time is the simulated time on the emulator's clock from spawning `pulumi up` to its exit (CLI start-up and check included).",
    "The critical path is computed from the emulator's job records: slowest (reprotect job + initial sync to the site), then slowest (failover job + max(commit job, agent registration after boot) + reprotect-to-Azure job).",
    "",
    "| figure | measured | target | |",
    "|---|---|---|---|",
    `| wall ÷ critical path, maxConcurrency 100 | ${p.ratio} (${p.wallSimulatedSeconds} s ÷ ${p.criticalPathSeconds} s simulated; ${p.wallRealSeconds} s real at ×${p.settings.timeScale}) | ≤ 1.10 | ${verdict(p.ratio <= 1.1)} |`,
    `| wall ÷ critical path, sequential baseline (maxConcurrency 1) | ${s.ratio} (${s.wallSimulatedSeconds} s ÷ ${s.criticalPathSeconds} s simulated; ${s.wallRealSeconds} s real at ×${s.settings.timeScale}) | for comparison | |`,
    `| CLI start-up before the first ARM request | ${p.cliStartupSimulatedSeconds} s simulated | part of the wall time | |`,
    `| for reference: wall from the first ARM request ÷ critical path (CLI start-up left out) | ${p.ratioFromFirstArmRequest} ((${p.wallSimulatedSeconds} − ${p.cliStartupSimulatedSeconds}) s ÷ ${p.criticalPathSeconds} s simulated) | not the headline | |`,
    `| ASR action calls per item per stage (mean) | ${perStage(p)} | exactly 1 | ${verdict(exactlyOnce)} |`,
    `| failed jobs / refused action requests | ${p.actions.failedJobs} / ${p.actions.refusedActionRequests} | 0 | ${verdict(p.actions.failedJobs === 0 && p.actions.refusedActionRequests === 0)} |`,
    `| status polls per job (min / mean / max) | ${p.polls.statusPollsPerJob.min} / ${p.polls.statusPollsPerJob.mean} / ${p.polls.statusPollsPerJob.max} over ${p.polls.jobs} jobs | ≈ duration ÷ Retry-After: ${p.polls.durationOverRetryAfter.min} / ${p.polls.durationOverRetryAfter.mean} / ${p.polls.durationOverRetryAfter.max} (Retry-After ${p.polls.retryAfterRealSeconds} s real = ${p.polls.retryAfterSimulatedSeconds} s simulated) | polls ÷ expected ${p.polls.pollsOverExpected.mean} |`,
    `| item reads while waiting (replication, FO-05) | ${p.polls.itemReadsWhileWaitingForReplication} (poll interval ${p.settings.pollIntervalInMs} ms real) | | |`,
    `| ARM GETs in one \`pulumi preview\` at the target stage | ${p.preview.gets} (${Object.entries(
      p.preview.getsByOperation,
    )
      .map(([operation, count]) => `${operation} ${count}`)
      .join(", ")}) | | |`,
    `| \`__provider\` bytes per resource (\`pulumi stack export\`) | ${provider} | | |`,
    `| whole exported state | ${p.stateBytes} B | | |`,
    "",
    modernizedTable(results["modernized"]),
    scaleSection(results["scale"]),
  ].join("\n");
}

const resultsFile = join(__dirname, "results.json");

/** Writes bench/results.json and BENCHMARKS.md (generated from it) and prints the tables. */
function writeResults(results: Record<string, any>): void {
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  const file = join(__dirname, "..", "BENCHMARKS.md");
  writeFileSync(file, benchmarksTable(results));
  process.stdout.write(`${readFileSync(file, "utf8")}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { items: { type: "string" }, tables: { type: "boolean", default: false } },
    strict: true,
  });
  const previous: Record<string, any> = existsSync(resultsFile)
    ? JSON.parse(readFileSync(resultsFile, "utf8"))
    : {};
  if (values.tables) {
    writeResults(previous);
    return;
  }
  if (values.items !== undefined) {
    const scale = await scaleRun(Number(values.items));
    process.stdout.write(`scale: ${JSON.stringify(scale, null, 2)}\n`);
    writeResults({ ...previous, scale });
    process.stdout.write(`bench took ${scale.benchRealSeconds} s\n`);
    return;
  }
  const started = performance.now();
  const parallel = await parallelRun();
  process.stdout.write(`parallel: ${JSON.stringify(parallel, null, 2)}\n`);
  const sequential = await sequentialRun();
  process.stdout.write(`sequential: ${JSON.stringify(sequential, null, 2)}\n`);
  const modernized = await modernizedRun();
  process.stdout.write(`modernized: ${JSON.stringify(modernized, null, 2)}\n`);
  const results = {
    measuredAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    items: ITEM_COUNT,
    benchRealSeconds: round((performance.now() - started) / 1000, 1),
    parallel,
    sequential,
    modernized,
    // The scale run is its own command: a run of the 100-VM benchmarks keeps its figures.
    ...(previous["scale"] ? { scale: previous["scale"] } : {}),
  };
  writeResults(results);
  process.stdout.write(`bench took ${results.benchRealSeconds} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
