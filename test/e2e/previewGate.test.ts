/**
 * The preview gate through the real pulumi CLI against the emulator: a broken prerequisite of a
 * topology resource, a failback plan or a Hyper-V site fails `pulumi preview` with the rule ID
 * and the property path, judged from what the live site reports, and the emulator sees no action.
 * One stack per program; each preview breaks several facts at once.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { type RunningEmulator, startEmulator } from "asr-emulator";
import {
  clientFor,
  LINUX_MASTER_TARGET,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  WINDOWS_MASTER_TARGET,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { TemporaryStack } from "../support/temporaryStack";

const programs = path.join(__dirname, "programs");
const hyperVExample = path.join(__dirname, "..", "..", "examples", "hyperv-alternate-location");

/** The lines of the output that report a check failure. */
function problemLines(output: string): string[] {
  return output.split("\n").filter((line) => line.includes("has a problem"));
}

/** Asserts one reported problem names `path` and starts its reason with `ruleId` (when given). */
function assertProblem(output: string, path: string, ruleId?: string): void {
  const lines = problemLines(output);
  const found = lines.some(
    (line) => line.includes(path) && (ruleId === undefined || line.includes(`${ruleId}:`)),
  );
  assert.ok(found, `no problem about ${path}${ruleId ? ` with ${ruleId}` : ""}:\n${lines.join("\n")}`);
}

/** Asserts the emulator saw reads only: a preview sends no action and no write. */
function assertNoAction(emulator: RunningEmulator): void {
  assert.deepEqual(
    // Network Watcher connectivity checks are POSTs that change nothing.
    emulator.requests
      .all()
      .filter((entry) => entry.action || ["PUT", "PATCH", "DELETE"].includes(entry.method)),
    [],
    "a preview sends no action and no write",
  );
}

async function failingPreview(stack: TemporaryStack, emulator: RunningEmulator): Promise<string> {
  emulator.requests.clear();
  const result = await stack.previewRaw();
  const output = `${result.stdout}\n${result.stderr}`;
  assert.notEqual(result.exitCode, 0, output);
  assertNoAction(emulator);
  return output;
}

async function removeConfig(stack: TemporaryStack, ...keys: string[]): Promise<void> {
  for (const key of keys) {
    await stack.environment.runOrThrow(
      ["config", "rm", key, "--stack", stack.stackName],
      stack.programDirectory,
    );
  }
}

describe("preview gate (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);

  describe("topology: ProcessServer, MasterTarget, ReprotectionPolicy", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;

    before(async () => {
      emulator = await startTestEmulator();
      stack = await TemporaryStack.create(path.join(programs, "topology"), {
        env: emulatorEnvironment(emulator, { ASR_FAILBACK_MAX_RETRIES: "2" }),
      });
      await stack.setConfig("adminPassword", "Sup3r-Secret-Passw0rd!", { secret: true });
      await stack.setConfig("passphrase", "passphrase-0123456789", { secret: true });
    });
    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    /** Runs `body` with these config values set, then removes them. */
    async function withConfig(entries: Record<string, string>, body: () => Promise<void>): Promise<void> {
      for (const [key, value] of Object.entries(entries)) await stack.setConfig(key, value);
      try {
        await body();
      } finally {
        await removeConfig(stack, ...Object.keys(entries));
      }
    }

    // The engine stops a preview at the first resource whose check fails, so each preview
    // breaks one resource (several of its facts at once).
    it("refuses a master target name with spaces and non-ASCII letters", async () => {
      await withConfig({ masterTargetName: "mt wín 01" }, async () => {
        const output = await failingPreview(stack, emulator);
        assertProblem(output, "masterTargetName");
        assert.match(output, /is not a valid machine name/);
      });
    });

    it("refuses an on-premises process server that is not adopted (NET-04)", async () => {
      await withConfig({ processServerPlacement: "onPremises" }, async () => {
        assertProblem(await failingPreview(stack, emulator), "adoptExisting", "NET-04");
      });
    });

    it("refuses a master target declared for another OS than it runs (MT-01) and items that are not protected", async () => {
      await withConfig(
        { masterTargetOsType: "linux", masterTargetItems: JSON.stringify(["vm-web-1", "vm-nope-1"]) },
        async () => {
          const output = await failingPreview(stack, emulator);
          assertProblem(output, "osType", "MT-01");
          assertProblem(output, "protectedItemNames[1]");
          assert.match(output, /vm-nope-1 is not a protected item of fabric cs-contoso/);
        },
      );
    });

    it("refuses a policy on an NFS datastore (MT-07, not MT-06) through a master target of the wrong OS (MT-01)", async () => {
      await withConfig(
        { datastoreName: "nfs-archive", policyMasterTargetId: LINUX_MASTER_TARGET },
        async () => {
          const output = await failingPreview(stack, emulator);
          assertProblem(output, "datastoreName", "MT-07");
          assert.doesNotMatch(output, /MT-06: [^\n]*has no datastore nfs-archive/);
          assertProblem(output, "masterTargetId", "MT-01");
        },
      );
    });

    it("refuses policy items that are not protected items", async () => {
      await withConfig({ policyItems: JSON.stringify(["vm-web-2", "vm-nope-2"]) }, async () => {
        const output = await failingPreview(stack, emulator);
        assertProblem(output, "protectedItemNames[1]");
        assert.match(output, /vm-nope-2 is not a protected item of fabric cs-contoso/);
      });
    });

    it("announces a master target that is not registered yet as a warning, and previews", async () => {
      await withConfig({ masterTargetName: "mt-win-09" }, async () => {
        emulator.requests.clear();
        const result = await stack.previewRaw();
        const output = `${result.stdout}\n${result.stderr}`;
        assert.equal(result.exitCode, 0, output);
        assert.match(
          output,
          /MT-05: master target mt-win-09 is not registered with the configuration server yet/,
        );
        assertNoAction(emulator);
      });
    });
  });

  describe("FailbackPlan", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;
    let processServerId: string;

    before(async () => {
      emulator = await startTestEmulator();
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      processServerId = await onPremisesProcessServerId(client);
      stack = await TemporaryStack.create(path.join(programs, "failback-plan"), {
        env: emulatorEnvironment(emulator),
      });
    });
    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    it("refuses a retention drive of another master target (MT-06)", async () => {
      const plan = {
        flavor: "vmware",
        items: ["vm-web-1"],
        targetStage: "committed",
        reprotection: {
          policyId: "policy-failback",
          masterTargetId: WINDOWS_MASTER_TARGET,
          processServerId,
          retentionDrive: "/mnt/retention",
          datastoreName: "vmfs-gold",
        },
      };
      await stack.setConfig("plan", JSON.stringify(plan));
      const output = await failingPreview(stack, emulator);
      assertProblem(output, "reprotection.retentionDrive", "MT-06");
    });

    it("refuses a Hyper-V plan on a disconnected Hyper-V site (HV-01)", async () => {
      const plan = { flavor: "hyperv", items: ["hv-file-1"], targetStage: "committed" };
      await stack.setConfig("plan", JSON.stringify(plan));
      emulator.store.patchScenario("hyperV.connected", false);
      try {
        assertProblem(await failingPreview(stack, emulator), "items", "HV-01");
      } finally {
        emulator.store.patchScenario("hyperV.connected", true);
      }
    });

    it("refuses VMware items in a Hyper-V plan with the items path (LOC-06)", async () => {
      const plan = { flavor: "hyperv", items: ["vm-web-1"], targetStage: "committed" };
      await stack.setConfig("plan", JSON.stringify(plan));
      const output = await failingPreview(stack, emulator);
      assertProblem(output, "items", "LOC-06");
    });
  });

  describe("Hyper-V alternate location (examples/hyperv-alternate-location)", () => {
    let emulator: RunningEmulator;
    let stack: TemporaryStack;

    before(async () => {
      emulator = await startEmulator({
        scenarioFile: path.join(hyperVExample, "scenario.yaml"),
        timeScale: 20_000,
        retryAfterSeconds: 0,
      });
      stack = await TemporaryStack.create(hyperVExample, { env: emulatorEnvironment(emulator) });
    });
    after(async () => {
      await stack?.dispose();
      await emulator?.close();
    });

    const hosts = [
      { name: "hv01", os: "Windows Server 2012 R2", virtualSwitches: ["vSwitch-LAN"] },
      { name: "hv02", os: "Windows Server 2012 R2", virtualSwitches: ["vSwitch-LAN"] },
    ];

    it("refuses a disconnected Hyper-V site (HV-01)", async () => {
      emulator.store.patchScenario("hyperV.connected", false);
      const output = await failingPreview(stack, emulator);
      assertProblem(output, "fabricName", "HV-01");
      emulator.store.patchScenario("hyperV.connected", true);
    });

    it("refuses a switch name the VMs did not use on their original host (HV-06)", async () => {
      emulator.store.patchScenario("hyperV.hosts", [
        { ...hosts[0], virtualSwitches: ["vSwitch-DMZ"] },
        hosts[1],
      ]);
      const output = await failingPreview(stack, emulator);
      assert.match(
        output,
        /HV-06: vm hv-file-1 used switch vSwitch-DMZ on its original host, not vSwitch-LAN/,
      );
      assertProblem(output, "hyperV.virtualSwitchName", "HV-06");
      emulator.store.patchScenario("hyperV.hosts", hosts);
    });

    it("stops pulumi up before any action when the alternate host is gone (HV-06)", async () => {
      emulator.store.patchScenario("hyperV.hosts", [hosts[0]]);
      const output = await failingPreview(stack, emulator);
      assertProblem(output, "hyperV.alternateHostName", "HV-06");
      emulator.requests.clear();
      const up = await stack.upRaw();
      assert.notEqual(up.exitCode, 0, up.stdout + up.stderr);
      assert.match(up.stdout + up.stderr, /HV-06: alternate host hv02 is not a host of hyper-v site/);
      assert.deepEqual(emulator.requests.actions(), [], "up acted on a site without the alternate host");
      for (const item of ["hv-file-1", "hv-print-1"]) {
        assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", item), 0);
      }
    });
  });
});
