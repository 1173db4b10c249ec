import assert from "node:assert/strict";
import { parseODataFilter } from "asr-contract";
import { jobListFilterText } from "../../../provider/client/jobListFilter";

describe("jobListFilterText", () => {
  it("sends nothing when the filter narrows nothing", () => {
    assert.equal(jobListFilterText({}), undefined);
    assert.equal(jobListFilterText({ states: [], targetTypes: [] }), undefined);
  });

  it("names each field as Site Recovery's JobQueryParameter does, times in UTC ISO form", () => {
    const text = jobListFilterText({
      startedAtOrAfter: new Date("2025-01-06T08:00:00Z"),
      startedAtOrBefore: new Date("2025-01-06T09:30:00Z"),
      states: ["Failed", "Suspended"],
      targetTypes: ["ProtectionEntity"],
      fabricId:
        "/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f",
      scenarioName: "PlannedFailover",
    });
    assert.deepEqual(parseODataFilter(text!), [
      { property: "StartTime", value: "2025-01-06T08:00:00.000Z" },
      { property: "EndTime", value: "2025-01-06T09:30:00.000Z" },
      { property: "JobStatus", value: "Failed,Suspended" },
      { property: "AffectedObjectTypes", value: "ProtectionEntity" },
      {
        property: "FabricId",
        value:
          "/Subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/replicationFabrics/f",
      },
      { property: "JobName", value: "PlannedFailover" },
    ]);
  });
});
