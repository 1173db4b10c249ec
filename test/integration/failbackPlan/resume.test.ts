/**
 * Resuming after an interrupted run: a preview taken while a reprotect runs, or while its initial
 * replication is still in progress, must not refuse with the failover's readiness rules (RP-05,
 * RP-06, MR-22..MR-24); the run will wait for that stage, and plannedSteps names the wait. Nor
 * must one taken while the failover the interrupted run started still runs: the run adopts it.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  checkFailbackPlan,
  createFailbackPlan,
  updateFailbackPlan,
} from "../../../provider/resources/failbackPlan";
import { modernizedReprotectToSiteBody } from "../../../provider/stages/actionBodies";
import type { ModernizedReprotectSettings } from "../../../provider/stages/spec";
import { clientFor, inMageReprotect, vmware } from "../emulator/support";
import { modernizedInputs, startModernized } from "./modernizedSupport";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

const WAIT_LINE = /^wait until 2 VMs replicate to the site, healthy, with a recovery point \(RP-05, RP-06\)$/;

function reasons(result: { failures?: { reason: string }[] }): string {
  return (result.failures ?? []).map((failure) => failure.reason).join("\n");
}

describe("FailbackPlan check when a run resumes mid-reprotect", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  afterEach(() => stopPlanEmulator(emulator));

  it("shows the wait instead of refusing while initial replication runs, then the run waits for it", async () => {
    let processServerId: string;
    ({ emulator, processServerId } = await startPlanEmulator());
    // The interrupted run's reprotects were accepted and ended; replication back has not caught up.
    emulator.clock.setTimeScale(0);
    const client = clientFor(emulator);
    for (const item of ["vm-web-1", "vm-web-2"]) {
      await client.reprotect(vmware(item), inMageReprotect(processServerId), {
        onPoll: () => emulator!.advance(120),
      });
      const read = await client.getProtectedItem(vmware(item));
      assert.equal(read?.properties?.protectionState, "InitialReplicationInProgress");
    }
    const inputs = vmwarePlanInputs(processServerId, { targetStage: "failedOver" });
    const checked = await checkFailbackPlan({}, inputs);
    assert.equal(checked.failures, undefined, reasons(checked));
    const steps = checked.inputs["plannedSteps"] as string[];
    assert.ok(
      steps.some((step) => WAIT_LINE.test(step)),
      steps.join("\n"),
    );
    assert.ok(!steps.some((step) => /^reprotect /.test(step)), "no reprotect is planned again");

    emulator.clock.setTimeScale(20_000);
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "failedOver");
    for (const item of ["vm-web-1", "vm-web-2"]) {
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 1);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", item), 1);
    }
  });

  it("passes check while the failover an interrupted run started still runs, then adopts it", async () => {
    let processServerId: string;
    ({ emulator, processServerId } = await startPlanEmulator());
    const reprotected = vmwarePlanInputs(processServerId, { targetStage: "reprotected" });
    const created = await createFailbackPlan((await checkFailbackPlan({}, reprotected)).inputs);
    // The interrupted run's failover POSTs were accepted; their jobs still run.
    emulator.clock.setTimeScale(0);
    for (const item of ["vm-web-1", "vm-web-2"]) {
      emulator.store.startItemAction(item, "unplannedFailover", {
        providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" },
      });
    }
    const inputs = vmwarePlanInputs(processServerId, { targetStage: "failedOver" });
    const checked = await checkFailbackPlan(created.outs, inputs);
    assert.equal(checked.failures, undefined, reasons(checked));
    const steps = checked.inputs["plannedSteps"] as string[];
    assert.ok(steps.includes("await running UnplannedFailover job of vm-web-1"), steps.join("\n"));

    emulator.clock.setTimeScale(20_000);
    const updated = await updateFailbackPlan(created.id, created.outs, checked.inputs);
    assert.equal(updated.outs?.["stage"], "failedOver");
    for (const item of ["vm-web-1", "vm-web-2"]) {
      // The portal-started jobs are the only failovers: none was issued again.
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", item), 0);
    }
  });

  it("names the running reprotect job it will await", async () => {
    let processServerId: string;
    ({ emulator, processServerId } = await startPlanEmulator());
    emulator.clock.setTimeScale(0);
    emulator.store.startItemAction("vm-web-1", "reProtect", inMageReprotect(processServerId));
    const checked = await checkFailbackPlan(
      {},
      vmwarePlanInputs(processServerId, { targetStage: "failedOver" }),
    );
    assert.equal(checked.failures, undefined, reasons(checked));
    const steps = checked.inputs["plannedSteps"] as string[];
    assert.ok(steps.includes("await running Reprotect job of vm-web-1"), steps.join("\n"));
    assert.ok(
      steps.some((step) => WAIT_LINE.test(step)),
      steps.join("\n"),
    );
  });

  it("shows the wait for modernized items whose replication back is in initial replication", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    emulator.clock.setTimeScale(0);
    const settings = modernizedInputs(emulator)["modernized"] as ModernizedReprotectSettings;
    for (const item of ["vm-app-1", "vm-app-2"]) {
      const { job } = emulator.store.startItemAction(item, "reProtect", {
        ...modernizedReprotectToSiteBody(settings),
      });
      // Move the clock only until the reprotect job ends: replication back has just begun.
      while (emulator.store.jobStatus(emulator.store.findJob(job.name)).state !== "Succeeded")
        emulator.advance(60);
    }
    const checked = await checkFailbackPlan({}, modernizedInputs(emulator, { targetStage: "failedOver" }));
    assert.equal(checked.failures, undefined, reasons(checked));
    const steps = checked.inputs["plannedSteps"] as string[];
    assert.ok(
      steps.some((step) => WAIT_LINE.test(step)),
      steps.join("\n"),
    );

    emulator.clock.setTimeScale(20_000);
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "failedOver");
    for (const item of ["vm-app-1", "vm-app-2"]) {
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 0);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", item), 1);
    }
  });
});
