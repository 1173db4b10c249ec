import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { getRule, runRules } from "../../../provider/rules/catalogue";
import type { PlannedOperation, RuleContext } from "../../../provider/rules/types";
import { healthyContext, healthyHyperVContext } from "./fixtures";
import { healthyModernizedContext } from "./modernizedFixtures";

type Path = (string | number)[];

/** Every node path of a plain JSON-like value (objects and arrays, not their leaves' insides). */
function nodePaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== "object" || value instanceof Date) return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((child, index) => nodePaths(child, [...prefix, index]))
    : Object.entries(value).flatMap(([key, child]) => nodePaths(child, [...prefix, key]));
  return [prefix, ...children];
}

function parentOf(root: Record<string, unknown>, path: Path): [any, string | number] | undefined {
  if (path.length === 0) return undefined;
  let node: any = root;
  for (const key of path.slice(0, -1)) node = node[key];
  return [node, path[path.length - 1]!];
}

const edit = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom("delete", "string", "number", "boolean", "truncate", "empty"),
  text: fc.oneof(
    fc.string(),
    fc.constantFrom(
      "",
      "NFS",
      "vSAN",
      "linux",
      "Critical",
      "esx-01",
      "mt-win-01",
      "ps-01",
      "InMageRcm",
      "InMageRcmFailback",
      "InMageAzureV2",
      "Primary",
      "Recovery",
      "Static",
      "Failed",
      "ApplicationConsistent",
    ),
  ),
  number: fc.oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom(0, -1, 60, 61, Number.NaN, Number.POSITIVE_INFINITY),
  ),
  flag: fc.boolean(),
});

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

/**
 * Applies type-preserving edits to a built context: deletes any node (so any part may be
 * unknown), replaces strings, numbers and booleans with others, and shortens or empties arrays.
 */
function applyEdits(root: Record<string, unknown>, edits: Edit[]): void {
  for (const change of edits) {
    const paths = nodePaths(root).filter((path) => path.length > 0);
    if (paths.length === 0) return;
    const located = parentOf(root, paths[change.pick % paths.length]!);
    if (!located) continue;
    const [parent, key] = located;
    const current = parent[key];
    switch (change.op) {
      case "delete":
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case "string":
        if (typeof current === "string") parent[key] = change.text;
        break;
      case "number":
        if (typeof current === "number") parent[key] = change.number;
        break;
      case "boolean":
        if (typeof current === "boolean") parent[key] = change.flag;
        break;
      case "truncate":
        if (Array.isArray(current)) current.length = change.pick % (current.length + 1);
        break;
      case "empty":
        if (
          current !== null &&
          typeof current === "object" &&
          !Array.isArray(current) &&
          !(current instanceof Date)
        ) {
          parent[key] = {};
        }
        break;
    }
  }
}

const operation: fc.Arbitrary<PlannedOperation | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom<PlannedOperation>(
    { kind: "reprotect" },
    { kind: "failover" },
    { kind: "commit" },
    { kind: "reprotectToAzure" },
    { kind: "cancelJob", jobName: "job-1" },
    { kind: "deleteProcessServer", processServerName: "ps-01" },
  ),
);

const context: fc.Arbitrary<RuleContext> = fc
  .record({
    base: fc.constantFrom("vmware", "hyperv", "modernized"),
    edits: fc.array(edit, { maxLength: 40 }),
    operation,
    flavor: fc.constantFrom(undefined, "vmware", "physical", "hyperv"),
  })
  .map(({ base, edits, operation: op, flavor }) => {
    const built = (
      base === "hyperv"
        ? healthyHyperVContext()
        : base === "modernized"
          ? healthyModernizedContext()
          : healthyContext()
    ) as Record<string, any>;
    if (flavor !== undefined && built.inputs) built.inputs.flavor = flavor;
    applyEdits(built, edits);
    if (op !== undefined) built.operation = op;
    return built as RuleContext;
  });

describe("runRules on arbitrary partial contexts", () => {
  it("never throws, and every finding is well formed and within its rule's severity", () => {
    const rank = { info: 0, warn: 1, block: 2 };
    fc.assert(
      fc.property(context, (generated) => {
        const findings = runRules(generated);
        for (const entry of findings) {
          // runRules turns a throwing rule into an internal-error finding; none may appear.
          assert.ok(!entry.message.includes("internal error"), entry.message);
          assert.equal(entry.message, `${entry.ruleId}: ${entry.object} ${entry.cause}; ${entry.fix}`);
          assert.ok(rank[entry.severity] <= rank[getRule(entry.ruleId)!.severity], entry.message);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("finds nothing in a context stripped down to empty parts", () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            inputs: fc.record(
              { flavor: fc.constantFrom("vmware", "physical", "hyperv") },
              { requiredKeys: [] },
            ),
            site: fc.constant({}),
          },
          { requiredKeys: [] },
        ),
        (generated) => {
          assert.deepEqual(runRules(generated as RuleContext), []);
        },
      ),
    );
  });
});
