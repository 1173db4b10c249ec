/**
 * The request log: every request the emulator answered, with the operation name the router gave
 * it and the protected item it concerned. Exactly-once checks read it: an accepted action appears
 * once per (operation, item).
 */

/** One answered request. */
export interface RequestLogEntry {
  readonly sequence: number;
  readonly method: string;
  readonly path: string;
  /** Router operation name (e.g. `ReplicationProtectedItems_Reprotect`), or `Unknown`. */
  readonly operation: string;
  readonly statusCode: number;
  /** Protected item the request addressed, if any. */
  readonly itemName?: string;
  /** Recovery plan the request addressed, if any. */
  readonly planName?: string;
  /** An action (POST that starts a job). */
  readonly action: boolean;
  /** Injected fault, if one answered instead of the emulator. */
  readonly fault?: string;
  /** Refused by ARM's throttle (429 `SubscriptionRequestsThrottled`) before any handler saw it. */
  readonly throttled?: boolean;
  /** Wall-clock time in epoch milliseconds. */
  readonly realTimeMs: number;
  /** Simulated time (ISO 8601). */
  readonly simulatedTime: string;
}

/** An accepted action: the basis of exactly-once checks. */
export interface ActionRecord {
  readonly operation: string;
  readonly target: string;
  readonly count: number;
}

/** The log. Bounded so a long demo does not grow without limit. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private sequence = 0;
  private throttledRequests = 0;

  constructor(private readonly capacity = 100_000) {}

  /** Appends an entry (sequence assigned here). */
  record(entry: Omit<RequestLogEntry, "sequence">): RequestLogEntry {
    this.sequence += 1;
    const full = { ...entry, sequence: this.sequence };
    if (full.throttled) this.throttledRequests += 1;
    this.entries.push(full);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return full;
  }

  /** All entries, oldest first. */
  all(): readonly RequestLogEntry[] {
    return this.entries;
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries = [];
    this.throttledRequests = 0;
  }

  /**
   * Requests ARM's throttle refused since the log was last cleared. Counted apart from the
   * entries, so the count stays whole when old entries fall out of the bounded log.
   */
  throttledCount(): number {
    return this.throttledRequests;
  }

  /** Requests per operation name. */
  countsByOperation(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) counts[entry.operation] = (counts[entry.operation] ?? 0) + 1;
    return counts;
  }

  /** Requests per protected item, per operation. */
  countsByItem(): Record<string, Record<string, number>> {
    const counts: Record<string, Record<string, number>> = {};
    for (const entry of this.entries) {
      if (!entry.itemName) continue;
      const perItem = counts[entry.itemName] ?? {};
      counts[entry.itemName] = perItem;
      perItem[entry.operation] = (perItem[entry.operation] ?? 0) + 1;
    }
    return counts;
  }

  /**
   * Accepted actions (status 202) grouped by (operation, item or plan). An action whose answer
   * was dropped (`dropAnswer`) counts: the service applied it even though the client never heard.
   */
  actions(): ActionRecord[] {
    const counts = new Map<string, ActionRecord>();
    for (const entry of this.entries) {
      if (!entry.action || entry.statusCode !== 202) continue;
      if (entry.fault && entry.fault !== "dropAnswer") continue;
      const target = entry.itemName ?? entry.planName ?? "";
      const key = `${entry.operation}\u0000${target}`;
      const previous = counts.get(key);
      counts.set(key, { operation: entry.operation, target, count: (previous?.count ?? 0) + 1 });
    }
    return [...counts.values()];
  }

  /** How many times an action was accepted for an item or plan. */
  actionCount(operation: string, target: string): number {
    return (
      this.actions().find((record) => record.operation === operation && record.target === target)?.count ?? 0
    );
  }

  /** Summary for the admin API. */
  toJSON(): {
    entries: readonly RequestLogEntry[];
    countsByOperation: Record<string, number>;
    countsByItem: Record<string, Record<string, number>>;
    actions: ActionRecord[];
    throttledCount: number;
  } {
    return {
      entries: this.entries,
      countsByOperation: this.countsByOperation(),
      countsByItem: this.countsByItem(),
      actions: this.actions(),
      throttledCount: this.throttledCount(),
    };
  }
}
