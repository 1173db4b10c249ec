/**
 * Every route that takes a body declares what the body is checked against, and a declared SDK
 * model is the one the official SDK sends for that operation: read from the SDK's own operation
 * specs (method, path, request body parameter), so a route cannot name the wrong model.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { NO_REQUEST_BODY } from "../../../emulator/http/arm/requestContent";
import { hasModel, mapperIssues, shapeIssues } from "../../../emulator/http/arm/sdkModels";
import { asrRoutes } from "../../../emulator/http/asr";
import { adminRoutes } from "../../../emulator/http/handlers/admin";
import { computeRoutes } from "../../../emulator/http/handlers/compute";
import { networkRoutes } from "../../../emulator/http/network";

const allRoutes = [...asrRoutes, ...networkRoutes, ...computeRoutes, ...adminRoutes];
const BODY_METHODS = new Set(["PUT", "PATCH", "POST"]);

const sdkSources = path.join(
  path.dirname(require.resolve("@azure/arm-recoveryservices-siterecovery/package.json")),
  "dist-esm",
  "src",
);

/** `PUT /subscriptions/{}/resourcegroups/{}/…`: a path compared whatever its parameters are named. */
const operationKey = (method: string, pattern: string) =>
  `${method} ${pattern.toLowerCase().replace(/\{\w+\}/g, "{}")}`;

/** The SDK's request body model per operation, read from its generated operation specs. */
function sdkRequestModels(): Map<string, string | undefined> {
  const parameters = readFileSync(path.join(sdkSources, "models", "parameters.js"), "utf8");
  const modelOfParameter = new Map(
    [
      ...parameters.matchAll(/export const (\w+) = \{\s*parameterPath: "\w+",\s*mapper: (\w+)Mapper\s*\}/g),
    ].map(([, parameter, model]) => [parameter!, model!]),
  );
  const models = new Map<string, string | undefined>();
  const operations = path.join(sdkSources, "operations");
  for (const file of readdirSync(operations).filter((name) => name.endsWith(".js"))) {
    const text = readFileSync(path.join(operations, file), "utf8");
    for (const [, spec] of text.matchAll(/const \w+OperationSpec = \{([\s\S]*?)\n\};/g)) {
      const specPath = /path: "([^"]+)"/.exec(spec!)?.[1];
      const method = /httpMethod: "(\w+)"/.exec(spec!)?.[1];
      if (!specPath || !method) continue;
      const parameter = /requestBody: Parameters\.(\w+)/.exec(spec!)?.[1];
      const model = parameter === undefined ? undefined : modelOfParameter.get(parameter);
      if (parameter !== undefined && model === undefined)
        throw new Error(`the SDK parameter ${parameter} names no model mapper`);
      models.set(operationKey(method, specPath), model);
    }
  }
  return models;
}

describe("emulator request body models", () => {
  it("every PUT, PATCH and POST route declares an SDK model or why its body is not checked", () => {
    const undeclared = allRoutes
      .filter((route) => BODY_METHODS.has(route.method) && route.requestBody === undefined)
      .map((route) => `${route.operation} (${route.method} ${route.pattern})`);
    assert.deepEqual(undeclared, []);
  });

  it("every declared SDK model exists in the SDK", () => {
    const unknown = allRoutes.flatMap((route) =>
      route.requestBody && "sdkModel" in route.requestBody && !hasModel(route.requestBody.sdkModel)
        ? [`${route.operation}: ${route.requestBody.sdkModel}`]
        : [],
    );
    assert.deepEqual(unknown, []);
  });

  it("every Site Recovery route declares the model the SDK sends for its operation", () => {
    const sdk = sdkRequestModels();
    assert.ok(sdk.size > 100, `read only ${sdk.size} operation specs from the SDK`);
    const mismatches: string[] = [];
    let compared = 0;
    for (const route of asrRoutes.filter((candidate) => BODY_METHODS.has(candidate.method))) {
      const key = operationKey(route.method, route.pattern);
      if (!sdk.has(key)) {
        mismatches.push(`${route.operation}: the SDK has no operation ${key}`);
        continue;
      }
      compared += 1;
      const expected = sdk.get(key);
      const declared =
        route.requestBody && "sdkModel" in route.requestBody ? route.requestBody.sdkModel : undefined;
      if (expected === undefined ? route.requestBody !== NO_REQUEST_BODY : declared !== expected)
        mismatches.push(
          `${route.operation}: declares ${JSON.stringify(route.requestBody)}, the SDK sends ${expected ?? "no body"}`,
        );
    }
    assert.deepEqual(mismatches, []);
    assert.ok(compared >= 15, `compared only ${compared} routes`);
  });
});

describe("SDK model checks of a request body", () => {
  const reprotect = (details: Record<string, unknown>) => ({
    properties: {
      failoverDirection: "RecoveryToPrimary",
      providerSpecificDetails: {
        instanceType: "InMage",
        masterTargetId: "mt",
        processServerId: "ps",
        retentionDrive: "E:",
        profileId: "policy-failback",
        ...details,
      },
    },
  });
  const details = "properties.providerSpecificDetails";

  it("accepts a reprotect body the SDK would send", () => {
    assert.deepEqual(shapeIssues(reprotect({ datastoreName: "vmfs-gold" }), "ReverseReplicationInput"), []);
  });

  // [kind, body, path, problem]
  const cases: [string, unknown, string, string][] = [
    [
      "unknownProperty",
      reprotect({ dataStoreName: "vmfs-gold" }),
      `${details}.dataStoreName`,
      "Could not find member 'dataStoreName' on object of type 'InMageReprotectInput'",
    ],
    [
      "missingProperty",
      reprotect({ masterTargetId: undefined }),
      `${details}.masterTargetId`,
      "Required property 'masterTargetId' not found in JSON",
    ],
    [
      "wrongType",
      reprotect({ retentionDrive: 5 }),
      `${details}.retentionDrive`,
      "Error converting value 5 to type 'String'",
    ],
    [
      "unknownDiscriminator",
      reprotect({ instanceType: "InMageBogus" }),
      `${details}.instanceType`,
      `Error converting value "InMageBogus" to type 'ReverseReplicationProviderSpecificInput': no ReverseReplicationProviderSpecificInput has instanceType 'InMageBogus'`,
    ],
  ];
  for (const [kind, body, property, problem] of cases)
    it(`reports ${kind} at ${property}`, () => {
      assert.deepEqual(shapeIssues(body, "ReverseReplicationInput"), [{ path: property, kind, problem }]);
    });

  it("keeps String properties with known values open: any failoverDirection string passes", () => {
    const body = reprotect({});
    body.properties.failoverDirection = "SomeFutureDirection";
    assert.deepEqual(shapeIssues(body, "ReverseReplicationInput"), []);
  });

  it("reports a value outside a closed Enum", () => {
    const mapper = {
      type: {
        name: "Composite",
        className: "ClosedEnumHolder",
        modelProperties: {
          direction: {
            serializedName: "direction",
            type: { name: "Enum", allowedValues: ["PrimaryToRecovery", "RecoveryToPrimary"] },
          },
        },
      },
    };
    assert.deepEqual(mapperIssues({ direction: "RecoveryToPrimary" }, mapper), []);
    assert.deepEqual(mapperIssues({ direction: "Sideways" }, mapper), [
      {
        path: "direction",
        kind: "notAllowedValue",
        problem: `Error converting value "Sideways": the allowed values are PrimaryToRecovery, RecoveryToPrimary`,
      },
    ]);
  });
});
