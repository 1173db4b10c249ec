/**
 * Several FailbackPlans of many items in one provider process, as a stack of them runs: every
 * wait goes through the vault's one watcher, so the requests made while waiting grow with the
 * list pages, not with the items, and each action is sent once per item per stage.
 */
import assert from "node:assert/strict";
import type { RunningEmulator, ScenarioInput } from "asr-emulator";
import { getAsrClient } from "../../../provider/config";
import { createFailbackPlan } from "../../../provider/resources/failbackPlan";
import { existingVaultWatch } from "../../../provider/watch/registry";
import { healthyScenario } from "../emulator/support";
import {
  actionsOn,
  FULL_CYCLE_ACTIONS,
  startPlanEmulator,
  stopPlanEmulator,
  vmwarePlanInputs,
} from "./support";

const PLAN_COUNT = 3;
const ITEMS_PER_PLAN = 20;
const PAGE_SIZE = 10;

function itemName(plan: number, item: number): string {
  return `vm-p${plan}-${String(item).padStart(2, "0")}`;
}

/** The healthy scenario's two web VMs cloned into `PLAN_COUNT` × `ITEMS_PER_PLAN` items. */
function manyItemsScenario(): ScenarioInput {
  const base = healthyScenario() as Record<string, any>;
  const templates = ["vm-web-1", "vm-web-2"].map((name) =>
    base["protectedItems"].find((item: { name: string }) => item.name === name),
  );
  base["protectedItems"] = Array.from({ length: PLAN_COUNT * ITEMS_PER_PLAN }, (_, index) => {
    const plan = Math.floor(index / ITEMS_PER_PLAN);
    const name = itemName(plan, index % ITEMS_PER_PLAN);
    const { replicationGroup: _group, ...template } = templates[index % 2];
    return {
      ...template,
      name,
      friendlyName: name,
      azureVm: { ...template.azureVm, name, ipAddress: `10.60.${plan}.${(index % ITEMS_PER_PLAN) + 10}` },
    };
  });
  base["recoveryPlans"] = [];
  return base as ScenarioInput;
}

/** Requests of one operation in the log. */
function countOf(emulator: RunningEmulator, operation: string): number {
  return emulator.requests.all().filter((entry) => entry.operation === operation).length;
}

describe("FailbackPlans of many items in one provider process", function () {
  this.timeout(300_000);
  let emulator: RunningEmulator | undefined;
  let processServerId: string;
  before(async () => {
    ({ emulator, processServerId } = await startPlanEmulator({
      scenario: manyItemsScenario(),
      pageSize: PAGE_SIZE,
    }));
  });
  after(() => stopPlanEmulator(emulator));

  it("waits through one watcher: no per-item reads while waiting, each action once per item and stage", async () => {
    emulator!.requests.clear();
    const plans = Array.from({ length: PLAN_COUNT }, (_, plan) =>
      createFailbackPlan(
        vmwarePlanInputs(processServerId, {
          items: Array.from({ length: ITEMS_PER_PLAN }, (_, item) => itemName(plan, item)),
          targetStage: "protectedToAzure",
          maxConcurrency: ITEMS_PER_PLAN,
        }),
      ),
    );
    const created = await Promise.all(plans);
    assert.deepEqual(
      created.map((plan) => plan.outs["stage"]),
      Array.from({ length: PLAN_COUNT }, () => "protectedToAzure"),
    );

    const items = PLAN_COUNT * ITEMS_PER_PLAN;
    for (let plan = 0; plan < PLAN_COUNT; plan++) {
      for (let item = 0; item < ITEMS_PER_PLAN; item++) {
        const name = itemName(plan, item);
        assert.deepEqual(actionsOn(emulator!, name), FULL_CYCLE_ACTIONS, `actions on ${name}`);
      }
    }

    const watch = existingVaultWatch(await getAsrClient());
    assert.ok(watch, "no vault watcher was used");
    const { sweeps, pages, gets } = watch.watcher.counts;
    const listRequests =
      countOf(emulator!, "ReplicationJobs_List") + countOf(emulator!, "ReplicationProtectedItems_List");
    const itemGets = countOf(emulator!, "ReplicationProtectedItems_Get");
    const jobGets = countOf(emulator!, "ReplicationJobs_Get");
    const operationPolls = countOf(emulator!, "OperationStatus_Get");
    const actionCount = 4 * items;
    console.log(
      `      ${items} items, ${actionCount} actions: ${sweeps} sweeps, ${listRequests} list requests (${pages} pages read by the watcher), ${itemGets} item GETs, ${jobGets} job GETs, ${operationPolls} operation status reads, ${gets} reads of objects the lists missed`,
    );
    // Waiting took many sweeps: a per-item poll would have read every item that many times.
    assert.ok(sweeps >= 10, `only ${sweeps} sweeps: the run did not wait long enough to tell`);
    // Item reads come only before and after actions, never per interval: a fixed number per item.
    assert.ok(itemGets <= 8 * items, `${itemGets} item GETs for ${items} items`);
    assert.ok(itemGets < sweeps * items, "items were read one by one per interval");
    // Each action's job is awaited through the jobs list, not read by itself every interval.
    assert.ok(jobGets + gets <= actionCount, `${jobGets} job GETs, ${gets} missed by the lists`);
    // One status read per action (the SDK's first poll when it starts the action), no poll loop.
    assert.ok(operationPolls <= actionCount, `${operationPolls} operation status reads`);
    // The lists: per sweep at most the pages the vault's jobs and items fill, whatever the waiters.
    const itemPages = Math.ceil(items / PAGE_SIZE);
    const jobPages = Math.ceil(actionCount / PAGE_SIZE);
    // Besides the watcher's pages, each plan lists its items once before and once after its run.
    assert.ok(listRequests - pages <= 2 * PLAN_COUNT * itemPages, `${listRequests} list requests`);
    assert.ok(pages <= sweeps * (itemPages + jobPages), `${pages} pages in ${sweeps} sweeps`);
    // No request was throttled.
    assert.equal(emulator!.requests.all().filter((entry) => entry.statusCode === 429).length, 0);
  });
});
