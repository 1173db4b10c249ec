/**
 * FailbackPlan benchmark: a generated 100-VM VMware plan through the whole cycle (reprotect →
 * failover → commit → reprotect to Azure) with the real `pulumi` CLI against an in-process
 * emulator. Run with `npm run bench`; writes bench/results.json and the table in BENCHMARKS.md.
 *
 * Every time is read on the emulator's simulated clock, the clock the job durations live on:
 * "wall time" is the simulated time between spawning `pulumi up` and its exit, so CLI start-up,
 * check, polling latency and retries all count against the plan. The critical path is computed
 * from the emulator's own job records (see {@link criticalPath}).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RunningEmulator, ScenarioInput } from "asr-emulator";
import { agentRegistrationAtMs } from "../emulator/model/actions";
import { totalDurationMs } from "../emulator/model/jobs";
import type { JobRecord } from "../emulator/model/world";
import {
  clientFor,
  healthyScenario,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  WINDOWS_MASTER_TARGET,
} from "../test/integration/emulator/support";
import { emulatorEnvironment } from "../test/support/emulatorEnvironment";
import { TemporaryStack } from "../test/support/temporaryStack";
import { modernizedRun, modernizedTable } from "./modernized";
import {
  actionsPerItemPerStage,
  cliStartupSeconds,
  jobsByItem,
  pollsPerJob,
  type RunSettings,
  round,
  type Stage,
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

/** 100 VMware VMs cloned from the healthy scenario's two web VMs (their sizes and churn alternate). */
export function benchScenario(): ScenarioInput {
  const base = healthyScenario() as Record<string, any>;
  const templates = ["vm-web-1", "vm-web-2"].map((name) =>
    base["protectedItems"].find((item: { name: string }) => item.name === name),
  );
  base["protectedItems"] = Array.from({ length: ITEM_COUNT }, (_, index) => {
    const template = templates[index % 2];
    const name = `vm-bench-${String(index).padStart(3, "0")}`;
    const { replicationGroup: _group, ...rest } = template;
    return {
      ...rest,
      name,
      friendlyName: name,
      azureVm: { ...template.azureVm, name, ipAddress: `10.50.1.${index + 100}` },
    };
  });
  base["recoveryPlans"] = [];
  return base as ScenarioInput;
}

function itemNames(): string[] {
  return Array.from({ length: ITEM_COUNT }, (_, index) => `vm-bench-${String(index).padStart(3, "0")}`);
}

function planConfig(processServerId: string, maxConcurrency: number): string {
  return JSON.stringify({
    flavor: "vmware",
    items: itemNames(),
    targetStage: "protectedToAzure",
    maxConcurrency,
    reprotection: {
      policyId: "policy-failback",
      masterTargetId: WINDOWS_MASTER_TARGET,
      masterTargetName: "mt-win-01",
      processServerId,
      processServerName: "cs01.contoso.local",
      retentionDrive: "E:",
      datastoreName: "vmfs-gold",
    },
  });
}

/** The classic stage of a job: InMage reprotects go to the site, InMageAzureV2 ones back to Azure. */
function stageOfJob(job: JobRecord): Stage | undefined {
  if (job.action === "unplannedFailover") return "failover";
  if (job.action === "failoverCommit") return "commit";
  if (job.action !== "reProtect") return undefined;
  const details = job.input["providerSpecificDetails"] as { instanceType?: string } | undefined;
  return details?.instanceType === "InMage" ? "reprotect" : "reprotectToAzure";
}

/**
 * The shortest time any client could take, on the emulator's clock. Per item: reprotect job +
 * initial sync to the site (the failover waits for it: RP-05/RP-06); the failover barrier waits
 * for the slowest item; then failover job, commit job (or the Mobility agent's registration after
 * the VM booted, whichever is later: FO-05), reprotect-to-Azure job. Job durations are the sums
 * of their phases as the emulator planned them.
 */
function criticalPath(emulator: RunningEmulator): {
  seconds: number;
  barrierSeconds: number;
  afterSeconds: number;
} {
  let barrierMs = 0;
  let afterMs = 0;
  for (const [itemName, jobs] of jobsByItem(emulator, stageOfJob)) {
    const reprotect = jobs.reprotect!;
    barrierMs = Math.max(barrierMs, totalDurationMs(reprotect) + reprotect.effects[itemName]!.syncDurationMs);
    const item = emulator.world().items[itemName]!;
    const agentDelayMs =
      (agentRegistrationAtMs(item, emulator.world().scenario) ?? 0) - (item.onPremisesVmBootAtMs ?? 0);
    afterMs = Math.max(
      afterMs,
      totalDurationMs(jobs.failover!) +
        Math.max(totalDurationMs(jobs.commit!), agentDelayMs) +
        totalDurationMs(jobs.reprotectToAzure!),
    );
  }
  return {
    seconds: (barrierMs + afterMs) / 1000,
    barrierSeconds: barrierMs / 1000,
    afterSeconds: afterMs / 1000,
  };
}

async function prepared(settings: RunSettings) {
  const emulator = await startTestEmulator({
    scenario: benchScenario(),
    timeScale: settings.timeScale,
    retryAfterSeconds: settings.retryAfterSeconds,
  });
  const client = clientFor(emulator);
  await prepareFailbackPolicy(client);
  const processServerId = await onPremisesProcessServerId(client);
  const stack = await TemporaryStack.create(programDirectory, {
    env: emulatorEnvironment(emulator, { ASR_FAILBACK_POLL_INTERVAL_MS: String(settings.pollIntervalInMs) }),
    config: { plan: planConfig(processServerId, settings.maxConcurrency) },
  });
  emulator.requests.clear();
  return { emulator, stack };
}

async function parallelRun() {
  const { emulator, stack } = await prepared(PARALLEL);
  try {
    const up = await timedUp(emulator, stack, programDirectory);
    const startupSimulatedSeconds = cliStartupSeconds(emulator, up.startMs);
    const path = criticalPath(emulator);
    const actions = actionsPerItemPerStage(emulator, stageOfJob);
    const polls = pollsPerJob(emulator, PARALLEL, stageOfJob);
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
    const path = criticalPath(emulator);
    const outputs = await stack.outputs();
    return {
      settings: SEQUENTIAL,
      stage: outputs["stage"],
      wallSimulatedSeconds: round(up.simulatedSeconds, 0),
      wallRealSeconds: round(up.realSeconds, 1),
      criticalPathSeconds: round(path.seconds, 0),
      ratio: round(up.simulatedSeconds / path.seconds, 3),
      actions: actionsPerItemPerStage(emulator, stageOfJob),
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
  ].join("\n");
}

async function main(): Promise<void> {
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
  };
  writeFileSync(join(__dirname, "results.json"), `${JSON.stringify(results, null, 2)}\n`);
  const file = join(__dirname, "..", "BENCHMARKS.md");
  writeFileSync(file, benchmarksTable(results));
  process.stdout.write(`${readFileSync(file, "utf8")}\nbench took ${results.benchRealSeconds} s\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
