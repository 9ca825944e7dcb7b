// YouTube's daily quota as Herald counts it (lib/social/youtube/quota.ts): the adapter the registry
// builds (the one the scheduler uses) against a local double of the Data API, on this file's own
// database. Each call adds its documented cost (an upload 1,600, a list call 1) to the Google
// project's row for the Pacific day; quotaExceeded marks the day used up; the day rolls over at
// midnight in Los Angeles. The clock is injected: nothing here depends on today's date.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { youtube } from "../../lib/social/youtube";
import { projectKeyOf, quotaDay, quotaState, readQuota, spendQuota } from "../../lib/social/youtube/quota";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { failure } from "../support/assertions";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const CLIENT_ID = "1234-quota.apps.googleusercontent.com";
const KEY = projectKeyOf(CLIENT_ID);
const UPLOAD_PATH = "/upload/youtube/v3/videos";
// 02:00 in Los Angeles on 22 November (PST, UTC−8).
const NOW = new Date("2026-11-22T10:00:00.000Z");
// One millisecond before midnight Pacific time, and midnight itself: 08:00 UTC on 23 November.
const LAST_MS = new Date("2026-11-23T07:59:59.999Z");
const MIDNIGHT = new Date("2026-11-23T08:00:00.000Z");

let server: FixtureServer;
let now = NOW;

const account: AccountContext = {
  id: "acct_yt",
  workspaceId: "ws_1",
  platform: "youtube",
  handle: "Herald Café",
  credentials: { accessToken: "ya29.quota-token", refreshToken: "1//0gQuota" },
  simulation: null,
};
const adapter = () => youtube.adapter(account, { prisma: db(), now: () => now, baseUrl: server.url });
const signal = () => AbortSignal.timeout(5000);
const bytes = Buffer.alloc(64 * 1024, 7);
const content: PublishContent = {
  text: "How we bake our sourdough.",
  media: [{ url: `data:video/mp4;base64,${bytes.toString("base64")}`, type: "video" }],
  youtube: { title: "Sourdough, start to finish", privacy: "public", madeForKids: false },
};
const publish = () => adapter().publish({ account, content, idempotencyKey: "task-1", attempt: 1, signal: signal() });
const used = async (at = now) => (await readQuota(db(), KEY, at, 10_000)).used;
const googleError = (code: number, reason: string) => ({ error: { code, message: reason, errors: [{ reason, domain: "youtube.quota", message: reason }] } });

beforeAll(() => {
  process.env.GOOGLE_CLIENT_ID = CLIENT_ID;
  process.env.GOOGLE_CLIENT_SECRET = "GOCSPX-quota-secret";
  delete process.env.YOUTUBE_DAILY_QUOTA;
  resetEnvCache();
});
afterAll(() => {
  for (const k of ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET", "YOUTUBE_DAILY_QUOTA"]) delete process.env[k];
  resetEnvCache();
});
beforeEach(async () => {
  now = NOW;
  server = await startFixtureServer();
  server.on("POST", UPLOAD_PATH, () => ({ headers: { location: `${server.url}${UPLOAD_PATH}?uploadType=resumable&upload_id=S1` }, json: {} }));
  server.on("PUT", UPLOAD_PATH, () => ({ json: { kind: "youtube#video", id: "dQw4w9WgXcQ" } }));
  server.on("GET", "/youtube/v3/channels", () => ({ json: { items: [{ id: "UCherald", contentDetails: { relatedPlaylists: { uploads: "UUherald" } } }] } }));
  server.on("GET", "/youtube/v3/playlistItems", () => ({ json: { items: [] } }));
  server.on("GET", "/youtube/v3/videos", () => ({ json: { items: [{ id: "dQw4w9WgXcQ", statistics: { viewCount: "10", likeCount: "1", commentCount: "0" } }] } }));
  await db().youtubeQuota.deleteMany();
});
afterEach(() => server.close());

describe("counting the units each call costs", () => {
  it("an upload costs 1,600 (its chunks nothing more), metrics 1, a reconcile 2 (channels and playlistItems)", async () => {
    expect(await used()).toBe(0);

    await publish();
    expect(await used()).toBe(1600);

    await adapter().metrics({ account, platformPostId: "dQw4w9WgXcQ", signal: signal() });
    expect(await used()).toBe(1601);

    await adapter().reconcile({ account, content, idempotencyKey: "task-1", signal: signal(), since: new Date(NOW.getTime() - 3600_000) });
    expect(await used()).toBe(1603);

    expect(await readQuota(db(), KEY, now, 10_000)).toEqual({ limit: 10_000, used: 1603, left: 8397, uploadsLeft: 5, resetsAt: "2026-11-23T08:00:00.000Z" });
  });

  it("keeps one row per Google project and Pacific day, keyed by a hash of the client id (no credential stored)", async () => {
    await publish();
    const rows = await db().youtubeQuota.findMany();
    expect(rows.map((r) => [r.projectKey, r.day, r.units])).toEqual([[KEY, "2026-11-22", 1600]]);
    expect(KEY).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(JSON.stringify(rows)).not.toContain(CLIENT_ID);
    expect(JSON.stringify(rows)).not.toContain("GOCSPX");
  });

  it("a call YouTube answered with an error still costs its units; one that never reached YouTube costs none", async () => {
    server.once("POST", UPLOAD_PATH, { status: 400, json: googleError(400, "invalidTitle") });
    await failure(publish());
    expect(await used()).toBe(1600);

    server.once("GET", "/youtube/v3/videos", { reset: true });
    await failure(adapter().metrics({ account, platformPostId: "dQw4w9WgXcQ", signal: signal() }));
    expect(await used()).toBe(1600);
  });

  it("counts calls made at the same moment exactly (one atomic upsert each)", async () => {
    await Promise.all(Array.from({ length: 25 }, () => adapter().metrics({ account, platformPostId: "dQw4w9WgXcQ", signal: signal() })));
    expect(await used()).toBe(25);
    await Promise.all(Array.from({ length: 10 }, () => spendQuota(db(), KEY, now, 7)));
    expect(await used()).toBe(95);
  });
});

describe("quotaExceeded and the daily reset", () => {
  it("quotaExceeded marks the day used up: nothing left, no upload, until midnight Pacific time", async () => {
    await adapter().metrics({ account, platformPostId: "dQw4w9WgXcQ", signal: signal() });
    server.once("POST", UPLOAD_PATH, { status: 403, json: googleError(403, "quotaExceeded") });

    const err = await failure(publish());
    expect(err.code).toBe("quota_exceeded");
    expect(await readQuota(db(), KEY, now, 10_000)).toEqual({ limit: 10_000, used: 10_000, left: 0, uploadsLeft: 0, resetsAt: "2026-11-23T08:00:00.000Z" });
    // The day's row is the limit, not the limit plus what was counted before.
    expect((await db().youtubeQuota.findMany()).map((r) => r.units)).toEqual([10_000]);
  });

  it("the day rolls over at midnight in Los Angeles, not at midnight UTC", async () => {
    // 23:59:59.999 PST on 22 November is 07:59 UTC on the 23rd: still the 22nd's quota.
    now = LAST_MS;
    expect(quotaDay(LAST_MS)).toBe("2026-11-22");
    await publish();
    expect(await used(NOW)).toBe(1600);
    expect((await readQuota(db(), KEY, LAST_MS, 10_000)).resetsAt).toBe(MIDNIGHT.toISOString());

    // Midnight Pacific: a new day with the whole quota; the 22nd's units stay on the 22nd.
    now = MIDNIGHT;
    expect(quotaDay(MIDNIGHT)).toBe("2026-11-23");
    expect(await readQuota(db(), KEY, MIDNIGHT, 10_000)).toEqual({ limit: 10_000, used: 0, left: 10_000, uploadsLeft: 6, resetsAt: "2026-11-24T08:00:00.000Z" });
    await adapter().metrics({ account, platformPostId: "dQw4w9WgXcQ", signal: signal() });
    expect(await used(MIDNIGHT)).toBe(1);
    expect(await used(NOW)).toBe(1600);
  });

  it("a quotaExceeded late in the day is forgotten at midnight Pacific time (daylight saving time included)", async () => {
    // 23:30 PDT on 30 June (06:30 UTC on 1 July) → the reset is at 07:00 UTC.
    now = new Date("2026-07-01T06:30:00Z");
    server.once("POST", UPLOAD_PATH, { status: 403, json: googleError(403, "quotaExceeded") });
    await failure(publish());
    expect((await readQuota(db(), KEY, now, 10_000)).left).toBe(0);
    expect(await readQuota(db(), KEY, new Date("2026-07-01T06:59:59Z"), 10_000)).toMatchObject({ left: 0, resetsAt: "2026-07-01T07:00:00.000Z" });
    expect((await readQuota(db(), KEY, new Date("2026-07-01T07:00:00Z"), 10_000)).left).toBe(10_000);
  });
});

describe("the limit", () => {
  it("YOUTUBE_DAILY_QUOTA sets the limit; uploads left is floor(left / 1,600)", async () => {
    expect(quotaState(0, 10_000, NOW)).toMatchObject({ left: 10_000, uploadsLeft: 6 });
    expect(quotaState(8_401, 10_000, NOW)).toMatchObject({ used: 8_401, left: 1_599, uploadsLeft: 0 });
    expect(quotaState(12_000, 10_000, NOW)).toMatchObject({ used: 10_000, left: 0, uploadsLeft: 0 });

    process.env.YOUTUBE_DAILY_QUOTA = "50000";
    resetEnvCache();
    try {
      server.once("POST", UPLOAD_PATH, { status: 403, json: googleError(403, "quotaExceeded") });
      await failure(publish());
      // Used up means the configured limit, whatever it is.
      expect(await readQuota(db(), KEY, now, 50_000)).toMatchObject({ limit: 50_000, used: 50_000, left: 0 });
    } finally {
      delete process.env.YOUTUBE_DAILY_QUOTA;
      resetEnvCache();
    }
  });
});
