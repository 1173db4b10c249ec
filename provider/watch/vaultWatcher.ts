/**
 * One watcher per vault: every job and every protected item any FailbackPlan of the process waits
 * for is watched here, with one jobs list and one items list per interval, whatever the number of
 * plans and items.
 *
 * ARM throttles reads per principal (a bucket of 250 refilled at 25 a second). A thousand items
 * each polled on its own, and a poller per action, spend that bucket on status reads; one sweep
 * of the vault spends a few pages. A sweep runs only while someone waits, and the loop stops when
 * the last waiter leaves, so an idle provider makes no calls at all.
 */
import type { Job, ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import type { Clock } from "../waits";
import { type ListSource, ListWatch, type SweepReport, type WaitSpec } from "./listWatch";

/**
 * Sweeps in a row that may fail (after the pipeline's own retries) before the waiters are told:
 * one failed list must not fail a thousand waits, a vault that stays unreachable must.
 */
export const MAX_FAILED_SWEEPS = 3;

/** Where the watcher reads jobs and items. */
export interface VaultSources {
  /** Jobs; a hint is the earliest instant the job can have started. */
  readonly jobs: ListSource<Job, Date>;
  /** Protected items; a hint is the item's fabric name. */
  readonly items: ListSource<ReplicationProtectedItem, string>;
}

/** A wait on one job. */
export interface JobWait extends Omit<WaitSpec<Job, Date>, "key" | "hint"> {
  readonly jobName: string;
  /** The job cannot have started before this instant (narrows the jobs list). */
  readonly startedNoEarlierThan?: Date;
  /** The service asked not to be polled sooner than this, in milliseconds (`Retry-After`). */
  readonly retryAfterInMs?: number;
}

/** A wait on one protected item. */
export interface ItemWait extends Omit<WaitSpec<ReplicationProtectedItem, string>, "key" | "hint"> {
  /** Key of the item (see `itemKey`). */
  readonly itemKey: string;
  /** Fabric of the item (narrows the items list). */
  readonly fabricName?: string;
}

/** Counts since the watcher was made: what it cost (tests, benchmarks). */
export interface WatchCounts {
  sweeps: number;
  pages: number;
  gets: number;
  failedSweeps: number;
}

/** The watcher of one vault. */
export class VaultWatcher {
  private readonly jobs: ListWatch<Job, Date>;
  private readonly items: ListWatch<ReplicationProtectedItem, string>;
  private retryAfterInMs = 0;
  private running = false;
  /** Aborted when the last waiter leaves, to end the loop's sleep at once. */
  private idle = new AbortController();
  private failuresInARow = 0;
  /** What the watcher cost so far. */
  readonly counts: WatchCounts = { sweeps: 0, pages: 0, gets: 0, failedSweeps: 0 };

  constructor(
    sources: VaultSources,
    /** The clock the loop sleeps on (the provider's wait clock). */
    readonly clock: Clock,
    /** Pause between sweeps, in milliseconds, unless the service asked for a longer one. */
    readonly intervalInMs: number,
  ) {
    this.jobs = new ListWatch(sources.jobs, (job) => job.properties?.startTime);
    this.items = new ListWatch(sources.items);
  }

  /** Number of waits in progress. */
  get waiting(): number {
    return this.jobs.size + this.items.size;
  }

  /** Waits for a job; resolves with the read that `isDone` accepted. */
  awaitJob(wait: JobWait): Promise<Job> {
    if (wait.retryAfterInMs !== undefined) this.retryAfterInMs = Math.max(0, wait.retryAfterInMs);
    return this.jobs.wait(
      {
        ...wait,
        key: wait.jobName,
        ...(wait.startedNoEarlierThan ? { hint: wait.startedNoEarlierThan } : {}),
      },
      () => this.waitersChanged(),
    );
  }

  /** Waits for a protected item; resolves with the read that `isDone` accepted. */
  awaitItem(wait: ItemWait): Promise<ReplicationProtectedItem> {
    return this.items.wait(
      { ...wait, key: wait.itemKey, ...(wait.fabricName ? { hint: wait.fabricName } : {}) },
      () => this.waitersChanged(),
    );
  }

  /** The pause before the next sweep: the interval, or the service's `Retry-After` when longer. */
  get nextPauseInMs(): number {
    return Math.max(this.intervalInMs, this.retryAfterInMs);
  }

  private waitersChanged(): void {
    if (this.waiting === 0) {
      this.idle.abort();
      return;
    }
    if (this.running) return;
    this.running = true;
    this.idle = new AbortController();
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      // Waiters registered in the same turn as the first one join the first sweep.
      await Promise.resolve();
      while (this.waiting > 0) {
        this.renewIdleSignal();
        await this.sweep();
        if (this.waiting === 0) break;
        this.renewIdleSignal();
        try {
          await this.clock.sleep(this.nextPauseInMs, this.idle.signal);
        } catch {
          // The last waiter left during the pause.
        }
      }
    } finally {
      this.running = false;
      // A waiter that came while the loop was ending starts it again.
      if (this.waiting > 0) this.waitersChanged();
    }
  }

  /** Waiters came back after the last one left: a fresh signal for what follows. */
  private renewIdleSignal(): void {
    if (this.idle.signal.aborted) this.idle = new AbortController();
  }

  /** One sweep of each kind somebody waits for. */
  private async sweep(): Promise<void> {
    const signal = this.idle.signal;
    try {
      const reports: SweepReport[] = [];
      if (this.jobs.size > 0) reports.push(await this.jobs.sweep(signal));
      if (this.items.size > 0) reports.push(await this.items.sweep(signal));
      this.counts.sweeps += 1;
      for (const report of reports) {
        this.counts.pages += report.pages;
        this.counts.gets += report.gets;
      }
      this.failuresInARow = 0;
    } catch (error) {
      if (signal.aborted) return;
      this.counts.failedSweeps += 1;
      this.failuresInARow += 1;
      if (this.failuresInARow >= MAX_FAILED_SWEEPS) {
        this.failuresInARow = 0;
        this.jobs.rejectAll(error);
        this.items.rejectAll(error);
      }
    }
  }
}
