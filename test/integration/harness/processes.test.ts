import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import {
  endMarkedProcesses,
  endProcessGroup,
  isRunning,
  processesMarked,
  runToCompletion,
  spawnInOwnGroup,
} from "../../support/processes";

/**
 * A shell that starts a `sleep` in a session (and so a process group) of its own, as the engine
 * starts its plugins, prints the sleep's id and waits.
 */
const ESCAPING_CHILD = 'setsid sleep 300 </dev/null >/dev/null 2>&1 & echo "$!"; wait';

describe("test processes (own process group, marked, ended at teardown)", () => {
  before(function () {
    if (process.platform !== "linux") this.skip();
  });

  it("ends a command's group and the descendant that left the group, wherever it was reparented", async () => {
    const child = spawnInOwnGroup("sh", ["-c", ESCAPING_CHILD], { stdio: ["ignore", "pipe", "ignore"] });
    const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
    const escapedId = Number(line);
    // The shell prints the id as soon as it forks; the child's environment can be read only once
    // it has started `setsid`, so give it a moment on a busy machine.
    const expected = [child.pid!, escapedId].sort();
    for (
      let attempt = 0;
      attempt < 50 && processesMarked(child.mark).length < expected.length;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(processesMarked(child.mark).sort(), expected);

    await endProcessGroup(child.pid!, { mark: child.mark, graceInMs: 2_000 });

    assert.equal(isRunning(child.pid!), false, "the group's leader");
    assert.equal(isRunning(escapedId), false, "the process in a group of its own");
    assert.deepEqual(processesMarked(child.mark), []);
  });

  it("runs a command to its end with its output, and leaves nothing of it running", async () => {
    const result = await runToCompletion("sh", ["-c", `${ESCAPING_CHILD.replace("; wait", "")}; exit 3`]);
    assert.equal(result.exitCode, 3);
    const escapedId = Number(result.stdout.trim());
    assert.ok(escapedId > 0, result.stdout);
    assert.equal(isRunning(escapedId), false);
  });

  it("leaves alone the processes it did not start", async () => {
    const stranger = spawn("sleep", ["300"], { stdio: "ignore" });
    try {
      const child = spawnInOwnGroup("sleep", ["300"], { stdio: "ignore" });
      await endMarkedProcesses(child.mark, { graceInMs: 2_000 });
      assert.equal(isRunning(child.pid!), false);
      assert.equal(isRunning(stranger.pid!), true);
    } finally {
      stranger.kill("SIGKILL");
    }
  });
});
