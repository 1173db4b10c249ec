/**
 * List answers page as ARM's do: `value` plus an absolute `nextLink` while more remain, at the
 * emulator's page size (100 unless a test or `--page-size` sets another).
 */
import assert from "node:assert/strict";
import { DEFAULT_PAGE_SIZE, type RunningEmulator, type ScenarioInput } from "asr-emulator";
import { clientFor, healthyScenario, startTestEmulator, withEmulatorProgram } from "./support";

const API = "api-version=2023-06-01";

interface Page {
  value: { name: string }[];
  nextLink?: string;
}

async function getPage(url: string, token: string): Promise<Page> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(response.status, 200, await response.clone().text());
  return (await response.json()) as Page;
}

/** The healthy scenario with `count` more copies of its first VMware item. */
function scenarioWithExtraItems(count: number): ScenarioInput {
  const scenario = healthyScenario() as { protectedItems: Record<string, unknown>[] };
  const template = scenario.protectedItems[0]!;
  for (let index = 0; index < count; index++) {
    const name = `vm-bulk-${String(index).padStart(3, "0")}`;
    const copy = structuredClone(template) as {
      name: string;
      disks: { name: string }[];
      azureVm?: { name: string; ipAddress?: string };
    };
    copy.name = name;
    copy.disks = copy.disks.map((disk) => ({ ...disk, name: `${name}-${disk.name}` }));
    if (copy.azureVm) copy.azureVm = { ...copy.azureVm, name, ipAddress: undefined };
    scenario.protectedItems.push(copy);
  }
  return scenario as ScenarioInput;
}

describe("emulator paging", () => {
  describe("at the default page size", () => {
    let emulator: RunningEmulator;
    before(async () => {
      emulator = await startTestEmulator({ scenario: scenarioWithExtraItems(150) });
    });
    after(() => emulator.close());

    it(`answers ${DEFAULT_PAGE_SIZE} items a page and a nextLink to the rest`, async () => {
      const path = `/Subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}/replicationProtectedItems`;
      const first = await getPage(`${emulator.endpoint}${path}?${API}`, emulator.token);
      assert.equal(first.value.length, DEFAULT_PAGE_SIZE);
      assert.ok(first.nextLink?.startsWith(`${emulator.endpoint}/`), "nextLink is an absolute emulator URL");
      assert.match(first.nextLink!, /api-version=2023-06-01/, "nextLink keeps the api-version");
      const second = await getPage(first.nextLink!, emulator.token);
      assert.equal(second.value.length, 156 - DEFAULT_PAGE_SIZE);
      assert.equal(second.nextLink, undefined, "the last page has no nextLink");
      const names = new Set([...first.value, ...second.value].map((item) => item.name));
      assert.equal(names.size, 156, "no item twice, none left out");
    });

    it("is read whole by the provider's client", async () => {
      const before = emulator.requests.countsByOperation()["ReplicationProtectedItems_List"] ?? 0;
      assert.equal((await clientFor(emulator).listProtectedItems()).length, 156);
      assert.equal(emulator.requests.countsByOperation()["ReplicationProtectedItems_List"]! - before, 2);
    });
  });

  it("refuses a page size that is not a whole number >= 1", async () => {
    for (const pageSize of [0, -1, 2.5]) {
      await assert.rejects(startTestEmulator({ pageSize }), /pageSize must be a whole number >= 1/);
    }
  });

  it("takes its page size from --page-size when run as a program", async function () {
    this.timeout(30_000);
    await withEmulatorProgram(["--scenario", "vmware-healthy", "--page-size", "4"], async (ready) => {
      const path = `/Subscriptions/${ready.subscriptionId}/resourceGroups/${ready.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${ready.vaultName}/replicationProtectedItems`;
      const first = await getPage(`${ready.endpoint}${path}?${API}`, ready.token);
      assert.equal(first.value.length, 4);
      const second = await getPage(first.nextLink!, ready.token);
      assert.equal(second.value.length, 2);
      assert.equal(second.nextLink, undefined);
    });
  });
});
