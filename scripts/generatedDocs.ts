/**
 * Documents generated from the code, so they cannot drift and ship with the repository and the
 * packages: `docs/rules.md` (every prerequisite rule of both catalogues, from the rule objects),
 * `emulator/scenario.schema.json` (the emulator's scenario format as JSON Schema, from its zod
 * schema, for editors that validate YAML against a `$schema`) and `docs/scenario.md` (every
 * scenario field with its type, default, meaning and the rules its values break).
 *
 * `npx tsx scripts/generatedDocs.ts --write` rewrites them; without `--write` it exits non-zero
 * when one is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { Scenario } from "../emulator/model/scenario";
import { allRules } from "../provider/rules/catalogue";
import { cell } from "./markdown";
import { scenarioDocument } from "./scenarioFields";

const repositoryRoot = path.join(__dirname, "..");

/** `docs/rules.md`: the rules by area, with severity, scope and what each requires. */
export function rulesDocument(): string {
  const areas = [...new Set(allRules.map((rule) => rule.area))];
  const sections = areas.map((area) => {
    const rows = allRules
      .filter((rule) => rule.area === area)
      .map(
        (rule) =>
          `| ${rule.id} | ${rule.severity} | ${rule.appliesTo.flavors.join(", ")} | ${(rule.appliesTo.paths ?? ["classic", "modernized"]).join(", ")} | ${rule.appliesTo.resources.join(", ")} | ${cell(rule.title)} |`,
      );
    return [
      `## ${area}`,
      "",
      "| ID | severity | flavors | paths | inputs of | rule |",
      "|---|---|---|---|---|---|",
      ...rows,
      "",
    ].join("\n");
  });
  return [
    "# Prerequisite rules",
    "",
    "Generated from the code by `npx tsx scripts/generatedDocs.ts --write`; do not edit by hand.",
    "",
    "Each rule has a stable ID. `block` rules fail `pulumi preview` (and `check`) with the property",
    "path and a message that names the ID, the object, the cause and the fix; `warn` and `info`",
    "rules print a line and, where they concern people's work after failback, a post-failback task.",
    "Classic rules (VMware/physical through a process server in Azure and a master target, and",
    "Hyper-V) and modernized rules (MR-*, VMware/physical through a replication appliance) apply to",
    "the items of their path only.",
    "",
    ...sections,
  ].join("\n");
}

/** `emulator/scenario.schema.json`: what a scenario file may contain (the input side of the schema). */
export function scenarioJsonSchema(): string {
  const schema = z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify(
    {
      ...schema,
      $id: "https://asr-emulator/scenario.schema.json",
      title: "asr-emulator scenario",
      description:
        "A simulated Azure Site Recovery world after a disaster: vault, on-premises site (VMware, physical, Hyper-V or replication appliance), Azure network and protected items. See emulator/README.md.",
    },
    null,
    2,
  )}\n`;
}

/** The generated files and their contents. */
export function generatedDocuments(): { file: string; content: string }[] {
  return [
    { file: path.join(repositoryRoot, "docs", "rules.md"), content: rulesDocument() },
    { file: path.join(repositoryRoot, "emulator", "scenario.schema.json"), content: scenarioJsonSchema() },
    { file: path.join(repositoryRoot, "docs", "scenario.md"), content: scenarioDocument() },
  ];
}

if (require.main === module) {
  const stale = generatedDocuments().filter(({ file, content }) => {
    let current = "";
    try {
      current = readFileSync(file, "utf8");
    } catch {}
    if (current === content) return false;
    if (process.argv.includes("--write")) writeFileSync(file, content);
    return true;
  });
  if (stale.length > 0 && !process.argv.includes("--write")) {
    console.error(
      `out of date: ${stale.map(({ file }) => path.relative(repositoryRoot, file)).join(", ")}; run npx tsx scripts/generatedDocs.ts --write`,
    );
    process.exit(1);
  }
}
