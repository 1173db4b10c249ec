import assert from "node:assert/strict";
import path from "node:path";
import * as sinon from "sinon";
import { lazyProvider } from "../../../provider/dynamic/lazyProvider";

// A module resolvable by path stands in for a package found in the project's node_modules.
const fixtureModule = path.join(__dirname, "..", "..", "fixtures", "modules", "echo-fixture-provider");

describe("lazyProvider", () => {
  afterEach(() => sinon.restore());

  it("delegates each call to the implementation it loads by module name", async () => {
    const implementation = require(fixtureModule).resourceProviders.Echo;
    const create = sinon.spy(implementation, "create");
    const provider = lazyProvider(fixtureModule, "Echo");

    const result = await provider.create({ message: "hi", label: "a" });

    assert.equal(create.callCount, 1);
    assert.deepEqual(result, { id: "echo-a", outs: { message: "hi", label: "a", length: 2 } });
  });

  it("passes check failures through unchanged", async () => {
    const provider = lazyProvider(fixtureModule, "Echo");
    const result = await provider.check!({}, { message: "", label: "a" });
    assert.deepEqual(result.failures, [
      { property: "message", reason: "message must be a non-empty string" },
    ]);
  });

  it("refuses with an internal error when the module has no such kind", async () => {
    const provider = lazyProvider(fixtureModule, "Missing");
    await assert.rejects(provider.create({}), /internal error: .* has no resource provider named Missing/);
  });

  it("fails clearly when the module cannot be resolved", async () => {
    const provider = lazyProvider("no-such-package-for-asr-failback", "Echo");
    await assert.rejects(provider.create({}), /Cannot find module 'no-such-package-for-asr-failback'/);
  });
});
