import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";
import { PulumiEnvironment, type PulumiEnvironmentOptions } from "./pulumiCli";

/**
 * A stack of an inline program (a function in the test process) on a temporary local file
 * backend. The Automation API runs the real `pulumi` CLI and hosts the program's language
 * runtime in this process, so no program directory is needed.
 */
export class InlineStack {
  private constructor(
    private readonly environment: PulumiEnvironment,
    private readonly workDirectory: string,
    readonly stack: Stack,
  ) {}

  static async create(
    projectName: string,
    program: PulumiFn,
    options: PulumiEnvironmentOptions & { stackName?: string } = {},
  ): Promise<InlineStack> {
    const environment = await PulumiEnvironment.create(options);
    const envVars = Object.fromEntries(
      Object.entries(environment.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    // The engine starts the dynamic-provider plugin in the work directory, and the plugin
    // resolves @pulumi/pulumi from there: keep it inside the repository's node_modules tree.
    const cacheDirectory = path.join(__dirname, "..", "..", "node_modules", ".cache", "inline-stacks");
    await mkdir(cacheDirectory, { recursive: true });
    const workDirectory = await mkdtemp(path.join(cacheDirectory, `${projectName}-`));
    const stack = await LocalWorkspace.createStack(
      { stackName: options.stackName ?? "test", projectName, program },
      {
        workDir: workDirectory,
        envVars,
        projectSettings: {
          name: projectName,
          runtime: "nodejs",
          backend: { url: envVars.PULUMI_BACKEND_URL },
        },
      },
    );
    return new InlineStack(environment, workDirectory, stack);
  }

  async dispose(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name, { force: true }).catch(() => undefined);
    await this.environment.dispose();
    await rm(this.workDirectory, { recursive: true, force: true });
  }
}
