/**
 * Every flavor and the recovery plan through the FailbackPlan provider against the emulator:
 * physical P2A2V, Hyper-V with both data sync options (and a manual "complete failover"), a
 * recovery plan with a replication group at a common point, and a cycle under injected faults.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  checkFailbackPlan,
  createFailbackPlan,
  updateFailbackPlan,
} from "../../../provider/resources/failbackPlan";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

describe("FailbackPlan flavors against the emulator", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  beforeEach(async () => {
    ({ emulator, processServerId } = await startPlanEmulator());
  });
  afterEach(() => stopPlanEmulator(emulator));

  it("fails a physical server back as a VMware VM to an alternate location (P2A2V)", async () => {
    const inputs = vmwarePlanInputs(processServerId, {
      flavor: "physical",
      items: ["srv-app-1"],
      targetStage: "committed",
    });
    const checked = await checkFailbackPlan({}, inputs);
    assert.equal(checked.failures, undefined);
    assert.match(String(checked.inputs["estimate"]), /full download/);
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "committed");
    assert.equal(
      emulator!.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", "srv-app-1"),
      1,
    );
  });

  it("refuses a physical plan without a datastore (LOC-04)", async () => {
    const inputs = vmwarePlanInputs(processServerId, {
      flavor: "physical",
      items: ["srv-app-1"],
      targetStage: "committed",
    });
    delete (inputs["reprotection"] as Record<string, unknown>)["datastoreName"];
    const checked = await checkFailbackPlan({}, inputs);
    assert.match(
      checked.failures?.[0]?.reason ?? "",
      /^reprotection\.datastoreName: physical servers fail back only as VMware VMs .*\(LOC-04\)/,
    );
  });

  for (const dataSyncOption of ["syncBeforeFailover", "syncDuringFailover"] as const) {
    it(`fails Hyper-V VMs back with ${dataSyncOption}, commits and reverse-replicates`, async () => {
      const inputs = {
        flavor: "hyperv",
        items: ["hv-file-1", "hv-print-1"],
        targetStage: "protectedToAzure",
        hyperV: { dataSyncOption },
      };
      const checked = await checkFailbackPlan({}, inputs);
      assert.equal(checked.failures, undefined);
      const steps = checked.inputs["plannedSteps"] as string[];
      assert.equal(steps[0], "Hyper-V VMs go to their original Hyper-V hosts");
      assert.match(
        steps[1]!,
        dataSyncOption === "syncBeforeFailover"
          ? /sync before failover, then complete failover automatically$/
          : /sync during failover \(full download\)$/,
      );
      const created = await createFailbackPlan(checked.inputs);
      assert.equal(created.outs["stage"], "protectedToAzure");
      for (const item of ["hv-file-1", "hv-print-1"]) {
        assert.equal(emulator!.requests.actionCount("ReplicationProtectedItems_PlannedFailover", item), 1);
        assert.equal(emulator!.requests.actionCount("ReplicationProtectedItems_FailoverCommit", item), 1);
      }
      assert.equal(
        emulator!.requests.countsByOperation()["ReplicationJobs_Resume"] ?? 0,
        dataSyncOption === "syncBeforeFailover" ? 2 : 0,
      );
      assert.deepEqual(emulator!.store.corruptions(), []);
    });
  }

  it("stops at the suspended sync when complete failover is manual, and completes on the next update", async () => {
    const inputs = {
      flavor: "hyperv",
      items: ["hv-print-1"],
      targetStage: "committed",
      hyperV: { completeFailover: "manual" },
    };
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    assert.deepEqual(created.outs["awaitingCompleteFailover"], ["hv-print-1"]);
    assert.match(
      (created.outs["warnings"] as string[])[0]!,
      /^HV-04: hv-print-1 synced and wait for "complete failover"/,
    );
    const next = { ...inputs, hyperV: { completeFailover: "automatic" } };
    const updated = await updateFailbackPlan(
      created.id,
      created.outs,
      (await checkFailbackPlan(created.outs, next)).inputs,
    );
    assert.equal(updated.outs!["stage"], "committed");
    assert.equal(
      emulator!.requests.actionCount("ReplicationProtectedItems_PlannedFailover", "hv-print-1"),
      1,
      "the suspended job was resumed, not restarted",
    );
  });

  it("fails a recovery plan with a replication group over at a common point, item by item, and commits", async () => {
    const inputs = vmwarePlanInputs(processServerId, {
      items: undefined,
      recoveryPlanName: "rp-web",
      targetStage: "committed",
      useMultiVmSyncPoint: true,
      recoveryPointType: "latestApplicationConsistent",
    });
    delete inputs["items"];
    // srv-app-1 is a physical server in the same plan: alternate location on the VMFS datastore.
    const checked = await checkFailbackPlan({}, inputs);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "committed");
    const points = created.outs["recoveryPointsUsed"] as { item: string; recoveryPointTime?: string }[];
    assert.equal(points.length, 3);
    assert.equal(
      new Set(points.map((point) => point.recoveryPointTime)).size,
      1,
      "one common point for the group",
    );
    for (const item of ["vm-web-1", "vm-web-2", "srv-app-1"]) {
      assert.equal(
        emulator!.requests.actionCount("ReplicationProtectedItems_Reprotect", item),
        1,
        "VMware items reprotect one by one",
      );
    }
    assert.equal(emulator!.requests.countsByOperation()["ReplicationRecoveryPlans_Reprotect"] ?? 0, 0);
  });

  it("fails a recovery plan over and commits it at plan level with the latest point", async () => {
    const inputs = vmwarePlanInputs(processServerId, {
      recoveryPlanName: "rp-web",
      targetStage: "committed",
    });
    delete inputs["items"];
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    assert.equal(created.outs["stage"], "committed");
    assert.equal(emulator!.requests.actionCount("ReplicationRecoveryPlans_UnplannedFailover", "rp-web"), 1);
    assert.equal(emulator!.requests.actionCount("ReplicationRecoveryPlans_FailoverCommit", "rp-web"), 1);
    assert.equal(
      emulator!.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", "vm-web-1"),
      0,
    );
  });

  it("completes the cycle with 10% transient faults (429 with Retry-After, 500, 503, resets)", async () => {
    emulator!.faults.add(
      (["throttle", "serverError", "serviceUnavailable", "reset"] as const).map((kind, index) => ({
        operation: "*",
        kind,
        probability: 0.025,
        seed: 11 + index,
        retryAfterMs: 1,
      })),
    );
    const inputs = vmwarePlanInputs(processServerId, { targetStage: "committed" });
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    assert.equal(created.outs["stage"], "committed");
    const faulted = emulator!.requests.all().filter((entry) => entry.fault).length;
    assert.ok(faulted > 0, "faults were injected");
    for (const item of ["vm-web-1", "vm-web-2"]) {
      assert.equal(emulator!.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", item), 1);
    }
  });

  it("gives one clear message with its guidance for a permanent error (78093 Azure VM not running)", async () => {
    emulator!.store.patchScenario("protectedItems[0].azureVm.running", false);
    const inputs = vmwarePlanInputs(processServerId, { items: ["vm-web-1"], targetStage: "reprotected" });
    await assert.rejects(
      createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs),
      (error: Error & { id?: string; reasons?: string[] }) => {
        assert.equal(error.id, "items/vm-web-1", "partial state is recorded (init error)");
        assert.deepEqual(error.reasons, [
          "reprotecting vm-web-1: 78093 the Azure VM is not running; start it in the Azure portal and retry",
        ]);
        return true;
      },
    );
  });
});
