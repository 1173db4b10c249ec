/**
 * The emulator's simulated clock. Every duration in the world model (jobs, agent registration,
 * recovery points) is measured on it, never on the wall clock, so tests advance it instead of
 * sleeping and a demo runs a two-hour failback in seconds.
 *
 * Simulated time = start + manual advances + (real time elapsed × timeScale). With timeScale 0
 * (the in-process default) time only moves when someone calls {@link SimulatedClock.advance}.
 */

/** Source of real time in milliseconds; injectable so the clock itself is testable. */
export type RealTimeSource = () => number;

/** The serializable part of a clock, persisted with the world so time survives restarts. */
export interface ClockSnapshot {
  /** Simulated time, in epoch milliseconds, when the snapshot was taken. */
  readonly simulatedEpochMs: number;
}

/** A simulated clock. */
export class SimulatedClock {
  private baseSimulatedMs: number;
  private baseRealMs: number;
  private readonly listeners = new Set<() => void>();

  constructor(
    startEpochMs: number,
    /** Simulated seconds per real second; 0 freezes time between manual advances. */
    private timeScaleValue = 0,
    private readonly realNow: RealTimeSource = Date.now,
  ) {
    this.baseSimulatedMs = startEpochMs;
    this.baseRealMs = realNow();
  }

  /** Current simulated time in epoch milliseconds. */
  nowMs(): number {
    return this.baseSimulatedMs + (this.realNow() - this.baseRealMs) * this.timeScaleValue;
  }

  /** Current simulated time. */
  now(): Date {
    return new Date(this.nowMs());
  }

  /** Simulated seconds per real second. */
  get timeScale(): number {
    return this.timeScaleValue;
  }

  /** Changes the time scale from now on (time already elapsed is kept). */
  setTimeScale(timeScale: number): void {
    if (!(timeScale >= 0) || !Number.isFinite(timeScale)) {
      throw new RangeError(`time scale must be a finite number >= 0, got ${timeScale}`);
    }
    this.rebase();
    this.timeScaleValue = timeScale;
  }

  /** Moves simulated time forward by `seconds` and notifies listeners (the store persists). */
  advance(seconds: number): Date {
    if (!(seconds >= 0) || !Number.isFinite(seconds)) {
      throw new RangeError(`cannot advance the clock by ${seconds} seconds: give a finite number >= 0`);
    }
    this.rebase();
    this.baseSimulatedMs += seconds * 1000;
    for (const listener of this.listeners) listener();
    return this.now();
  }

  /** Registers a callback run after every manual advance. Returns an unsubscribe function. */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The state to persist. */
  snapshot(): ClockSnapshot {
    return { simulatedEpochMs: this.nowMs() };
  }

  private rebase(): void {
    const realNow = this.realNow();
    this.baseSimulatedMs += (realNow - this.baseRealMs) * this.timeScaleValue;
    this.baseRealMs = realNow;
  }
}
