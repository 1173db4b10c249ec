import * as assert from "node:assert/strict";
import { allRules, runRules } from "../../../provider/rules/catalogue";
import { replicationPathOfContext } from "../../../provider/rules/modernizedSupport";
import type { RuleContext } from "../../../provider/rules/types";
import { modernizedApplianceCases } from "./cases/modernizedAppliance";
import { modernizedCommitCases } from "./cases/modernizedCommit";
import { modernizedFailoverCases } from "./cases/modernizedFailover";
import { modernizedPolicyCases } from "./cases/modernizedPolicy";
import { modernizedReprotectCases } from "./cases/modernizedReprotect";
import { contextFor, describeArea, healthyContext } from "./fixtures";
import { healthyModernizedContext } from "./modernizedFixtures";

describeArea("modernized architecture and appliance rules", modernizedApplianceCases);
describeArea("modernized policy rules", modernizedPolicyCases);
describeArea("modernized reprotect rules", modernizedReprotectCases);
describeArea("modernized planned failover rules", modernizedFailoverCases);
describeArea("modernized commit, reprotect to Azure and network rules", modernizedCommitCases);

describe("rules by replication path", () => {
  it("scopes NET, PS, MT, CS, FO-01 and RP-02 to the classic path, the MR rules (but MR-01) to the modernized one", () => {
    const byPath = (path: string | undefined) =>
      allRules.filter((rule) => rule.appliesTo.paths?.join() === path).map((rule) => rule.id);
    const classicOnly = byPath("classic");
    assert.deepEqual(
      classicOnly.filter((id) => !/^(NET|PS|MT|CS)-/.test(id)),
      ["RP-02", "FO-01"],
    );
    assert.equal(classicOnly.length, 6 + 4 + 9 + 1 + 2);
    assert.deepEqual(
      allRules
        .filter((rule) => rule.id.startsWith("MR-") && rule.appliesTo.paths === undefined)
        .map((rule) => rule.id),
      ["MR-01"],
    );
    assert.equal(byPath("modernized").length, 33);
  });

  it("finds nothing for a healthy modernized site", () => {
    assert.deepEqual(
      runRules(healthyModernizedContext() as RuleContext).map((entry) => entry.message),
      [],
    );
  });

  it("reads the path off the items, then off the declared inputs", () => {
    assert.equal(replicationPathOfContext(healthyModernizedContext() as RuleContext), "modernized");
    assert.equal(replicationPathOfContext(healthyContext() as RuleContext), "classic");
    const mixed = contextFor("modernized", (c) => {
      c.site!.protectedItems![0]!.instanceType = "InMageAzureV2";
      delete c.site!.protectedItems![0]!.replicationPath;
    });
    assert.equal(replicationPathOfContext(mixed), "mixed");
    assert.equal(replicationPathOfContext({ inputs: { modernized: {} } }), "modernized");
    assert.equal(replicationPathOfContext({}), undefined);
  });

  it("skips NET, PS, MT and CS rules for modernized items (MR-33)", () => {
    // Classic facts that break NET-01, NET-06, PS-02 and MT-02 on a classic site.
    const classicBreakage = (c: ReturnType<typeof healthyContext>) => {
      c.site!.connectivity = { vpnConnections: [], expressRouteCircuits: [] };
      c.site!.reachability = [{ destination: "cs-01", port: 443, reachable: false }];
      c.site!.processServers = [{ name: "ps-01", heartbeatAgeInMinutes: 90 }];
      c.site!.masterTargets = [{ name: "mt-win-01", snapshotCount: 2 }];
      c.inputs!.masterTarget = { name: "mt-win-01" };
      c.inputs!.reprotection = { masterTargetName: "mt-win-01", processServerName: "ps-01" };
    };
    const classic = contextFor("vmware", classicBreakage);
    const classicIds = new Set(runRules(classic).map((entry) => entry.ruleId));
    assert.ok(classicIds.has("NET-01"), [...classicIds].join(","));
    assert.ok(classicIds.has("MT-02"), [...classicIds].join(","));
    const modern = contextFor("modernized", (c) => {
      classicBreakage(c);
      delete c.inputs!.masterTarget;
      delete c.inputs!.reprotection;
    });
    const ids = runRules(modern).map((entry) => entry.ruleId);
    assert.deepEqual(
      ids.filter((id) => /^(NET|PS|MT|CS)-/.test(id)),
      [],
    );
    assert.ok(ids.includes("MR-33"));
  });

  it("runs no MR rule on a classic site", () => {
    const context = contextFor("vmware", (c) => {
      c.operation = { kind: "reprotect" };
      c.site!.connectivity = { vpnConnections: [], expressRouteCircuits: [] };
    });
    assert.deepEqual(
      runRules(context)
        .map((entry) => entry.ruleId)
        .filter((id) => id.startsWith("MR-")),
      [],
    );
  });

  it("still runs the classic rules on a plan mixing both paths, and MR-01 refuses it", () => {
    const mixed = contextFor("modernized", (c) => {
      c.site!.protectedItems![0]!.instanceType = "InMageAzureV2";
      delete c.site!.protectedItems![0]!.replicationPath;
      c.site!.masterTargets = [{ name: "mt-win-01", snapshotCount: 2 }];
      c.inputs!.reprotection = { masterTargetName: "mt-win-01" };
    });
    const ids = runRules(mixed).map((entry) => entry.ruleId);
    assert.ok(ids.includes("MR-01"), ids.join(","));
    assert.ok(ids.includes("MT-02"), ids.join(","));
  });
});
