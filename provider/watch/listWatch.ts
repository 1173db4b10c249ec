/**
 * Waiters on one kind of vault object (jobs, or protected items) served by one paged list per
 * sweep instead of one GET per waiter per interval.
 *
 * ARM counts every GET against the subscription's read bucket (250, refilled 25/s). A thousand
 * items each read on its own every interval empties it in seconds; one list answers all of them
 * with a few pages. A waiter is woken (its `isDone` checked, its `onChange` called) only when its
 * object changed since the last sweep, so progress lines come once per change of state.
 */

/** Where one kind's objects come from. */
export interface ListSource<T, Hint> {
  /** What a log line or error calls the kind: `job`, `protected item`. */
  readonly kind: string;
  /**
   * The objects of the vault, page by page, narrowed by what the waiters' hints allow (a job's
   * earliest start, the items' fabric). May yield more than the waiters need; the watcher stops
   * reading pages once every waited object was seen.
   */
  listPages(hints: readonly Hint[], signal: AbortSignal): AsyncIterable<readonly T[]>;
  /**
   * No list without a hint: unnarrowed, it would be too long (a vault's whole job history); each
   * waiter without one is read on its own instead, which can teach its hint.
   */
  readonly listNeedsHint?: boolean;
  /** One object read on its own, for a waiter the list did not show; `undefined` when it is gone. */
  get(key: string, signal: AbortSignal): Promise<T | undefined>;
  /** The key a waiter names the object by (a job's name, an item's fabric/container/name). */
  keyOf(object: T): string | undefined;
  /**
   * Told that the list missed objects a GET then found: a source whose filter is inferred stops
   * trusting it.
   */
  listMissed?(): void;
}

/** What one waiter waits for. */
export interface WaitSpec<T, Hint> {
  /** Key of the object ({@link ListSource.keyOf}). */
  readonly key: string;
  /** Narrows the list for this waiter (a job's earliest start); optional. */
  readonly hint?: Hint;
  /** Whether the object as read ends the wait. */
  isDone(object: T): boolean;
  /** Called with every changed read that does not end the wait (progress lines). */
  readonly onChange?: (object: T) => void;
  /**
   * Check `isDone` after every sweep that shows the object, changed or not: for a wait whose end
   * depends on the time passed as well (an agent's grace period), not only on the object.
   */
  readonly recheckUnchanged?: boolean;
  /** Removes the waiter; the wait rejects with the signal's reason. */
  readonly signal?: AbortSignal;
}

interface Waiter<T, Hint> {
  readonly spec: WaitSpec<T, Hint>;
  /** Fingerprint of the last read shown to this waiter. */
  lastSeen?: string;
  /** Learned from a GET when the list missed the object (a job's start, for the next filter). */
  learnedHint?: Hint;
  resolve(object: T): void;
  reject(error: unknown): void;
  detach(): void;
}

/** Counts of one sweep, for tests and progress. */
export interface SweepReport {
  readonly pages: number;
  readonly gets: number;
  readonly woken: number;
}

/** The waiters of one kind. */
export class ListWatch<T, Hint> {
  private readonly waiters = new Set<Waiter<T, Hint>>();

  constructor(
    private readonly source: ListSource<T, Hint>,
    /** Reads a hint off an object read by GET (a job's start time), so the next list finds it. */
    private readonly hintOf: (object: T) => Hint | undefined = () => undefined,
  ) {}

  /** Number of waiters. */
  get size(): number {
    return this.waiters.size;
  }

  /** Registers a waiter; resolves with the read that ends the wait. */
  wait(spec: WaitSpec<T, Hint>, onChangeOfWaiters: () => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const { signal } = spec;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        waiter.detach();
        reject(signal?.reason);
      };
      const waiter: Waiter<T, Hint> = {
        spec,
        resolve: (object) => {
          waiter.detach();
          resolve(object);
        },
        reject: (error) => {
          waiter.detach();
          reject(error);
        },
        detach: () => {
          signal?.removeEventListener("abort", onAbort);
          if (this.waiters.delete(waiter)) onChangeOfWaiters();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.add(waiter);
      onChangeOfWaiters();
    });
  }

  /** Rejects every waiter with `error` (the vault stayed unreadable). */
  rejectAll(error: unknown): void {
    for (const waiter of [...this.waiters]) waiter.reject(error);
  }

  /**
   * One sweep: lists the kind once (following pages until every waited object was seen), reads
   * on its own only an object the list did not show, and wakes the waiters whose object changed.
   * A failed list rejects nobody: the caller logs it and the next sweep tries again.
   */
  async sweep(signal: AbortSignal): Promise<SweepReport> {
    const waiting = [...this.waiters];
    if (waiting.length === 0) return { pages: 0, gets: 0, woken: 0 };
    const wanted = new Set(waiting.map((waiter) => waiter.spec.key));
    const hints = waiting
      .map((waiter) => waiter.learnedHint ?? waiter.spec.hint)
      .filter((hint): hint is Hint => hint !== undefined);
    const found = new Map<string, T>();
    let pages = 0;
    if (hints.length > 0 || !this.source.listNeedsHint) {
      for await (const page of this.source.listPages(hints, signal)) {
        pages += 1;
        for (const object of page) {
          const key = this.source.keyOf(object);
          if (key !== undefined && wanted.has(key)) found.set(key, object);
        }
        // The rest of the pages hold nothing anyone waits for.
        if (found.size === wanted.size) break;
      }
    }
    let gets = 0;
    for (const key of wanted) {
      if (found.has(key)) continue;
      // Missed by the list (a filter narrower than inferred, an object newer than the page):
      // read it on its own rather than wait forever.
      gets += 1;
      const object = await this.source.get(key, signal);
      if (object === undefined) {
        for (const waiter of waiting)
          if (waiter.spec.key === key)
            waiter.reject(new Error(`${this.source.kind} ${key} disappeared from the vault while awaited`));
        continue;
      }
      found.set(key, object);
      const learned = this.hintOf(object);
      for (const waiter of waiting) if (waiter.spec.key === key && learned) waiter.learnedHint = learned;
    }
    if (gets > 0 && pages > 0) this.source.listMissed?.();
    let woken = 0;
    for (const waiter of waiting) {
      const object = found.get(waiter.spec.key);
      if (object === undefined || !this.waiters.has(waiter)) continue;
      const fingerprint = JSON.stringify(object);
      const changed = fingerprint !== waiter.lastSeen;
      if (!changed && !waiter.spec.recheckUnchanged) continue;
      waiter.lastSeen = fingerprint;
      woken += 1;
      try {
        if (waiter.spec.isDone(object)) waiter.resolve(object);
        else if (changed) waiter.spec.onChange?.(object);
      } catch (error) {
        waiter.reject(error);
      }
    }
    return { pages, gets, woken };
  }
}
