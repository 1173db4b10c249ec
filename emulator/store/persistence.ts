/**
 * Persisting the world in the state directory so successive processes (each `pulumi up` starts a
 * new provider) see the same world. Writes are atomic (temporary file + rename), and a state file
 * that cannot be read is an error that says so — never a silent reset to the scenario.
 *
 * The token file holds the bearer token that opens the emulator: the directory and its files are
 * the emulator's user's alone (0700 and 0600), whatever the umask, and so are those an earlier
 * version left readable by others.
 */
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { validateScenario } from "../model/loadScenario";
import type { WorldState } from "../model/world";

/** File names inside the state directory. */
export const StateFiles = {
  world: "world.json",
  token: "token.json",
} as const;

/** A state file exists but cannot be used. */
export class CorruptStateError extends Error {
  override readonly name = "CorruptStateError";
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(
      `emulator state file ${path} is corrupt: ${reason}. ` +
        "Restore it, delete the state directory, or start the emulator with --reset to begin again from the scenario.",
    );
  }
}

/** Permissions of the state directory: its owner only. */
export const STATE_DIRECTORY_MODE = 0o700;

/** Permissions of the state files: read and write by their owner only. */
export const STATE_FILE_MODE = 0o600;

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { encoding: "utf8", mode: STATE_FILE_MODE });
  // `mode` applies only to a new file: one left by a crashed process keeps its own.
  chmodSync(temporary, STATE_FILE_MODE);
  renameSync(temporary, path);
}

/**
 * Takes the group's and others' permissions off `path` when it has any. What belongs to someone
 * else, and a directory shared on purpose (the sticky bit, as /tmp has), is left as it is.
 */
function restrictToOwner(path: string, mode: number): void {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return; // not there (yet)
  }
  if ((stats.mode & 0o077) === 0 || stats.uid !== process.getuid?.()) return;
  if (stats.isDirectory() && stats.mode & 0o1000) return;
  chmodSync(path, mode);
}

/** Reads and writes the world of one state directory. */
export class StateDirectory {
  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true, mode: STATE_DIRECTORY_MODE });
    restrictToOwner(directory, STATE_DIRECTORY_MODE);
    for (const name of Object.values(StateFiles)) restrictToOwner(join(directory, name), STATE_FILE_MODE);
  }

  /** Path of the world file. */
  get worldPath(): string {
    return join(this.directory, StateFiles.world);
  }

  /** True when a world was saved before. */
  hasWorld(): boolean {
    return existsSync(this.worldPath);
  }

  /** Loads the saved world. Throws {@link CorruptStateError} when it cannot be used. */
  loadWorld(): WorldState {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(this.worldPath, "utf8"));
    } catch (error) {
      throw new CorruptStateError(this.worldPath, (error as Error).message);
    }
    if (typeof parsed !== "object" || parsed === null)
      throw new CorruptStateError(this.worldPath, "it is not a JSON object");
    const world = parsed as Partial<WorldState>;
    if (world.formatVersion !== 1) {
      throw new CorruptStateError(
        this.worldPath,
        `unknown formatVersion ${JSON.stringify(world.formatVersion)}`,
      );
    }
    for (const field of [
      "items",
      "jobs",
      "operations",
      "policies",
      "mappings",
      "virtualMachines",
      "networkInterfaces",
    ] as const) {
      if (typeof world[field] !== "object" || world[field] === null) {
        throw new CorruptStateError(this.worldPath, `field "${field}" is missing or not an object`);
      }
    }
    if (
      !Array.isArray(world.corruptions) ||
      typeof world.clockMs !== "number" ||
      typeof world.sequence !== "number"
    ) {
      throw new CorruptStateError(this.worldPath, "fields corruptions, clockMs or sequence are missing");
    }
    try {
      world.scenario = validateScenario(world.scenario, `${this.worldPath} (scenario)`);
    } catch (error) {
      throw new CorruptStateError(this.worldPath, (error as Error).message);
    }
    return world as WorldState;
  }

  /** Saves the world atomically. */
  saveWorld(world: WorldState): void {
    writeAtomically(this.worldPath, JSON.stringify(world));
  }

  /** The token saved by an earlier run, if any. */
  loadToken(): string | undefined {
    const path = join(this.directory, StateFiles.token);
    if (!existsSync(path)) return undefined;
    try {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as { token?: unknown };
      if (typeof parsed.token !== "string" || parsed.token.length < 16) throw new Error("no token field");
      return parsed.token;
    } catch (error) {
      throw new CorruptStateError(path, (error as Error).message);
    }
  }

  /** Saves the token so a restarted emulator accepts clients configured for the earlier run. */
  saveToken(token: string): void {
    writeAtomically(join(this.directory, StateFiles.token), JSON.stringify({ token }));
  }

  /** Deletes the saved world and token (for `--reset`). */
  reset(): void {
    rmSync(this.worldPath, { force: true });
    rmSync(join(this.directory, StateFiles.token), { force: true });
  }
}
