/** Check failures about secret inputs carry no property, so the engine never prints their value. */
import assert from "node:assert/strict";
import { resetProviderForTesting } from "../../../provider/config";
import {
  setLineSinkForTesting,
  touchesSecret,
  withoutSecretValues,
} from "../../../provider/resources/common";
import { processServerProvider } from "../../../provider/resources/processServer";
import { reprotectionPolicyProvider } from "../../../provider/resources/reprotectionPolicy";

const deployInputs = {
  fabricName: "cs-01",
  processServerName: "ps-01",
  resourceGroup: "rg-failback",
  location: "westeurope",
  virtualNetworkId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-01",
  subnetName: "default",
  staticIpAddress: "10.50.2.10",
  adminUsername: "azureuser",
};

describe("check failures about secret inputs", () => {
  before(() => {
    resetProviderForTesting({ skipLiveChecks: true });
    setLineSinkForTesting(() => undefined);
  });
  after(() => {
    resetProviderForTesting();
    setLineSinkForTesting(undefined);
  });

  for (const [property, value] of [
    ["adminPassword", "Short-1"],
    ["configurationServerPassphrase", "Pass-1"],
  ] as const) {
    it(`refuses a too-short ${property} without naming the property, with its path in the reason`, async () => {
      const result = await processServerProvider.check!(
        {},
        {
          ...deployInputs,
          adminPassword: "Long-Enough-Passw0rd",
          configurationServerPassphrase: "Long-Passphrase",
          [property]: value,
        },
      );
      const failures = result.failures ?? [];
      const failure = failures.find((entry) => entry.reason.startsWith(`${property}:`));
      assert.ok(failure, `no failure about ${property}: ${JSON.stringify(failures)}`);
      assert.equal(failure.property, "");
      assert.ok(!failures.some((entry) => entry.property === property));
      assert.ok(!JSON.stringify(failures).includes(value));
    });
  }

  it("keeps naming the property of inputs that are not secret", async () => {
    const result = await processServerProvider.check!(
      {},
      {
        ...deployInputs,
        staticIpAddress: "not-an-ip",
        adminPassword: "Long-Enough-Passw0rd",
        configurationServerPassphrase: "Long-Passphrase",
      },
    );
    assert.ok(result.failures?.some((entry) => entry.property === "staticIpAddress"));
  });

  it("refuses an empty hyperV.encryptionCertificate without naming hyperV or its fields", async () => {
    const result = await reprotectionPolicyProvider.check!(
      {},
      {
        flavor: "hyperv",
        fabricName: "hv-site",
        policyName: "failback",
        hyperV: { encryptionEnabled: true, encryptionCertificate: "" },
      },
    );
    const failures = result.failures ?? [];
    assert.ok(failures.some((entry) => entry.reason.includes("hyperV.encryptionCertificate")));
    assert.ok(
      failures.every((entry) => !entry.property.startsWith("hyperV")),
      JSON.stringify(failures),
    );
  });

  it("moves a failure about the object holding the certificate (hyperV) to the resource", async () => {
    const certificate = "MIIC-secret-certificate";
    const result = await reprotectionPolicyProvider.check!(
      {},
      { fabricName: "cs-01", policyName: "failback", hyperV: { encryptionCertificate: certificate } },
    );
    const failures = result.failures ?? [];
    const failure = failures.find((entry) => entry.reason.startsWith("hyperV:"));
    assert.ok(failure, JSON.stringify(failures));
    assert.equal(failure.property, "");
    assert.ok(!JSON.stringify(failures).includes(certificate));
  });
});

describe("touchesSecret", () => {
  const cases: [string, boolean][] = [
    ["adminPassword", true],
    ["hyperV", true],
    ["hyperV.encryptionCertificate", true],
    ["hyperV.alternateHostName", true],
    ["hyperVHost", false],
    ["adminUsername", false],
    ["", false],
  ];
  for (const [property, expected] of cases) {
    it(`${expected ? "hides" : "keeps"} "${property}"`, () => {
      assert.equal(touchesSecret(property, ["adminPassword", "hyperV"]), expected);
    });
  }

  it("holds a nested secret path in its parent", () => {
    assert.equal(touchesSecret("settings", ["settings.token"]), true);
    const [failure] = withoutSecretValues(
      [{ property: "settings", reason: "HV-05: is wrong" }],
      ["settings.token"],
    );
    assert.deepEqual(failure, { property: "", reason: "HV-05: is wrong (property settings)" });
  });
});
