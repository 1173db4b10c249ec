/**
 * The workspace's import rules (`.dependency-cruiser.cjs`) hold: no import cycle, type-only imports
 * included, and imports that go one way between the packages (the provider and the emulator share
 * only the contract, the contract depends on nothing, no package imports tests or scripts).
 */
import assert from "node:assert/strict";
import path from "node:path";

const repositoryRoot = path.join(__dirname, "..", "..");
/** What is checked: every package, and everything at the root that imports them. */
const cruisedPaths = ["contract", "provider", "emulator", "test", "bench", "scripts", "examples", "index.ts"];

/** A rule broken by an import from one module to another (paths relative to the repository root). */
interface Violation {
  readonly rule: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Violations that exist today and are tolerated until fixed: the ONLY list of exceptions. Any other
 * violation fails the test, and so does an entry here that no longer occurs (remove it then).
 */
const KNOWN_VIOLATIONS: readonly Violation[] = [];

const keyOf = (violation: Violation) => `${violation.rule}: ${violation.from} → ${violation.to}`;

describe("architecture (import direction and cycles)", function () {
  // Parsing every module with the TypeScript compiler takes a few seconds on a slow machine.
  this.timeout(120_000);

  let violations: Violation[];
  let cycles: Map<string, string[]>;

  before(async () => {
    const { cruise } = await import("dependency-cruiser");
    const { default: extractDepcruiseOptions } = await import(
      "dependency-cruiser/config-utl/extract-depcruise-options"
    );
    const { default: extractTSConfig } = await import("dependency-cruiser/config-utl/extract-ts-config");
    const workingDirectory = process.cwd();
    // dependency-cruiser reads and reports paths relative to the working directory.
    process.chdir(repositoryRoot);
    try {
      const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
      const tsConfig = extractTSConfig("./tsconfig.json");
      const { output } = await cruise(
        cruisedPaths,
        { ...options, validate: true },
        {},
        { tsConfig: tsConfig as never },
      );
      assert.ok(typeof output === "object", "dependency-cruiser returned no result");
      const { summary } = output;
      console.log(
        `      checked ${summary.totalCruised} modules and ${summary.totalDependenciesCruised} dependencies`,
      );
      violations = summary.violations.map((violation) => ({
        rule: violation.rule.name,
        from: violation.from,
        to: violation.to,
      }));
      cycles = new Map(
        summary.violations.map((violation) => [
          keyOf({ rule: violation.rule.name, from: violation.from, to: violation.to }),
          (violation.cycle ?? []).map((step) => step.name),
        ]),
      );
    } finally {
      process.chdir(workingDirectory);
    }
  });

  it("finds no violation other than the known ones", () => {
    const known = new Set(KNOWN_VIOLATIONS.map(keyOf));
    const added = violations.filter((violation) => !known.has(keyOf(violation)));
    assert.deepEqual(
      added.map((violation) => {
        const cycle = cycles.get(keyOf(violation)) ?? [];
        return cycle.length > 0 ? `${keyOf(violation)} (cycle: ${cycle.join(" → ")})` : keyOf(violation);
      }),
      [],
      "imports that break .dependency-cruiser.cjs",
    );
  });

  it("lists no known violation that is gone", () => {
    const current = new Set(violations.map(keyOf));
    assert.deepEqual(
      KNOWN_VIOLATIONS.map(keyOf).filter((key) => !current.has(key)),
      [],
      "fixed: remove these from KNOWN_VIOLATIONS in test/unit/architecture.test.ts",
    );
  });
});
