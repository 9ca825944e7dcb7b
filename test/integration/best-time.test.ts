// Best time to post on synthetic engagement histories seeded in PostgreSQL: a known best slot is
// found (through noise and across the Europe/Berlin DST week), defaults before any history,
// accounts kept apart, other workspaces' history never used, the latest snapshot per target, and
// the route and the queue's strategy=best on top.
import { randomUUID } from "node:crypto";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import * as bestTimesRoute from "../../app/api/agent/best-times/route";
import * as nextSlot from "../../app/api/workspace/next-slot/route";
import * as active from "../../app/api/workspaces/active/route";
import { bestTimes, MIN_SAMPLE } from "../../lib/ai/best-time";
import { db } from "../../lib/db";
import type { Platform } from "../../lib/generated/prisma/enums";
import { nextSlotFor } from "../../lib/workspace-settings";
import { browserReq, signUp } from "../support/auth";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

const BERLIN = "Europe/Berlin";

interface Item {
  at: Date;
  likes: number;
  reposts?: number;
  replies?: number;
  /** Extra, older snapshots (collected right after publishing) with these likes. */
  earlierLikes?: number;
  simulated?: boolean;
}

/** Published posts with one target each and their snapshots, inserted directly. */
async function seed(workspaceId: string, accountId: string, platform: Platform, items: Item[]) {
  const posts = items.map((it) => ({ id: randomUUID(), workspaceId, text: "Seeded", status: "published" as const, scheduledAt: it.at }));
  const targets = items.map((it, i) => ({ id: randomUUID(), workspaceId, postId: posts[i].id, accountId, platform, status: "published" as const, publishedAt: it.at }));
  const snapshots = items.flatMap((it, i) => [
    ...(it.earlierLikes !== undefined
      ? [{ workspaceId, postTargetId: targets[i].id, likes: it.earlierLikes, reposts: 0, replies: 0, simulated: it.simulated ?? true, collectedAt: new Date(it.at.getTime() + 3_600_000) }]
      : []),
    {
      workspaceId,
      postTargetId: targets[i].id,
      likes: it.likes,
      reposts: it.reposts ?? 0,
      replies: it.replies ?? 0,
      simulated: it.simulated ?? true,
      collectedAt: new Date(it.at.getTime() + 86_400_000),
    },
  ]);
  await db().post.createMany({ data: posts });
  await db().postTarget.createMany({ data: targets });
  await db().engagementSnapshot.createMany({ data: snapshots });
}

/** Deterministic noise in [0, 1). */
function noise(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Local wall time in a zone → instant. */
const local = (iso: string, zone = BERLIN) => DateTime.fromISO(iso, { zone }).toJSDate();

/**
 * Weekly posts for `weeks` weeks before `now` at each local weekday/hour in `slots`, with likes
 * base + noise, `best` getting `boost` times more.
 */
function history(now: Date, weeks: number, slots: [number, number][], best: [number, number], rnd: () => number, opts: { base?: number; boost?: number; zone?: string } = {}): Item[] {
  const zone = opts.zone ?? BERLIN;
  const base = opts.base ?? 20;
  const boost = opts.boost ?? 3;
  const start = DateTime.fromJSDate(now, { zone }).startOf("week");
  const items: Item[] = [];
  for (let w = 1; w <= weeks; w++) {
    for (const [weekday, hour] of slots) {
      const at = start.minus({ weeks: w }).plus({ days: weekday - 1 }).set({ hour, minute: Math.floor(rnd() * 50) });
      const isBest = weekday === best[0] && hour === best[1];
      const likes = Math.round((isBest ? base * boost : base) * (0.6 + 0.8 * rnd()));
      items.push({ at: at.toJSDate(), likes, reposts: Math.floor(likes * rnd() * 0.2), replies: Math.floor(likes * rnd() * 0.1) });
    }
  }
  return items;
}

const SLOTS: [number, number][] = [
  [1, 10],
  [2, 9],
  [2, 15],
  [3, 12],
  [4, 18],
  [5, 11],
  [6, 10],
];

describe("best times from engagement history", () => {
  it("finds the known best weekday/hour through noise, using the latest snapshot per target", async () => {
    const { workspace } = await workspaceWithKey("Noisy Bakery", BERLIN);
    const a = await simulatedAccount(workspace.id, "bluesky");
    const now = new Date("2026-12-01T12:00:00Z");
    const items = history(now, 10, SLOTS, [2, 9], noise(1));
    // Wed 12:00 posts once looked huge; their latest numbers are ordinary. Only the latest counts.
    for (const it of items) if (DateTime.fromJSDate(it.at, { zone: BERLIN }).weekday === 3) it.earlierLikes = 5_000;
    await seed(workspace.id, a.id, "bluesky", items);

    const bt = await bestTimes(db(), workspace.id, { accountId: a.id, now });
    expect(bt.timeZone).toBe(BERLIN);
    expect(bt.source).toBe("history");
    expect(bt.sampleSize).toBe(items.length);
    expect(bt.top[0]).toMatchObject({ weekday: 2, hour: 9, posts: 10 });
    expect(bt.grid).toHaveLength(7);
    expect(bt.grid.every((row) => row.length === 24)).toBe(true);
    expect(bt.grid[1][9]).toBeGreaterThan(bt.grid[2][12]);

    // Posts outside the lookback window are not used.
    const short = await bestTimes(db(), workspace.id, { accountId: a.id, now, lookbackDays: 14 });
    // From Tue 2026-11-17 13:00 Berlin: last week's 7 posts and 5 of the week before.
    expect(short.sampleSize).toBe(12);
    // A snapshot collected after `now` is not known yet.
    const first = Math.min(...items.map((it) => it.at.getTime()));
    const early = await bestTimes(db(), workspace.id, { accountId: a.id, now: new Date(first + 1000) });
    expect(early.sampleSize).toBe(0);
  });

  it("puts 09:00 local before and after the Europe/Berlin DST change (2026-10-25) in the same bucket", async () => {
    const { workspace } = await workspaceWithKey("DST Bakery", BERLIN);
    const a = await simulatedAccount(workspace.id, "mastodon");
    const rnd = noise(7);
    const items: Item[] = [];
    // Every day from Mon 2026-10-12 to Sun 2026-11-01 at 09:00 (best on Sundays and Mondays),
    // 14:00 and 19:00 local: CEST (+02:00) until Sat 24th, CET (+01:00) from Sun 25th on.
    for (let d = 0; d < 21; d++) {
      const day = DateTime.fromISO("2026-10-12", { zone: BERLIN }).plus({ days: d });
      for (const hour of [9, 14, 19]) {
        const best = hour === 9 && (day.weekday === 7 || day.weekday === 1);
        const likes = Math.round((best ? 90 : 20) * (0.7 + 0.6 * rnd()));
        items.push({ at: day.set({ hour }).toJSDate(), likes, replies: Math.floor(likes * 0.1) });
      }
    }
    // One more Monday 09:00 after the change.
    items.push({ at: local("2026-11-02T09:00"), likes: 95, replies: 9 });
    await seed(workspace.id, a.id, "mastodon", items);
    // The Sunday of the change: 09:00 is 08:00 UTC; the Sunday before, 07:00 UTC.
    expect(local("2026-10-25T09:00").toISOString()).toBe("2026-10-25T08:00:00.000Z");
    expect(local("2026-10-18T09:00").toISOString()).toBe("2026-10-18T07:00:00.000Z");

    const bt = await bestTimes(db(), workspace.id, { now: new Date("2026-11-03T12:00:00Z") });
    expect(bt.source).toBe("history");
    expect(bt.sampleSize).toBe(items.length);
    const top2 = bt.top.slice(0, 2).map((s) => `${s.weekday} ${s.hour} ${s.posts}`);
    // Sundays: 18th (CEST), 25th and 1st (CET); Mondays: 12th, 19th (CEST), 26th and 2nd (CET).
    // All of them in the 09 bucket: a fixed UTC offset would have split them between 08 and 09 (or 09 and 10).
    expect(top2.sort()).toEqual(["1 9 4", "7 9 3"]);
  });

  it("uses typical times before there is enough history", async () => {
    const { workspace } = await workspaceWithKey("New Bakery", "America/New_York");
    const a = await simulatedAccount(workspace.id, "linkedin");
    const none = await bestTimes(db(), workspace.id, { accountId: a.id });
    expect(none).toMatchObject({ timeZone: "America/New_York", source: "defaults", sampleSize: 0 });
    expect(none.top).toHaveLength(5);
    expect(none.top[0].weekday).toBeLessThanOrEqual(5);
    expect(none.top[0].hour).toBeGreaterThanOrEqual(8);
    expect(none.top[0].hour).toBeLessThanOrEqual(19);
    expect(none.grid[1][3]).toBeLessThan(none.top[0].score / 5);

    // A few posts at 03:00 do not yet count as history.
    const now = new Date("2026-12-01T12:00:00Z");
    const few = Array.from({ length: MIN_SAMPLE - 1 }, (_, i) => ({ at: new Date(now.getTime() - (i + 2) * 86_400_000 + 0), likes: 500 }));
    await seed(workspace.id, a.id, "linkedin", few);
    const still = await bestTimes(db(), workspace.id, { accountId: a.id, now });
    expect(still.source).toBe("defaults");
    expect(still.sampleSize).toBe(MIN_SAMPLE - 1);
    expect(still.top[0]).toEqual(none.top[0]);
  });

  it("keeps accounts apart: A's best is Tue 09, B's is Thu 18", async () => {
    const { workspace } = await workspaceWithKey("Two Accounts", BERLIN);
    const a = await simulatedAccount(workspace.id, "bluesky");
    const b = await simulatedAccount(workspace.id, "bluesky");
    const now = new Date("2026-12-01T12:00:00Z");
    // B is ten times bigger; both post at both slots.
    await seed(workspace.id, a.id, "bluesky", history(now, 8, SLOTS, [2, 9], noise(11), { base: 15 }));
    await seed(workspace.id, b.id, "bluesky", history(now, 8, SLOTS, [4, 18], noise(12), { base: 150 }));

    const btA = await bestTimes(db(), workspace.id, { accountId: a.id, now });
    const btB = await bestTimes(db(), workspace.id, { accountId: b.id, now });
    expect(btA.top[0]).toMatchObject({ weekday: 2, hour: 9 });
    expect(btB.top[0]).toMatchObject({ weekday: 4, hour: 18 });
    expect(btA.sampleSize).toBe(8 * SLOTS.length);
    expect(btB.sampleSize).toBe(8 * SLOTS.length);
    // Workspace-wide both count, and the big account does not wipe out the small one's best slot.
    const all = await bestTimes(db(), workspace.id, { now });
    expect(all.sampleSize).toBe(16 * SLOTS.length);
    expect(all.top.slice(0, 2).map((s) => `${s.weekday} ${s.hour}`).sort()).toEqual(["2 9", "4 18"]);
    // A platform filter with no posts of that platform: nothing.
    expect((await bestTimes(db(), workspace.id, { platform: "twitter", now })).sampleSize).toBe(0);
  });

  it("never uses another workspace's history or accounts", async () => {
    const mine = await workspaceWithKey("Mine", BERLIN);
    const theirs = await workspaceWithKey("Theirs", BERLIN);
    const ours = await simulatedAccount(mine.workspace.id, "bluesky");
    const foreign = await simulatedAccount(theirs.workspace.id, "bluesky");
    const now = new Date("2026-12-01T12:00:00Z");
    await seed(theirs.workspace.id, foreign.id, "bluesky", history(now, 10, SLOTS, [6, 10], noise(3), { boost: 6 }));

    const theirBt = await bestTimes(db(), theirs.workspace.id, { now });
    expect(theirBt.top[0]).toMatchObject({ weekday: 6, hour: 10 });
    const mineBt = await bestTimes(db(), mine.workspace.id, { now });
    expect(mineBt).toMatchObject({ source: "defaults", sampleSize: 0 });
    expect((await bestTimes(db(), mine.workspace.id, { accountId: ours.id, now })).sampleSize).toBe(0);
    await expect(bestTimes(db(), mine.workspace.id, { accountId: foreign.id, now })).rejects.toMatchObject({ code: "not_found" });
  });

  it("counts simulated numbers only for simulated accounts", async () => {
    const { workspace } = await workspaceWithKey("Connected", BERLIN);
    const real = await db().socialAccount.create({ data: { workspaceId: workspace.id, platform: "mastodon", handle: "real", credentials: "sealed-elsewhere" } });
    const now = new Date("2026-12-01T12:00:00Z");
    const items = history(now, 4, SLOTS, [2, 9], noise(5));
    await seed(workspace.id, real.id, "mastodon", items.map((it) => ({ ...it, simulated: true })));
    expect((await bestTimes(db(), workspace.id, { accountId: real.id, now })).sampleSize).toBe(0);
    await seed(workspace.id, real.id, "mastodon", items.slice(0, 12).map((it) => ({ ...it, at: new Date(it.at.getTime() + 60_000), simulated: false })));
    expect((await bestTimes(db(), workspace.id, { accountId: real.id, now })).sampleSize).toBe(12);
  });
});

describe("GET /api/agent/best-times", () => {
  it("returns the estimate with the next best instants; 404 for another workspace's account, 400 for a bad query", async () => {
    const { workspace, key } = await workspaceWithKey("Route Bakery", BERLIN);
    const a = await simulatedAccount(workspace.id, "bluesky");
    const other = await workspaceWithKey("Other", BERLIN);
    const foreign = await simulatedAccount(other.workspace.id, "bluesky");
    await seed(workspace.id, a.id, "bluesky", history(new Date(), 8, SLOTS, [4, 18], noise(9)));

    const res = await bestTimesRoute.GET(req("GET", `/api/agent/best-times?accountId=${a.id}`, { key }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ success: true, timeZone: BERLIN, source: "history", sampleSize: 8 * SLOTS.length });
    expect(body.top[0]).toMatchObject({ weekday: 4, hour: 18 });
    expect(body.grid).toHaveLength(7);
    expect(body.next).toHaveLength(3);
    const next = (body.next as string[]).map((s) => new Date(s));
    expect(next.every((d) => d.getTime() > Date.now() - 1000)).toBe(true);
    expect([...next].sort((x, y) => x.getTime() - y.getTime())).toEqual(next);
    expect(next.map((d) => DateTime.fromJSDate(d, { zone: BERLIN }).toFormat("c HH:mm"))).toContain("4 18:00");

    const wide = await bestTimesRoute.GET(req("GET", "/api/agent/best-times", { key }));
    expect((await wide.json()).sampleSize).toBe(8 * SLOTS.length);

    const notOurs = await bestTimesRoute.GET(req("GET", `/api/agent/best-times?accountId=${foreign.id}`, { key }));
    expect(notOurs.status).toBe(404);
    expect((await notOurs.json()).error.code).toBe("not_found");
    for (const q of ["platform=myspace", "other=1", "accountId="]) {
      const bad = await bestTimesRoute.GET(req("GET", `/api/agent/best-times?${q}`, { key }));
      expect(bad.status, q).toBe(400);
      expect((await bad.json()).error.fields.length).toBeGreaterThan(0);
    }
    expect((await bestTimesRoute.GET(req("GET", "/api/agent/best-times"))).status).toBe(401);
  });

  it("is readable by a viewer", async () => {
    const { workspace } = await workspaceWithKey("Viewer Bakery", BERLIN);
    const { jar, user } = await signUp("viewer-best@example.com");
    await db().membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: "viewer" } });
    const sw = await active.POST(browserReq("POST", "/api/workspaces/active", { jar, body: { workspaceId: workspace.id } }));
    expect(sw.status).toBe(200);
    jar.take(sw);
    const res = await bestTimesRoute.GET(browserReq("GET", "/api/agent/best-times", { jar }));
    expect(res.status).toBe(200);
    expect((await res.json()).source).toBe("defaults");
  });
});

describe("add to queue with strategy=best", () => {
  it("picks the free posting slot with the best score in the next 7 days; next stays the earliest", async () => {
    const { workspace, key } = await workspaceWithKey("Queue Bakery", BERLIN);
    const a = await simulatedAccount(workspace.id, "bluesky");
    const slots = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
      { weekday, time: "09:00" },
      { weekday, time: "18:00" },
    ]);
    await db().workspace.update({ where: { id: workspace.id }, data: { postingSlots: slots } });
    // The best slot: 18:00 three days from today (so there are free slots before it).
    const target = DateTime.now().setZone(BERLIN).plus({ days: 3 });
    const bestWeekday = target.weekday;
    const historySlots: [number, number][] = [1, 2, 3, 4, 5, 6, 7].flatMap((wd) => [[wd, 9] as [number, number], [wd, 18] as [number, number]]);
    await seed(workspace.id, a.id, "bluesky", history(new Date(), 6, historySlots, [bestWeekday, 18], noise(21), { boost: 5 }));

    const get = async (q: string) => {
      const res = await nextSlot.GET(req("GET", `/api/workspace/next-slot?${q}`, { key }));
      return { status: res.status, body: await res.json() };
    };
    const best = await get(`accountIds=${a.id}&strategy=best`);
    expect(best.status).toBe(200);
    expect(best.body.strategy).toBe("best");
    const at = DateTime.fromISO(best.body.scheduledAt, { zone: BERLIN });
    expect(at.toISODate()).toBe(target.toISODate());
    expect(at.toFormat("HH:mm")).toBe("18:00");

    const plain = await get(`accountIds=${a.id}`);
    const nextStrategy = await get(`accountIds=${a.id}&strategy=next`);
    expect(plain.body.strategy).toBe("next");
    expect(nextStrategy.body.scheduledAt).toBe(plain.body.scheduledAt);
    expect(new Date(plain.body.scheduledAt).getTime()).toBeLessThan(new Date(best.body.scheduledAt).getTime());

    // Once that slot is taken, best moves to another free slot; the workspace-wide view agrees.
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Queued", scheduledAt: at.toJSDate() } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: a.id, platform: "bluesky" } });
    const after = await get(`accountIds=${a.id}&strategy=best`);
    expect(after.body.scheduledAt).not.toBe(best.body.scheduledAt);
    expect((await get("strategy=best")).body.scheduledAt).toBe(after.body.scheduledAt);

    expect((await get("strategy=soonest")).status).toBe(400);
  });

  it("falls back to the next free slot when none is free within the week", async () => {
    const { workspace } = await workspaceWithKey("Far Bakery", BERLIN);
    const a = await simulatedAccount(workspace.id, "bluesky");
    await db().workspace.update({ where: { id: workspace.id }, data: { postingSlots: [{ weekday: 3, time: "10:00" }] } });
    const now = local("2026-11-25T09:00"); // Wednesday
    const take = local("2026-11-25T10:00");
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Taken", scheduledAt: take } });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: a.id, platform: "bluesky" } });
    const r = await nextSlotFor(workspace.id, [a.id], now, "best");
    expect(r.scheduledAt).toBe(local("2026-12-02T10:00").toISOString());
  });
});
