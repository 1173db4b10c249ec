/**
 * What a kind store needs of the world store: the state, the one way to change it (settle,
 * mutate, settle again, persist) and the simulated time.
 */
import type { WorldState } from "../model/world";

/** The world store as its kind stores see it. */
export interface StoreContext {
  /** The world; read it at each call, the store may replace it. */
  readonly state: WorldState;
  /** Runs `mutation`, settles jobs around it and persists. */
  mutate<T>(mutation: (state: WorldState) => T): T;
  /** Current simulated time. */
  nowMs(): number;
}
