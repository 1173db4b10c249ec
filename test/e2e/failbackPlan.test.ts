/**
 * FailbackPlan through the real pulumi CLI against an in-process emulator (time running fast):
 * the preview diff shows the planned steps, each `up` advances one targetStage, a broken
 * prerequisite blocks the preview, and an `up` killed mid-way converges on the rerun with
 * exactly one action per item per stage and no cancel.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { spawnInOwnGroup } from "../support/processes";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "failback-vmware");
const TIME_SCALE = 20_000;

const actions = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
];

describe("FailbackPlan end to end (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);
  let emulator: RunningEmulator;
  let stack: TemporaryStack;

  before(async () => {
    emulator = await startTestEmulator({ timeScale: TIME_SCALE });
    const client = clientFor(emulator);
    await prepareFailbackPolicy(client);
    const processServerId = await onPremisesProcessServerId(client);
    stack = await TemporaryStack.create(programDirectory, {
      env: emulatorEnvironment(emulator),
      config: { targetStage: "reprotected", processServerId },
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("shows the planned steps in pulumi preview --diff", async () => {
    const diff = await stack.previewDiff();
    console.log(
      diff
        .split("\n")
        .filter((line) => /plannedSteps|reprotect|wait until|estimate/.test(line))
        .join("\n"),
    );
    assert.match(diff, /plannedSteps\s*:/);
    assert.match(
      diff,
      /"reprotect 2 VMs via mt-win-01 \/ cs01\.contoso\.local \(retention E:, datastore vmfs-gold\)"/,
    );
    assert.match(
      diff,
      /"wait until 2 VMs replicate to the site, healthy, with a recovery point \(RP-05, RP-06\)"/,
    );
    // A VMware plan shows an estimate, but no Hyper-V settings and no Hyper-V rule label.
    assert.match(diff, /estimate\s*:\s*"up to [\d.]+ GB on 2 VMs/, diff);
    assert.doesNotMatch(diff, /hyperV|HV-08/, diff);
  });

  it("advances one stage per up", async () => {
    let outputs = await stack.up();
    assert.equal(outputs["stage"], "reprotected");
    await stack.setConfig("targetStage", "failedOver");
    const diff = await stack.previewDiff();
    assert.match(
      diff,
      /"failover 2 VMs from Azure at latest processed point; Site Recovery shuts the Azure VMs down"/,
    );
    const failover = await stack.upRaw();
    assert.equal(failover.exitCode, 0, failover.stdout + failover.stderr);
    outputs = await stack.outputs();
    assert.equal(outputs["stage"], "failedOver");
    // The operator's log names the resource, gives each job's duration once it changed state,
    // and ends the stage with a summary line.
    const log = failover.stdout + failover.stderr;
    assert.match(log, /failback plan web: failover vm-web-1: job \S+ Succeeded 100%, took \d+/);
    assert.match(log, /failback plan web: failover: 2 targets, 2 jobs succeeded/);
    assert.doesNotMatch(log, /failback plan plan:/);
    const progressLines = log.split("\n").filter((line) => line.includes("asr-failback: failback plan web:"));
    assert.equal(
      new Set(progressLines).size,
      progressLines.length,
      `a progress line repeats:\n${progressLines.join("\n")}`,
    );
    for (const item of ["vm-web-1", "vm-web-2"]) {
      assert.deepEqual(
        actions.map((operation) => emulator.requests.actionCount(operation, item)),
        [1, 1, 0],
      );
    }
  });

  it("refuses in preview to move back to a stage already passed", async () => {
    await stack.setConfig("targetStage", "reprotected");
    const preview = await stack.previewRaw();
    assert.notEqual(preview.exitCode, 0);
    assert.match(
      preview.stdout + preview.stderr,
      /vm vm-web-1 is already failedOver, past targetStage reprotected/,
    );
    await stack.setConfig("targetStage", "failedOver");
  });

  it("converges after the CLI is killed in the middle of commit, with one action per item per stage", async () => {
    await stack.setConfig("targetStage", "committed");
    const child = spawnInOwnGroup(
      "pulumi",
      ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--non-interactive"],
      { cwd: programDirectory, env: stack.environment.env, stdio: "ignore" },
    );
    // Kill as soon as the first commit action reached the emulator.
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (
          emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", "vm-web-1") +
            emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", "vm-web-2") >
          0
        ) {
          clearInterval(timer);
          process.kill(-child.pid!, "SIGKILL");
          resolve();
        }
      }, 5);
      child.once("exit", () => {
        clearInterval(timer);
        reject(new Error("pulumi up finished before it could be killed"));
      });
    });
    await new Promise((resolve) => child.once("exit", resolve));
    await stack.environment.run(["cancel", "--yes", "--stack", stack.stackName], programDirectory);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "committed");
    for (const item of ["vm-web-1", "vm-web-2"]) {
      assert.deepEqual(
        actions.map((operation) => emulator.requests.actionCount(operation, item)),
        [1, 1, 1],
      );
    }
    assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
  });
});
