/**
 * Fault injection against the client layer: transient faults are absorbed by the pipeline's
 * retry policies (Retry-After honoured), permanent ones surface as guidance messages, and the
 * request log sees every attempt.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import type { AzureCallError } from "../../../provider/errors";
import { clientFor, startTestEmulator, vmware } from "./support";

describe("emulator fault injection", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());

  const attempts = (operation: string) =>
    emulator.requests.all().filter((entry) => entry.operation === operation);

  it("retries a 429 after the Retry-After it was given", async () => {
    emulator.faults.add([
      {
        operation: "ReplicationProtectedItems_Get",
        kind: "throttle",
        count: 2,
        retryAfterSeconds: 1,
        retryAfterMs: 40,
      },
    ]);
    const item = await clientFor(emulator).getProtectedItem(vmware("vm-web-1"));
    assert.equal(item?.name, "vm-web-1");
    const log = attempts("ReplicationProtectedItems_Get");
    assert.deepEqual(
      log.map((entry) => entry.statusCode),
      [429, 429, 200],
    );
    assert.ok(log[1]!.realTimeMs - log[0]!.realTimeMs >= 35, "the client waited for retry-after-ms");
  });

  for (const [kind, status] of [
    ["serverError", 500],
    ["serviceUnavailable", 503],
  ] as const) {
    it(`retries a ${status} and succeeds`, async () => {
      emulator.faults.add([{ operation: "ReplicationFabrics_Get", kind, count: 2 }]);
      const fabric = await clientFor(emulator).getFabric("cs-contoso");
      assert.equal(fabric?.name, "cs-contoso");
      assert.deepEqual(
        attempts("ReplicationFabrics_Get").map((entry) => entry.statusCode),
        [status, status, 200],
      );
    });
  }

  it("retries a reset connection and succeeds", async () => {
    emulator.faults.add([{ operation: "ReplicationPolicies_List", kind: "reset", count: 1 }]);
    const policies = await clientFor(emulator).listPolicies();
    assert.equal(policies.length, 2);
    assert.deepEqual(
      attempts("ReplicationPolicies_List").map((entry) => entry.fault ?? "none"),
      ["reset", "none"],
    );
  });

  it("retries faults while polling an LRO, and the action is accepted exactly once", async () => {
    emulator.faults.add([{ operation: "OperationStatus_Get", kind: "serviceUnavailable", count: 2 }]);
    await clientFor(emulator).createPolicy("policy-retry", {
      instanceType: "InMage",
      multiVmSyncStatus: "Enable",
    });
    assert.equal(attempts("ReplicationPolicies_Create").length, 1);
    assert.ok(attempts("OperationStatus_Get").length >= 3);
  });

  it("gives up after the retry budget with the guidance message", async () => {
    emulator.faults.add([{ operation: "ReplicationFabrics_Get", kind: "serverError", count: 100 }]);
    await assert.rejects(
      clientFor(emulator, { retry: { maxRetries: 2, retryDelayInMs: 1, maxRetryDelayInMs: 2 } }).getFabric(
        "cs-contoso",
      ),
      (error: AzureCallError) => {
        assert.equal(error.statusCode, 500);
        assert.match(error.message, /^reading fabric cs-contoso: InternalServerError /);
        return true;
      },
    );
    assert.equal(attempts("ReplicationFabrics_Get").length, 3);
  });

  it("times out a slow answer with the call's timeout", async () => {
    emulator.faults.add([{ operation: "ReplicationFabrics_List", kind: "slow", count: 1, delayMs: 500 }]);
    await assert.rejects(
      clientFor(emulator, { retry: { maxRetries: 0 } }).listFabrics({ timeoutInMs: 50 }),
      (error: AzureCallError) => error.code === "Cancelled",
    );
  });

  it("fails the job of an action with the injected code", async () => {
    emulator.faults.add([
      {
        operation: "ReplicationProtectedItems_FailoverCommit",
        kind: "failJob",
        count: 1,
        errorCode: "78093",
        errorMessage: "injected",
      },
    ]);
    await assert.rejects(
      clientFor(emulator).commitFailover(vmware("vm-web-1"), { onPoll: () => emulator.advance(60) }),
      // The item does not allow Commit: the refusal wins over the fault.
      (error: AzureCallError) => error.code === "OperationNotAllowed",
    );
    emulator.faults.clear();
    emulator.faults.add([
      {
        operation: "ReplicationRecoveryPlans_PlannedFailover",
        kind: "failJob",
        count: 1,
        errorCode: "78093",
        errorMessage: "injected",
      },
    ]);
    await assert.rejects(
      clientFor(emulator).planPlannedFailover(
        "rp-hyperv",
        {
          failoverDirection: "RecoveryToPrimary",
          providerSpecificDetails: [
            {
              instanceType: "HyperVReplicaAzureFailback",
              dataSyncOption: "ForSynchronization",
              recoveryVmCreationOption: "NoAction",
            },
          ],
        },
        { onPoll: () => emulator.advance(600) },
      ),
      (error: AzureCallError) =>
        error.code === "78093" && /start it in the Azure portal and retry$/.test(error.message),
    );
  });

  it("fires by probability from a seed, identically on replay", () => {
    const pattern = () => {
      emulator.faults.clear();
      emulator.faults.add([{ operation: "X_Get", kind: "serverError", probability: 0.5, seed: 42 }]);
      return Array.from({ length: 20 }, () => (emulator.faults.decide("X_Get") ? 1 : 0)).join("");
    };
    const first = pattern();
    assert.equal(pattern(), first);
    assert.ok(first.includes("1") && first.includes("0"));
  });

  it("is steerable over HTTP on the admin paths", async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`${emulator.endpoint}${path}`, {
        method,
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    assert.equal(
      (
        await call("POST", "/_emulator/faults", {
          rules: [{ operation: "ReplicationFabrics_Get", kind: "throttle", count: 1, retryAfterSeconds: 0 }],
        })
      ).status,
      200,
    );
    await clientFor(emulator).getFabric("cs-contoso");
    const log = (await (await call("GET", "/_emulator/requests")).json()) as {
      countsByOperation: Record<string, number>;
    };
    assert.equal(log.countsByOperation["ReplicationFabrics_Get"], 2);
    const before = emulator.clock.nowMs();
    const advanced = (await (await call("POST", "/_emulator/clock/advance", { minutes: 15 })).json()) as {
      simulatedTime: string;
    };
    assert.equal(Date.parse(advanced.simulatedTime) - before, 15 * 60_000);
    assert.equal(
      (await fetch(`${emulator.endpoint}/_emulator/requests`)).status,
      401,
      "admin paths need the token too",
    );
  });
});
