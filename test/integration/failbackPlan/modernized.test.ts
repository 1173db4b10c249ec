/**
 * A modernized (replication appliance) FailbackPlan through its provider against the emulator's
 * modernized scenarios: the detected path in the planned steps, MR rules in check with their
 * property paths, a planned failover cancelled by moving the target back before commit (MR-28),
 * and a run to protectedToAzure with each action once per item.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { UNKNOWN_VALUE } from "../../../provider/resources/common";
import {
  checkFailbackPlan,
  createFailbackPlan,
  updateFailbackPlan,
} from "../../../provider/resources/failbackPlan";
import { modernizedInputs, startModernized } from "./modernizedSupport";
import { stopPlanEmulator, vmwarePlanInputs } from "./support";

describe("FailbackPlan on the modernized path against the emulator", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  afterEach(() => stopPlanEmulator(emulator));

  it("names the modernized path in the planned steps and cancels a planned failover before commit", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const toFailedOver = await checkFailbackPlan({}, modernizedInputs(emulator));
    assert.equal(toFailedOver.failures, undefined);
    const steps = toFailedOver.inputs["plannedSteps"] as string[];
    assert.match(steps[0]!, /^modernized path \(replication appliance; InMageRcm → InMageRcmFailback\)$/);
    assert.ok(
      steps.some((step) =>
        /^reprotect 2 VMs through replication appliance rcm-app-01 \(datastore ds-gold/.test(step),
      ),
      steps.join("\n"),
    );
    assert.ok(
      steps.some((step) =>
        /^planned failover of 2 VMs from Azure at a new crash-consistent point/.test(step),
      ),
      steps.join("\n"),
    );
    const failedOver = await createFailbackPlan(toFailedOver.inputs);
    assert.equal(failedOver.outs["stage"], "failedOver");

    // Back to reprotected before commit: preview shows the cancel, up runs it once per item.
    const back = await checkFailbackPlan(
      failedOver.outs,
      modernizedInputs(emulator, { targetStage: "reprotected" }),
    );
    assert.equal(back.failures, undefined);
    assert.deepEqual(back.inputs["plannedSteps"], [
      "modernized path (replication appliance; InMageRcm → InMageRcmFailback)",
      "cancel the planned failover of 2 VMs (MR-28): the Azure VMs start again and replication to the site resumes",
    ]);
    const cancelled = await updateFailbackPlan("plan", failedOver.outs, back.inputs);
    assert.equal(cancelled.outs!["stage"], "reprotected");

    // And on to the end: planned failover again, commit, reprotect to Azure.
    const forward = await checkFailbackPlan(
      cancelled.outs!,
      modernizedInputs(emulator, { targetStage: "protectedToAzure" }),
    );
    assert.equal(forward.failures, undefined);
    const done = await updateFailbackPlan("plan", cancelled.outs!, forward.inputs);
    assert.equal(done.outs!["stage"], "protectedToAzure");
    for (const name of ["vm-app-1", "vm-app-2"]) {
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", name), 2);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", name), 2);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCancel", name), 1);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", name), 1);
    }

    // After commit there is no way back.
    const afterCommit = await checkFailbackPlan(
      done.outs!,
      modernizedInputs(emulator, { targetStage: "reprotected" }),
    );
    assert.equal(afterCommit.failures?.[0]?.property, "targetStage");
    assert.match(
      afterCommit.failures?.[0]?.reason ?? "",
      /vm vm-app-1 is already protectedToAzure, past targetStage reprotected/,
    );
  });

  it("previews a plan whose appliance IDs are not known yet, without reporting them missing (MR-12, MR-30)", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const inputs = modernizedInputs(
      emulator,
      { targetStage: "protectedToAzure" },
      { reprotectAgentId: UNKNOWN_VALUE },
    );
    (inputs["modernized"] as { reprotectToAzure: Record<string, unknown> }).reprotectToAzure[
      "processServerId"
    ] = UNKNOWN_VALUE;
    const checked = await checkFailbackPlan({}, inputs);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    const steps = checked.inputs["plannedSteps"] as string[];
    assert.ok(
      steps.some((step) =>
        step.startsWith(
          "reprotect 2 VMs through replication appliance (known after the topology is created)",
        ),
      ),
      steps.join("\n"),
    );
  });

  it("resolves the reprotect agent from the appliance name", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const inputs = modernizedInputs(
      emulator,
      { items: ["vm-db-1"], targetStage: "reprotected" },
      { reprotectAgentId: undefined, applianceName: "RCM-APP-01" },
    );
    const checked = await checkFailbackPlan({}, inputs);
    assert.equal(checked.failures, undefined);
    const created = await createFailbackPlan(checked.inputs);
    assert.equal(created.outs["stage"], "reprotected");
    // The emulator refuses a reprotect agent its fabric does not list: one accepted reprotect
    // means the name was resolved to the appliance's GUID.
    assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", "vm-db-1"), 1);
  });

  it("refuses an appliance name the vault does not have (MR-03) at modernized.applianceName", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const checked = await checkFailbackPlan(
      {},
      modernizedInputs(
        emulator,
        { targetStage: "reprotected" },
        { reprotectAgentId: undefined, applianceName: "rcm-app-99" },
      ),
    );
    const failure = checked.failures?.find((entry) => entry.reason.startsWith("MR-03:"));
    assert.equal(failure?.property, "modernized.applianceName", JSON.stringify(checked.failures));
  });

  it("refuses a datastore the reprotect agent cannot reach (MR-04) at modernized.datastoreName", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const checked = await checkFailbackPlan(
      {},
      modernizedInputs(emulator, { targetStage: "reprotected" }, { datastoreName: "ds-bronze" }),
    );
    const failure = checked.failures?.find((entry) => entry.reason.startsWith("MR-04:"));
    assert.equal(failure?.property, "modernized.datastoreName", JSON.stringify(checked.failures));
    assert.equal(emulator.requests.countsByOperation()["ReplicationProtectedItems_Reprotect"] ?? 0, 0);
  });

  it("refuses classic reprotection settings for modernized items (MR-01)", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const checked = await checkFailbackPlan({}, vmwarePlanInputs("ps-id", { items: ["vm-app-1"] }));
    assert.ok(
      checked.failures?.some((entry) => /^MR-01: /.test(entry.reason)),
      JSON.stringify(checked.failures),
    );
  });

  it("refuses both architectures in one plan, and protectedToAzure without the way back (MR-01, MR-32)", async () => {
    ({ emulator } = await startModernized("modernized-healthy"));
    const both = await checkFailbackPlan(
      {},
      { ...modernizedInputs(emulator), reprotection: vmwarePlanInputs("ps-id")["reprotection"] },
    );
    assert.deepEqual(
      both.failures?.map((entry) => entry.property),
      ["modernized"],
    );
    assert.match(
      both.failures![0]!.reason,
      /^modernized: MR-01: give reprotection .* or modernized .*, not both/,
    );
    const noWayBack = await checkFailbackPlan(
      {},
      modernizedInputs(emulator, { targetStage: "protectedToAzure" }, { reprotectToAzure: undefined }),
    );
    assert.equal(noWayBack.failures?.[0]?.property, "modernized.reprotectToAzure");
    assert.match(noWayBack.failures![0]!.reason, /MR-32/);
  });
});
