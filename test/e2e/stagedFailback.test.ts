/**
 * A failback taken one reviewed stage at a time, as a DR team runs it: `pulumi preview` of the
 * next `targetStage` (what the pull request shows), then `pulumi up`, for each stage in turn. The
 * preview of a later stage must judge the items by the one stage model: the failback's own
 * planned failover is not an uncommitted failover to Azure (HV-02), with the Hyper-V job
 * completed automatically, suspended for manual completion, or completed by hand.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { clientFor } from "../integration/emulator/support";
import { exampleStack } from "../support/exampleStack";
import type { PreviewResult, TemporaryStack } from "../support/temporaryStack";

const PLAN_TYPE = "pulumi-nodejs:dynamic/asr:FailbackPlan";

interface ItemStatus {
  readonly name: string;
  readonly stage: string;
  readonly runningJob?: string;
}

/** The plan's planned steps in a preview: where the plan is going, as a reviewer reads it. */
function plannedStepsOf(preview: PreviewResult): string[] {
  const step = preview.steps.find(
    (candidate) =>
      candidate.urn.endsWith(`${PLAN_TYPE}::file-failback`) || candidate.newState?.type === PLAN_TYPE,
  );
  const planned = step?.newState?.inputs?.["plannedSteps"];
  return Array.isArray(planned) ? (planned as string[]) : [];
}

/** Previews `targetStage` (rejecting on any failure) and returns its planned steps. */
async function previewStage(stack: TemporaryStack, targetStage: string): Promise<string[]> {
  await stack.setConfig("targetStage", targetStage);
  const preview = await stack.preview();
  const errors = (preview.diagnostics ?? []).filter((diagnostic) => diagnostic.severity === "error");
  assert.deepEqual(errors, [], `preview of ${targetStage} reported errors`);
  return plannedStepsOf(preview);
}

describe("staged failback through the real pulumi CLI", function () {
  this.timeout(900_000);

  for (const completeFailover of ["automatic", "manual"] as const) {
    describe(`Hyper-V, completeFailover ${completeFailover}`, () => {
      let emulator: RunningEmulator;
      let stack: TemporaryStack;

      before(async () => {
        ({ emulator, stack } = await exampleStack("hyperv-alternate-location", {
          config: { completeFailover },
        }));
      });

      after(async () => {
        await stack?.dispose();
        await emulator?.close();
      });

      it("previews and takes failedOver, committed and protectedToAzure as three ups", async () => {
        const planned = await previewStage(stack, "failedOver");
        assert.ok(
          planned.some((line) => /planned failover of 2 VMs/.test(line)),
          `planned steps: ${planned.join(" | ")}`,
        );
        let outputs = await stack.up();
        const statuses = outputs["itemStatus"] as ItemStatus[] | undefined;
        if (completeFailover === "automatic") {
          assert.equal(outputs["stage"], "failedOver");
        } else {
          // The job waits for "complete failover": the preview of the next stage must not
          // mistake the failback's own failover for an uncommitted failover to Azure.
          await previewStage(stack, "committed");
          assert.equal(outputs["stage"], "failedOverToAzure", JSON.stringify(statuses));
          assert.deepEqual(outputs["awaitingCompleteFailover"], ["hv-file-1", "hv-print-1"]);
          assert.match(
            String((outputs["warnings"] as string[])[0]),
            /HV-04: hv-file-1, hv-print-1 synced and wait for "complete failover"/,
          );
          const client = clientFor(emulator);
          const jobs = await client.listJobs();
          const suspended = jobs.filter((job) => job.properties?.state === "Suspended");
          assert.equal(suspended.length, 2, `suspended jobs: ${JSON.stringify(statuses)}`);
          // Completion is approved declaratively: the next up resumes the suspended jobs.
          await stack.setConfig("completeFailover", "automatic");
          const toComplete = await previewStage(stack, "failedOver");
          for (const item of ["hv-file-1", "hv-print-1"])
            assert.ok(
              toComplete.includes(`await running PlannedFailover job of ${item}`),
              `planned steps: ${toComplete.join(" | ")}`,
            );
          outputs = await stack.up();
          assert.equal(outputs["stage"], "failedOver", JSON.stringify(outputs));
          assert.deepEqual(outputs["awaitingCompleteFailover"], []);
          assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Resume"], 2);
        }

        const toCommit = await previewStage(stack, "committed");
        assert.ok(
          toCommit.some((line) => /commit/.test(line)),
          `planned steps: ${toCommit.join(" | ")}`,
        );
        outputs = await stack.up();
        assert.equal(outputs["stage"], "committed");

        const toProtect = await previewStage(stack, "protectedToAzure");
        assert.ok(
          toProtect.some((line) => /reverse replication|reprotect/i.test(line)),
          `planned steps: ${toProtect.join(" | ")}`,
        );
        outputs = await stack.up();
        assert.equal(outputs["stage"], "protectedToAzure");

        for (const item of ["hv-file-1", "hv-print-1"]) {
          assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", item), 1);
          assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", item), 1);
          assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 1);
        }
      });
    });
  }

  describe("VMware, original location over VPN", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;

    before(async () => {
      ({ emulator, stack } = await exampleStack("vmware-vpn-original-location"));
    });

    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    it("previews and takes reprotected, failedOver, committed and protectedToAzure as four ups", async () => {
      for (const stage of ["reprotected", "failedOver", "committed", "protectedToAzure"]) {
        const planned = await previewStage(stack, stage);
        assert.ok(planned.length > 0, `the preview of ${stage} plans steps`);
        const outputs = await stack.up();
        assert.equal(outputs["stage"], stage);
      }
      for (const item of ["vm-web-1", "vm-web-2"]) {
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 2);
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", item), 1);
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", item), 1);
      }
    });
  });

  describe("VMware modernized, with a planned failover cancelled before commit", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;

    before(async () => {
      ({ emulator, stack } = await exampleStack("vmware-modernized"));
    });

    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    it("previews and takes each stage as one up, going back from failedOver to reprotected by a cancel", async () => {
      const previews: Record<string, string[]> = {};
      const stages = [
        "reprotected",
        "failedOver",
        "reprotected",
        "failedOver",
        "committed",
        "protectedToAzure",
      ];
      for (const [index, stage] of stages.entries()) {
        const planned = await previewStage(stack, stage);
        previews[`${index}:${stage}`] = planned;
        assert.equal(planned[0], "modernized path (replication appliance; InMageRcm → InMageRcmFailback)");
        const outputs = await stack.up();
        assert.equal(outputs["stage"], stage);
      }
      // The way back is the cancel, and preview says so before anything moves.
      assert.deepEqual(previews["2:reprotected"]!.slice(1), [
        "cancel the planned failover of 2 VMs (MR-28): the Azure VMs start again and replication to the site resumes",
      ]);
      for (const item of ["vm-app-1", "vm-app-2"]) {
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item), 2);
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", item), 2);
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCancel", item), 1);
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", item), 1);
      }
      // After commit, going back is refused in preview, and nothing is sent.
      await stack.setConfig("targetStage", "reprotected");
      const refused = await stack.previewRaw();
      assert.notEqual(refused.exitCode, 0);
      assert.match(
        refused.stdout + refused.stderr,
        /vm vm-app-1 is already protectedToAzure, past targetStage reprotected/,
      );
    });
  });
});
