/**
 * Failback duration estimate (HV-08), used for previews: how much data must move and how long the
 * checksums and the transfer take.
 */

/**
 * Checksum rate assumed when the site does not report one. The Hyper-V docs say checksums run at
 * "a few GB per minute"; the low end keeps the estimate on the safe side.
 */
export const DEFAULT_CHECKSUM_RATE_IN_GIGABYTES_PER_MINUTE = 2;

const BYTES_PER_GIGABYTE = 1e9;

/** One disk to bring back. */
export interface DiskToMove {
  /** Provisioned size of the disk. */
  readonly sizeInBytes: number;
  /** Bytes changed since failover; the whole disk when unknown. */
  readonly changedBytes?: number;
}

/** Input of {@link estimateFailbackDuration}. */
export interface FailbackEstimateInput {
  readonly disks: readonly DiskToMove[];
  /**
   * `delta`: checksum every block and move only the changed ones (Hyper-V sync before failover,
   * VMware original location); `full`: download everything, no checksums (Hyper-V sync during
   * failover, alternate location).
   */
  readonly mode: "delta" | "full";
  /** Available bandwidth between Azure and the site. Must be positive. */
  readonly bandwidthInMbps: number;
  /** Checksum rate; {@link DEFAULT_CHECKSUM_RATE_IN_GIGABYTES_PER_MINUTE} when absent. */
  readonly checksumRateInGigabytesPerMinute?: number;
}

/** Result of {@link estimateFailbackDuration}. All figures are estimates. */
export interface FailbackEstimate {
  /** Bytes that cross the link. */
  readonly bytesToTransfer: number;
  /** Bytes checksummed (zero in `full` mode). */
  readonly bytesToChecksum: number;
  readonly checksumMinutes: number;
  readonly transferMinutes: number;
  /** Checksum plus transfer time; they may overlap in practice, so the sum errs on the long side. */
  readonly totalMinutes: number;
}

/**
 * Estimates how long moving the data back takes. Checksums run at a fixed rate over whole disks;
 * the transfer runs at the link bandwidth. More MARS download threads help only up to that
 * bandwidth, so bandwidth is the limit used here.
 *
 * @throws RangeError when the bandwidth or checksum rate is not positive, or a size is negative.
 */
export function estimateFailbackDuration(input: FailbackEstimateInput): FailbackEstimate {
  const checksumRate =
    input.checksumRateInGigabytesPerMinute ?? DEFAULT_CHECKSUM_RATE_IN_GIGABYTES_PER_MINUTE;
  if (!(input.bandwidthInMbps > 0)) throw new RangeError("bandwidthInMbps must be positive");
  if (!(checksumRate > 0)) throw new RangeError("checksumRateInGigabytesPerMinute must be positive");
  let totalBytes = 0;
  let changed = 0;
  for (const disk of input.disks) {
    if (!(disk.sizeInBytes >= 0) || (disk.changedBytes !== undefined && !(disk.changedBytes >= 0))) {
      throw new RangeError("disk sizes must be non-negative numbers");
    }
    totalBytes += disk.sizeInBytes;
    changed += Math.min(disk.changedBytes ?? disk.sizeInBytes, disk.sizeInBytes);
  }
  const bytesToTransfer = input.mode === "full" ? totalBytes : changed;
  const bytesToChecksum = input.mode === "full" ? 0 : totalBytes;
  const checksumMinutes = bytesToChecksum / BYTES_PER_GIGABYTE / checksumRate;
  const bytesPerMinute = (input.bandwidthInMbps * 1e6 * 60) / 8;
  const transferMinutes = bytesToTransfer / bytesPerMinute;
  return {
    bytesToTransfer,
    bytesToChecksum,
    checksumMinutes,
    transferMinutes,
    totalMinutes: checksumMinutes + transferMinutes,
  };
}

/** `1 minute` / `95 minutes` / `3.5 hours`, rounded up, for messages. */
export function formatMinutes(minutes: number): string {
  if (minutes < 120) {
    const whole = Math.max(1, Math.ceil(minutes));
    return `${whole} minute${whole === 1 ? "" : "s"}`;
  }
  return `${(minutes / 60).toFixed(1)} hours`;
}
