import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { startTestEmulator } from "./support";

const SUBSCRIPTION = "/subscriptions/6f1c2d7e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
const GROUP = `${SUBSCRIPTION}/resourceGroups/rg-dr/providers`;
const VAULT = `${GROUP}/Microsoft.RecoveryServices/vaults/vault-dr`;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator ARM front door", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  async function get(pathAndQuery: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${emulator.endpoint}${pathAndQuery}`, {
      headers: { authorization: `Bearer ${emulator.token}`, ...headers },
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text ? JSON.parse(text) : undefined) as { error?: { code: string; message: string } },
    };
  }

  describe("request and correlation IDs", () => {
    it("puts a fresh x-ms-request-id and a correlation ID on every answer, errors included", async () => {
      const answers = [
        await get(`${VAULT}/replicationFabrics?api-version=2023-06-01`),
        await get(`${VAULT}/replicationFabrics/nope?api-version=2023-06-01`),
        await get(`${VAULT}/replicationFabrics?api-version=2023-06-01`, { authorization: "Bearer wrong" }),
      ];
      const requestIds = answers.map((answer) => answer.headers.get("x-ms-request-id") ?? "");
      for (const answer of answers) {
        assert.match(answer.headers.get("x-ms-request-id") ?? "", GUID);
        assert.match(answer.headers.get("x-ms-correlation-request-id") ?? "", GUID);
      }
      assert.equal(new Set(requestIds).size, answers.length, "each request has its own ID");
    });

    it("echoes the client's x-ms-correlation-request-id", async () => {
      const correlationId = "0f8fad5b-d9cb-469f-a165-70867728950e";
      const answer = await get(`${VAULT}/replicationFabrics?api-version=2023-06-01`, {
        "x-ms-correlation-request-id": correlationId,
      });
      assert.equal(answer.headers.get("x-ms-correlation-request-id"), correlationId);
    });
  });

  describe("authentication", () => {
    it("refuses a token it did not issue with InvalidAuthenticationToken", async () => {
      const answer = await get(`${VAULT}/replicationFabrics?api-version=2023-06-01`, {
        authorization: "Bearer forged",
      });
      assert.equal(answer.status, 401);
      assert.equal(answer.body.error?.code, "InvalidAuthenticationToken");
      assert.match(answer.headers.get("www-authenticate") ?? "", /^Bearer /);
    });
  });

  describe("api-version", () => {
    it("refuses a request without api-version with MissingApiVersionParameter", async () => {
      const answer = await get(`${VAULT}/replicationFabrics`);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error?.code, "MissingApiVersionParameter");
    });

    const refused: [string, string, string][] = [
      ["Microsoft.RecoveryServices", `${VAULT}/replicationFabrics`, "2023-06-01"],
      ["Microsoft.Network", `${GROUP}/Microsoft.Network/expressRouteCircuits`, "2026-01-01"],
      ["Microsoft.Compute", `${GROUP}/Microsoft.Compute/virtualMachines/vm-1`, "2024-07-01"],
    ];
    for (const [namespace, path, published] of refused) {
      it(`refuses an unpublished ${namespace} api-version, listing ${published} among the supported`, async () => {
        const answer = await get(`${path}?api-version=2099-01-01`);
        assert.equal(answer.status, 400);
        assert.equal(answer.body.error?.code, "InvalidApiVersionParameter");
        assert.match(answer.body.error?.message ?? "", /The api-version '2099-01-01' is invalid\./);
        assert.ok(answer.body.error?.message.includes(published), answer.body.error?.message);
      });
    }

    const accepted: [string, string][] = [
      [`${VAULT}/replicationFabrics`, "2023-06-01"],
      [`${VAULT}/replicationFabrics`, "2025-08-01"],
      [`${GROUP}/Microsoft.Network/expressRouteCircuits`, "2026-01-01"],
      [`${GROUP}/Microsoft.Network/expressRouteCircuits`, "2024-05-01"],
    ];
    for (const [path, apiVersion] of accepted) {
      it(`accepts api-version ${apiVersion} on ${path.split("/providers/")[1]}`, async () => {
        const answer = await get(`${path}?api-version=${apiVersion}`);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      });
    }
  });

  describe("unknown paths", () => {
    it("answers an unknown child collection with InvalidResourceType", async () => {
      const answer = await get(`${VAULT}/replicationWidgets?api-version=2023-06-01`);
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error?.code, "InvalidResourceType");
      assert.match(
        answer.body.error?.message ?? "",
        /'vaults\/replicationWidgets'.*'Microsoft\.RecoveryServices'/,
      );
    });

    it("answers a path of a served type that no operation answers with NotFound", async () => {
      const answer = await get(`${VAULT}?api-version=2023-06-01`);
      assert.equal(answer.status, 404);
      assert.equal(answer.body.error?.code, "NotFound");
    });

    it("answers an unknown namespace with InvalidResourceNamespace", async () => {
      const answer = await get(`${GROUP}/Microsoft.Widgets/widgets?api-version=2023-06-01`);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error?.code, "InvalidResourceNamespace");
    });
  });
});

describe("emulator Site Recovery error envelope", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startTestEmulator();
  });
  after(async () => {
    await emulator.close();
  });

  it("answers a refused action with BadRequest and the service's code, guidance and IDs in details[0]", async () => {
    const item = `${VAULT}/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container/replicationProtectedItems/vm-web-1`;
    const correlationId = "5a1f2c3d-0000-4000-8000-00000000c0de";
    const clientRequestId = "9b2e3f4a-0000-4000-8000-00000000beef";
    const response = await fetch(`${emulator.endpoint}${item}/unplannedFailover?api-version=2023-06-01`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${emulator.token}`,
        "content-type": "application/json",
        "x-ms-correlation-request-id": correlationId,
        "x-ms-client-request-id": clientRequestId,
      },
      body: JSON.stringify({ properties: { providerSpecificDetails: { instanceType: "InMage" } } }),
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as {
      error: { code: string; message: string; details: Record<string, string>[] };
    };
    assert.equal(body.error.code, "BadRequest");
    assert.equal(body.error.details.length, 1);
    const [detail] = body.error.details;
    assert.deepEqual(Object.keys(detail!).sort(), [
      "activityId",
      "clientRequestId",
      "code",
      "message",
      "possibleCauses",
      "recommendedAction",
    ]);
    assert.equal(detail!["code"], "OperationNotAllowed");
    assert.match(detail!["message"]!, /'UnplannedFailover' is not allowed/);
    assert.equal(detail!["activityId"], correlationId);
    assert.equal(detail!["clientRequestId"], clientRequestId);
  });

  it("keeps ARM's own errors (not Site Recovery's) in error.code", async () => {
    const response = await fetch(
      `${emulator.endpoint}${VAULT}/replicationPolicies/p1?api-version=2023-06-01`,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
        body: JSON.stringify({ properties: {} }),
      },
    );
    assert.equal(response.status, 400);
    assert.equal(
      ((await response.json()) as { error: { code: string } }).error.code,
      "InvalidRequestContent",
    );
  });
});
