import assert from "node:assert/strict";
import {
  recordServiceDate,
  resetServiceClockForTesting,
  serviceNow,
} from "../../../provider/client/serviceClock";
import { setWaitClockForTesting } from "../../../provider/waits";

describe("serviceNow", () => {
  let localMs = Date.parse("2026-12-03T10:00:00Z");
  beforeEach(() => {
    localMs = Date.parse("2026-12-03T10:00:00Z");
    setWaitClockForTesting({ now: () => localMs, sleep: async () => {} });
    resetServiceClockForTesting();
  });
  afterEach(() => {
    setWaitClockForTesting(undefined);
    resetServiceClockForTesting();
  });

  it("is the local clock before the service has answered", () => {
    assert.equal(serviceNow().toISOString(), "2026-12-03T10:00:00.000Z");
  });

  it("follows the service's Date header, advanced by the local time since it arrived", () => {
    recordServiceDate("Mon, 06 Jan 2025 08:00:00 GMT");
    assert.equal(serviceNow().toISOString(), "2025-01-06T08:00:00.000Z");
    localMs += 90_000;
    assert.equal(serviceNow().toISOString(), "2025-01-06T08:01:30.000Z");
  });

  it("ignores an absent or unreadable Date header", () => {
    recordServiceDate("Mon, 06 Jan 2025 08:00:00 GMT");
    recordServiceDate(undefined);
    recordServiceDate("not a date");
    assert.equal(serviceNow().toISOString(), "2025-01-06T08:00:00.000Z");
  });
});
