/**
 * The official SDK clients (through the client layer) against the emulator on an ephemeral
 * port: every implemented read, paging, LROs, and auth refusals.
 */
import assert from "node:assert/strict";
import { SiteRecoveryManagementClient } from "@azure/arm-recoveryservices-siterecovery";
import type { RunningEmulator } from "asr-emulator";
import { unusedCredential, useStaticToken } from "../../../provider/client/pipeline";
import type { AzureCallError } from "../../../provider/errors";
import { clientFor, startTestEmulator, vmware } from "./support";

describe("emulator with the official SDK clients", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator({ pageSize: 2 });
  });
  after(() => emulator.close());

  it("lists fabrics with their configuration server details", async () => {
    const fabrics = await clientFor(emulator).listFabrics();
    assert.deepEqual(
      fabrics.map((fabric) => [fabric.name, fabric.properties?.customDetails?.instanceType]),
      [
        ["cs-contoso", "VMware"],
        ["hyperv-site-contoso", "HyperVSite"],
      ],
    );
    const details = fabrics[0]!.properties!.customDetails as {
      masterTargetServers: { name: string; dataStores: { symbolicName: string }[] }[];
      lastHeartbeat: Date;
    };
    assert.equal(details.masterTargetServers.length, 2);
    assert.deepEqual(
      details.masterTargetServers[0]!.dataStores.map((datastore) => datastore.symbolicName),
      ["vmfs-gold", "vsan-01"],
    );
    assert.ok(details.lastHeartbeat instanceof Date, "dates deserialize to Date");
  });

  it("follows absolute nextLink pages until every item is listed", async () => {
    const before = emulator.requests.countsByOperation()["ReplicationProtectedItems_List"] ?? 0;
    const items = await clientFor(emulator).listProtectedItems();
    assert.equal(items.length, 6);
    const after = emulator.requests.countsByOperation()["ReplicationProtectedItems_List"]!;
    assert.equal(after - before, 3, "6 items at 2 per page take 3 requests");
  });

  it("reads vCenters, containers, mappings, policies, plans, peerings, connections and subnets", async () => {
    const client = clientFor(emulator);
    assert.deepEqual(
      (await client.listVCenters("cs-contoso")).map((vCenter) => vCenter.properties?.discoveryStatus),
      ["Completed"],
    );
    assert.equal((await client.listProtectionContainers("cs-contoso"))[0]!.name, "cs-contoso-container");
    assert.equal((await client.listContainerMappings("cs-contoso", "cs-contoso-container")).length, 1);
    assert.deepEqual((await client.listPolicies()).map((policy) => policy.name).sort(), [
      "policy-hyperv-to-azure",
      "policy-vmware-to-azure",
    ]);
    const plan = await client.getRecoveryPlan("rp-web");
    assert.deepEqual(plan?.properties?.groups?.[2]?.replicationProtectedItems?.length, 3);
    const circuit = await client.getExpressRouteCircuit("rg-dr", "er-contoso");
    assert.equal(circuit?.serviceProviderProvisioningState, "Provisioned");
    const peerings = await client.listExpressRouteCircuitPeerings("rg-dr", "er-contoso");
    assert.deepEqual(
      peerings.map((peering) => peering.state),
      ["Enabled", "Enabled"],
    );
    const connection = await client.getConnection("rg-dr", "s2s-contoso");
    assert.equal(connection?.connectionStatus, "Connected");
    const subnet = await client.getSubnet("rg-dr", "vnet-recovery", "snet-infra");
    assert.equal(subnet?.addressPrefix, "10.50.2.0/24");
    assert.equal(await client.getVirtualNetwork("rg-dr", "vnet-missing"), undefined, "404 reads as gone");
  });

  it("answers an item with allowedOperations, currentScenario and provider details", async () => {
    const item = await clientFor(emulator).getProtectedItem(vmware("vm-web-1"));
    assert.equal(item?.properties?.protectionState, "UnplannedFailoverCommitted");
    assert.equal(item?.properties?.activeLocation, "Recovery");
    assert.deepEqual(item?.properties?.allowedOperations, ["ReverseReplicate", "DisableProtection"]);
    assert.equal(item?.properties?.currentScenario?.scenarioName, "None");
    assert.equal(item?.properties?.providerSpecificDetails?.instanceType, "InMageAzureV2");
    assert.match(item!.id!, /^\/Subscriptions\/.+\/replicationProtectedItems\/vm-web-1$/);
  });

  it("answers a Hyper-V policy in its details model's names, not the create input's", async () => {
    const client = clientFor(emulator);
    await client.createPolicy("policy-hyperv-echo", {
      instanceType: "HyperVReplicaAzure",
      recoveryPointHistoryDuration: 24,
      applicationConsistentSnapshotFrequencyInHours: 4,
      replicationInterval: 300,
    });
    const read = await client.getPolicy("policy-hyperv-echo");
    const details = read?.properties?.providerSpecificDetails as Record<string, unknown> | undefined;
    assert.deepEqual(details, {
      instanceType: "HyperVReplicaAzure",
      recoveryPointHistoryDurationInHours: 24,
      applicationConsistentSnapshotFrequencyInHours: 4,
      replicationInterval: 300,
    });
    const listed = (await client.listPolicies()).find((policy) => policy.name === "policy-hyperv-echo");
    assert.deepEqual(listed?.properties?.providerSpecificDetails, details);
  });

  it("creates, updates and deletes a policy and a container mapping through LROs", async () => {
    const client = clientFor(emulator);
    const policy = await client.createPolicy("policy-lro", {
      instanceType: "InMage",
      multiVmSyncStatus: "Enable",
      recoveryPointHistory: 60,
    });
    assert.equal(policy.name, "policy-lro");
    const updated = await client.updatePolicy("policy-lro", {
      instanceType: "InMage",
      multiVmSyncStatus: "Disable",
    });
    assert.equal(
      (updated.properties!.providerSpecificDetails as { multiVmSyncStatus?: string }).multiVmSyncStatus,
      "Disable",
    );
    const mapping = await client.createContainerMapping("cs-contoso", "cs-contoso-container", "lro-mapping", {
      policyId: policy.id!,
      targetProtectionContainerId: "Microsoft Azure",
    });
    assert.equal(mapping.properties?.state, "Paired");
    await assert.rejects(
      client.deletePolicy("policy-lro"),
      (error: AzureCallError) => error.code === "PolicyInUse",
    );
    await client.deleteContainerMapping("cs-contoso", "cs-contoso-container", "lro-mapping");
    await client.deletePolicy("policy-lro");
    assert.equal(await client.getPolicy("policy-lro"), undefined);
    await client.deletePolicy("policy-lro");
  });

  it("deploys a process server VM with a static IP and refuses a taken address", async () => {
    const client = clientFor(emulator);
    const spec = {
      resourceGroup: "rg-dr",
      name: "ps-azure-1",
      location: "westeurope",
      subnetId: `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery/subnets/snet-infra`,
      privateIpAddress: "10.50.2.10",
      vmSize: "Standard_D4s_v3",
      imageReference: {
        publisher: "microsoft-azure-siterecovery",
        offer: "process-server",
        sku: "windows-2012-r2-datacenter",
        version: "latest",
      },
      adminUsername: "azureadmin",
      adminPassword: "not-a-real-secret-1!",
    };
    const deployed = await client.deployProcessServerVm(spec, { onPoll: () => emulator.advance(30) });
    assert.match(deployed.vmId, /virtualMachines\/ps-azure-1$/);
    const vm = await client.getVirtualMachine("rg-dr", "ps-azure-1", { instanceView: true });
    assert.equal(
      (vm?.["properties"] as { provisioningState?: string } | undefined)?.provisioningState,
      "Succeeded",
    );
    await assert.rejects(
      client.deployProcessServerVm({ ...spec, name: "ps-azure-2" }),
      (error: AzureCallError) =>
        error.code === "PrivateIPAddressInUse" && /choose a free static IP/.test(error.message),
    );
    await client.deleteProcessServerVm("rg-dr", "ps-azure-1");
    assert.equal(await client.getVirtualMachine("rg-dr", "ps-azure-1"), undefined);
  });

  it("checks connectivity from a failed-over VM to the configuration server ports", async () => {
    const client = clientFor(emulator);
    const sourceVmId = `/subscriptions/${emulator.subscriptionId}/resourceGroups/rg-dr/providers/Microsoft.Compute/virtualMachines/vm-web-1`;
    const spec = {
      networkWatcherResourceGroup: "NetworkWatcherRG",
      networkWatcherName: "NetworkWatcher_westeurope",
      sourceVmId,
      destinationAddress: "192.168.10.5",
    };
    assert.equal(
      (await client.checkConnectivity({ ...spec, destinationPort: 9443 })).connectionStatus,
      "Connected",
    );
    assert.equal(
      (await client.checkConnectivity({ ...spec, destinationPort: 3389 })).connectionStatus,
      "Disconnected",
    );
  });

  describe("auth", () => {
    it("answers 401 to a token it did not issue", async () => {
      await assert.rejects(
        clientFor(emulator, { token: "forged-token-value" }).listFabrics(),
        (error: AzureCallError) => {
          assert.equal(error.statusCode, 401);
          assert.equal(error.code, "InvalidAuthenticationToken");
          return true;
        },
      );
    });

    it("answers 401 without any token", async () => {
      const client = new SiteRecoveryManagementClient(unusedCredential, emulator.subscriptionId, {
        endpoint: emulator.endpoint,
        allowInsecureConnection: true,
        retryOptions: { maxRetries: 0 },
      });
      client.pipeline.removePolicy({ name: "bearerTokenAuthenticationPolicy" });
      await assert.rejects(
        client.replicationFabrics.get(emulator.vaultName, emulator.resourceGroup, "cs-contoso"),
        (error: { statusCode?: number; code?: string }) =>
          error.statusCode === 401 && error.code === "AuthenticationFailed",
      );
      useStaticToken(client.pipeline, emulator.token);
      const fabric = await client.replicationFabrics.get(
        emulator.vaultName,
        emulator.resourceGroup,
        "cs-contoso",
      );
      assert.equal(fabric.name, "cs-contoso");
    });

    it("answers 403 for a subscription it does not hold", async () => {
      await assert.rejects(
        clientFor(emulator, { subscriptionId: "00000000-0000-0000-0000-000000000001" }).listFabrics(),
        (error: AzureCallError) => error.statusCode === 403 && error.code === "AuthorizationFailed",
      );
    });

    it("answers 404 for a vault or resource group it does not hold", async () => {
      await assert.rejects(
        clientFor(emulator, { vaultName: "vault-other" }).listFabrics(),
        (error: AzureCallError) => error.statusCode === 404,
      );
      await assert.rejects(
        clientFor(emulator, { resourceGroup: "rg-other" }).listFabrics(),
        (error: AzureCallError) => error.statusCode === 404 && error.code === "ResourceGroupNotFound",
      );
    });
  });
});
