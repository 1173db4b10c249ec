import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ruleIds } from "../../../provider/rules/types";
import { renderReadme } from "../../../scripts/docsTables";
import { generatedDocuments } from "../../../scripts/generatedDocs";

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

describe("generated documents", () => {
  for (const { file, content } of generatedDocuments()) {
    it(`${path.basename(file)} matches the code (npx tsx scripts/generatedDocs.ts --write)`, () => {
      assert.equal(readFileSync(file, "utf8"), content);
    });
  }

  it("lists every rule ID in docs/rules.md", () => {
    const rules = generatedDocuments()[0]!.content;
    assert.deepEqual(
      ruleIds.filter((id) => !rules.includes(`| ${id} |`)),
      [],
    );
  });

  it("describes every top-level key of a scenario in the JSON Schema, and requires the subscription", () => {
    const schema = JSON.parse(generatedDocuments()[1]!.content) as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
    };
    for (const key of ["vault", "applianceSite", "protectedItems", "recoveryPlans", "hyperV", "azure"])
      assert.ok(key in schema.properties, key);
    assert.ok(schema.required.includes("subscriptionId"));
    assert.equal(schema.additionalProperties, false);
  });
});
