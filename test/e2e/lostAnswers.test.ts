/**
 * Lost answers through the real pulumi CLI: Site Recovery applies the reprotect, the failover and
 * the commit, but each first 202 is lost on the wire (the emulator's `dropAnswer` fault resets
 * the connection after the world changed). The pipeline retries the POST, the service refuses the
 * retry, and the plan adopts the job it started: one `pulumi up` reaches committed with every
 * action accepted once per item and no job cancelled.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { exampleStack } from "../support/exampleStack";
import type { TemporaryStack } from "../support/temporaryStack";

const ACTIONS = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
] as const;
const ITEMS = ["vm-web-1", "vm-web-2"];

describe("lost answers (real pulumi CLI, emulator)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator;
  let stack: TemporaryStack;

  before(async () => {
    ({ emulator, stack } = await exampleStack("vmware-vpn-original-location"));
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("reaches committed in one up when the first answer of each action is lost, each action accepted once", async () => {
    emulator.faults.add(ACTIONS.map((operation) => ({ operation, kind: "dropAnswer" as const, count: 1 })));
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "committed");
    for (const operation of ACTIONS) {
      const requests = emulator.requests.all().filter((entry) => entry.operation === operation);
      const dropped = requests.filter((entry) => entry.fault === "dropAnswer");
      assert.equal(dropped.length, 1, `${operation}: one answer lost`);
      assert.equal(dropped[0]!.statusCode, 202, `${operation}: the lost request was applied`);
      const refusedRetries = requests.filter(
        (entry) => entry.itemName === dropped[0]!.itemName && [400, 409].includes(entry.statusCode),
      );
      assert.equal(refusedRetries.length, 1, `${operation}: the retry was refused once`);
      for (const item of ITEMS)
        assert.equal(emulator.requests.actionCount(operation, item), 1, `${operation} ${item}`);
    }
    assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
  });
});
