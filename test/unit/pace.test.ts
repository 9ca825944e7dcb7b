import { describe, expect, it, vi } from "vitest";
import type { Db } from "../../lib/db";
import { limitFor, LIMIT_SHARE, nextSlot, PACE_FRESH_MS, pacer } from "../../lib/scheduler/pace";
import { specFor } from "../../lib/social/registry";

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

describe("replies paced apart from posts", () => {
  it("Threads paces replies by its reply limit (1,000 / 24 h) and posts by its post limit (250 / 24 h); elsewhere replies take the posting limit", () => {
    expect(limitFor(specFor("threads"), "post")).toEqual({ max: 250, windowS: 86400 });
    expect(limitFor(specFor("threads"), "reply")).toEqual({ max: 1000, windowS: 86400 });
    expect(limitFor(specFor("bluesky"), "reply")).toEqual(specFor("bluesky").postingLimit);
    expect(limitFor(specFor("tiktok"), "reply")).toBeUndefined();
  });

  it("counts completed reply tasks for replies and social_post tasks for posts, each on its own", async () => {
    const now = new Date("2026-11-22T12:00:00Z");
    const threads = specFor("threads");
    // 240 posts and 240 replies in the last hour: posts are at their share (225 of 250), replies far from it (900 of 1,000).
    const findMany = vi.fn(async ({ where }: { where: { type: string } }) =>
      Array.from({ length: 240 }, (_, i) => ({ executedAt: new Date(now.getTime() - (60 + i) * 1000), type: where.type })),
    );
    const pace = pacer({ agentTask: { findMany } } as unknown as Db);
    expect(await pace.wait("acc", limitFor(threads, "post"), now)).not.toBeNull();
    expect(await pace.wait("acc", limitFor(threads, "reply"), now, "reply")).toBeNull();
    expect(findMany.mock.calls.map(([q]) => q.where.type)).toEqual(["social_post", "reply"]);
  });
});
