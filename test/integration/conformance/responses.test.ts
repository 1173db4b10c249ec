/**
 * Conformance: every answer the emulator gives on every GET route of every bundled scenario, the
 * answers for names that do not exist, the refusals of bodies the SDK's request models do not
 * define, and the answers of creates and actions (their 202s, operation status and final results),
 * checked against the official SDK's models (`Mappers`), ARM's async operation contract and ARM's
 * error contract. The closing line says how many answers were checked.
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
import { judge, modelOf } from "./checkAnswer";
import { armRoutes, type CrawledAnswer, crawl, pathFromAnswers, request, routeOf } from "./crawl";

const SCENARIOS = ["vmware-healthy", "vmware-broken", "modernized-healthy", "modernized-broken"];
const tally = { checked: 0, noMappers: 0 };
/** The routes whose bodies are checked against an SDK request model. */
const modelRoutes = armRoutes.filter((route) => route.requestBody && "sdkModel" in route.requestBody);
const refusedRoutes = new Set<(typeof armRoutes)[number]>();

function record(
  where: string,
  route: (typeof armRoutes)[number],
  status: number,
  body: unknown,
  problems: string[],
  model?: string,
) {
  const verdict = judge(route, status, body, model);
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
      let answers: CrawledAnswer[];
      before(async () => {
        emulator = await startEmulator({ scenarioFile: bundledScenarioPath(scenarioName), pageSize: 2 });
        answers = await crawl(emulator);
      });
      after(() => emulator.close());

      it("answers every GET route in the shapes of the SDK models, page by page", () => {
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

      it("refuses a body its SDK request model does not define on every route that takes one", async () => {
        const problems: string[] = [];
        await refuseUndefinedBodies(emulator, answers, problems);
        assert.deepEqual(problems, []);
      });
    });
  }
});

/**
 * Sends every route with an SDK request model a body with a property no model defines, on each
 * object the walk met; each must be refused with ARM's InvalidRequestContent before the handler.
 */
async function refuseUndefinedBodies(
  emulator: RunningEmulator,
  answers: readonly CrawledAnswer[],
  problems: string[],
): Promise<void> {
  for (const route of modelRoutes) {
    const path = pathFromAnswers(route, answers);
    if (!path) continue;
    refusedRoutes.add(route);
    const refused = await request(emulator, route.method, path, { notAProperty: true });
    const error = (refused.body as { error?: { code?: string; message?: string } }).error;
    assert.equal(refused.status, 400, `${route.operation} ${path}`);
    assert.equal(error?.code, "InvalidRequestContent", `${route.operation} ${path}`);
    assert.match(error?.message ?? "", /Could not find member 'notAProperty'.*Path 'notAProperty'/);
    record(path, route, refused.status, refused.body, problems);
  }
}

/** The classic healthy scenario with final results at `Location`; each status poll moves the clock 2 minutes. */
const startWithLocation = () =>
  startEmulator({
    scenarioFile: bundledScenarioPath("vmware-healthy"),
    lroLocation: true,
    advanceOnPollSeconds: 120,
  });

describe("emulator conformance after a classic reprotect, with final results at Location", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startWithLocation();
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

describe("emulator conformance of create and action answers, their operation status and final results", () => {
  let emulator: RunningEmulator;
  before(async () => {
    emulator = await startWithLocation();
  });
  after(() => emulator.close());

  /** Sends a create or action, then reads its operation status until it ends and its final result. */
  async function followOperation(method: string, path: string, body: unknown, problems: string[]) {
    const route = routeOf(method, path);
    const accepted = await request(emulator, method, path, body);
    assert.equal(accepted.status, 202, `${route.operation}: ${JSON.stringify(accepted.body)}`);
    record(path, route, accepted.status, accepted.body, problems);
    const statusUrl = accepted.headers.get("azure-asyncoperation");
    assert.ok(statusUrl, `${route.operation} answered 202 without Azure-AsyncOperation`);
    let status = "InProgress";
    // Each poll moves the simulated clock (advanceOnPollSeconds), so the job ends within a few polls.
    for (let poll = 0; status === "InProgress" && poll < 50; poll += 1) {
      const answer = await request(emulator, "GET", statusUrl);
      record(statusUrl, routeOf("GET", statusUrl), answer.status, answer.body, problems);
      status = (answer.body as { status: string }).status;
    }
    assert.equal(status, "Succeeded", `${route.operation} ended ${status}`);
    const location = accepted.headers.get("location");
    if (!location) return;
    const result = await request(emulator, "GET", location);
    // The final result at Location is the object the operation acted on.
    record(location, routeOf("GET", location), result.status, result.body, problems, modelOf(route));
  }

  it("answers policy and mapping creates and a reprotect with 202s, operation status and final results in ARM's and the SDK's shapes", async () => {
    const scenario = emulator.store.state.scenario;
    const vault = `/subscriptions/${scenario.subscriptionId}/resourceGroups/${scenario.resourceGroup}/providers/Microsoft.RecoveryServices/vaults/${scenario.vault.name}`;
    const container = `${vault}/replicationFabrics/cs-contoso/replicationProtectionContainers/cs-contoso-container`;
    const policy = `${vault}/replicationPolicies/policy-failback`;
    const inMagePolicy = { instanceType: "InMage", multiVmSyncStatus: "Enable" };
    const processServerId = await onPremisesProcessServerId(clientFor(emulator));
    const problems: string[] = [];
    const before = tally.checked;
    // The bodies the SDK sends for these operations.
    await followOperation("PUT", policy, { properties: { providerSpecificInput: inMagePolicy } }, problems);
    await followOperation(
      "PATCH",
      policy,
      { properties: { replicationProviderSettings: { ...inMagePolicy, recoveryPointHistory: 1440 } } },
      problems,
    );
    await followOperation(
      "PUT",
      `${container}/replicationProtectionContainerMappings/failback-mapping`,
      { properties: { policyId: policy, targetProtectionContainerId: "Microsoft Azure" } },
      problems,
    );
    await followOperation(
      "POST",
      `${container}/replicationProtectedItems/vm-web-1/reProtect`,
      { properties: inMageReprotect(processServerId) },
      problems,
    );
    // Four 202s, at least one status each, and the reprotect's item at Location.
    assert.ok(tally.checked - before >= 9, `checked only ${tally.checked - before} answers`);
    // The reprotect's job now exists: its routes refuse undefined bodies too.
    await refuseUndefinedBodies(emulator, await crawl(emulator), problems);
    assert.deepEqual(problems, []);
  });
});

describe("emulator conformance of request bodies", () => {
  it("has refused an undefined body on every route that declares an SDK request model", () => {
    const untried = modelRoutes.filter((route) => !refusedRoutes.has(route)).map((route) => route.operation);
    assert.deepEqual(untried, []);
  });
});

// The closing line of the suite: how many answers were checked.
after(() => {
  console.log(
    `      conformance: ${tally.checked} answers checked against the SDK models, ARM's async operation contract and ARM's error contract (${tally.noMappers} more answered by routes no SDK Mappers describe)`,
  );
});
