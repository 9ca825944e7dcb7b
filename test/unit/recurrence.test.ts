import { describe, expect, it } from "vitest";
import { makeRecurrence, nextOccurrence, occurrences, RecurrenceInput } from "../../lib/scheduler/recurrence";

const iso = (d: Date[]) => d.map((x) => x.toISOString());

describe("recurrence in the workspace's time zone", () => {
  it("keeps 09:00 Europe/Berlin at 09:00 across the spring daylight-saving change", () => {
    const r = makeRecurrence(RecurrenceInput.parse({ freq: "daily" }), new Date("2026-03-27T08:00:00Z"), "Europe/Berlin");
    expect(r.anchorLocal).toBe("2026-03-27T09:00:00");
    expect(iso(occurrences(r, 4))).toEqual([
      "2026-03-27T08:00:00.000Z", // CET, UTC+1
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z", // CEST from 29 March, UTC+2
      "2026-03-30T07:00:00.000Z",
    ]);
  });

  it("keeps 09:00 America/New_York across the autumn change", () => {
    const r = makeRecurrence(RecurrenceInput.parse({ freq: "weekly" }), new Date("2026-10-26T13:00:00Z"), "America/New_York");
    expect(iso(occurrences(r, 2))).toEqual(["2026-10-26T13:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
  });

  it("does custom intervals with weekdays and stops after a count", () => {
    const r = makeRecurrence(
      RecurrenceInput.parse({ freq: "weekly", interval: 2, byWeekday: ["MO", "WE"], count: 3 }),
      new Date("2026-10-19T07:00:00Z"), // Monday 09:00 Berlin
      "Europe/Berlin",
    );
    expect(iso(occurrences(r, 10))).toEqual(["2026-10-19T07:00:00.000Z", "2026-10-21T07:00:00.000Z", "2026-11-02T08:00:00.000Z"]);
    expect(nextOccurrence(r, 2, new Date("2026-10-01T00:00:00Z"))).toBeNull();
  });

  it("stops at an end date, inclusive of that local day", () => {
    const r = makeRecurrence(RecurrenceInput.parse({ freq: "daily", until: "2026-06-03" }), new Date("2026-06-01T16:00:00Z"), "Europe/London");
    expect(occurrences(r, 10)).toHaveLength(3);
  });

  it("handles months without the anchor's day by skipping them, as RFC 5545 says", () => {
    const r = makeRecurrence(RecurrenceInput.parse({ freq: "monthly" }), new Date("2026-01-31T10:00:00Z"), "UTC");
    expect(iso(occurrences(r, 3))).toEqual(["2026-01-31T10:00:00.000Z", "2026-03-31T10:00:00.000Z", "2026-05-31T10:00:00.000Z"]);
  });

  it("computes the next occurrence from the schedule, not from now, and skips missed ones instead of bursting", () => {
    const r = makeRecurrence(RecurrenceInput.parse({ freq: "daily" }), new Date("2026-05-01T07:00:00Z"), "Europe/Berlin");
    // Claimed a few minutes late: the next is still tomorrow at 09:00 local.
    expect(nextOccurrence(r, 0, new Date("2026-05-01T07:04:00Z"))).toEqual({ at: new Date("2026-05-02T07:00:00Z"), index: 1 });
    // After a three-day outage, the missed days are not posted in a burst.
    expect(nextOccurrence(r, 0, new Date("2026-05-04T12:00:00Z"))).toEqual({ at: new Date("2026-05-05T07:00:00Z"), index: 4 });
  });

  it("rejects an end date together with a count, and unknown frequencies", () => {
    expect(RecurrenceInput.safeParse({ freq: "daily", count: 3, until: "2026-01-01" }).success).toBe(false);
    expect(RecurrenceInput.safeParse({ freq: "hourly" }).success).toBe(false);
    expect(RecurrenceInput.safeParse({ freq: "monthly", byMonthDay: [0] }).success).toBe(false);
  });
});
