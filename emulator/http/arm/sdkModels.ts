/**
 * Checks a JSON value against the official Site Recovery SDK's `Mappers` (the serialization
 * models AutoRest generated from the published spec): types, required properties, closed enums,
 * polymorphic discriminators, and no property the model does not define. The emulator checks
 * request bodies with it; the conformance suite checks the emulator's answers with it.
 *
 * Each issue's `problem` is worded as the .NET deserializer behind ARM words it inside
 * `InvalidRequestContent` ("Could not find member 'x' on object of type 'T'"), so the same text
 * serves a refusal and a test's report.
 */
import { createRequire } from "node:module";

/** An AutoRest mapper, as far as the checks read it. */
export interface Mapper {
  readonly serializedName?: string;
  readonly required?: boolean;
  readonly nullable?: boolean;
  readonly type: {
    readonly name: string;
    readonly className?: string;
    readonly modelProperties?: Readonly<Record<string, Mapper>>;
    readonly polymorphicDiscriminator?: { readonly serializedName: string };
    readonly uberParent?: string;
    readonly additionalProperties?: Mapper;
    readonly allowedValues?: readonly unknown[];
    readonly element?: Mapper;
    readonly value?: Mapper;
  };
}

// The package's ESM build exports the mappers module; the CommonJS bundle keeps them private.
const sdkMappers = createRequire(__filename)(
  "@azure/arm-recoveryservices-siterecovery/dist-esm/src/models/mappers.js",
) as Record<string, Mapper> & { discriminators: Record<string, Mapper> };

/** How a value departs from its model. */
export type ShapeIssueKind =
  | "unknownProperty"
  | "missingProperty"
  | "nullValue"
  | "wrongType"
  | "notAllowedValue"
  | "unknownDiscriminator";

/** One way a value departs from the model: where, which kind, and what is wrong. */
export interface ShapeIssue {
  /** Property path in the value (`properties.providerSpecificDetails.instanceType`); "" is the root. */
  readonly path: string;
  readonly kind: ShapeIssueKind;
  /** What is wrong, worded as ARM's deserializer words it (no path, no trailing period). */
  readonly problem: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The type name a wrong value is reported against (`String`, `InMageReprotectInput`, …). */
function typeName(mapper: Mapper): string {
  switch (mapper.type.name) {
    case "Composite":
      return mapper.type.className ?? "Object";
    case "Sequence":
      return "Array";
    case "Dictionary":
      return "Object";
    case "Uuid":
      return "Guid";
    default:
      return mapper.type.name;
  }
}

/**
 * The concrete model of a polymorphic value (by its discriminator), or the mapper itself;
 * `undefined` for a discriminator no model answers to (its other properties cannot be judged).
 */
function concrete(
  mapper: Mapper,
  value: Record<string, unknown>,
  path: string,
  issues: ShapeIssue[],
): Mapper | undefined {
  const className = mapper.type.className;
  const base = className ? (sdkMappers[className] ?? mapper) : mapper;
  const discriminator = base.type.polymorphicDiscriminator;
  if (!discriminator) return base;
  const kind = value[discriminator.serializedName];
  const uberParent = base.type.uberParent ?? className ?? "Object";
  // A missing or non-string discriminator is reported by the base model's own property check.
  if (typeof kind !== "string") return base;
  const chosen = sdkMappers.discriminators[`${uberParent}.${kind}`];
  if (chosen) return chosen;
  // The base class itself answers for its own discriminator value (e.g. `InMage` never maps).
  if (kind === className) return base;
  issues.push({
    path: join(path, discriminator.serializedName),
    kind: "unknownDiscriminator",
    problem: `Error converting value ${JSON.stringify(kind)} to type '${uberParent}': no ${uberParent} has ${discriminator.serializedName} '${kind}'`,
  });
  return undefined;
}

function checkComposite(mapper: Mapper, value: unknown, path: string, issues: ShapeIssue[]): void {
  if (!isObject(value)) {
    wrongType(mapper, value, path, issues);
    return;
  }
  const model = concrete(mapper, value, path, issues);
  if (!model) return;
  const properties = model.type.modelProperties ?? {};
  const known = new Set<string>();
  for (const property of Object.values(properties)) {
    const name = property.serializedName;
    if (!name) continue;
    // Flattened properties (`properties.x`) are not used by these models; the first segment names the key.
    known.add(name.split(".")[0]!);
    const child = name.split(".").reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), value);
    const childPath = join(path, name);
    if (child === undefined) {
      if (property.required)
        issues.push({
          path: childPath,
          kind: "missingProperty",
          problem: `Required property '${name}' not found in JSON`,
        });
      continue;
    }
    check(property, child, childPath, issues);
  }
  if (model.type.additionalProperties) return;
  for (const key of Object.keys(value))
    if (!known.has(key))
      issues.push({
        path: join(path, key),
        kind: "unknownProperty",
        problem: `Could not find member '${key}' on object of type '${model.type.className}'`,
      });
}

function wrongType(mapper: Mapper, value: unknown, path: string, issues: ShapeIssue[]): void {
  issues.push({
    path,
    kind: "wrongType",
    problem: `Error converting value ${JSON.stringify(value)} to type '${typeName(mapper)}'`,
  });
}

function check(mapper: Mapper, value: unknown, path: string, issues: ShapeIssue[]): void {
  if (value === null) {
    if (!mapper.nullable && mapper.required)
      issues.push({
        path,
        kind: "nullValue",
        problem: `Required property '${mapper.serializedName}' expects a non-null value`,
      });
    return;
  }
  const expect = (ok: boolean) => {
    if (!ok) wrongType(mapper, value, path, issues);
  };
  switch (mapper.type.name) {
    case "Composite":
      checkComposite(mapper, value, path, issues);
      break;
    case "Sequence":
      if (!Array.isArray(value)) expect(false);
      else
        value.forEach((element, index) => {
          check(mapper.type.element!, element, `${path}[${index}]`, issues);
        });
      break;
    case "Dictionary":
      if (!isObject(value)) expect(false);
      else
        for (const [key, entry] of Object.entries(value))
          check(mapper.type.value!, entry, join(path, key), issues);
      break;
    // Many Site Recovery properties are `String` with known values: extensible, so any string passes.
    case "String":
    case "Uuid":
      expect(typeof value === "string");
      break;
    case "Number":
      expect(typeof value === "number");
      break;
    case "Boolean":
      expect(typeof value === "boolean");
      break;
    case "DateTime":
    case "Date":
      expect(typeof value === "string" && !Number.isNaN(Date.parse(value)));
      break;
    // AutoRest's `Enum` mappers are closed sets (extensible ones are generated as `String`).
    case "Enum": {
      const allowed = mapper.type.allowedValues ?? [];
      if (!allowed.includes(value))
        issues.push({
          path,
          kind: "notAllowedValue",
          problem: `Error converting value ${JSON.stringify(value)}: the allowed values are ${allowed.join(", ")}`,
        });
      break;
    }
    case "Object":
      break;
    default:
      issues.push({
        path,
        kind: "wrongType",
        problem: `internal error: no check for mapper type ${mapper.type.name}`,
      });
  }
}

/** The issues of `value` against the SDK model `modelName` (`ReplicationProtectedItem`, …). */
export function shapeIssues(value: unknown, modelName: string): ShapeIssue[] {
  const mapper = sdkMappers[modelName];
  if (!mapper || modelName === "discriminators")
    throw new Error(`internal error: the SDK has no model ${modelName}`);
  return mapperIssues(value, mapper);
}

/**
 * The issues of `value` against one mapper; composite types it names resolve among the SDK's
 * models. (This SDK's models hold no closed `Enum`, so tests reach that check through here.)
 */
export function mapperIssues(value: unknown, mapper: Mapper): ShapeIssue[] {
  const issues: ShapeIssue[] = [];
  check(mapper, value, "", issues);
  return issues;
}

/** True when the SDK defines a model of that name. */
export function hasModel(modelName: string): boolean {
  return sdkMappers[modelName] !== undefined && modelName !== "discriminators";
}
