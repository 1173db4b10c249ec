/**
 * Stopping the dynamic-provider process when the Pulumi engine that started it is gone.
 *
 * The engine starts `pulumi-resource-pulumi-nodejs` (a shell script) in a process group of its
 * own, and the script runs node on @pulumi/pulumi's dynamic-provider host, which loads this
 * package at the first call. When the `pulumi` CLI dies without shutting its plugins down (a
 * SIGKILL, a crashed CI runner), nothing tells the provider: it would go on polling the vault
 * for hours, and once its stdout/stderr pipes are closed the host's uncaught-error handler
 * turns every failed write into another failed write and spins a core.
 *
 * Three signs of a lost engine, any one is enough:
 * - the engine's end of our stdin pipe closed (end of file: immediate);
 * - our parent, or the engine above the shell script, exited or was replaced (checked on an
 *   unref'd interval, so the watchdog never keeps the process alive);
 * - a write to stdout or stderr failed with EPIPE (nobody reads them any more).
 *
 * The parents are those seen when the watchdog starts; an engine already gone by then is seen by
 * the end of stdin, which the engine holds open for as long as it runs.
 *
 * On loss the process exits with {@link ENGINE_LOST_EXIT_CODE}. Site Recovery actions already
 * accepted go on in Azure; the next `pulumi up` adopts their jobs instead of repeating them.
 */
import { fstatSync, readFileSync } from "node:fs";

/** Exit code of a provider process that stopped because its engine was gone. */
export const ENGINE_LOST_EXIT_CODE = 86;

/** Pause between two checks of the process tree, in milliseconds. */
export const ENGINE_CHECK_INTERVAL_IN_MS = 2_000;

/** How the watchdog looks at processes; injectable for tests. */
export interface ProcessProbe {
  /** This process's id. */
  ownId(): number;
  /** This process's parent now (`process.ppid`). */
  ownParentId(): number;
  /** The parent of `processId` now; undefined where the platform does not say (no /proc). */
  parentIdOf(processId: number): number | undefined;
  /** Whether a process with this id exists (a signal-0 `kill` that does not fail with ESRCH). */
  isAlive(processId: number): boolean;
  /** The command line of `processId`, arguments joined by spaces; undefined where unknown. */
  commandLineOf(processId: number): string | undefined;
}

/** The probe of the running system: `process` for ourselves, /proc for other processes. */
export const systemProcessProbe: ProcessProbe = {
  ownId: () => process.pid,
  ownParentId: () => process.ppid,
  parentIdOf(processId) {
    try {
      // Field 4 of /proc/<pid>/stat, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${processId}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const parentId = Number(fields[1]);
      return Number.isInteger(parentId) ? parentId : undefined;
    } catch {
      return undefined;
    }
  },
  isAlive(processId) {
    try {
      process.kill(processId, 0);
      return true;
    } catch (error) {
      // EPERM: it exists but belongs to someone else.
      return (error as NodeJS.ErrnoException).code !== "ESRCH";
    }
  },
  commandLineOf(processId) {
    try {
      return readFileSync(`/proc/${processId}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
      return undefined;
    }
  },
};

/** Options of {@link startEngineWatchdog}. */
export interface EngineWatchdogOptions {
  /** Called once, with why, when the engine is found gone. */
  readonly onEngineLost: (reason: string) => void;
  /** Default: {@link systemProcessProbe}. */
  readonly probe?: ProcessProbe;
  /** Pause between checks of the process tree, in milliseconds; default {@link ENGINE_CHECK_INTERVAL_IN_MS}. */
  readonly checkIntervalInMs?: number;
  /** The engine's pipe into this process (our stdin when it is a pipe): its end means the engine is gone. */
  readonly engineInput?: NodeJS.ReadableStream;
  /** Streams the engine reads (stdout, stderr): EPIPE on them means the engine is gone. */
  readonly engineOutputs?: readonly NodeJS.WritableStream[];
}

/** A running watchdog. */
export interface EngineWatchdog {
  /** Aborts, with the loss's reason, when the engine is found gone. */
  readonly signal: AbortSignal;
  /** The processes watched, each with the parent it must keep: the provider, then the script. */
  readonly watchedLinks: readonly ParentLink[];
  /** Checks the process tree now; returns why the engine is gone, or undefined while it is there. */
  check(): string | undefined;
  /** Stops watching (clears the interval and removes the stream listeners). */
  stop(): void;
}

/** A process and the parent it had when the watchdog started. */
export interface ParentLink {
  readonly processId: number;
  readonly parentId: number;
}

/** The script the engine runs for plugins (`pulumi-resource-<name>`), between it and node. */
const PLUGIN_SCRIPT = /(^|[\\/ ])pulumi-resource-[^\s/\\]+/;

/**
 * Which parents must stay: ours, and when our parent is the plugin script, the script's parent
 * (the engine), because the script lives as long as we do and would hide the engine's death.
 */
export function parentLinks(probe: ProcessProbe): ParentLink[] {
  const links: ParentLink[] = [{ processId: probe.ownId(), parentId: probe.ownParentId() }];
  const parentId = links[0]!.parentId;
  if (PLUGIN_SCRIPT.test(probe.commandLineOf(parentId) ?? "")) {
    const engineId = probe.parentIdOf(parentId);
    if (engineId !== undefined && engineId > 0) links.push({ processId: parentId, parentId: engineId });
  }
  return links;
}

/** Why a link broke, or undefined while every process keeps its parent and the parents live. */
export function brokenLink(probe: ProcessProbe, links: readonly ParentLink[]): string | undefined {
  for (const link of links) {
    const parentNow =
      link.processId === probe.ownId() ? probe.ownParentId() : probe.parentIdOf(link.processId);
    if (parentNow !== undefined && parentNow !== link.parentId) {
      return `process ${link.parentId}, parent of ${link.processId}, is gone (its parent is now ${parentNow})`;
    }
    if (!probe.isAlive(link.parentId)) {
      return `process ${link.parentId}, parent of ${link.processId}, is gone`;
    }
  }
  return undefined;
}

/**
 * Watches the engine and calls `onEngineLost` once when it is gone. The interval is unref'd and
 * the input stream, once read, is unref'd too: the watchdog never keeps the process alive.
 */
export function startEngineWatchdog(options: EngineWatchdogOptions): EngineWatchdog {
  const probe = options.probe ?? systemProcessProbe;
  const links = parentLinks(probe);
  const controller = new AbortController();
  const cleanups: Array<() => void> = [];

  const stop = (): void => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const lose = (reason: string): void => {
    if (controller.signal.aborted) return;
    controller.abort(new Error(`engine gone: ${reason}`));
    stop();
    options.onEngineLost(reason);
  };
  const check = (): string | undefined => {
    const reason = brokenLink(probe, links);
    if (reason) lose(reason);
    return reason;
  };

  const timer = setInterval(check, options.checkIntervalInMs ?? ENGINE_CHECK_INTERVAL_IN_MS);
  timer.unref();
  cleanups.push(() => clearInterval(timer));

  const input = options.engineInput;
  if (input) {
    const onEnd = () => lose("the engine closed its pipe to this process (end of standard input)");
    input.on("end", onEnd);
    input.on("close", onEnd);
    // A read error on the pipe says no more than its end would; without a listener it would throw.
    input.on("error", onEnd);
    const ignoreData = () => {};
    input.on("data", ignoreData);
    (input as { unref?: () => void }).unref?.();
    cleanups.push(() => {
      input.off("end", onEnd);
      input.off("close", onEnd);
      input.off("data", ignoreData);
      // The error listener stays: a late error must not become an uncaught exception.
    });
  }

  for (const output of options.engineOutputs ?? []) {
    // Kept after stop as well, for the same reason: an unhandled write error is re-reported by the
    // host's uncaught-error handler on stderr, which fails again, and the process spins.
    output.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
        lose(`a write to the engine failed (${error.code})`);
      }
    });
  }

  return { signal: controller.signal, watchedLinks: links, check, stop };
}

/** The script @pulumi/pulumi runs for dynamic providers (`cmd/dynamic-provider/index.js`). */
const DYNAMIC_PROVIDER_HOST = /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]dynamic-provider([\\/]index(\.js)?)?$/;

let processWatchdog: EngineWatchdog | undefined;

/**
 * Starts the watchdog of this process when it is @pulumi/pulumi's dynamic-provider host (once;
 * later calls return the same watchdog), and exits with {@link ENGINE_LOST_EXIT_CODE} when the
 * engine is gone. In any other process (the Pulumi program, tests) it does nothing and returns
 * undefined.
 */
export function watchEngineInProviderHost(
  argv: readonly string[] = process.argv,
): EngineWatchdog | undefined {
  if (processWatchdog) return processWatchdog;
  if (!DYNAMIC_PROVIDER_HOST.test(argv[1] ?? "")) return undefined;
  processWatchdog = startEngineWatchdog({
    // The engine has no one left to report to: exit without writing to the closed pipes.
    onEngineLost: () => process.exit(ENGINE_LOST_EXIT_CODE),
    engineInput: standardInputIsPipe() ? process.stdin : undefined,
    engineOutputs: [process.stdout, process.stderr],
  });
  return processWatchdog;
}

/** Only a pipe's end means something: a terminal or /dev/null as stdin says nothing about the engine. */
function standardInputIsPipe(): boolean {
  try {
    return fstatSync(0).isFIFO();
  } catch {
    return false;
  }
}
