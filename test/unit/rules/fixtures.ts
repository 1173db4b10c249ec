/**
 * Builders of healthy rule contexts, and the table runner the per-area rule tests share.
 *
 * Each builder returns a fresh, fully mutable context in which every rule holds, so a test case
 * breaks exactly one thing and checks the one finding it expects.
 */
import * as assert from "node:assert/strict";
import { getRule, runRules } from "../../../provider/rules/catalogue";
import type { Finding, RuleArea, RuleContext, RuleId, Severity } from "../../../provider/rules/types";
import { healthyModernizedContext } from "./modernizedFixtures";
import type { MutableContext } from "./mutableContext";

export type { Mutable, MutableContext } from "./mutableContext";

/** The failover virtual network. */
export const FAILOVER_VNET =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-failover";

const GB = 1e9;

/** A VMware site in which the machines are reprotected and ready to fail back; every rule holds. */
export function healthyContext(): MutableContext {
  const item = (name: string, ip: string) => ({
    name,
    flavor: "vmware" as const,
    instanceType: "InMage",
    osType: "windows" as const,
    osVersion: "Windows Server 2016 Datacenter",
    protectionState: "Protected",
    activeLocation: "Recovery" as const,
    replicationHealth: "Normal" as const,
    allowedOperations: ["UnplannedFailover"],
    failbackStage: "reprotected" as const,
    recoveryPoints: [
      { type: "crashConsistent" as const, time: new Date("2024-05-01T10:00:00Z") },
      { type: "applicationConsistent" as const, time: new Date("2024-05-01T09:00:00Z") },
    ],
    replicationGroup: "rg-web",
    protectionGroupName: "PG1",
    recoveryPlanNames: ["rp-web"],
    masterTargetName: "mt-win-01",
    processServerName: "ps-01",
    migrationCompleted: false,
    azureVmExists: true,
    azureVmInOriginalResourceGroup: true,
    azureVmRunning: true,
    azureVirtualNetworkId: FAILOVER_VNET,
    azureIpAddress: ip,
    daysInAzure: 3,
    onPremisesVmExists: true,
    onPremisesVmRunning: false,
    onPremisesHadStaticIp: false,
    datastoreName: "ds-vmfs-01",
    esxHostName: "esx-01",
    vCenterName: "vc-01" as string | null,
    snapshotCount: 0,
    inConfigurationServerDatabase: true,
    disks: [
      {
        name: "disk0",
        type: "vmfs" as const,
        sizeInBytes: 128 * GB,
        changedBytes: 2 * GB,
        attachedToOnPremisesVm: true,
      },
    ],
  });
  return {
    inputs: {
      flavor: "vmware",
      processServer: {
        name: "ps-01",
        location: "azure",
        virtualNetworkId: FAILOVER_VNET,
        subnetName: "snet-failback",
        staticIpAddress: "10.1.2.10",
        secretInputs: [
          { propertyPath: "processServer.administratorPassword", present: true, isSecret: true },
          { propertyPath: "processServer.configurationServerPassphrase", present: true, isSecret: true },
        ],
      },
      masterTarget: { name: "mt-win-01", expectedOsType: "windows" },
      reprotection: {
        masterTargetName: "mt-win-01",
        processServerName: "ps-01",
        retentionDrive: "E:",
        datastoreName: "ds-vmfs-01",
        recoveryLocation: "original",
        runAsAccountName: "vcenter-discovery",
        multiVmConsistency: true,
      },
      failbackPlan: {
        name: "fb-web",
        items: ["vm-web-1", "vm-web-2"],
        recoveryPointType: "latest",
        targetStage: "reprotected",
        usesReplicationGroup: true,
      },
    },
    site: {
      connectivity: {
        vpnConnections: [{ name: "s2s-onprem", virtualNetworkId: FAILOVER_VNET, status: "Connected" }],
        expressRouteCircuits: [],
      },
      azureNetwork: {
        subnets: [{ name: "snet-failback", addressPrefix: "10.1.2.0/24" }],
        usedIpAddresses: ["10.1.2.4", "10.1.2.5"],
      },
      reachability: [
        { destination: "cs-01", port: 443, reachable: true },
        { destination: "cs-01", port: 9443, reachable: true },
      ],
      processServers: [{ name: "ps-01", ipAddress: "10.1.2.10", heartbeatAgeInMinutes: 2, health: "Normal" }],
      processServerDeploymentAgeInMinutes: 120,
      masterTargets: [
        {
          name: "mt-win-01",
          osType: "windows",
          heartbeatAgeInMinutes: 3,
          diskCount: 10,
          scsiController: "lsiLogic",
          excludedFromStorageVmotion: true,
          snapshotCount: 0,
          retentionVolumes: [
            { name: "E:", fileSystem: "NTFS", isCache: false, isLocked: false, freeSpaceInBytes: 500 * GB },
          ],
          datastores: [{ name: "ds-vmfs-01", type: "VMFS", hostNames: ["esx-01"] }],
          esxHostName: "esx-01",
          discovered: true,
          isOnConfigurationServer: false,
          vCenterName: "vc-01",
        },
        {
          name: "mt-lnx-01",
          osType: "linux",
          heartbeatAgeInMinutes: 4,
          diskCount: 8,
          scsiController: "lsiLogic",
          excludedFromStorageVmotion: true,
          snapshotCount: 0,
          diskEnableUuid: true,
          missingPackages: [],
          supportedFileSystems: ["ext4", "xfs"],
          retentionVolumes: [
            {
              name: "/mnt/retention",
              fileSystem: "ext4",
              isCache: false,
              isLocked: false,
              freeSpaceInBytes: 500 * GB,
            },
          ],
          datastores: [{ name: "ds-vmfs-01", type: "VMFS", hostNames: ["esx-01"] }],
          esxHostName: "esx-01",
          discovered: true,
          isOnConfigurationServer: false,
          vCenterName: "vc-01",
        },
      ],
      vCenters: [{ name: "vc-01", connected: true, accountReadOnly: false, isOriginal: true }],
      esxHosts: [
        {
          name: "esx-01",
          discovered: true,
          edition: "ESXi 6.7 Enterprise Plus",
          isFreeEdition: false,
          vCenterName: "vc-01",
        },
      ],
      configurationServer: {
        name: "cs-01",
        present: true,
        ipAddress: "10.0.0.5",
        originalIpAddress: "10.0.0.5",
        isOriginal: true,
      },
      hyperVHosts: [],
      protectedItems: [item("vm-web-1", "10.1.2.4"), item("vm-web-2", "10.1.2.5")],
      jobs: [],
      checksumRateInGigabytesPerMinute: 3,
    },
  };
}

/** A Hyper-V site whose VM failed over, was committed, and is ready to fail back; every rule holds. */
export function healthyHyperVContext(): MutableContext {
  return {
    inputs: {
      flavor: "hyperv",
      reprotection: {
        recoveryLocation: "original",
        hyperV: {
          dataSyncOption: "syncBeforeFailover",
          createVmIfNotFound: true,
          virtualSwitchName: "vswitch-prod",
          encryptionEnabled: false,
          hasEncryptionCertificate: false,
        },
      },
      failbackPlan: {
        name: "fb-hv",
        items: ["vm-hv-1"],
        recoveryPointType: "latest",
        targetStage: "committed",
        failoverType: "planned",
      },
    },
    site: {
      connectivity: {
        vpnConnections: [{ name: "s2s-onprem", virtualNetworkId: FAILOVER_VNET, status: "Connected" }],
        expressRouteCircuits: [],
      },
      hyperVHosts: [
        {
          name: "hv-01",
          connected: true,
          osVersion: "Windows Server 2016 Datacenter",
          hasHyperVRole: true,
          virtualSwitchNames: ["vswitch-prod"],
        },
        {
          name: "hv-02",
          connected: true,
          osVersion: "Windows Server 2012 R2 Datacenter",
          hasHyperVRole: true,
          virtualSwitchNames: ["vswitch-prod"],
        },
      ],
      protectedItems: [
        {
          name: "vm-hv-1",
          flavor: "hyperv",
          instanceType: "HyperVReplicaAzure",
          osType: "windows",
          osVersion: "Windows Server 2019",
          protectionState: "Protected",
          activeLocation: "Recovery",
          replicationHealth: "Normal",
          failbackStage: "failedOverToAzure",
          recoveryPoints: [{ type: "crashConsistent", time: new Date("2024-05-01T10:00:00Z") }],
          migrationCompleted: false,
          azureVmExists: true,
          azureVmInOriginalResourceGroup: true,
          azureVmRunning: true,
          azureVirtualNetworkId: FAILOVER_VNET,
          daysInAzure: 5,
          onPremisesVmExists: true,
          failoverToAzureCommitted: true,
          usesManagedDisks: false,
          originalVirtualSwitchName: "vswitch-prod",
          hyperVHostName: "hv-01",
          disks: [{ name: "disk0", type: "vhd", sizeInBytes: 100 * GB, changedBytes: 5 * GB }],
        },
      ],
      jobs: [{ name: "job-1", itemName: "vm-hv-1", state: "InProgress", dataSyncInProgress: false }],
    },
  };
}

/** Which healthy builder a case starts from. */
export type Base = "vmware" | "hyperv" | "modernized";

/** A case that breaks a rule and the finding it must produce. */
export interface BreakingCase {
  readonly id: RuleId;
  /** Completes "refuses/reports … when …". */
  readonly when: string;
  readonly base?: Base;
  readonly mutate: (context: MutableContext) => void;
  /** Exact `object` of the expected finding. */
  readonly object: string;
  /** Text the fix must contain. */
  readonly fix: string;
  /** Expected severity; the rule's severity when absent. */
  readonly severity?: Severity;
  /** Expected `propertyPath`, when the finding is about an input property. */
  readonly propertyPath?: string;
}

/** A case in which a rule must stay silent. */
export interface HealthyCase {
  readonly id: RuleId;
  readonly when: string;
  readonly base?: Base;
  readonly mutate?: (context: MutableContext) => void;
}

/** The cases of one catalogue area. */
export interface AreaCases {
  readonly area: RuleArea;
  readonly breaking: readonly BreakingCase[];
  readonly healthy: readonly HealthyCase[];
}

/** Builds a healthy context of a base and applies a case's edits. */
export function contextFor(base: Base | undefined, mutate?: (context: MutableContext) => void): RuleContext {
  const context =
    base === "hyperv"
      ? healthyHyperVContext()
      : base === "modernized"
        ? healthyModernizedContext()
        : healthyContext();
  mutate?.(context);
  return context as RuleContext;
}

/** The findings of one rule only. */
export function findingsOf(id: RuleId, context: RuleContext): Finding[] {
  return runRules(context, { ids: [id] }).filter((entry) => entry.ruleId === id);
}

/** Registers the table-driven tests of one area. */
export function describeArea(title: string, cases: AreaCases): void {
  describe(title, () => {
    for (const testCase of cases.breaking) {
      it(`${testCase.id} reports ${testCase.object} when ${testCase.when}`, () => {
        const rule = getRule(testCase.id);
        assert.ok(rule, `rule ${testCase.id} is missing from the catalogue`);
        assert.equal(rule.area, cases.area);
        // The unbroken base must be silent, so the finding comes from the case's edit.
        assert.deepEqual(findingsOf(testCase.id, contextFor(testCase.base)), []);
        const findings = findingsOf(testCase.id, contextFor(testCase.base, testCase.mutate));
        const match = findings.find((entry) => entry.object === testCase.object);
        assert.ok(
          match,
          `expected a ${testCase.id} finding about "${testCase.object}", got: ${JSON.stringify(findings.map((f) => f.message))}`,
        );
        assert.equal(match.severity, testCase.severity ?? rule.severity);
        assert.ok(match.fix.includes(testCase.fix), `fix "${match.fix}" lacks "${testCase.fix}"`);
        assert.equal(match.message, `${testCase.id}: ${match.object} ${match.cause}; ${match.fix}`);
        assert.match(match.message, /^[A-Z]+-\d{2}: [a-z0-9]/);
        if (testCase.propertyPath !== undefined) assert.equal(match.propertyPath, testCase.propertyPath);
      });
    }
    for (const testCase of cases.healthy) {
      it(`${testCase.id} stays silent when ${testCase.when}`, () => {
        assert.deepEqual(
          findingsOf(testCase.id, contextFor(testCase.base, testCase.mutate)).map((entry) => entry.message),
          [],
        );
      });
    }
  });
}
