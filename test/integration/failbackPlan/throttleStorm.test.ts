/**
 * Another tool of the subscription empties ARM's buckets in the middle of a failback (a "429
 * storm"): the run slows down, waiting out the Retry-After of each 429, but neither fails nor
 * sends any action twice.
 */
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { RunningEmulator } from "asr-emulator";
import { createFailbackPlan } from "../../../provider/resources/failbackPlan";
import {
  actionsOn,
  FULL_CYCLE_ACTIONS,
  startPlanEmulator,
  stopPlanEmulator,
  vmwarePlanInputs,
} from "./support";

const ITEMS = ["vm-web-1", "vm-web-2"];

describe("FailbackPlan in a 429 storm from another tool", function () {
  this.timeout(120_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  beforeEach(async () => {
    ({ emulator, processServerId } = await startPlanEmulator());
  });
  afterEach(() => stopPlanEmulator(emulator));

  it("slows down while the subscription's buckets are empty, then finishes with each action once", async () => {
    emulator!.requests.clear();
    const throttled = (method: string) =>
      emulator!.requests.all().filter((entry) => entry.statusCode === 429 && entry.method === method);
    // The storm: another tool empties the subscription's read and write buckets as the run
    // starts, and again every few milliseconds for a second and a half. Bursts, not a steady
    // drain: the emulator's Retry-After is in simulated seconds, which its time scale makes
    // thousands of times longer in real time than the whole run.
    const storm = () => {
      for (const kind of ["reads", "writes"] as const)
        emulator!.throttle.drainSubscription({ kind, tokens: 1_000_000 });
    };
    storm();
    let finished = false;
    const run = createFailbackPlan(vmwarePlanInputs(processServerId, { targetStage: "protectedToAzure" }));
    void run.finally(() => {
      finished = true;
    });
    const stormEndsAtMs = Date.now() + 1_500;
    while (!finished && Date.now() < stormEndsAtMs) {
      storm();
      await sleep(10);
    }
    const created = await run;
    assert.equal(created.outs["stage"], "protectedToAzure");
    assert.ok(throttled("GET").length > 0, "no read was throttled: the test did not test");
    console.log(`      throttled: ${throttled("GET").length} reads, ${throttled("POST").length} actions`);
    for (const item of ITEMS) {
      assert.deepEqual(actionsOn(emulator!, item), FULL_CYCLE_ACTIONS, `actions on ${item}`);
    }
  });
});
