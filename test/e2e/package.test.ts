/**
 * The published artifacts work on their own: `npm pack` of the three workspace packages
 * (asr-contract, pulumi-asr-failback, asr-emulator), from a checkout of the committed tree (`git
 * archive HEAD`, so no build output or uncommitted file of the working tree slips in), installs
 * into a new, empty project, whose Pulumi program (the README's minimal program, plain
 * JavaScript) runs `pulumi preview` and `pulumi up` against the emulator started from the
 * installed `asr-emulator` command.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { endProcessGroup, spawnInOwnGroup } from "../support/processes";
import { TemporaryStack } from "../support/temporaryStack";

const run = promisify(execFile);
const repositoryRoot = path.join(__dirname, "..", "..");
const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;
/** The workspace packages, in build order; each packs to `<name>-<version>.tgz`. */
const packageNames = ["asr-contract", "pulumi-asr-failback", "asr-emulator"] as const;
type PackageName = (typeof packageNames)[number];

/** One entry of `npm pack --json`. */
interface PackResult {
  readonly name: string;
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

/** The README's minimal program: the code block after its `package-test: program` marker. */
async function readmeProgram(): Promise<string> {
  const readme = await readFile(path.join(repositoryRoot, "README.md"), "utf8");
  const block = /<!-- package-test: program -->\s*```js\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "README.md has no minimal program after <!-- package-test: program -->");
  return block[1]!;
}

/**
 * A checkout of HEAD in `directory`, ready to pack: the committed files only, with the
 * repository's installed third-party dependencies linked in (installing them again would cost
 * minutes and test npm, not the packages) and the workspace packages linked to the checkout's own
 * copies, so each `prepack` builds the committed sources.
 */
async function checkoutOfHead(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true });
  const archive = path.join(directory, "..", "head.tar");
  await run("git", ["archive", "--format=tar", "-o", archive, "HEAD"], { cwd: repositoryRoot });
  await run("tar", ["-xf", archive, "-C", directory]);
  const installed = path.join(repositoryRoot, "node_modules");
  const modules = path.join(directory, "node_modules");
  await mkdir(modules);
  const workspaces: Record<string, string> = {
    "asr-contract": "contract",
    "pulumi-asr-failback": "provider",
    "asr-emulator": "emulator",
  };
  for (const entry of await readdir(installed)) {
    if (entry.startsWith(".") && entry !== ".bin") continue;
    const own = workspaces[entry];
    await symlink(own ? path.join(directory, own) : path.join(installed, entry), path.join(modules, entry));
  }
}

interface EmulatorReady {
  readonly endpoint: string;
  readonly token: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vaultName: string;
}

/** Starts the installed `asr-emulator` and resolves with its ready line. */
function startInstalledEmulator(
  projectDirectory: string,
): Promise<{ child: ChildProcess; ready: EmulatorReady }> {
  const child = spawnInOwnGroup(
    path.join(projectDirectory, "node_modules", ".bin", "asr-emulator"),
    [
      "--scenario",
      "vmware-healthy",
      "--state",
      path.join(projectDirectory, "emulator-state"),
      "--time-scale",
      "3600",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`asr-emulator exited with ${code} before it was ready`)));
    createInterface({ input: child.stdout! }).once("line", (line) => {
      resolve({ child, ready: JSON.parse(line) as EmulatorReady });
    });
  });
}

describe("npm package (pack, install into an empty project, run)", function () {
  this.timeout(900_000);
  let workDirectory: string;
  let projectDirectory: string;
  let packed: Record<PackageName, PackResult>;
  let emulator: ChildProcess | undefined;
  let stack: TemporaryStack | undefined;

  before(async () => {
    workDirectory = await mkdtemp(path.join(tmpdir(), "asr-failback-package-"));
    const checkout = path.join(workDirectory, "checkout");
    await checkoutOfHead(checkout);
    // The checkout has no dist/: each package's prepack builds it, as in a fresh clone.
    const { stdout } = await run(
      "npm",
      [
        "pack",
        "--json",
        "--loglevel=error",
        ...packageNames.flatMap((name) => ["--workspace", name]),
        "--pack-destination",
        workDirectory,
      ],
      { cwd: checkout, maxBuffer: 16 * 1024 * 1024 },
    );
    // Lifecycle scripts print before the JSON array.
    const results = JSON.parse(stdout.slice(stdout.indexOf("\n[") + 1)) as PackResult[];
    packed = Object.fromEntries(results.map((result) => [result.name, result])) as typeof packed;
    assert.deepEqual(Object.keys(packed).sort(), [...packageNames].sort(), "npm pack missed a package");
    projectDirectory = path.join(workDirectory, "project");
    await run("mkdir", ["-p", projectDirectory]);
    await writeFile(
      path.join(projectDirectory, "package.json"),
      JSON.stringify({
        name: "failback-consumer",
        private: true,
        dependencies: {
          "@pulumi/pulumi": pulumiVersion,
          ...Object.fromEntries(packageNames.map((name) => [name, `file:../${packed[name].filename}`])),
        },
      }),
    );
    await writeFile(
      path.join(projectDirectory, "Pulumi.yaml"),
      "name: failback-consumer\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
    );
    await writeFile(path.join(projectDirectory, "index.js"), await readmeProgram());
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: projectDirectory,
      maxBuffer: 16 * 1024 * 1024,
    });
  });

  after(async () => {
    await stack?.dispose();
    if (emulator?.pid !== undefined) await endProcessGroup(emulator.pid);
    await rm(workDirectory, { recursive: true, force: true });
  });

  /** Paths in a package's tarball, as `tar -tzf` lists them (`package/dist/index.js`). */
  async function tarballFiles(name: PackageName): Promise<string[]> {
    const { stdout } = await run("tar", ["-tzf", path.join(workDirectory, packed[name].filename)]);
    return stdout.trim().split("\n");
  }

  /** Files outside `dist/`, other than the manifest, the readme and what `allowed` matches. */
  function sourcesIn(files: readonly string[], allowed?: RegExp): string[] {
    return files.filter(
      (file) =>
        !/^package\/(dist\/|package\.json$|README\.md$)/.test(file) && !(allowed?.test(file) ?? false),
    );
  }

  it("ships the provider built, without sources or emulator code", async () => {
    const files = await tarballFiles("pulumi-asr-failback");
    assert.ok(files.includes("package/dist/index.js"));
    assert.ok(files.includes("package/dist/testing/mocks.js"));
    assert.deepEqual(sourcesIn(files), [], "only dist/ ships");
    assert.deepEqual(
      files.filter((file) => /emulator|scenario|\.ts$/.test(file) && !file.endsWith(".d.ts")),
      [],
    );
  });

  it("ships the emulator built, with its bin and scenarios", async () => {
    const files = await tarballFiles("asr-emulator");
    assert.ok(files.includes("package/dist/cli.js"));
    assert.ok(files.includes("package/dist/index.js"));
    assert.ok(files.includes("package/scenarios/vmware-healthy.yaml"));
    assert.ok(files.includes("package/scenario.schema.json"));
    assert.deepEqual(
      sourcesIn(files, /^package\/(scenarios\/[^/]+\.yaml|scenario\.schema\.json)$/),
      [],
      "only dist/, scenarios/ and the scenario schema ship",
    );
  });

  it("ships the contract built, on its own", async () => {
    const files = await tarballFiles("asr-contract");
    assert.ok(files.includes("package/dist/index.js"));
    assert.ok(files.includes("package/dist/armIds.js"));
    assert.deepEqual(sourcesIn(files), [], "only dist/ ships");
  });

  it("exposes its API and the mock helpers to the consuming project", async () => {
    const { stdout } = await run(
      "node",
      [
        "-e",
        'const p = require("pulumi-asr-failback"); const t = require("pulumi-asr-failback/testing"); console.log(JSON.stringify([typeof p.FailbackPlan, typeof p.MasterTarget, Object.keys(p.resourceProviders).sort(), typeof t.asrFailbackMocks]))',
      ],
      { cwd: projectDirectory },
    );
    assert.deepEqual(JSON.parse(stdout), [
      "function",
      "function",
      ["FailbackPlan", "MasterTarget", "ProcessServer", "ReplicationAppliance", "ReprotectionPolicy"],
      "function",
    ]);
  });

  it("runs the README's program with pulumi preview and pulumi up against the installed emulator", async () => {
    const started = await startInstalledEmulator(projectDirectory);
    emulator = started.child;
    stack = await TemporaryStack.create(projectDirectory, {
      env: {
        ASR_FAILBACK_ENDPOINT: started.ready.endpoint,
        ASR_FAILBACK_TOKEN: started.ready.token,
        AZURE_SUBSCRIPTION_ID: started.ready.subscriptionId,
        ASR_FAILBACK_RESOURCE_GROUP: started.ready.resourceGroup,
        ASR_FAILBACK_VAULT: started.ready.vaultName,
        ASR_FAILBACK_POLL_INTERVAL_MS: "100",
      },
    });
    const preview = await stack.preview();
    assert.ok(
      preview.steps.some((step) => step.op === "create" && step.urn.endsWith("asr:MasterTarget::mt-win-01")),
      JSON.stringify(preview.steps),
    );
    const outputs = await stack.up();
    assert.equal(outputs.masterTargetId, "9A1B2C3D-0000-4000-8000-000000000001");
    assert.equal(outputs.health, "Normal");
    const exported = await stack.export();
    const masterTarget = exported.deployment.resources?.find((resource) =>
      resource.type.endsWith("asr:MasterTarget"),
    );
    const bytes = Buffer.byteLength(String(masterTarget?.inputs?.__provider));
    console.log(`      installed package: __provider ${bytes} bytes per copy`);
    assert.ok(bytes <= 4096, `__provider is ${bytes} bytes`);
  });
});
