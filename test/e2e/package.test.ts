/**
 * The published artifact works on its own: `npm pack` of this repository installs into a new,
 * empty project, whose Pulumi program (plain JavaScript, as a user might write) uses the
 * installed package against the emulator started from the installed `asr-emulator` command.
 */
import assert from "node:assert/strict";
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { TemporaryStack } from "../support/temporaryStack";

const run = promisify(execFile);
const repositoryRoot = path.join(__dirname, "..", "..");
const pulumiVersion = require("@pulumi/pulumi/package.json").version as string;

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
  const child = spawn(
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
  let emulator: ChildProcess | undefined;
  let stack: TemporaryStack | undefined;

  before(async () => {
    workDirectory = await mkdtemp(path.join(tmpdir(), "asr-failback-package-"));
    await run("npm", ["pack", "--silent", "--pack-destination", workDirectory], {
      cwd: repositoryRoot,
      maxBuffer: 16 * 1024 * 1024,
    });
    const tarball = (await readdir(workDirectory)).find((file) => file.endsWith(".tgz"));
    assert.ok(tarball, "npm pack wrote no tarball");
    projectDirectory = path.join(workDirectory, "project");
    await run("mkdir", ["-p", projectDirectory]);
    await writeFile(
      path.join(projectDirectory, "package.json"),
      JSON.stringify({
        name: "failback-consumer",
        private: true,
        dependencies: { "@pulumi/pulumi": pulumiVersion, "pulumi-asr-failback": `file:../${tarball}` },
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
    emulator?.kill("SIGTERM");
    await rm(workDirectory, { recursive: true, force: true });
  });

  it("ships only the built package, the emulator and its scenarios", async () => {
    const { stdout } = await run("tar", [
      "-tzf",
      path.join(workDirectory, (await readdir(workDirectory)).find((file) => file.endsWith(".tgz"))!),
    ]);
    const files = stdout.trim().split("\n");
    assert.ok(files.includes("package/dist/provider/index.js"));
    assert.ok(files.includes("package/dist/provider/testing/mocks.js"));
    assert.ok(files.includes("package/dist/emulator/cli.js"));
    assert.ok(files.includes("package/emulator/scenarios/vmware-healthy.yaml"));
    assert.deepEqual(
      files.filter((file) => /^package\/(test|examples|scripts|provider)\//.test(file)),
      [],
      "sources, tests, examples and scripts stay out of the package",
    );
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
      ["FailbackPlan", "MasterTarget", "ProcessServer", "ReprotectionPolicy"],
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
