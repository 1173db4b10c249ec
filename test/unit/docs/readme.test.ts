import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ruleIds } from "../../../provider/rules/types";
import { renderReadme } from "../../../scripts/docsTables";

const readme = readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");

describe("README reference tables", () => {
  it("match the rules catalogue and the error guidance map (npx tsx scripts/docsTables.ts --write)", () => {
    assert.equal(renderReadme(readme), readme);
  });

  it("list every rule ID of the catalogue", () => {
    const missing = ruleIds.filter((id) => !readme.includes(`| ${id} |`));
    assert.deepEqual(missing, []);
  });
});
