/**
 * No process outlives the `pulumi` CLI that started it: the CLI alone is SIGKILLed while a
 * FailbackPlan waits for its reprotect jobs (the emulator's clock is frozen, so they never end),
 * which orphans the program's language host and the dynamic provider. The provider notices that
 * its engine is gone and exits on its own, and the vault hears nothing from it afterwards.
 *
 * This test measures real time on purpose: what it checks is how long an orphan lives.
 */
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import {
  commandLineOf,
  endProcessGroup,
  isRunning,
  newProcessMark,
  processesMarked,
  spawnInOwnGroup,
} from "../support/processes";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "failback-vmware");
const ITEMS = ["vm-web-1", "vm-web-2"];
/** The provider must be gone this long after its engine, in milliseconds (it promises 10 s). */
const ORPHAN_DEADLINE_IN_MS = 15_000;
/** From this long after the kill on, the vault must hear nothing more, in milliseconds. */
const QUIET_AFTER_IN_MS = 10_000;
/** How long the vault is listened to for a late request, in milliseconds. */
const QUIET_WINDOW_IN_MS = 3_000;

/** Resolves after `ms` milliseconds of real time. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** Resolves once `condition` holds (true) or `timeoutInMs` passed (false); checks every 100 ms. */
async function waitFor(condition: () => boolean, timeoutInMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutInMs;
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

describe("orphans of a killed pulumi CLI (real pulumi CLI, emulator)", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator;
  let stack: TemporaryStack;

  before(async () => {
    emulator = await startTestEmulator({ timeScale: 0 });
    const client = clientFor(emulator);
    await prepareFailbackPolicy(client);
    const processServerId = await onPremisesProcessServerId(client);
    stack = await TemporaryStack.create(programDirectory, {
      // Polls paced as against Azure, so the requests of an orphan can be counted.
      env: emulatorEnvironment(emulator, { ASR_FAILBACK_POLL_INTERVAL_MS: "1000" }),
      config: { targetStage: "reprotected", processServerId },
    });
  });
  after(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("stops the dynamic provider within 10 s of the CLI's SIGKILL, and the vault hears nothing after", async () => {
    const mark = newProcessMark(stack.environment.processMark);
    const cli = spawnInOwnGroup(
      "pulumi",
      ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--non-interactive"],
      { cwd: programDirectory, env: stack.environment.env, stdio: "ignore", mark },
    );
    const cliExited = new Promise((resolve) => cli.once("exit", resolve));
    try {
      // The jobs are accepted and cannot end: the provider is waiting for them.
      const accepted = await Promise.race([
        waitFor(
          () =>
            ITEMS.every(
              (item) => emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item) > 0,
            ),
          120_000,
        ),
        cliExited.then(() => false),
      ]);
      assert.ok(accepted, "pulumi up ended before the reprotect jobs were accepted");
      const providers = processesMarked(mark).filter((id) =>
        /dynamic-provider/.test(commandLineOf(id) ?? ""),
      );
      assert.equal(providers.length, 1, `one provider process: ${providers.join(", ")}`);
      const providerId = providers[0]!;

      // Only the CLI: the language host, the program and the provider are left without an engine.
      process.kill(cli.pid!, "SIGKILL");
      const killedAtMs = Date.now();
      const requestsAtKill = emulator.requests.all().length;
      await cliExited;

      const providerGone = await waitFor(() => !isRunning(providerId), ORPHAN_DEADLINE_IN_MS);
      const providerLifeInSeconds = (Date.now() - killedAtMs) / 1000;
      const requestsUntilExit = emulator.requests.all().length - requestsAtKill;
      const fate = providerGone ? "exited" : "was still running";
      console.log(
        `      provider ${fate} ${providerLifeInSeconds.toFixed(1)} s after the CLI's SIGKILL, ` +
          `after ${requestsUntilExit} more request(s) to the vault`,
      );
      assert.ok(providerGone, `the provider (${providerId}) still runs ${ORPHAN_DEADLINE_IN_MS / 1000} s on`);

      const survivors = processesMarked(mark)
        .map((id) => ({ id, command: commandLineOf(id) ?? "" }))
        .filter(({ command }) => command.includes(programDirectory) || /dynamic-provider/.test(command));
      assert.deepEqual(survivors, [], "no program or provider process of the stack is left");
      const others = processesMarked(mark).map((id) => `${id} ${commandLineOf(id) ?? ""}`);
      if (others.length > 0) console.log(`      still running (ended by the harness): ${others.join("; ")}`);

      await pause(killedAtMs + QUIET_AFTER_IN_MS - Date.now());
      const requestsAfterQuiet = emulator.requests.all().length;
      await pause(QUIET_WINDOW_IN_MS);
      const lateRequests = emulator.requests.all().slice(requestsAfterQuiet);
      assert.deepEqual(
        lateRequests.map((entry) => `${entry.method} ${entry.operation}`),
        [],
        `requests ${QUIET_AFTER_IN_MS / 1000} s after the kill`,
      );

      // The killed CLI could not release the stack's lock; `pulumi cancel` removes it (README).
      const lockDirectory = path.join(
        stack.environment.backendDirectory,
        ".pulumi",
        "locks",
        "organization",
        "failback-vmware",
        stack.stackName,
      );
      assert.equal(readdirSync(lockDirectory).filter((name) => name.endsWith(".json")).length, 1);
      await stack.environment.runOrThrow(["cancel", "--yes", "--stack", stack.stackName], programDirectory);
      assert.deepEqual(readdirSync(lockDirectory), []);
    } finally {
      await endProcessGroup(cli.pid!, { mark });
    }
  });
});
