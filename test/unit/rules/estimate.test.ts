import * as assert from "node:assert/strict";
import {
  DEFAULT_CHECKSUM_RATE_IN_GIGABYTES_PER_MINUTE,
  estimateFailbackDuration,
  formatMinutes,
} from "../../../provider/rules/estimate";

const GB = 1e9;

describe("estimateFailbackDuration", () => {
  it("checksums whole disks and moves only the changes in delta mode", () => {
    const estimate = estimateFailbackDuration({
      disks: [
        { sizeInBytes: 100 * GB, changedBytes: 6 * GB },
        { sizeInBytes: 20 * GB, changedBytes: 1.5 * GB },
      ],
      mode: "delta",
      bandwidthInMbps: 100,
      checksumRateInGigabytesPerMinute: 4,
    });
    assert.equal(estimate.bytesToChecksum, 120 * GB);
    assert.equal(estimate.bytesToTransfer, 7.5 * GB);
    assert.equal(estimate.checksumMinutes, 30);
    // 7.5 GB = 60,000 Mb at 100 Mbps = 600 s.
    assert.equal(estimate.transferMinutes, 10);
    assert.equal(estimate.totalMinutes, 40);
  });

  it("moves everything without checksums in full mode", () => {
    const estimate = estimateFailbackDuration({
      disks: [{ sizeInBytes: 75 * GB, changedBytes: 1 * GB }],
      mode: "full",
      bandwidthInMbps: 1000,
    });
    assert.equal(estimate.bytesToChecksum, 0);
    assert.equal(estimate.bytesToTransfer, 75 * GB);
    assert.equal(estimate.transferMinutes, 10);
    assert.equal(estimate.totalMinutes, 10);
  });

  it("treats unknown changes as the whole disk and caps changes at the disk size", () => {
    const estimate = estimateFailbackDuration({
      disks: [{ sizeInBytes: 10 * GB }, { sizeInBytes: 10 * GB, changedBytes: 50 * GB }],
      mode: "delta",
      bandwidthInMbps: 100,
    });
    assert.equal(estimate.bytesToTransfer, 20 * GB);
    assert.equal(estimate.checksumMinutes, 20 / DEFAULT_CHECKSUM_RATE_IN_GIGABYTES_PER_MINUTE);
  });

  it("refuses a non-positive bandwidth or checksum rate and negative sizes", () => {
    assert.throws(
      () => estimateFailbackDuration({ disks: [], mode: "delta", bandwidthInMbps: 0 }),
      /bandwidthInMbps must be positive/,
    );
    assert.throws(
      () =>
        estimateFailbackDuration({
          disks: [],
          mode: "delta",
          bandwidthInMbps: 10,
          checksumRateInGigabytesPerMinute: -1,
        }),
      /checksumRateInGigabytesPerMinute must be positive/,
    );
    assert.throws(
      () => estimateFailbackDuration({ disks: [{ sizeInBytes: -1 }], mode: "full", bandwidthInMbps: 10 }),
      /non-negative/,
    );
  });
});

describe("formatMinutes", () => {
  const table: [number, string][] = [
    [0, "1 minute"],
    [1.2, "2 minutes"],
    [56.2, "57 minutes"],
    [119, "119 minutes"],
    [210, "3.5 hours"],
  ];
  for (const [minutes, text] of table) {
    it(`formats ${minutes} as ${text}`, () => {
      assert.equal(formatMinutes(minutes), text);
    });
  }
});
