import * as assert from "node:assert/strict";
import {
  allRules,
  areaOfRuleId,
  blockingFindings,
  formatFindings,
  getRule,
  hasBlockingFindings,
  rulesById,
  runRules,
} from "../../../provider/rules/catalogue";
import { type Finding, type RuleContext, ruleIds } from "../../../provider/rules/types";
import { configurationServerCases } from "./cases/configurationServer";
import { failoverCases } from "./cases/failover";
import { hyperVCases } from "./cases/hyperV";
import { locationCases } from "./cases/location";
import { masterTargetCases } from "./cases/masterTarget";
import { modernizedApplianceCases } from "./cases/modernizedAppliance";
import { modernizedCommitCases } from "./cases/modernizedCommit";
import { modernizedFailoverCases } from "./cases/modernizedFailover";
import { modernizedPolicyCases } from "./cases/modernizedPolicy";
import { modernizedReprotectCases } from "./cases/modernizedReprotect";
import { networkCases } from "./cases/network";
import { processServerCases } from "./cases/processServer";
import { reprotectCases } from "./cases/reprotect";
import { vcenterCases } from "./cases/vcenter";
import { contextFor, healthyContext, healthyHyperVContext } from "./fixtures";

const allCases = [
  networkCases,
  processServerCases,
  masterTargetCases,
  vcenterCases,
  locationCases,
  configurationServerCases,
  reprotectCases,
  failoverCases,
  hyperVCases,
  modernizedApplianceCases,
  modernizedPolicyCases,
  modernizedReprotectCases,
  modernizedFailoverCases,
  modernizedCommitCases,
];

describe("rule catalogue", () => {
  it("holds exactly the 87 catalogue IDs (53 classic and Hyper-V, 34 modernized), once each, in catalogue order", () => {
    assert.equal(ruleIds.length, 87);
    assert.equal(ruleIds.filter((id) => id.startsWith("MR-")).length, 34);
    assert.deepEqual(
      allRules.map((rule) => rule.id),
      [...ruleIds],
    );
    assert.equal(Object.keys(rulesById).length, 87);
  });

  it("files every rule under the area of its ID prefix", () => {
    for (const rule of allRules) {
      assert.equal(rule.area, areaOfRuleId(rule.id), rule.id);
      assert.ok(rule.title.length > 0, rule.id);
      assert.ok(rule.appliesTo.flavors.length > 0, rule.id);
    }
  });

  it("looks rules up by ID", () => {
    assert.equal(getRule("MT-02")?.id, "MT-02");
    assert.equal(getRule("MT-99"), undefined);
  });

  it("has a breaking and a healthy test case for every rule ID", () => {
    const broken = new Set(allCases.flatMap((cases) => cases.breaking.map((entry) => entry.id)));
    const healthy = new Set(allCases.flatMap((cases) => cases.healthy.map((entry) => entry.id)));
    assert.deepEqual(
      ruleIds.filter((id) => !broken.has(id)),
      [],
    );
    assert.deepEqual(
      ruleIds.filter((id) => !healthy.has(id)),
      [],
    );
  });
});

describe("runRules", () => {
  it("finds nothing when everything is unknown", () => {
    assert.deepEqual(runRules({}), []);
    assert.deepEqual(runRules({ inputs: {}, site: {} }), []);
  });

  it("finds nothing for a healthy VMware site", () => {
    assert.deepEqual(
      runRules(healthyContext() as RuleContext).map((entry) => entry.message),
      [],
    );
  });

  it("finds nothing for a healthy Hyper-V site", () => {
    assert.deepEqual(
      runRules(healthyHyperVContext() as RuleContext).map((entry) => entry.message),
      [],
    );
  });

  it("reports every violation, not only the first", () => {
    const context = contextFor("vmware", (c) => {
      c.site!.masterTargets![0]!.snapshotCount = 2;
      c.site!.masterTargets![0]!.scsiController = "paravirtual";
      c.site!.vCenters![0]!.connected = false;
      c.site!.protectedItems![0]!.snapshotCount = 1;
      c.site!.protectedItems![1]!.azureVmExists = false;
      c.site!.reachability![1]!.reachable = false;
    });
    const findings = runRules(context);
    assert.deepEqual(
      findings.map((entry) => `${entry.ruleId} ${entry.object}`),
      [
        "NET-06 process server ps-01",
        "MT-02 master target mt-win-01",
        "MT-08 master target mt-win-01",
        "VC-01 vcenter vc-01",
        "RP-01 vm vm-web-2",
        "RP-03 vm vm-web-1",
      ],
    );
    assert.ok(
      findings.some(
        (entry) =>
          entry.message === "MT-02: master target mt-win-01 has 2 snapshots; delete them before failback",
      ),
    );
  });

  it("filters by ID and by area", () => {
    const context = contextFor("vmware", (c) => {
      c.site!.masterTargets![0]!.snapshotCount = 2;
      c.site!.vCenters![0]!.connected = false;
    });
    assert.deepEqual(
      runRules(context, { ids: ["VC-01"] }).map((entry) => entry.ruleId),
      ["VC-01"],
    );
    assert.deepEqual(
      runRules(context, { areas: ["masterTarget"] }).map((entry) => entry.ruleId),
      ["MT-02"],
    );
    assert.deepEqual(runRules(context, { ids: ["VC-01"], areas: ["masterTarget"] }), []);
  });

  it("skips rules meant for another flavor", () => {
    // A Hyper-V failback declaring a VMware-only thing: PS-04 must not judge it.
    const context = contextFor("hyperv", (c) => {
      c.inputs!.processServer = {
        name: "ps-hv",
        secretInputs: [
          { propertyPath: "processServer.administratorPassword", present: true, isSecret: false },
        ],
      };
    });
    assert.deepEqual(
      runRules(context).map((entry) => entry.ruleId),
      ["PS-01"],
    );
  });

  it("never reports a finding more severe than its rule", () => {
    const rank = { info: 0, warn: 1, block: 2 };
    for (const cases of allCases) {
      for (const testCase of cases.breaking) {
        for (const entry of runRules(contextFor(testCase.base, testCase.mutate))) {
          assert.ok(rank[entry.severity] <= rank[getRule(entry.ruleId)!.severity], entry.message);
        }
      }
    }
  });
});

describe("formatFindings", () => {
  const make = (ruleId: Finding["ruleId"], severity: Finding["severity"], object: string): Finding => ({
    ruleId,
    severity,
    object,
    cause: "is wrong",
    fix: "fix it",
    message: `${ruleId}: ${object} is wrong; fix it`,
  });

  it("is empty without findings", () => {
    assert.equal(formatFindings([]), "");
  });

  it("summarises, then lists the most severe first", () => {
    const report = formatFindings([
      make("FO-06", "info", "linux vm a"),
      make("MT-02", "block", "master target b"),
      make("PS-04", "warn", "process server c"),
      make("VC-01", "block", "vcenter d"),
    ]);
    assert.equal(
      report,
      [
        "4 failback prerequisite findings (2 blocking, 1 warning, 1 info):",
        "  [block] MT-02: master target b is wrong; fix it",
        "  [block] VC-01: vcenter d is wrong; fix it",
        "  [warn] PS-04: process server c is wrong; fix it",
        "  [info] FO-06: linux vm a is wrong; fix it",
      ].join("\n"),
    );
  });

  it("keeps only blocking findings for blockingFindings", () => {
    const findings = [make("FO-06", "info", "a"), make("MT-02", "block", "b"), make("PS-04", "warn", "c")];
    assert.deepEqual(
      blockingFindings(findings).map((entry) => entry.ruleId),
      ["MT-02"],
    );
    assert.equal(hasBlockingFindings(findings), true);
    assert.equal(hasBlockingFindings([findings[0]!]), false);
  });
});
