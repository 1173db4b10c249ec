/**
 * Kill and resume through the real pulumi CLI: `pulumi up` is SIGKILLed (its process group, and
 * the provider the engine started in a group of its own) at many points of one VMware failback
 * (15) and of Hyper-V planned failovers (9: data sync before and during the failover, a job
 * suspended for a manual "complete failover", the completion, the commit); after each kill only
 * `pulumi cancel` and `pulumi up` are run, as the README's "When a run is interrupted" says. Each
 * stack converges with every action once per item and stage and no job cancelled.
 *
 * Per action, a run is killed right after the first POST reached the vault, while the jobs run,
 * and right after the jobs ended but before the run read the result back. Kill points are made
 * certain without sleeping and without depending on how the provider polls: the emulator's clock
 * is frozen while a doomed `up` runs, so what it waits for cannot end before the kill; a kill
 * point is read from the emulator's log of accepted actions and the count of requests; "before the
 * read-back" holds every read in the vault (a slow answer) before the clock moves the jobs to
 * their end, and the run is killed while its read is held. Between kills simulated time is moved
 * on explicitly, and the last `up` runs it fast.
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
/**
 * Requests a run has made once it surely waits (for a job, for replication): more than reading
 * the items and checking the plan take, however the provider batches its polls.
 */
const WAITING_REQUESTS = 30;
/** How long the vault holds a read while a run is killed, in real milliseconds. */
const HELD_READ_IN_MS = 10_000;
/** The reads a run makes: held to kill it between a job's end and its read-back. */
const READ_OPERATIONS = [
  "ReplicationProtectedItems_Get",
  "ReplicationProtectedItems_List",
  "ReplicationProtectedItems_ListByReplicationProtectionContainers",
  "ReplicationJobs_Get",
  "ReplicationJobs_List",
  "RecoveryPoints_ListByReplicationProtectedItems",
  "RecoveryPoints_Get",
];
/** Actions that cancel what Site Recovery is doing: none may be sent. */
const CANCEL_OPERATIONS = ["ReplicationJobs_Cancel", "ReplicationProtectedItems_FailoverCancel"];

const REPROTECT = "ReplicationProtectedItems_Reprotect";
const UNPLANNED_FAILOVER = "ReplicationProtectedItems_UnplannedFailover";
const PLANNED_FAILOVER = "ReplicationProtectedItems_PlannedFailover";
const COMMIT = "ReplicationProtectedItems_FailoverCommit";
const RESUME = "ReplicationJobs_Resume";

/** What the kills did, printed at the end. */
const tally = {
  kills: { vmware: 0, hyperv: 0 },
  converged: 0,
  cancelsRun: 0,
  handSteps: 0,
  duplicates: 0,
  jobCancels: 0,
};
type Flavor = keyof typeof tally.kills;

/** A kill point: true once the run started after request `fromSequence` should be killed. */
type KillPoint = (fromSequence: number) => boolean;

function lastSequence(emulator: RunningEmulator): number {
  return emulator.requests.all().at(-1)?.sequence ?? 0;
}

/**
 * The log's entries after `fromSequence`, read from the end: kill points are checked every few
 * milliseconds in the process that also serves the vault, and the log grows long.
 */
function entriesSince(emulator: RunningEmulator, fromSequence: number) {
  const entries = emulator.requests.all();
  let first = entries.length;
  while (first > 0 && entries[first - 1]!.sequence > fromSequence) first -= 1;
  return entries.slice(first);
}

/** Requests since `fromSequence`. */
function requestsSince(emulator: RunningEmulator, fromSequence: number): number {
  return entriesSince(emulator, fromSequence).length;
}

/** Requests of the action `operation` accepted (202, applied) since `fromSequence`, over all items. */
function acceptedSince(emulator: RunningEmulator, operation: string, fromSequence: number): number {
  return entriesSince(emulator, fromSequence).filter(
    (entry) => entry.operation === operation && entry.statusCode === 202,
  ).length;
}

/** Killed right after the first POST of `operation` in this run reached the vault. */
function firstPostReached(emulator: RunningEmulator, operation: string): KillPoint {
  return (from) => acceptedSince(emulator, operation, from) >= 1;
}

/** Killed while waiting, once `operation` was accepted for every item (in this run or before). */
function waitingAfter(emulator: RunningEmulator, operation: string, items: readonly string[]): KillPoint {
  return (from) =>
    requestsSince(emulator, from) >= WAITING_REQUESTS &&
    items.every((item) => emulator.requests.actionCount(operation, item) > 0);
}

/** Killed while waiting (for replication, for a job someone else started). */
function waiting(emulator: RunningEmulator): KillPoint {
  return (from) => requestsSince(emulator, from) >= WAITING_REQUESTS;
}

/**
 * Holds every request of `operations` in the vault (a slow answer) from now on; the result tells
 * whether one is held. Cleared by {@link killUpWhen} after the kill.
 */
function holdRequests(emulator: RunningEmulator, operations: readonly string[]): () => boolean {
  const before = emulator.faults.list().length;
  emulator.faults.add(
    operations.map((operation) => ({
      operation,
      kind: "slow" as const,
      count: 1_000_000,
      delayMs: HELD_READ_IN_MS,
    })),
  );
  return () =>
    emulator.faults
      .list()
      .slice(before)
      .some((rule) => rule.fired > 0);
}

/** Killed while the vault holds its first recovery-point listing. */
function listingRecoveryPoints(emulator: RunningEmulator): KillPoint {
  let held: (() => boolean) | undefined;
  return () => {
    held ??= holdRequests(emulator, ["RecoveryPoints_ListByReplicationProtectedItems"]);
    return held();
  };
}

/**
 * Killed right after the items' jobs ended, before the run read that back: once the run waits,
 * its reads are held, then simulated time ends the jobs; it is killed while a read is held.
 */
function jobsEndedBeforeReadBack(emulator: RunningEmulator, items: readonly string[]): KillPoint {
  let held: (() => boolean) | undefined;
  return (from) => {
    if (held === undefined) {
      if (requestsSince(emulator, from) < WAITING_REQUESTS) return false;
      held = holdRequests(emulator, READ_OPERATIONS);
      advanceUntil(emulator, () => noJobRuns(emulator, items));
    }
    return held();
  };
}

/**
 * Runs `pulumi up` with the clock frozen and SIGKILLs it once `killPoint` holds (checked on the
 * request log since the start); ends the provider it left (as it would end on its own within
 * seconds), then clears the stale update with `pulumi cancel`. Rejects when `up` ends first.
 */
async function killUpWhen(
  emulator: RunningEmulator,
  stack: TemporaryStack,
  flavor: Flavor,
  what: string,
  killPoint: KillPoint,
): Promise<void> {
  emulator.clock.setTimeScale(0);
  const startedAtMs = Date.now();
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
  try {
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
  } finally {
    emulator.faults.clear();
    await endMarkedProcesses(mark);
  }
  tally.kills[flavor] += 1;
  const killedAfterInSeconds = (Date.now() - startedAtMs) / 1000;
  await stack.environment.run(["cancel", "--yes", "--stack", stack.stackName], programDirectory);
  tally.cancelsRun += 1;
  const cycleInSeconds = (Date.now() - startedAtMs) / 1000;
  console.log(
    `      killed: ${what} (${killedAfterInSeconds.toFixed(1)} s into up, ${cycleInSeconds.toFixed(1)} s with cancel)`,
  );
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

/** Accepted actions beyond the expected count, over every item and every action (unexpected ones too). */
function duplicates(emulator: RunningEmulator, expected: Record<string, number>): number {
  return emulator.requests
    .actions()
    .filter((record) => !CANCEL_OPERATIONS.includes(record.operation))
    .reduce((extra, record) => extra + Math.max(0, record.count - (expected[record.operation] ?? 0)), 0);
}

function jobCancels(emulator: RunningEmulator): number {
  const counts = emulator.requests.countsByOperation();
  return CANCEL_OPERATIONS.reduce((sum, operation) => sum + (counts[operation] ?? 0), 0);
}

/** Adds a converged stack's counts to the tally, then asserts exactly-once and no cancel. */
function assertConvergedOnce(
  emulator: RunningEmulator,
  items: readonly string[],
  expected: Record<string, number>,
): void {
  tally.converged += 1;
  tally.duplicates += duplicates(emulator, expected);
  tally.jobCancels += jobCancels(emulator);
  for (const item of items) {
    assert.deepEqual(
      Object.keys(expected).map((operation) => emulator.requests.actionCount(operation, item)),
      Object.values(expected),
      item,
    );
  }
  assert.equal(duplicates(emulator, expected), 0, "no action beyond the expected ones");
  assert.equal(jobCancels(emulator), 0);
  assert.deepEqual(emulator.store.corruptions(), []);
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
      `      kills ${tally.kills.vmware + tally.kills.hyperv} (VMware ${tally.kills.vmware}, ` +
        `Hyper-V ${tally.kills.hyperv}), converged ${tally.converged}, hand steps ${tally.handSteps} ` +
        `(besides ${tally.cancelsRun} pulumi cancel), duplicate actions ${tally.duplicates}, ` +
        `job cancels ${tally.jobCancels}`,
    );
  });

  it("converges a VMware failback killed 15 times: at each action's POST, job and job end, the replication wait and recovery-point selection", async () => {
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
    const killUp = (what: string, killPoint: KillPoint) =>
      killUpWhen(running, stack!, "vmware", what, killPoint);
    /** The three kills of one action: its first POST, its jobs running, its jobs ended. */
    const killAroundAction = async (action: string, operation: string) => {
      await killUp(`${action}: first POST`, firstPostReached(running, operation));
      await killUp(`${action}: jobs running`, waitingAfter(running, operation, items));
      await killUp(`${action}: jobs ended, not read back`, jobsEndedBeforeReadBack(running, items));
    };

    // 1-3. Reprotect to the site.
    await killAroundAction("reprotect", REPROTECT);
    for (const item of items) {
      const read = await client.getProtectedItem(vmware(item));
      assert.equal(read?.properties?.protectionState, "InitialReplicationInProgress", item);
    }

    // 4-5. Initial replication runs: the rerun's check passes (RP-05 and RP-06 judge the failover
    // the run waits for) and the run waits; it is killed while waiting, twice.
    await killUp("replication wait", waiting(running));
    running.advance(HOUR_IN_SECONDS / 2);
    for (const item of items) {
      const read = await client.getProtectedItem(vmware(item));
      assert.equal(
        read?.properties?.protectionState,
        "InitialReplicationInProgress",
        `${item} still replicates`,
      );
    }
    await killUp("replication wait, later", waiting(running));
    running.advance(6 * HOUR_IN_SECONDS);

    // 6. Replication caught up: killed while listing the recovery points to fail over to.
    await killUp("recovery-point selection", listingRecoveryPoints(running));

    // 7-9. Failover; 10-12. commit.
    await killAroundAction("failover", UNPLANNED_FAILOVER);
    await killAroundAction("commit", COMMIT);

    // 13-15. Reprotect to Azure, once the Mobility agents registered (FO-05: within 15 minutes of
    // boot).
    running.advance(20 * 60);
    await killAroundAction("reprotect to Azure", REPROTECT);

    running.clock.setTimeScale(TIME_SCALE);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "protectedToAzure");
    assert.equal(tally.kills.vmware, 15);
    assertConvergedOnce(running, items, {
      [REPROTECT]: 2, // to the site, then back to Azure
      [UNPLANNED_FAILOVER]: 1,
      [COMMIT]: 1,
    });
  });

  it("converges a Hyper-V planned failover killed 7 times: during data sync, beside a job suspended for manual completion, while completing it and at the commit", async () => {
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
    const killUp = (what: string, killPoint: KillPoint) =>
      killUpWhen(running, stack!, "hyperv", what, killPoint);
    const failoverJobs = () =>
      Object.values(running.store.state.jobs).filter((job) => job.action === "plannedFailover");
    const suspended = (item: string) =>
      failoverJobs().some(
        (job) => job.itemNames.includes(item) && running.store.jobStatus(job).state === "Suspended",
      );

    // 1-2. Planned failover accepted, data sync running (a job never cancelled, HV-07).
    await killUp("data sync: first POST", firstPostReached(running, PLANNED_FAILOVER));
    await killUp("data sync running", waitingAfter(running, PLANNED_FAILOVER, items));

    // 3. hv-print-1 (60 GB) has synced and waits for a manual "complete failover"; hv-file-1
    // (627 GB) still syncs, and the run awaiting it is killed.
    advanceUntil(running, () => suspended("hv-print-1"));
    assert.ok(!suspended("hv-file-1"), "hv-file-1 still syncs");
    await killUp("suspended job beside data sync", waiting(running));
    advanceUntil(running, () => items.every(suspended));

    // Both jobs wait for a manual "complete failover": the rerun finds them suspended and stops
    // there, as declared.
    running.clock.setTimeScale(TIME_SCALE);
    const waitingForCompletion = await stack.up();
    assert.deepEqual([...(waitingForCompletion["awaitingCompleteFailover"] as string[])].sort(), items);

    // 4-6. The operator completes the failover the declared way (completeFailover: automatic);
    // the runs resuming the suspended jobs are killed at the first resume, while the completion
    // runs and right after it ended.
    await stack.setConfig("plan", plan("automatic"));
    await killUp("complete failover: first resume", firstPostReached(running, RESUME));
    await killUp("complete failover running", waitingAfter(running, RESUME, items));
    await killUp("complete failover ended, not read back", jobsEndedBeforeReadBack(running, items));

    // 7. The commit accepted.
    await killUp("commit: first POST", firstPostReached(running, COMMIT));

    running.clock.setTimeScale(TIME_SCALE);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "committed");
    assertConvergedOnce(running, items, { [PLANNED_FAILOVER]: 1, [RESUME]: 1, [COMMIT]: 1 });
  });

  it("converges a Hyper-V failover that syncs during the failover, killed at its POST and during the sync", async () => {
    const items = ["hv-file-1", "hv-print-1"];
    emulator = await startTestEmulator({ timeScale: TIME_SCALE });
    const running = emulator;
    stack = await TemporaryStack.create(programDirectory, {
      env: emulatorEnvironment(running),
      config: {
        plan: JSON.stringify({
          flavor: "hyperv",
          items,
          targetStage: "committed",
          hyperV: { dataSyncOption: "syncDuringFailover", completeFailover: "automatic" },
        }),
      },
    });
    const killUp = (what: string, killPoint: KillPoint) =>
      killUpWhen(running, stack!, "hyperv", what, killPoint);

    // 1-2. Planned failover accepted; the VMs are shut down and synced as part of the failover.
    await killUp("sync during failover: first POST", firstPostReached(running, PLANNED_FAILOVER));
    await killUp("sync during failover running", waitingAfter(running, PLANNED_FAILOVER, items));

    running.clock.setTimeScale(TIME_SCALE);
    const outputs = await stack.up();
    assert.equal(outputs["stage"], "committed");
    assertConvergedOnce(running, items, { [PLANNED_FAILOVER]: 1, [COMMIT]: 1 });
  });
});
