/**
 * What a reviewer sees of a Hyper-V failback in `pulumi preview --diff` and in state, through the
 * real pulumi CLI: the reprotection policy's Hyper-V settings in the clear with only the
 * certificate secret (given inside `hyperV` or on its own), and a plan whose steps name the host
 * and virtual switch the VMs go to.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import { startTestEmulator } from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "hyperv-review");
const certificate = "MIIC-Hv3-certificate-Zp8";

describe("Hyper-V failback under review (real pulumi CLI, emulator)", function () {
  this.timeout(600_000);
  let emulator: RunningEmulator | undefined;

  // A world of its own per case: the first case's up fails the VMs over.
  beforeEach(async () => {
    emulator = await startTestEmulator({ timeScale: 20_000 });
  });
  afterEach(async () => {
    await emulator?.close();
  });

  for (const placement of ["nested", "top-level"] as const) {
    it(`shows hyperV and hides only the certificate, given ${placement}, in preview and in state`, async () => {
      const stack = await TemporaryStack.create(programDirectory, {
        env: emulatorEnvironment(emulator!),
        stackName: `review-${placement}`,
        config: { certificatePlacement: placement },
      });
      try {
        await stack.setConfig("certificate", certificate, { secret: true });
        const diff = await stack.previewDiff();
        assert.ok(!diff.includes(certificate), diff);
        assert.match(diff, /alternateHostName\s*:\s*"hv01"/, diff);
        assert.match(diff, /virtualSwitchName\s*:\s*"vSwitch-LAN"/, diff);
        assert.match(diff, /hyperVEncryptionCertificate\s*:\s*\[secret\]/, diff);
        assert.doesNotMatch(diff, /hyperV\s*:\s*\[secret\]/, diff);
        assert.match(
          diff,
          /"Hyper-V VMs go to alternate Hyper-V host hv01, virtual switch vSwitch-LAN \(VMs created when missing\)"/,
          diff,
        );
        assert.match(diff, /estimate\s*:\s*".*GB/, diff);

        await stack.up();
        const exported = await stack.export();
        const state = JSON.stringify(exported);
        assert.ok(!state.includes(certificate), "the certificate is in plain text in state");
        const policy = exported.deployment.resources?.find((resource) =>
          resource.urn.endsWith("::hyperv-policy"),
        );
        assert.ok(policy, state);
        const outputs = policy.outputs as Record<string, unknown>;
        assert.deepEqual(
          {
            alternateHostName: (outputs["hyperV"] as Record<string, unknown>)["alternateHostName"],
            virtualSwitchName: (outputs["hyperV"] as Record<string, unknown>)["virtualSwitchName"],
          },
          { alternateHostName: "hv01", virtualSwitchName: "vSwitch-LAN" },
        );
        assert.ok(!("encryptionCertificate" in (outputs["hyperV"] as Record<string, unknown>)));
        assert.ok(JSON.stringify(outputs["hyperVEncryptionCertificate"]).includes("ciphertext"));
      } finally {
        await stack.dispose();
      }
    });
  }

  it("warns in preview on a plan that will wait for one of the engine's --parallel slots", async () => {
    const stack = await TemporaryStack.create(programDirectory, {
      env: emulatorEnvironment(emulator!),
      stackName: "review-slots",
      config: { planPerVm: "true" },
    });
    try {
      await stack.setConfig("certificate", certificate, { secret: true });
      const { stdout } = await stack.previewRaw(["--parallel", "1"]);
      assert.match(
        stdout,
        /FailbackPlan hyperv-plan-2 is plan 2 of this program, and pulumi runs at most 1 resource operations at once/,
        stdout,
      );
      assert.doesNotMatch(stdout, /FailbackPlan hyperv-plan is plan/, stdout);
      const wide = await stack.previewRaw(["--parallel", "4"]);
      assert.doesNotMatch(wide.stdout, /resource operations at once/, wide.stdout);
    } finally {
      await stack.dispose();
    }
  });
});
