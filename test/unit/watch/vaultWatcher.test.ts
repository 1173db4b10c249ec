import assert from "node:assert/strict";
import type { Job, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { Clock } from "../../../provider/waits";
import type { ListSource } from "../../../provider/watch/listWatch";
import { MAX_FAILED_SWEEPS, VaultWatcher } from "../../../provider/watch/vaultWatcher";

/** A clock whose sleeps end only when the test says so, recording each pause asked for. */
function manualClock() {
  let nowMs = 0;
  const sleepers: { resolve: () => void; ms: number }[] = [];
  const pauses: number[] = [];
  const clock: Clock = {
    now: () => nowMs,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        pauses.push(ms);
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const sleeper = { resolve, ms };
        sleepers.push(sleeper);
        signal?.addEventListener(
          "abort",
          () => {
            sleepers.splice(sleepers.indexOf(sleeper), 1);
            reject(signal.reason);
          },
          { once: true },
        );
      }),
  };
  return {
    clock,
    pauses,
    /** Ends the current pause and lets the next sweep run. */
    async tick() {
      const sleeper = sleepers.shift();
      if (sleeper) {
        nowMs += sleeper.ms;
        sleeper.resolve();
      }
      await settle();
    },
  };
}

/** Lets pending promise callbacks run (the stub lists answer at once). */
async function settle() {
  for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
}

function job(name: string, state: string, startMs = 1_000): Job {
  return { name, properties: { state, startTime: new Date(startMs) } };
}

/** A jobs source over a mutable table, `pageSize` jobs a page, counting every call. */
function stubJobs(table: Map<string, Job>, pageSize = 2) {
  const calls = { lists: 0, pages: 0, gets: [] as string[], hints: [] as Date[][] };
  const source: ListSource<Job, Date> = {
    kind: "job",
    listNeedsHint: true,
    async *listPages(hints) {
      calls.lists += 1;
      calls.hints.push([...hints]);
      const all = [...table.values()];
      for (let index = 0; index < all.length; index += pageSize) {
        calls.pages += 1;
        yield all.slice(index, index + pageSize);
      }
    },
    get: async (name) => {
      calls.gets.push(name);
      return table.get(name);
    },
    keyOf: (object) => object.name,
  };
  return { source, calls };
}

const noItems: ListSource<ReplicationProtectedItem, string> = {
  kind: "protected item",
  listPages() {
    throw new Error("internal error: no item is awaited in this test");
  },
  get: async () => undefined,
  keyOf: (item) => item.name,
};

describe("VaultWatcher", () => {
  it("makes one list call per interval for many waiters and none when nobody waits", async () => {
    const table = new Map(
      Array.from({ length: 40 }, (_, index) => [`job-${index}`, job(`job-${index}`, "InProgress")]),
    );
    const { source, calls } = stubJobs(table, 10);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 30_000);
    const waits = [...table.keys()].map((jobName) =>
      watcher.awaitJob({
        jobName,
        startedNoEarlierThan: new Date(500),
        isDone: (read) => read.properties?.state === "Succeeded",
      }),
    );
    await settle();
    assert.equal(calls.lists, 1);
    assert.equal(calls.pages, 4);
    assert.deepEqual(calls.gets, []);
    await time.tick();
    assert.equal(calls.lists, 2);

    for (const name of table.keys()) table.set(name, job(name, "Succeeded"));
    await time.tick();
    const settled = await Promise.all(waits);
    assert.ok(settled.every((read) => read.properties?.state === "Succeeded"));
    assert.equal(calls.lists, 3);
    assert.equal(watcher.waiting, 0);
    await time.tick();
    await time.tick();
    assert.equal(calls.lists, 3, "a list call was made with nobody waiting");
  });

  it("wakes only the waiters whose object changed", async () => {
    const table = new Map([
      ["job-a", job("job-a", "InProgress")],
      ["job-b", job("job-b", "InProgress")],
    ]);
    const { source } = stubJobs(table);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    const changes: string[] = [];
    const waits = ["job-a", "job-b"].map((jobName) =>
      watcher.awaitJob({
        jobName,
        startedNoEarlierThan: new Date(0),
        isDone: (read) => read.properties?.state === "Succeeded",
        onChange: (read) => changes.push(`${read.name} ${read.properties?.state}`),
      }),
    );
    await settle();
    assert.deepEqual(changes, ["job-a InProgress", "job-b InProgress"]);
    await time.tick();
    assert.deepEqual(changes, ["job-a InProgress", "job-b InProgress"], "an unchanged job woke its waiter");
    table.set("job-b", job("job-b", "Suspended"));
    await time.tick();
    assert.deepEqual(changes, ["job-a InProgress", "job-b InProgress", "job-b Suspended"]);
    table.set("job-a", job("job-a", "Succeeded"));
    table.set("job-b", job("job-b", "Succeeded"));
    await time.tick();
    await Promise.all(waits);
  });

  it("removes a waiter when its signal aborts and rejects with the signal's reason", async () => {
    const table = new Map([["job-a", job("job-a", "InProgress")]]);
    const { source, calls } = stubJobs(table);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    const controller = new AbortController();
    const wait = watcher.awaitJob({
      jobName: "job-a",
      startedNoEarlierThan: new Date(0),
      isDone: () => false,
      signal: controller.signal,
    });
    await settle();
    assert.equal(calls.lists, 1);
    controller.abort(new Error("plan timed out"));
    await assert.rejects(wait, /plan timed out/);
    assert.equal(watcher.waiting, 0);
    await time.tick();
    assert.equal(calls.lists, 1);
  });

  it("follows the pages until every awaited object is found, and stops there", async () => {
    const table = new Map(
      Array.from({ length: 10 }, (_, index) => [`job-${index}`, job(`job-${index}`, "InProgress")]),
    );
    const { source, calls } = stubJobs(table, 3);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    // job-5 is on the second page of four: the third and fourth are never asked for.
    const wait = watcher.awaitJob({
      jobName: "job-5",
      startedNoEarlierThan: new Date(0),
      isDone: () => true,
    });
    assert.equal((await wait).name, "job-5");
    assert.equal(calls.pages, 2);
    assert.deepEqual(calls.gets, []);
  });

  it("reads on its own a job the list misses and narrows the next list to its start", async () => {
    const table = new Map([["job-a", job("job-a", "InProgress", 7_000)]]);
    const { source, calls } = stubJobs(table);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    const wait = watcher.awaitJob({
      jobName: "job-a",
      isDone: (read) => read.properties?.state === "Succeeded",
    });
    await settle();
    // No start known: no list of the whole history, one GET instead.
    assert.equal(calls.lists, 0);
    assert.deepEqual(calls.gets, ["job-a"]);
    await time.tick();
    assert.equal(calls.lists, 1);
    assert.deepEqual(calls.hints.at(-1), [new Date(7_000)]);
    assert.deepEqual(calls.gets, ["job-a"]);
    table.set("job-a", job("job-a", "Succeeded", 7_000));
    await time.tick();
    await wait;
  });

  it("pauses at least the service's Retry-After between sweeps", async () => {
    const table = new Map([["job-a", job("job-a", "InProgress")]]);
    const { source } = stubJobs(table);
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    const wait = watcher.awaitJob({
      jobName: "job-a",
      startedNoEarlierThan: new Date(0),
      retryAfterInMs: 15_000,
      isDone: (read) => read.properties?.state === "Succeeded",
    });
    await settle();
    assert.deepEqual(time.pauses, [15_000]);
    table.set("job-a", job("job-a", "Succeeded"));
    await time.tick();
    await wait;
  });

  it("tells the waiters when the vault stays unreadable, not after one failed list", async () => {
    let failing = true;
    let lists = 0;
    const source: ListSource<Job, Date> = {
      kind: "job",
      async *listPages() {
        lists += 1;
        if (failing) throw new Error("listing jobs of vault: 503 ServiceUnavailable");
        yield [job("job-a", "Succeeded")];
      },
      get: async () => undefined,
      keyOf: (object) => object.name,
    };
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items: noItems }, time.clock, 1_000);
    const recovers = watcher.awaitJob({
      jobName: "job-a",
      startedNoEarlierThan: new Date(0),
      isDone: () => true,
    });
    await settle();
    failing = false;
    await time.tick();
    assert.equal((await recovers).name, "job-a");

    failing = true;
    const fails = watcher.awaitJob({
      jobName: "job-a",
      startedNoEarlierThan: new Date(0),
      isDone: () => true,
    });
    let outcome: string | undefined;
    fails.then(
      () => {
        outcome = "resolved";
      },
      (error: Error) => {
        outcome = error.message;
      },
    );
    for (let tick = 0; tick < 2 * MAX_FAILED_SWEEPS && outcome === undefined; tick++) await time.tick();
    assert.equal(outcome, "listing jobs of vault: 503 ServiceUnavailable");
    assert.equal(watcher.counts.failedSweeps, 1 + MAX_FAILED_SWEEPS);
    assert.equal(lists, 2 + MAX_FAILED_SWEEPS);
  });

  it("rechecks an unchanged item every sweep when its wait depends on time", async () => {
    const item: ReplicationProtectedItem = { name: "vm-1", properties: { protectionState: "Protected" } };
    let lists = 0;
    const items: ListSource<ReplicationProtectedItem, string> = {
      kind: "protected item",
      async *listPages() {
        lists += 1;
        yield [item];
      },
      get: async () => undefined,
      keyOf: (read) => read.name,
    };
    const { source } = stubJobs(new Map());
    const time = manualClock();
    const watcher = new VaultWatcher({ jobs: source, items }, time.clock, 60_000);
    let checks = 0;
    const wait = watcher.awaitItem({
      itemKey: "vm-1",
      isDone: () => time.clock.now() >= 180_000,
      recheckUnchanged: true,
      onChange: () => {
        checks += 1;
      },
    });
    await settle();
    await time.tick();
    await time.tick();
    await time.tick();
    await wait;
    assert.equal(lists, 4);
    assert.equal(checks, 1, "progress was reported for an item that did not change");
  });
});
