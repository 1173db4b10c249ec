import assert from "node:assert/strict";
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { classifyItem } from "../../../provider/stageModel";
import { replicationProgressPercent } from "../../../provider/stageModel/replicationProgress";
import { replicationWaitLine } from "../../../provider/stages/machine";

const item = (providerSpecificDetails: Record<string, unknown>): ReplicationProtectedItem =>
  ({
    name: "vm-web-1",
    properties: {
      protectionState: "InitialReplicationInProgress",
      replicationHealth: "Normal",
      providerSpecificDetails,
    },
  }) as unknown as ReplicationProtectedItem;

describe("replication progress of a waiting item", () => {
  it("reads each provider's own place, a string as the InMage and Hyper-V details give it", () => {
    const cases: [Record<string, unknown>, number | undefined][] = [
      [{ instanceType: "InMage", resyncDetails: { initialReplicationProgressPercentage: "37" } }, 37],
      [
        {
          instanceType: "HyperVReplicaAzure",
          initialReplicationDetails: { initialReplicationProgressPercentage: "80" },
        },
        80,
      ],
      [{ instanceType: "InMageAzureV2", resyncProgressPercentage: 12 }, 12],
      [{ instanceType: "InMageRcmFailback", initialReplicationProgressPercentage: 100 }, 100],
      [{ instanceType: "InMageRcm", initialReplicationProgressPercentage: 140 }, 100],
      [{ instanceType: "InMage", resyncDetails: { initialReplicationProgressPercentage: "n/a" } }, undefined],
      [{ instanceType: "A2A" }, undefined],
    ];
    for (const [details, expected] of cases)
      assert.equal(replicationProgressPercent(item(details)), expected, JSON.stringify(details));
  });

  it("prints a line at each change of state and at each quarter of the sync, not at every poll", () => {
    const line = (percent: string) =>
      replicationWaitLine(
        "vm-web-1",
        classifyItem(
          "vmware",
          item({ instanceType: "InMage", resyncDetails: { initialReplicationProgressPercentage: percent } }),
        ),
      );
    assert.equal(
      line("26").text,
      "awaitReplication vm-web-1: InitialReplicationInProgress, replication health Normal, 26 % synced",
    );
    assert.equal(line("26").key, line("49").key);
    assert.notEqual(line("49").key, line("50").key);
    assert.equal(
      replicationWaitLine("vm-web-1", classifyItem("vmware", item({ instanceType: "InMage" }))).text,
      "awaitReplication vm-web-1: InitialReplicationInProgress, replication health Normal",
    );
  });
});
