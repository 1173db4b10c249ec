import assert from "node:assert/strict";
import { WaitTimeoutError } from "../../provider/errors";
import {
  type Clock,
  formatDuration,
  type PollOptions,
  poll,
  realClock,
  retryWithBackoff,
  setWaitClockForTesting,
  waitClock,
} from "../../provider/waits";

const START_MS = Date.UTC(2026, 0, 1);
const MINUTE_MS = 60_000;

/** A clock whose sleeps only move its time forward, recording each pause. */
function fakeClock(onSleep?: (ms: number) => void): Clock & { sleeps: number[] } {
  let nowMs = START_MS;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    async sleep(ms) {
      sleeps.push(ms);
      nowMs += ms;
      onSleep?.(ms);
    },
  };
}

/** Reads beyond this many mean a loop that never stops: the test fails instead of hanging. */
const MAX_READS = 50;

/** A read that answers `values` in turn (the last one from then on) and counts its calls. */
function reads<T>(...values: T[]) {
  let count = 0;
  return {
    get count() {
      return count;
    },
    read: async () => {
      if (count >= MAX_READS) throw new Error(`read ${count + 1} times: the wait never stops`);
      return values[Math.min(count++, values.length - 1)]!;
    },
  };
}

/** A wait for job j1, every 30 s, until it reads anything but `Running`. */
function jobWait(read: () => Promise<string>, clock: Clock, signal?: AbortSignal): PollOptions<string> {
  return {
    object: "job j1",
    what: "settled state",
    read,
    isDone: (state) => state !== "Running",
    intervalInMs: 30_000,
    clock,
    signal,
  };
}

describe("poll", () => {
  afterEach(() => setWaitClockForTesting(undefined));

  it("returns the first read that is done and reads no more", async () => {
    const clock = fakeClock();
    const source = reads("Running", "Running", "Succeeded", "Failed");
    const value = await poll(jobWait(source.read, clock));
    assert.equal(value, "Succeeded");
    assert.equal(source.count, 3);
    assert.deepEqual(clock.sleeps, [30_000, 30_000]);
  });

  it("does not sleep when the first read is done", async () => {
    const clock = fakeClock();
    const value = await poll({
      object: "job j1",
      what: "settled state",
      read: async () => 1,
      isDone: () => true,
      intervalInMs: 30_000,
      clock,
    });
    assert.equal(value, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it("sleeps what the interval function makes of the last read (Retry-After)", async () => {
    const clock = fakeClock();
    const source = reads(
      { done: false, retryAfterInMs: 5_000 },
      { done: false, retryAfterInMs: 12_000 },
      { done: false, retryAfterInMs: undefined },
      { done: true, retryAfterInMs: 1 },
    );
    await poll({
      object: "job j1",
      what: "settled state",
      read: source.read,
      isDone: (read) => read.done,
      intervalInMs: (last) => last.retryAfterInMs ?? 30_000,
      clock,
    });
    assert.deepEqual(clock.sleeps, [5_000, 12_000, 30_000]);
  });

  it("times out at the deadline naming what was awaited, how long, and the fix", async () => {
    const clock = fakeClock();
    const source = reads<string | undefined>(undefined);
    await assert.rejects(
      poll({
        object: "process server ps-01",
        what: "registration with the configuration server",
        read: source.read,
        isDone: (value) => value !== undefined,
        intervalInMs: MINUTE_MS,
        deadlineMs: START_MS + 2 * MINUTE_MS,
        fixOnTimeout: "check its network path to the configuration server",
        clock,
      }),
      (error: unknown) => {
        assert.ok(error instanceof WaitTimeoutError);
        assert.equal(
          error.message,
          "process server ps-01: no registration with the configuration server after 2 min (timeout 2 min); check its network path to the configuration server",
        );
        return true;
      },
    );
    // Reads at 0, 1 and 2 minutes; no sleep after the read at the deadline.
    assert.equal(source.count, 3);
    assert.deepEqual(clock.sleeps, [MINUTE_MS, MINUTE_MS]);
  });

  it("returns a read done at the deadline instead of timing out", async () => {
    const clock = fakeClock();
    const source = reads(false, false, true);
    const value = await poll({
      object: "vm-1",
      what: "agent",
      read: source.read,
      isDone: (done) => done,
      intervalInMs: MINUTE_MS,
      deadlineMs: START_MS + 2 * MINUTE_MS,
      clock,
    });
    assert.equal(value, true);
  });

  it("stops on abort during a sleep without reading again, rejecting with the signal's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("failback plan timed out");
    const clock = fakeClock(() => controller.abort(reason));
    const source = reads("Running");
    await assert.rejects(
      poll(jobWait(source.read, clock, controller.signal)),
      (error: unknown) => error === reason,
    );
    assert.equal(source.count, 1);
  });

  it("reads nothing when the signal has already aborted", async () => {
    const source = reads("Running");
    await assert.rejects(
      poll({
        object: "job j1",
        what: "settled state",
        read: source.read,
        isDone: () => false,
        intervalInMs: 30_000,
        clock: fakeClock(),
        signal: AbortSignal.abort(new Error("stopped")),
      }),
      /stopped/,
    );
    assert.equal(source.count, 0);
  });

  it("rejects promptly when the signal aborts during a sleep on the real clock", async function () {
    this.timeout(2_000);
    const controller = new AbortController();
    const reason = new Error("stopped");
    const source = reads("Running");
    const waiting = poll({
      object: "job j1",
      what: "settled state",
      read: async () => {
        const value = await source.read();
        setImmediate(() => controller.abort(reason));
        return value;
      },
      isDone: () => false,
      intervalInMs: 60 * MINUTE_MS,
      clock: realClock,
      signal: controller.signal,
    });
    await assert.rejects(waiting, (error: unknown) => error === reason);
    assert.equal(source.count, 1);
  });

  it("waits on the process's injected clock when given none", async () => {
    const clock = fakeClock();
    setWaitClockForTesting(clock);
    assert.equal(waitClock(), clock);
    await assert.rejects(
      poll({
        object: "master target mt-01",
        what: "registration",
        read: async () => false,
        isDone: (done) => done,
        intervalInMs: 10 * MINUTE_MS,
        deadlineMs: START_MS + 30 * MINUTE_MS,
      }),
      /after 30 min \(timeout 30 min\)/,
    );
    assert.deepEqual(clock.sleeps, [10 * MINUTE_MS, 10 * MINUTE_MS, 10 * MINUTE_MS]);
    setWaitClockForTesting(undefined);
    assert.equal(waitClock(), realClock);
  });

  it("reports every read with whether it ends the wait and the time waited", async () => {
    const clock = fakeClock();
    const seen: string[] = [];
    await poll({
      object: "vm-1",
      what: "replication",
      read: reads("a", "b", "c").read,
      isDone: (value) => value === "c",
      intervalInMs: MINUTE_MS,
      clock,
      onProgress: (value, { done, elapsedInMs }) => seen.push(`${value} ${done} ${elapsedInMs}`),
    });
    assert.deepEqual(seen, ["a false 0", `b false ${MINUTE_MS}`, `c true ${2 * MINUTE_MS}`]);
  });
});

describe("retryWithBackoff", () => {
  const refused = () => new Error("agent not installed");

  it("retries a refused attempt with doubling pauses and returns the first success", async () => {
    const clock = fakeClock();
    let attempts = 0;
    const failures: number[] = [];
    const value = await retryWithBackoff({
      attempt: async (attempt) => {
        attempts++;
        if (attempt < 4) throw refused();
        return "reprotected";
      },
      onFailure: (_error, { attempt }) => {
        failures.push(attempt);
      },
      firstDelayInMs: 1_000,
      maxAttempts: 6,
      clock,
    });
    assert.equal(value, "reprotected");
    assert.equal(attempts, 4);
    assert.deepEqual(failures, [1, 2, 3]);
    assert.deepEqual(clock.sleeps, [1_000, 2_000, 4_000]);
  });

  it("gives up with the error onFailure throws, without another attempt", async () => {
    const clock = fakeClock();
    let attempts = 0;
    await assert.rejects(
      retryWithBackoff({
        attempt: async () => {
          attempts++;
          throw refused();
        },
        onFailure: (_error, { attempt }) => {
          if (attempt === 2) throw new Error("FO-05: vm-1 has no registered Mobility agent");
        },
        firstDelayInMs: 1_000,
        maxAttempts: 6,
        clock,
      }),
      /FO-05: vm-1 has no registered Mobility agent/,
    );
    assert.equal(attempts, 2);
    assert.deepEqual(clock.sleeps, [1_000]);
  });

  it("throws the last attempt's error when the attempts run out", async () => {
    const clock = fakeClock();
    const lefts: number[] = [];
    let attempts = 0;
    await assert.rejects(
      retryWithBackoff({
        attempt: async (attempt) => {
          attempts++;
          throw new Error(`refused ${attempt}`);
        },
        onFailure: (_error, { attemptsLeft }) => {
          lefts.push(attemptsLeft);
          if (lefts.length > MAX_READS) throw new Error("no end to the attempts");
        },
        firstDelayInMs: 100,
        factor: 3,
        maxAttempts: 3,
        clock,
      }),
      /refused 3/,
    );
    assert.equal(attempts, 3);
    assert.deepEqual(lefts, [2, 1, 0]);
    assert.deepEqual(clock.sleeps, [100, 300]);
  });

  it("stops on abort during the backoff without another attempt", async () => {
    const controller = new AbortController();
    const clock = fakeClock(() => controller.abort(new Error("run timed out")));
    let attempts = 0;
    await assert.rejects(
      retryWithBackoff({
        attempt: async () => {
          if (++attempts > MAX_READS) throw new Error("attempted after the abort");
          throw refused();
        },
        onFailure: () => {},
        firstDelayInMs: 1_000,
        maxAttempts: 6,
        clock,
        signal: controller.signal,
      }),
      /run timed out/,
    );
    assert.equal(attempts, 1);
  });
});

describe("formatDuration", () => {
  it("writes minutes and seconds", () => {
    assert.equal(formatDuration(45_000), "45 s");
    assert.equal(formatDuration(90_000), "1 min 30 s");
    assert.equal(formatDuration(2 * MINUTE_MS), "2 min");
  });
});
