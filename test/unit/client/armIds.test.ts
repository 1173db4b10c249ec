import assert from "node:assert/strict";
import { ArmIdError, JobIdCodec, ProtectedItemIdCodec, SubnetIdCodec, sameArmId } from "asr-contract";
import fc from "fast-check";

describe("typed ARM IDs", () => {
  const item = {
    subscriptionId: "6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
    resourceGroup: "rg-dr",
    vaultName: "vault-dr",
    fabricName: "cs-contoso",
    containerName: "cs-contoso-container",
    itemName: "vm-web-1",
  };

  it("formats Site Recovery IDs in its casing and parses them back", () => {
    const id = ProtectedItemIdCodec.format(item);
    assert.equal(
      id,
      "/Subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container/replicationProtectedItems/vm-web-1",
    );
    assert.deepEqual(ProtectedItemIdCodec.parse(id), item);
    assert.deepEqual(
      ProtectedItemIdCodec.parse(id.toLowerCase().replace("vm-web-1", "vm-web-1")).itemName,
      "vm-web-1",
    );
  });

  it("round-trips any names", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
    fc.assert(
      fc.property(segment, segment, segment, (resourceGroup, virtualNetworkName, subnetName) => {
        const parts = { subscriptionId: "sub", resourceGroup, virtualNetworkName, subnetName };
        assert.deepEqual(SubnetIdCodec.parse(SubnetIdCodec.format(parts)), parts);
      }),
    );
  });

  it("says what is wrong with a malformed ID", () => {
    assert.throws(
      () =>
        JobIdCodec.parse(
          "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationPolicies/p",
        ),
      (error: ArmIdError) =>
        error instanceof ArmIdError &&
        /segment 9 is "replicationPolicies" instead of "replicationJobs"/.test(error.message),
    );
    assert.throws(
      () =>
        SubnetIdCodec.format({
          subscriptionId: "s",
          resourceGroup: "rg",
          virtualNetworkName: "a/b",
          subnetName: "c",
        }),
      /contains "\/"/,
    );
  });

  it("compares IDs case-insensitively", () => {
    assert.ok(sameArmId(ProtectedItemIdCodec.format(item), ProtectedItemIdCodec.format(item).toLowerCase()));
  });
});
