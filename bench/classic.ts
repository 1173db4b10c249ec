/**
 * The classic VMware site the FailbackPlan benchmarks run against: VMs cloned from the healthy
 * scenario's web VMs, the plan input that reprotects them through its master target, the stage
 * of each of its jobs, and the critical path read from the emulator's job records.
 */
import type { RunningEmulator, ScenarioInput } from "asr-emulator";
import { agentRegistrationAtMs } from "../emulator/model/actions";
import { totalDurationMs } from "../emulator/model/jobs";
import type { JobRecord } from "../emulator/model/world";
import {
  clientFor,
  healthyScenario,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
} from "../test/integration/emulator/support";
import { vmwarePlanInputs } from "../test/integration/failbackPlan/support";
import { jobsByItem, type Stage } from "./support";

/** The name of the benchmark's VM number `index`. */
export const benchItemName = (index: number) => `vm-bench-${String(index).padStart(3, "0")}`;

/** The names of `count` benchmark VMs. */
export function benchItemNames(count: number): string[] {
  return Array.from({ length: count }, (_, index) => benchItemName(index));
}

/**
 * The healthy scenario's /24 holds the 100-VM run as it always has; a larger site gets its own
 * /20 in the same virtual network so every VM keeps a distinct recovery address.
 */
const LARGE_SITE_SUBNET = { name: "snet-bench", addressPrefix: "10.50.16.0/20" };

function azureAddress(index: number, itemCount: number): { subnet?: string; ipAddress: string } {
  if (itemCount <= 150) return { ipAddress: `10.50.1.${index + 100}` };
  return {
    subnet: LARGE_SITE_SUBNET.name,
    ipAddress: `10.50.${16 + Math.floor(index / 250)}.${(index % 250) + 4}`,
  };
}

/** `itemCount` VMware VMs cloned from the healthy scenario's two web VMs (sizes and churn alternate). */
export function benchScenario(itemCount: number): ScenarioInput {
  const base = healthyScenario() as Record<string, any>;
  const templates = ["vm-web-1", "vm-web-2"].map((name) =>
    base["protectedItems"].find((item: { name: string }) => item.name === name),
  );
  if (itemCount > 150) {
    const network = base["azure"]["virtualNetworks"].find(
      (vnet: { name: string }) => vnet.name === templates[0].azureVm.virtualNetwork,
    );
    network.subnets.push(LARGE_SITE_SUBNET);
  }
  base["protectedItems"] = Array.from({ length: itemCount }, (_, index) => {
    const template = templates[index % 2];
    const name = benchItemName(index);
    const { replicationGroup: _group, ...rest } = template;
    return {
      ...rest,
      name,
      friendlyName: name,
      azureVm: { ...template.azureVm, name, ...azureAddress(index, itemCount) },
    };
  });
  base["recoveryPlans"] = [];
  return base as ScenarioInput;
}

/**
 * Creates the failback policy and reads the process server: what every classic plan's
 * reprotection names. Resolves with the plan input for `items`.
 */
export async function prepareClassicSite(
  emulator: RunningEmulator,
): Promise<(items: readonly string[], maxConcurrency: number) => Record<string, unknown>> {
  const client = clientFor(emulator);
  await prepareFailbackPolicy(client);
  const processServerId = await onPremisesProcessServerId(client);
  return (items, maxConcurrency) => vmwarePlanInputs(processServerId, { items, maxConcurrency });
}

/** The classic stage of a job: InMage reprotects go to the site, InMageAzureV2 ones back to Azure. */
export function classicStageOfJob(job: JobRecord): Stage | undefined {
  if (job.action === "unplannedFailover") return "failover";
  if (job.action === "failoverCommit") return "commit";
  if (job.action !== "reProtect") return undefined;
  const details = job.input["providerSpecificDetails"] as { instanceType?: string } | undefined;
  return details?.instanceType === "InMage" ? "reprotect" : "reprotectToAzure";
}

/** When a job ends, on the emulator's clock. */
export const jobEndMs = (job: JobRecord) => job.startMs + totalDurationMs(job);

/**
 * The shortest time any client could take, on the emulator's clock, for plans that run side by
 * side (`plans`: the items of each). Per item: reprotect job + initial sync to the site (the
 * failover waits for it: RP-05/RP-06); a plan's failover barrier waits for its slowest item;
 * then failover job, commit job (or the Mobility agent's registration after the VM booted,
 * whichever is later: FO-05), reprotect-to-Azure job. Job durations are the sums of their phases
 * as the emulator planned them. The slowest plan is the critical path.
 */
export function classicCriticalPath(
  emulator: RunningEmulator,
  plans: readonly (readonly string[])[],
): { seconds: number; barrierSeconds: number; afterSeconds: number } {
  const jobs = jobsByItem(emulator, classicStageOfJob);
  let slowest = { seconds: 0, barrierSeconds: 0, afterSeconds: 0 };
  for (const items of plans) {
    let barrierMs = 0;
    let afterMs = 0;
    for (const itemName of items) {
      const itemJobs = jobs.get(itemName);
      if (!itemJobs) continue;
      const reprotect = itemJobs.reprotect!;
      barrierMs = Math.max(
        barrierMs,
        totalDurationMs(reprotect) + reprotect.effects[itemName]!.syncDurationMs,
      );
      const item = emulator.world().items[itemName]!;
      const agentDelayMs =
        (agentRegistrationAtMs(item, emulator.world().scenario) ?? 0) - (item.onPremisesVmBootAtMs ?? 0);
      afterMs = Math.max(
        afterMs,
        totalDurationMs(itemJobs.failover!) +
          Math.max(totalDurationMs(itemJobs.commit!), agentDelayMs) +
          totalDurationMs(itemJobs.reprotectToAzure!),
      );
    }
    const seconds = (barrierMs + afterMs) / 1000;
    if (seconds > slowest.seconds)
      slowest = { seconds, barrierSeconds: barrierMs / 1000, afterSeconds: afterMs / 1000 };
  }
  return slowest;
}
