// The calendar's date grid in the workspace's zone: Monday-first weeks and months, days that are
// 23 or 25 hours long at the daylight-saving change, moves that keep the wall time.
import { describe, expect, it } from "vitest";
import { atLocal, byDay, dayKey, monthGrid, moveToDate, shiftDate, viewRange, wallTime, weekDays } from "@/lib/calendar";

const BERLIN = "Europe/Berlin";
const hours = (d: { start: Date; end: Date }) => (d.end.getTime() - d.start.getTime()) / 3_600_000;

describe("weeks in Europe/Berlin", () => {
  it("spans the spring change: Monday to Sunday, the Sunday 23 hours long", () => {
    // 2026-03-29 is the last Sunday of March: clocks go from 02:00 to 03:00.
    const days = weekDays("2026-03-26", BERLIN);
    expect(days.map((d) => d.date)).toEqual(["2026-03-23", "2026-03-24", "2026-03-25", "2026-03-26", "2026-03-27", "2026-03-28", "2026-03-29"]);
    expect(days[0].start.toISOString()).toBe("2026-03-22T23:00:00.000Z"); // midnight CET
    expect(days.map(hours)).toEqual([24, 24, 24, 24, 24, 24, 23]);
    expect(days[6].end.toISOString()).toBe("2026-03-29T22:00:00.000Z"); // next midnight CEST
    const next = weekDays(shiftDate("week", "2026-03-26", BERLIN, 1), BERLIN);
    expect(next[0].start.getTime()).toBe(days[6].end.getTime());
  });

  it("spans the autumn change with a 25-hour Sunday", () => {
    const days = weekDays("2026-10-25", BERLIN); // a Sunday, the change itself
    expect(days[0].date).toBe("2026-10-19");
    expect(hours(days[6])).toBe(25);
    const { from, to } = viewRange("week", "2026-10-25", BERLIN);
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(7 * 24 + 1);
  });

  it("keeps 09:00 when a post moves across the change", () => {
    const before = atLocal("2026-03-28", "09:00", BERLIN);
    expect(before.toISOString()).toBe("2026-03-28T08:00:00.000Z");
    const after = moveToDate(before, "2026-03-30", BERLIN);
    expect(after.toISOString()).toBe("2026-03-30T07:00:00.000Z");
    expect(wallTime(after, BERLIN)).toBe("09:00");
  });

  it("files a late-evening UTC instant under the next local day", () => {
    expect(dayKey(new Date("2026-03-28T23:30:00Z"), BERLIN)).toBe("2026-03-29");
    const grouped = byDay([{ at: "2026-03-28T23:30:00Z" }, { at: "2026-03-28T10:00:00Z" }, { at: null }], (x) => x.at, BERLIN);
    expect([...grouped.keys()]).toEqual(["2026-03-29", "2026-03-28"]);
  });
});

describe("month grid", () => {
  it("starts on Monday and covers the month in whole weeks", () => {
    // March 2026 starts on a Sunday: the grid starts Monday 23 February and ends Sunday 5 April.
    const weeks = monthGrid("2026-03-15", BERLIN);
    expect(weeks).toHaveLength(6);
    expect(weeks.every((w) => w.length === 7 && w[0].weekday === 1)).toBe(true);
    expect(weeks[0][0].date).toBe("2026-02-23");
    expect(weeks[0][6]).toMatchObject({ date: "2026-03-01", inMonth: true });
    expect(weeks[0][5]).toMatchObject({ date: "2026-02-28", inMonth: false });
    expect(weeks[5][6]).toMatchObject({ date: "2026-04-05", inMonth: false });
    expect(weeks.flat().filter((d) => d.inMonth)).toHaveLength(31);
  });

  it("needs only four weeks for a February that starts on Monday", () => {
    const weeks = monthGrid("2027-02-10", BERLIN);
    expect(weeks).toHaveLength(4);
    expect(weeks[0][0].date).toBe("2027-02-01");
    expect(weeks[3][6].date).toBe("2027-02-28");
  });

  it("steps a month at a time", () => {
    expect(shiftDate("month", "2026-01-31", BERLIN, 1)).toBe("2026-02-28");
    expect(shiftDate("month", "2026-03-15", BERLIN, -1)).toBe("2026-02-15");
  });
});
