import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { startTestEmulator } from "./support";

const SUBSCRIPTION = "/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-dr/providers";
const VAULT = `${SUBSCRIPTION}/Microsoft.RecoveryServices/vaults/vault-dr`;
const CONTAINER = `${VAULT}/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container`;

describe("emulator request bodies", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  async function send(method: string, path: string, body: unknown) {
    const apiVersion = path.includes("/Microsoft.Compute/") ? "2024-07-01" : "2023-06-01";
    const response = await fetch(`${emulator.endpoint}${path}?api-version=${apiVersion}`, {
      method,
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      body: (await response.json()) as { error: { code: string; message: string } },
    };
  }

  // [route, method, path, bad body, property path named in the message]
  const cases: [string, string, string, unknown, string][] = [
    [
      "policy create",
      "PUT",
      `${VAULT}/replicationPolicies/p1`,
      { properties: {} },
      "properties.providerSpecificInput is required",
    ],
    [
      "policy create",
      "PUT",
      `${VAULT}/replicationPolicies/p1`,
      { properties: { providerSpecificInput: { recoveryPointHistory: 60 } } },
      "properties.providerSpecificInput.instanceType is required",
    ],
    [
      "container mapping create",
      "PUT",
      `${CONTAINER}/replicationProtectionContainerMappings/m1`,
      { properties: { policyId: 42 } },
      "properties.policyId must be a string",
    ],
    [
      "item reprotect",
      "POST",
      `${CONTAINER}/replicationProtectedItems/vm-web-1/reProtect`,
      { properties: { providerSpecificDetails: "InMage" } },
      "properties.providerSpecificDetails must be an object",
    ],
    [
      "plan failover",
      "POST",
      `${VAULT}/replicationRecoveryPlans/rp-web/unplannedFailover`,
      {
        properties: {
          failoverDirection: "RecoveryToPrimary",
          providerSpecificDetails: { instanceType: "InMage" },
        },
      },
      "properties.providerSpecificDetails must be an array",
    ],
    [
      "NIC create",
      "PUT",
      `${SUBSCRIPTION}/Microsoft.Network/networkInterfaces/nic-1`,
      { location: "westeurope", properties: { ipConfigurations: [{ properties: {} }] } },
      "properties.ipConfigurations[0].properties.subnet is required",
    ],
    [
      "connectivity check",
      "POST",
      `/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope/connectivityCheck`,
      { source: { resourceId: "/x" }, destination: { address: "10.0.0.1" } },
      "destination.port is required",
    ],
    [
      "VM create",
      "PUT",
      `${SUBSCRIPTION}/Microsoft.Compute/virtualMachines/vm-1`,
      { location: "westeurope", properties: { networkProfile: { networkInterfaces: [] } } },
      "properties.networkProfile.networkInterfaces needs at least one network interface",
    ],
  ];
  for (const [route, method, path, body, reason] of cases) {
    it(`refuses a bad ${route} body with InvalidRequestContent naming ${reason.split(" ")[0]}`, async () => {
      const answer = await send(method, path, body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, "InvalidRequestContent");
      assert.equal(answer.body.error.message, `The request content was invalid: ${reason}`);
    });
  }
});
