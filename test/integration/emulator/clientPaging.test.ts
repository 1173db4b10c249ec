/**
 * Every list call of the provider's client reads a list whole: the same world answered one item a
 * page and in one page gives the same entries. The table must name every `list…` method of the
 * client, so a list added later without a case here (say, a hand-written REST call that reads
 * only the first page's `value`) fails this test until it has one.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { AzureAsrClient } from "../../../provider/client/asrClient";
import {
  clientFor,
  inMageReprotect,
  LINUX_MASTER_TARGET,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  vmware,
} from "./support";

type ListCall = (client: AzureAsrClient) => Promise<readonly { name?: string }[]>;

/** Every page of a paged list, one after the other. */
async function allPages<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const entries: T[] = [];
  for await (const page of pages) entries.push(...page);
  return entries;
}

const LIST_CALLS: Readonly<Record<string, ListCall>> = {
  listFabrics: (client) => client.listFabrics(),
  listVCenters: (client) => client.listVCenters("cs-contoso"),
  listProtectionContainers: (client) => client.listProtectionContainers("cs-contoso"),
  listContainerMappings: (client) => client.listContainerMappings("cs-contoso", "cs-contoso-container"),
  listPolicies: (client) => client.listPolicies(),
  listProtectedItems: (client) => client.listProtectedItems(),
  listRecoveryPoints: (client) => client.listRecoveryPoints(vmware("vm-web-1")),
  listRecoveryPlans: (client) => client.listRecoveryPlans(),
  listJobs: (client) => client.listJobs(),
  listJobPages: (client) => allPages(client.listJobPages()),
  listProtectedItemPages: (client) => allPages(client.listProtectedItemPages()),
  listExpressRouteCircuitPeerings: (client) => client.listExpressRouteCircuitPeerings("rg-dr", "er-contoso"),
  listConnections: (client) => client.listConnections("rg-dr"),
};

/**
 * The same world in both emulators: a failback policy, its mapping, three reprotect jobs and the
 * recovery points of replication back to the site.
 */
async function arrange(emulator: RunningEmulator): Promise<void> {
  const client = clientFor(emulator);
  await prepareFailbackPolicy(client);
  const processServerId = await onPremisesProcessServerId(client);
  emulator.store.startItemAction("vm-web-1", "reProtect", inMageReprotect(processServerId));
  emulator.advance(600);
  emulator.store.startItemAction("vm-web-2", "reProtect", inMageReprotect(processServerId));
  emulator.advance(600);
  emulator.store.startItemAction(
    "vm-db-1",
    "reProtect",
    inMageReprotect(processServerId, {
      masterTargetId: LINUX_MASTER_TARGET,
      retentionDrive: "/mnt/retention",
    }),
  );
  // Replication back to the site runs long enough for recovery points to appear.
  emulator.advance(6 * 3600);
}

const totalRequests = (emulator: RunningEmulator) =>
  Object.values(emulator.requests.countsByOperation()).reduce((sum, count) => sum + count, 0);

describe("provider client lists across pages", () => {
  let onePerPage: RunningEmulator;
  let onePage: RunningEmulator;
  before(async () => {
    onePerPage = await startTestEmulator({ pageSize: 1 });
    onePage = await startTestEmulator({ pageSize: 1000 });
    await arrange(onePerPage);
    await arrange(onePage);
  });
  after(async () => {
    await onePerPage.close();
    await onePage.close();
  });

  it("has a case for every list method of the client", () => {
    const methods = Object.getOwnPropertyNames(AzureAsrClient.prototype).filter((name) =>
      /^list[A-Z]/.test(name),
    );
    assert.deepEqual(methods.sort(), Object.keys(LIST_CALLS).sort());
  });

  for (const [method, call] of Object.entries(LIST_CALLS)) {
    it(`${method} reads every page`, async () => {
      const whole = (await call(clientFor(onePage))).map((entry) => entry.name);
      const before = totalRequests(onePerPage);
      const paged = (await call(clientFor(onePerPage))).map((entry) => entry.name);
      const requests = totalRequests(onePerPage) - before;
      assert.deepEqual(paged, whole);
      assert.ok(whole.length > 0, "the case lists something");
      // One item a page: a list of n items takes n requests (the last page has no nextLink).
      assert.equal(requests, whole.length, `${whole.length} items at 1 a page`);
    });
  }
});
