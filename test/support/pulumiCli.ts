import { mkdtemp, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { endMarkedProcesses, markEnvironment, newProcessMark, runToCompletion } from "./processes";

/** Result of one `pulumi` CLI invocation. */
export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Failure of a `pulumi` command that was expected to succeed; carries its whole output. */
export class PulumiCommandError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: CliResult,
  ) {
    super(
      `pulumi ${args.join(" ")} exited with ${result.exitCode}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
}

/** Options of a temporary, offline Pulumi environment. */
export interface PulumiEnvironmentOptions {
  /** Extra environment variables for every command (e.g. emulator endpoint and token). */
  readonly env?: Record<string, string>;
  /** Passphrase of the stack's secrets provider. */
  readonly passphrase?: string;
}

/**
 * A local file backend in a temporary directory, with update checks and plugin downloads off,
 * so the real `pulumi` CLI runs without network access.
 *
 * Every process started with {@link env} (the CLI, and the language host and providers the engine
 * starts) carries the environment's process mark: {@link dispose} ends whatever of them is left.
 */
export class PulumiEnvironment {
  private constructor(
    readonly backendDirectory: string,
    readonly env: NodeJS.ProcessEnv,
    /** Process mark of the environment (see `./processes`). */
    readonly processMark: string,
  ) {}

  static async create(options: PulumiEnvironmentOptions = {}): Promise<PulumiEnvironment> {
    const backendDirectory = await mkdtemp(path.join(tmpdir(), "asr-failback-state-"));
    const processMark = newProcessMark();
    // scripts/setup-pulumi.sh installs the CLI here; tests also run when it is not yet on PATH.
    const pulumiBin = path.join(process.env.PULUMI_HOME ?? path.join(homedir(), ".pulumi"), "bin");
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${pulumiBin}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${backendDirectory}`,
      PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "rehearsal-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_SKIP_CONFIRMATIONS: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
      ...options.env,
      ...markEnvironment(processMark),
    };
    return new PulumiEnvironment(backendDirectory, env, processMark);
  }

  /**
   * Runs `pulumi <args>` in a process group of its own and resolves with its exit code and output,
   * whatever the exit code; rejects when a signal ended it. Whatever it leaves running is ended.
   */
  async run(args: readonly string[], cwd: string, extraEnv: Record<string, string> = {}): Promise<CliResult> {
    const result = await runToCompletion("pulumi", [...args, "--non-interactive"], {
      cwd,
      env: { ...this.env, ...extraEnv },
      mark: newProcessMark(this.processMark),
    });
    if (result.exitCode === null) {
      throw new Error(
        `pulumi ${args.join(" ")} was ended by ${result.signal}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
      );
    }
    return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
  }

  /** Runs `pulumi <args>` and rejects with the whole output when it fails. */
  async runOrThrow(
    args: readonly string[],
    cwd: string,
    extraEnv?: Record<string, string>,
  ): Promise<CliResult> {
    const result = await this.run(args, cwd, extraEnv);
    if (result.exitCode !== 0) {
      throw new PulumiCommandError(args, result);
    }
    return result;
  }

  /** Ends every process still running with this environment's mark, then removes the backend. */
  async dispose(): Promise<void> {
    await endMarkedProcesses(this.processMark);
    await rm(this.backendDirectory, { recursive: true, force: true });
  }
}
