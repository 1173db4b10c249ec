import assert from "node:assert/strict";
import { engineParallelism, engineSlotWarning } from "../../../provider/resources/failbackPlan/engineSlots";

describe("FailbackPlans beyond the engine's parallelism", () => {
  it("reads the engine's --parallel that the language host hands the program", () => {
    assert.equal(engineParallelism({ PULUMI_NODEJS_PARALLEL: "8" }), 8);
    assert.equal(engineParallelism({}), undefined);
    assert.equal(engineParallelism({ PULUMI_NODEJS_PARALLEL: "not-a-number" }), undefined);
    // The CLI's "unbounded" is int32's maximum: no plan waits.
    assert.equal(engineParallelism({ PULUMI_NODEJS_PARALLEL: String(2 ** 31 - 1) }), undefined);
  });

  it("warns on the plans past the limit only, naming the plan, the limit and the fix", () => {
    assert.equal(engineSlotWarning("plan-08", 8, 8), undefined);
    assert.equal(engineSlotWarning("plan-01", 1, undefined), undefined);
    const warning = engineSlotWarning("plan-09", 9, 8);
    assert.match(
      warning ?? "",
      /^FailbackPlan plan-09 is plan 9 of this program, and pulumi runs at most 8 resource operations at once/,
    );
    assert.match(warning ?? "", /plan-09 starts only when an earlier plan has finished/);
    assert.match(warning ?? "", /`pulumi up --parallel N`/);
  });
});
