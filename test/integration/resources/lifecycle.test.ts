/** The topology resources' create → read → update → delete against the emulator over real HTTP. */
import assert from "node:assert/strict";
import { masterTargetProvider } from "../../../provider/resources/masterTarget";
import { processServerProvider } from "../../../provider/resources/processServer";
import { reprotectionPolicyProvider } from "../../../provider/resources/reprotectionPolicy";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  vmware,
} from "../emulator/support";
import {
  healthyMasterTargetInputs,
  healthyPolicyInputs,
  healthyProcessServerInputs,
  type ProviderFixture,
  startProviderFixture,
} from "./support";

describe("topology resources against the emulator", () => {
  let fixture: ProviderFixture;
  beforeEach(async () => {
    fixture = await startProviderFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  it("deploys a process server, waits for its registration with progress lines, reads it, and sees it deregistered", async () => {
    const { inputs } = await processServerProvider.check!({}, healthyProcessServerInputs());
    const created = await processServerProvider.create(inputs);
    assert.match(created.id, /^[0-9A-F-]{36}$/);
    assert.equal(created.outs.ipAddress, "10.50.2.10");
    assert.deepEqual(created.outs.configurationServerReachable, { controlPort: true, dataPort: true });
    assert.ok(fixture.lines.some((line) => /waiting for registration/.test(line)));
    const read = await processServerProvider.read!(created.id, created.outs);
    assert.equal(read.id, created.id);
    // The on-premises firewall now drops the data port: the process server deregisters.
    fixture.emulator.store.patchScenario("configurationServer.reachablePorts", [443]);
    const gone = await processServerProvider.read!(created.id, created.outs);
    assert.equal(gone.id, "");
  });

  it("times out a registration that never comes, naming PS-03 and the network cause", async () => {
    fixture.emulator.store.patchScenario("configurationServer.reachablePorts", [443]);
    const { inputs } = await processServerProvider.check!({}, healthyProcessServerInputs());
    await assert.rejects(
      processServerProvider.create({ ...inputs, registrationTimeoutInMinutes: 20 }),
      /deploying process server ps-azure-01: process server ps-azure-01: no registration.*PS-03[\s\S]*NET-06/,
    );
  });

  it("deletes the process server VM, and refuses while a failback uses it (PS-02)", async () => {
    const { inputs } = await processServerProvider.check!({}, healthyProcessServerInputs());
    const created = await processServerProvider.create(inputs);
    await processServerProvider.delete!(created.id, created.outs);
    const client = clientFor(fixture.emulator);
    assert.equal(await client.getVirtualMachine("rg-dr", "ps-azure-01"), undefined);

    const again = await processServerProvider.create(inputs);
    await prepareFailbackPolicy(client);
    await client.reprotect(vmware("vm-web-1"), inMageReprotect(again.id) as never);
    await assert.rejects(
      processServerProvider.delete!(again.id, again.outs),
      /PS-02: process server ps-azure-01 is still needed by 1 vm in failback \(vm-web-1\)/,
    );
  });

  it("registers a master target and forgets it on delete", async () => {
    const { inputs } = await masterTargetProvider.check!({}, healthyMasterTargetInputs());
    const created = await masterTargetProvider.create(inputs);
    assert.equal(created.id, "9A1B2C3D-0000-4000-8000-000000000001");
    assert.deepEqual(
      created.outs.retentionVolumes.map((volume: { name: string }) => volume.name),
      ["E:"],
    );
    assert.deepEqual(
      created.outs.datastores.map((datastore: { name: string }) => datastore.name),
      ["vmfs-gold", "vsan-01"],
    );
    assert.equal(created.outs.health, "Normal");
    fixture.emulator.store.patchScenario("masterTargets[0].snapshots", 1);
    await assert.rejects(
      masterTargetProvider.update!(created.id, created.outs, inputs),
      /MT-02: master target mt-win-01 has 1 snapshot; delete it before failback/,
    );
    await masterTargetProvider.delete!(created.id, created.outs);
  });

  it("creates, updates in place, reads and deletes the failback policy and its mapping", async () => {
    const client = clientFor(fixture.emulator);
    const processServerId = await onPremisesProcessServerId(client);
    const { inputs } = await reprotectionPolicyProvider.check!({}, healthyPolicyInputs({ processServerId }));
    const created = await reprotectionPolicyProvider.create(inputs);
    assert.match(created.outs.policyId, /replicationPolicies\/policy-failback$/);
    assert.match(created.outs.mappingId, /replicationProtectionContainerMappings\/policy-failback-mapping$/);
    assert.equal(created.outs.masterTargetName, "mt-win-01");
    assert.equal(created.outs.runAsAccountId, "1");
    const diff = await reprotectionPolicyProvider.diff!(created.id, created.outs, {
      ...inputs,
      recoveryPointThresholdInMinutes: 30,
    });
    assert.equal(diff.changes, true);
    assert.deepEqual(diff.replaces, []);
    await reprotectionPolicyProvider.update!(created.id, created.outs, {
      ...inputs,
      recoveryPointThresholdInMinutes: 30,
    });
    const read = await reprotectionPolicyProvider.read!(created.id, created.outs);
    assert.equal(read.props.recoveryPointThresholdInMinutes, 30);
    await reprotectionPolicyProvider.delete!(created.id, created.outs);
    assert.equal(await client.getPolicy("policy-failback"), undefined);
    const gone = await reprotectionPolicyProvider.read!(created.id, created.outs);
    assert.equal(gone.id, "");
  });
});
