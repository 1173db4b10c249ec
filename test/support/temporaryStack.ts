import { rm } from "node:fs/promises";
import path from "node:path";
import { type CliResult, PulumiEnvironment, type PulumiEnvironmentOptions } from "./pulumiCli";

/** One step of `pulumi preview --json`. */
export interface PreviewStep {
  readonly op: string;
  readonly urn: string;
  readonly diffReasons?: string[];
  readonly replaceReasons?: string[];
  readonly detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
  readonly newState?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
  readonly oldState?: { type: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> };
}

/** Parsed `pulumi preview --json`. */
export interface PreviewResult {
  readonly steps: PreviewStep[];
  readonly changeSummary: Record<string, number>;
  readonly diagnostics?: Array<{ message: string; severity: string; urn?: string }>;
}

/** One resource of `pulumi stack export`. */
export interface ExportedResource {
  readonly urn: string;
  readonly type: string;
  readonly id?: string;
  readonly inputs?: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
}

/** Parsed `pulumi stack export`. */
export interface StackExport {
  readonly version: number;
  readonly deployment: { resources?: ExportedResource[] };
}

/**
 * A stack of a Pulumi program directory on a temporary local file backend, driven through the
 * real `pulumi` CLI. Each method runs one CLI command and returns its parsed JSON.
 */
export class TemporaryStack {
  private constructor(
    readonly environment: PulumiEnvironment,
    readonly programDirectory: string,
    readonly stackName: string,
  ) {}

  /** Creates the environment and runs `pulumi stack init`, then sets the given config. */
  static async create(
    programDirectory: string,
    options: PulumiEnvironmentOptions & { stackName?: string; config?: Record<string, string> } = {},
  ): Promise<TemporaryStack> {
    const environment = await PulumiEnvironment.create(options);
    const stackName = options.stackName ?? "test";
    const stack = new TemporaryStack(environment, programDirectory, stackName);
    await environment.runOrThrow(
      ["stack", "init", stackName, "--secrets-provider", "passphrase"],
      programDirectory,
    );
    for (const [key, value] of Object.entries(options.config ?? {})) {
      await stack.setConfig(key, value);
    }
    return stack;
  }

  private stackArgs(): string[] {
    return ["--stack", this.stackName];
  }

  async setConfig(key: string, value: string, options: { secret?: boolean } = {}): Promise<void> {
    const args = ["config", "set", key, value, ...this.stackArgs()];
    if (options.secret) args.push("--secret");
    await this.environment.runOrThrow(args, this.programDirectory);
  }

  /** `pulumi preview --json`; rejects if the preview fails (see {@link previewRaw}). */
  async preview(extraArgs: string[] = []): Promise<PreviewResult> {
    const result = await this.environment.runOrThrow(
      ["preview", "--json", ...this.stackArgs(), ...extraArgs],
      this.programDirectory,
    );
    return JSON.parse(result.stdout) as PreviewResult;
  }

  /** `pulumi preview` with its raw output and exit code, for previews that are meant to fail. */
  previewRaw(extraArgs: string[] = []): Promise<CliResult> {
    return this.environment.run(["preview", ...this.stackArgs(), ...extraArgs], this.programDirectory);
  }

  /** `pulumi preview --diff`, as a reviewer sees it in a pull request. */
  async previewDiff(): Promise<string> {
    const result = await this.environment.runOrThrow(
      ["preview", "--diff", ...this.stackArgs()],
      this.programDirectory,
    );
    return result.stdout;
  }

  /** `pulumi up --yes --skip-preview`; resolves with the stack outputs. */
  async up(extraArgs: string[] = []): Promise<Record<string, unknown>> {
    await this.environment.runOrThrow(
      ["up", "--yes", "--skip-preview", ...this.stackArgs(), ...extraArgs],
      this.programDirectory,
    );
    return this.outputs();
  }

  /** `pulumi up` with its raw output and exit code, for updates that are meant to fail. */
  upRaw(extraArgs: string[] = []): Promise<CliResult> {
    return this.environment.run(
      ["up", "--yes", "--skip-preview", ...this.stackArgs(), ...extraArgs],
      this.programDirectory,
    );
  }

  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.environment.runOrThrow(
      ["stack", "output", "--json", "--show-secrets", ...this.stackArgs()],
      this.programDirectory,
    );
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** `pulumi stack export`: the state file as the backend stores it. */
  async export(): Promise<StackExport> {
    const result = await this.environment.runOrThrow(
      ["stack", "export", ...this.stackArgs()],
      this.programDirectory,
    );
    return JSON.parse(result.stdout) as StackExport;
  }

  /** `pulumi refresh --yes`; resolves with the JSON summary when the CLI prints one. */
  async refresh(extraArgs: string[] = []): Promise<CliResult> {
    return this.environment.runOrThrow(
      ["refresh", "--yes", "--skip-preview", ...this.stackArgs(), ...extraArgs],
      this.programDirectory,
    );
  }

  /** `pulumi destroy --yes`. */
  async destroy(): Promise<CliResult> {
    return this.environment.runOrThrow(
      ["destroy", "--yes", "--skip-preview", ...this.stackArgs()],
      this.programDirectory,
    );
  }

  /** Removes the stack and the temporary backend. */
  async dispose(): Promise<void> {
    await this.environment.run(
      ["stack", "rm", "--yes", "--force", ...this.stackArgs()],
      this.programDirectory,
    );
    // `pulumi config set` wrote the stack's settings file into the program directory.
    await rm(path.join(this.programDirectory, `Pulumi.${this.stackName}.yaml`), { force: true });
    await this.environment.dispose();
  }
}
