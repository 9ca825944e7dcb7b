// How many calls a call starts to share its backlog (lib/scheduler/fan-out.ts).
import { describe, expect, it } from "vitest";
import { FANOUT_CATCH_UP_MS, moreCalls } from "../../lib/scheduler/fan-out";

// 50 tasks a second: 50 finished in the first second.
const pace = { finished: 50, elapsedMs: 1_000, started: 0, max: 4, windowMs: 290_000 };

describe("fan-out", () => {
  it("starts none while this call clears the backlog within the catch-up time", () => {
    expect(moreCalls({ ...pace, backlog: (50 * FANOUT_CATCH_UP_MS) / 1000 })).toBe(0);
  });

  it("starts as many as would clear it in time, counting the ones already started", () => {
    expect(moreCalls({ ...pace, backlog: 1_500 })).toBe(2); // 3 calls × 500 per 10 s
    expect(moreCalls({ ...pace, backlog: 1_500, started: 1 })).toBe(1);
    expect(moreCalls({ ...pace, backlog: 1_500, started: 2 })).toBe(0);
  });

  it("never starts more than the maximum in all", () => {
    expect(moreCalls({ ...pace, backlog: 100_000 })).toBe(4);
    expect(moreCalls({ ...pace, backlog: 100_000, started: 3 })).toBe(1);
    expect(moreCalls({ ...pace, backlog: 100_000, started: 4 })).toBe(0);
  });

  it("uses the claim window when it is shorter than the catch-up time, and needs a pace first", () => {
    expect(moreCalls({ ...pace, backlog: 200, windowMs: 2_000 })).toBe(1); // 100 per 2 s per call
    expect(moreCalls({ ...pace, backlog: 100_000, finished: 0 })).toBe(0);
  });
});
