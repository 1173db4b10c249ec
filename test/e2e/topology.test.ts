/** The failback topology through the real pulumi CLI against the in-process emulator. */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import { healthyScenario, startTestEmulator } from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "topology");
const password = "Sup3r-Secret-Passw0rd!";
const passphrase = "passphrase-0123456789";

async function stackFor(emulator: RunningEmulator): Promise<TemporaryStack> {
  const stack = await TemporaryStack.create(programDirectory, {
    env: emulatorEnvironment(emulator, {
      ASR_FAILBACK_POLL_INTERVAL_MS: "20",
      ASR_FAILBACK_MAX_RETRIES: "2",
    }),
  });
  await stack.setConfig("adminPassword", password, { secret: true });
  await stack.setConfig("passphrase", passphrase, { secret: true });
  return stack;
}

describe("failback topology end to end (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);

  it("fails preview on a broken site, listing every violated rule ID", async () => {
    const scenario = healthyScenario() as unknown as Record<string, any>;
    scenario.masterTargets[0].snapshots = 2;
    scenario.vCenters[0].connected = false;
    scenario.masterTargets[0].scsiController = "Paravirtual";
    const emulator = await startTestEmulator({ scenario: scenario as never });
    const stack = await stackFor(emulator);
    try {
      await stack.setConfig("retentionDrive", "F:");
      const result = await stack.environment.run(["preview", "--stack", stack.stackName], programDirectory);
      const output = `${result.stdout}\n${result.stderr}`;
      assert.notEqual(result.exitCode, 0);
      for (const id of ["MT-02", "VC-01", "MT-08"])
        assert.match(output, new RegExp(`${id}:`), `${id} missing:\n${output}`);
      assert.ok(!output.includes(password));
    } finally {
      await stack.dispose();
      await emulator.close();
    }
  });

  it("goes through up, refresh after a deregistration, in-place and replacing updates, and destroy", async () => {
    // Simulated time runs fast enough that the process server registers within seconds.
    const emulator = await startTestEmulator({ timeScale: 3600, advanceOnPollSeconds: 60 });
    const stack = await stackFor(emulator);
    try {
      const outputs = await stack.up();
      assert.match(String(outputs["policyId"]), /replicationPolicies\/policy-failback$/);
      assert.equal(outputs["masterTargetId"], "9A1B2C3D-0000-4000-8000-000000000001");

      const exported = JSON.stringify(await stack.export());
      assert.ok(!exported.includes(password), "the admin password is in the state in plain text");
      assert.ok(!exported.includes(passphrase), "the passphrase is in the state in plain text");

      await stack.setConfig("rpo", "30");
      const inPlace = await stack.preview();
      assert.equal(inPlace.steps.find((step) => step.urn.endsWith("::policy"))?.op, "update");
      await stack.up();

      await stack.setConfig("policyName", "policy-failback-2");
      const replacing = await stack.preview();
      assert.ok(replacing.steps.some((step) => step.urn.endsWith("::policy") && /replace/.test(step.op)));
      await stack.up();

      emulator.store.patchScenario("configurationServer.reachablePorts", [443]);
      const refresh = await stack.refresh();
      assert.match(refresh.stdout, /ps.*deleted|deleted.*ps|- +1 deleted|1 deleted/s);
      emulator.store.patchScenario("configurationServer.reachablePorts", [443, 9443]);

      await stack.destroy();
      assert.deepEqual((await stack.export()).deployment.resources ?? [], []);
    } finally {
      await stack.dispose();
      await emulator.close();
    }
  });
});
