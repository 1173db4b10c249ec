import assert from "node:assert/strict";
import { bundledScenarioPath } from "../../../emulator";
import { SimulatedClock } from "../../../emulator/clock";
import {
  applySuccess,
  describeItem,
  type ItemOperation,
  instanceTypeOf,
  isSyncing,
  requiredOperation,
  type TransitionContext,
} from "../../../emulator/model/itemStateMachine";
import { loadScenarioFile } from "../../../emulator/model/loadScenario";
import type { ItemPhase } from "../../../emulator/model/scenario";
import {
  createWorld,
  type ItemFlavor,
  type ItemState,
  type JobAction,
  type JobRecord,
} from "../../../emulator/model/world";
import { WorldStore } from "../../../emulator/store/worldStore";

const NOW_MS = Date.parse("2026-01-01T00:00:00Z");
const MINUTE_MS = 60_000;

function item(flavor: ItemFlavor, phase: ItemPhase, fields: Partial<ItemState> = {}): ItemState {
  return {
    name: "vm-1",
    flavor,
    phase,
    policyName: "policy-1",
    azureVmExists: true,
    azureVmRunning: true,
    onPremisesVmExists: true,
    onPremisesVmCorrupt: false,
    storedRecoveryPoints: [],
    ...fields,
  };
}

function runningJob(action: JobAction): JobRecord {
  return {
    name: "job-1",
    scenarioName: "Test",
    friendlyName: "Test",
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

const classic: ItemFlavor[] = ["VMware", "Physical"];
const allPhases: readonly ItemPhase[] = [
  "Protected",
  "FailedOverToAzure",
  "FailoverCommittedInAzure",
  "ReplicatingToOnPremises",
  "FailedBackToOnPremises",
  "FailbackCommittedOnPremises",
];

describe("describeItem", () => {
  // [flavor, phase, instanceType, protectionState, activeLocation, allowedOperations when idle]
  const idle: [ItemFlavor, ItemPhase, string, string, "Primary" | "Recovery", ItemOperation[]][] = [
    ...classic.flatMap(
      (flavor): [ItemFlavor, ItemPhase, string, string, "Primary" | "Recovery", ItemOperation[]][] => [
        [
          flavor,
          "Protected",
          "InMageAzureV2",
          "Protected",
          "Primary",
          ["UnplannedFailover", "RepairReplication", "DisableProtection"],
        ],
        [
          flavor,
          "FailedOverToAzure",
          "InMageAzureV2",
          "UnplannedFailoverCommitPendingStatesBegin",
          "Recovery",
          ["Commit", "CancelFailover", "DisableProtection"],
        ],
        [
          flavor,
          "FailoverCommittedInAzure",
          "InMageAzureV2",
          "UnplannedFailoverCommitted",
          "Recovery",
          ["ReverseReplicate", "DisableProtection"],
        ],
        [
          flavor,
          "ReplicatingToOnPremises",
          "InMage",
          "Protected",
          "Recovery",
          ["UnplannedFailover", "RepairReplication", "DisableProtection"],
        ],
        [
          flavor,
          "FailedBackToOnPremises",
          "InMage",
          "UnplannedFailoverCommitPendingStatesBegin",
          "Primary",
          ["Commit", "CancelFailover", "DisableProtection"],
        ],
        [
          flavor,
          "FailbackCommittedOnPremises",
          "InMage",
          "UnplannedFailoverCommitted",
          "Primary",
          ["ReverseReplicate", "DisableProtection"],
        ],
      ],
    ),
    [
      "HyperV",
      "Protected",
      "HyperVReplicaAzure",
      "Protected",
      "Primary",
      ["PlannedFailover", "UnplannedFailover", "DisableProtection"],
    ],
    [
      "HyperV",
      "FailedOverToAzure",
      "HyperVReplicaAzure",
      "UnplannedFailoverCommitPendingStatesBegin",
      "Recovery",
      ["Commit", "CancelFailover", "DisableProtection"],
    ],
    [
      "HyperV",
      "FailoverCommittedInAzure",
      "HyperVReplicaAzure",
      "UnplannedFailoverCommitted",
      "Recovery",
      ["PlannedFailover", "DisableProtection"],
    ],
    [
      "HyperV",
      "FailedBackToOnPremises",
      "HyperVReplicaAzure",
      "PlannedFailoverCommitRequired",
      "Primary",
      ["Commit", "CancelFailover", "DisableProtection"],
    ],
    [
      "HyperV",
      "FailbackCommittedOnPremises",
      "HyperVReplicaAzure",
      "PlannedFailoverCommitted",
      "Primary",
      ["ReverseReplicate", "DisableProtection"],
    ],
  ];
  for (const [flavor, phase, instanceType, protectionState, activeLocation, allowed] of idle) {
    it(`shows ${flavor} ${phase} as ${instanceType} ${protectionState} at ${activeLocation}, allowing ${allowed.join(", ")}`, () => {
      const view = describeItem(item(flavor, phase), undefined, NOW_MS);
      assert.equal(view.instanceType, instanceType);
      assert.equal(instanceTypeOf(item(flavor, phase)), instanceType);
      assert.equal(view.protectionState, protectionState);
      assert.equal(view.activeLocation, activeLocation);
      assert.deepEqual(view.allowedOperations, allowed);
      assert.equal(view.syncing, false);
    });
  }

  const syncingPhases: [ItemFlavor, ItemPhase][] = [
    ["VMware", "Protected"],
    ["Physical", "ReplicatingToOnPremises"],
    ["VMware", "ReplicatingToOnPremises"],
  ];
  for (const [flavor, phase] of syncingPhases) {
    it(`allows only RepairReplication and DisableProtection when ${flavor} ${phase} is still syncing`, () => {
      const syncing = item(flavor, phase, { syncCompleteAtMs: NOW_MS + MINUTE_MS });
      const view = describeItem(syncing, undefined, NOW_MS);
      assert.equal(isSyncing(syncing, NOW_MS), true);
      assert.equal(view.protectionState, "InitialReplicationInProgress");
      assert.deepEqual(view.allowedOperations, ["RepairReplication", "DisableProtection"]);
      assert.equal(view.failoverHealth, "None");
      const synced = describeItem(syncing, undefined, NOW_MS + MINUTE_MS);
      assert.equal(synced.protectionState, "Protected");
      assert.equal(synced.failoverHealth, "Normal");
    });
  }

  it("does not count a sync deadline outside the replicating phases as syncing", () => {
    const committed = item("VMware", "FailoverCommittedInAzure", { syncCompleteAtMs: NOW_MS + MINUTE_MS });
    assert.equal(isSyncing(committed, NOW_MS), false);
  });

  const transient: [JobAction, string][] = [
    ["reProtect", "ReprotectStatesBegin"],
    ["unplannedFailover", "UnplannedFailoverTransitionStatesBegin"],
    ["plannedFailover", "PlannedFailoverTransitionStatesBegin"],
    ["failoverCommit", "CommitFailoverStatesBegin"],
    ["failoverCancel", "CancelFailoverStatesBegin"],
    ["repairReplication", "RepairReplicationStatesBegin"],
  ];
  for (const [action, protectionState] of transient) {
    it(`shows ${protectionState} and allows nothing while a ${action} job runs`, () => {
      const view = describeItem(item("VMware", "FailoverCommittedInAzure"), runningJob(action), NOW_MS);
      assert.equal(view.protectionState, protectionState);
      assert.deepEqual(view.allowedOperations, []);
    });
  }

  it("keeps the idle view while only a configure job runs", () => {
    const view = describeItem(item("VMware", "Protected"), runningJob("configure"), NOW_MS);
    assert.equal(view.protectionState, "Protected");
    assert.ok(view.allowedOperations.includes("UnplannedFailover"));
  });

  it("reports critical replication health when the Azure VM of a reverse replication is stopped", () => {
    const stopped = item("VMware", "ReplicatingToOnPremises", { azureVmRunning: false });
    assert.equal(describeItem(stopped, undefined, NOW_MS).replicationHealth, "Critical");
    assert.equal(
      describeItem(item("VMware", "ReplicatingToOnPremises"), undefined, NOW_MS).replicationHealth,
      "Normal",
    );
  });

  it("reports critical replication health when the on-premises VM is corrupt", () => {
    const corrupt = item("HyperV", "FailbackCommittedOnPremises", { onPremisesVmCorrupt: true });
    assert.equal(describeItem(corrupt, undefined, NOW_MS).replicationHealth, "Critical");
  });
});

describe("applySuccess", () => {
  // [flavor, action, from, to]
  const moves: [ItemFlavor, JobAction, ItemPhase, ItemPhase][] = [
    ...classic.flatMap((flavor): [ItemFlavor, JobAction, ItemPhase, ItemPhase][] => [
      [flavor, "unplannedFailover", "Protected", "FailedOverToAzure"],
      [flavor, "failoverCommit", "FailedOverToAzure", "FailoverCommittedInAzure"],
      [flavor, "failoverCancel", "FailedOverToAzure", "Protected"],
      [flavor, "reProtect", "FailoverCommittedInAzure", "ReplicatingToOnPremises"],
      [flavor, "unplannedFailover", "ReplicatingToOnPremises", "FailedBackToOnPremises"],
      [flavor, "failoverCancel", "FailedBackToOnPremises", "ReplicatingToOnPremises"],
      [flavor, "failoverCommit", "FailedBackToOnPremises", "FailbackCommittedOnPremises"],
      [flavor, "reProtect", "FailbackCommittedOnPremises", "Protected"],
      [flavor, "repairReplication", "Protected", "Protected"],
      [flavor, "repairReplication", "ReplicatingToOnPremises", "ReplicatingToOnPremises"],
    ]),
    ["HyperV", "plannedFailover", "Protected", "FailedOverToAzure"],
    ["HyperV", "unplannedFailover", "Protected", "FailedOverToAzure"],
    ["HyperV", "failoverCommit", "FailedOverToAzure", "FailoverCommittedInAzure"],
    ["HyperV", "failoverCancel", "FailedOverToAzure", "Protected"],
    ["HyperV", "plannedFailover", "FailoverCommittedInAzure", "FailedBackToOnPremises"],
    ["HyperV", "failoverCancel", "FailedBackToOnPremises", "FailoverCommittedInAzure"],
    ["HyperV", "failoverCommit", "FailedBackToOnPremises", "FailbackCommittedOnPremises"],
    ["HyperV", "reProtect", "FailbackCommittedOnPremises", "Protected"],
  ];
  for (const [flavor, action, from, to] of moves) {
    it(`moves a ${flavor} item from ${from} to ${to} when ${action} succeeds`, () => {
      const moving = item(flavor, from);
      applySuccess(moving, action, context());
      assert.equal(moving.phase, to);
    });
  }

  // A transition the table does not have is an emulator bug (planning checks allowedOperations).
  const refused: [ItemFlavor, JobAction, ItemPhase][] = [
    ["VMware", "reProtect", "Protected"],
    ["Physical", "reProtect", "FailedOverToAzure"],
    ["VMware", "reProtect", "ReplicatingToOnPremises"],
    ["VMware", "reProtect", "FailedBackToOnPremises"],
    ["HyperV", "reProtect", "FailoverCommittedInAzure"],
    ["VMware", "unplannedFailover", "FailedOverToAzure"],
    ["VMware", "unplannedFailover", "FailedBackToOnPremises"],
    ["Physical", "unplannedFailover", "FailoverCommittedInAzure"],
    ["HyperV", "plannedFailover", "FailbackCommittedOnPremises"],
    ["VMware", "plannedFailover", "FailoverCommittedInAzure"],
    ["HyperV", "failoverCommit", "Protected"],
    ["VMware", "failoverCommit", "FailoverCommittedInAzure"],
    ["VMware", "failoverCommit", "ReplicatingToOnPremises"],
    ["HyperV", "failoverCommit", "FailbackCommittedOnPremises"],
    ["VMware", "failoverCancel", "Protected"],
    ["HyperV", "failoverCancel", "FailoverCommittedInAzure"],
    ["Physical", "failoverCancel", "FailbackCommittedOnPremises"],
    ["VMware", "repairReplication", "FailedOverToAzure"],
    ["HyperV", "repairReplication", "FailoverCommittedInAzure"],
    ["Physical", "repairReplication", "FailedBackToOnPremises"],
    ["VMware", "repairReplication", "FailbackCommittedOnPremises"],
  ];
  for (const [flavor, action, from] of refused) {
    it(`refuses ${action} of a ${flavor} item when it is ${from}`, () => {
      const stuck = item(flavor, from);
      assert.throws(() => applySuccess(stuck, action, context()), {
        message: `internal error: no ${action} transition from ${flavor} ${from}`,
      });
    });
  }

  it("leaves the item as it was when a configure job succeeds", () => {
    const configured = item("VMware", "Protected");
    applySuccess(configured, "configure", context());
    assert.deepEqual(configured, item("VMware", "Protected"));
  });

  it("starts the resync and keeps the reprotect settings when reprotecting to on-premises", () => {
    const settings = {
      masterTargetId: "mt-1",
      processServerId: "ps-1",
      retentionDrive: "E:",
      policyName: "failback-policy",
      alternateLocation: false,
    };
    const moving = item("VMware", "FailoverCommittedInAzure", {
      storedRecoveryPoints: [{ type: "CrashConsistent", timeMs: NOW_MS }],
    });
    applySuccess(moving, "reProtect", context({ syncDurationMs: 10 * MINUTE_MS, reprotect: settings }));
    assert.equal(moving.syncCompleteAtMs, NOW_MS + 10 * MINUTE_MS);
    assert.deepEqual(moving.reprotect, settings);
    assert.equal(moving.policyName, "failback-policy");
    assert.deepEqual(moving.storedRecoveryPoints, []);
  });

  it("turns the Azure VM off and boots the on-premises VM when failing back", () => {
    const moving = item("VMware", "ReplicatingToOnPremises", { onPremisesVmCorrupt: true });
    applySuccess(moving, "unplannedFailover", context({ recoveryPointId: "rp-1" }));
    assert.equal(moving.azureVmRunning, false);
    assert.equal(moving.onPremisesVmBootAtMs, NOW_MS);
    assert.equal(moving.onPremisesVmCorrupt, false);
    assert.equal(moving.failoverRecoveryPointId, "rp-1");
    assert.equal(moving.lastFailoverAtMs, NOW_MS);
  });

  it("creates a missing Hyper-V VM on failback only when asked to", () => {
    const created = item("HyperV", "FailoverCommittedInAzure", { onPremisesVmExists: false });
    applySuccess(created, "plannedFailover", context({ createVmIfNotFound: true }));
    assert.equal(created.onPremisesVmExists, true);
    const missing = item("HyperV", "FailoverCommittedInAzure", { onPremisesVmExists: false });
    applySuccess(missing, "plannedFailover", context());
    assert.equal(missing.onPremisesVmExists, false);
  });

  it("deletes the Azure VM when committing a VMware failback but keeps it for Hyper-V", () => {
    const vmware = item("VMware", "FailedBackToOnPremises");
    applySuccess(vmware, "failoverCommit", context());
    assert.equal(vmware.azureVmExists, false);
    const hyperV = item("HyperV", "FailedBackToOnPremises");
    applySuccess(hyperV, "failoverCommit", context());
    assert.equal(hyperV.azureVmExists, true);
  });
});

describe("WorldStore with an injected clock", () => {
  const scenario = loadScenarioFile(bundledScenarioPath("vmware-healthy"));
  function storeAt(phase: ItemPhase, itemName = "vm-web-1"): WorldStore {
    const world = createWorld(structuredClone(scenario));
    world.items[itemName]!.phase = phase;
    return new WorldStore(world, new SimulatedClock(Date.parse(scenario.startTime)));
  }
  const viewOf = (store: WorldStore) => {
    const current = store.state.items["vm-web-1"]!;
    const job = current.activeJobName ? store.state.jobs[current.activeJobName] : undefined;
    return describeItem(current, job, store.nowMs());
  };

  it("moves the item only when the clock passes the end of its job", () => {
    const store = storeAt("FailedOverToAzure");
    const { job } = store.startItemAction("vm-web-1", "failoverCommit", {});
    assert.equal(viewOf(store).protectionState, "CommitFailoverStatesBegin");
    assert.equal(store.jobStatus(job).state, "InProgress");

    store.clock.advance(30);
    assert.equal(store.state.items["vm-web-1"]!.phase, "FailedOverToAzure");
    assert.deepEqual(viewOf(store).allowedOperations, []);

    store.clock.advance(30);
    assert.equal(store.jobStatus(job).state, "Succeeded");
    assert.equal(store.state.items["vm-web-1"]!.phase, "FailoverCommittedInAzure");
    assert.equal(store.state.items["vm-web-1"]!.activeJobName, undefined);
    assert.deepEqual(viewOf(store).allowedOperations, ["ReverseReplicate", "DisableProtection"]);
  });

  it("ends a resync when the clock reaches the sync duration after the job", () => {
    const store = storeAt("Protected");
    store.startItemAction("vm-web-1", "repairReplication", {});
    store.clock.advance(60);
    assert.equal(viewOf(store).protectionState, "InitialReplicationInProgress");
    const completeAtMs = store.state.items["vm-web-1"]!.syncCompleteAtMs!;
    store.clock.advance((completeAtMs - store.nowMs()) / 1000);
    assert.equal(viewOf(store).protectionState, "Protected");
  });

  // Every idle (flavor, phase) refuses each action whose operation its allowedOperations lack.
  const itemOfFlavor: Record<ItemFlavor, string> = {
    VMware: "vm-web-1",
    Physical: "srv-app-1",
    HyperV: "hv-file-1",
  };
  const phasesOf: Record<ItemFlavor, ItemPhase[]> = {
    VMware: [...allPhases],
    Physical: [...allPhases],
    HyperV: allPhases.filter((phase) => phase !== "ReplicatingToOnPremises"),
  };
  for (const flavor of Object.keys(itemOfFlavor) as ItemFlavor[]) {
    for (const phase of phasesOf[flavor]) {
      const allowed = describeItem(item(flavor, phase), undefined, NOW_MS).allowedOperations;
      for (const [action, operation] of Object.entries(requiredOperation)) {
        if (allowed.includes(operation)) continue;
        it(`refuses ${action} with OperationNotAllowed when a ${flavor} item is ${phase}`, () => {
          const store = storeAt(phase, itemOfFlavor[flavor]);
          assert.throws(
            () => store.startItemAction(itemOfFlavor[flavor], action as Exclude<JobAction, "configure">, {}),
            { statusCode: 400, code: "OperationNotAllowed" },
          );
          assert.equal(Object.keys(store.state.jobs).length, 0);
        });
      }
    }
  }

  it("refuses a second action while the first job runs", () => {
    const store = storeAt("FailedOverToAzure");
    store.startItemAction("vm-web-1", "failoverCommit", {});
    assert.throws(() => store.startItemAction("vm-web-1", "failoverCancel", {}), { statusCode: 409 });
  });
});
