/**
 * FailbackPlan resilience through the real pulumi CLI against an in-process emulator: `pulumi up`
 * SIGKILLed (whole process group) in the middle of reprotect and in the middle of failover
 * converges on the rerun with exactly one action per item per stage and no cancel; a full cycle
 * completes with 10 % injected transient faults; a known permanent error fails `up` with one
 * clear message and its guidance.
 *
 * "In the middle" is made certain without sleeping: the emulator's clock is frozen while the
 * doomed `up` runs, so the accepted jobs cannot finish before the kill; it runs fast again for
 * the rerun.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  WINDOWS_MASTER_TARGET,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { spawnInOwnGroup } from "../support/processes";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "failback-plan");
const TIME_SCALE = 20_000;
const ITEMS = ["vm-web-1", "vm-web-2"];

function vmwarePlan(processServerId: string, targetStage: string): string {
  return JSON.stringify({
    flavor: "vmware",
    items: ITEMS,
    targetStage,
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

const stageActions = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
];

function actionsPerItem(emulator: RunningEmulator): Record<string, number[]> {
  return Object.fromEntries(
    ITEMS.map((item) => [
      item,
      stageActions.map((operation) => emulator.requests.actionCount(operation, item)),
    ]),
  );
}

async function startEmulatorAndStack(
  targetStage: string,
): Promise<{ emulator: RunningEmulator; stack: TemporaryStack; processServerId: string }> {
  const emulator = await startTestEmulator({ timeScale: TIME_SCALE });
  const client = clientFor(emulator);
  await prepareFailbackPolicy(client);
  const processServerId = await onPremisesProcessServerId(client);
  const stack = await TemporaryStack.create(programDirectory, {
    env: emulatorEnvironment(emulator),
    config: { plan: vmwarePlan(processServerId, targetStage) },
  });
  return { emulator, stack, processServerId };
}

/**
 * Runs `pulumi up` with the emulator's clock frozen and SIGKILLs its process group once every
 * item has an accepted `operation` (its job is then running and cannot finish), then clears the
 * stale update and lets time run again.
 */
async function killUpDuring(
  emulator: RunningEmulator,
  stack: TemporaryStack,
  operation: string,
): Promise<void> {
  emulator.clock.setTimeScale(0);
  const child = spawnInOwnGroup(
    "pulumi",
    ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--non-interactive"],
    { cwd: programDirectory, env: stack.environment.env, stdio: "ignore" },
  );
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (ITEMS.every((item) => emulator.requests.actionCount(operation, item) > 0)) {
        clearInterval(timer);
        process.kill(-child.pid!, "SIGKILL");
        resolve();
      }
    }, 5);
    child.once("exit", () => {
      clearInterval(timer);
      reject(new Error(`pulumi up finished before ${operation} was accepted for every item`));
    });
  });
  await exited;
  // The jobs are still running in Site Recovery: the kill landed in the middle of the stage.
  const running = ITEMS.map((item) => emulator.store.state.items[item]?.activeJobName);
  assert.ok(
    running.every((job) => job !== undefined),
    `jobs running at the kill: ${JSON.stringify(running)}`,
  );
  await stack.environment.run(["cancel", "--yes", "--stack", stack.stackName], programDirectory);
  emulator.clock.setTimeScale(TIME_SCALE);
}

describe("FailbackPlan resilience end to end (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);

  describe("pulumi up killed mid-stage", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;
    let processServerId: string;

    before(async () => {
      ({ emulator, stack, processServerId } = await startEmulatorAndStack("reprotected"));
    });
    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    it("converges after a SIGKILL in the middle of reprotect, with one reprotect per item and no cancel", async () => {
      await killUpDuring(emulator, stack, "ReplicationProtectedItems_Reprotect");
      const outputs = await stack.up();
      assert.equal(outputs["stage"], "reprotected");
      assert.deepEqual(actionsPerItem(emulator), { "vm-web-1": [1, 0, 0], "vm-web-2": [1, 0, 0] });
      assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
      assert.deepEqual(emulator.store.corruptions(), []);
    });

    it("converges after a SIGKILL in the middle of failover, with one failover per item and no cancel", async () => {
      await stack.setConfig("plan", vmwarePlan(processServerId, "failedOver"));
      await killUpDuring(emulator, stack, "ReplicationProtectedItems_UnplannedFailover");
      const outputs = await stack.up();
      assert.equal(outputs["stage"], "failedOver");
      assert.deepEqual(actionsPerItem(emulator), { "vm-web-1": [1, 1, 0], "vm-web-2": [1, 1, 0] });
      assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
      assert.deepEqual(emulator.store.corruptions(), []);
    });
  });

  describe("faults", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;

    beforeEach(async () => {
      ({ emulator, stack } = await startEmulatorAndStack("protectedToAzure"));
    });
    afterEach(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    it("completes the whole cycle with 10 % transient faults (429 with Retry-After, 500, 503, resets)", async () => {
      // 2.5 % each, 10 % in all; seeds under which every kind fires within the first 30 calls (a
      // whole cycle makes about a hundred), so each kind is exercised on every run.
      const seeds = { throttle: 1, serverError: 7, serviceUnavailable: 12, reset: 13 };
      emulator.faults.add(
        (["throttle", "serverError", "serviceUnavailable", "reset"] as const).map((kind) => ({
          operation: "*",
          kind,
          probability: 0.025,
          seed: seeds[kind],
          retryAfterSeconds: 0,
          retryAfterMs: 1,
        })),
      );
      const outputs = await stack.up();
      assert.equal(outputs["stage"], "protectedToAzure");
      const entries = emulator.requests.all();
      const faulted = entries.filter((entry) => entry.fault);
      const kinds = new Set(faulted.map((entry) => entry.fault));
      assert.deepEqual([...kinds].sort(), ["reset", "serverError", "serviceUnavailable", "throttle"]);
      const rate = faulted.length / entries.length;
      assert.ok(rate > 0.03 && rate < 0.2, `fault rate ${rate.toFixed(3)} of ${entries.length} requests`);
      for (const item of ITEMS) {
        assert.deepEqual(
          stageActions.map((operation) => emulator.requests.actionCount(operation, item)),
          [2, 1, 1],
          `${item}: one reprotect to the site and one back to Azure, one failover, one commit`,
        );
        const reprotectDirections = Object.values(emulator.store.state.jobs)
          .filter((job) => job.action === "reProtect" && job.itemNames.includes(item))
          .map((job) => (job.input["providerSpecificDetails"] as { instanceType?: string }).instanceType)
          .sort();
        assert.deepEqual(reprotectDirections, ["InMage", "InMageAzureV2"], item);
      }
      assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
      assert.deepEqual(emulator.store.corruptions(), []);
    });

    it("fails up with one clear message and its guidance on a permanent error (78093 Azure VM not running)", async () => {
      emulator.store.patchScenario("protectedItems[0].azureVm.running", false);
      const result = await stack.upRaw();
      const output = result.stdout + result.stderr;
      assert.notEqual(result.exitCode, 0, output);
      // The resource's error block holds exactly one reason: the item, the code, the cause, the fix.
      const errorBlock = output.slice(output.indexOf("dynamic/asr:FailbackPlan (plan):"));
      assert.match(
        errorBlock,
        /error: 1 error occurred:\n\s*\* reprotecting vm-web-1: 78093 the Azure VM is not running; start it in the Azure portal and retry\n(\n|$)/,
        output,
      );
      assert.doesNotMatch(output, /RestError|AzureCallError|\.js:\d+:\d+/, "no raw error or stack trace");
      // The healthy item went on; the failed one stays where it was and can be retried.
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", "vm-web-2"), 1);
      assert.equal(emulator.store.state.items["vm-web-1"]?.phase, "FailoverCommittedInAzure");
    });
  });
});
