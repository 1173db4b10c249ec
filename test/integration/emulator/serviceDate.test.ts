/**
 * The emulator dates its answers with its simulated time, and the provider's client takes the
 * service's time from them: heartbeat ages in a rehearsal are those of the simulated world.
 */
import assert from "node:assert/strict";
import type { RunningEmulator } from "asr-emulator";
import { resetServiceClockForTesting, serviceNow } from "../../../provider/client";
import { clientFor, startTestEmulator } from "./support";

describe("the service's time", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    resetServiceClockForTesting();
    emulator = await startTestEmulator();
  });
  afterEach(async () => {
    resetServiceClockForTesting();
    await emulator.close();
  });

  it("is the emulator's simulated time once the client has read from it", async () => {
    const before = serviceNow().getTime();
    await clientFor(emulator).listFabrics();
    const simulated = emulator.clock.nowMs();
    assert.ok(Math.abs(before - simulated) > 24 * 3_600_000, "the scenario's time is not the wall clock's");
    // The Date header has whole seconds.
    assert.ok(
      Math.abs(serviceNow().getTime() - simulated) < 5_000,
      `${serviceNow().toISOString()} vs ${new Date(simulated).toISOString()}`,
    );
  });
});
