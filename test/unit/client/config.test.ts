import assert from "node:assert/strict";
import { resolveClientConfig } from "../../../provider/client/config";
import { ClientConfigError } from "../../../provider/errors";

describe("resolveClientConfig", () => {
  const base = { subscriptionId: "sub", resourceGroup: "rg", vaultName: "vault" };

  it("defaults to real Azure with DefaultAzureCredential (no token)", () => {
    const config = resolveClientConfig(base, {});
    assert.equal(config.endpoint, "https://management.azure.com");
    assert.equal(config.token, undefined);
    assert.equal(config.pollIntervalInMs, 30_000);
  });

  it("reads the emulator settings from environment variables", () => {
    const config = resolveClientConfig(
      {},
      {
        AZURE_SUBSCRIPTION_ID: "sub-env",
        ASR_FAILBACK_RESOURCE_GROUP: "rg-env",
        ASR_FAILBACK_VAULT: "vault-env",
        ASR_FAILBACK_ENDPOINT: "http://127.0.0.1:8080",
        ASR_FAILBACK_TOKEN: "token-env",
        ASR_FAILBACK_POLL_INTERVAL_MS: "0",
        ASR_FAILBACK_MAX_RETRIES: "2",
      },
    );
    assert.deepEqual(
      [
        config.subscriptionId,
        config.resourceGroup,
        config.vaultName,
        config.endpoint,
        config.token,
        config.pollIntervalInMs,
        config.retry.maxRetries,
      ],
      ["sub-env", "rg-env", "vault-env", "http://127.0.0.1:8080", "token-env", 0, 2],
    );
  });

  it("lets object fields win over environment variables", () => {
    const config = resolveClientConfig(
      { ...base, endpoint: "http://127.0.0.1:1" },
      { ASR_FAILBACK_ENDPOINT: "http://127.0.0.1:2" },
    );
    assert.equal(config.endpoint, "http://127.0.0.1:1");
  });

  it("names every missing field and the variable that would set it, never a token value", () => {
    assert.throws(
      () => resolveClientConfig({ token: "secret-token-value" }, {}),
      (error: ClientConfigError) => {
        assert.ok(error instanceof ClientConfigError);
        assert.match(error.message, /subscriptionId: .*\(or set AZURE_SUBSCRIPTION_ID\)/);
        assert.match(error.message, /vaultName: .*\(or set ASR_FAILBACK_VAULT\)/);
        assert.doesNotMatch(error.message, /secret-token-value/);
        return true;
      },
    );
  });
});
