// Best time to post, the pure parts: the typical-times prior, per-account normalisation, shrinkage
// towards the prior, smoothing, scoreAt and nextBestTimes across DST changes, and the queue's
// ranking of free posting slots.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  type BestTimes,
  estimateBestTimes,
  MIN_SAMPLE,
  nextBestTimes,
  priorGrid,
  relativeByAccount,
  type Sample,
  scoreAt,
  smoothGrid,
} from "../../lib/ai/best-time";
import { bestFreeSlot } from "../../lib/scheduler/slots";

const BERLIN = "Europe/Berlin";
const NY = "America/New_York";
const at = (iso: string, zone = BERLIN) => DateTime.fromISO(iso, { zone }).toJSDate();
const local = (d: Date, zone = BERLIN) => DateTime.fromJSDate(d, { zone }).toFormat("ccc yyyy-MM-dd HH:mm ZZ");

/** A result whose grid is 0 except at the given slots. */
function bt(timeZone: string, peaks: { weekday: number; hour: number; score: number }[]): BestTimes {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const p of peaks) grid[p.weekday - 1][p.hour] = p.score;
  return { timeZone, source: "history", sampleSize: 99, grid, top: [] };
}

/** `n` weekly posts of one account at a local weekday/hour, starting the week of 2026-09-07, with scores from `score(i)`. */
function weekly(accountId: string, weekday: number, hour: number, n: number, score: (i: number) => number, zone = BERLIN): Sample[] {
  const monday = DateTime.fromISO("2026-09-07T00:00", { zone });
  return Array.from({ length: n }, (_, i) => ({
    accountId,
    publishedAt: monday.plus({ weeks: i, days: weekday - 1 }).set({ hour, minute: 5 }).toJSDate(),
    score: score(i),
  }));
}

const best = (r: BestTimes) => `${r.top[0].weekday} ${r.top[0].hour}`;

describe("the typical-times prior", () => {
  it("is low at night, high late morning, at lunch and early evening, weekdays above weekends", () => {
    const g = priorGrid();
    expect(Math.max(...g.flat())).toBeCloseTo(1, 10);
    for (let wd = 0; wd < 7; wd++) {
      for (let h = 0; h <= 5; h++) expect(g[wd][h]).toBeLessThan(0.15);
      expect(g[wd][12]).toBeGreaterThan(g[wd][15]); // lunch above the afternoon dip
      expect(g[wd][18]).toBeGreaterThan(g[wd][15]); // early evening too
      expect(g[wd][11]).toBeGreaterThan(g[wd][7]);
      expect(g[wd][3]).toBeLessThan(g[wd][10] / 5);
    }
    expect(g[1][12]).toBeGreaterThan(g[5][12]); // Tuesday over Saturday
    expect(g[2][12]).toBeGreaterThan(g[6][12]); // Wednesday over Sunday
  });

  it("differs where a platform's audience does: LinkedIn weekends drop, Instagram evenings rise", () => {
    const generic = priorGrid();
    const linkedin = priorGrid("linkedin");
    const instagram = priorGrid("instagram");
    expect(linkedin[5][12] / linkedin[1][12]).toBeLessThan(generic[5][12] / generic[1][12]);
    expect(instagram[2][19] / instagram[2][12]).toBeGreaterThan(generic[2][19] / generic[2][12]);
  });

  it("is the answer without history: source defaults, a daytime weekday on top", () => {
    const r = estimateBestTimes([], BERLIN, priorGrid());
    expect(r.source).toBe("defaults");
    expect(r.sampleSize).toBe(0);
    expect(r.grid).toEqual(priorGrid());
    expect(r.top).toHaveLength(5);
    expect(r.top[0].weekday).toBeLessThanOrEqual(5);
    expect(r.top[0].hour).toBeGreaterThanOrEqual(9);
    expect(r.top[0].hour).toBeLessThanOrEqual(19);
    expect(r.top.every((s) => s.posts === 0)).toBe(true);
    // Best first.
    for (let i = 1; i < r.top.length; i++) expect(r.top[i].score).toBeLessThanOrEqual(r.top[i - 1].score);
  });

  it("stays the answer below the minimum sample, even when the few posts point elsewhere", () => {
    const few = weekly("a", 7, 2, MIN_SAMPLE - 1, (i) => 100 + i);
    const r = estimateBestTimes(few, BERLIN, priorGrid());
    expect(r.source).toBe("defaults");
    expect(r.sampleSize).toBe(MIN_SAMPLE - 1);
    expect(r.top[0].hour).not.toBe(2);
    const enough = estimateBestTimes(weekly("a", 7, 2, MIN_SAMPLE, (i) => 100 + i), BERLIN, priorGrid());
    expect(enough.source).toBe("history");
  });
});

describe("per-account normalisation", () => {
  it("gives each account values that average 1; ties share their rank", () => {
    const samples: Sample[] = [
      { accountId: "big", publishedAt: new Date(), score: 5000 },
      { accountId: "big", publishedAt: new Date(), score: 1000 },
      { accountId: "big", publishedAt: new Date(), score: 3000 },
      { accountId: "small", publishedAt: new Date(), score: 2 },
      { accountId: "small", publishedAt: new Date(), score: 2 },
    ];
    const rel = relativeByAccount(samples);
    expect(rel.slice(0, 3).reduce((a, b) => a + b, 0) / 3).toBeCloseTo(1, 10);
    expect(rel[0]).toBeGreaterThan(rel[2]);
    expect(rel[2]).toBeGreaterThan(rel[1]);
    expect(rel.slice(3)).toEqual([1, 1]);
  });

  it("keeps a big account from dominating a workspace-wide view", () => {
    // The big account's weaker slot (Mon 10) still has far more likes than the small account's best (Thu 15).
    const samples = [
      ...weekly("big", 1, 10, 6, (i) => 1000 + i),
      ...weekly("big", 3, 10, 6, (i) => 1500 + i),
      ...weekly("small", 4, 15, 6, (i) => 20 + i),
      ...weekly("small", 5, 15, 6, (i) => 5 + i),
    ];
    const r = estimateBestTimes(samples, BERLIN, priorGrid());
    expect(r.source).toBe("history");
    expect(r.grid[3][15]).toBeGreaterThan(r.grid[0][10]); // Thu 15 over Mon 10
    expect(r.grid[2][10]).toBeGreaterThan(r.grid[0][10]); // Wed 10 over Mon 10
  });
});

describe("shrinkage towards the prior", () => {
  // Ordinary posts spread over the week, so the account has an average to compare with.
  const background = (accountId: string) =>
    [
      [1, 9],
      [1, 17],
      [2, 14],
      [3, 9],
      [3, 18],
      [4, 11],
      [5, 16],
    ].flatMap(([wd, h]) => weekly(accountId, wd, h, 3, (i) => 10 + ((wd * 7 + h + i) % 5)));

  it("does not let one lucky post win", () => {
    const samples = [
      ...background("a"),
      // One viral post in the middle of Saturday night …
      ...weekly("a", 6, 3, 1, () => 10_000),
      // … against a slot that does well again and again.
      ...weekly("a", 2, 10, 6, (i) => 30 + i),
    ];
    const r = estimateBestTimes(samples, BERLIN, priorGrid());
    expect(best(r)).toBe("2 10");
    expect(r.top[0].posts).toBe(6);
    expect(r.grid[5][3]).toBeLessThan(r.grid[1][10]);
  });

  it("lets a consistently strong slot beat the prior's favourite", () => {
    const samples = [...background("a"), ...weekly("a", 4, 8, 5, (i) => 40 + i)];
    const r = estimateBestTimes(samples, BERLIN, priorGrid());
    expect(best(r)).toBe("4 8");
    const prior = estimateBestTimes([], BERLIN, priorGrid());
    expect(best(prior)).not.toBe("4 8");
  });

  it("needs more evidence with a heavier prior", () => {
    const samples = [...background("a"), ...weekly("a", 7, 7, 2, () => 40)];
    expect(best(estimateBestTimes(samples, BERLIN, priorGrid(), { priorWeight: 0.2 }))).toBe("7 7");
    expect(best(estimateBestTimes(samples, BERLIN, priorGrid(), { priorWeight: 8 }))).not.toBe("7 7");
  });
});

describe("smoothing", () => {
  it("spreads a peak to neighbouring hours, wraps the week and keeps the total", () => {
    const g = bt("UTC", [{ weekday: 7, hour: 23, score: 1 }]).grid;
    const s = smoothGrid(g, 0.15);
    expect(s[6][23]).toBeCloseTo(0.7, 10);
    expect(s[6][22]).toBeCloseTo(0.15, 10);
    expect(s[0][0]).toBeCloseTo(0.15, 10); // Monday 00:00 is next to Sunday 23:00
    expect(s.flat().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe("scoreAt", () => {
  it("reads the grid at the instant's local weekday and hour, in summer and winter time", () => {
    const r = bt(BERLIN, [
      { weekday: 6, hour: 9, score: 5 },
      { weekday: 1, hour: 9, score: 7 },
    ]);
    expect(scoreAt(r, new Date("2026-10-24T07:00:00Z"))).toBe(5); // Sat 09:00 CEST
    expect(scoreAt(r, new Date("2026-10-26T08:00:00Z"))).toBe(7); // Mon 09:00 CET
    expect(scoreAt(r, new Date("2026-10-26T07:00:00Z"))).toBe(0); // Mon 08:00 CET
    // The same instant is another local hour in another zone.
    expect(scoreAt({ ...r, timeZone: "UTC" }, new Date("2026-10-24T09:00:00Z"))).toBe(5);
  });
});

describe("nextBestTimes", () => {
  it("keeps 09:00 local across the Europe/Berlin change on 2026-10-25", () => {
    const r = bt(BERLIN, [
      { weekday: 1, hour: 9, score: 3 },
      { weekday: 7, hour: 9, score: 2 },
      { weekday: 6, hour: 9, score: 1 },
    ]);
    const next = nextBestTimes(r, at("2026-10-23T12:00"), 3);
    expect(next.map((d) => local(d))).toEqual([
      "Sat 2026-10-24 09:00 +02:00",
      "Sun 2026-10-25 09:00 +01:00",
      "Mon 2026-10-26 09:00 +01:00",
    ]);
    expect(next.map((d) => d.toISOString())).toEqual(["2026-10-24T07:00:00.000Z", "2026-10-25T08:00:00.000Z", "2026-10-26T08:00:00.000Z"]);
  });

  it("keeps 09:00 local across the US change on 2026-11-01", () => {
    const r = bt(NY, [
      { weekday: 6, hour: 9, score: 2 },
      { weekday: 7, hour: 9, score: 3 },
    ]);
    const next = nextBestTimes(r, at("2026-10-30T12:00", NY), 2);
    expect(next.map((d) => d.toISOString())).toEqual(["2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z"]);
    expect(next.map((d) => local(d, NY))).toEqual(["Sat 2026-10-31 09:00 -04:00", "Sun 2026-11-01 09:00 -05:00"]);
  });

  it("takes the best slots, not the soonest, and returns them in time order after now", () => {
    const r = bt(BERLIN, [
      { weekday: 3, hour: 12, score: 9 },
      { weekday: 1, hour: 18, score: 8 },
      { weekday: 5, hour: 10, score: 1 },
    ]);
    // Wednesday 2026-11-25 13:00: today's 12:00 is past, so next week's.
    const next = nextBestTimes(r, at("2026-11-25T13:00"), 2);
    expect(next.map((d) => local(d))).toEqual(["Mon 2026-11-30 18:00 +01:00", "Wed 2026-12-02 12:00 +01:00"]);
    // Exactly now is not "after now".
    expect(nextBestTimes(r, at("2026-12-02T12:00"), 1).map((d) => local(d))).toEqual(["Wed 2026-12-09 12:00 +01:00"]);
    expect(nextBestTimes(r, at("2026-11-25T13:00"), 0)).toEqual([]);
  });

  it("moves a slot the spring-forward night skips to the next week, and repeats weekly past 168", () => {
    const r = bt(BERLIN, [{ weekday: 7, hour: 2, score: 5 }]);
    // 2026-03-29 has no 02:00 in Berlin.
    expect(nextBestTimes(r, at("2026-03-27T12:00"), 1).map((d) => local(d))).toEqual(["Sun 2026-04-05 02:00 +02:00"]);
    const many = nextBestTimes(r, at("2026-04-06T12:00"), 169);
    expect(many).toHaveLength(169);
    const sundays = many.filter((d) => local(d).startsWith("Sun") && local(d).includes(" 02:00"));
    expect(sundays.map((d) => local(d))).toEqual(["Sun 2026-04-12 02:00 +02:00", "Sun 2026-04-19 02:00 +02:00"]);
    for (const d of many) expect(DateTime.fromJSDate(d, { zone: BERLIN }).minute).toBe(0);
  });

  it("works on a real estimate: the best slot learned from history comes first among the top", () => {
    const samples = weekly("a", 2, 9, 12, (i) => 50 + i).concat(weekly("a", 4, 15, 12, (i) => 5 + i));
    const r = estimateBestTimes(samples, BERLIN, priorGrid());
    const [first] = nextBestTimes({ ...r, grid: r.grid }, at("2026-10-20T10:00"), 1);
    expect(local(first)).toBe("Tue 2026-10-27 09:00 +01:00");
  });
});

describe("bestFreeSlot", () => {
  const slots = [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, time: "09:00" },
    { weekday, time: "18:30" },
  ]);
  const score = (r: BestTimes) => (d: Date) => scoreAt(r, d);

  it("picks the free slot of the next 7 days with the highest score", () => {
    const r = bt(BERLIN, [
      { weekday: 4, hour: 18, score: 5 },
      { weekday: 2, hour: 9, score: 3 },
    ]);
    const now = at("2026-11-23T10:00"); // Monday
    expect(local(bestFreeSlot(slots, BERLIN, [], now, score(r))!)).toBe("Thu 2026-11-26 18:30 +01:00");
    // Taken → the next best.
    expect(local(bestFreeSlot(slots, BERLIN, [at("2026-11-26T18:30")], now, score(r))!)).toBe("Tue 2026-11-24 09:00 +01:00");
  });

  it("breaks ties by the earliest slot and ignores slots beyond the horizon", () => {
    const flat = bt(BERLIN, []);
    const now = at("2026-11-23T10:00");
    expect(local(bestFreeSlot(slots, BERLIN, [], now, score(flat))!)).toBe("Mon 2026-11-23 18:30 +01:00");
    // Next Tuesday 09:00 is 8 days away: outside a 7-day horizon, so the earliest (tie) wins.
    const r = bt(BERLIN, [{ weekday: 2, hour: 9, score: 5 }]);
    expect(local(bestFreeSlot(slots, BERLIN, [at("2026-11-24T09:00")], now, score(r))!)).toBe("Mon 2026-11-23 18:30 +01:00");
    expect(bestFreeSlot(slots, BERLIN, [], now, score(r), 0)).toBeNull();
    expect(bestFreeSlot([], BERLIN, [], now, score(r))).toBeNull();
  });

  it("reads local hours across the autumn change", () => {
    const r = bt(BERLIN, [{ weekday: 1, hour: 9, score: 2 }, { weekday: 5, hour: 9, score: 1 }]);
    const got = bestFreeSlot(slots, BERLIN, [], at("2026-10-22T12:00"), score(r));
    expect(got!.toISOString()).toBe("2026-10-26T08:00:00.000Z"); // Mon 09:00 CET
  });
});
