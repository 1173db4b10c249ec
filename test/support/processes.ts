/**
 * The processes the tests start, and ending every one of them.
 *
 * A test starts the `pulumi` CLI or the emulator in a process group of its own (`detached`), so
 * one signal to the group reaches the command and whatever it ran in that group. That is not
 * enough for the CLI: the engine starts each plugin (the language host, the dynamic-provider
 * script and its node) in a group of its own too, and a plugin whose CLI died is handed to init.
 * So every process started here also carries a mark in its environment, which the engine passes
 * on to its plugins and they to theirs; teardown ends the group, then every process still
 * carrying the mark, wherever it was reparented.
 *
 * Teardown runs when a command ends, when its environment is disposed, after the whole run (a
 * root `after` hook) and, as a last resort, when the test process exits or is told to stop: a
 * failed or timed-out test leaves nothing behind.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";

/** The environment variable that marks the processes of this test run. */
export const PROCESS_MARK_VARIABLE = "ASR_FAILBACK_TEST_PROCESS_MARK";

/** How long a process gets between SIGTERM and SIGKILL, in milliseconds. */
export const TERMINATION_GRACE_IN_MS = 3_000;

/** How long SIGKILL gets to take effect (it is delivered asynchronously), in milliseconds. */
const KILL_DELIVERY_IN_MS = 2_000;

/** Pause between two scans for marked processes, in milliseconds. */
const SCAN_PAUSE_IN_MS = 20;

/** This run's mark: every mark of the run is this or below it (`<run>/3/7`), and nothing else's is. */
const RUN_MARK = `${process.pid}-${randomBytes(6).toString("hex")}`;
let marksIssued = 0;

/** Groups started here and not yet seen gone (process-group ids, that is, the leaders' pids). */
const startedGroups = new Set<number>();

/**
 * A new mark below `parent` (default: the run's mark): the processes started with it (and their
 * descendants) can be found and ended together, apart from those of other marks. Ending a mark
 * ends the processes of the marks below it too.
 */
export function newProcessMark(parent: string = RUN_MARK): string {
  marksIssued += 1;
  return `${parent}/${marksIssued}`;
}

/** `{ ASR_FAILBACK_TEST_PROCESS_MARK: mark }`, to add to the environment of a command. */
export function markEnvironment(mark: string): Record<string, string> {
  return { [PROCESS_MARK_VARIABLE]: mark };
}

/**
 * Ids of the live processes whose environment carries `mark` or a mark below it. Linux only
 * (/proc); elsewhere the list is empty.
 */
export function processesMarked(mark: string): number[] {
  const wanted = `${PROCESS_MARK_VARIABLE}=${mark}`;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const entry of entries) {
    const processId = Number(entry);
    if (!Number.isInteger(processId) || processId === process.pid) continue;
    let environment: string;
    try {
      environment = readFileSync(`/proc/${entry}/environ`, "latin1");
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const matches = environment
      .split("\0")
      .some((variable) => variable === wanted || variable.startsWith(`${wanted}/`));
    if (matches && !isZombie(processId)) found.push(processId);
  }
  return found;
}

/** Ids of the live processes that any command of this run started, directly or not. */
export function processesOfThisRun(): number[] {
  return processesMarked(RUN_MARK);
}

/** The command line of a process, arguments joined by spaces; undefined when it is gone. */
export function commandLineOf(processId: number): string | undefined {
  try {
    return readFileSync(`/proc/${processId}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return undefined;
  }
}

/** Whether a process is alive (a zombie is not: it has exited and waits to be reaped). */
export function isRunning(processId: number): boolean {
  try {
    process.kill(processId, 0);
  } catch {
    return false;
  }
  return !isZombie(processId);
}

/** A zombie has exited and waits for its parent to reap it: there is nothing left to end. */
function isZombie(processId: number): boolean {
  try {
    const stat = readFileSync(`/proc/${processId}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false; // gone, or no /proc: the signal that follows says which
  }
}

/** Options of {@link spawnInOwnGroup}: those of `spawn`, less `detached`, plus the mark. */
export interface OwnGroupSpawnOptions extends Omit<SpawnOptions, "detached"> {
  /** Mark of the process and its descendants; default: a new one. */
  readonly mark?: string;
}

/**
 * `spawn` in a process group of its own, marked, and remembered for teardown. End it with
 * {@link endProcessGroup} (or let the teardown do it).
 */
export function spawnInOwnGroup(
  command: string,
  args: readonly string[],
  options: OwnGroupSpawnOptions = {},
): ChildProcess & { readonly mark: string } {
  const { mark = newProcessMark(), env = process.env, ...rest } = options;
  const child = spawn(command, args, { ...rest, env: { ...env, ...markEnvironment(mark) }, detached: true });
  const processId = child.pid;
  if (processId !== undefined) {
    startedGroups.add(processId);
    // Once the leader is gone its id may be reused for another group: what is left of this one
    // carries the mark and is found by it.
    child.once("exit", () => startedGroups.delete(processId));
  }
  return Object.assign(child, { mark });
}

/** Result of {@link runToCompletion}. */
export interface CompletedProcess {
  /** Exit code; null when a signal ended the process. */
  readonly exitCode: number | null;
  /** The signal that ended the process, if one did. */
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a command in a process group of its own and resolves with its exit code and output,
 * whatever the exit code; then ends anything it left behind (its group and its marked processes).
 */
export async function runToCompletion(
  command: string,
  args: readonly string[],
  options: OwnGroupSpawnOptions = {},
): Promise<CompletedProcess> {
  const child = spawnInOwnGroup(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once("error", reject);
    // `close`, not `exit`: the output is complete only once both pipes are closed.
    child.once("close", (code, closingSignal) => resolve([code, closingSignal]));
  });
  await endProcessGroup(child.pid!, { mark: child.mark });
  return {
    exitCode,
    signal,
    stdout: Buffer.concat(stdout).toString("utf8"),
    stderr: Buffer.concat(stderr).toString("utf8"),
  };
}

/** Whether any process of the group `groupId` is alive. */
function groupExists(groupId: number): boolean {
  return signalGroup(groupId, 0);
}

/** Sends `signal` to a process group; false when the group no longer exists. */
function signalGroup(groupId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-groupId, signal);
    return true;
  } catch {
    return false;
  }
}

function signalProcess(processId: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(processId, signal);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `isGone` holds or `timeoutInMs` passed; true when it holds. */
async function waitUntil(isGone: () => boolean, timeoutInMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutInMs;
  while (!isGone()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Ends a process group started by {@link spawnInOwnGroup}: SIGTERM to the group, SIGKILL to what
 * is left after the grace; then the same for every process still carrying `mark` (the plugins
 * the engine started in groups of their own). Resolves when all of them are gone.
 */
export async function endProcessGroup(
  groupId: number,
  options: { mark?: string; graceInMs?: number } = {},
): Promise<void> {
  const graceInMs = options.graceInMs ?? TERMINATION_GRACE_IN_MS;
  if (signalGroup(groupId, "SIGTERM")) {
    if (!(await waitUntil(() => !groupExists(groupId), graceInMs))) {
      signalGroup(groupId, "SIGKILL");
      // SIGKILL is delivered asynchronously: on a busy machine the processes outlive the call.
      await waitUntil(() => !groupExists(groupId), KILL_DELIVERY_IN_MS);
    }
  }
  startedGroups.delete(groupId);
  if (options.mark) await endMarkedProcesses(options.mark, { graceInMs });
}

/**
 * SIGTERM to every live process carrying `mark` (or a mark below it), SIGKILL to those left after
 * the grace.
 */
export async function endMarkedProcesses(mark: string, options: { graceInMs?: number } = {}): Promise<void> {
  const killAfter = Date.now() + (options.graceInMs ?? TERMINATION_GRACE_IN_MS);
  const giveUpAfter = killAfter + KILL_DELIVERY_IN_MS;
  // A process in the middle of exec has no readable environment for a moment, so one scan that
  // finds nothing proves nothing: only two in a row, a pause apart, end the search. Each scan
  // signals what it finds, so a process first seen late is ended too; each process gets one
  // SIGTERM (a second one means "now" to some programs) and, past the grace, one SIGKILL.
  const terminated = new Set<number>();
  const killed = new Set<number>();
  let emptyScans = 0;
  while (emptyScans < 2 && Date.now() < giveUpAfter) {
    const marked = processesMarked(mark);
    if (marked.length === 0) emptyScans += 1;
    else emptyScans = 0;
    const pastGrace = Date.now() >= killAfter;
    for (const processId of marked) {
      const [sent, signal] = pastGrace ? [killed, "SIGKILL" as const] : [terminated, "SIGTERM" as const];
      if (sent.has(processId)) continue;
      sent.add(processId);
      signalProcess(processId, signal);
    }
    await new Promise((resolve) => setTimeout(resolve, SCAN_PAUSE_IN_MS));
  }
}

/** Ends every group started here and every process of this run still alive (teardown). */
export async function endAllTestProcesses(): Promise<void> {
  await Promise.all([...startedGroups].map((groupId) => endProcessGroup(groupId)));
  await endMarkedProcesses(RUN_MARK);
}

/** The last resort, when there is no time to wait: SIGKILL to everything of this run, at once. */
function killAllTestProcessesNow(): void {
  for (const groupId of startedGroups) signalGroup(groupId, "SIGKILL");
  startedGroups.clear();
  for (const processId of processesOfThisRun()) signalProcess(processId, "SIGKILL");
}

// A root hook: it runs once after the whole run, whichever test files were loaded.
if (typeof after === "function") {
  after(async function () {
    this.timeout(TERMINATION_GRACE_IN_MS * 3);
    await endAllTestProcesses();
  });
}
process.once("exit", killAllTestProcessesNow);
for (const signal of ["SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    killAllTestProcessesNow();
    // Then die of the signal as if no one had listened.
    process.kill(process.pid, signal);
  });
}
