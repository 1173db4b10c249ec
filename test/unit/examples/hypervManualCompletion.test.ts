import assert from "node:assert/strict";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { asrFailbackMocks } from "../../../provider/testing/mocks";

/** Resolves a Pulumi output in a mocked run. */
function resolvedValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

// The Hyper-V example with completeFailover "manual", run with the package's mocks: like the
// provider, the mocks stop once the data is synced and name the VMs awaiting "complete failover".
describe("example hyperv-alternate-location with manual completion (mocked run)", () => {
  let program: Record<string, pulumi.Output<unknown>>;

  before(async () => {
    pulumi.runtime.setAllConfig({
      "hyperv-alternate-location:targetStage": "committed",
      "hyperv-alternate-location:completeFailover": "manual",
    });
    await pulumi.runtime.setMocks(asrFailbackMocks(), "hyperv-alternate-location", "test", false);
    program = await import(
      path.join(__dirname, "..", "..", "..", "examples", "hyperv-alternate-location", "index.ts")
    );
  });

  it("stops short of targetStage with the VMs awaiting complete failover, and warns how to complete", async () => {
    assert.equal(await resolvedValue(program["stage"]!), "failedOverToAzure");
    assert.deepEqual(await resolvedValue(program["awaitingCompleteFailover"]!), ["hv-file-1", "hv-print-1"]);
    const warnings = (await resolvedValue(program["warnings"]!)) as string[];
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /^HV-04: hv-file-1, hv-print-1 synced and wait for "complete failover"; the plan stops at failedOverToAzure, short of targetStage committed\. To complete, set hyperV\.completeFailover to "automatic"/,
    );
    const statuses = (await resolvedValue(program["itemStatus"]!)) as { runningJob?: string }[];
    assert.ok(statuses.every((status) => typeof status.runningJob === "string"));
  });
});
