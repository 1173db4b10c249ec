/** Changes to the scenario's facts at run time (the admin API's patch). */
import { Errors } from "../errors";
import { validateScenario } from "../model/loadScenario";
import type { StoreContext } from "./storeContext";

/**
 * Changes one fact of the scenario (`vCenters[0].connected` = false) and re-validates it; the
 * admin API uses this so tests can break the world between steps.
 */
export function patchScenario(world: StoreContext, path: string, value: unknown): void {
  world.mutate((state) => {
    const copy = structuredClone(state.scenario) as unknown as Record<string, unknown>;
    const keys = parsePath(path);
    let cursor: unknown = copy;
    for (const key of keys.slice(0, -1)) {
      // Only the scenario's own fields: an inherited one (`__proto__`, `constructor`) would
      // reach a prototype shared by every object of the process.
      if (cursor === null || typeof cursor !== "object" || !Object.hasOwn(cursor, key))
        throw Errors.invalidParameter(`scenario path '${path}' does not exist`);
      cursor = (cursor as Record<string | number, unknown>)[key];
    }
    if (cursor === null || typeof cursor !== "object")
      throw Errors.invalidParameter(`scenario path '${path}' does not exist`);
    (cursor as Record<string | number, unknown>)[keys[keys.length - 1]!] = value;
    try {
      state.scenario = validateScenario(copy, "scenario patch");
    } catch (error) {
      throw Errors.invalidParameter((error as Error).message);
    }
    // Facts the item state mirrors follow the patch.
    for (const source of state.scenario.protectedItems) {
      const item = state.items[source.name];
      if (!item || !source.azureVm) continue;
      const runsInAzure = [
        "FailedOverToAzure",
        "FailoverCommittedInAzure",
        "ReplicatingToOnPremises",
      ].includes(item.phase);
      if (path.startsWith("protectedItems") && path.includes(".azureVm")) {
        item.azureVmExists = source.azureVm.exists;
        item.azureVmRunning = runsInAzure && source.azureVm.exists && source.azureVm.running;
      }
      if (item.replicationPath === "modernized" && path.endsWith(".agentRegisteredAfterFailover")) {
        item.agentRegisteredAfterFailover = source.agentRegisteredAfterFailover;
      }
    }
  });
}

/** Keys that name an object's prototype machinery rather than a scenario fact. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

function parsePath(path: string): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) throw Errors.invalidParameter(`invalid scenario path '${path}'`);
    if (FORBIDDEN_KEYS.has(match[1]!)) throw Errors.invalidParameter(`invalid scenario path '${path}'`);
    keys.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(index[1]));
  }
  return keys;
}
