/**
 * Lost answers: Site Recovery applies an action but its 202 never reaches the provider (the
 * emulator's `dropAnswer` fault resets the connection after the world changed). The pipeline
 * retries the POST, the service refuses the retry (a job holds the item, or the item moved on),
 * and the plan adopts the job it started instead of failing: `up` succeeds with the action
 * accepted once per item.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { checkFailbackPlan, createFailbackPlan } from "../../../provider/resources/failbackPlan";
import { modernizedInputs, startModernized } from "./modernizedSupport";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

/** Every request of `operation`, with its status and fault. */
function attempts(emulator: RunningEmulator, operation: string) {
  return emulator.requests.all().filter((entry) => entry.operation === operation);
}

/** Asserts one answer was dropped, its retry refused, and the run said it adopted the job. */
function assertAdopted(emulator: RunningEmulator, operation: string, lines: readonly string[]): void {
  const log = attempts(emulator, operation);
  const dropped = log.filter((entry) => entry.fault === "dropAnswer");
  assert.equal(dropped.length, 1, "one answer was dropped");
  assert.equal(dropped[0]!.statusCode, 202, "the dropped request was applied");
  const refused = log.filter(
    (entry) => entry.itemName === dropped[0]!.itemName && [400, 409].includes(entry.statusCode),
  );
  assert.equal(refused.length, 1, "the pipeline's retry was refused once");
  assert.ok(
    lines.some((line) => line.includes(`${dropped[0]!.itemName}: refused because`)),
    lines.join("\n"),
  );
  assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
}

describe("FailbackPlan when an action's answer is lost", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  let lines: string[];
  afterEach(() => stopPlanEmulator(emulator));

  describe("classic VMware", () => {
    beforeEach(async () => {
      ({ emulator, processServerId, lines } = await startPlanEmulator());
    });

    const cases = [
      { step: "reprotect", operation: "ReplicationProtectedItems_Reprotect", targetStage: "reprotected" },
      {
        step: "failover",
        operation: "ReplicationProtectedItems_UnplannedFailover",
        targetStage: "failedOver",
      },
      { step: "commit", operation: "ReplicationProtectedItems_FailoverCommit", targetStage: "committed" },
    ] as const;
    for (const { step, operation, targetStage } of cases) {
      it(`adopts the ${step} job Site Recovery accepted and runs to ${targetStage}`, async () => {
        emulator!.faults.add([{ operation, kind: "dropAnswer", count: 1 }]);
        const checked = await checkFailbackPlan({}, vmwarePlanInputs(processServerId, { targetStage }));
        assert.equal(checked.failures, undefined);
        const created = await createFailbackPlan(checked.inputs);
        assert.equal(created.outs["stage"], targetStage);
        for (const item of ["vm-web-1", "vm-web-2"]) {
          assert.equal(emulator!.requests.actionCount(operation, item), 1, `${operation} on ${item}`);
        }
        assertAdopted(emulator!, operation, lines);
      });
    }

    it("adopts the recovery plan's failover and commit jobs Site Recovery accepted", async () => {
      const operations = [
        "ReplicationRecoveryPlans_UnplannedFailover",
        "ReplicationRecoveryPlans_FailoverCommit",
      ];
      emulator!.faults.add(
        operations.map((operation) => ({ operation, kind: "dropAnswer" as const, count: 1 })),
      );
      const inputs = vmwarePlanInputs(processServerId, {
        recoveryPlanName: "rp-web",
        targetStage: "committed",
      });
      delete inputs["items"];
      const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
      assert.equal(created.outs["stage"], "committed");
      for (const operation of operations) {
        assert.equal(emulator!.requests.actionCount(operation, "rp-web"), 1, operation);
        assert.equal(
          attempts(emulator!, operation).filter((entry) => entry.fault === "dropAnswer").length,
          1,
        );
      }
      for (const kind of ["failover", "commit"]) {
        assert.ok(
          lines.some((line) => line.includes(`${kind} recovery plan rp-web: refused because`)),
          lines.join("\n"),
        );
      }
    });

    it("adopts the reprotect to Azure job Site Recovery accepted", async () => {
      const operation = "ReplicationProtectedItems_Reprotect";
      // The two reprotects to the site pass; the first reprotect to Azure loses its answer.
      emulator!.faults.add([{ operation, kind: "dropAnswer", after: 2, count: 1 }]);
      const inputs = vmwarePlanInputs(processServerId, { targetStage: "protectedToAzure" });
      const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
      assert.equal(created.outs["stage"], "protectedToAzure");
      for (const item of ["vm-web-1", "vm-web-2"]) {
        // Once to the site, once back to Azure.
        assert.equal(emulator!.requests.actionCount(operation, item), 2, `${operation} on ${item}`);
      }
      assertAdopted(emulator!, operation, lines);
    });
  });

  it("adopts a modernized planned failover Site Recovery accepted", async () => {
    ({ emulator, lines } = await startModernized("modernized-healthy"));
    const operation = "ReplicationProtectedItems_PlannedFailover";
    emulator.faults.add([{ operation, kind: "dropAnswer", count: 1 }]);
    const checked = await checkFailbackPlan({}, modernizedInputs(emulator, { targetStage: "failedOver" }));
    assert.equal(checked.failures, undefined);
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "failedOver");
    for (const item of ["vm-app-1", "vm-app-2"]) {
      assert.equal(emulator.requests.actionCount(operation, item), 1, `${operation} on ${item}`);
    }
    assertAdopted(emulator, operation, lines);
  });

  it("adopts a Hyper-V planned failover suspended for complete failover", async () => {
    ({ emulator, lines } = await startPlanEmulator());
    const operation = "ReplicationProtectedItems_PlannedFailover";
    emulator.faults.add([{ operation, kind: "dropAnswer", count: 1 }]);
    const inputs = {
      flavor: "hyperv",
      items: ["hv-file-1", "hv-print-1"],
      targetStage: "committed",
      hyperV: { dataSyncOption: "syncBeforeFailover" },
    };
    const created = await createFailbackPlan((await checkFailbackPlan({}, inputs)).inputs);
    assert.equal(created.outs["stage"], "committed");
    for (const item of ["hv-file-1", "hv-print-1"]) {
      assert.equal(emulator.requests.actionCount(operation, item), 1, `${operation} on ${item}`);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", item), 1);
    }
    assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Resume"] ?? 0, 2);
    assertAdopted(emulator, operation, lines);
  });
});
