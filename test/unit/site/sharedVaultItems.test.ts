import assert from "node:assert/strict";
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { AsrClient } from "../../../provider/client";
import {
  CHECK_LIST_SHARING_MS,
  vaultItemsChanged,
  vaultItemsForCheck,
} from "../../../provider/site/sharedVaultItems";

/** A client whose item list counts its calls and fails when told to. */
function countingClient() {
  const state = { lists: 0, fail: false };
  const client = {
    listProtectedItems: async (): Promise<ReplicationProtectedItem[]> => {
      state.lists += 1;
      if (state.fail) throw new Error("vault unreachable");
      return [{ name: `vm-${state.lists}` }];
    },
  } as unknown as AsrClient;
  return { client, state };
}

describe("the vault's item list shared by the plans checked together", () => {
  it("serves the checks within the window from one read, and reads again after it", async () => {
    const { client, state } = countingClient();
    const first = await vaultItemsForCheck(client, 1_000);
    const second = await vaultItemsForCheck(client, 1_000 + CHECK_LIST_SHARING_MS - 1);
    assert.equal(state.lists, 1);
    assert.equal(second, first);
    const later = await vaultItemsForCheck(client, 1_000 + CHECK_LIST_SHARING_MS);
    assert.equal(state.lists, 2);
    assert.deepEqual(later, [{ name: "vm-2" }]);
  });

  it("reads again once this process has driven items, within the window too", async () => {
    const { client, state } = countingClient();
    await vaultItemsForCheck(client, 0);
    vaultItemsChanged();
    assert.deepEqual(await vaultItemsForCheck(client, 1), [{ name: "vm-2" }]);
    assert.equal(state.lists, 2);
  });

  it("does not share a failed read", async () => {
    const { client, state } = countingClient();
    state.fail = true;
    await assert.rejects(vaultItemsForCheck(client, 0), /vault unreachable/);
    state.fail = false;
    assert.deepEqual(await vaultItemsForCheck(client, 1), [{ name: "vm-2" }]);
  });

  it("keeps one list per client (per vault configuration)", async () => {
    const one = countingClient();
    const other = countingClient();
    await vaultItemsForCheck(one.client, 0);
    await vaultItemsForCheck(other.client, 0);
    assert.equal(one.state.lists + other.state.lists, 2);
  });
});
