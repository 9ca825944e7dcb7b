// When the weekly digest is due (docs/decisions.md, "Notifications"): the first Monday 08:00 in the
// workspace's zone after `now`, across daylight-saving changes, and its ISO-week key there.
import { describe, expect, it } from "vitest";
import { digestKey, digestText, nextDigestAt } from "../../lib/tasks/digest";

describe("nextDigestAt", () => {
  it.each([
    ["a Wednesday in Berlin", "2026-12-09T10:00:00Z", "Europe/Berlin", "2026-12-14T07:00:00.000Z"],
    ["Monday 07:59 local: today", "2026-12-14T06:59:00Z", "Europe/Berlin", "2026-12-14T07:00:00.000Z"],
    ["Monday 08:00 local: next week", "2026-12-14T07:00:00Z", "Europe/Berlin", "2026-12-21T07:00:00.000Z"],
    ["the Sunday summer time starts", "2027-03-28T12:00:00Z", "Europe/Berlin", "2027-03-29T06:00:00.000Z"],
    ["Sunday evening in Tokyo is Monday there", "2026-12-13T23:30:00Z", "Asia/Tokyo", "2026-12-20T23:00:00.000Z"],
    ["New York, before its Monday", "2026-12-14T12:00:00Z", "America/New_York", "2026-12-14T13:00:00.000Z"],
  ])("%s", (_, now, zone, due) => {
    expect(nextDigestAt(new Date(now), zone).toISOString()).toBe(due);
  });
});

describe("digestKey", () => {
  it("is the ISO week in the workspace's zone", () => {
    expect(digestKey(new Date("2026-12-14T07:00:00Z"), "Europe/Berlin")).toBe("digest-2026-W51");
    expect(digestKey(new Date("2026-12-28T07:00:00Z"), "Europe/Berlin")).toBe("digest-2026-W53");
    expect(digestKey(new Date("2027-01-04T07:00:00Z"), "Europe/Berlin")).toBe("digest-2027-W01");
    // Monday 29 Dec 2025 opens ISO week 1 of 2026.
    expect(digestKey(new Date("2025-12-29T07:00:00Z"), "Europe/Berlin")).toBe("digest-2026-W01");
    // Sunday 23:30 UTC is already Monday in Tokyo.
    expect(digestKey(new Date("2027-01-03T23:30:00Z"), "Asia/Tokyo")).toBe("digest-2027-W01");
  });
});

describe("digestText", () => {
  it("says a quiet week plainly", () => {
    expect(digestText({ published: 0, failed: 0, top: null })).toEqual({ title: "Your week in Herald: 0 posts published", body: "Published: 0 posts.\nFailed: none." });
    expect(digestText({ published: 1, failed: 0, top: null }).title).toBe("Your week in Herald: 1 post published");
  });
});
