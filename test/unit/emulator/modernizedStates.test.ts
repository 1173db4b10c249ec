import assert from "node:assert/strict";
import {
  applyFailure,
  applySuccess,
  describeItem,
  type ItemOperation,
  instanceTypeOf,
  operationNeeded,
  type TransitionContext,
} from "../../../emulator/model/itemStateMachine";
import type { ItemPhase } from "../../../emulator/model/scenario";
import type {
  ApplianceReprotectSettings,
  ItemFlavor,
  ItemState,
  JobAction,
  JobRecord,
} from "../../../emulator/model/world";

const NOW_MS = Date.parse("2026-01-01T00:00:00Z");
const MINUTE_MS = 60_000;

const SETTINGS: ApplianceReprotectSettings = {
  reprotectAgentId: "7d30ec24-f20e-4c17-8dfd-d7ccb444b072",
  datastoreName: "ds-gold",
  logStorageAccountId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa1",
  policyName: "appconsistency-policy-failback",
  alternateLocation: false,
};

function item(phase: ItemPhase, fields: Partial<ItemState> = {}, flavor: ItemFlavor = "VMware"): ItemState {
  return {
    name: "vm-1",
    flavor,
    phase,
    replicationPath: "modernized",
    policyName: "24-hour-replication-policy",
    forwardApplianceId: SETTINGS.reprotectAgentId,
    azureVmExists: true,
    azureVmRunning: phase === "ReplicatingToOnPremises" || phase.endsWith("InAzure"),
    onPremisesVmExists: true,
    onPremisesVmCorrupt: false,
    storedRecoveryPoints: [],
    ...fields,
  };
}

function runningJob(action: JobAction): JobRecord {
  return {
    name: "job-1",
    scenarioName: "SwitchReplicationGroupProtection",
    friendlyName: "Reprotect",
    targetInstanceType: "ProtectionEntity",
    targetObjectId: "vm-1",
    targetObjectName: "vm-1",
    action,
    itemNames: ["vm-1"],
    input: {},
    startMs: NOW_MS,
    phases: [{ name: "Work", friendlyName: "Work", durationMs: MINUTE_MS }],
    effects: {},
    settled: false,
  };
}

const context = (fields: Partial<TransitionContext> = {}): TransitionContext => ({
  endMs: NOW_MS,
  syncDurationMs: 0,
  ...fields,
});

describe("modernized item states", () => {
  // [phase, extra state, instanceType, protectionState, activeLocation, allowed when idle]
  const idle: [ItemPhase, Partial<ItemState>, string, string, "Primary" | "Recovery", ItemOperation[]][] = [
    [
      "Protected",
      {},
      "InMageRcm",
      "Protected",
      "Primary",
      ["UnplannedFailover", "DisableProtection", "TestFailover"],
    ],
    [
      "FailedOverToAzure",
      {},
      "InMageRcm",
      "UnplannedFailoverCommitPendingStatesBegin",
      "Recovery",
      ["CompleteMigration", "Commit", "DisableProtection", "ChangePit", "SwitchProtection"],
    ],
    [
      "FailoverCommittedInAzure",
      {},
      "InMageRcm",
      "UnplannedFailoverCommitted",
      "Recovery",
      ["CompleteMigration", "DisableProtection", "SwitchProtection"],
    ],
    [
      "ReplicatingToOnPremises",
      { applianceReprotect: SETTINGS },
      "InMageRcmFailback",
      "Protected",
      "Primary",
      ["PlannedFailover", "DisableProtection"],
    ],
    [
      "FailedBackToOnPremises",
      { applianceReprotect: SETTINGS },
      "InMageRcmFailback",
      "CommitPendingStatesBegin",
      "Recovery",
      ["CompleteMigration", "Commit", "DisableProtection", "SwitchProtection", "CancelFailover"],
    ],
    [
      "FailedBackToOnPremises",
      { applianceReprotect: SETTINGS, plannedFailoverFailed: true },
      "InMageRcmFailback",
      "PlannedFailoverFailed",
      "Recovery",
      ["CancelFailover", "DisableProtection"],
    ],
    [
      "FailbackCommittedOnPremises",
      { applianceReprotect: SETTINGS },
      "InMageRcmFailback",
      "PlannedFailoverCommitted",
      "Recovery",
      ["SwitchProtection", "DisableProtection"],
    ],
  ];
  for (const [phase, fields, instanceType, protectionState, activeLocation, allowed] of idle) {
    it(`shows ${phase} as ${instanceType} ${protectionState} at ${activeLocation}, allowing ${allowed.join(", ")}`, () => {
      const view = describeItem(item(phase, fields), undefined, NOW_MS);
      assert.equal(view.instanceType, instanceType);
      assert.equal(instanceTypeOf(item(phase, fields)), instanceType);
      assert.equal(view.protectionState, protectionState);
      assert.equal(view.activeLocation, activeLocation);
      assert.deepEqual(view.allowedOperations, allowed);
    });
  }

  for (const phase of ["Protected", "ReplicatingToOnPremises"] as const) {
    it(`allows only DisableProtection while ${phase} is in initial replication`, () => {
      const syncing = item(phase, { syncCompleteAtMs: NOW_MS + MINUTE_MS, applianceReprotect: SETTINGS });
      const view = describeItem(syncing, undefined, NOW_MS);
      assert.equal(view.protectionState, "InitialReplicationInProgress");
      assert.deepEqual(view.allowedOperations, ["DisableProtection"]);
      assert.equal(view.failoverHealth, "None");
      assert.equal(describeItem(syncing, undefined, NOW_MS + MINUTE_MS).protectionState, "Protected");
    });
  }

  it("keeps the instanceType and allows nothing while a reprotect job runs", () => {
    const view = describeItem(item("FailoverCommittedInAzure"), runningJob("reProtect"), NOW_MS);
    assert.equal(view.instanceType, "InMageRcm");
    assert.equal(view.activeLocation, "Recovery");
    assert.equal(view.protectionState, "ReprotectStatesBegin");
    assert.deepEqual(view.allowedOperations, []);
  });

  it("reports critical replication health when the agent did not register after failover (MR-14)", () => {
    assert.equal(
      describeItem(
        item("FailoverCommittedInAzure", { agentRegisteredAfterFailover: false }),
        undefined,
        NOW_MS,
      ).replicationHealth,
      "Critical",
    );
    assert.equal(
      describeItem(item("FailoverCommittedInAzure"), undefined, NOW_MS).replicationHealth,
      "Normal",
    );
  });

  it("reports the health of the replication back: Critical with the Azure VM stopped, Warning when a resync is required", () => {
    const stopped = item("ReplicatingToOnPremises", { azureVmRunning: false });
    assert.equal(describeItem(stopped, undefined, NOW_MS).replicationHealth, "Critical");
    const resync = item("ReplicatingToOnPremises", { resyncRequired: true });
    assert.equal(describeItem(resync, undefined, NOW_MS).replicationHealth, "Warning");
    assert.equal(
      describeItem(item("ReplicatingToOnPremises"), undefined, NOW_MS).replicationHealth,
      "Normal",
    );
  });

  it("needs SwitchProtection to reprotect a modernized item and ReverseReplicate for a classic one", () => {
    assert.equal(operationNeeded({ replicationPath: "modernized" }, "reProtect"), "SwitchProtection");
    assert.equal(operationNeeded({}, "reProtect"), "ReverseReplicate");
    assert.equal(operationNeeded({ replicationPath: "modernized" }, "plannedFailover"), "PlannedFailover");
  });
});

describe("modernized transitions", () => {
  // [action, from, to]
  const moves: [JobAction, ItemPhase, ItemPhase][] = [
    ["unplannedFailover", "Protected", "FailedOverToAzure"],
    ["failoverCommit", "FailedOverToAzure", "FailoverCommittedInAzure"],
    ["reProtect", "FailedOverToAzure", "ReplicatingToOnPremises"],
    ["reProtect", "FailoverCommittedInAzure", "ReplicatingToOnPremises"],
    ["plannedFailover", "ReplicatingToOnPremises", "FailedBackToOnPremises"],
    ["failoverCancel", "FailedBackToOnPremises", "ReplicatingToOnPremises"],
    ["failoverCommit", "FailedBackToOnPremises", "FailbackCommittedOnPremises"],
    ["reProtect", "FailedBackToOnPremises", "Protected"],
    ["reProtect", "FailbackCommittedOnPremises", "Protected"],
  ];
  for (const flavor of ["VMware", "Physical"] as const) {
    for (const [action, from, to] of moves) {
      it(`moves a modernized ${flavor} item from ${from} to ${to} when ${action} succeeds`, () => {
        const moving = item(from, { applianceReprotect: SETTINGS }, flavor);
        applySuccess(moving, action, context({ applianceReprotect: SETTINGS }));
        assert.equal(moving.phase, to);
        assert.equal(moving.replicationPath, "modernized");
      });
    }
  }

  const refused: [JobAction, ItemPhase][] = [
    ["reProtect", "Protected"],
    ["reProtect", "ReplicatingToOnPremises"],
    ["unplannedFailover", "FailoverCommittedInAzure"],
    ["unplannedFailover", "ReplicatingToOnPremises"],
    ["plannedFailover", "FailoverCommittedInAzure"],
    ["plannedFailover", "Protected"],
    ["failoverCommit", "FailoverCommittedInAzure"],
    ["failoverCommit", "ReplicatingToOnPremises"],
    ["failoverCancel", "FailedOverToAzure"],
    ["failoverCancel", "FailbackCommittedOnPremises"],
    ["repairReplication", "Protected"],
    ["repairReplication", "ReplicatingToOnPremises"],
  ];
  for (const [action, from] of refused) {
    it(`refuses ${action} of a modernized item when it is ${from}`, () => {
      assert.throws(() => applySuccess(item(from), action, context({ applianceReprotect: SETTINGS })), {
        message: `internal error: no ${action} transition from modernized VMware ${from}`,
      });
    });
  }

  it("refuses to commit a planned failover that failed and was not rolled back (MR-28)", () => {
    const stuck = item("FailedBackToOnPremises", {
      plannedFailoverFailed: true,
      applianceReprotect: SETTINGS,
    });
    assert.throws(() => applySuccess(stuck, "failoverCommit", context()), /no failoverCommit transition/);
  });

  it("replicates back under the failback policy and remembers the forward one", () => {
    const moving = item("FailoverCommittedInAzure", {
      storedRecoveryPoints: [{ type: "CrashConsistent", timeMs: NOW_MS - MINUTE_MS }],
    });
    applySuccess(
      moving,
      "reProtect",
      context({ syncDurationMs: 30 * MINUTE_MS, applianceReprotect: SETTINGS }),
    );
    assert.deepEqual(moving.applianceReprotect, SETTINGS);
    assert.equal(moving.policyName, "appconsistency-policy-failback");
    assert.equal(moving.forwardPolicyName, "24-hour-replication-policy");
    assert.equal(moving.syncStartedAtMs, NOW_MS);
    assert.equal(moving.syncCompleteAtMs, NOW_MS + 30 * MINUTE_MS);
    assert.deepEqual(moving.storedRecoveryPoints, []);
  });

  it("records the planned failover, shuts the Azure VM down and starts the on-premises VM", () => {
    const moving = item("ReplicatingToOnPremises", { applianceReprotect: SETTINGS });
    applySuccess(
      moving,
      "plannedFailover",
      context({ startMs: NOW_MS - 10 * MINUTE_MS, recoveryPointId: "cc-1" }),
    );
    assert.equal(moving.azureVmRunning, false);
    assert.equal(moving.onPremisesVmBootAtMs, NOW_MS);
    assert.equal(moving.lastPlannedFailoverStartMs, NOW_MS - 10 * MINUTE_MS);
    assert.equal(moving.lastPlannedFailoverStatus, "Succeeded");
    assert.equal(moving.failoverRecoveryPointId, "cc-1");
  });

  it("starts the Azure VM again when the planned failover is cancelled", () => {
    const moving = item("FailedBackToOnPremises", {
      applianceReprotect: SETTINGS,
      azureVmRunning: false,
      plannedFailoverFailed: true,
    });
    applySuccess(moving, "failoverCancel", context());
    assert.equal(moving.azureVmRunning, true);
    assert.equal(moving.plannedFailoverFailed, undefined);
  });

  it("deletes the failed-back Azure VM on commit", () => {
    const moving = item("FailedBackToOnPremises", { applianceReprotect: SETTINGS });
    applySuccess(moving, "failoverCommit", context());
    assert.equal(moving.azureVmExists, false);
  });

  it("replicates to Azure again under the forward policy through the chosen appliance", () => {
    const moving = item("FailedBackToOnPremises", {
      applianceReprotect: SETTINGS,
      policyName: SETTINGS.policyName,
      forwardPolicyName: "24-hour-replication-policy",
    });
    applySuccess(
      moving,
      "reProtect",
      context({
        policyName: "other-forward-policy",
        forwardApplianceId: "5a1b2c3d-0000-4000-8000-000000000002",
      }),
    );
    assert.equal(moving.policyName, "other-forward-policy");
    assert.equal(moving.forwardPolicyName, undefined);
    assert.equal(moving.forwardApplianceId, "5a1b2c3d-0000-4000-8000-000000000002");
    assert.equal(moving.applianceReprotect, undefined);
    assert.equal(moving.azureVmExists, false, "the job commits the failback, which removes the Azure VM");
  });

  for (const outcome of ["Failed", "Cancelled"] as const) {
    it(`records a ${outcome.toLowerCase()} planned failover and keeps the item replicating back`, () => {
      const replicating = item("ReplicatingToOnPremises", { applianceReprotect: SETTINGS });
      applyFailure(replicating, "plannedFailover", outcome, { startMs: NOW_MS - MINUTE_MS, endMs: NOW_MS });
      assert.equal(replicating.phase, "ReplicatingToOnPremises");
      assert.equal(replicating.lastPlannedFailoverStatus, outcome);
      assert.equal(replicating.lastPlannedFailoverStartMs, NOW_MS - MINUTE_MS);
    });
  }

  it("leaves the item as it was when another modernized job fails", () => {
    const committed = item("FailoverCommittedInAzure");
    applyFailure(committed, "reProtect", "Failed", { endMs: NOW_MS });
    assert.deepEqual(committed, item("FailoverCommittedInAzure"));
  });
});
