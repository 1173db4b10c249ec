import assert from "node:assert/strict";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { ASR_TYPE_PREFIX, asrFailbackMocks } from "../../../provider/testing/mocks";

/** Resolves a Pulumi output in a mocked run. */
function resolvedValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

// The modernized example run with the package's mocks: the appliance's outputs feed the plan.
describe("example vmware-modernized (mocked run)", () => {
  let registrations: { type: string; name: string; inputs: Record<string, any>; id: string }[] = [];
  let program: Record<string, pulumi.Output<unknown>>;

  before(async () => {
    const mocks = asrFailbackMocks();
    const newResource = sinon.spy(mocks, "newResource");
    pulumi.runtime.setAllConfig({ "vmware-modernized:targetStage": "failedOver" });
    await pulumi.runtime.setMocks(mocks, "vmware-modernized", "test", false);
    program = await import(
      path.join(__dirname, "..", "..", "..", "examples", "vmware-modernized", "index.ts")
    );
    await Promise.all(
      Object.values(program).map((output) => resolvedValue(output as pulumi.Output<unknown>)),
    );
    registrations = await Promise.all(
      newResource.getCalls().map(async (call) => {
        const result = await call.returnValue;
        const args = call.args[0];
        return { type: args.type, name: args.name, inputs: args.inputs, id: result.id ?? "" };
      }),
    );
  });

  it("passes the appliance's reprotect agent and process server to the plan", () => {
    const appliance = registrations.find((entry) => entry.type === `${ASR_TYPE_PREFIX}ReplicationAppliance`);
    const plan = registrations.find((entry) => entry.type === `${ASR_TYPE_PREFIX}FailbackPlan`);
    assert.ok(appliance && plan);
    assert.match(appliance.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4000-8000-[0-9a-f]{12}$/);
    assert.equal(plan.inputs.modernized.reprotectAgentId, appliance.id);
    assert.equal(plan.inputs.modernized.reprotectToAzure.processServerId, appliance.id);
    assert.equal(plan.inputs.modernized.recoveryPointType, "CrashConsistent");
  });

  it("reports a healthy appliance and the plan at its target stage with modernized states", async () => {
    assert.equal(await resolvedValue(program["applianceHealth"]!), "Normal");
    assert.equal(await resolvedValue(program["stage"]!), "failedOver");
    const statuses = (await resolvedValue(program["itemStatus"]!)) as {
      name: string;
      protectionState: string;
    }[];
    assert.deepEqual(
      statuses.map((status) => [status.name, status.protectionState]),
      [
        // A failed-back InMageRcmFailback item awaiting commit, not the classic InMage state.
        ["vm-app-1", "CommitPendingStatesBegin"],
        ["vm-app-2", "CommitPendingStatesBegin"],
      ],
    );
  });
});
