import { describe, expect, it } from "vitest";
import { LIMIT_SHARE, nextSlot } from "../../lib/scheduler/pace";

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
