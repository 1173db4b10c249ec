import * as assert from "node:assert/strict";
import { failbackProtectionGroupName, isReadyForFailback } from "../../../provider/rules/reprotect";
import { reprotectCases } from "./cases/reprotect";
import { describeArea } from "./fixtures";

describeArea("reprotect rules", reprotectCases);

describe("reprotect helpers", () => {
  it("names the failback protection group", () => {
    assert.equal(failbackProtectionGroupName("PG1"), "PG1_Failback");
  });
  it("tells whether an item is ready for failover back", () => {
    assert.equal(
      isReadyForFailback({ name: "a", protectionState: "Protected", replicationHealth: "Normal" }),
      true,
    );
    assert.equal(
      isReadyForFailback({ name: "a", protectionState: "Protected", replicationHealth: "Warning" }),
      false,
    );
    assert.equal(isReadyForFailback({ name: "a", protectionState: "Protected" }), undefined);
  });
});
