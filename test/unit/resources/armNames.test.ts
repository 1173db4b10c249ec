/** ARM's naming rules and duplicate items are refused in check, with the property path, before any call. */
import assert from "node:assert/strict";
import { ArmNameRules, armNameProblem } from "asr-contract";
import { resolveClientConfig } from "../../../provider/client/config";
import { UNKNOWN_VALUE, validateInputs } from "../../../provider/resources/common";
import { FailbackPlanArgs } from "../../../provider/resources/failbackPlan";
import { MasterTargetInputs } from "../../../provider/resources/masterTarget";
import { ProcessServerInputs } from "../../../provider/resources/processServer";
import { ReprotectionPolicyInputs } from "../../../provider/resources/reprotectionPolicy";

const ITEM_ID =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr/replicationFabrics/cs/replicationProtectionContainers/cs-container/replicationProtectedItems/vm-web-1";
const plan = (items: string[]) => ({
  flavor: "hyperv",
  targetStage: "failedOver",
  items,
});
const MEGABYTE_NAME = "n".repeat(1024 * 1024);

describe("FailbackPlan items", () => {
  for (const [title, items] of [
    ["the same name twice", ["vm-web-1", "vm-db-1", "vm-web-1"]],
    ["names differing only by case", ["vm-web-1", "VM-Web-1"]],
    ["a name and the ARM ID of the same item", ["vm-web-1", ITEM_ID]],
  ] as const) {
    it(`refuses ${title} at items`, () => {
      const { failures } = validateInputs(FailbackPlanArgs, plan([...items]));
      const failure = failures.find((entry) => entry.property === "items");
      assert.ok(failure, JSON.stringify(failures));
      assert.match(failure.reason, /name the same item .*list each item once/);
    });
  }

  it("accepts distinct items, and items not known yet", () => {
    assert.deepEqual(validateInputs(FailbackPlanArgs, plan(["vm-web-1", "vm-db-1"])).failures, []);
    assert.deepEqual(validateInputs(FailbackPlanArgs, plan([UNKNOWN_VALUE, UNKNOWN_VALUE])).failures, []);
  });

  it("refuses a 1 MB item name at items[1] and a 1 MB recovery plan name", () => {
    const items = validateInputs(FailbackPlanArgs, plan(["vm-web-1", MEGABYTE_NAME])).failures;
    assert.ok(items.some((entry) => entry.property === "items[1]" && /at most 260/.test(entry.reason)));
    const recoveryPlan = validateInputs(FailbackPlanArgs, {
      flavor: "hyperv",
      targetStage: "failedOver",
      recoveryPlanName: MEGABYTE_NAME,
    }).failures;
    assert.ok(recoveryPlan.some((entry) => entry.property === "recoveryPlanName"));
  });
});

describe("protectedItemNames of the topology resources", () => {
  const masterTarget = (protectedItemNames: string[]) => ({
    fabricName: "cs",
    masterTargetName: "mt-win-01",
    protectedItemNames,
  });
  const policy = (protectedItemNames: string[]) => ({
    flavor: "vmware",
    fabricName: "cs",
    policyName: "policy-failback",
    protectedItemNames,
  });
  for (const [resource, schema, inputs] of [
    ["MasterTarget", MasterTargetInputs, masterTarget],
    ["ReprotectionPolicy", ReprotectionPolicyInputs, policy],
  ] as const) {
    it(`${resource} refuses an item named twice (also by case) at protectedItemNames, and accepts distinct ones`, () => {
      const { failures } = validateInputs(schema, inputs(["vm-web-1", "vm-db-1", "VM-WEB-1"]));
      const failure = failures.find((entry) => entry.property === "protectedItemNames");
      assert.ok(failure, JSON.stringify(failures));
      assert.equal(
        failure.reason,
        "protectedItemNames: protectedItemNames[0] and protectedItemNames[2] name the same item (VM-WEB-1; names are compared without regard to case); list each item once",
      );
      const distinct = validateInputs(schema, inputs(["vm-web-1", "vm-db-1"]));
      assert.deepEqual(
        distinct.failures.filter((entry) => entry.property === "protectedItemNames"),
        [],
      );
    });
  }
});

describe("a Hyper-V ReprotectionPolicy given a process server", () => {
  it("is refused at processServerId with the rule ID in its catalogue case (PS-01)", () => {
    const { failures } = validateInputs(ReprotectionPolicyInputs, {
      flavor: "hyperv",
      fabricName: "hyperv-site-contoso",
      policyName: "policy-hyperv",
      processServerId: "ps-id",
    });
    const failure = failures.find((entry) => entry.property === "processServerId");
    assert.ok(failure, JSON.stringify(failures));
    assert.match(failure.reason, /^processServerId: PS-01: a Hyper-V failback needs no process server/);
  });
});

describe("ARM names of the topology resources", () => {
  it("refuses a 10 KB resource group of a process server with a clear reason", () => {
    const { failures } = validateInputs(ProcessServerInputs, {
      fabricName: "cs",
      processServerName: "ps-01",
      adoptExisting: true,
      resourceGroup: "r".repeat(10 * 1024),
    });
    const failure = failures.find((entry) => entry.property === "resourceGroup");
    assert.ok(failure, JSON.stringify(failures));
    assert.equal(
      failure.reason,
      "resourceGroup: is 10240 characters long; a resource group name has at most 90",
    );
  });

  for (const [name, valid] of [
    ["rg-dr", true],
    ["rg_(dr).1", true],
    ["rg.", false],
    ["rg/dr", false],
    ["r".repeat(90), true],
    ["r".repeat(91), false],
  ] as const) {
    it(`${valid ? "accepts" : "refuses"} resource group "${name.slice(0, 12)}…" (${name.length} characters)`, () => {
      assert.equal(armNameProblem(ArmNameRules.resourceGroup, name) === undefined, valid);
    });
  }

  for (const [name, valid] of [
    ["mt-win-01", true],
    ["cs01.contoso.local", true],
    ["MT_WIN_01", true],
    ["mt win 01", false],
    ["mt-wín-01", false],
    ["-mt", false],
    ["mt.", false],
    ["m".repeat(64), false],
  ] as const) {
    it(`${valid ? "accepts" : "refuses"} master target name "${name.slice(0, 20)}"`, () => {
      const { failures } = validateInputs(MasterTargetInputs, { fabricName: "cs", masterTargetName: name });
      assert.equal(
        failures.some((entry) => entry.property === "masterTargetName"),
        !valid,
        JSON.stringify(failures),
      );
    });
  }

  it("refuses a 1 MB fabric name, naming fabricName", () => {
    const { failures } = validateInputs(MasterTargetInputs, {
      fabricName: MEGABYTE_NAME,
      masterTargetName: "mt",
    });
    assert.ok(failures.some((entry) => entry.property === "fabricName"));
  });

  it("refuses a policy name ARM refuses (__proto__, too long)", () => {
    for (const policyName of ["__proto__", "p".repeat(300)]) {
      const { failures } = validateInputs(ReprotectionPolicyInputs, {
        flavor: "hyperv",
        fabricName: "hv-site",
        policyName,
      });
      assert.ok(
        failures.some((entry) => entry.property === "policyName"),
        policyName,
      );
    }
  });

  it("refuses a 10 KB vault resource group in the provider configuration", () => {
    assert.throws(
      () =>
        resolveClientConfig(
          { subscriptionId: "sub", resourceGroup: "r".repeat(10 * 1024), vaultName: "vault" },
          {},
        ),
      /resourceGroup: is 10240 characters long/,
    );
  });
});
