/**
 * How long data movement takes in the emulated world (HV-08): unchanged blocks are compared by
 * checksum at a few GB per minute, changed blocks move at the link's bandwidth, a full download
 * moves every block. All results are simulated milliseconds.
 */
import type { Scenario, ScenarioItem } from "./scenario";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Total provisioned size of an item's disks. */
export function totalDiskGb(item: ScenarioItem): number {
  return item.disks.reduce((sum, disk) => sum + disk.sizeInGb, 0);
}

/** Data changed in Azure over a span at the item's churn rate. */
export function changedGb(item: ScenarioItem, spanMs: number): number {
  return (item.churnInGbPerDay * Math.max(0, spanMs)) / DAY_MS;
}

/** Time to move `gb` over the link, optionally with several download threads (MARS). */
export function transferMs(scenario: Scenario, gb: number, threads = 1): number {
  const gbPerSecond = (scenario.link.bandwidthInMbps / 8 / 1024) * Math.max(1, threads);
  return Math.ceil((gb / gbPerSecond) * 1000);
}

/** Time to checksum `gb` of unchanged data. */
export function checksumMs(scenario: Scenario, gb: number): number {
  return Math.ceil((gb / scenario.link.checksumRateInGbPerMinute) * MINUTE_MS);
}

/**
 * Data sync of a reprotect or a "sync before failover": checksum every disk and move what changed
 * while the VM ran in Azure; when the target VM is gone, a full download instead.
 */
export function differentialSyncMs(
  scenario: Scenario,
  item: ScenarioItem,
  timeInAzureMs: number,
  targetExists: boolean,
  threads = 1,
): number {
  if (!targetExists) return transferMs(scenario, totalDiskGb(item), threads);
  return (
    checksumMs(scenario, totalDiskGb(item)) + transferMs(scenario, changedGb(item, timeInAzureMs), threads)
  );
}

/** Simulated minutes as milliseconds (for the fixed steps of jobs). */
export function minutes(value: number): number {
  return value * MINUTE_MS;
}
