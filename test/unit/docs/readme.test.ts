import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ruleIds } from "../../../provider/rules/types";
import { renderReadme } from "../../../scripts/docsTables";
import { generatedDocuments } from "../../../scripts/generatedDocs";
import { SCENARIO_FIELD_RULES, scenarioFields } from "../../../scripts/scenarioFields";

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

  it("names in docs/scenario.md only rule IDs of the catalogue", () => {
    const named = scenarioFields().flatMap((field) => field.ruleIds);
    assert.ok(named.length > 0);
    assert.deepEqual(
      named.filter((id) => !(ruleIds as readonly string[]).includes(id)),
      [],
    );
  });

  it("maps only fields that a scenario has to rule IDs", () => {
    const paths = new Set(scenarioFields().map((field) => field.path));
    assert.deepEqual(
      Object.keys(SCENARIO_FIELD_RULES).filter((path) => !paths.has(path)),
      [],
    );
  });

  it("describes every scenario field and names the rules a process server's heartbeat breaks", () => {
    const fields = scenarioFields();
    assert.deepEqual(
      fields.filter((field) => field.description === "").map((field) => field.path),
      [],
    );
    const heartbeat = fields.find(
      (field) => field.path === "configurationServer.processServers[].heartbeatMinutesAgo",
    );
    assert.ok(heartbeat?.ruleIds.some((id) => id.startsWith("PS-")));
  });
});
