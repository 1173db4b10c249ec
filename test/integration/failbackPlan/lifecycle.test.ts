/**
 * The FailbackPlan lifecycle over real HTTP against the emulator (time running fast): check
 * derives the planned steps and blocks on broken prerequisites, create drives the items stage by
 * stage exactly once, update continues, read reports the real stage, delete only forgets.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  checkFailbackPlan,
  createFailbackPlan,
  deleteFailbackPlan,
  diffFailbackPlan,
  readFailbackPlan,
  updateFailbackPlan,
} from "../../../provider/resources/failbackPlan";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

const itemActions = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_PlannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
] as const;

function actionCounts(emulator: RunningEmulator, item: string): Record<string, number> {
  return Object.fromEntries(
    itemActions.map((operation) => [operation, emulator.requests.actionCount(operation, item)]),
  );
}

describe("FailbackPlan lifecycle against the emulator", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  let lines: string[];
  beforeEach(async () => {
    ({ emulator, processServerId, lines } = await startPlanEmulator());
  });
  afterEach(() => stopPlanEmulator(emulator));

  it("plans every VMware step for review, then drives one stage per target stage", async () => {
    const first = vmwarePlanInputs(processServerId, { targetStage: "reprotected" });
    const checked = await checkFailbackPlan({}, first);
    assert.deepEqual(checked.failures, undefined);
    assert.deepEqual(checked.inputs["plannedSteps"], [
      "reprotect 2 VMs via mt-win-01 / cs01.contoso.local (retention E:, datastore vmfs-gold)",
      "wait until 2 VMs replicate to the site, healthy, with a recovery point (RP-05, RP-06)",
    ]);
    assert.match(
      String(checked.inputs["estimate"]),
      /^549\.8 GB of disks on 2 VMs .*set link\.bandwidthInMbps/,
    );

    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "reprotected");
    assert.deepEqual(actionCounts(emulator!, "vm-web-1"), {
      ReplicationProtectedItems_Reprotect: 1,
      ReplicationProtectedItems_UnplannedFailover: 0,
      ReplicationProtectedItems_PlannedFailover: 0,
      ReplicationProtectedItems_FailoverCommit: 0,
    });

    // The FailbackPlan class passes its own name; progress lines and messages use it.
    const next = vmwarePlanInputs(processServerId, {
      targetStage: "protectedToAzure",
      resourceName: "web-failback",
    });
    const rechecked = await checkFailbackPlan(created.outs, next);
    assert.deepEqual(rechecked.inputs["plannedSteps"], [
      "failover 2 VMs from Azure at latest processed point; Site Recovery shuts the Azure VMs down",
      "commit 2 VMs; removes the failed-over VMs from Azure",
      `reprotect 2 VMs to Azure via ${processServerId}`,
    ]);
    const diff = await diffFailbackPlan(created.id, created.outs, rechecked.inputs);
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);

    const updated = await updateFailbackPlan(created.id, created.outs, rechecked.inputs);
    const outs = updated.outs!;
    assert.equal(outs["stage"], "protectedToAzure");
    for (const item of ["vm-web-1", "vm-web-2"]) {
      // Exactly one failover and one commit per item; reprotect exactly twice (to the site, then
      // back to Azure once the agent registered: FO-05).
      const counts = actionCounts(emulator!, item);
      assert.equal(counts.ReplicationProtectedItems_UnplannedFailover, 1);
      assert.equal(counts.ReplicationProtectedItems_FailoverCommit, 1);
      assert.equal(counts.ReplicationProtectedItems_Reprotect, 2);
    }
    const points = outs["recoveryPointsUsed"] as {
      item: string;
      recoveryPointName?: string;
      dataLossWindowInSeconds?: number;
    }[];
    assert.deepEqual(points.map((point) => point.item).sort(), ["vm-web-1", "vm-web-2"]);
    for (const point of points) {
      assert.match(point.recoveryPointName ?? "", /^(cc|ac)-\d+$/);
      assert.ok((point.dataLossWindowInSeconds ?? -1) >= 0);
    }
    const timeline = outs["timeline"] as {
      step: string;
      target: string;
      durationInSeconds?: number;
      state: string;
    }[];
    const steps = timeline
      .filter((entry) => entry.target === "vm-web-1" && entry.state === "Succeeded")
      .map((entry) => entry.step);
    assert.deepEqual(steps, ["reprotect", "failover", "commit", "reprotectToAzure"]);
    assert.ok(
      timeline.every((entry) => entry.durationInSeconds === undefined || entry.durationInSeconds >= 0),
    );
    assert.ok(
      (outs["postFailbackTasks"] as string[]).some((task) => /^FO-03: windows vm vm-web-1/.test(task)),
    );
    assert.ok(
      lines.some((line) => /failback plan web-failback: .*vm-web-1/.test(line)),
      "progress lines name the item",
    );
    // Job lines say how long the job took (or has run), and only when something changed.
    assert.ok(
      lines.some((line) => /commit vm-web-1: job \S+ Succeeded 100%, took \d+ (min|s)/.test(line)),
      `job lines give the job's duration: ${lines.join("\n")}`,
    );
    for (const [index, line] of lines.entries())
      assert.notEqual(line, lines[index - 1], `a line repeats: ${line}`);
    // The run ends with one summary line per step.
    assert.ok(
      lines.some((line) =>
        /failback plan web-failback: reprotectToAzure: 2 targets, 2 jobs succeeded/.test(line),
      ),
      `a summary of reprotect to Azure: ${lines.join("\n")}`,
    );
    assert.deepEqual(emulator!.store.corruptions(), []);
    assert.equal(emulator!.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);

    const converged = await checkFailbackPlan(outs, next);
    assert.deepEqual(converged.inputs["plannedSteps"], [], "a converged plan has nothing left to do");
    assert.deepEqual(outs["plannedSteps"], [], "the run's outputs record that nothing remains");
    assert.equal((await diffFailbackPlan(created.id, outs, converged.inputs)).changes, false);
    // A run recorded as stopped short of the target (a suspended job, an interruption) shows a
    // diff, so the next up carries on instead of reporting the stack as converged.
    const stoppedShort = { ...outs, plannedSteps: rechecked.inputs["plannedSteps"] };
    assert.equal((await diffFailbackPlan(created.id, stoppedShort, converged.inputs)).changes, true);
  });

  it("refuses to move back to a stage already passed", async () => {
    const inputs = vmwarePlanInputs(processServerId, { targetStage: "reprotected" });
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    const back = await checkFailbackPlan(created.outs, { ...inputs, targetStage: "reprotected" });
    assert.equal(back.failures, undefined);
    const items = vmwarePlanInputs(processServerId, { targetStage: "committed" });
    await updateFailbackPlan(created.id, created.outs, (await checkFailbackPlan(created.outs, items)).inputs);
    const refused = await checkFailbackPlan(created.outs, { ...inputs, targetStage: "failedOver" });
    assert.ok(refused.failures && refused.failures.length === 2);
    assert.match(
      refused.failures[0]!.reason,
      /^vm vm-web-1 is already committed, past targetStage failedOver; .*cannot be undone/,
    );
  });

  it("blocks in check with every broken prerequisite at once", async () => {
    const inputs = vmwarePlanInputs(processServerId, {
      items: ["vm-web-1", "vm-nope"],
      targetStage: "failedOver",
    });
    const checked = await checkFailbackPlan({}, inputs);
    assert.ok(checked.failures);
    assert.match(
      checked.failures.map((failure) => failure.reason).join("\n"),
      /vm-nope is not a protected item of the vault/,
    );
  });

  it("reports the real stage on read and forgets without cancelling on delete", async () => {
    const inputs = vmwarePlanInputs(processServerId, { targetStage: "reprotected" });
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    // Someone fails vm-web-1 over in the portal; the clock stands still so the job is still
    // running when the plan is read.
    emulator!.clock.setTimeScale(0);
    emulator!.store.startItemAction("vm-web-1", "unplannedFailover", {
      providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" },
    });
    const read = await readFailbackPlan(created.id, created.outs);
    const status = (read.props!["itemStatus"] as { name: string; stage: string; runningJob?: string }[]).find(
      (entry) => entry.name === "vm-web-1",
    );
    assert.equal(status?.stage, "reprotected");
    assert.ok(status?.runningJob, "the running portal job shows");
    await deleteFailbackPlan(created.id, created.outs);
    assert.ok(
      lines.some((line) =>
        /forgotten; nothing was cancelled.*still running in Site Recovery: UnplannedFailover job/.test(line),
      ),
    );
    assert.equal(emulator!.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
  });
});
