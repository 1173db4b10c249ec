import type { AreaCases } from "../fixtures";
import { CRASH_FAILBACK_POLICY_ID, everyItem, failedBackItem, replicatingBack } from "../modernizedFixtures";

export const modernizedFailoverCases: AreaCases = {
  area: "modernized",
  breaking: [
    {
      id: "MR-22",
      when: "the planned failover is about to run before reprotect",
      base: "modernized",
      mutate: (c) => {
        c.operation = { kind: "failover" };
      },
      object: "vm vm-app-1",
      fix: "reprotect it first",
    },
    {
      id: "MR-22",
      when: "PlannedFailover is not allowed on the replicating item",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![1]!.allowedOperations = ["DisableProtection"];
        c.operation = { kind: "failover" };
      },
      object: "vm vm-app-2",
      fix: "wait until Site Recovery lists PlannedFailover",
    },
    {
      id: "MR-23",
      when: "replication back is Critical",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![0]!.replicationHealth = "Critical";
        c.operation = { kind: "failover" };
      },
      object: "vm vm-app-1",
      fix: "resolve its health errors",
    },
    {
      id: "MR-23",
      when: "initial replication back is not finished (inferred meaning of healthy)",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![0]!.initialReplicationComplete = false;
        c.site!.protectedItems![0]!.initialReplicationProgressPercentage = 64;
        c.operation = { kind: "failover" };
      },
      object: "vm vm-app-1",
      fix: "wait until it completes",
      severity: "warn",
    },
    {
      id: "MR-24",
      when: "an item has no recovery point",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![1]!.recoveryPoints = [];
        c.operation = { kind: "failover" };
      },
      object: "vm vm-app-2",
      fix: "wait for replication",
    },
    {
      id: "MR-25",
      when: "application-consistent points are asked of a policy that takes none (inferred)",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        c.inputs!.modernized!.policyId = CRASH_FAILBACK_POLICY_ID;
        c.inputs!.modernized!.recoveryPointType = "ApplicationConsistent";
      },
      object: "failback plan fb-app",
      fix: "use CrashConsistent",
      propertyPath: "modernized.recoveryPointType",
    },
    {
      id: "MR-25",
      when: "no recovery point type is set",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        delete c.inputs!.modernized!.recoveryPointType;
      },
      object: "failback plan fb-app",
      fix: "set recoveryPointType to CrashConsistent",
    },
    {
      id: "MR-25",
      when: "application-consistent points are asked for",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
        c.inputs!.modernized!.recoveryPointType = "ApplicationConsistent";
      },
      object: "failback plan fb-app",
      fix: "accept the data loss since that point",
      severity: "info",
    },
    {
      id: "MR-26",
      when: "the planned failover is about to run",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "failover" };
      },
      object: "azure vm vm-app-1",
      fix: "plan the downtime",
    },
    {
      id: "MR-27",
      when: "the planned failover is about to run",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "failover" };
      },
      object: "failback plan fb-app",
      fix: "delete the duplicate iSCSI disks",
    },
    {
      id: "MR-28",
      when: "a planned failover failed and was not rolled back",
      base: "modernized",
      mutate: (c) => {
        failedBackItem(c.site!.protectedItems![0]!);
        c.site!.protectedItems![0]!.lastPlannedFailoverStatus = "Failed";
      },
      object: "vm vm-app-1",
      fix: "run cancel failover, do not disable replication",
    },
  ],
  healthy: [
    {
      id: "MR-22",
      when: "every item replicates back and allows PlannedFailover",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "failover" };
      },
    },
    {
      id: "MR-22",
      when: "an item already failed back",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        failedBackItem(c.site!.protectedItems![0]!);
        c.operation = { kind: "failover" };
      },
    },
    {
      id: "MR-23",
      when: "replication back is Normal and initial replication is done",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "failover" };
      },
    },
    {
      id: "MR-22",
      when: "the run waits for an item still in initial replication back",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![0]!.protectionState = "InitialReplicationInProgress";
        c.operation = { kind: "failover", awaitedItemNames: ["vm-app-1"] };
      },
    },
    {
      id: "MR-23",
      when: "the run waits for an item whose replication back is not healthy yet",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![0]!.replicationHealth = "Warning";
        c.site!.protectedItems![0]!.initialReplicationComplete = false;
        c.operation = { kind: "failover", awaitedItemNames: ["vm-app-1"] };
      },
    },
    {
      id: "MR-24",
      when: "the run waits for an item without a recovery point",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.site!.protectedItems![1]!.recoveryPoints = [];
        c.operation = { kind: "failover", awaitedItemNames: ["vm-app-2"] };
      },
    },
    {
      id: "MR-24",
      when: "every item has a recovery point",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, (item) => replicatingBack(item));
        c.operation = { kind: "failover" };
      },
    },
    {
      id: "MR-25",
      when: "CrashConsistent is chosen",
      base: "modernized",
      mutate: (c) => {
        c.inputs!.failbackPlan!.targetStage = "failedOver";
      },
    },
    { id: "MR-26", when: "no planned failover is about to run", base: "modernized" },
    { id: "MR-27", when: "no planned failover is about to run", base: "modernized" },
    {
      id: "MR-28",
      when: "a planned failover succeeded and awaits commit",
      base: "modernized",
      mutate: (c) => {
        everyItem(c, failedBackItem);
      },
    },
    {
      id: "MR-28",
      when: "a failed planned failover was rolled back (cancelled automatically)",
      base: "modernized",
      mutate: (c) => {
        replicatingBack(c.site!.protectedItems![0]!);
        c.site!.protectedItems![0]!.lastPlannedFailoverStatus = "Failed";
      },
    },
  ],
};
