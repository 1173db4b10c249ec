import * as assert from "node:assert/strict";
import { runRules } from "../../../provider/rules/catalogue";
import { itemsDependingOnProcessServer } from "../../../provider/rules/processServer";
import { processServerCases } from "./cases/processServer";
import { contextFor, describeArea } from "./fixtures";

describeArea("process server rules", processServerCases);

describe("process server secrets", () => {
  it("never puts a secret value into a message", () => {
    const secretValue = "Sup3r-S3cret-Passw0rd!";
    const context = contextFor("vmware", (c) => {
      // A careless caller might pass the value along; the rule only reads names and flags.
      Object.assign(c.inputs!.processServer!, { administratorPassword: secretValue });
      c.inputs!.processServer!.secretInputs![0]!.isSecret = false;
    });
    const findings = runRules(context);
    assert.ok(findings.some((entry) => entry.ruleId === "PS-04"));
    assert.ok(findings.every((entry) => !entry.message.includes(secretValue)));
  });
});

describe("itemsDependingOnProcessServer", () => {
  it("lists only items mid-failback on that process server", () => {
    const items = [
      { name: "a", failbackStage: "reprotected" as const, processServerName: "ps-01" },
      { name: "b", failbackStage: "reprotected" as const, processServerName: "ps-02" },
      { name: "c", failbackStage: "committed" as const, processServerName: "ps-01" },
      { name: "d", failbackStage: "failedOver" as const },
      { name: "e" },
      { name: "f", failbackStage: "failedOverToAzure" as const, runningJobScenario: "Reprotect" },
      { name: "g", failbackStage: "failedOverToAzure" as const },
    ];
    assert.deepEqual(
      itemsDependingOnProcessServer(items, "ps-01").map((item) => item.name),
      ["a", "d", "f"],
    );
  });
});
