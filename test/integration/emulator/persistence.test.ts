/**
 * The world survives restarts, a corrupt state file is a clear error, scenario problems are
 * named by path, and the CLI prints one JSON line and stops cleanly.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  bundledScenarioPath,
  CorruptStateError,
  parseScenario,
  ScenarioError,
  startEmulator,
} from "asr-emulator";
import { spawnInOwnGroup } from "../../support/processes";
import {
  clientFor,
  healthyScenario,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  vmware,
} from "./support";

describe("emulator persistence and program", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "asr-emulator-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it("keeps the world, the clock and the token across a restart", async () => {
    const first = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      stateDirectory: directory,
    });
    const client = clientFor(first);
    await prepareFailbackPolicy(client);
    await client.reprotect(vmware("vm-web-1"), inMageReprotect(await onPremisesProcessServerId(client)), {
      onPoll: () => first.advance(120),
    });
    first.advance(3600);
    const simulatedMs = first.clock.nowMs();
    const token = first.token;
    await first.close();

    const second = await startEmulator({ stateDirectory: directory });
    try {
      assert.equal(second.token, token, "clients configured for the first run still work");
      assert.equal(second.clock.nowMs(), simulatedMs);
      const item = await clientFor(second).getProtectedItem(vmware("vm-web-1"));
      assert.equal(item?.properties?.providerSpecificDetails?.instanceType, "InMage");
      assert.ok(await clientFor(second).getPolicy("policy-failback"));
    } finally {
      await second.close();
    }
  });

  it("starts again from the scenario with reset", async () => {
    const first = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      stateDirectory: directory,
    });
    await clientFor(first).createPolicy("policy-extra", {
      instanceType: "InMage",
      multiVmSyncStatus: "Enable",
    });
    await first.close();
    const second = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      stateDirectory: directory,
      reset: true,
    });
    try {
      assert.equal(await clientFor(second).getPolicy("policy-extra"), undefined);
    } finally {
      await second.close();
    }
  });

  it("refuses a corrupt state file with a clear error instead of resetting", async () => {
    const first = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      stateDirectory: directory,
    });
    await first.close();
    const path = join(directory, "world.json");
    writeFileSync(path, readFileSync(path, "utf8").slice(0, 200));
    await assert.rejects(
      startEmulator({ scenarioFile: bundledScenarioPath("vmware-healthy"), stateDirectory: directory }),
      (error: Error) => {
        assert.ok(error instanceof CorruptStateError);
        assert.match(error.message, /world\.json is corrupt: .*--reset/);
        return true;
      },
    );
    assert.equal(readFileSync(path, "utf8").length, 200, "the broken file is left for inspection");
  });

  describe("scenario validation", () => {
    const invalid = (mutate: (scenario: Record<string, any>) => void) => {
      const scenario = healthyScenario() as Record<string, any>;
      mutate(scenario);
      return startEmulator({ scenario: scenario as never }).then(
        () => assert.fail("expected a ScenarioError"),
        (error: ScenarioError) => {
          assert.ok(error instanceof ScenarioError);
          return error.issues;
        },
      );
    };

    it("names the path of a bad enum value", async () => {
      const issues = await invalid((scenario) => {
        scenario["masterTargets"][1].retentionVolumes[0].fileSystem = "HFS";
      });
      assert.deepEqual(issues, [
        'masterTargets[1].retentionVolumes[0].fileSystem: Invalid enum value. Expected "NTFS" | "ReFS" | "FAT" | "FAT32" | "ext4" | "xfs"',
      ]);
    });

    it("names unknown keys and dangling references", async () => {
      const issues = await invalid((scenario) => {
        scenario["datastores"][0].typ = "VMFS";
        scenario["protectedItems"][0].esxHost = "esx99";
      });
      assert.ok(issues.includes("datastores[0]: Unrecognized key(s): typ"), issues.join("\n"));
      assert.ok(issues.includes('protectedItems[0].esxHost: unknown ESX host "esx99"'), issues.join("\n"));
    });

    it("reports YAML syntax errors", () => {
      assert.throws(
        () => parseScenario("vault: [unclosed", "broken.yaml"),
        (error: ScenarioError) => /broken\.yaml/.test(error.message) && error.issues[0]!.startsWith("(yaml)"),
      );
    });
  });

  it("runs as a program: one JSON line when ready, clean stop on SIGTERM", async function () {
    this.timeout(30_000);
    const child = spawnInOwnGroup(
      process.execPath,
      [
        "--import",
        "tsx",
        join(__dirname, "../../../emulator/cli.ts"),
        "--scenario",
        "vmware-healthy",
        "--state",
        directory,
        "--time-scale",
        "3600",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines = createInterface({ input: child.stdout! });
    const firstLine = await new Promise<string>((resolve, reject) => {
      lines.once("line", resolve);
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
    const ready = JSON.parse(firstLine) as {
      endpoint: string;
      token: string;
      subscriptionId: string;
      vaultName: string;
    };
    assert.match(ready.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(ready.vaultName, "vault-dr");
    const response = await fetch(`${ready.endpoint}/_emulator/clock`, {
      headers: { authorization: `Bearer ${ready.token}` },
    });
    assert.equal(response.status, 200);
    const exitCode = await new Promise<number | null>((resolve) => {
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
    assert.equal(exitCode, 0);
    const saved = JSON.parse(readFileSync(join(directory, "world.json"), "utf8")) as { clockMs: number };
    assert.ok(
      saved.clockMs > Date.parse("2025-01-06T08:00:00Z"),
      "time ran at the time scale and was persisted",
    );
  });

  it("exits with an error on a corrupt state file when run as a program", async function () {
    this.timeout(30_000);
    writeFileSync(join(directory, "world.json"), "{not json");
    const child = spawnInOwnGroup(
      process.execPath,
      [
        "--import",
        "tsx",
        join(__dirname, "../../../emulator/cli.ts"),
        "--scenario",
        "vmware-healthy",
        "--state",
        directory,
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    assert.equal(code, 1);
    assert.match(stderr, /is corrupt/);
  });
});
