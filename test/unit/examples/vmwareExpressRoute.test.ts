import assert from "node:assert/strict";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as sinon from "sinon";
import { ASR_TYPE_PREFIX, asrFailbackMocks } from "../../../provider/testing/mocks";

/** A registered resource as the mocks saw it. */
interface Registration {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  readonly id: string;
}

/** Resolves a Pulumi output in a mocked run. */
function resolvedValue<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((value) => resolve(value)));
}

// CI has no internet access to download the azure-native plugin, so the example's Azure side is
// answered by mocks that give each resource an ARM-shaped ID, as Azure would.
describe("example vmware-expressroute (mocked run)", () => {
  let registrations: Registration[] = [];
  let program: Record<string, pulumi.Output<unknown>>;

  before(async () => {
    const azureMocks: pulumi.runtime.Mocks = {
      newResource: (args) => {
        const [, module, kind] = args.type.split(":");
        const id = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dr/providers/Microsoft.${module}/${kind}/${args.inputs.name ?? args.name}`;
        return { id, state: { ...args.inputs, name: args.inputs.name ?? args.name } };
      },
      call: (args) => args.inputs,
    };
    const mocks = asrFailbackMocks({ fallback: azureMocks });
    const newResource = sinon.spy(mocks, "newResource");
    pulumi.runtime.setAllConfig({
      "vmware-expressroute:processServerAdminPassword": "mock-admin-password",
      "vmware-expressroute:configurationServerPassphrase": "mock-passphrase",
    });
    await pulumi.runtime.setMocks(mocks, "vmware-expressroute", "test", false);
    program = await import(
      path.join(__dirname, "..", "..", "..", "examples", "vmware-expressroute", "index.ts")
    );
    // Every export resolved: every resource the program declares has been registered.
    await Promise.all(
      Object.values(program).map((output) => resolvedValue(output as pulumi.Output<unknown>)),
    );
    registrations = await Promise.all(
      newResource.getCalls().map(async (call) => {
        const result = await call.returnValue;
        const args = call.args[0];
        return { type: args.type, name: args.name, inputs: args.inputs, id: result.id ?? "" };
      }),
    );
  });

  const registered = (type: string, name: string): Registration => {
    const found = registrations.find((entry) => entry.type === type && entry.name === name);
    assert.ok(found, `no ${type} named ${name} was registered`);
    return found;
  };

  it("places the process server in the recovery network built by azure-native (NET-05)", () => {
    const vnet = registered("azure-native:network:VirtualNetwork", "vnet-recovery");
    const processServer = registered(`${ASR_TYPE_PREFIX}ProcessServer`, "ps-failback");
    assert.equal(processServer.inputs.virtualNetworkId, vnet.id);
    assert.equal(processServer.inputs.subnetName, "snet-infra");
    assert.equal(processServer.inputs.staticIpAddress, "10.50.2.10");
  });

  it("judges connectivity by the ExpressRoute circuit the program declares (NET-02, NET-03)", () => {
    const circuit = registered("azure-native:network:ExpressRouteCircuit", "er-contoso");
    const processServer = registered(`${ASR_TYPE_PREFIX}ProcessServer`, "ps-failback");
    assert.deepEqual(processServer.inputs.expressRouteCircuitIds, [circuit.id]);
    const peerings = registrations.filter(
      (entry) => entry.type === "azure-native:network:ExpressRouteCircuitPeering",
    );
    assert.deepEqual(peerings.map((entry) => entry.inputs.peeringType).sort(), [
      "AzurePrivatePeering",
      "MicrosoftPeering",
    ]);
    const connection = registered("azure-native:network:VirtualNetworkGatewayConnection", "er-connection");
    assert.equal(connection.inputs.connectionType, "ExpressRoute");
    assert.equal(connection.inputs.peer.id, circuit.id);
  });

  it("feeds the topology's IDs into the reprotection policy and the plan", () => {
    const processServer = registered(`${ASR_TYPE_PREFIX}ProcessServer`, "ps-failback");
    const masterTarget = registered(`${ASR_TYPE_PREFIX}MasterTarget`, "mt-win-01");
    const policy = registered(`${ASR_TYPE_PREFIX}ReprotectionPolicy`, "failback-policy");
    const plan = registered(`${ASR_TYPE_PREFIX}FailbackPlan`, "web-failback");
    assert.equal(policy.inputs.processServerId, processServer.id);
    assert.equal(policy.inputs.masterTargetId, masterTarget.id);
    assert.equal(plan.inputs.reprotection.policyId, policy.id);
    assert.equal(plan.inputs.reprotection.processServerId, processServer.id);
    assert.equal(plan.inputs.reprotection.retentionDrive, "E:");
  });
});
