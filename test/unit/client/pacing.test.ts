import assert from "node:assert/strict";
import {
  createHttpHeaders,
  createPipelineRequest,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ARM_BUCKETS, RequestPacer, requestKindOf } from "../../../provider/client/pacing";
import type { Clock } from "../../../provider/waits";

/** Virtual time: sleeps end in order of their wake-up time when the test runs the clock. */
function virtualClock() {
  let nowMs = 0;
  const sleepers: { wakeMs: number; resolve: () => void }[] = [];
  const clock: Clock = {
    now: () => nowMs,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        sleepers.push({ wakeMs: nowMs + ms, resolve });
      }),
  };
  return {
    clock,
    now: () => nowMs,
    /** Runs until nothing sleeps any more, waking sleepers in time order. */
    async run() {
      for (;;) {
        for (let round = 0; round < 10; round++) await new Promise((resolve) => setImmediate(resolve));
        if (sleepers.length === 0) return;
        sleepers.sort((a, b) => a.wakeMs - b.wakeMs);
        const next = sleepers.shift()!;
        nowMs = Math.max(nowMs, next.wakeMs);
        next.resolve();
      }
    },
  };
}

/** ARM's bucket for one kind on the virtual clock: answers 429 when empty, else the remaining count. */
function armBucket(now: () => number, burst: number, refillPerSecond: number, kind: string) {
  let tokens = burst;
  let atMs = 0;
  const answered = { ok: 0, throttled: 0, lowest: burst };
  const answer = (request: PipelineRequest): PipelineResponse => {
    tokens = Math.min(burst, tokens + ((now() - atMs) / 1000) * refillPerSecond);
    atMs = now();
    if (tokens < 1) {
      answered.throttled += 1;
      return { request, status: 429, headers: createHttpHeaders({ "retry-after": "1" }) };
    }
    tokens -= 1;
    answered.ok += 1;
    answered.lowest = Math.min(answered.lowest, tokens);
    return {
      request,
      status: 202,
      headers: createHttpHeaders({
        [`x-ms-ratelimit-remaining-subscription-${kind}`]: String(Math.floor(tokens)),
      }),
    };
  };
  return {
    answered,
    answer,
    /** Another tool of the same principal spends the bucket down to `left`. */
    spendDownTo: (left: number) => {
      tokens = left;
    },
  };
}

const post = () => createPipelineRequest({ url: "https://management.azure.com/x", method: "POST" });
const get = () => createPipelineRequest({ url: "https://management.azure.com/x", method: "GET" });

describe("RequestPacer", () => {
  it("counts GET and HEAD as reads, DELETE as deletes, everything else as writes", () => {
    assert.deepEqual(["GET", "HEAD", "DELETE", "POST", "PUT", "PATCH"].map(requestKindOf), [
      "reads",
      "reads",
      "deletes",
      "writes",
      "writes",
      "writes",
    ]);
  });

  it("paces 1,000 writes sent at once within the write bucket: no 429, never below the reserve", async () => {
    const time = virtualClock();
    const arm = armBucket(time.now, ARM_BUCKETS.writes.burst, ARM_BUCKETS.writes.refillPerSecond, "writes");
    const pacer = new RequestPacer(ARM_BUCKETS, () => time.clock);
    const sends = Array.from({ length: 1_000 }, () =>
      pacer.send(post(), async (request) => arm.answer(request)),
    );
    await time.run();
    const responses = await Promise.all(sends);
    assert.equal(arm.answered.throttled, 0);
    assert.ok(responses.every((response) => response.status === 202));
    assert.ok(arm.answered.lowest >= 0);
    // 180 go at once (the bucket less its reserve), the other 820 at the refill rate of 10 a second.
    const expectedSeconds = (1_000 - ARM_BUCKETS.writes.burst * 0.9) / ARM_BUCKETS.writes.refillPerSecond;
    assert.ok(
      Math.abs(time.now() / 1000 - expectedSeconds) <= 1,
      `took ${time.now() / 1000} s, expected about ${expectedSeconds} s`,
    );
  });

  it("holds requests back when ARM says less is left than the local copy counts (another tool)", async () => {
    const time = virtualClock();
    const arm = armBucket(time.now, ARM_BUCKETS.reads.burst, ARM_BUCKETS.reads.refillPerSecond, "reads");
    const pacer = new RequestPacer(ARM_BUCKETS, () => time.clock);
    arm.spendDownTo(31);
    await pacer.send(get(), async (request) => arm.answer(request));
    const sends = Array.from({ length: 100 }, () =>
      pacer.send(get(), async (request) => arm.answer(request)),
    );
    await time.run();
    await Promise.all(sends);
    assert.equal(pacer.counts.throttled, 0);
    assert.equal(arm.answered.throttled, 0);
    assert.ok(pacer.counts.held > 0);
  });

  it("holds every request of the kind for the Retry-After of a 429 and never sends one again", async () => {
    const time = virtualClock();
    const pacer = new RequestPacer(ARM_BUCKETS, () => time.clock);
    const sentAtMs: number[] = [];
    const first = pacer.send(post(), async (request) => {
      sentAtMs.push(time.now());
      return { request, status: 429, headers: createHttpHeaders({ "retry-after": "20" }) };
    });
    await time.run();
    assert.equal((await first).status, 429);
    const second = pacer.send(post(), async (request) => {
      sentAtMs.push(time.now());
      return { request, status: 202, headers: createHttpHeaders() };
    });
    await time.run();
    assert.equal((await second).status, 202);
    assert.deepEqual(sentAtMs, [0, 20_000]);
    assert.equal(pacer.counts.throttled, 1);
  });
});
