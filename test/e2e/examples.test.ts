/**
 * Every emulator-backed program under examples/ runs as a user would run it: the real `pulumi`
 * CLI in the example's directory, against the ASR emulator started with the example's own
 * scenario.yaml (time running fast). Each must preview its planned steps and reach its stage, in
 * both styles of long-running-operation answers: as Microsoft's published examples show them
 * (`Azure-AsyncOperation` and `Retry-After`, no `Location`: an SDK poller's final result is the
 * operation status) and with a `Location` final-result URL (the final result is the item).
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { exampleStack } from "../support/exampleStack";
import type { TemporaryStack } from "../support/temporaryStack";

interface ExampleCase {
  readonly name: string;
  /** Stage the example's plan reaches with its default configuration. */
  readonly stage: string;
  /** Lines the preview must show among the planned steps. */
  readonly plannedSteps: readonly RegExp[];
  /** ASR actions the emulator must have seen, per item: [operation, item, count]. */
  readonly actions: ReadonlyArray<readonly [string, string, number]>;
}

const cases: readonly ExampleCase[] = [
  {
    name: "vmware-vpn-original-location",
    stage: "committed",
    plannedSteps: [/reprotect 2 VMs via mt-win-01/, /failover 2 VMs from Azure/, /commit/],
    actions: [
      ["ReplicationProtectedItems_Reprotect", "vm-web-1", 1],
      ["ReplicationProtectedItems_UnplannedFailover", "vm-web-2", 1],
      ["ReplicationProtectedItems_FailoverCommit", "vm-web-1", 1],
    ],
  },
  {
    name: "physical-p2a2v",
    stage: "committed",
    plannedSteps: [/reprotect 1 VM via mt-win-01/, /failover 1 VM from Azure/],
    actions: [
      ["ReplicationProtectedItems_Reprotect", "srv-app-1", 1],
      ["ReplicationProtectedItems_UnplannedFailover", "srv-app-1", 1],
      ["ReplicationProtectedItems_FailoverCommit", "srv-app-1", 1],
    ],
  },
  {
    name: "hyperv-alternate-location",
    stage: "committed",
    plannedSteps: [
      /Hyper-V VMs go to alternate Hyper-V host hv02, virtual switch vSwitch-LAN \(VMs created when missing\)/,
      /planned failover of 2 VMs to on-premises with sync before failover/,
    ],
    actions: [
      ["ReplicationProtectedItems_PlannedFailover", "hv-file-1", 1],
      ["ReplicationProtectedItems_PlannedFailover", "hv-print-1", 1],
      ["ReplicationProtectedItems_FailoverCommit", "hv-file-1", 1],
    ],
  },
  {
    name: "vmware-modernized",
    stage: "protectedToAzure",
    plannedSteps: [
      /modernized path \(replication appliance; InMageRcm → InMageRcmFailback\)/,
      /reprotect 2 VMs through replication appliance/,
      /planned failover of 2 VMs from Azure at a new crash-consistent point/,
      /commit 2 VMs/,
    ],
    actions: [
      ["ReplicationProtectedItems_Reprotect", "vm-app-1", 2],
      ["ReplicationProtectedItems_PlannedFailover", "vm-app-2", 1],
      ["ReplicationProtectedItems_FailoverCommit", "vm-app-1", 1],
      ["ReplicationProtectedItems_FailoverCommit", "vm-app-2", 1],
    ],
  },
  {
    name: "recovery-plan",
    stage: "committed",
    plannedSteps: [/reprotect 2 VMs/, /failover/, /commit/],
    actions: [
      ["ReplicationProtectedItems_Reprotect", "vm-web-1", 1],
      ["ReplicationProtectedItems_Reprotect", "vm-web-2", 1],
    ],
  },
];

describe("examples (real pulumi CLI against the emulator)", function () {
  this.timeout(900_000);

  for (const [example, lroLocation] of cases.flatMap((example) => [
    [example, false] as const,
    [example, true] as const,
  ])) {
    describe(`${example.name}, LRO answers ${lroLocation ? "with a Location header" : "as published"}`, () => {
      let emulator: RunningEmulator;
      let stack: TemporaryStack;

      before(async () => {
        ({ emulator, stack } = await exampleStack(example.name, { lroLocation }));
      });

      after(async () => {
        await stack?.dispose();
        await emulator?.close();
      });

      it("previews its planned steps without acting", async () => {
        const diff = await stack.previewDiff();
        for (const step of example.plannedSteps) {
          assert.match(diff, step);
        }
        const actions = example.actions.map(([operation, item]) =>
          emulator.requests.actionCount(operation, item),
        );
        assert.ok(
          actions.every((count) => count === 0),
          `preview acted: ${actions.join(",")}`,
        );
      });

      it(`reaches ${example.stage} with one action per item and stage`, async () => {
        const outputs = await stack.up();
        assert.equal(outputs.stage, example.stage);
        for (const [operation, item, count] of example.actions) {
          assert.equal(emulator.requests.actionCount(operation, item), count, `${operation} ${item}`);
        }
        // Answers as published offer no Site Recovery Location final-result URL, so nothing reads
        // one. With Location answers the provider still does not depend on that result: it awaits
        // the action's job through the vault's watcher and reads the item back, so whether a
        // poller follows the URL at all depends on timing and is not asserted.
        const finalResultReads = emulator.requests.countsByOperation()["OperationResults_Get"] ?? 0;
        if (!lroLocation) assert.equal(finalResultReads, 0);
      });
    });
  }
});
