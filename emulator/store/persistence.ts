/**
 * Persisting the world in the state directory so successive processes (each `pulumi up` starts a
 * new provider) see the same world. Writes are atomic (temporary file + rename), and a state file
 * that cannot be read is an error that says so — never a silent reset to the scenario.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
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

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, "utf8");
  renameSync(temporary, path);
}

/** Reads and writes the world of one state directory. */
export class StateDirectory {
  constructor(readonly directory: string) {
    mkdirSync(directory, { recursive: true });
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
