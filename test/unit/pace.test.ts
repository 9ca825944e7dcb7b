import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db";
import { LIMIT_SHARE, nextSlot, PACE_FRESH_MS, pacer } from "../../lib/scheduler/pace";

const now = new Date("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("posting limits", () => {
  const limit = { max: 100, windowS: 900 }; // X: 100 per 15 minutes
  const allowed = Math.floor(100 * LIMIT_SHARE);

  it("lets posts through while the account is under its share of the limit", () => {
    expect(nextSlot(Array.from({ length: allowed - 1 }, (_, i) => ago(i)), limit, now)).toBeNull();
  });

  it("waits until the oldest post in the window ages out", () => {
    const recent = Array.from({ length: allowed }, (_, i) => ago(10 + i)); // oldest 10 + allowed - 1 s ago
    expect(nextSlot(recent, limit, now)).toEqual(new Date(ago(10 + allowed - 1).getTime() + 900_000));
  });

  it("needs no wait when the window has already moved on", () => {
    expect(nextSlot(Array.from({ length: allowed }, () => ago(901)), limit, now)).toBeNull();
  });
});

describe("a call's pacer", () => {
  const limit = { max: 10, windowS: 900 }; // 9 allowed
  it("reads an account's recent publishes once a second, and counts its own publishes in between", async () => {
    vi.useFakeTimers({ toFake: ["performance"] });
    try {
      const findMany = vi.fn(async () => Array.from({ length: 7 }, (_, i) => ({ executedAt: ago(60 + i) })));
      const pace = pacer({ agentTask: { findMany } } as unknown as Db);
      expect(await pace.wait("acc", limit, now)).toBeNull(); // 7 of 9
      pace.published("acc", now);
      expect(await pace.wait("acc", limit, now)).toBeNull(); // 8 of 9
      pace.published("acc", now);
      expect(await pace.wait("acc", limit, now)).not.toBeNull(); // 9 of 9: wait
      expect(findMany).toHaveBeenCalledTimes(1);
      expect(await pace.wait("other", limit, now)).toBeNull();
      expect(findMany).toHaveBeenCalledTimes(2);
      vi.advanceTimersByTime(PACE_FRESH_MS + 1);
      expect(await pace.wait("acc", limit, now)).toBeNull(); // read again: the database says 7
      expect(findMany).toHaveBeenCalledTimes(3);
      expect(await pace.wait("acc", undefined, now)).toBeNull(); // no limit, no read
      expect(findMany).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
