import assert from "node:assert/strict";
import { formatODataFilter, ODataFilterError, parseODataFilter } from "asr-contract";
import fc from "fast-check";

describe("Site Recovery $filter dialect", () => {
  it("reads equality terms joined by and, keywords in any case", () => {
    assert.deepEqual(parseODataFilter("jobStatus eq 'Failed'"), [{ property: "jobStatus", value: "Failed" }]);
    assert.deepEqual(
      parseODataFilter("  StartTime EQ '2025-01-06T08:00:00Z' AND JobName eq 'PlannedFailover' "),
      [
        { property: "StartTime", value: "2025-01-06T08:00:00Z" },
        { property: "JobName", value: "PlannedFailover" },
      ],
    );
  });

  it("reads a doubled quote inside a value as one quote", () => {
    assert.deepEqual(parseODataFilter("sourceFabricName eq 'o''neil''s'"), [
      { property: "sourceFabricName", value: "o'neil's" },
    ]);
  });

  const refused: readonly [string, string][] = [
    ["", "has no term"],
    ["JobStatus eq Failed", "'Failed' where a quoted value belongs"],
    ["JobStatus ne 'Failed'", "'ne' where 'eq' belongs"],
    ["JobStatus eq 'Failed' or JobStatus eq 'Succeeded'", "'or' where 'and' belongs"],
    ["(JobStatus eq 'Failed')", "'(' at position 0"],
    ["JobStatus eq 'Failed", "never closed"],
    ["JobStatus eq 'Failed' and", "the end where a property name belongs"],
    ["startswith(JobName, 'Plan')", "'(' at position 10"],
  ];
  for (const [filter, reason] of refused) {
    it(`refuses ${JSON.stringify(filter)} naming ${reason}`, () => {
      assert.throws(
        () => parseODataFilter(filter),
        (error: unknown) =>
          error instanceof ODataFilterError &&
          error.message.includes(reason) &&
          error.message.includes(filter),
      );
    });
  }

  it("formats terms in order, leaves out undefined ones, and sends nothing for none", () => {
    assert.equal(
      formatODataFilter({ JobStatus: "Failed", FabricId: undefined, JobName: "it's" }),
      "JobStatus eq 'Failed' and JobName eq 'it''s'",
    );
    assert.equal(formatODataFilter({ StartTime: undefined }), undefined);
  });

  it("parses back whatever it formats", () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,15}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.string()), { minLength: 1, maxLength: 6, selector: (t) => t[0] }),
        (terms) => {
          const text = formatODataFilter(Object.fromEntries(terms));
          assert.ok(text);
          assert.deepEqual(
            parseODataFilter(text).map((term) => [term.property, term.value]),
            terms,
          );
        },
      ),
    );
  });
});
