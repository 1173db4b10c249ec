import assert from "node:assert/strict";
import path from "node:path";
import { TemporaryStack } from "../support/temporaryStack";

const programDirectory = path.join(__dirname, "..", "fixtures", "echo-program");
// The fixture's provider implementation is resolved by name from NODE_PATH by the
// dynamic-provider process, as the package's own resources are from node_modules.
const fixtureModules = path.join(__dirname, "..", "fixtures", "modules");
const echoType = "pulumi-nodejs:dynamic/fixture:Echo";

/** Largest serialized dynamic provider that a resource may carry in state, in bytes. */
const maxSerializedProviderInBytes = 4 * 1024;

describe("end-to-end harness (real pulumi CLI, local file backend)", function () {
  this.timeout(900_000);
  let stack: TemporaryStack;

  before(async () => {
    stack = await TemporaryStack.create(programDirectory, { env: { NODE_PATH: fixtureModules } });
  });

  after(async () => {
    await stack?.dispose();
  });

  it("previews a create of the stack and the dynamic resource", async () => {
    const preview = await stack.preview();
    const ops = preview.steps.map((step) => `${step.op} ${step.urn.split("::").pop()}`);
    assert.deepEqual(ops.sort(), ["create echo-fixture-test", "create greeting"]);
    assert.equal(preview.changeSummary.create, 2);
    const echo = preview.steps.find((step) => step.newState?.type === echoType);
    assert.equal(echo?.newState?.inputs?.message, "hello");
  });

  it("creates the resource on up and exposes its outputs", async () => {
    const outputs = await stack.up();
    assert.deepEqual(outputs, { message: "hello", length: 5 });
  });

  it("keeps the serialized provider of each resource small", async () => {
    const exported = await stack.export();
    const echo = exported.deployment.resources?.find((resource) => resource.type === echoType);
    const serialized = echo?.inputs?.__provider;
    assert.equal(typeof serialized, "string");
    const bytes = Buffer.byteLength(serialized as string);
    console.log(`      __provider size: ${bytes} bytes per copy (limit ${maxSerializedProviderInBytes})`);
    assert.ok(bytes <= maxSerializedProviderInBytes, `__provider is ${bytes} bytes`);
    assert.match(serialized as string, /require\(moduleName\)/);
  });

  it("previews an in-place update after an input change, and a replacement after a forcing one", async () => {
    await stack.setConfig("message", "good evening");
    const update = await stack.preview();
    const updateStep = update.steps.find((step) => step.urn.endsWith("::greeting"));
    assert.equal(updateStep?.op, "update");
    assert.equal(updateStep?.oldState?.inputs?.message, "hello");
    assert.equal(updateStep?.newState?.inputs?.message, "good evening");

    await stack.setConfig("label", "second");
    const replace = await stack.preview();
    const replaceOps = replace.steps.filter((step) => step.urn.endsWith("::greeting")).map((step) => step.op);
    assert.deepEqual(replaceOps, ["replace"]);
    const replacement = replace.steps.find((step) => step.op === "replace");
    assert.deepEqual(replacement?.replaceReasons, ["label"]);
  });

  it("applies the update and reports a clean refresh", async () => {
    const outputs = await stack.up();
    assert.deepEqual(outputs, { message: "good evening", length: 12 });
    const refresh = await stack.refresh();
    assert.match(refresh.stdout, /Resources:\s+2 unchanged/);
  });

  it("leaves an empty stack after destroy", async () => {
    await stack.destroy();
    const exported = await stack.export();
    assert.deepEqual(exported.deployment.resources ?? [], []);
  });
});
