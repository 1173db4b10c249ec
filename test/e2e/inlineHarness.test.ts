import assert from "node:assert/strict";
import path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { lazyProvider } from "../../provider/dynamic/lazyProvider";
import { InlineStack } from "../support/inlineStack";

const fixtureModule = path.join(__dirname, "..", "fixtures", "modules", "echo-fixture-provider");

class Echo extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, message: string) {
    super(
      lazyProvider(fixtureModule, "Echo"),
      name,
      { message, label: name, length: undefined },
      {},
      "fixture",
      "Echo",
    );
  }
}

describe("end-to-end harness with an inline program (Automation API, real pulumi CLI)", function () {
  this.timeout(900_000);
  let inline: InlineStack;

  before(async () => {
    inline = await InlineStack.create("echo-inline", async () => {
      const echo = new Echo("inline-greeting", "from inline");
      return { length: echo.length };
    });
  });

  after(async () => {
    await inline?.dispose();
  });

  it("previews, updates and destroys through the CLI", async () => {
    const preview = await inline.stack.preview();
    assert.equal(preview.changeSummary.create, 2);

    const up = await inline.stack.up();
    assert.equal(up.outputs.length.value, "from inline".length);
    assert.equal(up.summary.resourceChanges?.create, 2);

    const destroy = await inline.stack.destroy();
    assert.equal(destroy.summary.resourceChanges?.delete, 2);
  });
});
