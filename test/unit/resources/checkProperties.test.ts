/** Random inputs to every topology resource's check: it never throws, and every failure names a property. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { resetProviderForTesting } from "../../../provider/config";
import { setLineSinkForTesting, UNKNOWN_VALUE } from "../../../provider/resources/common";
import { masterTargetProvider } from "../../../provider/resources/masterTarget";
import { processServerProvider } from "../../../provider/resources/processServer";
import { reprotectionPolicyProvider } from "../../../provider/resources/reprotectionPolicy";

const keys = [
  "fabricName",
  "processServerName",
  "masterTargetName",
  "policyName",
  "flavor",
  "placement",
  "adoptExisting",
  "staticIpAddress",
  "virtualNetworkId",
  "subnetName",
  "adminPassword",
  "controlPort",
  "recoveryLocation",
  "retentionDrive",
  "datastoreName",
  "masterTargetId",
  "processServerId",
  "protectedItemNames",
  "hyperV",
  "osType",
  "registrationTimeoutInMinutes",
  "colour",
];
const value = fc.oneof(
  fc.string(),
  fc.constantFrom(
    "vmware",
    "physical",
    "hyperv",
    "alternate",
    "original",
    "10.50.2.10",
    UNKNOWN_VALUE,
    "linux",
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(UNKNOWN_VALUE)), { maxLength: 3 }),
  fc.record(
    { encryptionEnabled: fc.boolean(), alternateHostName: fc.string(), bogus: fc.integer() },
    { requiredKeys: [] },
  ),
);
const inputs = fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 10 });

describe("check of the topology resources on random inputs", () => {
  before(() => {
    // Live reads are another test's business; here only validation and static rules run.
    resetProviderForTesting({ skipLiveChecks: true });
    setLineSinkForTesting(() => undefined);
  });
  after(() => {
    resetProviderForTesting();
    setLineSinkForTesting(undefined);
  });

  for (const [kind, provider] of [
    ["ProcessServer", processServerProvider],
    ["MasterTarget", masterTargetProvider],
    ["ReprotectionPolicy", reprotectionPolicyProvider],
  ] as const) {
    it(`${kind}: never throws and names a property in every failure`, async () => {
      await fc.assert(
        fc.asyncProperty(inputs, async (news) => {
          const result = await provider.check!({}, news);
          for (const failure of result.failures ?? []) {
            assert.equal(typeof failure.property, "string");
            // Failures about secret inputs name their path in the reason only (no value printed).
            assert.ok(
              failure.property.length > 0 ||
                /^(adminPassword|configurationServerPassphrase|hyperV)\b/.test(failure.reason) ||
                /\(property (adminPassword|configurationServerPassphrase|hyperV)\b/.test(failure.reason),
              `failure without a property: ${failure.reason}`,
            );
            assert.ok(failure.reason.length > 0);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it("names the misspelt key", async () => {
    const result = await processServerProvider.check!(
      {},
      { fabricName: "cs", processServerName: "ps", colour: "red" },
    );
    assert.ok(
      result.failures?.some(
        (failure) => failure.property === "colour" && /unknown property "colour"/.test(failure.reason),
      ),
    );
  });

  it("never puts a secret value into a failure", async () => {
    const secret = "Not-A-Number-Passw0rd";
    const result = await processServerProvider.check!(
      {},
      { fabricName: "cs", processServerName: "ps", adminPassword: secret, controlPort: secret },
    );
    assert.ok((result.failures ?? []).length > 0);
    assert.ok(!JSON.stringify(result.failures).includes(secret));
  });
});
