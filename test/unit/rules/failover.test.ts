import * as assert from "node:assert/strict";
import {
  AGENT_REGISTRATION_GRACE_MINUTES,
  adviseOnAgentNotInstalled,
  isAgentNotInstalledError,
} from "../../../provider/rules/failover";
import { failoverCases } from "./cases/failover";
import { contextFor, describeArea, findingsOf } from "./fixtures";

describeArea("failover rules", failoverCases);

describe("FO-02 with multi-VM consistency", () => {
  it("only warns about data loss when the group's common point is allowed", () => {
    const findings = findingsOf(
      "FO-02",
      contextFor("vmware", (c) => {
        c.inputs!.failbackPlan!.recoveryPointType = "latestApplicationConsistent";
        c.inputs!.reprotection!.multiVmConsistency = true;
      }),
    );
    assert.deepEqual(
      findings.map((entry) => entry.severity),
      ["warn"],
    );
  });
});

describe("agent-not-installed retry advice (FO-05)", () => {
  const table: [number, "retry" | "fail"][] = [
    [0, "retry"],
    [AGENT_REGISTRATION_GRACE_MINUTES - 0.5, "retry"],
    [AGENT_REGISTRATION_GRACE_MINUTES, "fail"],
    [90, "fail"],
  ];
  for (const [uptime, advice] of table) {
    it(`advises ${advice} ${uptime} minutes after boot`, () => {
      assert.equal(adviseOnAgentNotInstalled(uptime), advice);
    });
  }
  it("recognises the agent-not-installed error", () => {
    assert.equal(
      isAgentNotInstalledError("Protection couldn't be enabled: the agent is not installed on vm-web-1"),
      true,
    );
    assert.equal(isAgentNotInstalledError("Agent not installed"), true);
    assert.equal(isAgentNotInstalledError("The datastore is not reachable"), false);
  });
});
