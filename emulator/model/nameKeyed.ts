/**
 * Name-keyed stores of the world. Names come from request paths, so a store must not inherit
 * anything a name could reach: `jobs["__proto__"]` on a plain object is Object.prototype (a
 * "found" job), and assigning it replaces the prototype instead of storing. A store is an object
 * without a prototype, which also survives JSON persistence unchanged.
 */
import type { JobRecord, VmState, WorldState } from "./world";
import { VM_WRITE_ONLY_PATHS, withoutWriteOnlyFields } from "./writeOnlyFields";

/** A store keyed by (lower-cased or exact) name. */
export type NameKeyed<T> = Record<string, T>;

/** A store without a prototype holding `entries`' own enumerable entries. */
export function nameKeyed<T>(entries: Readonly<Record<string, T>> = {}): NameKeyed<T> {
  const store = Object.create(null) as NameKeyed<T>;
  // Defined rather than assigned, so an own `__proto__` key (JSON.parse makes them) stays data.
  for (const [key, value] of Object.entries(entries)) {
    Object.defineProperty(store, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return store;
}

/**
 * The world with every name-keyed store (and each job's per-item effects) without a prototype,
 * and without the write-only fields a state file written by an earlier version may still hold.
 * The world store applies it to every world it is given, created or loaded.
 */
export function withNameKeyedStores(world: WorldState): WorldState {
  const virtualMachines = nameKeyed<VmState>();
  for (const [key, vm] of Object.entries(world.virtualMachines)) {
    virtualMachines[key] = { ...vm, body: withoutWriteOnlyFields(vm.body, VM_WRITE_ONLY_PATHS) };
  }
  const jobs = nameKeyed<JobRecord>();
  for (const [key, job] of Object.entries(world.jobs))
    jobs[key] = { ...job, effects: nameKeyed(job.effects) };
  world.items = nameKeyed(world.items);
  world.jobs = jobs;
  world.operations = nameKeyed(world.operations);
  world.policies = nameKeyed(world.policies);
  world.mappings = nameKeyed(world.mappings);
  world.virtualMachines = virtualMachines;
  world.networkInterfaces = nameKeyed(world.networkInterfaces);
  return world;
}
