/**
 * The modernized benchmark: 100 VMware VMs replicated through replication appliances fail back
 * as four plans of 25 in one stack (an appliance's reprotect agent serves at most 60 disks,
 * MR-05, so a site of this size has several), through reprotect → planned failover → commit →
 * reprotect to Azure, with the real `pulumi` CLI against an in-process emulator.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { bundledScenarioPath, parseScenario, type RunningEmulator, type ScenarioInput } from "asr-emulator";
import { totalDurationMs } from "../emulator/model/jobs";
import type { JobRecord } from "../emulator/model/world";
import { startTestEmulator } from "../test/integration/emulator/support";
import { emulatorEnvironment } from "../test/support/emulatorEnvironment";
import { TemporaryStack } from "../test/support/temporaryStack";
import {
  actionsPerItemPerStage,
  cliStartupSeconds,
  jobsByItem,
  pollsPerJob,
  round,
  STAGES,
  type Stage,
  timedUp,
} from "./support";

const ITEM_COUNT = 100;
const APPLIANCE_COUNT = 4;
const programDirectory = join(__dirname, "programs", "failback-plans");
/** As the classic parallel run: ×100 simulated time, Retry-After 1 s, polls every 200 ms (real). */
const SETTINGS = { timeScale: 100, retryAfterSeconds: 1, pollIntervalInMs: 200, maxConcurrency: 100 };

const itemName = (index: number) => `vm-modern-${String(index).padStart(3, "0")}`;
const applianceName = (index: number) => `rcm-app-${String(index + 1).padStart(2, "0")}`;
/** A GUID per appliance, like the vault's. */
const applianceId = (index: number) => `7d30ec24-f20e-4c17-8dfd-d7ccb444b${String(index).padStart(3, "0")}`;

/** The modernized healthy scenario with four appliances and 100 VMs cloned from its app VMs. */
export function modernizedBenchScenario(): ScenarioInput {
  const base = structuredClone(
    parseScenario(readFileSync(bundledScenarioPath("modernized-healthy"), "utf8")),
  ) as Record<string, any>;
  const site = base["applianceSite"];
  const template = site["appliances"][0];
  site["appliances"] = Array.from({ length: APPLIANCE_COUNT }, (_, index) => ({
    ...template,
    name: applianceName(index),
    id: applianceId(index),
    fqdn: `${applianceName(index)}.contoso.local`,
    ipAddress: `192.168.20.${40 + index}`,
  }));
  const templates = ["vm-app-1", "vm-app-2"].map((name) =>
    base["protectedItems"].find((item: { name: string }) => item.name === name),
  );
  base["protectedItems"] = Array.from({ length: ITEM_COUNT }, (_, index) => {
    const { replicationGroup: _group, ...rest } = templates[index % 2];
    const name = itemName(index);
    return {
      ...rest,
      name,
      sourceIpAddress: `192.168.${21 + Math.floor(index / 200)}.${(index % 200) + 10}`,
      azureVm: {
        ...rest.azureVm,
        name,
        ipAddress: `10.60.${2 + Math.floor(index / 200)}.${(index % 200) + 10}`,
      },
    };
  });
  base["recoveryPlans"] = [];
  return base as ScenarioInput;
}

/** Four plans of 25 VMs, each through its own appliance. */
function plansConfig(emulator: RunningEmulator): string {
  const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}`;
  const vault = `${scope}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}`;
  const perPlan = ITEM_COUNT / APPLIANCE_COUNT;
  return JSON.stringify(
    Object.fromEntries(
      Array.from({ length: APPLIANCE_COUNT }, (_, plan) => [
        `modern-${plan + 1}`,
        {
          flavor: "vmware",
          items: Array.from({ length: perPlan }, (_, index) => itemName(plan * perPlan + index)),
          targetStage: "protectedToAzure",
          maxConcurrency: SETTINGS.maxConcurrency,
          modernized: {
            reprotectAgentId: applianceId(plan),
            datastoreName: "ds-gold",
            logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
            policyId: `${vault}/replicationPolicies/crashconsistency-policy-failback`,
            recoveryPointType: "CrashConsistent",
            reprotectToAzure: {
              processServerId: applianceId(plan),
              policyId: `${vault}/replicationPolicies/24-hour-replication-policy`,
            },
          },
        },
      ]),
    ),
  );
}

/** The modernized stage of a job: an InMageRcm reprotect goes to the site, an InMageRcmFailback one back. */
function stageOfJob(job: JobRecord): Stage | undefined {
  if (job.action === "plannedFailover") return "failover";
  if (job.action === "failoverCommit") return "commit";
  if (job.action !== "reProtect") return undefined;
  const details = job.input["providerSpecificDetails"] as { instanceType?: string } | undefined;
  return details?.instanceType === "InMageRcm" ? "reprotect" : "reprotectToAzure";
}

/**
 * The shortest time any client could take: slowest (reprotect job + replication back to the
 * site), then slowest (planned failover + commit + reprotect to Azure), from the job records.
 */
function criticalPathSeconds(emulator: RunningEmulator): number {
  let barrierMs = 0;
  let afterMs = 0;
  for (const [name, jobs] of jobsByItem(emulator, stageOfJob)) {
    const reprotect = jobs.reprotect!;
    barrierMs = Math.max(
      barrierMs,
      totalDurationMs(reprotect) + (reprotect.effects[name]?.syncDurationMs ?? 0),
    );
    afterMs = Math.max(
      afterMs,
      totalDurationMs(jobs.failover!) +
        totalDurationMs(jobs.commit!) +
        totalDurationMs(jobs.reprotectToAzure!),
    );
  }
  return (barrierMs + afterMs) / 1000;
}

/** One `pulumi up` of the four plans, measured. */
export async function modernizedRun() {
  const emulator = await startTestEmulator({
    scenario: modernizedBenchScenario(),
    timeScale: SETTINGS.timeScale,
    retryAfterSeconds: SETTINGS.retryAfterSeconds,
  });
  const stack = await TemporaryStack.create(programDirectory, {
    env: emulatorEnvironment(emulator, { ASR_FAILBACK_POLL_INTERVAL_MS: String(SETTINGS.pollIntervalInMs) }),
    config: { plans: plansConfig(emulator) },
  });
  try {
    emulator.requests.clear();
    const up = await timedUp(emulator, stack, programDirectory);
    const startup = cliStartupSeconds(emulator, up.startMs);
    const critical = criticalPathSeconds(emulator);
    const outputs = await stack.outputs();
    return {
      settings: SETTINGS,
      plans: APPLIANCE_COUNT,
      items: ITEM_COUNT,
      stages: outputs["stages"],
      wallSimulatedSeconds: round(up.simulatedSeconds, 0),
      wallRealSeconds: round(up.realSeconds, 1),
      cliStartupSimulatedSeconds: round(startup, 0),
      criticalPathSeconds: round(critical, 0),
      ratio: round(up.simulatedSeconds / critical, 3),
      ratioFromFirstArmRequest: round((up.simulatedSeconds - startup) / critical, 3),
      actions: actionsPerItemPerStage(emulator, stageOfJob),
      polls: pollsPerJob(emulator, SETTINGS, stageOfJob),
    };
  } finally {
    await stack.dispose();
    await emulator.close();
  }
}

/** The BENCHMARKS.md section of the modernized run. */
export function modernizedTable(m: Awaited<ReturnType<typeof modernizedRun>>): string {
  const perStage = STAGES.map((stage) => {
    const entry = m.actions.perStage[stage];
    return `${stage} ${entry.mean} (max ${entry.max}, ${entry.itemsNotExactlyOne} items ≠ 1)`;
  }).join("; ");
  const exactlyOnce = STAGES.every((stage) => m.actions.perStage[stage].itemsNotExactlyOne === 0);
  const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
  const p = m.polls;
  return [
    `## FailbackPlan, modernized: ${m.items} VMware VMs through ${m.plans} replication appliances, whole cycle`,
    "",
    `${m.plans} plans of ${m.items / m.plans} VMs (cloned from the modernized-healthy scenario's app VMs), each through its own appliance (a reprotect agent serves at most 60 disks, MR-05), in one stack and one \`pulumi up\`: reprotect through the appliance → planned failover at a crash-consistent point → commit → reprotect to Azure. Same clock, Retry-After and poll interval as the classic parallel run.`,
    "The critical path: slowest (reprotect job + replication back to the site), then slowest (planned failover + commit + reprotect-to-Azure job).",
    "",
    "| figure | measured | target | |",
    "|---|---|---|---|",
    `| wall ÷ critical path | ${m.ratio} (${m.wallSimulatedSeconds} s ÷ ${m.criticalPathSeconds} s simulated; ${m.wallRealSeconds} s real at ×${m.settings.timeScale}) | ≤ 1.10 | ${verdict(m.ratio <= 1.1)} |`,
    `| CLI start-up before the first ARM request | ${m.cliStartupSimulatedSeconds} s simulated | part of the wall time | |`,
    `| for reference: wall from the first ARM request ÷ critical path | ${m.ratioFromFirstArmRequest} | not the headline | |`,
    `| ASR action calls per item per stage (mean) | ${perStage} | exactly 1 | ${verdict(exactlyOnce)} |`,
    `| failed jobs / refused action requests | ${m.actions.failedJobs} / ${m.actions.refusedActionRequests} | 0 | ${verdict(m.actions.failedJobs === 0 && m.actions.refusedActionRequests === 0)} |`,
    `| status polls per job (min / mean / max) | ${p.statusPollsPerJob.min} / ${p.statusPollsPerJob.mean} / ${p.statusPollsPerJob.max} over ${p.jobs} jobs | ≈ duration ÷ Retry-After: ${p.durationOverRetryAfter.min} / ${p.durationOverRetryAfter.mean} / ${p.durationOverRetryAfter.max} (Retry-After ${p.retryAfterRealSeconds} s real = ${p.retryAfterSimulatedSeconds} s simulated) | polls ÷ expected ${p.pollsOverExpected.mean} |`,
    `| item reads while waiting (replication) | ${p.itemReadsWhileWaitingForReplication} (poll interval ${m.settings.pollIntervalInMs} ms real) | | |`,
    "",
  ].join("\n");
}
