/**
 * `docs/scenario.md`: every field of an emulator scenario, from the scenario's zod schema (its
 * JSON Schema form: type, default and the `.describe()` text), with the rule IDs a value of the
 * field can break. Rule IDs come from the field's description and from
 * {@link SCENARIO_FIELD_RULES}; a test checks that each one is in the rules catalogue.
 */
import { z } from "zod";
import { Scenario } from "../emulator/model/scenario";
import { cell } from "./markdown";

/** A JSON Schema node, as far as the document reads it. */
interface SchemaNode {
  readonly type?: string | string[];
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly default?: unknown;
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly required?: readonly string[];
  readonly items?: SchemaNode;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
}

/** One documented field. */
export interface ScenarioField {
  /** Dotted path; `[]` marks the entries of a list (`protectedItems[].disks[].sizeInGb`). */
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly defaultValue?: unknown;
  readonly description: string;
  readonly ruleIds: readonly string[];
}

/**
 * Rule IDs a field's value breaks, where its description does not name them. The emulator
 * reports these facts and the rules' live checks read them through its API; this table says which
 * rule reads which fact. Paths as in {@link ScenarioField.path}.
 */
export const SCENARIO_FIELD_RULES: Readonly<Record<string, readonly string[]>> = {
  "configurationServer.reachablePorts": ["NET-06"],
  "configurationServer.processServers[].heartbeatMinutesAgo": ["PS-02"],
  "configurationServer.processServers[].location": ["NET-04", "NET-05"],
  "applianceSite.appliances[].heartbeatMinutesAgo": ["MR-02"],
  "applianceSite.appliances[].health": ["MR-02"],
  "masterTargets[].os": ["MT-01"],
  "masterTargets[].host": ["LOC-01", "MT-06", "VC-03"],
  "masterTargets[].diskCount": ["MT-08"],
  "masterTargets[].scsiController": ["MT-08"],
  "masterTargets[].snapshots": ["MT-02"],
  "masterTargets[].storageVmotionExcluded": ["MT-08"],
  "masterTargets[].diskEnableUuid": ["MT-03"],
  "masterTargets[].missingPackages": ["MT-03"],
  "masterTargets[].retentionVolumes": ["MT-06"],
  "masterTargets[].retentionVolumes[].fileSystem": ["MT-07"],
  "vCenters[].connected": ["VC-01"],
  "vCenters[].accountReadOnly": ["VC-02"],
  "esxHosts[].edition": ["VC-04"],
  "esxHosts[].discovered": ["MT-05", "VC-03"],
  "datastores[].type": ["MT-07", "LOC-03"],
  "datastores[].hosts": ["LOC-01", "MT-06"],
  "connectivity.vpnConnections": ["NET-01"],
  "connectivity.vpnConnections[].status": ["NET-01"],
  "connectivity.expressRouteCircuits": ["NET-01", "NET-02", "NET-04"],
  "connectivity.expressRouteCircuits[].peerings": ["NET-02", "NET-03"],
  "connectivity.expressRouteCircuits[].peerings[].state": ["NET-02", "NET-03"],
  "connectivity.expressRouteCircuits[].connectedVirtualNetworks": ["NET-02"],
  "connectivity.expressRouteCircuits[].connectionStatus": ["NET-02"],
  "hyperV.connected": ["HV-01"],
  "hyperV.hosts[].os": ["HV-06"],
  "hyperV.hosts[].virtualSwitches": ["HV-06"],
  "protectedItems[].os": ["MT-01"],
  "protectedItems[].osVersion": ["LOC-05"],
  "protectedItems[].fileSystems": ["MT-03"],
  "protectedItems[].kind": ["LOC-04", "LOC-06", "PS-01"],
  "protectedItems[].state": ["RP-05", "HV-02", "MR-11"],
  "protectedItems[].onPremisesVmExists": ["LOC-07", "MR-16"],
  "protectedItems[].onPremisesVmSnapshots": ["RP-03"],
  "protectedItems[].recoveryPoints": ["RP-06", "MR-24"],
  "protectedItems[].replicationGroup": ["FO-02", "MT-09"],
  "protectedItems[].disks[].kind": ["LOC-02", "LOC-03"],
  "protectedItems[].azureVm.exists": ["RP-01"],
  "link.bandwidthInMbps": ["HV-08"],
  "link.checksumRateInGbPerMinute": ["HV-08"],
};

const RULE_ID = /\b(?:NET|PS|MT|VC|LOC|CS|RP|FO|HV|MR)-\d{2}\b/g;

/** The node without its optional/nullable wrapper. */
function unwrap(node: SchemaNode): SchemaNode {
  const variants = node.anyOf ?? node.oneOf;
  if (!variants) return node;
  const concrete = variants.filter((variant) => variant.type !== "null");
  return concrete.length === 1
    ? { ...concrete[0]!, description: node.description ?? concrete[0]!.description }
    : node;
}

/** The field's type in words: `string (ipv4)`, `"VMFS" \| "NFS"`, `number ≥ 0`, `object[]`. */
function typeOf(node: SchemaNode): string {
  const inner = unwrap(node);
  if (inner.enum) return inner.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (inner.const !== undefined) return JSON.stringify(inner.const);
  const variants = inner.anyOf ?? inner.oneOf;
  if (variants) return variants.map(typeOf).join(" | ");
  if (inner.type === "array") {
    const element = inner.items ? typeOf(inner.items) : "unknown";
    return /\s/.test(element) ? `(${element})[]` : `${element}[]`;
  }
  const base = Array.isArray(inner.type) ? inner.type.join(" | ") : (inner.type ?? "any");
  // zod gives every integer the safe-integer range; only narrower bounds say something.
  const bound = (value: number | undefined) =>
    value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
  const bounds = [
    bound(inner.minimum) !== undefined ? `≥ ${inner.minimum}` : undefined,
    bound(inner.exclusiveMinimum) !== undefined ? `> ${inner.exclusiveMinimum}` : undefined,
    bound(inner.maximum) !== undefined ? `≤ ${inner.maximum}` : undefined,
  ].filter((bound) => bound !== undefined);
  const format = inner.format ? ` (${inner.format})` : "";
  return `${base}${format}${bounds.length > 0 ? ` ${bounds.join(", ")}` : ""}`;
}

/** The fields under `node`, depth first, each object's own fields in declaration order. */
function fieldsOf(node: SchemaNode, prefix: string): ScenarioField[] {
  const inner = unwrap(node);
  const target = inner.type === "array" && inner.items ? unwrap(inner.items) : inner;
  const listPrefix = inner.type === "array" ? `${prefix}[]` : prefix;
  if (!target.properties) return [];
  return Object.entries(target.properties).flatMap(([key, child]) => {
    const path = listPrefix === "" ? key : `${listPrefix}.${key}`;
    const description = (child.description ?? unwrap(child).description ?? "").trim();
    const ruleIds = [
      ...new Set([...(description.match(RULE_ID) ?? []), ...(SCENARIO_FIELD_RULES[path] ?? [])]),
    ];
    const field: ScenarioField = {
      path,
      type: typeOf(child),
      required: target.required?.includes(key) ?? false,
      ...(child.default !== undefined ? { defaultValue: child.default } : {}),
      description,
      ruleIds,
    };
    return [field, ...fieldsOf(child, path)];
  });
}

/** Every field of a scenario file, from the zod schema (input side: what a file may contain). */
export function scenarioFields(): ScenarioField[] {
  const schema = z.toJSONSchema(Scenario, { io: "input", unrepresentable: "any" }) as SchemaNode;
  return fieldsOf(schema, "");
}

/** The table of some fields. */
function fieldTable(fields: readonly ScenarioField[]): string[] {
  const defaultOf = (field: ScenarioField) =>
    field.required
      ? "required"
      : field.defaultValue !== undefined
        ? `\`${cell(JSON.stringify(field.defaultValue))}\``
        : "optional";
  return [
    "| field | type | default | meaning | rules |",
    "|---|---|---|---|---|",
    ...fields.map(
      (field) =>
        `| \`${field.path}\` | ${cell(field.type)} | ${defaultOf(field)} | ${cell(field.description)} | ${field.ruleIds.join(", ")} |`,
    ),
  ];
}

/** `docs/scenario.md`: the top-level facts, then one section per top-level block or list. */
export function scenarioDocument(): string {
  const fields = scenarioFields();
  const topOf = (field: ScenarioField) => field.path.split(/[.[]/)[0]!;
  const blocks = new Set(fields.filter((field) => field.path !== topOf(field)).map(topOf));
  const sections = [...blocks].map((top) =>
    [`## ${top}`, "", ...fieldTable(fields.filter((field) => topOf(field) === top)), ""].join("\n"),
  );
  const topLevel = fields.filter((field) => !blocks.has(topOf(field)));
  return [
    "# Scenario fields",
    "",
    "Generated from the emulator's scenario schema (`emulator/model/scenario.ts`) by",
    "`npx tsx scripts/generatedDocs.ts --write`; do not edit by hand.",
    "",
    "A scenario is a YAML file describing the Azure Site Recovery world the emulator answers from",
    "(see [emulator/README.md](../emulator/README.md); editors can validate it against",
    "`emulator/scenario.schema.json`). Paths are dotted; `[]` marks the entries of a list. The",
    '"rules" column names the prerequisite rules ([rules.md](rules.md)) that a value of the field',
    "can break, so a scenario can play a broken site on purpose.",
    "",
    "## Top level",
    "",
    ...fieldTable(topLevel),
    "",
    ...sections,
  ].join("\n");
}
