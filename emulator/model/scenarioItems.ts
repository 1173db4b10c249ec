/** Looking a scenario's protected items up by name without scanning them. */
import type { Scenario, ScenarioItem } from "./scenario";

interface ItemIndex {
  /** The array the index was built from: a patch replaces the scenario and its arrays. */
  readonly source: readonly ScenarioItem[];
  readonly length: number;
  readonly byName: ReadonlyMap<string, ScenarioItem>;
}

const indexes = new WeakMap<Scenario, ItemIndex>();

/**
 * The scenario item of that name (names are unique per scenario), or undefined. Every response
 * about an item looks its scenario facts up, so a linear search made each list of n items cost n²
 * at a thousand VMs; the index is built once per scenario object and rebuilt if its item array
 * was replaced or grew.
 */
export function findScenarioItem(scenario: Scenario, name: string): ScenarioItem | undefined {
  let index = indexes.get(scenario);
  if (!index || index.source !== scenario.protectedItems || index.length !== scenario.protectedItems.length) {
    index = {
      source: scenario.protectedItems,
      length: scenario.protectedItems.length,
      byName: new Map(scenario.protectedItems.map((item) => [item.name, item])),
    };
    indexes.set(scenario, index);
  }
  return index.byName.get(name);
}
