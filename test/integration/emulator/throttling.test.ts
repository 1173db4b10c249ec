/**
 * ARM's throttle in the emulator: token buckets per principal and for the subscription, refilled
 * on the simulated clock, with ARM's remaining-requests headers on every answer and its 429
 * `SubscriptionRequestsThrottled` with a Retry-After when a bucket is empty.
 */
import assert from "node:assert/strict";
import type { RunningEmulator, StartEmulatorOptions } from "asr-emulator";
import { clientFor, healthyScenario, startTestEmulator, withEmulatorProgram } from "./support";

const API = "api-version=2023-06-01";

describe("emulator ARM throttling", () => {
  let emulator: RunningEmulator;
  /** The emulator a test started and has not closed itself. */
  let running: RunningEmulator | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const start = async (options: Partial<StartEmulatorOptions> = {}) => {
    emulator = await startTestEmulator(options);
    running = emulator;
    return emulator;
  };
  const vault = () =>
    `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}`;

  async function send(method: string, path: string, token = emulator.token) {
    const response = await fetch(`${emulator.endpoint}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: method === "GET" || method === "DELETE" ? undefined : "{}",
    });
    const text = await response.text();
    return {
      status: response.status,
      header: (name: string) => response.headers.get(name),
      body: (text ? JSON.parse(text) : undefined) as { error?: { code: string; message: string } },
    };
  }
  const read = (token?: string) => send("GET", `${vault()}/replicationPolicies?${API}`, token);
  const write = () => send("PUT", `${vault()}/replicationPolicies/p-throttle?${API}`);
  const remove = () => send("DELETE", `${vault()}/replicationPolicies/p-none?${API}`);
  const reads = async (count: number, token?: string) => {
    const statuses: number[] = [];
    for (let index = 0; index < count; index += 1) statuses.push((await read(token)).status);
    return statuses;
  };
  const small = (bucketSize: number, refillPerSecond = 1, subscriptionMultiplier = 15) => ({
    throttling: {
      reads: { bucketSize, refillPerSecond },
      writes: { bucketSize, refillPerSecond },
      deletes: { bucketSize, refillPerSecond },
      subscriptionMultiplier,
    },
  });

  it("answers ARM's default read burst of 250 and throttles the 251st", async () => {
    await start();
    const first = await read();
    assert.equal(first.status, 200);
    assert.equal(first.header("x-ms-ratelimit-remaining-subscription-reads"), "249");
    assert.equal(first.header("x-ms-ratelimit-remaining-subscription-global-reads"), "3749");
    const rest = await reads(249);
    assert.ok(rest.every((status) => status === 200));
    const refused = await read();
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, "SubscriptionRequestsThrottled");
    assert.equal(refused.header("retry-after"), "1");
    assert.equal(refused.header("x-ms-ratelimit-remaining-subscription-reads"), "0");
  });

  it("counts down the remaining reads, writes and deletes in their own headers", async () => {
    await start();
    const readHeaders = [];
    for (let index = 0; index < 3; index += 1) {
      readHeaders.push((await read()).header("x-ms-ratelimit-remaining-subscription-reads"));
    }
    assert.deepEqual(readHeaders, ["249", "248", "247"]);
    const put = await write();
    assert.equal(put.header("x-ms-ratelimit-remaining-subscription-writes"), "199");
    assert.equal(put.header("x-ms-ratelimit-remaining-subscription-global-writes"), "2999");
    assert.equal(put.header("x-ms-ratelimit-remaining-subscription-reads"), null);
    const deleted = await remove();
    assert.equal(deleted.header("x-ms-ratelimit-remaining-subscription-deletes"), "199");
    assert.equal(deleted.header("x-ms-ratelimit-remaining-subscription-global-deletes"), "2999");
    assert.equal((await read()).header("x-ms-ratelimit-remaining-subscription-reads"), "246");
  });

  it("refuses with Retry-After in seconds until a token is back, and names the principal", async () => {
    await start(small(2, 0.25));
    assert.deepEqual(await reads(2), [200, 200]);
    const refused = await read();
    assert.equal(refused.status, 429);
    assert.equal(refused.header("retry-after"), "4");
    assert.match(
      refused.body.error?.message ?? "",
      new RegExp(
        `^Number of 'read' requests for subscription '${emulator.subscriptionId}' actor '[0-9a-f-]{36}' exceeded\\. Please try again after '4' seconds`,
      ),
    );
    assert.ok(!refused.body.error?.message.includes(emulator.token), "the token is never in an answer");
    emulator.advance(3);
    const stillEmpty = await read();
    assert.equal(stillEmpty.status, 429);
    assert.equal(stillEmpty.header("retry-after"), "1");
  });

  it("refills on the simulated clock only", async () => {
    await start(small(5, 2));
    assert.deepEqual(await reads(6), [200, 200, 200, 200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await read()).status, 429, "real time moves no token into a frozen clock's bucket");
    emulator.advance(1);
    assert.deepEqual(await reads(3), [200, 200, 429]);
    emulator.advance(60);
    assert.equal(
      (await read()).header("x-ms-ratelimit-remaining-subscription-reads"),
      "4",
      "capped at the size",
    );
  });

  it("keeps a bucket per principal", async () => {
    await start(small(3));
    const other = emulator.issueToken();
    assert.deepEqual(await reads(4), [200, 200, 200, 429]);
    const otherFirst = await read(other);
    assert.equal(otherFirst.status, 200);
    assert.equal(otherFirst.header("x-ms-ratelimit-remaining-subscription-reads"), "2");
    assert.equal(otherFirst.header("x-ms-ratelimit-remaining-subscription-global-reads"), "41");
    assert.equal(Object.keys(emulator.throttle.remaining().principals).length, 2);
  });

  it("throttles every principal once the subscription-wide bucket is empty", async () => {
    await start(small(2, 1, 1.5));
    const other = emulator.issueToken();
    assert.deepEqual(await reads(2), [200, 200]);
    const otherFirst = await read(other);
    assert.equal(otherFirst.status, 200);
    assert.equal(otherFirst.header("x-ms-ratelimit-remaining-subscription-global-reads"), "0");
    const refused = await read(other);
    assert.equal(refused.status, 429);
    assert.equal(refused.header("x-ms-ratelimit-remaining-subscription-reads"), "1");
    assert.doesNotMatch(
      refused.body.error?.message ?? "",
      /actor/,
      "the subscription's bucket is the empty one",
    );
  });

  it("serves everything without rate-limit headers when disabled", async () => {
    await start({ throttling: false });
    const statuses = await reads(300);
    assert.ok(statuses.every((status) => status === 200));
    assert.equal((await read()).header("x-ms-ratelimit-remaining-subscription-reads"), null);
    assert.equal(emulator.requests.throttledCount(), 0);
  });

  it("takes its limits from the scenario's throttling block", async () => {
    const scenario = healthyScenario();
    scenario.throttling = { reads: { bucketSize: 3, refillPerSecond: 1 } };
    await start({ scenario });
    assert.deepEqual(await reads(4), [200, 200, 200, 429]);
    assert.equal((await write()).header("x-ms-ratelimit-remaining-subscription-writes"), "199");

    await emulator.close();
    running = undefined;
    const disabled = healthyScenario();
    disabled.throttling = { enabled: false };
    await start({ scenario: disabled });
    assert.ok((await reads(260)).every((status) => status === 200));
  });

  it("refuses limits that are no token bucket, naming the key", async () => {
    await assert.rejects(
      startTestEmulator({ throttling: { reads: { bucketSize: 0, refillPerSecond: 1 } } }),
      /throttling: .*bucketSize/s,
    );
  });

  it("never throttles the admin routes", async () => {
    await start(small(1));
    assert.deepEqual(await reads(2), [200, 429]);
    for (let index = 0; index < 5; index += 1) {
      const admin = await send("GET", "/_emulator/requests");
      assert.equal(admin.status, 200);
      assert.equal(admin.header("x-ms-ratelimit-remaining-subscription-reads"), null);
    }
    assert.equal((await send("POST", "/_emulator/clock/advance", emulator.token)).status, 400);
  });

  it("records throttled requests in the log, with a count", async () => {
    await start(small(2));
    await reads(5);
    const entries = emulator.requests.all();
    assert.deepEqual(
      entries.map((entry) => [entry.statusCode, entry.throttled]),
      [
        [200, false],
        [200, false],
        [429, true],
        [429, true],
        [429, true],
      ],
    );
    assert.equal(emulator.requests.throttledCount(), 3);
    const log = (await send("GET", "/_emulator/requests")).body as unknown as { throttledCount: number };
    assert.equal(log.throttledCount, 3);
  });

  it("keeps the throttled count whole when old entries fall out of a bounded log", async () => {
    await start({ ...small(1), requestLogCapacity: 3 });
    await reads(6);
    assert.equal(emulator.requests.all().length, 3);
    assert.equal(emulator.requests.throttledCount(), 5);
  });

  describe("as a program", function () {
    this.timeout(30_000);
    const programReads = async (ready: RunningEmulator, count: number) => {
      const answers: { status: number; remaining: string | null }[] = [];
      const path = `/subscriptions/${ready.subscriptionId}/resourceGroups/${ready.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${ready.vaultName}/replicationPolicies?${API}`;
      for (let index = 0; index < count; index += 1) {
        const response = await fetch(`${ready.endpoint}${path}`, {
          headers: { authorization: `Bearer ${ready.token}` },
        });
        await response.text();
        answers.push({
          status: response.status,
          remaining: response.headers.get("x-ms-ratelimit-remaining-subscription-reads"),
        });
      }
      return answers;
    };
    // A frozen clock, so no token comes back between the requests.
    const program = ["--scenario", "vmware-healthy", "--time-scale", "0"];

    it("takes limits from --throttling", async () => {
      await withEmulatorProgram([...program, "--throttling", "reads=2/1,subscription=15"], async (ready) => {
        assert.deepEqual(await programReads(ready, 3), [
          { status: 200, remaining: "1" },
          { status: 200, remaining: "0" },
          { status: 429, remaining: "0" },
        ]);
      });
    });

    it("turns throttling off with --throttling off", async () => {
      await withEmulatorProgram([...program, "--throttling", "off"], async (ready) => {
        assert.deepEqual(await programReads(ready, 1), [{ status: 200, remaining: null }]);
      });
    });

    it("refuses limits that are no token bucket, naming the key", async () => {
      await assert.rejects(
        withEmulatorProgram([...program, "--throttling", "reads=0/1"], async () => {}),
        /exited with 1: asr-emulator: throttling: .*bucketSize/s,
      );
      await assert.rejects(
        withEmulatorProgram([...program, "--throttling", "fast"], async () => {}),
        /unknown part "fast"/,
      );
    });
  });

  describe("other principals' load (a 429 storm)", () => {
    it("drains the subscription's bucket by an admin call", async () => {
      await start();
      const drained = await send("POST", "/_emulator/throttling/drain");
      assert.equal(drained.status, 400, "a body is required");
      const answer = await fetch(`${emulator.endpoint}/_emulator/throttling/drain`, {
        method: "POST",
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: JSON.stringify({ kind: "reads", tokens: 3750 }),
      });
      assert.equal(answer.status, 200);
      const state = (await answer.json()) as { remaining: { subscription: { reads: number } } };
      assert.equal(state.remaining.subscription.reads, 0);
      const refused = await read();
      assert.equal(refused.status, 429);
      assert.equal(refused.header("x-ms-ratelimit-remaining-subscription-reads"), "250");
      assert.equal((await write()).status !== 429, true, "writes have their own bucket");
    });

    it("keeps the bucket low while the steady load lasts", async () => {
      await start();
      emulator.throttle.drainSubscription({
        kind: "reads",
        tokens: 3750,
        tokensPerSecond: 370,
        durationInSeconds: 10,
      });
      const refused = await read();
      // 5 tokens a second come back while others take 370 of the 375: one token in 0.2 s.
      assert.equal(refused.header("retry-after"), "1");
      emulator.advance(1);
      assert.equal(emulator.throttle.remaining().subscription.reads, 5);
      emulator.advance(9);
      emulator.advance(2);
      assert.equal(emulator.throttle.remaining().subscription.reads, 50 + 750);
    });

    it("gives Retry-After in the client's seconds when the clock runs scaled", async () => {
      await start({ timeScale: 100 });
      // Others take every token for 1,000 simulated seconds: 10 s of a client's time at ×100.
      emulator.throttle.drainSubscription({
        kind: "reads",
        tokens: 3750,
        tokensPerSecond: 375,
        durationInSeconds: 1000,
      });
      const refused = await read();
      assert.equal(refused.status, 429);
      assert.equal(refused.header("retry-after"), "10");
      assert.match(refused.body.error?.message ?? "", /Please try again after '10' seconds/);
    });

    it("lets the SDK client wait out a storm and succeed without failing", async () => {
      await start({ timeScale: 1 });
      // Others take every token for a second: the client's Retry-After wait outlasts them.
      emulator.throttle.drainSubscription({
        kind: "reads",
        tokens: 3750,
        tokensPerSecond: 375,
        durationInSeconds: 1,
      });
      const policies = await clientFor(emulator).listPolicies();
      assert.equal(policies.length, 2);
      const statuses = emulator.requests
        .all()
        .filter((entry) => entry.operation === "ReplicationPolicies_List")
        .map((entry) => entry.statusCode);
      assert.deepEqual(statuses, [429, 200]);
    });
  });
});
