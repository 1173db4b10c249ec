/**
 * `$filter` on the jobs list and the vault-level items list, through the official SDK and the
 * provider's client, with pages of 2 so that filtered answers span pages too.
 */
import assert from "node:assert/strict";
import type { SiteRecoveryManagementClient } from "@azure/arm-recoveryservices-siterecovery";
import { AsrErrorCodes } from "asr-contract";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  siteRecoveryClientFor,
  startTestEmulator,
} from "./support";

const HOUR = 3600;
const hyperVFailback = {
  failoverDirection: "RecoveryToPrimary",
  providerSpecificDetails: {
    instanceType: "HyperVReplicaAzureFailback",
    dataSyncOption: "ForSynchronization",
    recoveryVmCreationOption: "NoAction",
  },
};

async function all<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const values: T[] = [];
  for await (const value of iterator) values.push(value);
  return values;
}

describe("emulator list filters", () => {
  let emulator: RunningEmulator;
  let sdk: SiteRecoveryManagementClient;

  // Jobs, one an hour from 09:00: two reprotects of VMware items (Succeeded by 12:00), a Hyper-V
  // failback that fails (11:00) and one still running (12:00).
  before(async () => {
    emulator = await startTestEmulator({ pageSize: 2 });
    sdk = siteRecoveryClientFor(emulator);
    const client = clientFor(emulator);
    await prepareFailbackPolicy(client);
    const processServerId = await onPremisesProcessServerId(client);
    emulator.advance(HOUR);
    emulator.store.startItemAction("vm-web-1", "reProtect", inMageReprotect(processServerId));
    emulator.advance(HOUR);
    emulator.store.startItemAction("vm-web-2", "reProtect", inMageReprotect(processServerId));
    emulator.advance(HOUR);
    emulator.store.startItemAction("hv-print-1", "plannedFailover", hyperVFailback, {
      forcedFailure: {
        code: AsrErrorCodes.hyperVHostNotConnected,
        message: "The Hyper-V host is not connected to Site Recovery.",
      },
    });
    emulator.advance(HOUR);
    emulator.store.startItemAction("hv-file-1", "plannedFailover", hyperVFailback);
  });
  after(() => emulator.close());

  const listJobs = (filter?: string) =>
    all(sdk.replicationJobs.list(emulator.vaultName, emulator.resourceGroup, { filter }));
  const targets = (jobs: { properties?: { targetObjectName?: string } }[]) =>
    jobs.map((job) => job.properties?.targetObjectName);
  const requestsOf = async (operation: string, run: () => Promise<unknown>) => {
    const before = emulator.requests.countsByOperation()[operation] ?? 0;
    await run();
    return (emulator.requests.countsByOperation()[operation] ?? 0) - before;
  };

  describe("replicationJobs", () => {
    it("answers every job, newest first, without a filter", async () => {
      assert.deepEqual(targets(await listJobs()), ["hv-file-1", "hv-print-1", "vm-web-2", "vm-web-1"]);
    });

    it("keeps jobs in a state, the property name in any case", async () => {
      assert.deepEqual(targets(await listJobs("jobStatus eq 'Failed'")), ["hv-print-1"]);
      assert.deepEqual(targets(await listJobs("JobStatus eq 'InProgress,failed'")), [
        "hv-file-1",
        "hv-print-1",
      ]);
    });

    it("reads StartTime as started at or after and EndTime as started at or before", async () => {
      assert.deepEqual(targets(await listJobs("StartTime eq '2025-01-06T10:00:00Z'")), [
        "hv-file-1",
        "hv-print-1",
        "vm-web-2",
      ]);
      assert.deepEqual(
        targets(
          await listJobs("StartTime eq '2025-01-06T10:00:00Z' and EndTime eq '2025-01-06T11:00:00.0000000Z'"),
        ),
        ["hv-print-1", "vm-web-2"],
      );
    });

    it("pages the filtered jobs, carrying the filter in nextLink", async () => {
      let jobs: unknown[] = [];
      const requests = await requestsOf("ReplicationJobs_List", async () => {
        jobs = await listJobs("StartTime eq '2025-01-06T10:00:00Z'");
      });
      assert.equal(jobs.length, 3);
      assert.equal(requests, 2, "3 matches at 2 per page take 2 requests");
    });

    it("keeps jobs of a kind, of a fabric and of a target type", async () => {
      assert.deepEqual(targets(await listJobs("JobName eq 'Reprotect'")), ["vm-web-2", "vm-web-1"]);
      const fabric = await sdk.replicationFabrics.get(
        emulator.vaultName,
        emulator.resourceGroup,
        "hyperv-site-contoso",
      );
      assert.deepEqual(targets(await listJobs(`FabricId eq '${fabric.id}'`)), ["hv-file-1", "hv-print-1"]);
      assert.deepEqual(targets(await listJobs("AffectedObjectTypes eq 'RecoveryPlan'")), []);
      assert.equal(
        (await listJobs("AffectedObjectTypes eq 'Any' and JobName eq 'PlannedFailover'")).length,
        2,
      );
    });

    const refused: readonly [string, string][] = [
      ["State eq 'Failed'", "does not filter on 'State'"],
      ["JobStatus eq 'Done'", "'Done', not one of"],
      ["StartTime eq 'yesterday'", "is not a date-time"],
      ["JobStatus ne 'Failed'", "'ne' where 'eq' belongs"],
      ["JobStatus eq 'Failed' and jobstatus eq 'Succeeded'", "'JobStatus' is given twice"],
    ];
    for (const [filter, reason] of refused) {
      it(`refuses ${JSON.stringify(filter)} with ARM's InvalidFilterInQueryString`, async () => {
        await assert.rejects(
          listJobs(filter),
          (error: { statusCode?: number; code?: string; message?: string }) => {
            assert.equal(error.statusCode, 400);
            assert.equal(error.code, "InvalidFilterInQueryString");
            assert.match(
              error.message ?? "",
              new RegExp(
                `Invalid \\$filter '.*' specified in the query string: .*${reason.replace(/[()$]/g, "\\$&")}`,
              ),
            );
            return true;
          },
        );
      });
    }

    it("lets the provider's client ask for the jobs it wants", async () => {
      const client = clientFor(emulator);
      assert.deepEqual(targets(await client.listJobs({ filter: { states: ["Failed"] } })), ["hv-print-1"]);
      assert.deepEqual(
        targets(
          await client.listJobs({
            filter: { startedAtOrAfter: new Date("2025-01-06T10:00:00Z"), scenarioName: "PlannedFailover" },
          }),
        ),
        ["hv-file-1", "hv-print-1"],
      );
      assert.equal((await client.listJobs({ filter: {} })).length, 4, "an empty filter narrows nothing");
    });
  });

  describe("replicationProtectedItems (vault)", () => {
    const listItems = (filter?: string) =>
      all(sdk.replicationProtectedItems.list(emulator.vaultName, emulator.resourceGroup, { filter }));
    const names = (items: { name?: string }[]) => items.map((item) => item.name).sort();

    it("keeps items of a source fabric", async () => {
      assert.deepEqual(names(await listItems("sourceFabricName eq 'hyperv-site-contoso'")), [
        "hv-file-1",
        "hv-print-1",
      ]);
      assert.equal((await listItems("SourceFabricName eq 'CS-CONTOSO'")).length, 4);
    });

    it("keeps items whose source fabric is in a region", async () => {
      assert.equal((await listItems(`sourceFabricLocation eq '${emulator.location}'`)).length, 6);
      assert.deepEqual(await listItems("sourceFabricLocation eq 'eastus'"), []);
    });

    it("refuses a property it does not filter on", async () => {
      await assert.rejects(listItems("recoveryPlanName eq 'rp-web'"), {
        statusCode: 400,
        code: "InvalidFilterInQueryString",
      });
    });
  });
});
