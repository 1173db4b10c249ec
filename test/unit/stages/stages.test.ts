import assert from "node:assert/strict";
import type { ReplicationProtectedItem } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import { classifyItem, stepsBetween } from "../../../provider/stageModel";
import { agentRegistrationOf } from "../../../provider/stages/agent";
import { settleWithConcurrency } from "../../../provider/stages/concurrency";
import { estimatePlan } from "../../../provider/stages/estimate";
import { plannedSteps } from "../../../provider/stages/plannedSteps";
import { type PointFacts, selectRecoveryPoints } from "../../../provider/stages/recoveryPoints";
import type { FailbackRunSpec } from "../../../provider/stages/spec";

function item(
  instanceType: string,
  protectionState: string,
  activeLocation: string,
  scenario?: string,
): ReplicationProtectedItem {
  return {
    name: "vm-1",
    properties: {
      protectionState,
      activeLocation,
      allowedOperations: scenario ? [] : ["ReverseReplicate"],
      replicationHealth: "Normal",
      providerSpecificDetails: { instanceType } as never,
      currentScenario: scenario
        ? {
            scenarioName: scenario,
            jobId:
              "/subscriptions/s/resourceGroups/r/providers/Microsoft.RecoveryServices/vaults/v/replicationJobs/j1",
          }
        : { scenarioName: "None", jobId: "/x/replicationJobs/None" },
    },
  };
}

describe("classifyItem", () => {
  const cases: [string, ReplicationProtectedItem, "vmware" | "hyperv", string, boolean][] = [
    [
      "committed in Azure",
      item("InMageAzureV2", "UnplannedFailoverCommitted", "Recovery"),
      "vmware",
      "failedOverToAzure",
      false,
    ],
    [
      "reprotect running",
      item("InMageAzureV2", "ReprotectStatesBegin", "Recovery", "Reprotect"),
      "vmware",
      "failedOverToAzure",
      true,
    ],
    [
      "initial replication to the site",
      item("InMage", "InitialReplicationInProgress", "Recovery"),
      "vmware",
      "reprotecting",
      false,
    ],
    ["protected to the site", item("InMage", "Protected", "Recovery"), "vmware", "reprotected", false],
    [
      "failover running",
      item("InMage", "UnplannedFailoverTransitionStatesBegin", "Recovery", "UnplannedFailover"),
      "vmware",
      "reprotected",
      true,
    ],
    [
      "failed back, commit pending",
      item("InMage", "UnplannedFailoverCommitPendingStatesBegin", "Primary"),
      "vmware",
      "failedOver",
      false,
    ],
    [
      "commit running",
      item("InMage", "CommitFailoverStatesBegin", "Primary", "CommitFailover"),
      "vmware",
      "failedOver",
      true,
    ],
    [
      "failback committed",
      item("InMage", "UnplannedFailoverCommitted", "Primary"),
      "vmware",
      "committed",
      false,
    ],
    [
      "reprotect to Azure running",
      item("InMage", "ReprotectStatesBegin", "Primary", "Reprotect"),
      "vmware",
      "committed",
      true,
    ],
    [
      "protected to Azure again",
      item("InMageAzureV2", "Protected", "Primary"),
      "vmware",
      "protectedToAzure",
      false,
    ],
    [
      "Hyper-V committed in Azure",
      item("HyperVReplicaAzure", "UnplannedFailoverCommitted", "Recovery"),
      "hyperv",
      "failedOverToAzure",
      false,
    ],
    [
      "Hyper-V sync suspended",
      item("HyperVReplicaAzure", "PlannedFailoverTransitionStatesBegin", "Recovery", "PlannedFailover"),
      "hyperv",
      "failedOverToAzure",
      true,
    ],
    [
      "Hyper-V commit required",
      item("HyperVReplicaAzure", "PlannedFailoverCommitRequired", "Primary"),
      "hyperv",
      "failedOver",
      false,
    ],
    [
      "Hyper-V committed on premises",
      item("HyperVReplicaAzure", "PlannedFailoverCommitted", "Primary"),
      "hyperv",
      "committed",
      false,
    ],
    [
      "Hyper-V reverse replicating",
      item("HyperVReplicaAzure", "Protected", "Primary"),
      "hyperv",
      "protectedToAzure",
      false,
    ],
  ];
  for (const [title, input, flavor, stage, running] of cases) {
    it(`reads ${title} as ${stage}${running ? " with its job running" : ""}`, () => {
      const position = classifyItem(flavor, input);
      assert.equal(position.stage, stage);
      assert.equal(position.runningJob !== undefined, running);
      assert.equal(position.problem, undefined);
    });
  }

  it("reports a failover to Azure that was never committed as a problem", () => {
    const position = classifyItem(
      "vmware",
      item("InMageAzureV2", "UnplannedFailoverCommitPendingStatesBegin", "Recovery"),
    );
    assert.match(position.problem ?? "", /not committed; commit it in Azure before failback/);
  });
});

describe("classifyItem on the modernized path", () => {
  const cases: [string, ReplicationProtectedItem, string, boolean][] = [
    [
      "failed over to Azure, commit pending",
      item("InMageRcm", "UnplannedFailoverCommitPendingStatesBegin", "Recovery"),
      "failedOverToAzure",
      false,
    ],
    [
      "committed in Azure",
      item("InMageRcm", "UnplannedFailoverCommitted", "Recovery"),
      "failedOverToAzure",
      false,
    ],
    [
      "reprotect running",
      item("InMageRcm", "SwitchProtectionStatesBegin", "Recovery", "SwitchReplicationGroupProtection"),
      "failedOverToAzure",
      true,
    ],
    [
      "initial replication to the site",
      item("InMageRcmFailback", "InitialReplicationInProgress", "Primary"),
      "reprotecting",
      false,
    ],
    ["replicating to the site", item("InMageRcmFailback", "Protected", "Primary"), "reprotected", false],
    [
      "planned failover running",
      item("InMageRcmFailback", "PlannedFailoverTransitionStatesBegin", "Primary", "PlannedFailover"),
      "reprotected",
      true,
    ],
    ["failed back", item("InMageRcmFailback", "CommitPendingStatesBegin", "Recovery"), "failedOver", false],
    [
      "cancel failover running",
      item("InMageRcmFailback", "CancelFailoverStatesBegin", "Recovery", "CancelFailover"),
      "failedOver",
      true,
    ],
    [
      "failback committed",
      item("InMageRcmFailback", "PlannedFailoverCommitted", "Recovery"),
      "committed",
      false,
    ],
    [
      "reprotect to Azure running",
      item(
        "InMageRcmFailback",
        "SwitchProtectionStatesBegin",
        "Recovery",
        "SwitchReplicationGroupProtection",
      ),
      "committed",
      true,
    ],
    ["protected to Azure again", item("InMageRcm", "Protected", "Primary"), "protectedToAzure", false],
  ];
  for (const [title, input, stage, running] of cases) {
    it(`reads ${title} as ${stage}${running ? " with its job running" : ""}`, () => {
      const position = classifyItem("vmware", input);
      assert.equal(position.stage, stage);
      assert.equal(position.runningJob !== undefined, running);
      assert.equal(position.problem, undefined);
    });
  }

  it("tells a pending from a committed failover to Azure", () => {
    const pending = classifyItem(
      "vmware",
      item("InMageRcm", "UnplannedFailoverCommitPendingStatesBegin", "Recovery"),
    );
    const committed = classifyItem("vmware", item("InMageRcm", "UnplannedFailoverCommitted", "Recovery"));
    assert.deepEqual([pending.failoverToAzureCommitted, committed.failoverToAzureCommitted], [false, true]);
  });

  it("reports a modernized item in no failback stage as a problem", () => {
    const position = classifyItem("physical", item("InMageRcmFailback", "Protected", "Recovery"));
    assert.match(position.problem ?? "", /InMageRcmFailback, Protected, active location Recovery/);
  });
});

describe("stepsBetween", () => {
  it("lists the modernized steps from Azure to protected-to-Azure in order", () => {
    assert.deepEqual(
      stepsBetween("vmware", "failedOverToAzure", "protectedToAzure", "modernized").map((step) => [
        step.kind,
        step.operation,
      ]),
      [
        ["reprotect", "SwitchProtection"],
        ["awaitReplication", undefined],
        ["failover", "PlannedFailover"],
        ["commit", "Commit"],
        ["reprotectToAzure", "SwitchProtection"],
      ],
    );
  });
  it("cancels a modernized planned failover to go back to reprotected (MR-28), never a classic one", () => {
    assert.deepEqual(
      stepsBetween("vmware", "failedOver", "reprotected", "modernized").map((step) => step.kind),
      ["cancelFailover"],
    );
    assert.deepEqual(stepsBetween("vmware", "failedOver", "reprotected"), []);
    assert.deepEqual(stepsBetween("vmware", "committed", "reprotected", "modernized"), []);
  });
  it("lists the VMware steps from Azure to protected-to-Azure in order", () => {
    assert.deepEqual(
      stepsBetween("vmware", "failedOverToAzure", "protectedToAzure").map((step) => step.kind),
      ["reprotect", "awaitReplication", "failover", "commit", "reprotectToAzure"],
    );
  });
  it("lists nothing when the item is at the target", () => {
    assert.deepEqual(stepsBetween("hyperv", "committed", "committed"), []);
  });
  it("has no reprotect step for Hyper-V", () => {
    assert.deepEqual(
      stepsBetween("hyperv", "failedOverToAzure", "committed").map((step) => step.kind),
      ["failover", "commit"],
    );
  });
});

describe("selectRecoveryPoints", () => {
  const point = (name: string, type: PointFacts["type"], minute: number): PointFacts => ({
    name,
    type,
    timeMs: minute * 60_000,
  });
  it("takes LatestTime for the latest processed point and LatestTag for application-consistent", () => {
    const points = new Map([
      ["a", [point("cc-2", "CrashConsistent", 2), point("ac-1", "ApplicationConsistent", 1)]],
    ]);
    assert.equal(
      selectRecoveryPoints({ choice: "latestProcessed", points }).selections[0]?.recoveryPointType,
      "LatestTime",
    );
    const tag = selectRecoveryPoints({ choice: "latestApplicationConsistent", points }).selections[0];
    assert.equal(tag?.recoveryPointType, "LatestTag");
    assert.equal(tag?.expected.name, "ac-1");
  });
  it("names the newest crash-consistent point as Custom", () => {
    const points = new Map([
      ["a", [point("ac-3", "ApplicationConsistent", 3), point("cc-2", "CrashConsistent", 2)]],
    ]);
    const selection = selectRecoveryPoints({ choice: "latestCrashConsistent", points }).selections[0];
    assert.deepEqual([selection?.recoveryPointType, selection?.recoveryPointId], ["Custom", "cc-2"]);
  });
  it("fails a replication group over at the newest point every member has", () => {
    const points = new Map([
      ["a", [point("a3", "ApplicationConsistent", 3), point("a2", "ApplicationConsistent", 2)]],
      ["b", [point("b2", "ApplicationConsistent", 2), point("b1", "ApplicationConsistent", 1)]],
    ]);
    const groups = new Map([
      ["a", "g"],
      ["b", "g"],
    ]);
    const { selections } = selectRecoveryPoints({
      choice: "latestApplicationConsistent",
      points,
      groups,
      useMultiVmSyncPoint: true,
    });
    assert.deepEqual(
      selections.map((selection) => selection.recoveryPointId),
      ["a2", "b2"],
    );
  });
  it("reports every item without a point (RP-06), never only the first", () => {
    const points = new Map<string, PointFacts[]>([
      ["a", []],
      ["b", []],
    ]);
    const { problems } = selectRecoveryPoints({ choice: "latest", points });
    assert.deepEqual(
      problems.map((problem) => problem.message),
      [
        "RP-06: vm a has no recovery point; wait until replication to the site produces one",
        "RP-06: vm b has no recovery point; wait until replication to the site produces one",
      ],
    );
  });
});

describe("plannedSteps", () => {
  const spec: FailbackRunSpec = {
    flavor: "vmware",
    planName: "p",
    items: [],
    targetStage: "committed",
    recoveryPointChoice: "latestProcessed",
    useMultiVmSyncPoint: false,
    reprotect: {
      policyId: "pol",
      masterTargetId: "mt",
      masterTargetName: "mt-01",
      processServerId: "ps",
      processServerName: "ps-01",
      retentionDrive: "E:",
    },
    maxConcurrency: 4,
  };
  it("counts the items of each step and names the running jobs it will await", () => {
    const positions = [
      classifyItem("vmware", item("InMageAzureV2", "UnplannedFailoverCommitted", "Recovery")),
      {
        ...classifyItem(
          "vmware",
          item("InMage", "UnplannedFailoverTransitionStatesBegin", "Recovery", "UnplannedFailover"),
        ),
        name: "vm-2",
      },
    ];
    assert.deepEqual(plannedSteps(spec, positions), [
      "await running UnplannedFailover job of vm-2",
      "reprotect 1 VM via mt-01 / ps-01 (retention E:)",
      "wait until 1 VM replicate to the site, healthy, with a recovery point (RP-05, RP-06)",
      "failover 2 VMs from Azure at latest processed point; Site Recovery shuts the Azure VMs down",
      "commit 2 VMs; removes the failed-over VMs from Azure",
    ]);
  });

  const hyperVPosition = () => ({
    ...classifyItem("hyperv", item("HyperVReplicaAzure", "UnplannedFailoverCommitted", "Recovery")),
    name: "hv-1",
  });
  const hyperVSpec = (hyperV: Partial<NonNullable<FailbackRunSpec["hyperV"]>>): FailbackRunSpec => ({
    ...spec,
    flavor: "hyperv",
    targetStage: "failedOver",
    hyperV: {
      dataSyncOption: "syncBeforeFailover",
      createVmIfNotFound: false,
      completeFailoverAutomatically: true,
      ...hyperV,
    },
  });
  const cases: [string, Partial<NonNullable<FailbackRunSpec["hyperV"]>>, string][] = [
    [
      "the alternate host and virtual switch",
      { alternateHostName: "hv02", virtualSwitchName: "vSwitch-LAN", createVmIfNotFound: true },
      "Hyper-V VMs go to alternate Hyper-V host hv02, virtual switch vSwitch-LAN (VMs created when missing)",
    ],
    ["the original hosts", {}, "Hyper-V VMs go to their original Hyper-V hosts"],
  ];
  for (const [what, hyperV, line] of cases) {
    it(`names ${what} of a Hyper-V plan before its failover`, () => {
      const steps = plannedSteps(hyperVSpec(hyperV), [hyperVPosition()]);
      assert.equal(steps[0], line);
      assert.match(steps[1] ?? "", /^planned failover of 1 VM to on-premises/);
    });
  }

  it("names no destination once the Hyper-V VMs have failed over", () => {
    const failedOver = {
      ...classifyItem("hyperv", item("HyperVReplicaAzure", "PlannedFailoverCommitted", "Primary")),
      name: "hv-1",
    };
    const steps = plannedSteps({ ...hyperVSpec({ alternateHostName: "hv02" }), targetStage: "committed" }, [
      failedOver,
    ]);
    assert.ok(
      steps.every((step) => !step.includes("hv02")),
      JSON.stringify(steps),
    );
  });
});

describe("settleWithConcurrency", () => {
  it("never runs more than the limit at once and settles every input", async () => {
    let running = 0;
    let peak = 0;
    const results = await settleWithConcurrency([1, 2, 3, 4, 5, 6], 2, async (value) => {
      running += 1;
      peak = Math.max(peak, running);
      await Promise.resolve();
      running -= 1;
      if (value === 3) throw new Error("three");
      return value * 10;
    });
    assert.equal(peak, 2);
    assert.deepEqual(
      results.map((result) => (result.ok ? result.value : "failed")),
      [10, 20, "failed", 40, 50, 60],
    );
  });
});

describe("agentRegistrationOf (FO-05)", () => {
  const boot = new Date("2025-01-06T08:00:00Z");
  const minutesAfterBoot = (minutes: number) => new Date(boot.getTime() + minutes * 60_000);
  function committedItem(
    lastHeartbeat: Date | undefined,
    healthErrors: { errorCode?: string; errorMessage?: string; creationTimeUtc?: Date }[] = [],
  ): ReplicationProtectedItem {
    return {
      name: "vm-1",
      properties: {
        protectionState: "UnplannedFailoverCommitted",
        lastSuccessfulFailoverTime: boot,
        healthErrors,
        providerSpecificDetails: { instanceType: "InMage", ...(lastHeartbeat ? { lastHeartbeat } : {}) },
      },
    };
  }
  const cases: [string, ReplicationProtectedItem, boolean, number | undefined][] = [
    [
      "no heartbeat and an agent-not-installed health error",
      committedItem(undefined, [
        { errorCode: AsrErrorCodes.agentNotInstalled, creationTimeUtc: minutesAfterBoot(4) },
      ]),
      false,
      minutesAfterBoot(4).getTime(),
    ],
    [
      "a heartbeat from before the boot",
      committedItem(minutesAfterBoot(-30)),
      false,
      minutesAfterBoot(-30).getTime(),
    ],
    [
      "the error told in words only",
      committedItem(minutesAfterBoot(1), [{ errorMessage: "The Mobility agent is not installed on vm-1." }]),
      false,
      minutesAfterBoot(1).getTime(),
    ],
    ["a heartbeat since the boot", committedItem(minutesAfterBoot(11)), true, minutesAfterBoot(11).getTime()],
    ["nothing told about the agent", committedItem(undefined), false, undefined],
  ];
  for (const [title, item, registered, siteRecoveryTimeMs] of cases) {
    it(`reads ${registered ? "registered" : "not registered"} from ${title}`, () => {
      const agent = agentRegistrationOf(item);
      assert.equal(agent.registered, registered);
      assert.equal(agent.bootMs, boot.getTime());
      assert.equal(agent.siteRecoveryTimeMs, siteRecoveryTimeMs);
    });
  }
});

describe("estimatePlan", () => {
  const diskItem: ReplicationProtectedItem = {
    name: "vm-1",
    properties: {
      providerSpecificDetails: {
        instanceType: "InMageAzureV2",
        protectedDisks: [{ diskCapacityInBytes: 100e9 }],
      } as never,
    },
  };
  for (const [flavor, labelled] of [
    ["hyperv", true],
    ["vmware", false],
    ["physical", false],
  ] as const) {
    it(`${labelled ? "labels" : "does not label"} a ${flavor} estimate HV-08`, () => {
      const estimate = estimatePlan({ flavor, items: [diskItem], fullDownload: false, bandwidthInMbps: 100 });
      assert.equal(estimate.summary.startsWith("HV-08: "), labelled, estimate.summary);
      assert.match(estimate.summary, /up to 100\.0 GB on 1 VMs/);
    });
  }
});
