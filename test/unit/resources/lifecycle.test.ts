/**
 * The topology resources' lifecycle methods over a sinon-stubbed client: which calls they make,
 * with which arguments and in which order, what they treat as gone, and what they refuse. Every
 * client method the test does not answer rejects, so an unexpected call fails the test.
 */
import assert from "node:assert/strict";
import type {
  ProcessServer as AsrProcessServer,
  Fabric,
  HealthError,
  MasterTargetServer,
  Policy,
  ProtectionContainer,
  ProtectionContainerMapping,
  ReplicationProtectedItem,
  VCenter,
  VMwareDetails,
} from "@azure/arm-recoveryservices-siterecovery";
import sinon from "sinon";
import { type AsrClient, AzureAsrClient } from "../../../provider/client/asrClient";
import type { AzureClientConfig } from "../../../provider/client/config";
import { toAzureCallError } from "../../../provider/client/errors";
import { resetProviderForTesting, setAsrClientForTesting } from "../../../provider/config";
import type { AzureCallError } from "../../../provider/errors";
import { setLineSinkForTesting } from "../../../provider/resources/common";
import { masterTargetProvider } from "../../../provider/resources/masterTarget";
import { processServerProvider } from "../../../provider/resources/processServer";
import { reprotectionPolicyProvider } from "../../../provider/resources/reprotectionPolicy";
import { setWaitClockForTesting } from "../../../provider/waits";

// ---------------------------------------------------------------------------------------------
// The site the stubs answer from (shapes of @azure/arm-recoveryservices-siterecovery)
// ---------------------------------------------------------------------------------------------

const SUBSCRIPTION_ID = "6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
const VAULT = `/Subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr`;
const FABRIC_NAME = "cs-contoso";
const CONTAINER_NAME = "cs-contoso-container";
const PROCESS_SERVER_ID = "5E2C7A10-1111-4000-8000-00000000A201";
const ON_PREMISES_PROCESS_SERVER_ID = "5E2C7A10-1111-4000-8000-00000000A001";
const MASTER_TARGET_ID = "9A1B2C3D-0000-4000-8000-000000000001";
const RECOVERY_NETWORK_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery`;
const PROCESS_SERVER_VM_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-dr/providers/Microsoft.Compute/virtualMachines/ps-azure-01`;
const PROCESS_SERVER_NIC_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg-dr/providers/Microsoft.Network/networkInterfaces/ps-azure-01-nic`;
const POLICY_ID = `${VAULT}/replicationPolicies/policy-failback`;
const ADMIN_PASSWORD = "Sup3r-Secret-Passw0rd!";
const PASSPHRASE = "passphrase-0123456789";
const GB = 1024 ** 3;
const MINUTE_MS = 60_000;
const START_MS = Date.parse("2025-01-06T08:00:00Z");

const CONFIG = {
  subscriptionId: SUBSCRIPTION_ID,
  resourceGroup: "rg-dr",
  vaultName: "vault-dr",
} as unknown as AzureClientConfig;

function healthError(errorCode: string, errorMessage: string): HealthError {
  return { errorCode, errorMessage, errorLevel: "Error" };
}

/** What a fabric reports at a moment; each test changes what it needs. */
interface SiteState {
  /** Whether the Azure process server ps-azure-01 is registered. */
  processServerRegistered: boolean;
  /** Whether the master target mt-win-01 is registered. */
  masterTargetRegistered: boolean;
  /** Minutes since the master target's last heartbeat. */
  masterTargetHeartbeatMinutesAgo: number;
  /** Health errors of the master target. */
  masterTargetHealthErrors: HealthError[];
  /** Protected items of the fabric's container. */
  items: ReplicationProtectedItem[];
}

function masterTargetServer(state: SiteState, now: number): MasterTargetServer {
  return {
    id: MASTER_TARGET_ID,
    name: "mt-win-01",
    ipAddress: "192.168.10.31",
    osType: "Windows",
    agentVersion: "9.60.7100.1",
    lastHeartbeat: new Date(now - state.masterTargetHeartbeatMinutesAgo * MINUTE_MS),
    versionStatus: "Supported",
    diskCount: 12,
    retentionVolumes: [
      { volumeName: "E:", capacityInBytes: 2048 * GB, freeSpaceInBytes: 1800 * GB, thresholdPercentage: 80 },
    ],
    dataStores: [
      { symbolicName: "vmfs-gold", uuid: "ds-1", capacity: "8192", freeSpace: "5120", type: "vmfs" },
    ],
    healthErrors: state.masterTargetHealthErrors,
    validationErrors: [],
  };
}

function processServers(state: SiteState, now: number): AsrProcessServer[] {
  const onPremises: AsrProcessServer = {
    id: ON_PREMISES_PROCESS_SERVER_ID,
    friendlyName: "cs01.contoso.local",
    ipAddress: "192.168.10.5",
    lastHeartbeat: new Date(now - MINUTE_MS),
    healthErrors: [],
  };
  const azure: AsrProcessServer = {
    id: PROCESS_SERVER_ID,
    friendlyName: "ps-azure-01",
    ipAddress: "10.50.2.10",
    lastHeartbeat: new Date(now - MINUTE_MS),
    healthErrors: [],
  };
  return state.processServerRegistered ? [onPremises, azure] : [onPremises];
}

function fabric(state: SiteState, now: number): Fabric {
  const customDetails: VMwareDetails = {
    instanceType: "VMware",
    hostName: "cs01.contoso.local",
    ipAddress: "192.168.10.5",
    lastHeartbeat: new Date(now),
    csServiceStatus: "Running",
    processServers: processServers(state, now),
    masterTargetServers: state.masterTargetRegistered ? [masterTargetServer(state, now)] : [],
    runAsAccounts: [{ accountId: "1", accountName: "vcenter-admin" }],
  };
  return {
    id: `${VAULT}/replicationFabrics/${FABRIC_NAME}`,
    name: FABRIC_NAME,
    type: "Microsoft.RecoveryServices/vaults/replicationFabrics",
    properties: { friendlyName: "cs01.contoso.local", customDetails },
  };
}

const vCenter: VCenter = {
  id: `${VAULT}/replicationFabrics/${FABRIC_NAME}/replicationvCenters/vcenter01`,
  name: "vcenter01",
  properties: { friendlyName: "vcenter01", discoveryStatus: "Completed", healthErrors: [] },
};

const container: ProtectionContainer = {
  id: `${VAULT}/replicationFabrics/${FABRIC_NAME}/replicationProtectionContainers/${CONTAINER_NAME}`,
  name: CONTAINER_NAME,
  properties: { friendlyName: CONTAINER_NAME, fabricType: "VMware" },
};

/** vm-web-1 failed over to Azure and committed there: not using any process server yet. */
function committedInAzure(): ReplicationProtectedItem {
  return {
    id: `${container.id}/replicationProtectedItems/vm-web-1`,
    name: "vm-web-1",
    properties: {
      friendlyName: "vm-web-1",
      protectionState: "UnplannedFailoverCommitted",
      activeLocation: "Recovery",
      replicationHealth: "Normal",
      allowedOperations: ["ReverseReplicate"],
      healthErrors: [],
      providerSpecificDetails: {
        instanceType: "InMageAzureV2",
        osType: "Windows",
        discoveryType: "vCenter",
        datastores: ["vmfs-gold"],
        selectedRecoveryAzureNetworkId: RECOVERY_NETWORK_ID,
        ipAddress: "10.50.1.10",
      } as never,
    },
  };
}

/** vm-web-1 reprotected towards the site through the process server with `processServerId`. */
function replicatingBack(processServerId: string): ReplicationProtectedItem {
  const item = committedInAzure();
  return {
    ...item,
    properties: {
      ...item.properties,
      protectionState: "Protected",
      allowedOperations: ["UnplannedFailover"],
      providerSpecificDetails: {
        instanceType: "InMage",
        osType: "Windows",
        discoveryType: "vCenter",
        processServerId,
        masterTargetId: MASTER_TARGET_ID,
      } as never,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The stubbed client and the wait clock
// ---------------------------------------------------------------------------------------------

type ClientStub = sinon.SinonStubbedInstance<AzureAsrClient>;

/** A client whose every method rejects until a test answers it. */
function stubClient(): ClientStub {
  const client: Record<string, unknown> = { config: CONFIG };
  for (const name of Object.getOwnPropertyNames(AzureAsrClient.prototype)) {
    // Methods only: reading a getter of the bare prototype would run it.
    const descriptor = Object.getOwnPropertyDescriptor(AzureAsrClient.prototype, name);
    if (name === "constructor" || typeof descriptor?.value !== "function") continue;
    client[name] = sinon.stub().rejects(new Error(`unexpected call: ${name}`));
  }
  return client as unknown as ClientStub;
}

/** A Site Recovery 404, as the client raises it. */
function notFound(action: string, target: string): AzureCallError {
  const sdkError = Object.assign(new Error(`${target} was not found`), {
    statusCode: 404,
    code: "NotFound",
  });
  return toAzureCallError(sdkError, { action, target });
}

/** Every message of an error and its causes, to search for secrets. */
function allMessages(error: unknown): string {
  const parts: string[] = [];
  let cursor: unknown = error;
  for (let depth = 0; cursor !== undefined && depth < 10; depth += 1) {
    parts.push(cursor instanceof Error ? `${cursor.message}\n${cursor.stack ?? ""}` : String(cursor));
    cursor = (cursor as { cause?: unknown }).cause;
  }
  return parts.join("\n");
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error, `rejected with a non-error: ${String(error)}`);
    return error;
  }
  assert.fail("expected a rejection");
}

interface Harness {
  readonly client: ClientStub;
  readonly state: SiteState;
  readonly pause: sinon.SinonSpy<[number], Promise<void>>;
  readonly lines: string[];
  /** Simulated milliseconds since the test started. */
  elapsed(): number;
  /** Runs `change` once simulated time reaches `minutes` (a registration that takes a while). */
  at(minutes: number, change: (state: SiteState) => void): void;
}

let harness: Harness;

// The hooks are scoped to these lifecycles: at the root they would run around every test of the run.
describe("resource lifecycles over a stubbed client", () => {
  beforeEach(() => {
    let now = START_MS;
    const pending: { atMs: number; change: (state: SiteState) => void }[] = [];
    const state: SiteState = {
      processServerRegistered: true,
      masterTargetRegistered: true,
      masterTargetHeartbeatMinutesAgo: 1,
      masterTargetHealthErrors: [],
      items: [committedInAzure()],
    };
    const pause = sinon.spy(async (ms: number) => {
      now += ms;
      for (const entry of pending.filter((candidate) => candidate.atMs <= now)) {
        entry.change(state);
        pending.splice(pending.indexOf(entry), 1);
      }
    });
    const client = stubClient();
    client.getFabric.callsFake(async (name) => (name === FABRIC_NAME ? fabric(state, now) : undefined));
    client.listVCenters.resolves([vCenter]);
    client.listProtectionContainers.resolves([container]);
    client.listProtectedItems.callsFake(async () => state.items);
    resetProviderForTesting({ skipLiveChecks: false, pollIntervalInMs: MINUTE_MS });
    setAsrClientForTesting(client as unknown as AsrClient);
    setWaitClockForTesting({ now: () => now, sleep: (ms) => pause(ms) });
    const lines: string[] = [];
    setLineSinkForTesting((line) => lines.push(line));
    harness = {
      client,
      state,
      pause,
      lines,
      elapsed: () => now - START_MS,
      at: (minutes, change) => pending.push({ atMs: START_MS + minutes * MINUTE_MS, change }),
    };
  });

  afterEach(() => {
    setWaitClockForTesting(undefined);
    setLineSinkForTesting(undefined);
    resetProviderForTesting();
  });

  // ---------------------------------------------------------------------------------------------
  // ProcessServer
  // ---------------------------------------------------------------------------------------------

  function processServerInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      fabricName: FABRIC_NAME,
      processServerName: "ps-azure-01",
      resourceGroup: "rg-dr",
      location: "westeurope",
      virtualNetworkId: RECOVERY_NETWORK_ID,
      subnetName: "snet-infra",
      staticIpAddress: "10.50.2.10",
      adminUsername: "asradmin",
      adminPassword: ADMIN_PASSWORD,
      configurationServerPassphrase: PASSPHRASE,
      ...overrides,
    };
  }

  /** Outputs of a deployed process server, as state holds them. */
  function processServerState(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ...processServerInputs(),
      flavor: "vmware",
      adoptExisting: false,
      placement: "azure",
      vmSize: "Standard_D4s_v3",
      controlPort: 443,
      dataPort: 9443,
      registrationTimeoutInMinutes: 30,
      processServerId: PROCESS_SERVER_ID,
      vmId: PROCESS_SERVER_VM_ID,
      nicId: PROCESS_SERVER_NIC_ID,
      ipAddress: "10.50.2.10",
      registered: true,
      configurationServerReachable: { controlPort: true, dataPort: true },
      ...overrides,
    };
  }

  /** Answers the network reads of the reachability check: subnets, no connections, the VM, both ports open. */
  function answerNetwork(client: ClientStub, reachablePorts: readonly number[] = [443, 9443]): void {
    client.getVirtualNetwork.resolves({
      id: RECOVERY_NETWORK_ID,
      name: "vnet-recovery",
      subnets: [
        { name: "snet-workloads", addressPrefix: "10.50.1.0/24" },
        { name: "snet-infra", addressPrefix: "10.50.2.0/24" },
      ],
    });
    client.listConnections.resolves([]);
    client.getVirtualMachine.resolves({ id: PROCESS_SERVER_VM_ID, name: "ps-azure-01" });
    client.checkConnectivity.callsFake(async (spec) => ({
      connectionStatus: reachablePorts.includes(spec.destinationPort) ? "Connected" : "Disconnected",
    }));
  }

  describe("ProcessServer lifecycle over a stubbed client", () => {
    beforeEach(() => {
      answerNetwork(harness.client);
      harness.client.deployProcessServerVm.resolves({
        vmId: PROCESS_SERVER_VM_ID,
        nicId: PROCESS_SERVER_NIC_ID,
        privateIpAddress: "10.50.2.10",
      });
      harness.client.deleteProcessServerVm.resolves();
    });

    it("deploys the VM once at its static IP, then waits for the registration before verifying the ports", async () => {
      const { client } = harness;
      harness.state.processServerRegistered = false;
      harness.at(2, (state) => {
        state.processServerRegistered = true;
      });
      const created = await processServerProvider.create(processServerInputs());

      sinon.assert.calledOnceWithExactly(client.deployProcessServerVm, {
        resourceGroup: "rg-dr",
        name: "ps-azure-01",
        location: "westeurope",
        subnetId: `${RECOVERY_NETWORK_ID}/subnets/snet-infra`,
        privateIpAddress: "10.50.2.10",
        vmSize: "Standard_D4s_v3",
        imageReference: {
          publisher: "microsoft-recovery-services",
          offer: "process-server",
          sku: "windows-2012-r2-datacenter",
          version: "latest",
        },
        adminUsername: "asradmin",
        adminPassword: ADMIN_PASSWORD,
        tags: { "asr-failback-role": "process-server" },
      });
      // Polls at 0, 1 and 2 minutes; the third sees it registered; then one fresh read of the site.
      sinon.assert.callCount(harness.pause, 2);
      sinon.assert.alwaysCalledWithExactly(harness.pause, MINUTE_MS);
      sinon.assert.callCount(client.getFabric, 4);
      sinon.assert.alwaysCalledWith(client.getFabric, FABRIC_NAME);
      sinon.assert.callOrder(client.deployProcessServerVm, client.getFabric, client.checkConnectivity);
      assert.deepEqual(
        client.checkConnectivity.getCalls().map((call) => call.args[0]),
        [443, 9443].map((destinationPort) => ({
          networkWatcherResourceGroup: "NetworkWatcherRG",
          networkWatcherName: "NetworkWatcher_westeurope",
          sourceVmId: PROCESS_SERVER_VM_ID,
          destinationAddress: "192.168.10.5",
          destinationPort,
        })),
      );
      assert.equal(created.id, PROCESS_SERVER_ID);
      assert.equal(created.outs.processServerId, PROCESS_SERVER_ID);
      assert.equal(created.outs.vmId, PROCESS_SERVER_VM_ID);
      assert.equal(created.outs.nicId, PROCESS_SERVER_NIC_ID);
      assert.equal(created.outs.ipAddress, "10.50.2.10");
      assert.equal(created.outs.registered, true);
      assert.deepEqual(created.outs.configurationServerReachable, { controlPort: true, dataPort: true });
      assert.ok(harness.lines.some((line) => /waiting for registration/.test(line)));
    });

    it("adopts a registered process server without deploying anything", async () => {
      const created = await processServerProvider.create({
        fabricName: FABRIC_NAME,
        processServerName: "ps-azure-01",
        adoptExisting: true,
      });
      sinon.assert.notCalled(harness.client.deployProcessServerVm);
      sinon.assert.notCalled(harness.pause);
      assert.equal(created.id, PROCESS_SERVER_ID);
      assert.equal(created.outs.vmId, undefined);
    });

    it("refuses with NET-06 when the data port is closed, without leaking the secrets", async () => {
      answerNetwork(harness.client, [443]);
      const error = await rejection(processServerProvider.create(processServerInputs()));
      assert.match(
        error.message,
        /^deploying process server ps-azure-01: NET-06: process server ps-azure-01 cannot reach the configuration server on data port 9443; open the port/,
      );
      assert.ok(!allMessages(error).includes(ADMIN_PASSWORD));
      assert.ok(!allMessages(error).includes(PASSPHRASE));
    });

    it("times out a registration that never comes, naming PS-03 and never a secret", async () => {
      harness.state.processServerRegistered = false;
      const error = await rejection(
        processServerProvider.create(processServerInputs({ registrationTimeoutInMinutes: 10 })),
      );
      assert.match(
        error.message,
        /^deploying process server ps-azure-01: process server ps-azure-01: no registration with the configuration server .* after 10 min \(timeout 10 min\); PS-03: check its network path/,
      );
      sinon.assert.callCount(harness.pause, 10);
      assert.equal(harness.elapsed(), 10 * MINUTE_MS);
      sinon.assert.calledOnce(harness.client.deployProcessServerVm);
      assert.ok(!allMessages(error).includes(ADMIN_PASSWORD));
      assert.ok(!allMessages(error).includes(PASSPHRASE));
    });

    it("reports a failed deployment with the client's guidance and never the password", async () => {
      harness.client.deployProcessServerVm.rejects(
        toAzureCallError(
          Object.assign(new Error("address in use"), { statusCode: 400, code: "PrivateIPAddressInUse" }),
          {
            action: "deploying process server VM",
            target: "ps-azure-01",
          },
        ),
      );
      const error = await rejection(processServerProvider.create(processServerInputs()));
      assert.match(
        error.message,
        /^deploying process server ps-azure-01: deploying process server VM ps-azure-01: PrivateIPAddressInUse the private IP address is already in use; choose a free static IP address/,
      );
      sinon.assert.notCalled(harness.client.getFabric);
      assert.ok(!allMessages(error).includes(ADMIN_PASSWORD));
      assert.ok(!allMessages(error).includes(PASSPHRASE));
    });

    it("reads a registered process server whose VM exists", async () => {
      const read = await processServerProvider.read!(PROCESS_SERVER_ID, processServerState());
      assert.equal(read.id, PROCESS_SERVER_ID);
      assert.equal(read.props?.["vmId"], PROCESS_SERVER_VM_ID);
      sinon.assert.calledOnceWithExactly(harness.client.getFabric, FABRIC_NAME);
      sinon.assert.calledOnceWithExactly(harness.client.getVirtualMachine, "rg-dr", "ps-azure-01");
    });

    it("reads a deregistered process server as gone", async () => {
      harness.state.processServerRegistered = false;
      const read = await processServerProvider.read!(PROCESS_SERVER_ID, processServerState());
      assert.deepEqual(read, { id: "", props: {} });
      sinon.assert.notCalled(harness.client.getVirtualMachine);
    });

    it("reads a process server whose VM was deleted as gone", async () => {
      harness.client.getVirtualMachine.resolves(undefined);
      const read = await processServerProvider.read!(PROCESS_SERVER_ID, processServerState());
      assert.deepEqual(read, { id: "", props: {} });
    });

    it("updates in place by re-verifying the ports, deploying nothing", async () => {
      const updated = await processServerProvider.update!(
        PROCESS_SERVER_ID,
        processServerState(),
        processServerState({ controlPort: 8443 }),
      );
      sinon.assert.notCalled(harness.client.deployProcessServerVm);
      sinon.assert.notCalled(harness.client.deleteProcessServerVm);
      assert.deepEqual(
        harness.client.checkConnectivity.getCalls().map((call) => call.args[0].destinationPort),
        [8443, 9443],
      );
      assert.deepEqual(updated.outs?.["configurationServerReachable"], {
        controlPort: false,
        dataPort: true,
      });
    });

    it("refuses an update with PS-02 when the process server is no longer registered", async () => {
      harness.state.processServerRegistered = false;
      const error = await rejection(
        processServerProvider.update!(PROCESS_SERVER_ID, processServerState(), processServerState()),
      );
      assert.match(
        error.message,
        /^updating process server ps-azure-01: PS-02: process server ps-azure-01 is no longer registered/,
      );
      assert.ok(!allMessages(error).includes(ADMIN_PASSWORD));
    });

    it("deletes the VM once when no failback uses the process server", async () => {
      await processServerProvider.delete!(PROCESS_SERVER_ID, processServerState());
      sinon.assert.calledOnceWithExactly(harness.client.listProtectionContainers, FABRIC_NAME);
      sinon.assert.calledOnceWithExactly(harness.client.listProtectedItems, {
        fabricName: FABRIC_NAME,
        containerName: CONTAINER_NAME,
      });
      sinon.assert.calledOnceWithExactly(harness.client.deleteProcessServerVm, "rg-dr", "ps-azure-01");
      sinon.assert.callOrder(harness.client.listProtectedItems, harness.client.deleteProcessServerVm);
    });

    it("refuses to delete with PS-02 while a failback replicates through it", async () => {
      harness.state.items = [replicatingBack(PROCESS_SERVER_ID)];
      const error = await rejection(processServerProvider.delete!(PROCESS_SERVER_ID, processServerState()));
      assert.match(
        error.message,
        /^deleting process server ps-azure-01: PS-02: process server ps-azure-01 is still needed by 1 vm in failback \(vm-web-1\); keep it running until failback is committed/,
      );
      sinon.assert.notCalled(harness.client.deleteProcessServerVm);
      assert.ok(!allMessages(error).includes(ADMIN_PASSWORD));
    });

    it("deletes the VM when the failback in progress uses another process server", async () => {
      harness.state.items = [replicatingBack(ON_PREMISES_PROCESS_SERVER_ID)];
      await processServerProvider.delete!(PROCESS_SERVER_ID, processServerState());
      sinon.assert.calledOnce(harness.client.deleteProcessServerVm);
    });

    it("forgets an adopted process server without a single client call", async () => {
      await processServerProvider.delete!(PROCESS_SERVER_ID, {
        fabricName: FABRIC_NAME,
        processServerName: "ps-azure-01",
        adoptExisting: true,
      });
      for (const stub of Object.values(harness.client)) {
        if (typeof stub === "function" && "called" in stub) assert.equal(stub.called, false);
      }
    });

    it("tolerates a VM that is already gone (404) on delete", async () => {
      harness.client.deleteProcessServerVm.rejects(notFound("deleting process server VM", "ps-azure-01"));
      await processServerProvider.delete!(PROCESS_SERVER_ID, processServerState());
      sinon.assert.calledOnce(harness.client.deleteProcessServerVm);
    });

    it("diffs a new static IP as a delete-before-replace and a port change in place, without client calls", async () => {
      const replaced = await processServerProvider.diff!(
        PROCESS_SERVER_ID,
        processServerState(),
        processServerState({ staticIpAddress: "10.50.2.11" }),
      );
      assert.equal(replaced.changes, true);
      assert.deepEqual(replaced.replaces, ["staticIpAddress"]);
      assert.equal(replaced.deleteBeforeReplace, true);
      const inPlace = await processServerProvider.diff!(
        PROCESS_SERVER_ID,
        processServerState(),
        processServerState({ dataPort: 9444 }),
      );
      assert.equal(inPlace.changes, true);
      assert.deepEqual(inPlace.replaces, []);
      sinon.assert.notCalled(harness.client.getFabric);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // MasterTarget
  // ---------------------------------------------------------------------------------------------

  function masterTargetInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      fabricName: FABRIC_NAME,
      masterTargetName: "mt-win-01",
      osType: "windows",
      protectedItemNames: ["vm-web-1"],
      ...overrides,
    };
  }

  function masterTargetState(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ...masterTargetInputs(),
      flavor: "vmware",
      registrationTimeoutInMinutes: 30,
      masterTargetId: MASTER_TARGET_ID,
      reportedOsType: "Windows",
      retentionVolumes: [{ name: "E:", capacityInBytes: 2048 * GB, freeSpaceInBytes: 1800 * GB }],
      datastores: [{ name: "vmfs-gold", type: "vmfs" }],
      health: "Normal",
      healthErrorCodes: [],
      ...overrides,
    };
  }

  describe("MasterTarget lifecycle over a stubbed client", () => {
    it("waits for the registration, then validates over one fresh read of the site", async () => {
      const { client } = harness;
      harness.state.masterTargetRegistered = false;
      harness.at(3, (state) => {
        state.masterTargetRegistered = true;
      });
      const created = await masterTargetProvider.create(masterTargetInputs());
      // Polls at 0..3 minutes, then the validation's read of fabric, vCenters, containers and items.
      sinon.assert.callCount(harness.pause, 3);
      sinon.assert.callCount(client.getFabric, 5);
      sinon.assert.alwaysCalledWith(client.getFabric, FABRIC_NAME);
      sinon.assert.calledOnceWithExactly(client.listVCenters, FABRIC_NAME);
      sinon.assert.calledOnceWithExactly(client.listProtectionContainers, FABRIC_NAME);
      sinon.assert.calledOnceWithExactly(client.listProtectedItems, {
        fabricName: FABRIC_NAME,
        containerName: CONTAINER_NAME,
      });
      assert.equal(created.id, MASTER_TARGET_ID);
      assert.equal(created.outs.reportedOsType, "Windows");
      assert.deepEqual(created.outs.retentionVolumes, [
        { name: "E:", capacityInBytes: 2048 * GB, freeSpaceInBytes: 1800 * GB },
      ]);
      assert.deepEqual(created.outs.datastores, [{ name: "vmfs-gold", type: "vmfs" }]);
      assert.equal(created.outs.health, "Normal");
    });

    it("times out with a message naming the fabric when the master target never registers", async () => {
      harness.state.masterTargetRegistered = false;
      const error = await rejection(
        masterTargetProvider.create(masterTargetInputs({ registrationTimeoutInMinutes: 5 })),
      );
      assert.match(
        error.message,
        /^registering master target mt-win-01: master target mt-win-01: no registration with a recent heartbeat after 5 min \(timeout 5 min\); check that the master target is installed, registered with configuration server fabric cs-contoso/,
      );
      // Polls at 0..5 minutes, all on the wait clock: nothing slept.
      sinon.assert.callCount(harness.client.getFabric, 6);
      sinon.assert.callCount(harness.pause, 5);
      assert.equal(harness.elapsed(), 5 * MINUTE_MS);
      sinon.assert.notCalled(harness.client.listVCenters);
    });

    it("keeps waiting while the registered master target's heartbeat is stale", async () => {
      harness.state.masterTargetHeartbeatMinutesAgo = 20;
      harness.at(4, (state) => {
        state.masterTargetHeartbeatMinutesAgo = 1;
      });
      const created = await masterTargetProvider.create(masterTargetInputs());
      assert.equal(created.id, MASTER_TARGET_ID);
      sinon.assert.callCount(harness.pause, 4);
    });

    it("refuses with MT-02 when the registered master target has snapshots", async () => {
      harness.state.masterTargetHealthErrors = [healthError("MasterTargetHasSnapshots", "2")];
      await assert.rejects(
        masterTargetProvider.create(masterTargetInputs()),
        /^Error: registering master target mt-win-01: .*\n {2}\[block\] MT-02: master target mt-win-01 has 2 snapshots; delete them before failback$/,
      );
    });

    it("reads the master target by its ID and refreshes its health", async () => {
      harness.state.masterTargetHealthErrors = [healthError("MasterTargetHasSnapshots", "1")];
      const read = await masterTargetProvider.read!(MASTER_TARGET_ID, masterTargetState());
      assert.equal(read.id, MASTER_TARGET_ID);
      assert.equal(read.props?.["health"], "Critical");
      assert.deepEqual(read.props?.["healthErrorCodes"], ["MasterTargetHasSnapshots"]);
      sinon.assert.calledOnceWithExactly(harness.client.getFabric, FABRIC_NAME);
    });

    it("reads a master target gone from the configuration server as gone", async () => {
      harness.state.masterTargetRegistered = false;
      const read = await masterTargetProvider.read!(MASTER_TARGET_ID, masterTargetState());
      assert.deepEqual(read, { id: "", props: {} });
    });

    it("re-validates on update and refuses what broke since create", async () => {
      const updated = await masterTargetProvider.update!(
        MASTER_TARGET_ID,
        masterTargetState(),
        masterTargetState({ protectedItemNames: ["vm-web-1"] }),
      );
      assert.equal(updated.outs?.["masterTargetId"], MASTER_TARGET_ID);
      harness.state.masterTargetHealthErrors = [healthError("MasterTargetParavirtualScsiController", "")];
      await assert.rejects(
        masterTargetProvider.update!(MASTER_TARGET_ID, masterTargetState(), masterTargetState()),
        /^Error: updating master target mt-win-01: .*\n {2}\[block\] MT-08: master target mt-win-01 uses a Paravirtual SCSI controller; change its SCSI controller to LSI Logic$/,
      );
    });

    it("forgets the master target on delete without a single client call", async () => {
      await masterTargetProvider.delete!(MASTER_TARGET_ID, masterTargetState());
      for (const stub of Object.values(harness.client)) {
        if (typeof stub === "function" && "called" in stub) assert.equal(stub.called, false);
      }
    });

    it("diffs a new name as a replacement and ignores a new registration timeout", async () => {
      const renamed = await masterTargetProvider.diff!(
        MASTER_TARGET_ID,
        masterTargetState(),
        masterTargetState({ masterTargetName: "mt-win-02" }),
      );
      assert.deepEqual(renamed.replaces, ["masterTargetName"]);
      const timeout = await masterTargetProvider.diff!(
        MASTER_TARGET_ID,
        masterTargetState(),
        masterTargetState({ registrationTimeoutInMinutes: 60 }),
      );
      assert.equal(timeout.changes, false);
      sinon.assert.notCalled(harness.client.getFabric);
    });
  });

  // ---------------------------------------------------------------------------------------------
  // ReprotectionPolicy
  // ---------------------------------------------------------------------------------------------

  const MAPPING_NAME = "policy-failback-mapping";

  function policyInputs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      fabricName: FABRIC_NAME,
      policyName: "policy-failback",
      masterTargetId: MASTER_TARGET_ID,
      processServerId: PROCESS_SERVER_ID,
      runAsAccountName: "vcenter-admin",
      retentionDrive: "E:",
      datastoreName: "vmfs-gold",
      protectedItemNames: ["vm-web-1"],
      ...overrides,
    };
  }

  function policyState(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      ...policyInputs(),
      flavor: "vmware",
      recoveryPointThresholdInMinutes: 15,
      recoveryPointHistoryInMinutes: 1440,
      appConsistentFrequencyInMinutes: 60,
      multiVmConsistency: false,
      recoveryLocation: "original",
      policyId: POLICY_ID,
      mappingId: `${VAULT}/replicationFabrics/${FABRIC_NAME}/replicationProtectionContainers/${CONTAINER_NAME}/replicationProtectionContainerMappings/${MAPPING_NAME}`,
      resolvedProtectionContainerName: CONTAINER_NAME,
      masterTargetName: "mt-win-01",
      processServerName: "ps-azure-01",
      runAsAccountId: "1",
      ...overrides,
    };
  }

  function policy(details: Record<string, unknown> = {}): Policy {
    return {
      id: `${VAULT}/replicationPolicies/policy-failback`,
      name: "policy-failback",
      properties: {
        friendlyName: "policy-failback",
        providerSpecificDetails: {
          instanceType: "InMage",
          recoveryPointThresholdInMinutes: 15,
          recoveryPointHistory: 1440,
          appConsistentFrequencyInMinutes: 60,
          multiVmSyncStatus: "Disable",
          ...details,
        } as never,
      },
    };
  }

  const mapping: ProtectionContainerMapping = {
    id: `${container.id}/replicationProtectionContainerMappings/${MAPPING_NAME}`,
    name: MAPPING_NAME,
    properties: { policyFriendlyName: "policy-failback", state: "Paired" },
  };

  describe("ReprotectionPolicy lifecycle over a stubbed client", () => {
    beforeEach(() => {
      harness.client.createPolicy.callsFake(async () => policy());
      harness.client.updatePolicy.callsFake(async () => policy());
      harness.client.getPolicy.resolves(policy());
      harness.client.getContainerMapping.resolves(mapping);
      harness.client.createContainerMapping.resolves(mapping);
      harness.client.deleteContainerMapping.resolves();
      harness.client.deletePolicy.resolves();
    });

    it("creates the policy, then the mapping that names it", async () => {
      const { client } = harness;
      client.getContainerMapping.resolves(undefined);
      const created = await reprotectionPolicyProvider.create(
        policyInputs({ recoveryPointThresholdInMinutes: 30, multiVmConsistency: true }),
      );
      sinon.assert.calledOnceWithExactly(client.createPolicy, "policy-failback", {
        instanceType: "InMage",
        recoveryPointThresholdInMinutes: 30,
        recoveryPointHistory: 1440,
        appConsistentFrequencyInMinutes: 60,
        multiVmSyncStatus: "Enable",
      });
      sinon.assert.calledOnceWithExactly(
        client.getContainerMapping,
        FABRIC_NAME,
        CONTAINER_NAME,
        MAPPING_NAME,
      );
      sinon.assert.calledOnceWithExactly(
        client.createContainerMapping,
        FABRIC_NAME,
        CONTAINER_NAME,
        MAPPING_NAME,
        {
          policyId: `${VAULT}/replicationPolicies/policy-failback`,
          targetProtectionContainerId: "Microsoft Azure",
        },
      );
      sinon.assert.callOrder(client.createPolicy, client.getContainerMapping, client.createContainerMapping);
      assert.equal(created.id, POLICY_ID);
      assert.equal(created.outs.resolvedProtectionContainerName, CONTAINER_NAME);
      assert.equal(created.outs.masterTargetName, "mt-win-01");
      assert.equal(created.outs.processServerName, "ps-azure-01");
      assert.equal(created.outs.runAsAccountId, "1");
    });

    it("keeps a mapping that already exists (create is idempotent)", async () => {
      await reprotectionPolicyProvider.create(policyInputs());
      sinon.assert.calledOnce(harness.client.createPolicy);
      sinon.assert.notCalled(harness.client.createContainerMapping);
    });

    it("refuses before creating anything when the master target is not registered (MT-05)", async () => {
      harness.state.masterTargetRegistered = false;
      await assert.rejects(
        reprotectionPolicyProvider.create(policyInputs()),
        /^Error: creating reprotection policy policy-failback: MT-05: configuration server cs-contoso has no master target 9A1B2C3D-0000-4000-8000-000000000001/,
      );
      sinon.assert.notCalled(harness.client.createPolicy);
      sinon.assert.notCalled(harness.client.createContainerMapping);
    });

    it("reads the policy's live settings through its mapping", async () => {
      harness.client.getPolicy.resolves(policy({ recoveryPointThresholdInMinutes: 45 }));
      const read = await reprotectionPolicyProvider.read!(POLICY_ID, policyState());
      assert.equal(read.id, POLICY_ID);
      assert.equal(read.props?.["recoveryPointThresholdInMinutes"], 45);
      sinon.assert.calledOnceWithExactly(harness.client.getPolicy, "policy-failback");
      sinon.assert.calledOnceWithExactly(
        harness.client.getContainerMapping,
        FABRIC_NAME,
        CONTAINER_NAME,
        MAPPING_NAME,
      );
    });

    it("reads a vanished policy as gone without looking for its mapping", async () => {
      harness.client.getPolicy.resolves(undefined);
      const read = await reprotectionPolicyProvider.read!(POLICY_ID, policyState());
      assert.deepEqual(read, { id: "", props: {} });
      sinon.assert.notCalled(harness.client.getContainerMapping);
    });

    it("reads a policy whose mapping vanished as gone", async () => {
      harness.client.getContainerMapping.resolves(undefined);
      const read = await reprotectionPolicyProvider.read!(POLICY_ID, policyState());
      assert.deepEqual(read, { id: "", props: {} });
    });

    it("updates the policy in place and leaves the mapping alone", async () => {
      const updated = await reprotectionPolicyProvider.update!(
        POLICY_ID,
        policyState(),
        policyInputs({ appConsistentFrequencyInMinutes: 120 }),
      );
      sinon.assert.calledOnceWithExactly(harness.client.updatePolicy, "policy-failback", {
        instanceType: "InMage",
        recoveryPointThresholdInMinutes: 15,
        recoveryPointHistory: 1440,
        appConsistentFrequencyInMinutes: 120,
        multiVmSyncStatus: "Disable",
      });
      sinon.assert.notCalled(harness.client.createPolicy);
      sinon.assert.notCalled(harness.client.createContainerMapping);
      sinon.assert.notCalled(harness.client.deleteContainerMapping);
      assert.equal(updated.outs?.["appConsistentFrequencyInMinutes"], 120);
    });

    it("deletes the mapping before the policy", async () => {
      const { client } = harness;
      await reprotectionPolicyProvider.delete!(POLICY_ID, policyState());
      sinon.assert.calledOnceWithExactly(
        client.deleteContainerMapping,
        FABRIC_NAME,
        CONTAINER_NAME,
        MAPPING_NAME,
      );
      sinon.assert.calledOnceWithExactly(client.deletePolicy, "policy-failback");
      sinon.assert.callOrder(client.deleteContainerMapping, client.deletePolicy);
    });

    it("deletes nothing that is already gone", async () => {
      harness.client.getContainerMapping.resolves(undefined);
      harness.client.getPolicy.resolves(undefined);
      await reprotectionPolicyProvider.delete!(POLICY_ID, policyState());
      sinon.assert.notCalled(harness.client.deleteContainerMapping);
      sinon.assert.notCalled(harness.client.deletePolicy);
    });

    it("tolerates a mapping and a policy that vanish (404) while deleting", async () => {
      harness.client.deleteContainerMapping.rejects(notFound("deleting container mapping", MAPPING_NAME));
      harness.client.deletePolicy.rejects(notFound("deleting policy", "policy-failback"));
      await reprotectionPolicyProvider.delete!(POLICY_ID, policyState());
      sinon.assert.calledOnce(harness.client.deletePolicy);
    });

    it("diffs a new name as a delete-before-replace and a new threshold in place", async () => {
      const renamed = await reprotectionPolicyProvider.diff!(
        POLICY_ID,
        policyState(),
        policyState({ policyName: "policy-failback-2" }),
      );
      assert.deepEqual(renamed.replaces, ["policyName"]);
      assert.equal(renamed.deleteBeforeReplace, true);
      const threshold = await reprotectionPolicyProvider.diff!(
        POLICY_ID,
        policyState(),
        policyState({ recoveryPointThresholdInMinutes: 30 }),
      );
      assert.equal(threshold.changes, true);
      assert.deepEqual(threshold.replaces, []);
      sinon.assert.notCalled(harness.client.getPolicy);
    });
  });
});
