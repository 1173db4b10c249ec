/**
 * Site Recovery's item actions answer 202 with `Azure-AsyncOperation` and `Retry-After` and, as
 * Microsoft's published examples show, no `Location`; the emulator's `lroLocation` option adds
 * one. Either way the provider issues each action once and reads the item once after it, never
 * taking the poller's final body (the operation status without `Location`) for the item.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  siteRecoveryClientFor,
  startTestEmulator,
  vmware,
} from "./support";

const ITEM = "vm-web-1";

describe("emulator LRO headers of item actions", () => {
  for (const lroLocation of [false, true]) {
    describe(lroLocation ? "with Location (lroLocation)" : "as published (default)", () => {
      let emulator: RunningEmulator;
      beforeEach(async () => {
        emulator = await startTestEmulator({ lroLocation, retryAfterSeconds: 0, advanceOnPollSeconds: 120 });
      });
      afterEach(() => emulator.close());

      it(`answers reProtect with Azure-AsyncOperation, Retry-After and ${lroLocation ? "a" : "no"} Location`, async () => {
        const client = clientFor(emulator);
        await prepareFailbackPolicy(client);
        const processServerId = await onPremisesProcessServerId(client);
        const path = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container/replicationProtectedItems/${ITEM}/reProtect?api-version=2023-06-01`;
        const response = await fetch(`${emulator.endpoint}${path}`, {
          method: "POST",
          headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
          body: JSON.stringify({ properties: inMageReprotect(processServerId) }),
        });
        assert.equal(response.status, 202);
        assert.match(response.headers.get("azure-asyncoperation") ?? "", /\/replicationOperationStatus\//);
        assert.equal(response.headers.get("retry-after"), "0");
        if (lroLocation)
          assert.match(
            response.headers.get("location") ?? "",
            new RegExp(`/replicationProtectedItems/${ITEM}/operationresults/`),
          );
        else assert.equal(response.headers.get("location"), null);
      });

      it("has the provider issue each action once and read the item once after it", async () => {
        const client = clientFor(emulator);
        await prepareFailbackPolicy(client);
        const processServerId = await onPremisesProcessServerId(client);
        emulator.requests.clear();
        const reprotected = await client.reprotect(vmware(ITEM), inMageReprotect(processServerId), {
          onPoll: () => emulator.advance(120),
        });
        assert.equal(reprotected.result.name, ITEM);
        assert.equal(reprotected.result.properties?.providerSpecificDetails?.instanceType, "InMage");
        assert.equal(reprotected.result.properties?.protectionState, "InitialReplicationInProgress");
        emulator.advance(6 * 3600);
        emulator.requests.clear();
        const failedBack = await client.unplannedFailover(
          vmware(ITEM),
          {
            failoverDirection: "PrimaryToRecovery",
            providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" },
          },
          { onPoll: () => emulator.advance(120) },
        );
        assert.equal(
          failedBack.result.properties?.protectionState,
          "UnplannedFailoverCommitPendingStatesBegin",
        );
        const operations = emulator.requests.all().map((entry) => entry.operation);
        assert.equal(
          operations.filter((name) => name === "ReplicationProtectedItems_UnplannedFailover").length,
          1,
        );
        assert.equal(operations.filter((name) => name === "ReplicationProtectedItems_Get").length, 1);
        assert.equal(
          operations.at(-1),
          "ReplicationProtectedItems_Get",
          "the item is read after the operation ends",
        );
      });

      it(`gives the SDK poller ${lroLocation ? "the item" : "the operation status, not the item,"} as its final result`, async () => {
        const client = clientFor(emulator);
        await prepareFailbackPolicy(client);
        const processServerId = await onPremisesProcessServerId(client);
        const sdk = siteRecoveryClientFor(emulator);
        const final = await sdk.replicationProtectedItems.beginReprotectAndWait(
          emulator.vaultName,
          emulator.resourceGroup,
          "cs-contoso",
          "cs-contoso-container",
          ITEM,
          { properties: inMageReprotect(processServerId) },
          { updateIntervalInMs: 0 },
        );
        if (lroLocation) assert.equal(final.properties?.providerSpecificDetails?.instanceType, "InMage");
        else {
          assert.equal(final.properties, undefined);
          assert.equal((final as { status?: string }).status, "Succeeded");
        }
      });
    });
  }
});
