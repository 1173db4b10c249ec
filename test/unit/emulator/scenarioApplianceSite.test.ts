import assert from "node:assert/strict";
import { bundledScenarioPath } from "../../../emulator/index";
import { loadScenarioFile, ScenarioError, validateScenario } from "../../../emulator/model/loadScenario";
import type { Scenario } from "../../../emulator/model/scenario";
import { createWorld } from "../../../emulator/model/world";

const healthy = loadScenarioFile(bundledScenarioPath("modernized-healthy"));

function issuesOf(edit: (scenario: Scenario) => void): string[] {
  const scenario = structuredClone(healthy);
  edit(scenario);
  try {
    validateScenario(scenario);
    return [];
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    return [...error.issues];
  }
}

const reprotect = {
  appliance: "rcm-app-01",
  datastore: "ds-gold",
  policy: "appconsistency-policy-failback",
  logStorageAccount: "stfailbackcache01",
};

describe("scenario applianceSite", () => {
  it("loads both bundled modernized scenarios", () => {
    assert.equal(loadScenarioFile(bundledScenarioPath("modernized-healthy")).protectedItems.length, 3);
    assert.equal(loadScenarioFile(bundledScenarioPath("modernized-broken")).protectedItems.length, 14);
  });

  // [what, edit, expected issue]
  const invalid: [string, (scenario: Scenario) => void, string][] = [
    [
      "a modernized item without an appliance site",
      (scenario) => {
        delete scenario.applianceSite;
      },
      "protectedItems[0].replicationPath: modernized items need an applianceSite",
    ],
    [
      "an appliance of an unknown vCenter",
      (scenario) => {
        scenario.applianceSite!.appliances[0]!.vCenter = "vcenter09";
      },
      'applianceSite.appliances[0].vCenter: unknown vCenter "vcenter09"',
    ],
    [
      "an appliance reaching an unknown datastore",
      (scenario) => {
        scenario.applianceSite!.appliances[0]!.accessibleDatastores = ["ds-none"];
      },
      'applianceSite.appliances[0].accessibleDatastores[0]: unknown datastore "ds-none"',
    ],
    [
      "a mapping of a classic policy",
      (scenario) => {
        scenario.policies.push({ ...scenario.policies[0]!, name: "classic", instanceType: "InMageAzureV2" });
        scenario.applianceSite!.mappings = [{ name: "classic-pairing", policy: "classic", health: "Normal" }];
      },
      'applianceSite.mappings[0].policy: policy "classic" is InMageAzureV2; the appliance site maps InMageRcm and InMageRcmFailback policies',
    ],
    [
      "a modernized item under a failback policy",
      (scenario) => {
        scenario.protectedItems[0]!.policy = "appconsistency-policy-failback";
      },
      'protectedItems[0].policy: policy "appconsistency-policy-failback" is InMageRcmFailback, not InMageRcm',
    ],
    [
      "an item replicating back without its reprotect",
      (scenario) => {
        scenario.protectedItems[0]!.state = "ReplicatingToOnPremises";
      },
      "protectedItems[0].applianceReprotect: a modernized item in state ReplicatingToOnPremises needs applianceReprotect",
    ],
    [
      "a reprotect under the forward policy",
      (scenario) => {
        Object.assign(scenario.protectedItems[0]!, {
          state: "ReplicatingToOnPremises",
          applianceReprotect: { ...reprotect, policy: "24-hour-replication-policy" },
        });
      },
      'protectedItems[0].applianceReprotect.policy: policy "24-hour-replication-policy" is InMageRcm, not InMageRcmFailback',
    ],
    [
      "a reprotect through an unknown appliance",
      (scenario) => {
        Object.assign(scenario.protectedItems[0]!, {
          state: "ReplicatingToOnPremises",
          applianceReprotect: { ...reprotect, appliance: "rcm-app-09" },
        });
      },
      'protectedItems[0].applianceReprotect.appliance: unknown appliance "rcm-app-09"',
    ],
    [
      "a reprotect with an unknown cache storage account",
      (scenario) => {
        Object.assign(scenario.protectedItems[0]!, {
          state: "ReplicatingToOnPremises",
          applianceReprotect: { ...reprotect, logStorageAccount: "stnone" },
        });
      },
      'protectedItems[0].applianceReprotect.logStorageAccount: unknown storage account "stnone"',
    ],
    [
      "a failed planned failover of an item that did not fail back",
      (scenario) => {
        scenario.protectedItems[0]!.plannedFailoverFailed = true;
      },
      "protectedItems[0].plannedFailoverFailed: only an item in state FailedBackToOnPremises can have a failed planned failover",
    ],
    [
      "a classic item's appliance reprotect",
      (scenario) => {
        Object.assign(scenario.protectedItems[0]!, {
          replicationPath: "classic",
          applianceReprotect: reprotect,
        });
      },
      "protectedItems[0].applianceReprotect: only modernized items have applianceReprotect",
    ],
    [
      "a duplicate appliance",
      (scenario) => {
        scenario.applianceSite!.appliances.push({ ...scenario.applianceSite!.appliances[0]! });
      },
      'applianceSite.appliances[1].name: duplicate name "rcm-app-01"',
    ],
  ];
  for (const [what, edit, issue] of invalid) {
    it(`refuses ${what}`, () => {
      assert.ok(issuesOf(edit).includes(issue), JSON.stringify(issuesOf(edit)));
    });
  }

  it("needs no configuration server when every VMware item is modernized", () => {
    assert.deepEqual(
      issuesOf(() => {}),
      [],
    );
  });

  it("still needs a configuration server for a classic VMware item", () => {
    const issues = issuesOf((scenario) => {
      scenario.protectedItems[0]!.replicationPath = "classic";
    });
    assert.ok(
      issues.includes("configurationServer: VMware VMs and physical servers need a configuration server"),
    );
  });

  it("maps every InMageRcm and InMageRcmFailback policy when the site declares no mappings", () => {
    const scenario = structuredClone(healthy);
    delete scenario.applianceSite!.mappings;
    const world = createWorld(validateScenario(scenario));
    assert.deepEqual(
      Object.values(world.mappings).map((mapping) => [
        mapping.name,
        mapping.targetProtectionContainerId === "Microsoft Azure",
      ]),
      [
        ["24-hour-replication-policy-containerpairing", true],
        ["appconsistency-policy-failback-containerpairing", false],
        ["crashconsistency-policy-failback-containerpairing", false],
      ],
    );
  });

  it("starts an item replicating back under its failback policy, remembering the forward one", () => {
    const scenario = structuredClone(healthy);
    Object.assign(scenario.protectedItems[0]!, {
      state: "ReplicatingToOnPremises",
      applianceReprotect: reprotect,
      initialReplicationMinutesLeft: 30,
    });
    const world = createWorld(validateScenario(scenario));
    const item = world.items["vm-app-1"]!;
    const startMs = Date.parse(scenario.startTime);
    assert.equal(item.policyName, "appconsistency-policy-failback");
    assert.equal(item.forwardPolicyName, "24-hour-replication-policy");
    assert.equal(item.applianceReprotect?.reprotectAgentId, "7d30ec24-f20e-4c17-8dfd-d7ccb444b072");
    assert.match(item.applianceReprotect!.logStorageAccountId, /\/storageAccounts\/stfailbackcache01$/);
    assert.equal(item.syncCompleteAtMs, startMs + 30 * 60_000);
    assert.equal(item.syncStartedAtMs, startMs - 30 * 60_000);
  });
});
