/**
 * The preview's estimate of data to move and duration, from the disks Site Recovery reports for
 * each item. Changed blocks are not reported, so delta modes checksum every disk and count every
 * block as a candidate to move: the estimate errs on the long side. Only a Hyper-V estimate carries
 * the HV-08 label: the rule is about Hyper-V downloads, and a VMware or physical estimate rests on
 * the same arithmetic without a rule behind it.
 */
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { type DiskToMove, estimateFailbackDuration, formatMinutes } from "../rules/estimate";
import type { Flavor } from "../stageModel";

const BYTES_PER_MEGABYTE = 1024 * 1024;

/** Provisioned disk sizes of an item, from any replication provider's details. */
export function disksOf(item: ReplicationProtectedItem): DiskToMove[] {
  const details = (item.properties?.providerSpecificDetails ?? {}) as Record<string, unknown>;
  const protectedDisks = details["protectedDisks"];
  if (Array.isArray(protectedDisks)) {
    return protectedDisks
      .map((disk) => Number((disk as { diskCapacityInBytes?: unknown }).diskCapacityInBytes))
      .filter((size) => Number.isFinite(size) && size >= 0)
      .map((sizeInBytes) => ({ sizeInBytes }));
  }
  const azureDisks = details["azureVmDiskDetails"];
  if (Array.isArray(azureDisks)) {
    return azureDisks
      .map((disk) => Number((disk as { maxSizeMB?: unknown }).maxSizeMB) * BYTES_PER_MEGABYTE)
      .filter((size) => Number.isFinite(size) && size >= 0)
      .map((sizeInBytes) => ({ sizeInBytes }));
  }
  return [];
}

/** The estimate shown in previews. */
export interface PlanEstimate {
  /** Disks' provisioned bytes of the items still to move back. */
  readonly bytesToMove: number;
  /** `delta` (checksums, changed blocks) or `full` (download everything). */
  readonly mode: "delta" | "full";
  /** Estimated minutes, when a bandwidth is known. */
  readonly estimatedMinutes?: number;
  /** One line for reviewers. */
  readonly summary: string;
}

/** Input of {@link estimatePlan}. */
export interface PlanEstimateInput {
  readonly flavor: Flavor;
  /** Items whose data still has to come back (before failover). */
  readonly items: readonly ReplicationProtectedItem[];
  /** Full download: Hyper-V sync during failover, or VMware/physical alternate location. */
  readonly fullDownload: boolean;
  readonly bandwidthInMbps?: number;
  readonly checksumRateInGigabytesPerMinute?: number;
}

/** Estimates the data to move and, with a bandwidth, the duration. */
export function estimatePlan(input: PlanEstimateInput): PlanEstimate {
  const disks = input.items.flatMap(disksOf);
  const mode = input.fullDownload ? "full" : "delta";
  const bytesToMove = disks.reduce((sum, disk) => sum + disk.sizeInBytes, 0);
  const gigabytes = (bytesToMove / 1e9).toFixed(1);
  if (!input.bandwidthInMbps || input.bandwidthInMbps <= 0 || bytesToMove === 0) {
    return {
      bytesToMove,
      mode,
      summary: `${gigabytes} GB of disks on ${input.items.length} VMs (${mode === "full" ? "full download" : "checksums and changed blocks"}); set link.bandwidthInMbps for a duration`,
    };
  }
  const estimate = estimateFailbackDuration({
    disks,
    mode,
    bandwidthInMbps: input.bandwidthInMbps,
    ...(input.checksumRateInGigabytesPerMinute !== undefined
      ? { checksumRateInGigabytesPerMinute: input.checksumRateInGigabytesPerMinute }
      : {}),
  });
  const estimatedMinutes = Math.ceil(estimate.totalMinutes);
  return {
    bytesToMove,
    mode,
    estimatedMinutes,
    summary: `${input.flavor === "hyperv" ? "HV-08: " : ""}up to ${gigabytes} GB on ${input.items.length} VMs (${mode === "full" ? "full download" : "checksums and changed blocks"}), about ${formatMinutes(estimate.totalMinutes)} at ${input.bandwidthInMbps} Mbps`,
  };
}
