import * as assert from "node:assert/strict";
import { ipv4InPrefix, parseIpv4 } from "../../../provider/rules/network";
import { networkCases } from "./cases/network";
import { describeArea } from "./fixtures";

describeArea("network rules", networkCases);

describe("ipv4InPrefix", () => {
  const table: [string, string, boolean | undefined][] = [
    ["10.1.2.10", "10.1.2.0/24", true],
    ["10.1.3.10", "10.1.2.0/24", false],
    ["10.1.255.1", "10.1.0.0/16", true],
    ["192.168.0.1", "0.0.0.0/0", true],
    ["10.1.2.10", "10.1.2.10/32", true],
    ["10.1.2.11", "10.1.2.10/32", false],
    ["10.1.2", "10.1.2.0/24", undefined],
    ["10.1.2.300", "10.1.2.0/24", undefined],
    ["10.1.2.1", "10.1.2.0/33", undefined],
    ["fe80::1", "10.1.2.0/24", undefined],
  ];
  for (const [address, prefix, expected] of table) {
    it(`answers ${String(expected)} for ${address} in ${prefix}`, () => {
      assert.equal(ipv4InPrefix(address, prefix), expected);
    });
  }
  it("parses dotted quads to numbers", () => {
    assert.equal(parseIpv4("10.0.0.1"), 10 * 256 ** 3 + 1);
  });
});
