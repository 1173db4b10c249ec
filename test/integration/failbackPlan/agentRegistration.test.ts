/**
 * FO-05 over real HTTP against the emulator (time running fast): after commit the FailbackPlan
 * waits for each on-premises VM's Mobility agent to register before it reprotects the VM to
 * Azure, so the reprotect is issued once; an agent that never registers ends in the FO-05 error.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  checkFailbackPlan,
  createFailbackPlan,
  updateFailbackPlan,
} from "../../../provider/resources/failbackPlan";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

const ITEMS = ["vm-web-1", "vm-web-2"];
const MINUTE_MS = 60_000;
/** Simulated seconds per real second from the failover on: 10 minutes pass in 2 real seconds. */
const SLOW_TIME_SCALE = 300;

/** Reprotect-to-Azure jobs (InMageAzureV2 input) of an item, in start order. */
function reprotectToAzureJobs(emulator: RunningEmulator, item: string) {
  return Object.values(emulator.world().jobs)
    .filter(
      (job) =>
        job.action === "reProtect" &&
        job.itemNames.includes(item) &&
        (job.input["providerSpecificDetails"] as { instanceType?: string }).instanceType === "InMageAzureV2",
    )
    .sort((a, b) => a.startMs - b.startMs);
}

/** Sets how many minutes after boot the agent of each healthy-scenario web VM registers. */
function agentRegistersAfter(emulator: RunningEmulator, minutes: number, items = ITEMS): void {
  const names = emulator.world().scenario.protectedItems.map((item) => item.name);
  for (const item of items)
    emulator.store.patchScenario(
      `protectedItems[${names.indexOf(item)}].agentRegistrationMinutesAfterBoot`,
      minutes,
    );
}

describe("FailbackPlan and the Mobility agent's registration (FO-05)", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  let lines: string[];
  beforeEach(async () => {
    ({ emulator, processServerId, lines } = await startPlanEmulator());
  });
  afterEach(() => stopPlanEmulator(emulator));

  it("issues one reprotect to Azure per item and no failed job when the agent registers 10 minutes after boot", async () => {
    agentRegistersAfter(emulator!, 10);
    const first = vmwarePlanInputs(processServerId, { targetStage: "reprotected" });
    const reprotected = await createFailbackPlan((await checkFailbackPlan({}, first)).inputs);
    assert.equal(reprotected.outs["stage"], "reprotected");
    // The initial sync to the site is done: from here time runs at 5 simulated minutes per real
    // second, so failover, commit and the agent's registration take seconds, not milliseconds,
    // and the wait shows whatever the machine's load.
    emulator!.clock.setTimeScale(SLOW_TIME_SCALE);
    const next = vmwarePlanInputs(processServerId, { targetStage: "protectedToAzure" });
    const rechecked = await checkFailbackPlan(reprotected.outs, next);
    const outs = (await updateFailbackPlan(reprotected.id, reprotected.outs, rechecked.inputs)).outs!;
    assert.equal(outs["stage"], "protectedToAzure");

    const world = emulator!.world();
    for (const item of ITEMS) {
      const jobs = reprotectToAzureJobs(emulator!, item);
      assert.equal(jobs.length, 1, `${item}: exactly one reprotect to Azure`);
      const bootMs = world.items[item]!.onPremisesVmBootAtMs!;
      assert.ok(
        jobs[0]!.startMs >= bootMs + 10 * MINUTE_MS,
        `${item}: reprotected to Azure only once its agent registered`,
      );
      for (const operation of [
        "ReplicationProtectedItems_UnplannedFailover",
        "ReplicationProtectedItems_FailoverCommit",
      ])
        assert.equal(emulator!.requests.actionCount(operation, item), 1, `${item}: ${operation}`);
      assert.equal(emulator!.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 2, item);
      assert.ok(
        lines.some((line) =>
          new RegExp(
            `FO-05: waiting for the Mobility agent of ${item} to register \\(booted \\d+ min ago\\)$`,
          ).test(line),
        ),
        `a progress line names the wait for ${item}: ${lines.filter((line) => /FO-05|reprotectToAzure/.test(line)).join("\n")}`,
      );
    }
    assert.deepEqual(
      Object.values(world.jobs)
        .filter((job) => job.failure)
        .map((job) => job.name),
      [],
      "no failed job",
    );
    const timeline = outs["timeline"] as { step: string; target: string; state: string }[];
    assert.deepEqual(
      timeline.filter((entry) => entry.step === "reprotectToAzure").map((entry) => entry.state),
      ["Succeeded", "Succeeded"],
    );
  });

  it("ends in the FO-05 error after one reprotect when the agent does not register within the window", async () => {
    agentRegistersAfter(emulator!, 600, ["vm-web-1"]);
    const inputs = vmwarePlanInputs(processServerId, {
      items: ["vm-web-1"],
      targetStage: "protectedToAzure",
    });
    await assert.rejects(
      createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs),
      (error: Error & { reasons?: string[] }) => {
        assert.equal(error.reasons?.length, 1, JSON.stringify(error.reasons));
        assert.match(
          error.reasons![0]!,
          /^FO-05: vm vm-web-1 has no registered Mobility agent \d+ minutes after boot; check the mobility service/,
        );
        return true;
      },
    );
    const jobs = reprotectToAzureJobs(emulator!, "vm-web-1");
    assert.equal(jobs.length, 1, "the reprotect was tried once, after the FO-05 window");
    const bootMs = emulator!.world().items["vm-web-1"]!.onPremisesVmBootAtMs!;
    assert.ok(jobs[0]!.startMs >= bootMs + 15 * MINUTE_MS);
  });
});
