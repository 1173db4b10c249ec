/**
 * Kill and resume through the real pulumi CLI: `pulumi up` is SIGKILLed (its process group, and
 * the provider the engine started in a group of its own) at several points of one VMware
 * failback and of one Hyper-V planned failover (data sync, a job suspended for a manual
 * "complete failover", the completion); after each kill only `pulumi cancel` and
 * `pulumi up` are run, as the README's "When a run is interrupted" says. The stack converges
 * with every action once per item and stage and no job cancelled.
 *
 * Kill points are made certain without sleeping: the emulator's clock is frozen while a doomed
 * `up` runs, so what it waits for cannot end before the kill; between kills simulated time is
 * moved on explicitly (jobs end, replication catches up), and the last `up` runs it fast.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  vmware,
  WINDOWS_MASTER_TARGET,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { endMarkedProcesses, newProcessMark, spawnInOwnGroup } from "../support/processes";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "failback-plan");
const TIME_SCALE = 20_000;
const HOUR_IN_SECONDS = 3600;
/** Real time a doomed `up` may take to reach its kill point. */
const KILL_POINT_TIMEOUT_IN_MS = 120_000;

/** What the kills did, printed at the end. */
const tally = { kills: 0, converged: 0, handSteps: 0, duplicates: 0, jobCancels: 0 };

/** Requests of `operation` accepted (202, applied) since `fromSequence`, per item. */
function acceptedSince(emulator: RunningEmulator, operation: string, fromSequence: number, item: string) {
  return emulator.requests
    .all()
    .filter(
      (entry) =>
        entry.sequence > fromSequence &&
        entry.operation === operation &&
        entry.itemName === item &&
        entry.statusCode === 202,
    ).length;
}

/** Requests of `operation` since `fromSequence`. */
function requestsSince(emulator: RunningEmulator, operation: string, fromSequence: number): number {
  return emulator.requests
    .all()
    .filter((entry) => entry.sequence > fromSequence && entry.operation === operation).length;
}

function lastSequence(emulator: RunningEmulator): number {
  return emulator.requests.all().at(-1)?.sequence ?? 0;
}

/**
 * Runs `pulumi up` with the clock frozen and SIGKILLs it once `killPoint` holds (checked on the
 * request log since the start); ends the provider it left (as it would end on its own within
 * seconds), then clears the stale update with `pulumi cancel`. Rejects when `up` ends first.
 */
async function killUpWhen(
  emulator: RunningEmulator,
  stack: TemporaryStack,
  what: string,
  killPoint: (fromSequence: number) => boolean,
): Promise<void> {
  emulator.clock.setTimeScale(0);
  const fromSequence = lastSequence(emulator);
  const mark = newProcessMark(stack.environment.processMark);
  const child = spawnInOwnGroup(
    "pulumi",
    ["up", "--yes", "--skip-preview", "--stack", stack.stackName, "--non-interactive"],
    { cwd: programDirectory, env: stack.environment.env, stdio: ["ignore", "pipe", "pipe"], mark },
  );
  // Kept to say why, should `up` end before the kill point (the CLI prints errors on stdout).
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await new Promise<void>((resolve, reject) => {
    const deadline = setTimeout(() => {
      clearInterval(timer);
      reject(new Error(`${what}: the kill point was not reached in ${KILL_POINT_TIMEOUT_IN_MS / 1000} s`));
    }, KILL_POINT_TIMEOUT_IN_MS);
    const timer = setInterval(() => {
      if (!killPoint(fromSequence)) return;
      clearInterval(timer);
      clearTimeout(deadline);
      process.kill(-child.pid!, "SIGKILL");
      resolve();
    }, 5);
    child.once("exit", (code) => {
      clearInterval(timer);
      clearTimeout(deadline);
      reject(new Error(`${what}: pulumi up ended (exit ${code}) before the kill point\n${output}`));
    });
  });
  await exited;
  await endMarkedProcesses(mark);
  tally.kills += 1;
  await stack.environment.run(["cancel", "--yes", "--stack", stack.stackName], programDirectory);
}

/** Moves simulated time on in steps until `done` holds (jobs end, replication catches up). */
function advanceUntil(emulator: RunningEmulator, done: () => boolean, stepInSeconds = 60): void {
  for (let steps = 0; !done(); steps++) {
    if (steps > 10_000) throw new Error("internal error: simulated time ran 10 000 steps without the state");
    emulator.advance(stepInSeconds);
  }
}

function noJobRuns(emulator: RunningEmulator, items: readonly string[]): boolean {
  return items.every((item) => emulator.store.state.items[item]?.activeJobName === undefined);
}

/** Accepted actions beyond the expected count, over every item and operation. */
function duplicates(
  emulator: RunningEmulator,
  items: readonly string[],
  expected: Record<string, number>,
): number {
  let extra = 0;
  for (const item of items) {
    for (const [operation, count] of Object.entries(expected)) {
      extra += Math.max(0, emulator.requests.actionCount(operation, item) - count);
    }
  }
  return extra;
}

function jobCancels(emulator: RunningEmulator): number {
  return emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0;
}

describe("FailbackPlan killed and resumed (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);
  let emulator: RunningEmulator | undefined;
  let stack: TemporaryStack | undefined;
  afterEach(async () => {
    await stack?.dispose();
    await emulator?.close();
    stack = undefined;
    emulator = undefined;
  });
  after(() => {
    console.log(
      `      kills ${tally.kills}, converged ${tally.converged}, hand steps ${tally.handSteps}, ` +
        `duplicate actions ${tally.duplicates}, job cancels ${tally.jobCancels}`,
    );
  });

  it("converges a VMware failback killed during reprotect, the replication wait, failover, commit and reprotect to Azure", async () => {
    const items = ["vm-web-1", "vm-web-2"];
    emulator = await startTestEmulator({ timeScale: TIME_SCALE });
    const running = emulator;
    const client = clientFor(running);
    await prepareFailbackPolicy(client);
    const processServerId = await onPremisesProcessServerId(client);
    stack = await TemporaryStack.create(programDirectory, {
      env: emulatorEnvironment(running),
      config: {
        plan: JSON.stringify({
          flavor: "vmware",
          items,
          targetStage: "protectedToAzure",
          reprotection: {
            policyId: "policy-failback",
            masterTargetId: WINDOWS_MASTER_TARGET,
            masterTargetName: "mt-win-01",
            processServerId,
            processServerName: "cs01.contoso.local",
            retentionDrive: "E:",
            datastoreName: "vmfs-gold",
          },
        }),
      },
    });
    const acceptedForAll = (operation: string) => (from: number) =>
      items.every((item) => acceptedSince(running, operation, from, item) > 0);

    // 1. Reprotect jobs accepted and running.
    await killUpWhen(running, stack, "reprotect", acceptedForAll("ReplicationProtectedItems_Reprotect"));
    advanceUntil(running, () => noJobRuns(running, items));
    for (const item of items) {
      const read = await client.getProtectedItem(vmware(item));
      assert.equal(read?.properties?.protectionState, "InitialReplicationInProgress", item);
    }

    // 2. Reprotect done, initial replication running: the rerun's check must pass (RP-05 and
    // RP-06 judge the failover the run waits for) and the run waits; it is killed while waiting.
    await killUpWhen(
      running,
      stack,
      "replication wait",
      (from) => requestsSince(running, "ReplicationProtectedItems_Get", from) >= 40,
    );
    running.advance(6 * HOUR_IN_SECONDS);

    // 3. Failover jobs accepted and running.
    await killUpWhen(
      running,
      stack,
      "failover",
      acceptedForAll("ReplicationProtectedItems_UnplannedFailover"),
    );
    advanceUntil(running, () => noJobRuns(running, items));

    // 4. Commit jobs accepted and running.
    await killUpWhen(running, stack, "commit", acceptedForAll("ReplicationProtectedItems_FailoverCommit"));
    advanceUntil(running, () => noJobRuns(running, items));

    // 5. Reprotect to Azure accepted and running, once the Mobility agents registered (FO-05:
    // within 15 minutes of boot).
    running.advance(20 * 60);
    await killUpWhen(
      running,
      stack,
      "reprotect to Azure",
      acceptedForAll("ReplicationProtectedItems_Reprotect"),
    );
    advanceUntil(running, () => noJobRuns(running, items));

    running.clock.setTimeScale(TIME_SCALE);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "protectedToAzure");
    tally.converged += 1;
    const expected = {
      ReplicationProtectedItems_Reprotect: 2, // to the site, then back to Azure
      ReplicationProtectedItems_UnplannedFailover: 1,
      ReplicationProtectedItems_FailoverCommit: 1,
    };
    tally.duplicates += duplicates(running, items, expected);
    tally.jobCancels += jobCancels(running);
    for (const item of items) {
      assert.deepEqual(
        Object.keys(expected).map((operation) => running.requests.actionCount(operation, item)),
        Object.values(expected),
        item,
      );
    }
    assert.equal(jobCancels(running), 0);
    assert.deepEqual(running.store.corruptions(), []);
  });

  it("converges a Hyper-V planned failover killed during data sync, beside a job suspended for manual completion, and while completing it", async () => {
    const items = ["hv-file-1", "hv-print-1"];
    emulator = await startTestEmulator({ timeScale: TIME_SCALE });
    const running = emulator;
    const plan = (completeFailover: string) =>
      JSON.stringify({
        flavor: "hyperv",
        items,
        targetStage: "committed",
        hyperV: { dataSyncOption: "syncBeforeFailover", completeFailover },
      });
    stack = await TemporaryStack.create(programDirectory, {
      env: emulatorEnvironment(running),
      config: { plan: plan("manual") },
    });
    const failoverJobs = () =>
      Object.values(running.store.state.jobs).filter((job) => job.action === "plannedFailover");

    // 1. Planned failover accepted, data sync running (a job never cancelled, HV-07).
    await killUpWhen(running, stack, "data sync", (from) =>
      items.every(
        (item) => acceptedSince(running, "ReplicationProtectedItems_PlannedFailover", from, item) > 0,
      ),
    );
    const suspended = (item: string) =>
      failoverJobs().some(
        (job) => job.itemNames.includes(item) && running.store.jobStatus(job).state === "Suspended",
      );

    // 2. hv-print-1 (60 GB) has synced and waits for a manual "complete failover"; hv-file-1
    // (627 GB) still syncs, and the run awaiting it is killed.
    advanceUntil(running, () => suspended("hv-print-1"));
    assert.ok(!suspended("hv-file-1"), "hv-file-1 still syncs");
    await killUpWhen(
      running,
      stack,
      "suspended job and data sync",
      (from) => requestsSince(running, "ReplicationJobs_Get", from) >= 40,
    );
    advanceUntil(running, () => items.every(suspended));

    // 3. Both jobs wait for a manual "complete failover": the rerun finds them suspended and
    // stops there, as declared.
    running.clock.setTimeScale(TIME_SCALE);
    const waiting = await stack.up();
    assert.deepEqual([...(waiting["awaitingCompleteFailover"] as string[])].sort(), items);

    // 4. The operator completes the failover the declared way (completeFailover: automatic); the
    // run resuming the suspended jobs is killed while the completion runs.
    await stack.setConfig("plan", plan("automatic"));
    await killUpWhen(
      running,
      stack,
      "complete failover",
      (from) =>
        running.requests
          .all()
          .filter(
            (entry) =>
              entry.sequence > from &&
              entry.operation === "ReplicationJobs_Resume" &&
              entry.statusCode === 202,
          ).length >= items.length,
    );

    running.clock.setTimeScale(TIME_SCALE);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "committed");
    tally.converged += 1;
    const expected = {
      ReplicationProtectedItems_PlannedFailover: 1,
      ReplicationProtectedItems_FailoverCommit: 1,
    };
    const resumes = running.requests
      .all()
      .filter((entry) => entry.operation === "ReplicationJobs_Resume" && entry.statusCode === 202).length;
    tally.duplicates += duplicates(running, items, expected) + Math.max(0, resumes - items.length);
    tally.jobCancels += jobCancels(running);
    for (const item of items) {
      assert.deepEqual(
        Object.keys(expected).map((operation) => running.requests.actionCount(operation, item)),
        Object.values(expected),
        item,
      );
    }
    assert.equal(resumes, items.length, "one complete failover per job");
    assert.equal(jobCancels(running), 0);
    assert.deepEqual(running.store.corruptions(), []);
  });
});
