/**
 * ARM throttling during a failback: another tool in the same subscription drains the
 * subscription's token bucket (a "429 storm"). The provider's requests are refused with 429
 * `SubscriptionRequestsThrottled` and a Retry-After; the plan waits them out and still runs to
 * its target stage with every action accepted exactly once per item.
 */
import assert from "node:assert/strict";
import type { OperationKind, RunningEmulator } from "asr-emulator";
import { checkFailbackPlan, createFailbackPlan } from "../../../provider/resources/failbackPlan";
import { startPlanEmulator, stopPlanEmulator, vmwarePlanInputs } from "./support";

const ACTIONS = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
];

describe("FailbackPlan when other tools drain the subscription's ARM bucket", function () {
  this.timeout(60_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  beforeEach(async () => {
    ({ emulator, processServerId } = await startPlanEmulator());
  });
  afterEach(() => stopPlanEmulator(emulator));

  // The subscription's bucket emptied, then its whole refill taken for 20,000 simulated seconds:
  // about a real second at the plan tests' time scale, so a Retry-After or two outlasts it.
  const cases: { kind: OperationKind; tokens: number; tokensPerSecond: number; refusedMethod: string }[] = [
    { kind: "reads", tokens: 3750, tokensPerSecond: 375, refusedMethod: "GET" },
    { kind: "writes", tokens: 3000, tokensPerSecond: 150, refusedMethod: "POST" },
  ];
  for (const { kind, tokens, tokensPerSecond, refusedMethod } of cases) {
    it(`waits out throttled ${kind} and runs to committed with one action per item`, async () => {
      const checked = await checkFailbackPlan(
        {},
        vmwarePlanInputs(processServerId, { targetStage: "committed" }),
      );
      assert.equal(checked.failures, undefined);
      emulator!.requests.clear();
      emulator!.throttle.drainSubscription({ kind, tokens, tokensPerSecond, durationInSeconds: 20_000 });

      const created = await createFailbackPlan(checked.inputs);

      assert.equal(created.outs["stage"], "committed");
      const refused = emulator!.requests.all().filter((entry) => entry.throttled);
      assert.ok(refused.length >= 1, "the storm refused at least one request");
      assert.ok(refused.every((entry) => entry.statusCode === 429 && entry.method === refusedMethod));
      assert.equal(emulator!.requests.throttledCount(), refused.length);
      for (const operation of ACTIONS) {
        for (const item of ["vm-web-1", "vm-web-2"]) {
          assert.equal(emulator!.requests.actionCount(operation, item), 1, `${operation} on ${item}`);
        }
      }
    });
  }
});
