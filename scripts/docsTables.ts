/**
 * Generates the README's reference tables from the code, so the documentation cannot drift:
 * the prerequisite rules (from the rules catalogue) and the troubleshooting table (from the
 * client layer's error guidance map).
 *
 * `npx tsx scripts/docsTables.ts --write` rewrites the tables in README.md between their
 * markers; without `--write` it exits non-zero when README.md is out of date.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { guidanceByCode } from "../provider/client/guidance";
import { allRules } from "../provider/rules/catalogue";

const readmePath = path.join(__dirname, "..", "README.md");

/** Escapes a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** The rules table: ID, severity, area and title of every rule. */
export function rulesTable(): string {
  const rows = allRules.map(
    (rule) => `| ${rule.id} | ${rule.severity} | ${rule.area} | ${cell(rule.title)} |`,
  );
  return ["| ID | severity | area | rule |", "|---|---|---|---|", ...rows].join("\n");
}

/** The troubleshooting table: each known ASR/ARM error code, what it means, what to do. */
export function troubleshootingTable(): string {
  const rows = Object.entries(guidanceByCode).map(
    ([code, guidance]) =>
      `| \`${code}\` | ${cell(guidance.cause)} | ${cell(guidance.fix)}${guidance.retryable ? " (retried automatically)" : ""} |`,
  );
  return ["| code | cause | what to do |", "|---|---|---|", ...rows].join("\n");
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->`. */
export function replaceSection(document: string, name: string, content: string): string {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  if (start < 0 || stop < start) {
    throw new Error(`README.md has no ${begin} … ${end} section`);
  }
  return `${document.slice(0, start + begin.length)}\n${content}\n${document.slice(stop)}`;
}

/** README.md with freshly generated tables. */
export function renderReadme(current: string): string {
  return replaceSection(
    replaceSection(current, "rules", rulesTable()),
    "troubleshooting",
    troubleshootingTable(),
  );
}

if (require.main === module) {
  const current = readFileSync(readmePath, "utf8");
  const rendered = renderReadme(current);
  if (process.argv.includes("--write")) {
    writeFileSync(readmePath, rendered);
  } else if (rendered !== current) {
    console.error("README.md tables are out of date: run npx tsx scripts/docsTables.ts --write");
    process.exit(1);
  }
}
