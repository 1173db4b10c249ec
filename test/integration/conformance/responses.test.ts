/**
 * Conformance: every answer the emulator gives on every GET route of every bundled scenario, the
 * answers for names that do not exist, and the results of actions, checked against the official
 * SDK's models (`Mappers`) and ARM's error contract. The closing line says how many answers
 * were checked.
 */
import assert from "node:assert/strict";
import { bundledScenarioPath, type RunningEmulator, startEmulator } from "asr-emulator";
import {
  clientFor,
  inMageReprotect,
  onPremisesProcessServerId,
  prepareFailbackPolicy,
  vmware,
} from "../emulator/support";
import { judge } from "./checkAnswer";
import { armRoutes, crawl, request } from "./crawl";

const SCENARIOS = ["vmware-healthy", "vmware-broken", "modernized-healthy", "modernized-broken"];
const tally = { checked: 0, noMappers: 0 };

function record(
  where: string,
  route: (typeof armRoutes)[number],
  status: number,
  body: unknown,
  problems: string[],
) {
  const verdict = judge(route, status, body);
  if (verdict.kind === "noMappers") {
    tally.noMappers += 1;
    return;
  }
  tally.checked += 1;
  for (const problem of verdict.problems)
    problems.push(`${route.operation} ${where} (${status}): ${problem}`);
}

describe("emulator conformance to the SDK models", () => {
  for (const scenarioName of SCENARIOS) {
    describe(`bundled scenario ${scenarioName}`, () => {
      let emulator: RunningEmulator;
      before(async () => {
        emulator = await startEmulator({ scenarioFile: bundledScenarioPath(scenarioName), pageSize: 2 });
      });
      after(() => emulator.close());

      it("answers every GET route in the shapes of the SDK models, page by page", async () => {
        const answers = await crawl(emulator);
        const problems: string[] = [];
        for (const answer of answers) record(answer.url, answer.route, answer.status, answer.body, problems);
        const walked = new Set(answers.map((answer) => answer.route));
        const unwalked = armRoutes.filter((route) => route.method === "GET" && !walked.has(route));
        assert.ok(answers.length > 0);
        assert.deepEqual(problems, []);
        // Routes a scenario has no object for (e.g. appliances in a classic site) are walked by another.
        if (unwalked.length > 0)
          console.log(
            `      ${scenarioName}: no object for ${unwalked.map((route) => route.operation).join(", ")}`,
          );
      });

      it("answers every GET route for a name that does not exist with ARM's error body", async () => {
        const answers = await crawl(emulator);
        const problems: string[] = [];
        const tried = new Set<string>();
        for (const answer of answers) {
          // Replace the last name of the path with one that does not exist.
          const path = new URL(answer.url, emulator.endpoint).pathname;
          const missing = path.replace(/\/[^/]+$/, "/no-such-object-0000");
          if (!/\{\w+\}$/.test(answer.route.pattern) || tried.has(answer.route.operation)) continue;
          tried.add(answer.route.operation);
          const refused = await request(emulator, "GET", missing);
          assert.ok(refused.status >= 400, `${answer.route.operation} ${missing} answered ${refused.status}`);
          record(missing, answer.route, refused.status, refused.body, problems);
        }
        assert.deepEqual(problems, []);
      });
    });
  }
});

describe("emulator conformance after a classic reprotect, with final results at Location", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startEmulator({
      scenarioFile: bundledScenarioPath("vmware-healthy"),
      lroLocation: true,
      advanceOnPollSeconds: 120,
    });
  });
  after(() => emulator.close());

  it("answers the InMage items, the failback policy and mapping, and the operation results in the SDK's shapes", async () => {
    const client = clientFor(emulator);
    await prepareFailbackPolicy(client);
    const processServerId = await onPremisesProcessServerId(client);
    const problems: string[] = [];
    const operationResults: string[] = [];
    emulator.requests.clear();
    await client.reprotect(vmware("vm-web-1"), inMageReprotect(processServerId));
    const answers = await crawl(emulator);
    for (const answer of answers) record(answer.url, answer.route, answer.status, answer.body, problems);
    // The final result of the reprotect, read where its Location points, is the item.
    const itemRoute = armRoutes.find((route) => route.operation === "ReplicationProtectedItems_Get")!;
    for (const entry of emulator.requests.all())
      if (entry.operation === "OperationResults_Get") operationResults.push(entry.path);
    assert.ok(operationResults.length > 0, "the SDK read the final result at Location");
    const result = await request(emulator, "GET", operationResults.at(-1)!);
    record(operationResults.at(-1)!, itemRoute, result.status, result.body, problems);
    assert.deepEqual(problems, []);
  });
});

// The closing line of the suite: how many answers were checked.
after(() => {
  console.log(
    `      conformance: ${tally.checked} answers checked against the SDK models and ARM's error contract (${tally.noMappers} more answered by routes no SDK Mappers describe)`,
  );
});
