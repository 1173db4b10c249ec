/**
 * The stage machine on modernized (replication appliance) items, over a small in-memory client
 * that moves items through the states the catalogue records: which action each stage sends, with
 * which body, exactly once, and the one step that goes back (cancel before commit, MR-28).
 */
import assert from "node:assert/strict";
import type { Job, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../../../provider/client";
import { runFailback } from "../../../provider/stages/machine";
import type { FailbackRunSpec } from "../../../provider/stages/spec";
import type { Clock } from "../../../provider/waits";

interface ItemState {
  instanceType: "InMageRcm" | "InMageRcmFailback";
  protectionState: string;
  activeLocation: "Primary" | "Recovery";
  allowedOperations: string[];
}

/** Item states of the catalogue's state summary, by stage. */
const states: Record<string, ItemState> = {
  failedOverToAzure: {
    instanceType: "InMageRcm",
    protectionState: "UnplannedFailoverCommitted",
    activeLocation: "Recovery",
    allowedOperations: ["CompleteMigration", "DisableProtection", "SwitchProtection"],
  },
  reprotected: {
    instanceType: "InMageRcmFailback",
    protectionState: "Protected",
    activeLocation: "Primary",
    allowedOperations: ["PlannedFailover", "DisableProtection"],
  },
  failedOver: {
    instanceType: "InMageRcmFailback",
    protectionState: "CommitPendingStatesBegin",
    activeLocation: "Recovery",
    allowedOperations: [
      "CompleteMigration",
      "Commit",
      "DisableProtection",
      "SwitchProtection",
      "CancelFailover",
    ],
  },
  committed: {
    instanceType: "InMageRcmFailback",
    protectionState: "PlannedFailoverCommitted",
    activeLocation: "Recovery",
    allowedOperations: ["SwitchProtection", "DisableProtection"],
  },
  protectedToAzure: {
    instanceType: "InMageRcm",
    protectionState: "Protected",
    activeLocation: "Primary",
    allowedOperations: ["UnplannedFailover", "DisableProtection", "TestFailover"],
  },
};

interface Call {
  readonly action: string;
  readonly item: string;
  readonly body?: unknown;
}

/** An in-memory vault whose actions finish at once; records every action with its body. */
function fakeVault(initial: Record<string, keyof typeof states>) {
  const items = new Map(Object.entries(initial).map(([name, stage]) => [name, { ...states[stage]! }]));
  const calls: Call[] = [];
  let jobCount = 0;
  const view = (name: string): ReplicationProtectedItem => {
    const state = items.get(name)!;
    return {
      name,
      id: `/vault/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/${name}`,
      properties: {
        protectionState: state.protectionState,
        activeLocation: state.activeLocation,
        allowedOperations: state.allowedOperations,
        replicationHealth: "Normal",
        providerSpecificDetails: { instanceType: state.instanceType } as never,
        currentScenario: { scenarioName: "None", jobId: "/vault/replicationJobs/None" },
      },
    };
  };
  const act = (action: string, ref: string, next: keyof typeof states, body?: unknown) => {
    const name = ref.split("/").pop()!;
    calls.push({ action, item: name, ...(body !== undefined ? { body } : {}) });
    items.set(name, { ...states[next]! });
    jobCount += 1;
    return Promise.resolve({ jobName: `job-${jobCount}`, result: view(name) });
  };
  const job = (name: string): Job => ({
    name,
    properties: { state: "Succeeded", startTime: new Date(0), endTime: new Date(1000) },
  });
  const client = {
    getProtectedItem: async (ref: string) =>
      items.has(ref.split("/").pop()!) ? view(ref.split("/").pop()!) : undefined,
    listRecoveryPoints: async () => [{ name: "rp-1", properties: { recoveryPointType: "CrashConsistent" } }],
    getJob: async (name: string) => job(name),
    reprotect: (ref: string, body: { providerSpecificDetails?: { instanceType?: string } }) =>
      act(
        "reprotect",
        ref,
        body.providerSpecificDetails?.instanceType === "InMageRcm" ? "reprotected" : "protectedToAzure",
        body,
      ),
    plannedFailover: (ref: string, body: unknown) => act("plannedFailover", ref, "failedOver", body),
    unplannedFailover: (ref: string, body: unknown) => act("unplannedFailover", ref, "failedOver", body),
    cancelFailover: (ref: string) => act("cancelFailover", ref, "reprotected"),
    commitFailover: (ref: string) => act("commitFailover", ref, "committed"),
  } as unknown as AsrClient;
  return { client, calls, stageOf: (name: string) => items.get(name) };
}

const instantClock: Clock = { now: () => 0, sleep: async () => {} };

function spec(targetStage: FailbackRunSpec["targetStage"], items: string[]): FailbackRunSpec {
  return {
    flavor: "vmware",
    planName: "plan",
    items: items.map((name) => ({ name, ref: name })),
    targetStage,
    recoveryPointChoice: "latest",
    useMultiVmSyncPoint: false,
    maxConcurrency: 4,
    modernized: {
      reprotect: {
        reprotectAgentId: "agent-guid",
        datastoreName: "datastore-1",
        logStorageAccountId:
          "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/cache",
        policyId: "/vault/replicationPolicies/failback-policy",
      },
      recoveryPointType: "CrashConsistent",
      reprotectToAzure: { processServerId: "ps-guid", policyId: "/vault/replicationPolicies/forward-policy" },
    },
  };
}

const run = (client: AsrClient, runSpec: FailbackRunSpec) =>
  runFailback(client, runSpec, { pollIntervalInMs: 1, clock: instantClock });

describe("stage machine on modernized items", () => {
  it("sends each modernized action once per item, with its body, up to protected-to-Azure", async () => {
    const vault = fakeVault({ "vm-1": "failedOverToAzure", "vm-2": "failedOverToAzure" });
    const result = await run(vault.client, spec("protectedToAzure", ["vm-1", "vm-2"]));
    assert.deepEqual(result.failures, []);
    for (const item of ["vm-1", "vm-2"]) {
      assert.deepEqual(
        vault.calls.filter((call) => call.item === item).map((call) => call.action),
        ["reprotect", "plannedFailover", "commitFailover", "reprotect"],
      );
    }
    const [toSite, failover, , toAzure] = vault.calls.filter((call) => call.item === "vm-1");
    assert.deepEqual(toSite?.body, {
      failoverDirection: "RecoveryToPrimary",
      providerSpecificDetails: {
        instanceType: "InMageRcm",
        reprotectAgentId: "agent-guid",
        datastoreName: "datastore-1",
        logStorageAccountId:
          "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/cache",
        policyId: "/vault/replicationPolicies/failback-policy",
      },
    });
    assert.deepEqual(failover?.body, {
      providerSpecificDetails: { instanceType: "InMageRcmFailback", recoveryPointType: "CrashConsistent" },
    });
    assert.deepEqual(toAzure?.body, {
      failoverDirection: "PrimaryToRecovery",
      providerSpecificDetails: {
        instanceType: "InMageRcmFailback",
        processServerId: "ps-guid",
        policyId: "/vault/replicationPolicies/forward-policy",
      },
    });
    assert.equal(vault.stageOf("vm-1")?.instanceType, "InMageRcm");
    assert.deepEqual(
      result.recoveryPoints.map((point) => [point.item, point.choice, point.dataLossWindowInSeconds]),
      [
        ["vm-1", "plannedFailover", 0],
        ["vm-2", "plannedFailover", 0],
      ],
    );
  });

  it("cancels a planned failover when the target moves back to reprotected (MR-28)", async () => {
    const vault = fakeVault({ "vm-1": "failedOver" });
    const result = await run(vault.client, spec("reprotected", ["vm-1"]));
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      vault.calls.map((call) => call.action),
      ["cancelFailover"],
    );
    assert.equal(result.positions.get("vm-1")?.stage, "reprotected");
  });

  it("never cancels a planned failover on the way to a later stage", async () => {
    const vault = fakeVault({ "vm-1": "failedOver" });
    const result = await run(vault.client, spec("committed", ["vm-1"]));
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      vault.calls.map((call) => call.action),
      ["commitFailover"],
    );
  });

  it("does nothing when every item is at the target", async () => {
    const vault = fakeVault({ "vm-1": "failedOver" });
    const result = await run(vault.client, spec("failedOver", ["vm-1"]));
    assert.deepEqual([result.failures, vault.calls], [[], []]);
  });

  it("refuses to reprotect a modernized item without modernized settings, naming MR-01", async () => {
    const vault = fakeVault({ "vm-1": "failedOverToAzure" });
    const { modernized: _, ...classicOnly } = spec("reprotected", ["vm-1"]);
    const result = await run(vault.client, classicOnly);
    assert.match(
      result.failures[0]?.message ?? "",
      /^MR-01: vm vm-1 is replicated by a replication appliance/,
    );
    assert.deepEqual(vault.calls, []);
  });
});
