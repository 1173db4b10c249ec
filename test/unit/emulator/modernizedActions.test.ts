/**
 * Modernized (replication appliance) actions through the world store with an injected clock: the
 * whole failback on simulated time, every refusal with Site Recovery's code, and the facts of the
 * site that fail a job.
 */
import assert from "node:assert/strict";
import { ApplianceErrorCodes, AsrErrorCodes } from "asr-contract";
import { SimulatedClock } from "../../../emulator/clock";
import { bundledScenarioPath } from "../../../emulator/index";
import type { ItemAction } from "../../../emulator/model/actions";
import { applianceViews } from "../../../emulator/model/appliances";
import { checksumMs, totalDiskGb, transferMs } from "../../../emulator/model/durations";
import { describeItem } from "../../../emulator/model/itemStateMachine";
import { loadScenarioFile, validateScenario } from "../../../emulator/model/loadScenario";
import { recoveryPointsOf } from "../../../emulator/model/recoveryPoints";
import type { ItemPhase, Scenario } from "../../../emulator/model/scenario";
import { createWorld } from "../../../emulator/model/world";
import { WorldStore } from "../../../emulator/store/worldStore";

const MINUTE = 60;
const HOUR = 3600;
const APP1 = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";
const APP2 = "5a1b2c3d-0000-4000-8000-000000000002";

const healthy = loadScenarioFile(bundledScenarioPath("modernized-healthy"));
const VAULT = `/Subscriptions/${healthy.subscriptionId}/resourceGroups/${healthy.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${healthy.vault.name}`;
const STORAGE_ID = `/subscriptions/${healthy.subscriptionId}/resourceGroups/${healthy.resourceGroup}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`;
const FAILBACK_POLICY_ID = `${VAULT}/replicationPolicies/appconsistency-policy-failback`;
const FORWARD_POLICY_ID = `${VAULT}/replicationPolicies/24-hour-replication-policy`;
const RUN_AS_ID = `/subscriptions/${healthy.subscriptionId}/resourceGroups/${healthy.resourceGroup}/providers/Microsoft.OffAzure/VMwareSites/contoso-vmwaresite/runasaccounts/adb223ca-04bc-5b04-856e-536276ec8961`;

type Edit = (scenario: Scenario) => void;

/** A store over the healthy modernized scenario after `edit`, with its clock at the start. */
function storeWith(edit: Edit = () => {}): WorldStore {
  const scenario = structuredClone(healthy);
  edit(scenario);
  const validated = validateScenario(scenario);
  return new WorldStore(createWorld(validated), new SimulatedClock(Date.parse(validated.startTime)));
}

/** A second appliance, `rcm-app-02`, with the given differences. */
function addAppliance(fields: Record<string, unknown> = {}): Edit {
  return (scenario) => {
    scenario.applianceSite!.appliances.push(
      validateScenario({
        ...healthy,
        applianceSite: {
          ...healthy.applianceSite!,
          appliances: [
            {
              name: "rcm-app-02",
              id: APP2,
              ipAddress: "192.168.20.41",
              vCenter: "vcenter01",
              accessibleDatastores: ["ds-gold"],
              ...fields,
            },
          ],
        },
      }).applianceSite!.appliances[0]!,
    );
  };
}

function item(name: string, fields: Partial<Scenario["protectedItems"][number]>): Edit {
  return (scenario) => {
    Object.assign(scenario.protectedItems.find((candidate) => candidate.name === name)!, fields);
  };
}

const replicatingBack = (name: string, fields: Partial<Scenario["protectedItems"][number]> = {}) =>
  item(name, {
    state: "ReplicatingToOnPremises",
    applianceReprotect: {
      appliance: "rcm-app-01",
      datastore: "ds-gold",
      policy: "appconsistency-policy-failback",
      logStorageAccount: "stfailbackcache01",
    },
    ...fields,
  });

const failedBack = (name: string, fields: Partial<Scenario["protectedItems"][number]> = {}) =>
  replicatingBack(name, { state: "FailedBackToOnPremises", ...fields });

function reprotectToSite(
  details: Record<string, unknown> = {},
  direction: string | undefined = "RecoveryToPrimary",
) {
  return {
    ...(direction ? { failoverDirection: direction } : {}),
    providerSpecificDetails: {
      instanceType: "InMageRcm",
      reprotectAgentId: APP1,
      datastoreName: "ds-gold",
      logStorageAccountId: STORAGE_ID,
      policyId: FAILBACK_POLICY_ID,
      ...details,
    },
  };
}

function plannedFailover(details: Record<string, unknown> = {}, direction?: string) {
  return {
    ...(direction ? { failoverDirection: direction } : {}),
    providerSpecificDetails: {
      instanceType: "InMageRcmFailback",
      recoveryPointType: "CrashConsistent",
      ...details,
    },
  };
}

function reprotectToAzure(
  details: Record<string, unknown> = {},
  direction: string | undefined = "PrimaryToRecovery",
) {
  return {
    ...(direction ? { failoverDirection: direction } : {}),
    providerSpecificDetails: {
      instanceType: "InMageRcmFailback",
      processServerId: APP1,
      runAsAccountId: RUN_AS_ID,
      policyId: FORWARD_POLICY_ID,
      ...details,
    },
  };
}

function viewOf(store: WorldStore, name: string) {
  const current = store.state.items[name]!;
  const job = current.activeJobName ? store.state.jobs[current.activeJobName] : undefined;
  return describeItem(current, job, store.nowMs());
}

/** Starts an action and moves the clock to the end of its job; returns the job. */
function run(store: WorldStore, name: string, action: ItemAction, body: Record<string, unknown> = {}) {
  const { job } = store.startItemAction(name, action, body);
  const totalMs = job.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
  store.clock.advance(totalMs / 1000);
  return job;
}

/** Moves the clock past the end of the item's initial replication and one point interval more. */
function finishSync(store: WorldStore, name: string) {
  const completeAtMs = store.state.items[name]!.syncCompleteAtMs!;
  store.clock.advance(Math.max(0, (completeAtMs - store.nowMs()) / 1000) + 10 * MINUTE);
}

describe("modernized actions with an injected clock", () => {
  it("runs reprotect, planned failover, commit and reprotect to Azure on simulated time", () => {
    const store = storeWith();
    const { job } = store.startItemAction("vm-app-1", "reProtect", reprotectToSite());
    assert.equal(job.scenarioName, "SwitchReplicationGroupProtection");
    assert.equal(job.friendlyName, "Reprotect");
    assert.equal(job.detailsType, "SwitchProtectionJobDetails");
    assert.deepEqual(
      job.phases.map((phase) => phase.name),
      [
        "SwitchReplicationGroupProtectionPreflightTask",
        "CommitFailoverTask",
        "DiscoverReplicaTask",
        "GetSwitchProtectionRequirementsTask",
        "ProtectReplicaTask",
      ],
    );
    store.clock.advance(7 * MINUTE);
    assert.equal(store.jobStatus(job).state, "InProgress");
    assert.equal(
      viewOf(store, "vm-app-1").instanceType,
      "InMageRcm",
      "the item changes type when the job ends",
    );
    store.clock.advance(MINUTE);
    assert.equal(store.jobStatus(job).state, "Succeeded");
    const replicating = viewOf(store, "vm-app-1");
    assert.equal(replicating.instanceType, "InMageRcmFailback");
    assert.equal(replicating.protectionState, "InitialReplicationInProgress");
    assert.equal(replicating.activeLocation, "Primary");
    assert.deepEqual(replicating.allowedOperations, ["DisableProtection"]);
    assert.equal(store.state.items["vm-app-1"]!.policyName, "appconsistency-policy-failback");

    finishSync(store, "vm-app-1");
    assert.deepEqual(viewOf(store, "vm-app-1").allowedOperations, ["PlannedFailover", "DisableProtection"]);
    const points = recoveryPointsOf(store.state.policies, store.state.items["vm-app-1"]!, store.nowMs());
    assert.ok(points.some((point) => point.type === "CrashConsistent"));

    // The recorded planned failover request carries no failoverDirection.
    const failover = run(store, "vm-app-1", "plannedFailover", plannedFailover());
    assert.equal(failover.scenarioName, "PlannedFailover");
    assert.equal(failover.detailsType, "FailoverJobDetails");
    assert.equal(store.jobStatus(failover).state, "Succeeded");
    const failedOver = viewOf(store, "vm-app-1");
    assert.equal(failedOver.protectionState, "CommitPendingStatesBegin");
    assert.equal(failedOver.activeLocation, "Recovery");
    assert.ok(failedOver.allowedOperations.includes("CancelFailover"));
    assert.equal(store.state.items["vm-app-1"]!.lastPlannedFailoverStatus, "Succeeded");
    assert.equal(store.state.items["vm-app-1"]!.azureVmRunning, false);

    const commit = run(store, "vm-app-1", "failoverCommit");
    assert.equal(commit.scenarioName, "CommitFailover");
    assert.equal(viewOf(store, "vm-app-1").protectionState, "PlannedFailoverCommitted");
    assert.equal(store.state.items["vm-app-1"]!.azureVmExists, false, "commit removes the Azure VM");

    const back = run(store, "vm-app-1", "reProtect", reprotectToAzure());
    assert.equal(back.scenarioName, "SwitchReplicationGroupProtection");
    const protectedAgain = viewOf(store, "vm-app-1");
    assert.equal(protectedAgain.instanceType, "InMageRcm");
    assert.equal(protectedAgain.activeLocation, "Primary");
    assert.equal(protectedAgain.protectionState, "InitialReplicationInProgress");
    assert.equal(store.state.items["vm-app-1"]!.policyName, "24-hour-replication-policy");
    finishSync(store, "vm-app-1");
    assert.deepEqual(viewOf(store, "vm-app-1").allowedOperations, [
      "UnplannedFailover",
      "DisableProtection",
      "TestFailover",
    ]);
  });

  it("reprotects an item whose failover to Azure awaits commit: the job commits it (MR-11)", () => {
    const store = storeWith();
    assert.equal(viewOf(store, "vm-db-1").protectionState, "UnplannedFailoverCommitPendingStatesBegin");
    const job = run(store, "vm-db-1", "reProtect", reprotectToSite({ datastoreName: "ds-silver" }));
    assert.equal(store.jobStatus(job).state, "Succeeded");
    assert.equal(viewOf(store, "vm-db-1").instanceType, "InMageRcmFailback");
  });

  it("accepts a reprotect and a planned failover without failoverDirection", () => {
    const store = storeWith(replicatingBack("vm-app-2"));
    run(store, "vm-app-1", "reProtect", reprotectToSite({}, undefined));
    assert.equal(store.state.items["vm-app-1"]!.phase, "ReplicatingToOnPremises");
    const job = run(store, "vm-app-2", "plannedFailover", plannedFailover({}, "RecoveryToPrimary"));
    assert.equal(store.jobStatus(job).state, "Succeeded");
  });

  it("picks the failback policy of the container's mapping when policyId is absent", () => {
    const store = storeWith();
    run(store, "vm-app-1", "reProtect", reprotectToSite({ policyId: undefined }));
    assert.equal(store.state.items["vm-app-1"]!.policyName, "appconsistency-policy-failback");
  });

  it("cancels a planned failover before commit: the Azure VM runs again and replication back resumes (MR-28)", () => {
    const store = storeWith(replicatingBack("vm-app-2"));
    run(store, "vm-app-2", "plannedFailover", plannedFailover());
    const cancel = run(store, "vm-app-2", "failoverCancel");
    assert.equal(cancel.scenarioName, "CancelFailover");
    assert.equal(cancel.friendlyName, "Cancel failover and resume replication");
    assert.equal(cancel.phases.at(-1)!.name, "StartVmOnPrimary");
    const view = viewOf(store, "vm-app-2");
    assert.equal(view.protectionState, "Protected");
    assert.equal(view.activeLocation, "Primary");
    assert.deepEqual(view.allowedOperations, ["PlannedFailover", "DisableProtection"]);
    assert.equal(store.state.items["vm-app-2"]!.azureVmRunning, true);
    assert.equal(store.state.items["vm-app-2"]!.lastPlannedFailoverStatus, "Succeeded");
  });

  it("cancels a planned failover that failed and was not rolled back (MR-28)", () => {
    const store = storeWith(failedBack("vm-app-2", { plannedFailoverFailed: true }));
    assert.equal(viewOf(store, "vm-app-2").protectionState, "PlannedFailoverFailed");
    assert.equal(store.state.items["vm-app-2"]!.lastPlannedFailoverStatus, "Failed");
    run(store, "vm-app-2", "failoverCancel");
    assert.equal(store.state.items["vm-app-2"]!.phase, "ReplicatingToOnPremises");
  });

  it("reprotects to Azure straight after the planned failover, before commit (MR-32)", () => {
    const store = storeWith(failedBack("vm-app-2"));
    const job = run(
      store,
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ runAsAccountId: undefined }, undefined),
    );
    assert.equal(store.jobStatus(job).state, "Succeeded");
    assert.equal(viewOf(store, "vm-app-2").instanceType, "InMageRcm");
    assert.equal(store.state.items["vm-app-2"]!.azureVmExists, false);
  });

  it("fails a protected item over to Azure again with InMageRcmUnplannedFailoverInput", () => {
    const store = storeWith(item("vm-app-2", { state: "Protected" }));
    const job = run(store, "vm-app-2", "unplannedFailover", {
      failoverDirection: "PrimaryToRecovery",
      providerSpecificDetails: { instanceType: "InMageRcm", performShutdown: "true" },
    });
    assert.equal(store.jobStatus(job).state, "Succeeded");
    assert.equal(viewOf(store, "vm-app-2").protectionState, "UnplannedFailoverCommitPendingStatesBegin");
  });

  it("copies every block back when the on-premises VM is gone, and only the changes otherwise (MR-16)", () => {
    const store = storeWith(item("vm-app-2", { onPremisesVmExists: false }));
    run(store, "vm-app-1", "reProtect", reprotectToSite());
    run(store, "vm-app-2", "reProtect", reprotectToSite());
    const scenario = store.state.scenario;
    const span = (name: string) =>
      store.state.items[name]!.syncCompleteAtMs! - store.state.items[name]!.syncStartedAtMs!;
    const source = (name: string) => scenario.protectedItems.find((candidate) => candidate.name === name)!;
    assert.equal(store.state.items["vm-app-2"]!.applianceReprotect?.alternateLocation, true);
    assert.equal(span("vm-app-2"), transferMs(scenario, totalDiskGb(source("vm-app-2"))));
    assert.equal(store.state.items["vm-app-1"]!.applianceReprotect?.alternateLocation, false);
    assert.ok(span("vm-app-1") >= checksumMs(scenario, totalDiskGb(source("vm-app-1"))));
  });
});

describe("modernized refusals", () => {
  // [rule, item edit, item, action, body, expected code, message]
  const refusals: [string, Edit, string, ItemAction, Record<string, unknown>, string, RegExp][] = [
    [
      "MR-11",
      item("vm-app-2", { state: "Protected" }),
      "vm-app-2",
      "reProtect",
      reprotectToSite(),
      "OperationNotAllowed",
      /'SwitchProtection' is not allowed on 'vm-app-2' in state 'Protected'/,
    ],
    [
      "MR-12",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ reprotectAgentId: undefined }),
      "InvalidParameter",
      /reprotectAgentId is required/,
    ],
    [
      "MR-12",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ datastoreName: undefined }),
      "InvalidParameter",
      /datastoreName is required/,
    ],
    [
      "MR-12",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ logStorageAccountId: undefined }),
      "InvalidParameter",
      /logStorageAccountId is required/,
    ],
    [
      "MR-03",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ reprotectAgentId: APP2 }),
      "InvalidParameter",
      /reprotect agent '5a1b2c3d-0000-4000-8000-000000000002' is not registered in fabric 'vault-modern-vmwarefabric'/,
    ],
    [
      "MR-04",
      addAppliance(),
      "vm-app-1",
      "reProtect",
      reprotectToSite({ reprotectAgentId: APP2, datastoreName: "ds-silver" }),
      "InvalidParameter",
      /datastore 'ds-silver' is not accessible to the reprotect agent of appliance 'rcm-app-02' \(accessible: ds-gold\)/,
    ],
    [
      "MR-13",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ logStorageAccountId: "stfailbackcache01" }),
      "InvalidParameter",
      /logStorageAccountId 'stfailbackcache01' is not the ID of a Microsoft.Storage\/storageAccounts account/,
    ],
    [
      "MR-13",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ logStorageAccountId: STORAGE_ID.replace("stfailbackcache01", "stmissing") }),
      "InvalidParameter",
      /storage account 'stmissing' does not exist/,
    ],
    [
      "MR-09",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ policyId: FORWARD_POLICY_ID }),
      "InvalidParameter",
      /policy '24-hour-replication-policy' is InMageRcm, not an InMageRcmFailback policy/,
    ],
    [
      "MR-09",
      (scenario) => {
        scenario.applianceSite!.mappings = [
          { name: "forward", policy: "24-hour-replication-policy", health: "Normal" },
        ];
      },
      "vm-app-1",
      "reProtect",
      reprotectToSite({ policyId: undefined }),
      "InvalidParameter",
      /no InMageRcmFailback policy is mapped/,
    ],
    [
      "instanceType",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({ instanceType: "InMage" }),
      "InvalidParameter",
      /instanceType must be 'InMageRcm' for this item, got 'InMage'/,
    ],
    [
      "direction",
      () => {},
      "vm-app-1",
      "reProtect",
      reprotectToSite({}, "PrimaryToRecovery"),
      "InvalidParameter",
      /failoverDirection must be 'RecoveryToPrimary'/,
    ],
    [
      "MR-22",
      () => {},
      "vm-app-1",
      "plannedFailover",
      plannedFailover(),
      "OperationNotAllowed",
      /'PlannedFailover' is not allowed on 'vm-app-1' in state 'UnplannedFailoverCommitted'/,
    ],
    [
      "MR-23",
      replicatingBack("vm-app-2", { initialReplicationMinutesLeft: 120 }),
      "vm-app-2",
      "plannedFailover",
      plannedFailover(),
      "OperationNotAllowed",
      /in state 'InitialReplicationInProgress'/,
    ],
    [
      "MR-25",
      replicatingBack("vm-app-2"),
      "vm-app-2",
      "plannedFailover",
      plannedFailover({ recoveryPointType: "Latest" }),
      "InvalidParameter",
      /recoveryPointType must be ApplicationConsistent or CrashConsistent, got 'Latest'/,
    ],
    [
      "MR-25",
      replicatingBack("vm-app-2"),
      "vm-app-2",
      "plannedFailover",
      plannedFailover({ recoveryPointType: undefined }),
      "InvalidParameter",
      /recoveryPointType is required/,
    ],
    [
      "direction",
      replicatingBack("vm-app-2"),
      "vm-app-2",
      "plannedFailover",
      plannedFailover({}, "PrimaryToRecovery"),
      "InvalidParameter",
      /failoverDirection must be 'RecoveryToPrimary'/,
    ],
    [
      "MR-28",
      failedBack("vm-app-2", { plannedFailoverFailed: true }),
      "vm-app-2",
      "failoverCommit",
      {},
      "OperationNotAllowed",
      /'Commit' is not allowed on 'vm-app-2' in state 'PlannedFailoverFailed'/,
    ],
    [
      "MR-28",
      item("vm-app-2", { state: "FailoverCommittedInAzure" }),
      "vm-app-2",
      "failoverCancel",
      {},
      "OperationNotAllowed",
      /'CancelFailover' is not allowed/,
    ],
    [
      "MR-30",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ processServerId: APP2 }),
      AsrErrorCodes.processServerNotRegistered,
      /process server '5a1b2c3d-0000-4000-8000-000000000002' is not registered in fabric/,
    ],
    [
      "MR-30",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ policyId: undefined }),
      "InvalidParameter",
      /policyId is required/,
    ],
    [
      "MR-30",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ runAsAccountId: "vcenter-admin" }),
      "InvalidParameter",
      /runAsAccountId 'vcenter-admin' is not the ID of a Microsoft.OffAzure/,
    ],
    [
      "MR-30",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ runAsAccountId: RUN_AS_ID.replace(/runasaccounts\/.*/, "runasaccounts/unknown") }),
      "InvalidParameter",
      /run-as account 'unknown' is not known to VMware site 'contoso-vmwaresite'/,
    ],
    [
      "MR-10",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ policyId: FAILBACK_POLICY_ID }),
      "InvalidParameter",
      /policy 'appconsistency-policy-failback' is InMageRcmFailback, not an InMageRcm policy/,
    ],
    [
      "MR-32",
      replicatingBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure(),
      "OperationNotAllowed",
      /'SwitchProtection' is not allowed on 'vm-app-2' in state 'Protected'/,
    ],
    [
      "direction",
      failedBack("vm-app-2"),
      "vm-app-2",
      "reProtect",
      reprotectToAzure({}, "RecoveryToPrimary"),
      "InvalidParameter",
      /failoverDirection must be 'PrimaryToRecovery'/,
    ],
    [
      "performShutdown",
      item("vm-app-2", { state: "Protected" }),
      "vm-app-2",
      "unplannedFailover",
      { providerSpecificDetails: { instanceType: "InMageRcm" } },
      "InvalidParameter",
      /performShutdown is required/,
    ],
  ];
  for (const [rule, edit, name, action, body, code, message] of refusals) {
    it(`refuses ${action} of ${name} with ${code} (${rule}): ${message.source}`, () => {
      const store = storeWith(edit);
      assert.throws(
        () => store.startItemAction(name, action, body),
        (error: { code?: string; message: string }) => {
          assert.equal(error.code, code);
          assert.match(error.message, message);
          return true;
        },
      );
      assert.equal(Object.keys(store.state.jobs).length, 0, "a refusal starts no job");
    });
  }

  it("refuses a recovery plan reprotect of modernized items (MR-21)", () => {
    const store = storeWith();
    assert.throws(() => store.startPlanAction("rp-app", "reProtect", { providerSpecificDetails: [] }), {
      statusCode: 400,
      code: AsrErrorCodes.recoveryPlanReprotectNotSupported,
    });
  });

  // Every idle phase refuses each action whose operation its allowedOperations lack.
  const phases: [ItemPhase, Edit][] = [
    ["Protected", item("vm-app-2", { state: "Protected" })],
    ["FailedOverToAzure", item("vm-app-2", { state: "FailedOverToAzure" })],
    ["FailoverCommittedInAzure", () => {}],
    ["ReplicatingToOnPremises", replicatingBack("vm-app-2")],
    ["FailedBackToOnPremises", failedBack("vm-app-2")],
    ["FailbackCommittedOnPremises", replicatingBack("vm-app-2", { state: "FailbackCommittedOnPremises" })],
  ];
  const needs: Record<ItemAction, string> = {
    reProtect: "SwitchProtection",
    unplannedFailover: "UnplannedFailover",
    plannedFailover: "PlannedFailover",
    failoverCommit: "Commit",
    failoverCancel: "CancelFailover",
    repairReplication: "RepairReplication",
  };
  for (const [phase, edit] of phases) {
    const allowed = viewOf(storeWith(edit), "vm-app-2").allowedOperations as string[];
    for (const [action, operation] of Object.entries(needs)) {
      if (allowed.includes(operation)) continue;
      it(`refuses ${action} with OperationNotAllowed when a modernized item is ${phase}`, () => {
        const store = storeWith(edit);
        assert.throws(() => store.startItemAction("vm-app-2", action as ItemAction, {}), {
          statusCode: 400,
          code: "OperationNotAllowed",
        });
      });
    }
  }

  it("refuses a second action while the reprotect job runs", () => {
    const store = storeWith();
    store.startItemAction("vm-app-1", "reProtect", reprotectToSite());
    assert.throws(() => store.startItemAction("vm-app-1", "reProtect", reprotectToSite()), {
      statusCode: 409,
    });
  });
});

describe("modernized jobs failed by the site", () => {
  // [rule, edit, item, action, body, task index, code]
  const failures: [string, Edit, string, ItemAction, Record<string, unknown>, number, string][] = [
    [
      "MR-14 agent",
      item("vm-app-1", { agentRegisteredAfterFailover: false }),
      "vm-app-1",
      "reProtect",
      reprotectToSite(),
      0,
      ApplianceErrorCodes.agentNotRegisteredAfterFailover,
    ],
    [
      "MR-14 VM stopped",
      (scenario) => {
        scenario.protectedItems[0]!.azureVm!.running = false;
      },
      "vm-app-1",
      "reProtect",
      reprotectToSite(),
      0,
      AsrErrorCodes.azureVmNotRunning,
    ],
    [
      "MR-02 unhealthy reprotect agent",
      addAppliance({ components: { reprotectAgent: { health: "Critical" } } }),
      "vm-app-1",
      "reProtect",
      reprotectToSite({ reprotectAgentId: APP2 }),
      0,
      ApplianceErrorCodes.applianceNotHealthy,
    ],
    [
      "MR-02 disconnected appliance",
      addAppliance({ connected: false, heartbeatMinutesAgo: 180 }),
      "vm-app-1",
      "reProtect",
      reprotectToSite({ reprotectAgentId: APP2 }),
      0,
      ApplianceErrorCodes.applianceNotHealthy,
    ],
    [
      "MR-05 disk limit",
      (scenario) => {
        replicatingBack("vm-app-2", {
          disks: Array.from({ length: 59 }, (_, index) => ({
            name: `disk-${index}`,
            sizeInGb: 16,
            datastore: "ds-gold",
            kind: "Vmdk" as const,
          })),
        })(scenario);
      },
      "vm-app-1",
      "reProtect",
      reprotectToSite(),
      0,
      ApplianceErrorCodes.applianceDiskLimitExceeded,
    ],
    [
      "MR-02 at planned failover",
      (scenario) => {
        replicatingBack("vm-app-2")(scenario);
        scenario.applianceSite!.appliances[0]!.components.processServer = {
          health: "Warning",
          healthErrors: [],
        };
      },
      "vm-app-2",
      "plannedFailover",
      plannedFailover(),
      0,
      ApplianceErrorCodes.applianceNotHealthy,
    ],
    [
      "MR-25 no application-consistent point",
      (scenario) => {
        replicatingBack("vm-app-2")(scenario);
        scenario.protectedItems[1]!.applianceReprotect!.policy = "crashconsistency-policy-failback";
      },
      "vm-app-2",
      "plannedFailover",
      plannedFailover({ recoveryPointType: "ApplicationConsistent" }),
      0,
      AsrErrorCodes.noRecoveryPoint,
    ],
    [
      "MR-31 datastore out of the appliance's reach",
      (scenario) => {
        addAppliance()(scenario);
        failedBack("vm-app-2")(scenario);
        scenario.protectedItems[1]!.applianceReprotect!.datastore = "ds-silver";
      },
      "vm-app-2",
      "reProtect",
      reprotectToAzure({ processServerId: APP2 }),
      2,
      AsrErrorCodes.datastoreNotReachable,
    ],
  ];
  for (const [rule, edit, name, action, body, taskIndex, code] of failures) {
    it(`fails the ${action} job of ${name} at task ${taskIndex} with ${code} (${rule})`, () => {
      const store = storeWith(edit);
      const before = store.state.items[name]!.phase;
      const job = run(store, name, action, body);
      const status = store.jobStatus(job);
      assert.equal(status.state, "Failed");
      assert.equal(status.phaseIndex, taskIndex);
      assert.equal(job.failure?.error.code, code);
      assert.equal(store.state.items[name]!.phase, before, "a failed job leaves the item where it was");
    });
  }

  it("cancels a failed planned failover automatically: the item replicates back and records the failure (MR-28)", () => {
    const store = storeWith((scenario) => {
      replicatingBack("vm-app-2")(scenario);
      scenario.applianceSite!.appliances[0]!.components.dra = { health: "Critical", healthErrors: [] };
    });
    run(store, "vm-app-2", "plannedFailover", plannedFailover());
    const current = store.state.items["vm-app-2"]!;
    assert.equal(current.phase, "ReplicatingToOnPremises");
    assert.equal(current.lastPlannedFailoverStatus, "Failed");
    assert.deepEqual(viewOf(store, "vm-app-2").allowedOperations, ["PlannedFailover", "DisableProtection"]);
  });

  it("retries the reprotect through a healthy appliance after it failed on an unhealthy one (MR-20)", () => {
    const store = storeWith(addAppliance({ connected: false }));
    const failed = run(store, "vm-app-1", "reProtect", reprotectToSite({ reprotectAgentId: APP2 }));
    assert.equal(store.jobStatus(failed).state, "Failed");
    const retried = run(store, "vm-app-1", "reProtect", reprotectToSite());
    assert.equal(store.jobStatus(retried).state, "Succeeded");
  });

  it("keeps a disconnected appliance's heartbeat where it stopped and reports every component Critical", () => {
    const store = storeWith(addAppliance({ connected: false, heartbeatMinutesAgo: 120 }));
    store.clock.advance(HOUR);
    const [healthyAppliance, stopped] = applianceViews(store.state.scenario, store.nowMs());
    const startMs = Date.parse(healthy.startTime);
    assert.ok(stopped!.components.every((component) => component.health === "Critical"));
    assert.ok(stopped!.components.every((component) => component.lastHeartbeatMs === startMs - 120 * 60_000));
    assert.ok(
      healthyAppliance!.components.every((component) => component.lastHeartbeatMs === store.nowMs() - 60_000),
    );
  });
});
