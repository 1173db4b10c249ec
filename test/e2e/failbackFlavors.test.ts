/**
 * Every failback flavor through the real pulumi CLI against an in-process emulator (time running
 * fast), with one program (`programs/failback-plan`) whose FailbackPlan inputs come from config:
 * physical P2A2V up to committed, Hyper-V with both data sync options, and a recovery plan whose
 * replication group fails over at a common application-consistent point. Each is first blocked in
 * `pulumi preview` by a broken prerequisite (its rule ID shows, the emulator saw no action), then
 * previewed with its planned steps and taken to its target stage by one `pulumi up`.
 */
import assert from "node:assert/strict";
import path from "node:path";
import type { RunningEmulator } from "asr-emulator";
import {
  clientFor,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  startTestEmulator,
  WINDOWS_MASTER_TARGET,
} from "../integration/emulator/support";
import { emulatorEnvironment } from "../support/emulatorEnvironment";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "programs", "failback-plan");
/** Simulated seconds per real second: a three-hour sync takes about half a real second. */
const TIME_SCALE = 20_000;

function reprotection(processServerId: string) {
  return {
    policyId: "policy-failback",
    masterTargetId: WINDOWS_MASTER_TARGET,
    masterTargetName: "mt-win-01",
    processServerId,
    processServerName: "cs01.contoso.local",
    retentionDrive: "E:",
    datastoreName: "vmfs-gold",
  };
}

/** One flavor: its plan, the prerequisite broken first, and what the finished `up` must show. */
interface FlavorCase {
  readonly title: string;
  readonly plan: (processServerId: string) => Record<string, unknown>;
  /** A scenario fact that breaks a prerequisite, its healthy value, and the rule that catches it. */
  readonly broken: { readonly path: string; readonly value: unknown; readonly healthy: unknown };
  readonly ruleId: string;
  /** Lines the preview diff must show among the planned steps. */
  readonly plannedSteps: readonly RegExp[];
  readonly targetStage: string;
  readonly verify: (emulator: RunningEmulator, outputs: Record<string, unknown>) => void;
}

const itemActions = [
  "ReplicationProtectedItems_Reprotect",
  "ReplicationProtectedItems_UnplannedFailover",
  "ReplicationProtectedItems_PlannedFailover",
  "ReplicationProtectedItems_FailoverCommit",
] as const;

function actionsOf(emulator: RunningEmulator, item: string): number[] {
  return itemActions.map((operation) => emulator.requests.actionCount(operation, item));
}

function hyperVCase(dataSyncOption: "syncBeforeFailover" | "syncDuringFailover"): FlavorCase {
  return {
    title: `Hyper-V with ${dataSyncOption}${dataSyncOption === "syncBeforeFailover" ? " and automatic complete failover" : ""}`,
    plan: () => ({
      flavor: "hyperv",
      items: ["hv-file-1", "hv-print-1"],
      targetStage: "protectedToAzure",
      hyperV: { dataSyncOption, completeFailover: "automatic" },
    }),
    broken: { path: "protectedItems[4].managedDisks", value: true, healthy: false },
    ruleId: "HV-03",
    plannedSteps: [
      dataSyncOption === "syncBeforeFailover"
        ? /"planned failover of 2 VMs to on-premises with sync before failover, then complete failover automatically"/
        : /"planned failover of 2 VMs to on-premises with sync during failover \(full download\)"/,
      /"commit 2 VMs"/,
      /"reverse replication of 2 VMs to Azure"/,
    ],
    targetStage: "protectedToAzure",
    verify: (emulator, outputs) => {
      for (const item of ["hv-file-1", "hv-print-1"]) {
        // Hyper-V has no reprotect before failover: the one reprotect is the reverse replication.
        assert.deepEqual(actionsOf(emulator, item), [1, 0, 1, 1], item);
      }
      assert.equal(
        emulator.requests.countsByOperation()["ReplicationJobs_Resume"] ?? 0,
        dataSyncOption === "syncBeforeFailover" ? 2 : 0,
        "complete failover (job resume) once per item only after a sync before failover",
      );
      assert.deepEqual(outputs["awaitingCompleteFailover"], []);
    },
  };
}

const cases: FlavorCase[] = [
  {
    title: "physical server failed back as a VMware VM (P2A2V)",
    plan: (processServerId) => ({
      flavor: "physical",
      items: ["srv-app-1"],
      targetStage: "committed",
      reprotection: reprotection(processServerId),
    }),
    broken: { path: "configurationServer.missingMachines", value: ["srv-app-1"], healthy: [] },
    ruleId: "CS-01",
    plannedSteps: [/"reprotect 1 VM via mt-win-01/, /"failover 1 VM from Azure/, /"commit /],
    targetStage: "committed",
    verify: (emulator) => {
      assert.deepEqual(actionsOf(emulator, "srv-app-1"), [1, 1, 0, 1]);
    },
  },
  hyperVCase("syncBeforeFailover"),
  hyperVCase("syncDuringFailover"),
  {
    title: "recovery plan with a replication group at a common application-consistent point",
    plan: (processServerId) => ({
      flavor: "vmware",
      recoveryPlanName: "rp-web",
      targetStage: "committed",
      useMultiVmSyncPoint: true,
      recoveryPointType: "latestApplicationConsistent",
      reprotection: reprotection(processServerId),
    }),
    broken: { path: "configurationServer.missingMachines", value: ["vm-web-2"], healthy: [] },
    ruleId: "CS-01",
    plannedSteps: [/"reprotect 3 VMs via mt-win-01/, /application-consistent/, /"commit /],
    targetStage: "committed",
    verify: (emulator, outputs) => {
      const points = outputs["recoveryPointsUsed"] as { item: string; recoveryPointTime?: string }[];
      assert.deepEqual(points.map((point) => point.item).sort(), ["srv-app-1", "vm-web-1", "vm-web-2"]);
      assert.equal(
        new Set(points.map((point) => point.recoveryPointTime)).size,
        1,
        `one common point for the group: ${JSON.stringify(points)}`,
      );
      for (const item of ["vm-web-1", "vm-web-2", "srv-app-1"]) {
        assert.equal(
          emulator.requests.actionCount("ReplicationProtectedItems_Reprotect", item),
          1,
          "VMware items reprotect one by one",
        );
      }
      assert.equal(emulator.requests.countsByOperation()["ReplicationRecoveryPlans_Reprotect"] ?? 0, 0);
      const failovers =
        emulator.requests.actionCount("ReplicationRecoveryPlans_UnplannedFailover", "rp-web") +
        ["vm-web-1", "vm-web-2", "srv-app-1"].reduce(
          (sum, item) =>
            sum + emulator.requests.actionCount("ReplicationProtectedItems_UnplannedFailover", item),
          0,
        );
      assert.ok(
        failovers === 1 || failovers === 3,
        `one failover for the plan or one per item, saw ${failovers}`,
      );
    },
  },
];

describe("FailbackPlan flavors end to end (real pulumi CLI, emulator)", function () {
  this.timeout(900_000);

  for (const flavorCase of cases) {
    describe(flavorCase.title, () => {
      let emulator: RunningEmulator;
      let stack: TemporaryStack;

      before(async () => {
        emulator = await startTestEmulator({ timeScale: TIME_SCALE });
        const client = clientFor(emulator);
        await prepareFailbackPolicy(client);
        const processServerId = await onPremisesProcessServerId(client);
        stack = await TemporaryStack.create(programDirectory, {
          env: emulatorEnvironment(emulator),
          config: { plan: JSON.stringify(flavorCase.plan(processServerId)) },
        });
      });
      after(async () => {
        await stack?.dispose();
        await emulator?.close();
      });

      it(`blocks pulumi preview with ${flavorCase.ruleId} when a prerequisite is broken, and acts on nothing`, async () => {
        emulator.store.patchScenario(flavorCase.broken.path, flavorCase.broken.value);
        emulator.requests.clear();
        const preview = await stack.previewRaw();
        const output = preview.stdout + preview.stderr;
        assert.notEqual(preview.exitCode, 0, output);
        assert.match(output, new RegExp(`${flavorCase.ruleId}: `));
        assert.ok(emulator.requests.all().length > 0, "the preview read the live site");
        assert.deepEqual(
          emulator.requests.all().filter((entry) => entry.action || entry.method !== "GET"),
          [],
          "a preview sends no action and no write",
        );
        emulator.store.patchScenario(flavorCase.broken.path, flavorCase.broken.healthy);
      });

      it("shows the planned steps in pulumi preview --diff", async () => {
        const diff = await stack.previewDiff();
        assert.match(diff, /plannedSteps\s*:/);
        for (const step of flavorCase.plannedSteps) assert.match(diff, step);
        assert.deepEqual(emulator.requests.actions(), [], "still no action after a passing preview");
      });

      it(`reaches ${flavorCase.targetStage} in one pulumi up`, async () => {
        const outputs = await stack.up();
        assert.equal(outputs["stage"], flavorCase.targetStage);
        flavorCase.verify(emulator, outputs);
        assert.equal(emulator.requests.countsByOperation()["ReplicationJobs_Cancel"] ?? 0, 0);
        assert.deepEqual(emulator.store.corruptions(), []);
      });
    });
  }
});
