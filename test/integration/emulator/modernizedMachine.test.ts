/**
 * The provider's stage machine against the emulator on the modernized path: every read it makes
 * is answered in the shapes it classifies, every body it sends is accepted, and waiting moves the
 * emulator's simulated clock instead of real time.
 */
import assert from "node:assert/strict";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import { runFailback } from "../../../provider/stages/machine";
import type { FailbackRunSpec } from "../../../provider/stages/spec";
import type { Clock } from "../../../provider/waits";
import { clientFor } from "./support";

const FABRIC = "vault-modern-vmwarefabric";
const CONTAINER = "vault-modern-replicationcontainer";
const APP1 = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";

describe("provider stage machine on the modernized emulator", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startEmulator({
      scenarioFile: bundledScenarioPath("modernized-healthy"),
      advanceOnPollSeconds: 60,
    });
  });
  afterEach(() => emulator.close());

  /** Sleeping moves the emulator's clock: a wait of an hour is an hour of simulated time. */
  const simulatedClock = (): Clock => ({
    now: () => emulator.clock.nowMs(),
    sleep: async (ms) => {
      emulator.advance(ms / 1000);
    },
  });

  function spec(
    targetStage: FailbackRunSpec["targetStage"],
    items: string[],
    extra: Partial<FailbackRunSpec> = {},
  ): FailbackRunSpec {
    const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}`;
    const vault = `${scope}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}`;
    return {
      flavor: "vmware",
      planName: "fb-modern",
      items: items.map((itemName) => ({
        name: itemName,
        ref: { fabricName: FABRIC, containerName: CONTAINER, itemName },
      })),
      targetStage,
      recoveryPointChoice: "latest",
      useMultiVmSyncPoint: false,
      maxConcurrency: 4,
      modernized: {
        reprotect: {
          reprotectAgentId: APP1,
          datastoreName: "ds-gold",
          logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
          policyId: `${vault}/replicationPolicies/appconsistency-policy-failback`,
          applianceName: "rcm-app-01",
        },
        recoveryPointType: "CrashConsistent",
        reprotectToAzure: {
          processServerId: APP1,
          policyId: `${vault}/replicationPolicies/24-hour-replication-policy`,
        },
      },
      ...extra,
    };
  }

  const run = (runSpec: FailbackRunSpec) =>
    runFailback(clientFor(emulator), runSpec, { pollIntervalInMs: 5 * 60_000, clock: simulatedClock() });

  it("fails back and reprotects to Azure every item, each action once per item", async () => {
    const result = await run(spec("protectedToAzure", ["vm-app-1", "vm-app-2"]));
    assert.deepEqual(result.failures, []);
    for (const name of ["vm-app-1", "vm-app-2"]) {
      assert.equal(result.positions.get(name)?.stage, "protectedToAzure");
      assert.equal(result.positions.get(name)?.instanceType, "InMageRcm");
    }
    assert.deepEqual(
      [...new Set(result.timeline.map((entry) => entry.step))],
      ["reprotect", "failover", "commit", "reprotectToAzure"],
    );
    // Each action exactly once per item: reprotect to the site and back, one planned failover, one commit.
    for (const name of ["vm-app-1", "vm-app-2"]) {
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", name), 2);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_PlannedFailover", name), 1);
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", name), 1);
    }
  });

  it("reprotects an item whose failover to Azure awaits commit", async () => {
    const base = spec("reprotected", ["vm-db-1"]);
    const modernized = base.modernized!;
    const result = await run({
      ...base,
      modernized: { ...modernized, reprotect: { ...modernized.reprotect!, datastoreName: "ds-silver" } },
    });
    assert.deepEqual(result.failures, []);
    assert.equal(result.positions.get("vm-db-1")?.stage, "reprotected");
  });

  it("cancels a planned failover when the target moves back before commit", async () => {
    const forward = await run(spec("failedOver", ["vm-app-1"]));
    assert.deepEqual(forward.failures, []);
    assert.equal(forward.positions.get("vm-app-1")?.stage, "failedOver");
    const back = await run(spec("reprotected", ["vm-app-1"]));
    assert.deepEqual(back.failures, []);
    assert.equal(back.positions.get("vm-app-1")?.stage, "reprotected");
    assert.ok(
      emulator.requests
        .actions()
        .some((action) => action.operation === "ReplicationProtectedItems_FailoverCancel"),
    );
  });

  it("fails back a recovery plan's items with plan-level planned failover and commit", async () => {
    const result = await run(spec("committed", ["vm-app-1", "vm-app-2"], { recoveryPlanName: "rp-app" }));
    assert.deepEqual(result.failures, []);
    for (const name of ["vm-app-1", "vm-app-2"]) assert.equal(result.positions.get(name)?.stage, "committed");
    const operations = emulator.requests.actions().map((action) => action.operation);
    assert.ok(operations.includes("ReplicationRecoveryPlans_PlannedFailover"));
    assert.ok(operations.includes("ReplicationRecoveryPlans_FailoverCommit"));
  });
});
