/**
 * Checks a JSON value against the official Site Recovery SDK's `Mappers` (the serialization
 * models AutoRest generated from the published spec): types, required properties, enums,
 * polymorphic discriminators, and no property the model does not define.
 */
import { createRequire } from "node:module";

/** An AutoRest mapper, as far as the checks read it. */
interface Mapper {
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

/** One way a value departs from the model: where and how. */
export interface ShapeIssue {
  readonly path: string;
  readonly problem: string;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The concrete model of a polymorphic value (by its discriminator), or the mapper itself. */
function concrete(
  mapper: Mapper,
  value: Record<string, unknown>,
  path: string,
  issues: ShapeIssue[],
): Mapper {
  const className = mapper.type.className;
  const base = className ? (sdkMappers[className] ?? mapper) : mapper;
  const discriminator = base.type.polymorphicDiscriminator;
  if (!discriminator) return base;
  const kind = value[discriminator.serializedName];
  const uberParent = base.type.uberParent ?? className;
  if (typeof kind !== "string") {
    issues.push({ path, problem: `${discriminator.serializedName} is missing` });
    return base;
  }
  const chosen = sdkMappers.discriminators[`${uberParent}.${kind}`];
  if (chosen) return chosen;
  // The base class itself answers for its own discriminator value (e.g. `InMage` never maps).
  if (kind !== className)
    issues.push({ path, problem: `${discriminator.serializedName} '${kind}' is no ${uberParent} type` });
  return base;
}

function checkComposite(mapper: Mapper, value: unknown, path: string, issues: ShapeIssue[]): void {
  if (!isObject(value)) {
    issues.push({ path, problem: `must be an object (${mapper.type.className})` });
    return;
  }
  const model = concrete(mapper, value, path, issues);
  const properties = model.type.modelProperties ?? {};
  const known = new Set<string>();
  for (const property of Object.values(properties)) {
    const name = property.serializedName;
    if (!name) continue;
    // Flattened properties (`properties.x`) are not used by these models; the first segment names the key.
    known.add(name.split(".")[0]!);
    const child = name.split(".").reduce<unknown>((at, key) => (isObject(at) ? at[key] : undefined), value);
    const childPath = path ? `${path}.${name}` : name;
    if (child === undefined) {
      if (property.required) issues.push({ path: childPath, problem: "is required" });
      continue;
    }
    check(property, child, childPath, issues);
  }
  if (model.type.additionalProperties) return;
  for (const key of Object.keys(value))
    if (!known.has(key))
      issues.push({
        path: path ? `${path}.${key}` : key,
        problem: `is not a property of ${model.type.className}`,
      });
}

function check(mapper: Mapper, value: unknown, path: string, issues: ShapeIssue[]): void {
  if (value === null) {
    if (!mapper.nullable && mapper.required) issues.push({ path, problem: "must not be null" });
    return;
  }
  const expect = (ok: boolean, what: string) => {
    if (!ok) issues.push({ path, problem: `must be ${what}, got ${JSON.stringify(value)}` });
  };
  switch (mapper.type.name) {
    case "Composite":
      checkComposite(mapper, value, path, issues);
      break;
    case "Sequence":
      if (!Array.isArray(value)) expect(false, "an array");
      else
        value.forEach((element, index) => {
          check(mapper.type.element!, element, `${path}[${index}]`, issues);
        });
      break;
    case "Dictionary":
      if (!isObject(value)) expect(false, "an object");
      else
        for (const [key, entry] of Object.entries(value))
          check(mapper.type.value!, entry, `${path}.${key}`, issues);
      break;
    case "String":
    case "Uuid":
      expect(typeof value === "string", "a string");
      break;
    case "Number":
      expect(typeof value === "number", "a number");
      break;
    case "Boolean":
      expect(typeof value === "boolean", "a boolean");
      break;
    case "DateTime":
    case "Date":
      expect(typeof value === "string" && !Number.isNaN(Date.parse(value)), "an ISO date");
      break;
    case "Enum":
      expect(
        mapper.type.allowedValues?.includes(value) ?? true,
        `one of ${mapper.type.allowedValues?.join(", ")}`,
      );
      break;
    case "Object":
      break;
    default:
      issues.push({ path, problem: `internal error: no check for mapper type ${mapper.type.name}` });
  }
}

/** The issues of `value` against the SDK model `modelName` (`ReplicationProtectedItem`, …). */
export function shapeIssues(value: unknown, modelName: string): ShapeIssue[] {
  const mapper = sdkMappers[modelName];
  if (!mapper) throw new Error(`internal error: the SDK has no model ${modelName}`);
  const issues: ShapeIssue[] = [];
  check(mapper, value, "", issues);
  return issues;
}

/** True when the SDK defines a model of that name. */
export function hasModel(modelName: string): boolean {
  return sdkMappers[modelName] !== undefined;
}
