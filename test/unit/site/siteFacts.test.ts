import * as assert from "node:assert/strict";
import type { HealthError, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { SiteHealthCodes } from "asr-contract";
import { runRules } from "../../../provider/rules/catalogue";
import type { RuleContext } from "../../../provider/rules/types";
import {
  masterTargetFacts,
  processServerFacts,
  protectedItemFacts,
  vCenterFacts,
} from "../../../provider/site/siteFacts";
import { classifyItem } from "../../../provider/stageModel";

const now = new Date("2024-05-01T12:00:00Z");
const code = (errorCode: string, errorMessage = ""): HealthError => ({ errorCode, errorMessage });

describe("masterTargetFacts", () => {
  it("reads the facts that only health codes carry", () => {
    const report = masterTargetFacts(
      {
        name: "mt-lnx-01",
        osType: "Linux",
        diskCount: 12,
        lastHeartbeat: new Date("2024-05-01T11:50:00Z"),
        retentionVolumes: [{ volumeName: "/mnt/retention", freeSpaceInBytes: 10 }],
        dataStores: [{ symbolicName: "ds-nfs", type: "nfs" }],
        healthErrors: [
          code(SiteHealthCodes.masterTargetHasSnapshots, "3"),
          code(SiteHealthCodes.masterTargetMissingPackages, "lsscsi, device-mapper-multipath"),
          code(SiteHealthCodes.masterTargetParavirtualController),
          code(SiteHealthCodes.esxHostNotDiscovered, "esx-07"),
        ],
        validationErrors: [
          code(SiteHealthCodes.masterTargetDiskUuidDisabled),
          code(SiteHealthCodes.masterTargetStorageVmotionEnabled),
        ],
      },
      now,
    );
    assert.deepEqual(report.masterTarget, {
      name: "mt-lnx-01",
      osType: "linux",
      heartbeatAgeInMinutes: 10,
      diskCount: 12,
      snapshotCount: 3,
      excludedFromStorageVmotion: false,
      scsiController: "paravirtual",
      diskEnableUuid: false,
      missingPackages: ["lsscsi", "device-mapper-multipath"],
      retentionVolumes: [{ name: "/mnt/retention", freeSpaceInBytes: 10 }],
      datastores: [{ name: "ds-nfs", type: "NFS" }],
      esxHostName: "esx-07",
    });
    assert.deepEqual(report.esxHosts, [{ name: "esx-07", discovered: false }]);
  });

  it("treats an empty error list as healthy and a missing one as unknown", () => {
    const healthy = masterTargetFacts({ name: "mt", osType: "Linux", healthErrors: [] }, now).masterTarget;
    assert.equal(healthy.snapshotCount, 0);
    assert.equal(healthy.diskEnableUuid, true);
    assert.deepEqual(healthy.missingPackages, []);
    const unknown = masterTargetFacts({ name: "mt", osType: "Linux" }, now).masterTarget;
    assert.equal(unknown.snapshotCount, undefined);
    assert.equal(unknown.diskEnableUuid, undefined);
  });

  it("feeds MT-02, VC-02 and VC-04 through the rules", () => {
    const report = masterTargetFacts(
      {
        name: "mt-01",
        osType: "Windows",
        healthErrors: [
          code(SiteHealthCodes.masterTargetHasSnapshots, "2"),
          code(SiteHealthCodes.esxiFreeEdition, "ESXi 5.5 free"),
          code(SiteHealthCodes.vCenterAccountReadOnly, "vc-01"),
        ],
      },
      now,
    );
    const context: RuleContext = {
      inputs: { flavor: "vmware" },
      site: { masterTargets: [report.masterTarget], esxHosts: report.esxHosts, vCenters: report.vCenters },
    };
    assert.deepEqual(
      runRules(context).map((entry) => entry.message),
      [
        "MT-02: master target mt-01 has 2 snapshots; delete them before failback",
        "VC-02: vcenter vc-01 is reached with a read-only account, so datastores are not discovered and reprotect fails; give the run-as account the Site Recovery discovery permissions (datastore browse, VM inventory)",
        "VC-04: esx host (host of mt-01) runs a free edition (ESXi 5.5 free), which does not support failback; license the host or fail back to a licensed host",
      ],
    );
  });
});

describe("processServerFacts and vCenterFacts", () => {
  it("names a process server by its friendly name and ages its heartbeat", () => {
    assert.deepEqual(
      processServerFacts(
        { friendlyName: "ps-01", ipAddress: "10.1.2.10", lastHeartbeat: new Date("2024-05-01T11:00:00Z") },
        now,
      ),
      {
        name: "ps-01",
        ipAddress: "10.1.2.10",
        heartbeatAgeInMinutes: 60,
      },
    );
  });

  it("reads a vCenter's connection and account from its status and health codes", () => {
    assert.deepEqual(
      vCenterFacts({
        name: "x",
        properties: {
          friendlyName: "vc-01",
          discoveryStatus: "Disconnected",
          healthErrors: [code(SiteHealthCodes.vCenterAccountReadOnly)],
        },
      }),
      { name: "vc-01", connected: false, accountReadOnly: true },
    );
    assert.deepEqual(vCenterFacts({ properties: { friendlyName: "vc-02" } }), { name: "vc-02" });
  });
});

describe("protectedItemFacts", () => {
  it("normalizes a classic VMware item after failover", () => {
    const facts = protectedItemFacts({
      name: "item-1",
      properties: {
        friendlyName: "vm-web-1",
        protectionState: "UnplannedFailoverCommitted",
        activeLocation: "Recovery",
        replicationHealth: "Normal",
        allowedOperations: ["ReverseReplicate"],
        primaryProtectionContainerFriendlyName: "PG1",
        healthErrors: [code(SiteHealthCodes.machineNotInConfigurationServer, "vm-web-1")],
        providerSpecificDetails: {
          instanceType: "InMageAzureV2",
          osType: "Windows",
          osVersion: "Windows Server 2016",
          multiVmGroupName: "rg-web",
          processServerName: "ps-01",
        },
      },
    });
    assert.deepEqual(facts, {
      name: "vm-web-1",
      flavor: "vmware",
      instanceType: "InMageAzureV2",
      osType: "windows",
      osVersion: "Windows Server 2016",
      protectionState: "UnplannedFailoverCommitted",
      activeLocation: "Recovery",
      replicationHealth: "Normal",
      allowedOperations: ["ReverseReplicate"],
      failbackStage: "failedOverToAzure",
      failoverToAzureCommitted: true,
      replicationGroup: "rg-web",
      processServerName: "ps-01",
      protectionGroupName: "PG1",
      inConfigurationServerDatabase: false,
    });
  });

  it("tells a Hyper-V item's uncommitted failover to Azure and managed disks", () => {
    const facts = protectedItemFacts({
      properties: {
        friendlyName: "vm-hv-1",
        protectionState: "UnplannedFailoverCommitPendingStatesBegin",
        activeLocation: "Recovery",
        providerSpecificDetails: { instanceType: "HyperVReplicaAzure", useManagedDisks: "True" },
      },
    });
    assert.equal(facts.flavor, "hyperv");
    assert.equal(facts.failoverToAzureCommitted, false);
    assert.equal(facts.usesManagedDisks, true);
  });

  it("does not read the failback's own planned failover as an uncommitted failover to Azure (HV-02)", () => {
    const facts = protectedItemFacts({
      properties: {
        friendlyName: "vm-hv-1",
        protectionState: "PlannedFailoverCommitRequired",
        activeLocation: "Primary",
        allowedOperations: ["Commit", "CancelFailover"],
        providerSpecificDetails: { instanceType: "HyperVReplicaAzure" },
      },
    });
    assert.equal(facts.failbackStage, "failedOver");
    assert.equal(facts.failoverToAzureCommitted, undefined);
  });
});

describe("protectedItemFacts stage", () => {
  const running = (scenarioName: string) => ({ scenarioName, jobId: "/jobs/job-1" });
  const table: {
    instanceType: string;
    state: string;
    location: "Primary" | "Recovery";
    scenario?: string;
    discoveryType?: string;
  }[] = [
    { instanceType: "InMageAzureV2", state: "UnplannedFailoverCommitted", location: "Recovery" },
    {
      instanceType: "InMageAzureV2",
      state: "ReprotectStatesBegin",
      location: "Recovery",
      scenario: "Reprotect",
    },
    { instanceType: "InMage", state: "InitialReplicationInProgress", location: "Recovery" },
    { instanceType: "InMage", state: "Protected", location: "Recovery" },
    {
      instanceType: "InMage",
      state: "UnplannedFailoverTransitionStatesBegin",
      location: "Recovery",
      scenario: "UnplannedFailover",
    },
    { instanceType: "InMage", state: "UnplannedFailoverCommitPendingStatesBegin", location: "Primary" },
    { instanceType: "InMage", state: "UnplannedFailoverCommitted", location: "Primary" },
    {
      instanceType: "InMageAzureV2",
      state: "Protected",
      location: "Primary",
      discoveryType: "PhysicalMachine",
    },
    { instanceType: "HyperVReplicaAzure", state: "UnplannedFailoverCommitted", location: "Recovery" },
    {
      instanceType: "HyperVReplicaAzure",
      state: "PlannedFailoverTransitionStatesBegin",
      location: "Recovery",
      scenario: "PlannedFailover",
    },
    { instanceType: "HyperVReplicaAzure", state: "PlannedFailoverCommitRequired", location: "Primary" },
    { instanceType: "HyperVReplicaAzure", state: "PlannedFailoverCommitted", location: "Primary" },
    { instanceType: "HyperVReplicaAzure", state: "Protected", location: "Primary" },
  ];
  for (const row of table) {
    it(`is the stage machine's stage for ${row.instanceType} ${row.state} at ${row.location}`, () => {
      // Instance types beyond the SDK's discriminated union are what Site Recovery sends too.
      const item = {
        name: "vm-1",
        properties: {
          protectionState: row.state,
          activeLocation: row.location,
          ...(row.scenario ? { currentScenario: running(row.scenario) } : {}),
          providerSpecificDetails: {
            instanceType: row.instanceType,
            ...(row.discoveryType ? { discoveryType: row.discoveryType } : {}),
          },
        },
      };
      const facts = protectedItemFacts(item as ReplicationProtectedItem);
      assert.ok(facts.flavor, "the flavor is known");
      assert.equal(facts.failbackStage, classifyItem(facts.flavor, item as ReplicationProtectedItem).stage);
      assert.equal(facts.runningJobScenario, row.scenario);
    });
  }
});
