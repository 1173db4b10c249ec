/**
 * The modernized (replication appliance) failback through the official Site Recovery SDK client
 * against the emulator: the appliances, the InMageRcm fabric, policies and mappings as the
 * provider's adapters read them; reprotect to on-premises, planned failover, commit and reprotect
 * to Azure with exactly the bodies the provider sends; cancel before commit; recovery plan
 * failback; refusals with Site Recovery's codes; and no field lost by the SDK's deserializers.
 */
import assert from "node:assert/strict";
import type {
  InMageRcmApplianceSpecificDetails,
  InMageRcmFailbackReplicationDetails,
  SiteRecoveryManagementClient,
  SwitchProtectionJobDetails,
} from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import {
  containerMappingFacts,
  modernizedFabricFacts,
  modernizedItemFacts,
  replicationApplianceFacts,
  replicationPolicyFacts,
} from "../../../provider/site/modernizedFacts";
import { classifyItem, isReplicationReady } from "../../../provider/stageModel/classifyItem";
import {
  modernizedFailoverBody,
  modernizedReprotectToAzureBody,
  modernizedReprotectToSiteBody,
  planModernizedFailoverBody,
} from "../../../provider/stages/actionBodies";
import type { ModernizedSettings } from "../../../provider/stages/spec";
import { fieldsLostBySdk, rawJson, serviceErrorOf, siteRecoveryClientFor } from "./support";

const HOUR = 3600;
const FABRIC = "vault-modern-vmwarefabric";
const CONTAINER = "vault-modern-replicationcontainer";
const APP1 = "7d30ec24-f20e-4c17-8dfd-d7ccb444b072";
/** The SDK's pollers ask again at once; each poll moves the emulator's clock a minute. */
const LRO = { updateIntervalInMs: 0 };

describe("modernized failback through the official SDK client", () => {
  let emulator: RunningEmulator;
  let sdk: SiteRecoveryManagementClient;
  let vault: string;
  let group: string;
  let settings: ModernizedSettings & Required<Pick<ModernizedSettings, "reprotect" | "reprotectToAzure">>;

  beforeEach(async () => {
    emulator = await startEmulator({
      scenarioFile: bundledScenarioPath("modernized-healthy"),
      advanceOnPollSeconds: 60,
    });
    sdk = siteRecoveryClientFor(emulator);
    vault = emulator.vaultName;
    group = emulator.resourceGroup;
    const scope = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${group}`;
    settings = {
      reprotect: {
        reprotectAgentId: APP1,
        datastoreName: "ds-gold",
        logStorageAccountId: `${scope}/providers/Microsoft.Storage/storageAccounts/stfailbackcache01`,
        policyId: `${scope}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationPolicies/appconsistency-policy-failback`,
        applianceName: "rcm-app-01",
      },
      recoveryPointType: "CrashConsistent",
      reprotectToAzure: {
        processServerId: APP1,
        policyId: `${scope}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationPolicies/24-hour-replication-policy`,
        runAsAccountId: `${scope}/providers/Microsoft.OffAzure/VMwareSites/contoso-vmwaresite/runasaccounts/adb223ca-04bc-5b04-856e-536276ec8961`,
      },
    };
  });
  afterEach(() => emulator.close());

  const getItem = (name: string) => sdk.replicationProtectedItems.get(vault, group, FABRIC, CONTAINER, name);
  const now = () => new Date(emulator.clock.nowMs());

  // Site Recovery answers actions without `Location`, so the poller's final body is the operation
  // status: the item is read after each action, as the provider does.
  async function reprotectToSite(name: string) {
    await sdk.replicationProtectedItems.beginReprotectAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      name,
      { properties: modernizedReprotectToSiteBody(settings.reprotect) },
      LRO,
    );
    return getItem(name);
  }

  async function plannedFailover(name: string) {
    await sdk.replicationProtectedItems.beginPlannedFailoverAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      name,
      { properties: modernizedFailoverBody(settings) },
      LRO,
    );
    return getItem(name);
  }

  async function latestJob() {
    const jobs = [];
    for await (const job of sdk.replicationJobs.list(vault, group)) jobs.push(job);
    return jobs[0]!;
  }

  it("lists the vault's replication appliances with every component", async () => {
    const appliances = [];
    for await (const appliance of sdk.replicationAppliances.list(vault, group)) appliances.push(appliance);
    assert.equal(appliances.length, 1);
    const details = appliances[0]!.properties!.providerSpecificDetails as InMageRcmApplianceSpecificDetails;
    assert.equal(details.instanceType, "InMageRcm");
    const [appliance] = details.appliances!;
    assert.equal(appliance!.id, APP1);
    assert.equal(appliance!.name, "rcm-app-01");
    assert.match(appliance!.fabricArmId!, /\/replicationFabrics\/vault-modern-vmwarefabric$/);
    for (const component of [
      appliance!.processServer,
      appliance!.rcmProxy,
      appliance!.pushInstaller,
      appliance!.replicationAgent,
      appliance!.reprotectAgent,
      appliance!.marsAgent,
      appliance!.dra,
    ]) {
      assert.equal(component?.id, APP1, "every component carries the appliance's ID");
      assert.equal(component?.health, "Normal");
      assert.ok(component?.lastHeartbeatUtc instanceof Date, "heartbeats deserialize to Date");
    }
    assert.deepEqual(appliance!.reprotectAgent!.accessibleDatastores, ["ds-gold", "ds-silver"]);
    assert.match(
      appliance!.reprotectAgent!.vcenterId!,
      /\/Microsoft\.OffAzure\/VMwareSites\/contoso-vmwaresite\/vcenters\/vcenter01$/,
    );
    assert.equal(appliance!.rcmProxy!.clientAuthenticationType, "Certificate");
  });

  it("serves the InMageRcm fabric, policies and mappings the provider's adapters read", async () => {
    const fabric = await sdk.replicationFabrics.get(vault, group, FABRIC);
    assert.deepEqual(modernizedFabricFacts(fabric), {
      name: FABRIC,
      instanceType: "InMageRcm",
      health: "Normal",
    });
    const [appliance] = replicationApplianceFacts(fabric, now());
    assert.equal(appliance!.name, "rcm-app-01");
    assert.equal(appliance!.id, APP1);
    assert.deepEqual(
      appliance!.components!.map((component) => [component.kind, component.health]),
      [
        ["processServer", "Normal"],
        ["rcmProxy", "Normal"],
        ["pushInstaller", "Normal"],
        ["replicationAgent", "Normal"],
        ["reprotectAgent", "Normal"],
        ["marsAgent", "Normal"],
        ["dra", "Normal"],
      ],
    );
    assert.equal(appliance!.heartbeatAgeInMinutes, 1);
    assert.deepEqual(appliance!.healthErrorCodes, []);
    assert.deepEqual(appliance!.accessibleDatastores, ["ds-gold", "ds-silver"]);

    const policies = [];
    for await (const policy of sdk.replicationPolicies.list(vault, group))
      policies.push(replicationPolicyFacts(policy));
    assert.deepEqual(
      policies.map((policy) => [policy.name, policy.instanceType, policy.appConsistentFrequencyInMinutes]),
      [
        ["24-hour-replication-policy", "InMageRcm", 240],
        ["appconsistency-policy-failback", "InMageRcmFailback", 60],
        ["crashconsistency-policy-failback", "InMageRcmFailback", 0],
      ],
    );
    const mappings = [];
    for await (const mapping of sdk.replicationProtectionContainerMappings.listByReplicationProtectionContainers(
      vault,
      group,
      FABRIC,
      CONTAINER,
    )) {
      mappings.push(mapping);
    }
    const [forward, failback] = mappings;
    assert.equal(forward!.properties!.targetProtectionContainerId, "Microsoft Azure");
    assert.deepEqual(forward!.properties!.providerSpecificDetails, {
      instanceType: "InMageRcm",
      enableAgentAutoUpgrade: "true",
    });
    assert.equal(failback!.properties!.providerSpecificDetails, null);
    assert.equal(failback!.properties!.targetFabricFriendlyName, FABRIC);
    assert.deepEqual(containerMappingFacts(failback!), {
      name: "appconsistency-failback-containerpairing",
      policyId: failback!.properties!.policyId,
      targetProtectionContainerId: `/Subscriptions/${emulator.subscriptionId}/resourceGroups/${group}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}`,
      state: "Paired",
      health: "Normal",
    });
  });

  it("drives reprotect, planned failover, commit and reprotect to Azure with the provider's bodies", async () => {
    const committed = await getItem("vm-app-1");
    assert.equal(classifyItem("vmware", committed).stage, "failedOverToAzure");
    const forwardFacts = modernizedItemFacts(committed);
    assert.equal(forwardFacts.agentRegisteredAfterFailover, true);
    assert.deepEqual(forwardFacts.discoveredDatastores, ["ds-gold"]);
    assert.match(forwardFacts.discoveredVCenterId!, /\/vcenters\/vcenter01$/);
    assert.equal(forwardFacts.azureLocation, "westeurope");
    assert.equal(forwardFacts.azureVmName, "vm-app-1");

    const reprotected = await reprotectToSite("vm-app-1");
    assert.equal(reprotected.properties?.providerSpecificDetails?.instanceType, "InMageRcmFailback");
    assert.equal(reprotected.id, committed.id, "the item keeps its ARM ID");
    assert.equal(classifyItem("vmware", reprotected).stage, "reprotecting");
    const job = await latestJob();
    assert.equal(job.properties?.scenarioName, "SwitchReplicationGroupProtection");
    assert.equal(job.properties?.state, "Succeeded");
    const details = job.properties?.customDetails as SwitchProtectionJobDetails | undefined;
    assert.equal(details?.instanceType, "SwitchProtectionJobDetails");
    assert.equal(
      details?.newReplicationProtectedItemId,
      null,
      "the item keeps its ID, so there is no new one",
    );
    assert.deepEqual(
      job.properties?.tasks?.map((task) => task.friendlyName),
      [
        "Prerequisite check",
        "Committing failover",
        "Discovering replica virtual machine",
        "Getting reprotection requirements",
        "Reprotecting virtual machine",
      ],
    );
    const replicatingFacts = modernizedItemFacts(reprotected);
    assert.equal(replicatingFacts.reprotectAgentId, APP1);
    assert.equal(replicatingFacts.reprotectAgentName, "rcm-app-01");
    assert.equal(replicatingFacts.targetDatastoreName, "ds-gold");
    assert.equal(replicatingFacts.initialReplicationComplete, false);
    assert.equal(replicatingFacts.resyncRequired, false);
    assert.equal(
      replicatingFacts.policyId,
      settings.reprotect.policyId.replace("/subscriptions/", "/Subscriptions/"),
    );

    emulator.advance(6 * HOUR);
    const synced = await getItem("vm-app-1");
    const position = classifyItem("vmware", synced);
    assert.equal(position.stage, "reprotected");
    assert.ok(isReplicationReady(position));
    assert.equal(modernizedItemFacts(synced).initialReplicationComplete, true);
    const points = [];
    for await (const point of sdk.recoveryPoints.listByReplicationProtectedItems(
      vault,
      group,
      FABRIC,
      CONTAINER,
      "vm-app-1",
    )) {
      points.push(point);
    }
    assert.ok(points.some((point) => point.properties?.recoveryPointType === "CrashConsistent"));

    const failedBack = await plannedFailover("vm-app-1");
    assert.equal(classifyItem("vmware", failedBack).stage, "failedOver");
    assert.deepEqual(failedBack.properties?.allowedOperations, [
      "CompleteMigration",
      "Commit",
      "DisableProtection",
      "SwitchProtection",
      "CancelFailover",
    ]);
    const failbackDetails = failedBack.properties!
      .providerSpecificDetails as InMageRcmFailbackReplicationDetails;
    assert.equal(failbackDetails.lastPlannedFailoverStatus, "Succeeded");
    assert.ok(failbackDetails.lastPlannedFailoverStartTime instanceof Date);
    assert.match(failedBack.properties!.failoverRecoveryPointId!, /\/recoveryPoints\/cc-\d+$/);
    assert.equal((await latestJob()).properties?.customDetails?.instanceType, "FailoverJobDetails");

    await sdk.replicationProtectedItems.beginFailoverCommitAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      "vm-app-1",
      LRO,
    );
    const afterCommit = await getItem("vm-app-1");
    assert.equal(classifyItem("vmware", afterCommit).stage, "committed");
    assert.equal(afterCommit.properties?.protectionState, "PlannedFailoverCommitted");

    await sdk.replicationProtectedItems.beginReprotectAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      "vm-app-1",
      { properties: modernizedReprotectToAzureBody(settings.reprotectToAzure) },
      LRO,
    );
    const backToAzure = await getItem("vm-app-1");
    assert.equal(backToAzure.properties?.providerSpecificDetails?.instanceType, "InMageRcm");
    assert.equal(classifyItem("vmware", backToAzure).stage, "protectedToAzure");
    assert.equal(backToAzure.properties?.policyFriendlyName, "24-hour-replication-policy");
    emulator.advance(12 * HOUR);
    assert.deepEqual((await getItem("vm-app-1")).properties?.allowedOperations, [
      "UnplannedFailover",
      "DisableProtection",
      "TestFailover",
    ]);
  });

  it("cancels a planned failover before commit and fails back again", async () => {
    await reprotectToSite("vm-app-2");
    emulator.advance(6 * HOUR);
    await plannedFailover("vm-app-2");
    await sdk.replicationProtectedItems.beginFailoverCancelAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      "vm-app-2",
      LRO,
    );
    const cancelled = await getItem("vm-app-2");
    const position = classifyItem("vmware", cancelled);
    assert.equal(position.stage, "reprotected");
    assert.ok(isReplicationReady(position));
    const job = await latestJob();
    assert.equal(job.properties?.scenarioName, "CancelFailover");
    assert.equal(job.properties?.friendlyName, "Cancel failover and resume replication");
    const again = await plannedFailover("vm-app-2");
    assert.equal(classifyItem("vmware", again).stage, "failedOver");
  });

  it("reprotects an item whose failover to Azure awaits commit: the reprotect job commits it", async () => {
    const pending = await getItem("vm-db-1");
    const position = classifyItem("vmware", pending);
    assert.equal(position.stage, "failedOverToAzure");
    assert.equal(position.failoverToAzureCommitted, false);
    await sdk.replicationProtectedItems.beginReprotectAndWait(
      vault,
      group,
      FABRIC,
      CONTAINER,
      "vm-db-1",
      { properties: modernizedReprotectToSiteBody({ ...settings.reprotect, datastoreName: "ds-silver" }) },
      LRO,
    );
    const reprotected = await getItem("vm-db-1");
    assert.equal(classifyItem("vmware", reprotected).stage, "reprotecting");
  });

  it("fails back a recovery plan of modernized items and commits it", async () => {
    await Promise.all(["vm-app-1", "vm-app-2"].map((name) => reprotectToSite(name)));
    emulator.advance(6 * HOUR);
    const plan = await sdk.replicationRecoveryPlans.get(vault, group, "rp-app");
    assert.deepEqual(plan.properties?.replicationProviders, ["InMageRcmFailback"]);
    assert.ok(plan.properties?.allowedOperations?.includes("PlannedFailover"));
    await sdk.replicationRecoveryPlans.beginPlannedFailoverAndWait(
      vault,
      group,
      "rp-app",
      { properties: planModernizedFailoverBody(settings, true) },
      LRO,
    );
    for (const name of ["vm-app-1", "vm-app-2"])
      assert.equal(classifyItem("vmware", await getItem(name)).stage, "failedOver");
    await sdk.replicationRecoveryPlans.beginFailoverCommitAndWait(vault, group, "rp-app", LRO);
    for (const name of ["vm-app-1", "vm-app-2"])
      assert.equal(classifyItem("vmware", await getItem(name)).stage, "committed");
  });

  it("refuses what Site Recovery refuses, with its codes", async () => {
    await assert.rejects(
      sdk.replicationRecoveryPlans.beginReprotectAndWait(vault, group, "rp-app", LRO),
      (error: { code?: string; statusCode?: number }) =>
        error.statusCode === 400 &&
        serviceErrorOf(error).code === AsrErrorCodes.recoveryPlanReprotectNotSupported,
    );
    await assert.rejects(
      plannedFailover("vm-app-1"),
      (error: { code?: string; message: string }) =>
        serviceErrorOf(error).code === AsrErrorCodes.operationNotAllowed &&
        /'PlannedFailover' is not allowed/.test(error.message),
    );
    await assert.rejects(
      sdk.replicationProtectedItems.beginReprotectAndWait(
        vault,
        group,
        FABRIC,
        CONTAINER,
        "vm-app-1",
        {
          properties: modernizedReprotectToSiteBody({
            ...settings.reprotect,
            reprotectAgentId: "00000000-0000-4000-8000-000000000009",
          }),
        },
        LRO,
      ),
      (error: { code?: string; message: string }) =>
        serviceErrorOf(error).code === AsrErrorCodes.invalidInput &&
        /is not registered in fabric/.test(error.message),
    );
  });

  it("answers an item action with the published LRO headers: Azure-AsyncOperation and Retry-After, no Location", async () => {
    const itemPath = `/subscriptions/${emulator.subscriptionId}/resourceGroups/${group}/providers/Microsoft.RecoveryServices/vaults/${vault}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}/replicationProtectedItems/vm-app-1`;
    const response = await fetch(`${emulator.endpoint}${itemPath}/reProtect?api-version=2023-06-01`, {
      method: "POST",
      headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
      body: JSON.stringify({ properties: modernizedReprotectToSiteBody(settings.reprotect) }),
    });
    assert.equal(response.status, 202);
    const jobName = /replicationOperationStatus\/([^?]+)/.exec(
      response.headers.get("azure-asyncoperation") ?? "",
    )?.[1];
    assert.ok(jobName, "Azure-AsyncOperation names the job");
    assert.equal(response.headers.get("location"), null, "the published examples show no Location");
    assert.ok(response.headers.get("retry-after") !== null, "Retry-After");
    assert.match(
      response.headers.get("x-ms-request-id") ?? "",
      new RegExp(`^/Subscriptions/.+/replicationJobs/${jobName}$`),
    );
  });

  it("loses no field of the modernized shapes in the SDK's deserializers", async () => {
    const vaultPath = `/resourceGroups/${group}/providers/Microsoft.RecoveryServices/vaults/${vault}`;
    const itemPath = (name: string) =>
      `${vaultPath}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}/replicationProtectedItems/${name}`;
    const lost = async (path: string, parsed: unknown) =>
      fieldsLostBySdk(await rawJson(emulator, path), parsed);

    assert.deepEqual(
      await lost(
        `${vaultPath}/replicationFabrics/${FABRIC}`,
        await sdk.replicationFabrics.get(vault, group, FABRIC),
      ),
      [],
    );
    const appliances = [];
    for await (const appliance of sdk.replicationAppliances.list(vault, group)) appliances.push(appliance);
    assert.deepEqual(
      fieldsLostBySdk((await rawJson(emulator, `${vaultPath}/replicationAppliances`)) as { value: unknown }, {
        value: appliances,
      }),
      [],
    );
    assert.deepEqual(await lost(itemPath("vm-app-1"), await getItem("vm-app-1")), [], "InMageRcm item");
    assert.deepEqual(
      await lost(
        `${vaultPath}/replicationPolicies/appconsistency-policy-failback`,
        await sdk.replicationPolicies.get(vault, group, "appconsistency-policy-failback"),
      ),
      [],
    );
    assert.deepEqual(
      await lost(
        `${vaultPath}/replicationFabrics/${FABRIC}/replicationProtectionContainers/${CONTAINER}/replicationProtectionContainerMappings/forward-containerpairing`,
        await sdk.replicationProtectionContainerMappings.get(
          vault,
          group,
          FABRIC,
          CONTAINER,
          "forward-containerpairing",
        ),
      ),
      [],
    );
    await reprotectToSite("vm-app-1");
    const job = await latestJob();
    assert.deepEqual(await lost(`${vaultPath}/replicationJobs/${job.name}`, job), [], "reprotect job");
    emulator.advance(6 * HOUR);
    assert.deepEqual(
      await lost(itemPath("vm-app-1"), await getItem("vm-app-1")),
      [],
      "InMageRcmFailback item",
    );
    await plannedFailover("vm-app-1");
    assert.deepEqual(await lost(itemPath("vm-app-1"), await getItem("vm-app-1")), [], "failed-back item");
    const failover = await latestJob();
    assert.deepEqual(
      await lost(`${vaultPath}/replicationJobs/${failover.name}`, failover),
      [],
      "failover job",
    );
  });
});
