/**
 * One case per rule the topology resources own: a scenario (or inputs) that breaks the rule, run
 * through the resource's `check` against the emulator, asserting the rule ID and its fix.
 */
import assert from "node:assert/strict";
import type { ScenarioInput } from "asr-emulator";
import { masterTargetProvider } from "../../../provider/resources/masterTarget";
import { processServerProvider } from "../../../provider/resources/processServer";
import { reprotectionPolicyProvider } from "../../../provider/resources/reprotectionPolicy";
import { clientFor, onPremisesProcessServerId } from "../emulator/support";
import {
  healthyMasterTargetInputs,
  healthyPolicyInputs,
  healthyProcessServerInputs,
  healthyScenario,
  startProviderFixture,
} from "./support";

// Scenarios are edited freely here; the emulator validates the result.
type Scenario = Record<string, any>;
type Resource = "processServer" | "masterTarget" | "reprotectionPolicy";

interface RuleCase {
  readonly id: string;
  readonly resource: Resource;
  readonly breaks: string;
  readonly scenario?: (scenario: Scenario) => void;
  readonly inputs?: Record<string, unknown>;
  /** A phrase of the fix the message must carry. */
  readonly fix: string;
}

const cases: RuleCase[] = [
  {
    id: "NET-01",
    resource: "processServer",
    breaks: "no connected VPN and no ExpressRoute",
    scenario: (s) => {
      s.connectivity.vpnConnections[0].status = "NotConnected";
      s.connectivity.expressRouteCircuits = [];
    },
    fix: "create a site-to-site VPN or ExpressRoute connection",
  },
  {
    id: "NET-02",
    resource: "processServer",
    breaks: "ExpressRoute private peering disabled",
    scenario: (s) => {
      s.connectivity.vpnConnections = [];
      s.connectivity.expressRouteCircuits[0].peerings[0].state = "Disabled";
    },
    fix: "configure and enable Azure private peering",
  },
  {
    id: "NET-03",
    resource: "processServer",
    breaks: "no Microsoft peering",
    scenario: (s) => {
      s.connectivity.expressRouteCircuits[0].peerings = [{ type: "AzurePrivatePeering", state: "Enabled" }];
    },
    fix: "configure and enable Microsoft peering",
  },
  {
    id: "NET-04",
    resource: "processServer",
    breaks: "on-premises process server without ExpressRoute",
    scenario: (s) => {
      s.connectivity.expressRouteCircuits = [];
    },
    inputs: { placement: "onPremises", adoptExisting: true, processServerName: "cs01" },
    fix: "deploy the process server in Azure",
  },
  {
    id: "NET-05",
    resource: "processServer",
    breaks: "static IP outside the subnet",
    inputs: { staticIpAddress: "10.50.9.10" },
    fix: "choose a static IP address within the subnet",
  },
  {
    id: "NET-06",
    resource: "processServer",
    breaks: "data port blocked by the on-premises firewall",
    scenario: (s) => {
      s.configurationServer.reachablePorts = [443];
    },
    fix: "open TCP 9443 from the process server to the configuration server",
  },
  {
    id: "PS-01",
    resource: "processServer",
    breaks: "process server declared for Hyper-V",
    inputs: { flavor: "hyperv" },
    fix: "remove it from the Hyper-V failback",
  },
  {
    id: "MT-01",
    resource: "masterTarget",
    breaks: "Windows VMs through a Linux master target",
    inputs: { masterTargetName: "mt-lnx-01", osType: "linux" },
    fix: "fail it back through a windows master target",
  },
  {
    id: "MT-02",
    resource: "masterTarget",
    breaks: "snapshots on the master target",
    scenario: (s) => {
      s.masterTargets[0].snapshots = 2;
    },
    fix: "delete them before failback",
  },
  {
    id: "MT-03",
    resource: "masterTarget",
    breaks: "Linux master target without disk.EnableUUID",
    scenario: (s) => {
      s.masterTargets[1].diskEnableUuid = false;
    },
    inputs: { masterTargetName: "mt-lnx-01", osType: "linux", protectedItemNames: ["vm-db-1"] },
    fix: "set disk.EnableUUID = TRUE",
  },
  {
    id: "MT-05",
    resource: "masterTarget",
    breaks: "the master target's ESX host is not discovered (physical servers)",
    scenario: (s) => {
      s.esxHosts[0].discovered = false;
    },
    inputs: { flavor: "physical", protectedItemNames: ["srv-app-1"] },
    fix: "add the host (or its vCenter) to the configuration server",
  },
  {
    id: "MT-08",
    resource: "masterTarget",
    breaks: "Paravirtual SCSI controller",
    scenario: (s) => {
      s.masterTargets[0].scsiController = "Paravirtual";
    },
    fix: "change its SCSI controller to LSI Logic",
  },
  {
    id: "VC-01",
    resource: "masterTarget",
    breaks: "vCenter disconnected",
    scenario: (s) => {
      s.vCenters[0].connected = false;
    },
    fix: "restore the connection",
  },
  {
    id: "VC-02",
    resource: "masterTarget",
    breaks: "read-only vCenter account",
    scenario: (s) => {
      s.vCenters[0].accountReadOnly = true;
    },
    fix: "give the run-as account the Site Recovery discovery permissions",
  },
  {
    id: "VC-03",
    resource: "masterTarget",
    breaks: "physical server and an undiscovered master target host",
    scenario: (s) => {
      s.esxHosts[0].discovered = false;
    },
    inputs: { protectedItemNames: ["srv-app-1"] },
    fix: "add the host to the configuration server and wait for discovery before reprotect",
  },
  {
    id: "VC-04",
    resource: "masterTarget",
    breaks: "free ESXi edition",
    scenario: (s) => {
      s.esxHosts[0].edition = "ESXi55Free";
    },
    fix: "license the host",
  },
  {
    id: "CS-01",
    resource: "masterTarget",
    breaks: "a VM missing from the configuration server database",
    scenario: (s) => {
      s.configurationServer.missingMachines = ["vm-web-1"];
    },
    fix: "restore the configuration server from a backup that holds the vm",
  },
  {
    id: "LOC-01",
    resource: "reprotectionPolicy",
    breaks: "the VM's datastore is invisible to the master target's host",
    scenario: (s) => {
      s.datastores[0].hosts = ["esx02"];
    },
    inputs: { datastoreName: "vsan-01" },
    fix: "give the master target's host access to that datastore",
  },
  {
    id: "LOC-03",
    resource: "reprotectionPolicy",
    breaks: "alternate location on a vSAN datastore",
    inputs: { recoveryLocation: "alternate", datastoreName: "vsan-01" },
    fix: "choose a VMFS datastore of the master target",
  },
  {
    id: "LOC-04",
    resource: "reprotectionPolicy",
    breaks: "physical server to the original location",
    inputs: { flavor: "physical", protectedItemNames: ["srv-app-1"] },
    fix: "set recoveryLocation to alternate",
  },
  {
    id: "LOC-05",
    resource: "reprotectionPolicy",
    breaks: "Windows Server 2008 R2 physical server",
    scenario: (s) => {
      s.protectedItems.find((item: { name: string }) => item.name === "srv-app-1").osVersion =
        "Windows Server 2008 R2 SP1";
    },
    inputs: { flavor: "physical", recoveryLocation: "alternate", protectedItemNames: ["srv-app-1"] },
    fix: "remove it from the failback plan",
  },
  {
    id: "LOC-06",
    resource: "reprotectionPolicy",
    breaks: "VMware VMs back to Hyper-V",
    inputs: {
      flavor: "hyperv",
      masterTargetId: undefined,
      processServerId: undefined,
      runAsAccountName: undefined,
      retentionDrive: undefined,
      datastoreName: undefined,
    },
    fix: "fail it back to VMware through a master target",
  },
  {
    id: "MT-06",
    resource: "reprotectionPolicy",
    breaks: "a retention drive the master target does not have",
    inputs: { retentionDrive: "F:" },
    fix: "choose one of its retention volumes (E:)",
  },
  {
    id: "MT-07",
    resource: "reprotectionPolicy",
    breaks: "an NFS datastore",
    inputs: {
      masterTargetId: "9A1B2C3D-0000-4000-8000-000000000002",
      retentionDrive: "/mnt/retention",
      datastoreName: "nfs-archive",
      protectedItemNames: ["vm-db-1"],
    },
    fix: "choose a VMFS or vSAN datastore (NFS is not supported)",
  },
  {
    id: "VC-02",
    resource: "reprotectionPolicy",
    breaks: "read-only vCenter account",
    scenario: (s) => {
      s.vCenters[0].accountReadOnly = true;
    },
    fix: "give the run-as account the Site Recovery discovery permissions",
  },
  ...hyperVCases(),
];

function hyperVCases(): RuleCase[] {
  const hyperV = {
    flavor: "hyperv",
    fabricName: "hyperv-site-contoso",
    masterTargetId: undefined,
    processServerId: undefined,
    runAsAccountName: undefined,
    retentionDrive: undefined,
    datastoreName: undefined,
    protectedItemNames: ["hv-file-1"],
  };
  return [
    {
      id: "HV-03",
      resource: "reprotectionPolicy",
      breaks: "managed disks",
      scenario: (s) => {
        s.protectedItems.find((item: { name: string }) => item.name === "hv-file-1").managedDisks = true;
      },
      inputs: hyperV,
      fix: "remove it from the failback plan (only storage-account replication fails back)",
    },
    {
      id: "HV-05",
      resource: "reprotectionPolicy",
      breaks: "encryption without the certificate",
      inputs: { ...hyperV, hyperV: { encryptionEnabled: true } },
      fix: "provide the certificate issued when the provider was installed",
    },
    {
      id: "HV-06",
      resource: "reprotectionPolicy",
      breaks: "alternate location without a host name",
      inputs: { ...hyperV, recoveryLocation: "alternate", hyperV: { createVmIfNotFound: true } },
      fix: "set reprotection.hyperV.alternateHostName",
    },
  ];
}

function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

describe("topology resources refuse a broken prerequisite in check, naming the rule and the fix", () => {
  for (const entry of cases) {
    it(`${entry.id}: ${entry.resource} refuses ${entry.breaks}`, async () => {
      const scenario = healthyScenario() as unknown as Scenario;
      entry.scenario?.(scenario);
      const fixture = await startProviderFixture({ scenario: scenario as unknown as ScenarioInput });
      try {
        let result: { failures?: { property: string; reason: string }[] };
        if (entry.resource === "processServer") {
          result = await processServerProvider.check!(
            {},
            definedOnly(healthyProcessServerInputs(entry.inputs)),
          );
        } else if (entry.resource === "masterTarget") {
          result = await masterTargetProvider.check!(
            {},
            definedOnly(healthyMasterTargetInputs(entry.inputs)),
          );
        } else {
          const processServerId = await onPremisesProcessServerId(clientFor(fixture.emulator));
          result = await reprotectionPolicyProvider.check!(
            {},
            definedOnly(healthyPolicyInputs({ processServerId, ...entry.inputs })),
          );
        }
        const reasons = (result.failures ?? []).map((failure) => failure.reason);
        const matching = reasons.filter((reason) => reason.startsWith(`${entry.id}:`));
        assert.ok(matching.length > 0, `no ${entry.id} failure among:\n${reasons.join("\n") || "(none)"}`);
        assert.ok(
          matching.some((reason) => reason.includes(entry.fix)),
          `${entry.id} failures lack the fix "${entry.fix}":\n${matching.join("\n")}`,
        );
      } finally {
        await fixture.close();
      }
    });
  }

  it("accepts the healthy site for all three resources", async () => {
    const fixture = await startProviderFixture();
    try {
      const processServerId = await onPremisesProcessServerId(clientFor(fixture.emulator));
      for (const result of [
        await processServerProvider.check!({}, healthyProcessServerInputs()),
        await masterTargetProvider.check!({}, healthyMasterTargetInputs()),
        await reprotectionPolicyProvider.check!({}, healthyPolicyInputs({ processServerId })),
      ]) {
        assert.deepEqual(result.failures ?? [], []);
      }
    } finally {
      await fixture.close();
    }
  });
});
