/**
 * The Hyper-V encryption certificate travels apart from the rest of `hyperV`, so only the
 * certificate is secret and reviewers see the host and switch.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  reprotectionPolicyProvider,
  withCertificateLifted,
} from "../../../provider/resources/reprotectionPolicy";
import { splitCertificateArgs } from "../../../provider/resources/reprotectionPolicy/certificate";
import { ReprotectionPolicyInputs } from "../../../provider/resources/reprotectionPolicy/schema";

const certificate = "MIIC-secret-certificate";
const hyperVPolicy = { flavor: "hyperv", fabricName: "hv-site", policyName: "failback" } as const;

/** Whether an argument, as the engine would see it, is secret, and its value. */
async function inspect(value: unknown): Promise<{ secret: boolean; value: unknown }> {
  const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>);
  return {
    secret: await pulumi.isSecret(output),
    value: await new Promise((resolve) => output.apply(resolve)),
  };
}

describe("splitCertificateArgs", () => {
  it("keeps hyperV plain and makes only the certificate secret when it is given inside hyperV", async () => {
    const split = splitCertificateArgs({
      ...hyperVPolicy,
      hyperV: {
        alternateHostName: "hv02",
        virtualSwitchName: "vSwitch-LAN",
        encryptionCertificate: pulumi.secret(certificate),
      },
    });
    const hyperV = await inspect(split.hyperV);
    assert.equal(hyperV.secret, false);
    assert.deepEqual(hyperV.value, { alternateHostName: "hv02", virtualSwitchName: "vSwitch-LAN" });
    const moved = await inspect(split.hyperVEncryptionCertificate);
    assert.equal(moved.secret, true);
    assert.equal(moved.value, certificate);
  });

  it("makes a plain-text certificate secret, given at the top level", async () => {
    const split = splitCertificateArgs({
      ...hyperVPolicy,
      hyperV: { encryptionEnabled: true },
      hyperVEncryptionCertificate: certificate,
    });
    assert.equal((await inspect(split.hyperV)).secret, false);
    assert.equal((await inspect(split.hyperVEncryptionCertificate)).secret, true);
  });

  it("carries the certificate apart from a hyperV given as one Output", async () => {
    const split = splitCertificateArgs({
      ...hyperVPolicy,
      hyperV: pulumi.output({ alternateHostName: "hv02", encryptionCertificate: certificate }),
    });
    assert.deepEqual((await inspect(split.hyperV)).value, { alternateHostName: "hv02" });
    const moved = await inspect(split.hyperVEncryptionCertificate);
    assert.deepEqual(moved, { secret: true, value: certificate });
  });

  it("adds nothing for a policy without Hyper-V settings", () => {
    assert.deepEqual(splitCertificateArgs({ fabricName: "cs-01", policyName: "failback" }), {});
  });
});

describe("withCertificateLifted", () => {
  it("moves a certificate out of hyperV, so no output but the secret one holds it", () => {
    const inputs = ReprotectionPolicyInputs.parse({
      ...hyperVPolicy,
      hyperV: { encryptionEnabled: true, encryptionCertificate: certificate },
    });
    const lifted = withCertificateLifted(inputs);
    assert.equal(lifted.hyperVEncryptionCertificate, certificate);
    assert.ok(!JSON.stringify(lifted.hyperV).includes(certificate));
  });
});

describe("ReprotectionPolicy check of hyperVEncryptionCertificate", () => {
  it("refuses data encryption without a certificate (HV-05), naming the property but printing no value", async () => {
    const result = await reprotectionPolicyProvider.check!(
      {},
      { ...hyperVPolicy, hyperV: { encryptionEnabled: true } },
    );
    const failure = result.failures?.find((entry) => entry.reason.startsWith("HV-05"));
    assert.ok(failure, JSON.stringify(result.failures));
    assert.equal(failure.property, "");
    assert.match(failure.reason, /hyperVEncryptionCertificate/);
  });

  it("accepts data encryption with the certificate at the top level", async () => {
    const result = await reprotectionPolicyProvider.check!(
      {},
      { ...hyperVPolicy, hyperV: { encryptionEnabled: true }, hyperVEncryptionCertificate: certificate },
    );
    assert.equal(
      result.failures?.find((entry) => entry.reason.startsWith("HV-05")),
      undefined,
      JSON.stringify(result.failures),
    );
  });

  it("refuses the certificate on a VMware policy without printing it", async () => {
    const result = await reprotectionPolicyProvider.check!(
      {},
      { fabricName: "cs-01", policyName: "failback", hyperVEncryptionCertificate: certificate },
    );
    const failure = result.failures?.find((entry) =>
      entry.reason.includes("applies to the hyperv flavor only"),
    );
    assert.ok(failure, JSON.stringify(result.failures));
    assert.equal(failure.property, "");
    assert.ok(!JSON.stringify(result.failures).includes(certificate));
  });
});
