import assert from "node:assert/strict";
import { AzureCallError } from "../../../provider/errors";
import { type ItemPosition, type ItemStage, stageTable } from "../../../provider/stageModel";
import { adoptionAfterRefusal, isRefusal } from "../../../provider/stages/lostAnswer";

const steps = stageTable("vmware", "classic");
const stepOf = (kind: string) => steps.find((step) => step.kind === kind)!;

function position(stage: ItemStage, runningJob?: string): ItemPosition {
  return {
    name: "vm-web-1",
    stage,
    protectionState: "Protected",
    allowedOperations: [],
    ...(runningJob ? { runningJob: { scenarioName: runningJob, jobId: "jobs/j1" } } : {}),
  };
}

describe("adoptionAfterRefusal", () => {
  const cases: {
    name: string;
    step: string;
    current: ItemPosition;
    runningStep?: string;
    expected: "running" | "done" | undefined;
  }[] = [
    {
      name: "adopts the running job of the same step",
      step: "failover",
      current: position("reprotected", "UnplannedFailover"),
      runningStep: "failover",
      expected: "running",
    },
    {
      name: "refuses to adopt a job of another step",
      step: "commit",
      current: position("failedOver", "Reprotect"),
      expected: undefined,
    },
    {
      name: "counts a step whose job already ended",
      step: "commit",
      current: position("committed"),
      expected: "done",
    },
    {
      name: "counts a reprotect already replicating",
      step: "reprotect",
      current: position("reprotecting"),
      expected: "done",
    },
    {
      name: "reports a genuine refusal",
      step: "failover",
      current: position("reprotected"),
      expected: undefined,
    },
  ];
  for (const { name, step, current, runningStep, expected } of cases) {
    it(name, () => {
      assert.equal(
        adoptionAfterRefusal(stepOf(step), current, runningStep ? stepOf(runningStep) : undefined),
        expected,
      );
    });
  }
});

describe("isRefusal", () => {
  it("treats 400 and 409 as refusals, not throttling or server errors", () => {
    const error = (status: number) => new AzureCallError("x", "Code", status, undefined, undefined);
    assert.deepEqual(
      [400, 409, 429, 500].map((status) => isRefusal(error(status))),
      [true, true, false, false],
    );
    assert.equal(isRefusal(new Error("x")), false);
  });
});
