/**
 * VC-05 (failback only to the original vCenter) detected live: the emulator reports a vCenter
 * added after failover under its health code, and a MasterTarget `check` refuses it.
 */
import assert from "node:assert/strict";
import { masterTargetProvider } from "../../../provider/resources/masterTarget";
import { healthyMasterTargetInputs, type ProviderFixture, startProviderFixture } from "./support";

describe("MasterTarget check against the emulator (VC-05)", () => {
  let fixture: ProviderFixture;
  beforeEach(async () => {
    fixture = await startProviderFixture();
  });
  afterEach(async () => {
    await fixture.close();
  });

  async function reasons(): Promise<string[]> {
    const result = await masterTargetProvider.check!({}, healthyMasterTargetInputs());
    return (result.failures ?? []).map((failure) => failure.reason);
  }

  it("accepts the original vCenter", async () => {
    const found = await reasons();
    assert.deepEqual(
      found.filter((reason) => reason.startsWith("VC-05:")),
      [],
    );
  });

  it("refuses a failback when the master target's vCenter was added after failover", async () => {
    fixture.emulator.store.patchScenario("vCenters[0].addedAfterFailover", true);
    const found = await reasons();
    const vc05 = found.filter((reason) => reason.startsWith("VC-05:"));
    assert.equal(vc05.length, 1, `expected one VC-05 failure among:\n${found.join("\n") || "(none)"}`);
    assert.match(vc05[0]!, /vcenter vcenter01/);
    assert.match(vc05[0]!, /fail back to the original vCenter/);
  });
});
