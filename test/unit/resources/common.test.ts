import assert from "node:assert/strict";
import sinon from "sinon";
import { z } from "zod";
import type { AsrClient } from "../../../provider/client/asrClient";
import {
  configureProvider,
  getAsrClient,
  getProviderSettings,
  resetProviderForTesting,
  resolveProviderSettings,
  setAsrClientForTesting,
} from "../../../provider/config";
import { WaitTimeoutError } from "../../../provider/errors";
import {
  checkFailuresFromIssues,
  diffInputs,
  formatPropertyPath,
  reportFindings,
  runCheck,
  setLineSinkForTesting,
  UNKNOWN_VALUE,
  validateInputs,
  waitFor,
} from "../../../provider/resources/common";
import { finding } from "../../../provider/rules/support";
import { getLiveSite } from "../../../provider/site";
import { setWaitClockForTesting } from "../../../provider/waits";

const Args = z.strictObject({
  name: z.string().min(1),
  size: z.number().int().positive(),
  items: z.array(z.strictObject({ name: z.string() })).default([]),
});

describe("resource infrastructure", () => {
  afterEach(() => {
    resetProviderForTesting();
    setLineSinkForTesting(undefined);
    setWaitClockForTesting(undefined);
  });

  describe("formatPropertyPath", () => {
    it("formats indices and nested names as the engine does", () => {
      assert.equal(formatPropertyPath(["items", 2, "name"]), "items[2].name");
      assert.equal(formatPropertyPath(["tags", "a b"]), 'tags["a b"]');
      assert.equal(formatPropertyPath([]), "");
    });
  });

  describe("checkFailuresFromIssues", () => {
    it("names each misspelt key and each bad property", () => {
      const result = Args.safeParse({ name: "", sizee: 3, items: [{ name: 1, colour: "x" }] });
      assert.ok(!result.success);
      const failures = checkFailuresFromIssues(result.error.issues);
      const properties = failures.map((failure) => failure.property).sort();
      assert.deepEqual(properties, ["items[0].colour", "items[0].name", "name", "size", "sizee"]);
      const misspelt = failures.find((failure) => failure.property === "sizee");
      assert.match(misspelt!.reason, /unknown property "sizee"/);
    });

    it("drops issues about values unknown during preview", () => {
      const { data, failures } = validateInputs(Args, { name: UNKNOWN_VALUE, size: UNKNOWN_VALUE });
      assert.equal(data, undefined);
      assert.deepEqual(failures, []);
    });

    it("never throws on hostile issues", () => {
      const failures = checkFailuresFromIssues([{ code: "custom", path: null, message: "x" } as never]);
      assert.equal(failures.length, 1);
    });
  });

  describe("diffInputs", () => {
    const options = { inputKeys: ["name", "size", "items"], replaceOnChanges: ["name"] };
    it("reports an in-place change without replacement", () => {
      const diff = diffInputs({ name: "a", size: 1, id: "x" }, { name: "a", size: 2 }, options);
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, []);
    });
    it("derives replacements from the declared list", () => {
      const diff = diffInputs(
        { name: "a", size: 1 },
        { name: "b", size: 1 },
        { ...options, deleteBeforeReplace: true },
      );
      assert.deepEqual(diff.replaces, ["name"]);
      assert.equal(diff.deleteBeforeReplace, true);
    });
    it("counts unknown new values as changes and ignores output-only keys", () => {
      assert.equal(
        diffInputs({ name: "a", size: 1, extra: 1 }, { name: "a", size: 1 }, options).changes,
        false,
      );
      const diff = diffInputs({ name: "a", size: 1 }, { name: UNKNOWN_VALUE, size: 1 }, options);
      assert.deepEqual(diff.replaces, ["name"]);
    });
    it("supports dotted replace paths and ignored keys", () => {
      const diff = diffInputs(
        { hyperV: { host: "a", switch: "s" }, t: 1 },
        { hyperV: { host: "a", switch: "t" }, t: 2 },
        { inputKeys: ["hyperV", "t"], replaceOnChanges: ["hyperV.host"], ignore: ["t"] },
      );
      assert.equal(diff.changes, true);
      assert.deepEqual(diff.replaces, []);
    });
  });

  describe("reportFindings", () => {
    it("turns blocking findings into failures at the resource's property and keeps the rule ID", () => {
      const report = reportFindings(
        [
          finding("MT-06", {
            severity: "block",
            object: "master target mt-01",
            cause: "has no retention volume F:",
            fix: "choose one of its retention volumes (E:)",
            propertyPath: "reprotection.retentionDrive",
          }),
          finding("PS-03", { severity: "info", object: "process server ps", cause: "is new", fix: "wait" }),
        ],
        { prefix: "reprotection" },
      );
      assert.deepEqual(report.failures, [
        {
          property: "retentionDrive",
          reason:
            "MT-06: master target mt-01 has no retention volume F:; choose one of its retention volumes (E:)",
        },
      ]);
      assert.equal(report.notes[0]?.message.startsWith("PS-03:"), true);
    });
  });

  describe("runCheck", () => {
    it("reports schema failures, static and live findings together", async () => {
      const lines: string[] = [];
      setLineSinkForTesting((line) => lines.push(line));
      resetProviderForTesting({ skipLiveChecks: false });
      const result = await runCheck(
        {
          schema: Args,
          findingPaths: { prefix: "x" },
          staticFindings: () => [finding("PS-04", { severity: "warn", object: "o", cause: "c", fix: "f" })],
          liveFindings: async () => ({
            findings: [finding("NET-01", { severity: "block", object: "the site", cause: "c", fix: "f" })],
          }),
        },
        { name: "a", size: 1, __provider: "p" },
      );
      assert.deepEqual(
        result.failures?.map((failure) => failure.reason),
        ["NET-01: the site c; f"],
      );
      assert.deepEqual(result.inputs, { name: "a", size: 1, items: [] });
      assert.deepEqual(lines, ["warning: PS-04: o c; f"]);
    });

    it("skips live findings when live checks are off and names the switch when reads fail", async () => {
      const live = sinon.stub().rejects(new Error("connect ECONNREFUSED"));
      resetProviderForTesting({ skipLiveChecks: true });
      const skipped = await runCheck(
        { schema: Args, findingPaths: { prefix: "x" }, liveFindings: live },
        { name: "a", size: 1 },
      );
      assert.equal(skipped.failures, undefined);
      assert.equal(live.callCount, 0);
      resetProviderForTesting({ skipLiveChecks: false });
      const failed = await runCheck(
        { schema: Args, findingPaths: { prefix: "x" }, liveFindings: live },
        { name: "a", size: 1 },
      );
      assert.match(failed.failures![0]!.reason, /ECONNREFUSED.*asr-failback:skipLiveChecks/);
    });
  });

  describe("configuration", () => {
    it("prefers stack config and falls back to the environment", () => {
      const config = {
        get: (key: string) =>
          ({ "asr-failback:endpoint": "http://cfg", "asr-failback:skipLiveChecks": "true" })[key],
      };
      const settings = resolveProviderSettings(config, {
        ASR_FAILBACK_ENDPOINT: "http://env",
        ASR_FAILBACK_VAULT: "v",
        ASR_FAILBACK_POLL_INTERVAL_MS: "5",
      });
      assert.equal(settings.client.endpoint, "http://cfg");
      assert.equal(settings.client.vaultName, undefined, "the client reads the environment itself");
      assert.equal(settings.skipLiveChecks, true);
      assert.equal(settings.pollIntervalInMs, 5);
    });

    it("keeps the client and cache when configured twice alike, and resets them on a change", async () => {
      const client = { config: {} } as unknown as AsrClient;
      setAsrClientForTesting(client);
      assert.equal(await getAsrClient(), client);
      const site = await getLiveSite();
      await configureProvider({ config: { get: () => undefined } } as never);
      await configureProvider({ config: { get: () => undefined } } as never);
      assert.equal(getProviderSettings().skipLiveChecks, false);
      assert.notEqual(await getLiveSite(), site, "the first configure resets the cache");
      const again = await getLiveSite();
      await configureProvider({ config: { get: () => undefined } } as never);
      assert.equal(await getLiveSite(), again);
    });
  });

  describe("live site", () => {
    it("reads each fabric once per process and retries a failed read", async () => {
      const getFabric = sinon.stub();
      getFabric.onFirstCall().rejects(new Error("boom"));
      getFabric.resolves({ name: "cs" });
      setAsrClientForTesting({ getFabric } as unknown as AsrClient);
      const site = await getLiveSite();
      await assert.rejects(site.fabric("cs"), /boom/);
      await Promise.all([site.fabric("cs"), site.fabric("CS"), site.fabric("cs")]);
      assert.equal(getFabric.callCount, 2);
    });
  });

  describe("waitFor", () => {
    it("polls on the injected clock, reports progress and times out with the fix", async () => {
      let now = 0;
      const lines: string[] = [];
      setLineSinkForTesting((line) => lines.push(line));
      setWaitClockForTesting({
        now: () => now,
        sleep: async (ms) => {
          now += ms;
        },
      });
      let polls = 0;
      const value = await waitFor({
        object: "process server ps",
        what: "registration",
        timeoutInMs: 10 * 60_000,
        pollIntervalInMs: 60_000,
        fixOnTimeout: "check it",
        poll: async () => (++polls === 4 ? "ok" : undefined),
      });
      assert.equal(value, "ok");
      assert.equal(lines.length, 3);
      assert.match(lines[1]!, /process server ps: waiting for registration \(1 min of at most 10 min\)/);
      await assert.rejects(
        waitFor({
          object: "process server ps",
          what: "registration",
          timeoutInMs: 120_000,
          pollIntervalInMs: 60_000,
          fixOnTimeout: "check it",
          poll: async () => undefined,
        }),
        (error: unknown) =>
          error instanceof WaitTimeoutError && /after 2 min \(timeout 2 min\); check it/.test(error.message),
      );
    });
  });
});
