import * as assert from "node:assert/strict";
import { isWindowsServer2008R2 } from "../../../provider/rules/location";
import { locationCases } from "./cases/location";
import { describeArea } from "./fixtures";

describeArea("recovery location rules", locationCases);

describe("isWindowsServer2008R2", () => {
  const table: [string, boolean][] = [
    ["Windows Server 2008 R2 SP1", true],
    ["Microsoft Windows Server 2008 R2 Enterprise", true],
    ["Windows Server 2008 SP2", false],
    ["Windows Server 2012 R2", false],
  ];
  for (const [version, expected] of table) {
    it(`answers ${expected} for ${version}`, () => {
      assert.equal(isWindowsServer2008R2(version), expected);
    });
  }
});
