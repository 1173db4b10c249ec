import * as assert from "node:assert/strict";
import type {
  Fabric,
  Policy,
  ProtectionContainerMapping,
  ReplicationProtectedItem,
} from "@azure/arm-recoveryservices-siterecovery";
import { runRules } from "../../../provider/rules/catalogue";
import type { RuleContext } from "../../../provider/rules/types";
import {
  containerMappingFacts,
  modernizedFabricFacts,
  modernizedItemFacts,
  replicationApplianceFacts,
  replicationPolicyFacts,
  withServedDisks,
} from "../../../provider/site/modernizedFacts";
import { protectedItemFacts } from "../../../provider/site/siteFacts";

const now = new Date("2021-08-26T14:00:00Z");
const S = "/Subscriptions/00000000-0000-0000-0000-000000000000";
const VAULT = `${S}/resourceGroups/V2A-ECY/providers/Microsoft.RecoveryServices/vaults/Rcm-Vault-150`;
const FABRIC = `${VAULT}/replicationFabrics/Rcm-Vault-150-vmwarefabric`;
const CONTAINER = `${FABRIC}/replicationProtectionContainers/Rcm-Vault-4678replicationcontainer`;
const APP1 = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";
const APP2 = "0c7a4d6e-1111-4222-8333-444455556666";
const VCENTER =
  "/subscriptions/0/resourceGroups/V2A-ECY/providers/Microsoft.OffAzure/VMwareSites/Rcm-Vault-4678vmwaresite/vcenters/vcenter67";

/** Raw JSON (dates as strings), the way the service sends it; the adapters take both shapes. */
const json = <T>(value: unknown): T => value as T;

const entry = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  biosId: "bios",
  version: "9.44",
  lastHeartbeatUtc: "2021-08-26T13:58:00Z",
  health: "Normal",
  healthErrors: [],
  ...extra,
});

const fabric = json<Fabric>({
  id: FABRIC,
  name: "Rcm-Vault-150-vmwarefabric",
  properties: {
    friendlyName: "Rcm-Vault-150-vmwarefabric",
    health: "Normal",
    customDetails: {
      instanceType: "InMageRcm",
      processServers: [entry(APP1, "Rcm-App-150"), entry(APP2, "Rcm-App-151")],
      rcmProxies: [entry(APP1, "Rcm-App-150", { clientAuthenticationType: "Certificate" })],
      pushInstallers: [entry(APP1, "Rcm-App-150")],
      replicationAgents: [entry(APP1, "Rcm-App-150")],
      reprotectAgents: [
        entry(APP1.toUpperCase(), "Rcm-App-150", {
          health: "Critical",
          lastHeartbeatUtc: "2021-08-26T12:00:00Z",
          healthErrors: [{ errorCode: "ReprotectAgentHeartbeatMissing", errorLevel: "Critical" }],
          accessibleDatastores: ["SharedDS-84-85", "datastore1"],
          vcenterId: VCENTER,
        }),
        entry(APP2, "Rcm-App-151", { accessibleDatastores: ["datastore9"] }),
      ],
      marsAgents: [entry(APP1, "Rcm-App-150")],
      dras: [entry(APP1, "Rcm-App-150", { forwardProtectedItemCount: 1, reverseProtectedItemCount: 1 })],
      agentDetails: [{ agentId: "x", machineId: "m", fqdn: "vm" }],
    },
  },
});

/** Section 5.7 of the catalogue: an item replicating back to premises (trimmed). */
const failbackItem = () =>
  json<ReplicationProtectedItem>({
    id: `${CONTAINER}/replicationProtectedItems/vcenter67_50158471-87c2-d4ad-caa2-abe22face6d8`,
    name: "vcenter67_50158471-87c2-d4ad-caa2-abe22face6d8",
    properties: {
      friendlyName: "Rcm-W2K19-152",
      protectionState: "Protected",
      protectionStateDescription: "Protected",
      activeLocation: "Primary",
      allowedOperations: ["PlannedFailover", "DisableProtection"],
      replicationHealth: "Normal",
      healthErrors: [],
      policyId: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
      currentScenario: {
        scenarioName: "None",
        jobId: `${VAULT}/replicationJobs/None`,
        startTime: "1753-01-01T01:01:01Z",
      },
      providerSpecificDetails: {
        instanceType: "InMageRcmFailback",
        azureVirtualMachineId:
          "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/Rcm-W2K19-152",
        reprotectAgentId: APP1,
        reprotectAgentName: "Rcm-App-150",
        osType: "Windows",
        logStorageAccountId:
          "/subscriptions/0/resourceGroups/V2A-ECY/providers/Microsoft.Storage/storageAccounts/v2aecystor",
        targetvCenterId: VCENTER,
        targetDataStoreName: "SharedDS-84-85",
        targetVmName: "Rcm-W2K19-152",
        initialReplicationProgressPercentage: null,
        initialReplicationProgressHealth: "None",
        resyncRequired: "false",
        resyncState: "None",
        protectedDisks: [
          {
            diskId: "{F3A82FA8-88DC-42F9-9464-5E6893CAAF33}",
            isOSDisk: "true",
            capacityInBytes: 32212254720,
            isInitialReplicationComplete: "true",
            lastSyncTime: "2021-08-26T13:59:58.1027372Z",
          },
        ],
        vmNics: [
          {
            macAddress: "00:0D:3A:E8:10:CF",
            networkName: null,
            adapterType: null,
            sourceIpAddress: "20.10.0.13",
          },
        ],
        discoveredVmDetails: {
          vCenterId: VCENTER,
          vCenterFQDN: "",
          datastores: ["SharedDS-84-85"],
          isDeleted: false,
          powerStatus: "ON",
        },
        lastUsedPolicyId: `${VAULT}/replicationPolicies/24-hour-replication-policy`,
        isAgentRegistrationSuccessfulAfterFailover: false,
      },
    },
  });

/** An item failed over to Azure and committed (Stage 1 of the catalogue). */
const failedOverItem = () =>
  json<ReplicationProtectedItem>({
    name: "vcenter67_5015aaaa",
    properties: {
      friendlyName: "vm-app-1",
      protectionState: "UnplannedFailoverCommitted",
      activeLocation: "Recovery",
      allowedOperations: ["CompleteMigration", "DisableProtection", "SwitchProtection"],
      replicationHealth: "Normal",
      healthErrors: [
        { errorCode: "AgentNotRegistered", errorLevel: "Critical" },
        { errorCode: "x", errorLevel: "Warning" },
      ],
      currentScenario: { scenarioName: "SwitchReplicationGroupProtection", jobId: "job-1" },
      providerSpecificDetails: {
        instanceType: "InMageRcm",
        discoveryType: "VCenter",
        targetVmName: "vm-app-1-azure",
        targetLocation: "West Europe",
        initialReplicationProgressPercentage: 64,
        resyncRequired: "true",
        protectedDisks: [
          { diskId: "d0", isInitialReplicationComplete: "true" },
          { diskId: "d1", isInitialReplicationComplete: "false" },
        ],
        vmNics: [
          { nicId: "n0", sourceIPAddress: "10.0.0.5", sourceIPAddressType: "Static" },
          { nicId: "n1", sourceIPAddress: "10.0.1.5", sourceIPAddressType: "Dynamic" },
        ],
        discoveredVmDetails: { vCenterId: VCENTER, datastores: ["datastore1"], isDeleted: true },
        isAgentRegistrationSuccessfulAfterFailover: true,
      },
    },
  });

describe("replicationApplianceFacts", () => {
  it("groups the entries sharing one id across the component arrays into one appliance", () => {
    const appliances = replicationApplianceFacts(fabric, now);
    assert.deepEqual(
      appliances.map((appliance) => [
        appliance.name,
        appliance.components?.map((component) => component.kind),
      ]),
      [
        [
          "Rcm-App-150",
          [
            "processServer",
            "rcmProxy",
            "pushInstaller",
            "replicationAgent",
            "reprotectAgent",
            "marsAgent",
            "dra",
          ],
        ],
        ["Rcm-App-151", ["processServer", "reprotectAgent"]],
      ],
    );
  });

  it("reads health, error codes, the oldest heartbeat and the reprotect agent's discovery", () => {
    const [app1, app2] = replicationApplianceFacts(fabric, now);
    assert.equal(app1?.id, APP1);
    assert.equal(app1?.heartbeatAgeInMinutes, 120);
    assert.deepEqual(app1?.healthErrorCodes, ["ReprotectAgentHeartbeatMissing"]);
    assert.deepEqual(
      app1?.components?.find((component) => component.kind === "reprotectAgent"),
      {
        kind: "reprotectAgent",
        health: "Critical",
        healthErrorCodes: ["ReprotectAgentHeartbeatMissing"],
        heartbeatAgeInMinutes: 120,
      },
    );
    assert.deepEqual(app1?.accessibleDatastores, ["SharedDS-84-85", "datastore1"]);
    assert.equal(app1?.vCenterId, VCENTER);
    assert.deepEqual(app2?.accessibleDatastores, ["datastore9"]);
    assert.equal(app2?.vCenterId, undefined);
    assert.equal(app2?.heartbeatAgeInMinutes, 2);
  });

  it("reads SDK dates as well as JSON strings", () => {
    const sdkFabric = json<Fabric>({
      properties: {
        customDetails: {
          instanceType: "InMageRcm",
          dras: [{ id: APP1, name: "app", lastHeartbeatUtc: new Date("2021-08-26T13:30:00Z") }],
        },
      },
    });
    assert.equal(replicationApplianceFacts(sdkFabric, now)[0]?.heartbeatAgeInMinutes, 30);
  });

  it("finds no appliance in a classic fabric", () => {
    const classic = json<Fabric>({
      properties: { customDetails: { instanceType: "VMware", processServers: [] } },
    });
    assert.deepEqual(replicationApplianceFacts(classic, now), []);
    assert.deepEqual(replicationApplianceFacts(undefined, now), []);
  });

  it("counts the disks already replicating back through each appliance", () => {
    const items = [{ name: "a", ...modernizedItemFacts(failbackItem()), instanceType: "InMageRcmFailback" }];
    const [app1, app2] = withServedDisks(replicationApplianceFacts(fabric, now), items);
    assert.equal(app1?.servedDiskCount, 1);
    assert.equal(app2?.servedDiskCount, 0);
  });
});

describe("modernizedFabricFacts", () => {
  it("reads the fabric's name, type and health", () => {
    assert.deepEqual(modernizedFabricFacts(fabric), {
      name: "Rcm-Vault-150-vmwarefabric",
      instanceType: "InMageRcm",
      health: "Normal",
    });
  });
});

describe("modernizedItemFacts", () => {
  it("reads an item replicating back to premises (catalogue 5.7)", () => {
    assert.deepEqual(modernizedItemFacts(failbackItem()), {
      replicationPath: "modernized",
      policyId: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
      criticalHealthErrorCount: 0,
      protectedDiskCount: 1,
      agentRegisteredAfterFailover: false,
      discoveredVmDeleted: false,
      discoveredDatastores: ["SharedDS-84-85"],
      discoveredVCenterId: VCENTER,
      nics: [{ ipAddress: "20.10.0.13" }],
      initialReplicationComplete: true,
      resyncRequired: false,
      reprotectAgentId: APP1,
      reprotectAgentName: "Rcm-App-150",
      targetDatastoreName: "SharedDS-84-85",
      azureVmName: "Rcm-W2K19-152",
    });
  });

  it("reads the planned failover status after a failover", () => {
    const item = failbackItem();
    Object.assign(item.properties!.providerSpecificDetails!, { lastPlannedFailoverStatus: "Failed" });
    assert.equal(modernizedItemFacts(item).lastPlannedFailoverStatus, "Failed");
  });

  it("reads an item failed over to Azure", () => {
    const facts = modernizedItemFacts(failedOverItem());
    assert.equal(facts.runningJobScenario, "SwitchReplicationGroupProtection");
    assert.equal(facts.criticalHealthErrorCount, 1);
    assert.equal(facts.protectedDiskCount, 2);
    assert.equal(facts.initialReplicationComplete, false);
    assert.equal(facts.initialReplicationProgressPercentage, 64);
    assert.equal(facts.resyncRequired, true);
    assert.equal(facts.discoveredVmDeleted, true);
    assert.equal(facts.agentRegisteredAfterFailover, true);
    assert.equal(facts.azureLocation, "westeurope");
    assert.equal(facts.azureVmName, "vm-app-1-azure");
    assert.deepEqual(facts.nics, [
      { ipAddress: "10.0.0.5", ipAddressType: "Static" },
      { ipAddress: "10.0.1.5", ipAddressType: "Dynamic" },
    ]);
  });

  it("marks classic items classic and says nothing about Hyper-V items", () => {
    const classic = json<ReplicationProtectedItem>({
      properties: { providerSpecificDetails: { instanceType: "InMageAzureV2" } },
    });
    const hyperV = json<ReplicationProtectedItem>({
      properties: { providerSpecificDetails: { instanceType: "HyperVReplicaAzure" } },
    });
    assert.deepEqual(modernizedItemFacts(classic), { replicationPath: "classic" });
    assert.deepEqual(modernizedItemFacts(hyperV), {});
    assert.deepEqual(modernizedItemFacts(json<ReplicationProtectedItem>({})), {});
  });

  it("leaves unknown what the item does not report", () => {
    const facts = modernizedItemFacts(
      json<ReplicationProtectedItem>({
        properties: { providerSpecificDetails: { instanceType: "InMageRcm" } },
      }),
    );
    assert.deepEqual(facts, { replicationPath: "modernized" });
  });
});

describe("replicationPolicyFacts and containerMappingFacts", () => {
  it("read the failback policy and its mapping (catalogue 5.1, 5.2)", () => {
    const policy = json<Policy>({
      id: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
      name: "appconsistency-policy-failback",
      properties: {
        friendlyName: "appconsistency-policy-failback",
        providerSpecificDetails: {
          instanceType: "InMageRcmFailback",
          appConsistentFrequencyInMinutes: 60,
          crashConsistentFrequencyInMinutes: 5,
        },
      },
    });
    assert.deepEqual(replicationPolicyFacts(policy), {
      name: "appconsistency-policy-failback",
      id: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
      instanceType: "InMageRcmFailback",
      appConsistentFrequencyInMinutes: 60,
      crashConsistentFrequencyInMinutes: 5,
    });
    const mapping = json<ProtectionContainerMapping>({
      name: "appconsistency-failback-containerpairing",
      properties: {
        targetProtectionContainerId: CONTAINER,
        providerSpecificDetails: null,
        health: "Normal",
        healthErrorDetails: [],
        policyId: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
        state: "Paired",
      },
    });
    assert.deepEqual(containerMappingFacts(mapping), {
      name: "appconsistency-failback-containerpairing",
      policyId: `${VAULT}/replicationPolicies/appconsistency-policy-failback`,
      targetProtectionContainerId: CONTAINER,
      state: "Paired",
      health: "Normal",
    });
  });
});

describe("modernized facts through the rules", () => {
  it("lets MR-28 see a failed planned failover that was not rolled back", () => {
    const item = failbackItem();
    Object.assign(item.properties!, {
      protectionState: "CommitPendingStatesBegin",
      activeLocation: "Recovery",
      allowedOperations: [
        "CompleteMigration",
        "Commit",
        "DisableProtection",
        "SwitchProtection",
        "CancelFailover",
      ],
    });
    Object.assign(item.properties!.providerSpecificDetails!, { lastPlannedFailoverStatus: "Failed" });
    const context: RuleContext = {
      inputs: { flavor: "vmware" },
      site: { protectedItems: [{ ...protectedItemFacts(item), ...modernizedItemFacts(item) }] },
    };
    assert.deepEqual(
      runRules(context).map((entry) => entry.message),
      [
        "MR-28: vm Rcm-W2K19-152 had its planned failover fail and not rolled back; run cancel failover, do not disable replication",
      ],
    );
  });

  it("lets MR-02 see the critical reprotect agent of the chosen appliance", () => {
    const context: RuleContext = {
      inputs: { flavor: "vmware", modernized: { reprotectAgentName: "Rcm-App-150" } },
      site: {
        modernizedFabric: modernizedFabricFacts(fabric),
        replicationAppliances: replicationApplianceFacts(fabric, now),
      },
    };
    assert.deepEqual(
      runRules(context, { ids: ["MR-02"] }).map((entry) => entry.message),
      [
        "MR-02: appliance Rcm-App-150 reprotect agent health is Critical (last heartbeat 2 hours ago); fix the appliance before reprotecting or failing back",
      ],
    );
  });
});
