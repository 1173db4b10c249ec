import * as assert from "node:assert/strict";
import { isCancelSafe, isWindowsServer2012R2OrLater } from "../../../provider/rules/hyperV";
import { hyperVCases } from "./cases/hyperV";
import { contextFor, describeArea, findingsOf } from "./fixtures";

describeArea("hyper-v rules", hyperVCases);

describe("HV-08 estimate in the message", () => {
  it("states the delta size and duration", () => {
    const [entry] = findingsOf(
      "HV-08",
      contextFor("hyperv", (c) => {
        c.site!.linkBandwidthInMbps = 100;
        c.site!.checksumRateInGigabytesPerMinute = 2;
      }),
    );
    // 100 GB checksummed at 2 GB/min = 50 min; 5 GB at 100 Mbps = 400 s ≈ 6.7 min.
    assert.equal(entry?.cause, "moves about 5.0 GB and takes about 57 minutes");
  });
});

describe("isCancelSafe", () => {
  const table: [string, Parameters<typeof isCancelSafe>[0], boolean][] = [
    ["a job syncing data", { name: "j", state: "InProgress", dataSyncInProgress: true }, false],
    ["a running job in an unknown phase", { name: "j", state: "InProgress" }, false],
    ["a job past its data sync", { name: "j", state: "InProgress", dataSyncInProgress: false }, true],
    [
      "a job waiting for complete failover",
      { name: "j", state: "Suspended", dataSyncInProgress: true },
      true,
    ],
  ];
  for (const [title, job, expected] of table) {
    it(`answers ${expected} for ${title}`, () => {
      assert.equal(isCancelSafe(job), expected);
    });
  }
});

describe("isWindowsServer2012R2OrLater", () => {
  const table: [string, boolean | undefined][] = [
    ["Windows Server 2012 R2 Datacenter", true],
    ["Windows Server 2019", true],
    ["Windows Server 2012 Standard", false],
    ["Windows Server 2008 R2", false],
    ["Hyper-V Server", undefined],
  ];
  for (const [version, expected] of table) {
    it(`answers ${String(expected)} for ${version}`, () => {
      assert.equal(isWindowsServer2012R2OrLater(version), expected);
    });
  }
});
