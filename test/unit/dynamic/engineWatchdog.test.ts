import assert from "node:assert/strict";
import { PassThrough, Writable } from "node:stream";
import * as sinon from "sinon";
import {
  ENGINE_CHECK_INTERVAL_IN_MS,
  type ProcessProbe,
  parentLinks,
  startEngineWatchdog,
  systemProcessProbe,
  watchEngineInProviderHost,
} from "../../../provider/dynamic/engineWatchdog";

const PROVIDER = 300;
const SCRIPT = 200;
const ENGINE = 100;

/** A process table the test changes: pid → parent and command line. */
function fakeProcesses(): { probe: ProcessProbe; table: Map<number, { parentId: number; command: string }> } {
  const table = new Map([
    [ENGINE, { parentId: 1, command: "pulumi up --yes" }],
    [
      SCRIPT,
      { parentId: ENGINE, command: "/bin/sh /root/.pulumi/bin/pulumi-resource-pulumi-nodejs 127.0.0.1:4" },
    ],
    [
      PROVIDER,
      { parentId: SCRIPT, command: "node .../@pulumi/pulumi/cmd/dynamic-provider/index.js 127.0.0.1:4" },
    ],
  ]);
  const probe: ProcessProbe = {
    ownId: () => PROVIDER,
    ownParentId: () => table.get(PROVIDER)!.parentId,
    parentIdOf: (processId) => table.get(processId)?.parentId,
    isAlive: (processId) => processId === 1 || table.has(processId),
    commandLineOf: (processId) => table.get(processId)?.command,
  };
  return { probe, table };
}

/** The kernel's part when a process dies: its children move to init. */
function kill(table: Map<number, { parentId: number; command: string }>, processId: number): void {
  table.delete(processId);
  for (const entry of table.values()) if (entry.parentId === processId) entry.parentId = 1;
}

/** The real timer functions, to check none is left faked for the tests that run after these. */
const realTimers = { setInterval: globalThis.setInterval, setTimeout: globalThis.setTimeout };

describe("engine watchdog", () => {
  let clock: sinon.SinonFakeTimers;
  after(() => {
    assert.equal(globalThis.setInterval, realTimers.setInterval, "setInterval is left faked");
    assert.equal(globalThis.setTimeout, realTimers.setTimeout, "setTimeout is left faked");
  });
  beforeEach(() => {
    clock = sinon.useFakeTimers();
  });
  afterEach(() => {
    // Spies first: a spy on a faked timer function restores the fake, which clock.restore() then
    // replaces by the real one. The other order leaves the fake in place for the rest of the run.
    sinon.restore();
    clock.restore();
  });

  describe("parentLinks", () => {
    it("watches the engine above the plugin script, whose life says nothing (it waits for us)", () => {
      const { probe } = fakeProcesses();
      assert.deepEqual(parentLinks(probe), [
        { processId: PROVIDER, parentId: SCRIPT },
        { processId: SCRIPT, parentId: ENGINE },
      ]);
    });

    it("watches only the parent when the engine started node itself", () => {
      const { probe, table } = fakeProcesses();
      table.get(PROVIDER)!.parentId = ENGINE;
      assert.deepEqual(parentLinks(probe), [{ processId: PROVIDER, parentId: ENGINE }]);
    });

    it("watches only the parent where other processes cannot be read (no /proc)", () => {
      const { probe } = fakeProcesses();
      const blind: ProcessProbe = { ...probe, parentIdOf: () => undefined, commandLineOf: () => undefined };
      assert.deepEqual(parentLinks(blind), [{ processId: PROVIDER, parentId: SCRIPT }]);
    });
  });

  it("stays quiet while the engine and the script live", () => {
    const { probe } = fakeProcesses();
    const onEngineLost = sinon.spy();
    const watchdog = startEngineWatchdog({ probe, onEngineLost });
    clock.tick(10 * ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 0);
    assert.equal(watchdog.signal.aborted, false);
    watchdog.stop();
  });

  it("reports the engine gone within one interval when the engine dies under the script", () => {
    const { probe, table } = fakeProcesses();
    const onEngineLost = sinon.spy();
    const watchdog = startEngineWatchdog({ probe, onEngineLost });
    clock.tick(ENGINE_CHECK_INTERVAL_IN_MS);
    kill(table, ENGINE);
    clock.tick(ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 1);
    assert.match(
      onEngineLost.firstCall.args[0],
      /process 100, parent of 200, is gone \(its parent is now 1\)/,
    );
    assert.equal(watchdog.signal.aborted, true);
    assert.match((watchdog.signal.reason as Error).message, /^engine gone: process 100/);
  });

  it("reports the engine gone when our parent exits and we are handed to another process", () => {
    const { probe, table } = fakeProcesses();
    const onEngineLost = sinon.spy();
    startEngineWatchdog({ probe, onEngineLost });
    kill(table, SCRIPT);
    clock.tick(ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 1);
    assert.match(onEngineLost.firstCall.args[0], /process 200, parent of 300, is gone/);
  });

  it("reports the parent gone when its id no longer exists, even where parents cannot be read", () => {
    const { probe, table } = fakeProcesses();
    const onEngineLost = sinon.spy();
    const blind: ProcessProbe = {
      ...probe,
      ownParentId: () => SCRIPT,
      parentIdOf: () => undefined,
      commandLineOf: () => undefined,
    };
    startEngineWatchdog({ probe: blind, onEngineLost });
    table.delete(SCRIPT);
    clock.tick(ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 1);
    assert.match(onEngineLost.firstCall.args[0], /^process 200, parent of 300, is gone$/);
  });

  it("reports the engine gone at once when the engine's pipe into the process ends, and only once", () => {
    const { probe, table } = fakeProcesses();
    const onEngineLost = sinon.spy();
    const engineInput = new PassThrough();
    startEngineWatchdog({ probe, onEngineLost, engineInput });
    engineInput.write("ignored");
    engineInput.end();
    clock.runAll();
    assert.equal(onEngineLost.callCount, 1);
    assert.match(onEngineLost.firstCall.args[0], /end of standard input/);
    kill(table, ENGINE);
    clock.tick(10 * ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 1, "no second report, no check left running");
  });

  it("reports the engine gone on EPIPE from stdout, and swallows other write errors", () => {
    const { probe } = fakeProcesses();
    const onEngineLost = sinon.spy();
    const stdout = new Writable({ write: (_chunk, _encoding, done) => done() });
    startEngineWatchdog({ probe, onEngineLost, engineOutputs: [stdout] });
    stdout.emit("error", Object.assign(new Error("write EAGAIN"), { code: "EAGAIN" }));
    assert.equal(onEngineLost.callCount, 0);
    stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    stdout.emit("error", Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    assert.equal(onEngineLost.callCount, 1);
    assert.match(onEngineLost.firstCall.args[0], /a write to the engine failed \(EPIPE\)/);
  });

  it("never keeps the process alive: its interval is unref'd", () => {
    const { probe } = fakeProcesses();
    const setInterval = sinon.spy(globalThis, "setInterval");
    const watchdog = startEngineWatchdog({ probe, onEngineLost: () => {} });
    const timer = setInterval.firstCall.returnValue as unknown as NodeJS.Timeout;
    assert.equal(timer.hasRef(), false);
    assert.equal(setInterval.firstCall.args[1], ENGINE_CHECK_INTERVAL_IN_MS);
    watchdog.stop();
  });

  it("checks nothing more once stopped", () => {
    const { probe, table } = fakeProcesses();
    const onEngineLost = sinon.spy();
    startEngineWatchdog({ probe, onEngineLost }).stop();
    kill(table, ENGINE);
    clock.tick(10 * ENGINE_CHECK_INTERVAL_IN_MS);
    assert.equal(onEngineLost.callCount, 0);
  });

  describe("systemProcessProbe", () => {
    before(function () {
      if (process.platform !== "linux") this.skip();
    });

    it("reads this process's parent, command line and life from the system", () => {
      assert.equal(systemProcessProbe.ownId(), process.pid);
      assert.equal(systemProcessProbe.parentIdOf(process.pid), process.ppid);
      assert.match(systemProcessProbe.commandLineOf(process.pid) ?? "", /node/);
      assert.equal(systemProcessProbe.isAlive(process.pid), true);
    });

    it("knows nothing of a process that does not exist", () => {
      // Above the kernel's pid_max (at most 2^22), so never a live process.
      const missing = 2 ** 22 + 1;
      assert.equal(systemProcessProbe.isAlive(missing), false);
      assert.equal(systemProcessProbe.parentIdOf(missing), undefined);
      assert.equal(systemProcessProbe.commandLineOf(missing), undefined);
    });
  });

  describe("watchEngineInProviderHost", () => {
    it("does nothing outside the dynamic-provider host (in the program, in tests)", () => {
      assert.equal(
        watchEngineInProviderHost(["node", "/p/node_modules/@pulumi/pulumi/cmd/run", "index.ts"]),
        undefined,
      );
      assert.equal(watchEngineInProviderHost(process.argv), undefined);
    });
  });
});
