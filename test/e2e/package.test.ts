/**
 * The published artifacts work on their own: `npm pack` of the three workspace packages
 * (asr-contract, pulumi-asr-failback, asr-emulator) installs into a new, empty project, whose
 * Pulumi program (plain JavaScript, as a user might write) uses the installed provider against
 * the emulator started from the installed `asr-emulator` command.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
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

const program = `"use strict";
const { MasterTarget } = require("pulumi-asr-failback");
const masterTarget = new MasterTarget("mt-win-01", {
  fabricName: "cs-contoso",
  masterTargetName: "mt-win-01",
  osType: "windows",
  protectedItemNames: ["vm-web-1"],
});
exports.masterTargetId = masterTarget.masterTargetId;
exports.health = masterTarget.health;
`;

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
    // Each package's prepack builds it, so the tarballs hold what a fresh clone would publish.
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
      { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 },
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
    await writeFile(path.join(projectDirectory, "index.js"), program);
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

  it("runs a program with pulumi up against the installed emulator", async () => {
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
