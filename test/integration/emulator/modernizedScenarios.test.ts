/**
 * The bundled modernized scenarios: the healthy one breaks no MR rule; each object of the broken
 * one breaks the rule its comment names, as the provider's site reads and MR rules see it over
 * the official SDK, and the emulator enforces what Site Recovery enforces (refusal or failed job).
 */
import assert from "node:assert/strict";
import type { SiteRecoveryManagementClient } from "@azure/arm-recoveryservices-siterecovery";
import { ApplianceErrorCodes, AsrErrorCodes } from "asr-contract";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import { runRules } from "../../../provider/rules/catalogue";
import type {
  DeclaredInputs,
  Finding,
  PlannedOperation,
  RuleContext,
  RuleId,
} from "../../../provider/rules/types";
import { itemFacts } from "../../../provider/site/facts";
import { LiveSite } from "../../../provider/site/liveSite";
import { readModernizedSite } from "../../../provider/site/modernizedSite";
import {
  modernizedReprotectToAzureBody,
  modernizedReprotectToSiteBody,
} from "../../../provider/stages/actionBodies";
import { clientFor, serviceErrorOf, siteRecoveryClientFor } from "./support";

const FABRIC = "vault-modern-vmwarefabric";
const CONTAINER = "vault-modern-replicationcontainer";
const APPLIANCE = {
  "rcm-app-01": "7d30ec24-f20e-4c17-8dfd-d7ccb444b072",
  "rcm-app-02": "5a1b2c3d-0000-4000-8000-000000000002",
  "rcm-app-03": "5a1b2c3d-0000-4000-8000-000000000003",
  "rcm-app-04": "5a1b2c3d-0000-4000-8000-000000000004",
  "rcm-app-05": "5a1b2c3d-0000-4000-8000-000000000005",
} as const;
const LRO = { updateIntervalInMs: 0 };

/** What the provider's site reads and rules see of the emulator now. */
async function ruleContext(
  emulator: RunningEmulator,
  inputs: DeclaredInputs,
  operation?: PlannedOperation,
): Promise<RuleContext> {
  const client = clientFor(emulator);
  const items = (await client.listProtectedItems()).map(itemFacts);
  const modernized = await readModernizedSite(
    new LiveSite(client),
    items,
    [],
    () => new Date(emulator.clock.nowMs()),
  );
  return { inputs, site: { ...modernized, protectedItems: items }, ...(operation ? { operation } : {}) };
}

/** The inputs of a modernized failback plan over `items`, reprotecting through `appliance`. */
function planInputs(
  emulator: RunningEmulator,
  items: string[],
  modernized: Partial<NonNullable<DeclaredInputs["modernized"]>> = {},
): DeclaredInputs {
  const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${emulator.resourceGroup}`;
  const vault = `${scope}/providers/Microsoft.RecoveryServices/vaults/${emulator.vaultName}`;
  return {
    flavor: "vmware",
    modernized: {
      reprotectAgentId: APPLIANCE["rcm-app-01"],
      datastoreName: "ds-gold",
      logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
      policyId: `${vault}/replicationPolicies/appconsistency-policy-failback`,
      recoveryPointType: "CrashConsistent",
      reprotectToAzure: {
        processServerId: APPLIANCE["rcm-app-01"],
        policyId: `${vault}/replicationPolicies/24-hour-replication-policy`,
      },
      ...modernized,
    },
    failbackPlan: { name: "fb-modern", items, targetStage: "protectedToAzure" },
  };
}

const byRule = (findings: readonly Finding[], id: RuleId) =>
  findings.filter((finding) => finding.ruleId === id);

describe("bundled scenario modernized-healthy", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({ scenarioFile: bundledScenarioPath("modernized-healthy") });
  });
  after(() => emulator.close());

  const plans: [string[], string][] = [
    [["vm-app-1", "vm-app-2"], "ds-gold"],
    [["vm-db-1"], "ds-silver"],
  ];
  for (const [items, datastoreName] of plans) {
    it(`breaks no MR rule for a failback of ${items.join(", ")} to ${datastoreName}`, async () => {
      const context = await ruleContext(emulator, planInputs(emulator, items, { datastoreName }));
      const findings = runRules(context, { areas: ["modernized"] }).filter(
        (finding) => finding.severity !== "info",
      );
      assert.deepEqual(findings, []);
    });
  }
});

describe("bundled scenario modernized-broken", () => {
  let emulator: RunningEmulator;
  let sdk: SiteRecoveryManagementClient;
  beforeEach(async () => {
    emulator = await startEmulator({
      scenarioFile: bundledScenarioPath("modernized-broken"),
      advanceOnPollSeconds: 60,
    });
    sdk = siteRecoveryClientFor(emulator);
  });
  afterEach(() => emulator.close());

  /** Reprotects an item to the site through an appliance; resolves to the job's state and error code. */
  async function reprotectThrough(
    item: string,
    appliance: keyof typeof APPLIANCE,
    datastoreName = "ds-gold",
  ) {
    const inputs = planInputs(emulator, [item]).modernized!;
    const body = modernizedReprotectToSiteBody({
      reprotectAgentId: APPLIANCE[appliance],
      datastoreName,
      logStorageAccountId: inputs.logStorageAccountId!,
      policyId: inputs.policyId!,
    });
    await sdk.replicationProtectedItems.beginReprotectAndWait(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      item,
      { properties: body },
      LRO,
    );
    // Site Recovery answers actions without `Location`: the item is read after the action.
    return sdk.replicationProtectedItems.get(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      item,
    );
  }

  /** A refusal: the request itself is answered with an ARM error of that code. */
  /** A refusal by Site Recovery: ARM's `BadRequest` with the service's code in `details[0]`. */
  const refusedWith = (code: string) => (error: { code?: string; message: string }) => {
    const service = serviceErrorOf(error);
    assert.equal(service.outerCode, "BadRequest", error.message);
    assert.equal(service.code, code, error.message);
    return true;
  };
  /** A failed job: the operation status reports the job's error, which the SDK's poller quotes. */
  const jobFailsWith = (code: string) => (error: { code?: string; message: string }) => {
    assert.ok(error.message.startsWith(`The long-running operation has failed. ${code}. `), error.message);
    return true;
  };

  // [rule, failback plan items, inputs, operation, object the finding names, severity]
  const findings: [
    RuleId,
    string[],
    Partial<NonNullable<DeclaredInputs["modernized"]>>,
    PlannedOperation | undefined,
    RegExp,
    Finding["severity"],
  ][] = [
    [
      "MR-02",
      ["vm-healthy"],
      { reprotectAgentId: APPLIANCE["rcm-app-02"] },
      undefined,
      /^appliance rcm-app-02$/,
      "block",
    ],
    [
      "MR-02",
      ["vm-healthy"],
      { reprotectAgentId: APPLIANCE["rcm-app-03"] },
      undefined,
      /^appliance rcm-app-03$/,
      "block",
    ],
    ["MR-04", ["vm-silver"], { datastoreName: "ds-silver" }, undefined, /^datastore ds-silver$/, "block"],
    [
      "MR-05",
      ["vm-healthy"],
      { reprotectAgentId: APPLIANCE["rcm-app-05"] },
      undefined,
      /^appliance rcm-app-05$/,
      "block",
    ],
    [
      "MR-07",
      ["vm-healthy"],
      { reprotectAgentId: APPLIANCE["rcm-app-04"], datastoreName: "ds-remote" },
      undefined,
      /^appliance rcm-app-04$/,
      "warn",
    ],
    [
      "MR-09",
      ["vm-healthy"],
      {
        policyId: `/Subscriptions/x/resourceGroups/y/providers/Microsoft.RecoveryServices/vaults/vault-modern/replicationPolicies/unpaired-policy-failback`,
      },
      undefined,
      /^policy unpaired-policy-failback$/,
      "warn",
    ],
    ["MR-11", ["vm-not-failed-over"], {}, undefined, /^vm vm-not-failed-over$/, "block"],
    ["MR-14", ["vm-agent"], {}, undefined, /^azure vm vm-agent$/, "block"],
    ["MR-16", ["vm-deleted"], {}, undefined, /vm-deleted/, "info"],
    ["MR-18", ["vm-static"], {}, undefined, /vm-static/, "warn"],
    ["MR-19", ["srv-physical"], {}, undefined, /srv-physical/, "warn"],
    [
      "MR-21",
      ["vm-healthy", "vm-agent"],
      { reprotectByRecoveryPlan: true },
      undefined,
      /^recovery plan fb-modern$/,
      "block",
    ],
    ["MR-23", ["vm-syncing"], {}, { kind: "failover" }, /^vm vm-syncing$/, "warn"],
    ["MR-23", ["vm-resync"], {}, { kind: "failover" }, /^vm vm-resync$/, "block"],
    [
      "MR-25",
      ["vm-crash-only"],
      {
        recoveryPointType: "ApplicationConsistent",
        policyId:
          "/Subscriptions/x/resourceGroups/y/providers/Microsoft.RecoveryServices/vaults/vault-modern/replicationPolicies/crashconsistency-policy-failback",
      },
      undefined,
      /^failback plan fb-modern$/,
      "warn",
    ],
    ["MR-28", ["vm-failback-failed"], {}, undefined, /^vm vm-failback-failed$/, "block"],
    ["MR-31", ["vm-moved"], {}, undefined, /^appliance rcm-app-01$/, "block"],
  ];
  for (const [rule, items, modernized, operation, object, severity] of findings) {
    it(`breaks ${rule} for ${items.join(", ")} as the provider's rules read the site (${severity})`, async () => {
      const inputs = planInputs(emulator, items, modernized);
      const context = await ruleContext(emulator, inputs, operation);
      const found = byRule(runRules(context, { ids: [rule] }), rule);
      assert.ok(
        found.some((finding) => object.test(finding.object) && finding.severity === severity),
        `${rule}: ${JSON.stringify(found)}`,
      );
    });
  }

  it("serves vm-healthy, the control, with no MR finding that blocks", async () => {
    const context = await ruleContext(emulator, planInputs(emulator, ["vm-healthy"]));
    const blocking = runRules(context, { areas: ["modernized"] }).filter(
      (finding) => finding.severity === "block",
    );
    assert.deepEqual(blocking, []);
  });

  it("fails a reprotect through an appliance with a Critical component or no heartbeat (MR-02)", async () => {
    await assert.rejects(
      reprotectThrough("vm-healthy", "rcm-app-02"),
      jobFailsWith(ApplianceErrorCodes.applianceNotHealthy),
    );
    await assert.rejects(
      reprotectThrough("vm-healthy", "rcm-app-03"),
      jobFailsWith(ApplianceErrorCodes.applianceNotHealthy),
    );
    const item = await reprotectThrough("vm-healthy", "rcm-app-01");
    assert.equal(
      item.properties?.providerSpecificDetails?.instanceType,
      "InMageRcmFailback",
      "a healthy appliance serves the retry (MR-20)",
    );
  });

  it("refuses a datastore the appliance cannot reach (MR-04)", async () => {
    await assert.rejects(
      reprotectThrough("vm-silver", "rcm-app-01", "ds-silver"),
      refusedWith(AsrErrorCodes.invalidInput),
    );
  });

  it("fails a reprotect that would exceed the appliance's 60 failback disks (MR-05)", async () => {
    await assert.rejects(
      reprotectThrough("vm-healthy", "rcm-app-05"),
      jobFailsWith(ApplianceErrorCodes.applianceDiskLimitExceeded),
    );
  });

  it("refuses to reprotect an item that never failed over (MR-11)", async () => {
    await assert.rejects(
      reprotectThrough("vm-not-failed-over", "rcm-app-01"),
      refusedWith(AsrErrorCodes.operationNotAllowed),
    );
  });

  it("fails a reprotect whose Azure VM has no registered agent or is deallocated (MR-14)", async () => {
    await assert.rejects(
      reprotectThrough("vm-agent", "rcm-app-01"),
      jobFailsWith(ApplianceErrorCodes.agentNotRegisteredAfterFailover),
    );
    await assert.rejects(
      reprotectThrough("vm-stopped", "rcm-app-01"),
      jobFailsWith(AsrErrorCodes.azureVmNotRunning),
    );
  });

  it("refuses a planned failover while initial replication back runs (MR-23, MR-24)", async () => {
    const points = [];
    for await (const point of sdk.recoveryPoints.listByReplicationProtectedItems(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      "vm-syncing",
    )) {
      points.push(point);
    }
    assert.deepEqual(points, []);
    await assert.rejects(
      sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
        emulator.vaultName,
        emulator.resourceGroup,
        FABRIC,
        CONTAINER,
        "vm-syncing",
        {
          properties: {
            providerSpecificDetails: {
              instanceType: "InMageRcmFailback",
              recoveryPointType: "CrashConsistent",
            },
          },
        },
        LRO,
      ),
      refusedWith(AsrErrorCodes.operationNotAllowed),
    );
  });

  it("fails an application-consistent failback under a crash-consistent-only policy (MR-25)", async () => {
    await assert.rejects(
      sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
        emulator.vaultName,
        emulator.resourceGroup,
        FABRIC,
        CONTAINER,
        "vm-crash-only",
        {
          properties: {
            providerSpecificDetails: {
              instanceType: "InMageRcmFailback",
              recoveryPointType: "ApplicationConsistent",
            },
          },
        },
        LRO,
      ),
      jobFailsWith(AsrErrorCodes.noRecoveryPoint),
    );
  });

  it("allows only a cancel of a planned failover that failed and did not roll back (MR-28)", async () => {
    const item = await sdk.replicationProtectedItems.get(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      "vm-failback-failed",
    );
    assert.equal(item.properties?.protectionState, "PlannedFailoverFailed");
    assert.deepEqual(item.properties?.allowedOperations, ["CancelFailover", "DisableProtection"]);
    await sdk.replicationProtectedItems.beginFailoverCancelAndWait(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      "vm-failback-failed",
      LRO,
    );
    const cancelled = await sdk.replicationProtectedItems.get(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      "vm-failback-failed",
    );
    assert.equal(cancelled.properties?.protectionState, "Protected");
    assert.equal(cancelled.properties?.activeLocation, "Primary");
  });

  it("fails a reprotect to Azure through an appliance that cannot reach the machine's datastore (MR-31)", async () => {
    const inputs = planInputs(emulator, ["vm-moved"]).modernized!;
    const toAzure = (processServerId: string) =>
      sdk.replicationProtectedItems.beginReprotectAndWait(
        emulator.vaultName,
        emulator.resourceGroup,
        FABRIC,
        CONTAINER,
        "vm-moved",
        {
          properties: modernizedReprotectToAzureBody({
            processServerId,
            policyId: inputs.reprotectToAzure!.policyId!,
          }),
        },
        LRO,
      );
    await assert.rejects(toAzure(APPLIANCE["rcm-app-01"]), jobFailsWith(AsrErrorCodes.datastoreNotReachable));
    await toAzure(APPLIANCE["rcm-app-05"]);
    const item = await sdk.replicationProtectedItems.get(
      emulator.vaultName,
      emulator.resourceGroup,
      FABRIC,
      CONTAINER,
      "vm-moved",
    );
    assert.equal(item.properties?.providerSpecificDetails?.instanceType, "InMageRcm");
  });

  it("refuses a recovery plan reprotect of modernized items (MR-21)", async () => {
    await assert.rejects(
      sdk.replicationRecoveryPlans.beginReprotectAndWait(
        emulator.vaultName,
        emulator.resourceGroup,
        "rp-broken",
        LRO,
      ),
      refusedWith(AsrErrorCodes.recoveryPlanReprotectNotSupported),
    );
  });
});
