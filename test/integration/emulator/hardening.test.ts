/**
 * Hostile names and bodies get ARM-shaped refusals: no prototype is reached through a name, no
 * crash on a malformed path, and an oversized body is answered, not reset.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { startTestEmulator } from "./support";

const SUBSCRIPTION = "/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
const VAULT = `${SUBSCRIPTION}/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr`;
const API = "api-version=2023-06-01";

describe("emulator hardening", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${emulator.endpoint}${path}`, {
      method,
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as { error?: { code: string; message: string } },
    };
  }

  it("refuses a scenario patch through __proto__ and leaves Object.prototype alone", async () => {
    for (const path of ["__proto__.polluted", "constructor.prototype.polluted", "vault.__proto__.polluted"]) {
      const answer = await call("POST", "/_emulator/scenario/patch", { path, value: "yes" });
      assert.equal(answer.status, 400, path);
      assert.equal(answer.body.error?.code, "BadRequest");
      assert.equal(({} as Record<string, unknown>)["polluted"], undefined, path);
    }
  });

  it("answers 404 for a job named __proto__", async () => {
    const answer = await call("GET", `${VAULT}/replicationJobs/__proto__?${API}`);
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error?.code, "NotFound");
  });

  it("answers 404 for an operation status named __proto__", async () => {
    const answer = await call("GET", `${VAULT}/replicationOperationStatus/__proto__?${API}`);
    assert.equal(answer.status, 404);
    assert.equal(answer.body.error?.code, "NotFound");
  });

  it("refuses to create a policy named __proto__ with InvalidResourceName", async () => {
    const answer = await call("PUT", `${VAULT}/replicationPolicies/__proto__?${API}`, {
      properties: { providerSpecificInput: { instanceType: "InMageAzureV2" } },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error?.code, "InvalidResourceName");
    assert.equal((await call("GET", `${VAULT}/replicationPolicies/__proto__?${API}`)).status, 404);
  });

  it("refuses to create a policy whose name is longer than ARM allows", async () => {
    const answer = await call("PUT", `${VAULT}/replicationPolicies/${"p".repeat(300)}?${API}`, {
      properties: { providerSpecificInput: { instanceType: "InMageAzureV2" } },
    });
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error?.code, "InvalidResourceName");
    assert.ok(answer.body.error!.message.length < 400, "the message quotes the name cut short");
  });

  it("answers 400 InvalidResourceName for a malformed percent-encoding in a name", async () => {
    const answer = await call("GET", `${VAULT}/replicationJobs/job%E0%A4%A?${API}`);
    assert.equal(answer.status, 400);
    assert.equal(answer.body.error?.code, "InvalidResourceName");
  });

  it("answers a 50 MB body with 413 RequestContentTooLarge, and keeps serving", async () => {
    const body = JSON.stringify({
      properties: {
        providerSpecificInput: { instanceType: "InMageAzureV2", padding: "x".repeat(50 * 1024 * 1024) },
      },
    });
    const answer = await call("PUT", `${VAULT}/replicationPolicies/policy-large?${API}`, body);
    assert.equal(answer.status, 413);
    assert.equal(answer.body.error?.code, "RequestContentTooLarge");
    assert.equal((await call("GET", `${VAULT}/replicationPolicies/policy-large?${API}`)).status, 404);
    assert.equal((await call("GET", `${VAULT}/replicationJobs?${API}`)).status, 200);
  });
});
