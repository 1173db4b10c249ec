/**
 * No process outlives the `pulumi` CLI that started it: the CLI alone is SIGKILLed while a
 * FailbackPlan waits for its reprotect jobs (the emulator's clock is frozen, so they never end),
 * which orphans the program's language host, the node program it runs and the dynamic provider.
 * The language host sees its parent gone and ends the program; the provider sees its engine gone
 * and exits; all of them within 10 s, and the vault hears nothing from them afterwards.
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
/** Every process of the run must be gone this long after the CLI, in milliseconds. */
const ORPHAN_DEADLINE_IN_MS = 10_000;
/** From this long after the kill on, the vault must hear nothing more, in milliseconds. */
const QUIET_AFTER_IN_MS = 10_000;
/** How long the vault is listened to for a late request, in milliseconds. */
const QUIET_WINDOW_IN_MS = 3_000;

/** Resolves after `ms` milliseconds of real time. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The processes of one `pulumi up` that the engine's death orphans, by what they are. */
const ORPHAN_KINDS = {
  "language host": /pulumi-language-nodejs/,
  "node program": /@pulumi\/pulumi\/cmd\/run\b/,
  provider: /dynamic-provider/,
} as const;
type OrphanKind = keyof typeof ORPHAN_KINDS;

/** The kind of a process by its command line; undefined for any other process of the run. */
function kindOf(processId: number): OrphanKind | undefined {
  const command = commandLineOf(processId) ?? "";
  return (Object.keys(ORPHAN_KINDS) as OrphanKind[]).find((kind) => ORPHAN_KINDS[kind].test(command));
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

  it("ends the language host, the node program and the dynamic provider within 10 s of the CLI's SIGKILL, and the vault hears nothing after", async () => {
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
      const orphans = processesMarked(mark).filter((id) => id !== cli.pid && isRunning(id));
      // Named now: a process that is gone has no command line left to tell what it was.
      const names = new Map(orphans.map((id) => [id, kindOf(id) ?? `${id} ${commandLineOf(id) ?? ""}`]));
      const byKind = (kind: OrphanKind) => orphans.filter((id) => names.get(id) === kind);
      for (const kind of Object.keys(ORPHAN_KINDS) as OrphanKind[]) {
        assert.equal(
          byKind(kind).length,
          1,
          `one ${kind} process before the kill: ${byKind(kind).join(", ")}`,
        );
      }

      // Only the CLI: everything it started is left without an engine.
      process.kill(cli.pid!, "SIGKILL");
      const killedAtMs = Date.now();
      const requestsAtKill = emulator.requests.all().length;
      await cliExited;

      const lifeInSeconds = new Map<number, number>();
      const allGone = await waitFor(() => {
        for (const id of orphans) {
          if (!lifeInSeconds.has(id) && !isRunning(id))
            lifeInSeconds.set(id, (Date.now() - killedAtMs) / 1000);
        }
        return processesMarked(mark).length === 0;
      }, ORPHAN_DEADLINE_IN_MS);
      const requestsUntilGone = emulator.requests.all().length - requestsAtKill;
      for (const id of orphans) {
        const life = lifeInSeconds.get(id);
        const fate = life === undefined ? "was still running" : `exited ${life.toFixed(1)} s`;
        console.log(`      ${names.get(id)} ${fate} after the CLI's SIGKILL`);
      }
      console.log(`      the vault heard ${requestsUntilGone} request(s) between the kill and the last exit`);
      const survivors = processesMarked(mark).map((id) => `${id} ${commandLineOf(id) ?? ""}`);
      assert.ok(allGone, `still running ${ORPHAN_DEADLINE_IN_MS / 1000} s on: ${survivors.join("; ")}`);

      // Nothing of the run is left to send a request; listen for one still on its way.
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
