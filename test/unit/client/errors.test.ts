import assert from "node:assert/strict";
import { RestError } from "@azure/core-rest-pipeline";
import { AsrErrorCodes } from "asr-contract";
import { toAzureCallError } from "../../../provider/client/errors";
import { guidanceByCode } from "../../../provider/client/guidance";
import { AzureCallError } from "../../../provider/errors";

describe("toAzureCallError", () => {
  it("turns a failed LRO into the guidance message", () => {
    const error = toAzureCallError(
      new Error(
        "The long-running operation has failed. 78093. The Azure virtual machine of vm-web-1 is not running.",
      ),
      {
        action: "failing over",
        target: "vm-web-1",
        jobName: "job-1",
      },
    );
    assert.ok(error instanceof AzureCallError);
    assert.equal(
      error.message,
      "failing over vm-web-1: 78093 the Azure VM is not running; start it in the Azure portal and retry",
    );
    assert.equal(error.code, "78093");
    assert.equal(error.jobName, "job-1");
  });

  it("keeps the code and status of a refused request", () => {
    const error = toAzureCallError(
      new RestError("Policy is in use", { code: "PolicyInUse", statusCode: 400 }),
      { action: "deleting policy", target: "p1" },
    );
    assert.equal(error.code, "PolicyInUse");
    assert.equal(error.statusCode, 400);
    assert.equal(error.message, "deleting policy p1: PolicyInUse Policy is in use");
  });

  it("reports a cancelled call as Cancelled", () => {
    const abort = Object.assign(new Error("The operation was aborted."), { name: "AbortError" });
    assert.equal(toAzureCallError(abort, { action: "reading", target: "x" }).code, "Cancelled");
  });

  const cases: [string, RegExp][] = [
    [
      AsrErrorCodes.configurationServerUnreachable,
      /cannot reach the configuration server; check the site-to-site VPN/,
    ],
    [AsrErrorCodes.vmNameAlreadyExists, /already exists on the master target's ESX host/],
    [AsrErrorCodes.datastoreNotReachable, /not reachable from the ESXi host/],
    [AsrErrorCodes.onPremisesVmBootFailed, /failed to boot; free memory/],
    [AsrErrorCodes.agentNotInstalled, /up to 15 minutes after boot\); wait a few minutes and retry/],
    [AsrErrorCodes.masterTargetHasSnapshots, /snapshots; delete/],
    [AsrErrorCodes.vCenterNotConnected, /vCenter is disconnected/],
    [AsrErrorCodes.datastoresNotDiscovered, /read-only/],
  ];
  for (const [code, pattern] of cases) {
    it(`explains ${code}`, () => {
      const message = toAzureCallError(new RestError("x", { code, statusCode: 400 }), {
        action: "reprotecting",
        target: "vm-1",
      }).message;
      assert.match(message, new RegExp(`^reprotecting vm-1: ${code} `));
      assert.match(message, pattern);
    });
  }

  describe("Site Recovery's code in either placement", () => {
    const guided: [string, RegExp][] = [
      [AsrErrorCodes.azureVmNotRunning, /the Azure VM is not running; start it/],
      [AsrErrorCodes.configurationServerUnreachable, /cannot reach the configuration server; check/],
      [AsrErrorCodes.datastoreNotReachable, /not reachable from the ESXi host; make the datastore/],
    ];
    const armBody = (code: string) => ({
      error: {
        code: "BadRequest",
        message: "Request failed.",
        details: [{ code, message: "Site Recovery's own message", activityId: "a", clientRequestId: "c" }],
      },
    });
    // [how the SDK carries the body, the error it throws]
    const placements: [string, (code: string) => RestError][] = [
      [
        "error.details[0] as the service answers (Site Recovery SDK: details.body)",
        (code) =>
          Object.assign(new RestError("Request failed.", { code: "BadRequest", statusCode: 400 }), {
            details: { body: armBody(code) },
          }),
      ],
      [
        "error.details[0] as the service answers (modular SDKs: details)",
        (code) =>
          Object.assign(new RestError("Request failed.", { code: "BadRequest", statusCode: 400 }), {
            details: armBody(code),
          }),
      ],
      [
        "error.code itself",
        (code) => new RestError("Site Recovery's own message", { code, statusCode: 400 }),
      ],
    ];
    for (const [placement, thrown] of placements) {
      for (const [code, guidance] of guided) {
        it(`keeps the guidance of ${code} when the code is in ${placement}`, () => {
          const error = toAzureCallError(thrown(code), { action: "reprotecting", target: "vm-1" });
          assert.equal(error.code, code);
          assert.equal(error.statusCode, 400);
          assert.match(error.message, new RegExp(`^reprotecting vm-1: ${code} `));
          assert.match(error.message, guidance);
        });
      }
    }

    it("quotes the service's message for a code without guidance", () => {
      const error = toAzureCallError(
        Object.assign(new RestError("Request failed.", { code: "BadRequest", statusCode: 400 }), {
          details: { body: armBody("InvalidParameter") },
        }),
        { action: "reprotecting", target: "vm-1" },
      );
      assert.equal(error.message, "reprotecting vm-1: InvalidParameter Site Recovery's own message");
    });

    it("keeps BadRequest when the answer names no service code", () => {
      const error = toAzureCallError(
        new RestError("The request content was invalid.", { code: "BadRequest", statusCode: 400 }),
        { action: "reprotecting", target: "vm-1" },
      );
      assert.equal(error.code, "BadRequest");
    });
  });

  it("has guidance for every failback code the emulator raises", () => {
    for (const code of Object.values(AsrErrorCodes).filter(
      (value) => !["InvalidParameter", "JobCancelled"].includes(value),
    )) {
      assert.ok(guidanceByCode[code], `missing guidance for ${code}`);
    }
  });
});
