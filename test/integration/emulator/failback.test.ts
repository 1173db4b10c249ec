/**
 * The emulator enforces Site Recovery's behaviour: the failback state machine per flavor, the
 * rules of the site (each failing the job with Site Recovery's code), Hyper-V's suspended
 * "sync before failover", corruption on a cancelled sync, and process server registration.
 * Time only moves when the test advances the clock.
 */
import assert from "node:assert/strict";
import { AsrErrorCodes } from "asr-contract";
import type { RunningEmulator } from "asr-emulator";
import type { AzureCallError } from "../../../provider/errors";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  vmware,
} from "./support";

const HOUR = 3600;
const hyperV = (itemName: string) => ({ fabricName: "hyperv-site-contoso", containerName: "", itemName });

async function hyperVLocator(emulator: RunningEmulator, itemName: string) {
  const containers = await clientFor(emulator).listProtectionContainers("hyperv-site-contoso");
  return { ...hyperV(itemName), containerName: containers[0]!.name! };
}

describe("emulator failback behaviour", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startTestEmulator();
  });
  afterEach(() => emulator.close());
  const advanceOnPoll = () => ({ onPoll: () => emulator.advance(120) });

  describe("classic VMware item", () => {
    it("goes committed-in-Azure → reprotect → protected → failback → commit → reprotect to Azure", async () => {
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      const processServerId = await onPremisesProcessServerId(client);

      const reprotected = await client.reprotect(
        vmware("vm-web-1"),
        inMageReprotect(processServerId),
        advanceOnPoll(),
      );
      assert.ok(reprotected.jobName, "the job name comes from the Azure-AsyncOperation header");
      assert.equal(reprotected.result.properties?.providerSpecificDetails?.instanceType, "InMage");
      assert.equal(reprotected.result.properties?.protectionState, "InitialReplicationInProgress");
      assert.ok(
        !reprotected.result.properties?.allowedOperations?.includes("UnplannedFailover"),
        "no failover before initial sync",
      );
      const job = await client.getJob(reprotected.jobName!);
      assert.equal(job?.properties?.state, "Succeeded");

      emulator.advance(6 * HOUR);
      const synced = await client.getProtectedItem(vmware("vm-web-1"));
      assert.equal(synced?.properties?.protectionState, "Protected");
      assert.equal(synced?.properties?.replicationHealth, "Normal");
      assert.ok((await client.listRecoveryPoints(vmware("vm-web-1"))).length > 0);

      const failedBack = await client.unplannedFailover(
        vmware("vm-web-1"),
        {
          failoverDirection: "PrimaryToRecovery",
          providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" },
        },
        advanceOnPoll(),
      );
      assert.equal(
        failedBack.result.properties?.protectionState,
        "UnplannedFailoverCommitPendingStatesBegin",
      );
      assert.deepEqual(failedBack.result.properties?.allowedOperations?.slice(0, 2), [
        "Commit",
        "CancelFailover",
      ]);

      const committed = await client.commitFailover(vmware("vm-web-1"), advanceOnPoll());
      assert.equal(committed.result.properties?.protectionState, "UnplannedFailoverCommitted");
      assert.equal(committed.result.properties?.activeLocation, "Primary");
      assert.ok(committed.result.properties?.allowedOperations?.includes("ReverseReplicate"));
      // FO-05: the VM just booted; until its agent registers the item shows no heartbeat from the
      // source server and an agent-not-installed health error.
      const bootMs = committed.result.properties?.lastSuccessfulFailoverTime?.getTime();
      assert.ok(bootMs !== undefined);
      const unregistered = committed.result.properties!;
      const unregisteredDetails = unregistered.providerSpecificDetails as { lastHeartbeat?: Date };
      assert.equal(unregisteredDetails.lastHeartbeat, undefined);
      assert.deepEqual(
        unregistered.healthErrors?.map((error) => error.errorCode),
        [AsrErrorCodes.agentNotInstalled],
      );

      const toAzure = {
        failoverDirection: "PrimaryToRecovery",
        providerSpecificDetails: { instanceType: "InMageAzureV2" as const, processServerId },
      };
      await assert.rejects(
        client.reprotect(vmware("vm-web-1"), toAzure, advanceOnPoll()),
        (error: AzureCallError) => {
          assert.equal(error.code, AsrErrorCodes.agentNotInstalled);
          assert.equal(error.retryable, true);
          assert.match(
            error.message,
            /^reprotecting vm-web-1: MobilityAgentNotInstalled .*wait a few minutes and retry$/,
          );
          return true;
        },
      );
      emulator.advance(15 * 60);
      const registered = await client.getProtectedItem(vmware("vm-web-1"));
      const registeredDetails = registered!.properties!.providerSpecificDetails as { lastHeartbeat?: Date };
      const heartbeat = registeredDetails.lastHeartbeat;
      assert.ok(heartbeat instanceof Date, "a heartbeat once the agent registered");
      assert.ok(heartbeat.getTime() >= bootMs, "the heartbeat is the booted VM's");
      assert.ok(emulator.clock.nowMs() - heartbeat.getTime() <= 60_000, "the heartbeat is recent");
      assert.deepEqual(registered?.properties?.healthErrors, []);
      const backToAzure = await client.reprotect(vmware("vm-web-1"), toAzure, advanceOnPoll());
      assert.equal(backToAzure.result.properties?.providerSpecificDetails?.instanceType, "InMageAzureV2");
      assert.equal(backToAzure.result.properties?.activeLocation, "Primary");

      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", "vm-web-1"), 3);
      assert.equal(
        emulator.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", "vm-web-1"),
        1,
      );
      assert.equal(emulator.requests.actionCount("ReplicationProtectedItems_FailoverCommit", "vm-web-1"), 1);
    });

    it("shows the running job in currentScenario and refuses a second action meanwhile", async () => {
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      const processServerId = await onPremisesProcessServerId(client);
      const { job } = emulator.store.startItemAction(
        "vm-web-2",
        "reProtect",
        inMageReprotect(processServerId),
      );
      const item = await client.getProtectedItem(vmware("vm-web-2"));
      assert.equal(item?.properties?.currentScenario?.scenarioName, "Reprotect");
      assert.match(item!.properties!.currentScenario!.jobId!, new RegExp(`/replicationJobs/${job.name}$`));
      assert.deepEqual(item?.properties?.allowedOperations, []);
      await assert.rejects(
        client.reprotect(vmware("vm-web-2"), inMageReprotect(processServerId)),
        (error: AzureCallError) => error.statusCode === 409,
      );
    });

    it("refuses actions its allowedOperations do not list", async () => {
      const client = clientFor(emulator);
      await assert.rejects(
        client.unplannedFailover(vmware("vm-web-1"), { providerSpecificDetails: { instanceType: "InMage" } }),
        (error: AzureCallError) =>
          error.code === AsrErrorCodes.operationNotAllowed && error.statusCode === 400,
      );
    });

    it("refuses reprotect inputs that name a retention drive of another master target", async () => {
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      const processServerId = await onPremisesProcessServerId(client);
      await assert.rejects(
        client.reprotect(
          vmware("vm-web-1"),
          inMageReprotect(processServerId, { retentionDrive: "/mnt/retention" }),
        ),
        (error: AzureCallError) =>
          error.code === AsrErrorCodes.invalidInput && /does not belong to master target/.test(error.message),
      );
    });

    const ruleCases: {
      rule: string;
      item: string;
      patch: [string, unknown][];
      code: string;
      step: "reprotect" | "failover";
      input?: Record<string, unknown>;
    }[] = [
      {
        rule: "MT-02 snapshots",
        item: "vm-web-1",
        patch: [["masterTargets[0].snapshots", 2]],
        code: AsrErrorCodes.masterTargetHasSnapshots,
        step: "reprotect",
      },
      {
        rule: "VC-01 vCenter disconnected",
        item: "vm-web-1",
        patch: [["vCenters[0].connected", false]],
        code: AsrErrorCodes.vCenterNotConnected,
        step: "reprotect",
      },
      {
        rule: "VC-02 read-only account",
        item: "vm-web-1",
        patch: [["vCenters[0].accountReadOnly", true]],
        code: AsrErrorCodes.datastoresNotDiscovered,
        step: "reprotect",
      },
      {
        rule: "VC-04 free ESXi",
        item: "vm-web-1",
        patch: [["esxHosts[0].edition", "ESXi55Free"]],
        code: AsrErrorCodes.esxiFreeEdition,
        step: "reprotect",
      },
      {
        rule: "CS-01 machine missing",
        item: "vm-web-1",
        patch: [["configurationServer.missingMachines", ["vm-web-1"]]],
        code: AsrErrorCodes.machineNotInConfigurationServer,
        step: "reprotect",
      },
      {
        rule: "RP-01 Azure VM stopped",
        item: "vm-web-1",
        patch: [["protectedItems[0].azureVm.running", false]],
        code: AsrErrorCodes.azureVmNotRunning,
        step: "reprotect",
      },
      {
        rule: "NET-06 no path to the configuration server",
        item: "vm-web-1",
        patch: [
          ["connectivity.vpnConnections[0].status", "NotConnected"],
          ["connectivity.expressRouteCircuits[0].peerings[0].state", "Disabled"],
        ],
        code: AsrErrorCodes.configurationServerUnreachable,
        step: "reprotect",
      },
      {
        rule: "LOC-01 datastore not seen by the master target's host",
        item: "vm-web-1",
        patch: [["datastores[0].hosts", ["esx02"]]],
        code: AsrErrorCodes.datastoreNotReachable,
        step: "reprotect",
        input: { datastoreName: undefined },
      },
      {
        rule: "78052 VM name clash on alternate location",
        item: "srv-app-1",
        patch: [["esxHosts[0].vmNames", ["srv-app-1"]]],
        code: AsrErrorCodes.vmNameAlreadyExists,
        step: "failover",
      },
      {
        rule: "8038 host memory",
        item: "vm-web-1",
        patch: [["esxHosts[0].freeMemoryInGb", 2]],
        code: AsrErrorCodes.onPremisesVmBootFailed,
        step: "failover",
      },
    ];
    for (const testCase of ruleCases) {
      it(`fails the ${testCase.step} job with ${testCase.code} when ${testCase.rule}`, async () => {
        const client = clientFor(emulator);
        await prepareFailbackPolicy(client);
        const processServerId = await onPremisesProcessServerId(client);
        const apply = () => {
          for (const [path, value] of testCase.patch) emulator.store.patchScenario(path, value);
        };
        if (testCase.step === "reprotect") apply();
        const reprotect = client.reprotect(
          vmware(testCase.item),
          inMageReprotect(processServerId, testCase.input),
          advanceOnPoll(),
        );
        if (testCase.step === "reprotect") {
          await assert.rejects(reprotect, (error: AzureCallError) => {
            assert.equal(error.code, testCase.code);
            assert.ok(error.jobName, "the failed job is named");
            assert.match(error.message, new RegExp(`^reprotecting ${testCase.item}: ${testCase.code} `));
            return true;
          });
          const item = await client.getProtectedItem(vmware(testCase.item));
          assert.equal(
            item?.properties?.protectionState,
            "UnplannedFailoverCommitted",
            "a failed job leaves the item where it was",
          );
          return;
        }
        await reprotect;
        emulator.advance(8 * HOUR);
        apply();
        await assert.rejects(
          client.unplannedFailover(
            vmware(testCase.item),
            { providerSpecificDetails: { instanceType: "InMage", recoveryPointType: "LatestTime" } },
            advanceOnPoll(),
          ),
          (error: AzureCallError) => error.code === testCase.code,
        );
      });
    }

    it("records the failed job with Site Recovery's error details", async () => {
      const client = clientFor(emulator);
      await prepareFailbackPolicy(client);
      const processServerId = await onPremisesProcessServerId(client);
      emulator.store.patchScenario("protectedItems[0].azureVm.running", false);
      const failure = await client
        .reprotect(vmware("vm-web-1"), inMageReprotect(processServerId), advanceOnPoll())
        .catch((error: AzureCallError) => error);
      const job = await client.getJob((failure as AzureCallError).jobName!);
      assert.equal(job?.properties?.state, "Failed");
      assert.equal(job?.properties?.errors?.[0]?.serviceErrorDetails?.code, "78093");
      assert.equal(job?.properties?.errors?.[0]?.providerErrorDetails?.errorCode, 78093);
      assert.deepEqual(job?.properties?.allowedActions, ["Restart"]);
    });
  });

  describe("recovery plans", () => {
    it("refuses plan-level reprotect of VMware items", async () => {
      await assert.rejects(clientFor(emulator).planReprotect("rp-web"), (error: AzureCallError) => {
        assert.equal(error.code, AsrErrorCodes.recoveryPlanReprotectNotSupported);
        assert.match(error.message, /reprotect the items one by one$/);
        return true;
      });
    });

    it("fails back and commits every Hyper-V item of a plan in one job", async () => {
      const client = clientFor(emulator);
      const result = await client.planPlannedFailover(
        "rp-hyperv",
        {
          failoverDirection: "RecoveryToPrimary",
          providerSpecificDetails: [
            {
              instanceType: "HyperVReplicaAzureFailback",
              dataSyncOption: "ForSynchronization",
              recoveryVmCreationOption: "NoAction",
            },
          ],
        },
        advanceOnPoll(),
      );
      assert.ok(result.result.properties?.allowedOperations?.includes("Commit"));
      await client.planCommitFailover("rp-hyperv", advanceOnPoll());
      const item = await client.getProtectedItem(await hyperVLocator(emulator, "hv-print-1"));
      assert.equal(item?.properties?.protectionState, "PlannedFailoverCommitted");
      assert.equal(emulator.requests.actionCount("ReplicationRecoveryPlans_PlannedFailover", "rp-hyperv"), 1);
    });
  });

  describe("Hyper-V", () => {
    const failback = (dataSyncOption: "ForDownTime" | "ForSynchronization") => ({
      failoverDirection: "RecoveryToPrimary",
      providerSpecificDetails: {
        instanceType: "HyperVReplicaAzureFailback" as const,
        dataSyncOption,
        recoveryVmCreationOption: "NoAction",
      },
    });

    it("suspends a sync-before-failover job until it is resumed, then commits and reverse-replicates", async () => {
      const client = clientFor(emulator);
      const item = await hyperVLocator(emulator, "hv-file-1");
      const started = await client.plannedFailover(item, failback("ForDownTime"), advanceOnPoll());
      const job = await client.getJob(started.jobName!);
      assert.equal(job?.properties?.state, "Suspended");
      assert.deepEqual(job?.properties?.allowedActions, ["Cancel", "Resume"]);
      assert.equal(started.result.properties?.protectionState, "PlannedFailoverTransitionStatesBegin");
      emulator.advance(24 * HOUR);
      assert.equal(
        (await client.getJob(started.jobName!))?.properties?.state,
        "Suspended",
        "it waits however long it takes",
      );

      const resumed = await client.resumeJob(started.jobName!, "complete failover", advanceOnPoll());
      assert.equal(resumed.properties?.state, "Succeeded");
      const failedBack = await client.getProtectedItem(item);
      assert.equal(failedBack?.properties?.protectionState, "PlannedFailoverCommitRequired");
      await client.commitFailover(item, advanceOnPoll());
      const reverse = await client.reprotect(
        item,
        {
          failoverDirection: "PrimaryToRecovery",
          providerSpecificDetails: { instanceType: "HyperVReplicaAzure" },
        },
        advanceOnPoll(),
      );
      assert.equal(reverse.result.properties?.activeLocation, "Primary");
      assert.deepEqual(emulator.store.corruptions(), []);
    });

    it("records the on-premises VM as corrupt when the job is cancelled during data sync", async () => {
      const client = clientFor(emulator);
      const item = await hyperVLocator(emulator, "hv-file-1");
      const { job } = emulator.store.startItemAction(
        "hv-file-1",
        "plannedFailover",
        failback("ForSynchronization"),
      );
      emulator.advance(5 * 60);
      assert.equal(emulator.store.jobStatus(job).state, "InProgress");
      await client.cancelJob(job.name, advanceOnPoll());
      assert.equal((await client.getJob(job.name))?.properties?.state, "Cancelled");
      const corruptions = emulator.store.corruptions();
      assert.equal(corruptions.length, 1);
      assert.equal(corruptions[0]!.itemName, "hv-file-1");
      const after = await client.getProtectedItem(item);
      assert.equal(after?.properties?.replicationHealth, "Critical");
    });

    it("does not corrupt anything when a suspended job is cancelled", async () => {
      const client = clientFor(emulator);
      const item = await hyperVLocator(emulator, "hv-print-1");
      const started = await client.plannedFailover(item, failback("ForDownTime"), advanceOnPoll());
      await client.cancelJob(started.jobName!);
      assert.deepEqual(emulator.store.corruptions(), []);
      assert.equal(
        (await client.getProtectedItem(item))?.properties?.protectionState,
        "UnplannedFailoverCommitted",
      );
    });

    it("fails when the Hyper-V host is disconnected (HV-01) or the VM replicates to managed disks (HV-03)", async () => {
      const client = clientFor(emulator);
      const item = await hyperVLocator(emulator, "hv-file-1");
      emulator.store.patchScenario("hyperV.connected", false);
      await assert.rejects(
        client.plannedFailover(item, failback("ForDownTime"), advanceOnPoll()),
        (error: AzureCallError) => error.code === AsrErrorCodes.hyperVHostNotConnected,
      );
      emulator.store.patchScenario("hyperV.connected", true);
      emulator.store.patchScenario("protectedItems[4].managedDisks", true);
      await assert.rejects(
        client.plannedFailover(item, failback("ForDownTime"), advanceOnPoll()),
        (error: AzureCallError) => error.code === AsrErrorCodes.managedDisksFailbackNotSupported,
      );
    });

    it("takes longer with a full download than with checksums and deltas (HV-04, HV-08)", () => {
      const downTime = emulator.store.startItemAction(
        "hv-file-1",
        "plannedFailover",
        failback("ForDownTime"),
      ).job;
      const syncPhase = downTime.phases.find((phase) => phase.suspendAfter)!;
      emulator.store.cancelJob(downTime.name);
      emulator.advance(60);
      const full = emulator.store.startItemAction(
        "hv-print-1",
        "plannedFailover",
        failback("ForSynchronization"),
      ).job;
      assert.ok(syncPhase.durationMs > 0 && full.phases.some((phase) => phase.dataSync));
      // 627 GB checksummed at 3 GB/min + 18 GB of changes vs. 60 GB downloaded at 200 Mbps x2 threads.
      assert.ok(syncPhase.durationMs > 3 * 60 * 60_000);
    });
  });

  describe("process server in Azure", () => {
    const spec = (emulatorSubscription: string) => ({
      resourceGroup: "rg-dr",
      name: "ps-failback",
      location: "westeurope",
      subnetId: `/subscriptions/${emulatorSubscription}/resourceGroups/rg-dr/providers/Microsoft.Network/virtualNetworks/vnet-recovery/subnets/snet-infra`,
      privateIpAddress: "10.50.2.20",
      vmSize: "Standard_D4s_v3",
      imageReference: {
        publisher: "microsoft-azure-siterecovery",
        offer: "process-server",
        sku: "windows-2012-r2-datacenter",
        version: "latest",
      },
      adminUsername: "azureadmin",
      adminPassword: "not-a-real-secret-1!",
    });
    const registered = async (emulatorInstance: RunningEmulator) => {
      const fabric = await clientFor(emulatorInstance).getFabric("cs-contoso");
      return (
        (fabric!.properties!.customDetails as { processServers: { friendlyName: string }[] })
          .processServers ?? []
      ).some((server) => server.friendlyName === "ps-failback");
    };

    it("registers with the configuration server 10-15 simulated minutes after it starts", async () => {
      await clientFor(emulator).deployProcessServerVm(spec(emulator.subscriptionId), {
        onPoll: () => emulator.advance(30),
      });
      assert.equal(await registered(emulator), false);
      emulator.advance(9 * 60);
      assert.equal(await registered(emulator), false, "not before 10 minutes");
      emulator.advance(7 * 60);
      assert.equal(await registered(emulator), true, "by 15 minutes");
    });

    it("never registers without a network path to the configuration server", async () => {
      emulator.store.patchScenario("connectivity.vpnConnections[0].status", "NotConnected");
      emulator.store.patchScenario("connectivity.expressRouteCircuits[0].peerings[0].state", "Disabled");
      await clientFor(emulator).deployProcessServerVm(spec(emulator.subscriptionId), {
        onPoll: () => emulator.advance(30),
      });
      emulator.advance(2 * HOUR);
      assert.equal(await registered(emulator), false);
    });
  });
});
