import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  vmware,
} from "./support";

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
    const text = await response.text();
    return {
      status: response.status,
      // An accepted action answers 202 without a body.
      body: (text ? JSON.parse(text) : { error: { code: "", message: "" } }) as {
        error: { code: string; message: string };
      },
    };
  }

  /** The message ARM gives for a body its deserializer refuses at `property`. */
  const undeserializable = (problem: string, property: string) =>
    `The request content was invalid and could not be deserialized: '${problem}. Path '${property}'.'.`;

  describe("checked against the SDK's request models before the handler runs", () => {
    const REPROTECT = `${CONTAINER}/replicationProtectedItems/vm-web-1/reProtect`;
    const reprotect = (details: Record<string, unknown>) => ({
      properties: {
        failoverDirection: "RecoveryToPrimary",
        providerSpecificDetails: {
          instanceType: "InMage",
          masterTargetId: "9A1B2C3D-0000-4000-8000-000000000001",
          processServerId: "ps-1",
          retentionDrive: "E:",
          profileId: "policy-failback",
          ...details,
        },
      },
    });

    // [kind, route, method, path, bad body, property path, deserializer's problem]
    const cases: [string, string, string, string, unknown, string, string][] = [
      [
        "an unknown property",
        "item reprotect",
        "POST",
        REPROTECT,
        reprotect({ dataStoreName: "vmfs-gold" }),
        "properties.providerSpecificDetails.dataStoreName",
        "Could not find member 'dataStoreName' on object of type 'InMageReprotectInput'",
      ],
      [
        "a missing required property",
        "item reprotect",
        "POST",
        REPROTECT,
        reprotect({ retentionDrive: undefined }),
        "properties.providerSpecificDetails.retentionDrive",
        "Required property 'retentionDrive' not found in JSON",
      ],
      [
        "a missing required property",
        "policy create",
        "PUT",
        `${VAULT}/replicationPolicies/p1`,
        { properties: { providerSpecificInput: { recoveryPointHistory: 60 } } },
        "properties.providerSpecificInput.instanceType",
        "Required property 'instanceType' not found in JSON",
      ],
      [
        "a wrong type",
        "container mapping create",
        "PUT",
        `${CONTAINER}/replicationProtectionContainerMappings/m1`,
        { properties: { policyId: 42 } },
        "properties.policyId",
        "Error converting value 42 to type 'String'",
      ],
      [
        "a wrong type",
        "item reprotect",
        "POST",
        REPROTECT,
        { properties: { providerSpecificDetails: "InMage" } },
        "properties.providerSpecificDetails",
        `Error converting value "InMage" to type 'ReverseReplicationProviderSpecificInput'`,
      ],
      [
        "a wrong type",
        "plan failover",
        "POST",
        `${VAULT}/replicationRecoveryPlans/rp-web/unplannedFailover`,
        {
          properties: {
            failoverDirection: "RecoveryToPrimary",
            sourceSiteOperations: "Required",
            providerSpecificDetails: { instanceType: "InMage" },
          },
        },
        "properties.providerSpecificDetails",
        `Error converting value {"instanceType":"InMage"} to type 'Array'`,
      ],
      [
        "an unknown discriminator",
        "item reprotect",
        "POST",
        REPROTECT,
        reprotect({ instanceType: "InMageV3" }),
        "properties.providerSpecificDetails.instanceType",
        `Error converting value "InMageV3" to type 'ReverseReplicationProviderSpecificInput': no ReverseReplicationProviderSpecificInput has instanceType 'InMageV3'`,
      ],
    ];
    for (const [kind, route, method, path, body, property, problem] of cases) {
      it(`refuses ${kind} in the ${route} body with InvalidRequestContent naming ${property}`, async () => {
        const answer = await send(method, path, body);
        assert.equal(answer.status, 400);
        assert.equal(answer.body.error.code, "InvalidRequestContent");
        assert.equal(answer.body.error.message, undeserializable(problem, property));
      });
    }

    it("passes any string where the SDK's property is an extensible String (no closed Enum) to the service", async () => {
      // failoverDirection has known values but is a String in the SDK: the deserializer takes any
      // string, and what the value must be is the service's own check, not the model's.
      const answer = await send("POST", REPROTECT, {
        properties: { ...reprotect({}).properties, failoverDirection: "Sideways" },
      });
      // Site Recovery's own refusal: ARM's BadRequest with the service's code in details[0].
      const details = (answer.body.error as { details?: { code: string }[] }).details;
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, "BadRequest");
      assert.equal(details?.[0]?.code, "InvalidParameter");
      assert.match(
        answer.body.error.message,
        /failoverDirection must be 'RecoveryToPrimary', got 'Sideways'/,
      );
    });
  });

  describe("sent through the SDK client", () => {
    // The bodies refused above changed nothing, so vm-web-1 can still be reprotected here.
    it("takes the policy, the mapping and a reprotect the SDK serializes from its models", async () => {
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      const processServerId = await onPremisesProcessServerId(client);
      const reprotected = await client.reprotect(vmware("vm-web-1"), inMageReprotect(processServerId), {
        onPoll: () => emulator.advance(120),
      });
      // A refused body would have thrown; the item moved on, so the emulator took every request.
      assert.equal(reprotected.result.properties?.protectionState, "InitialReplicationInProgress");
    });
  });

  describe("checked by the route's own schema", () => {
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
});
