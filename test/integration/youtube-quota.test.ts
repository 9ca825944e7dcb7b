// GET /api/accounts/:id/youtube/quota: what is left today of the Google project's daily YouTube
// quota as Herald counted it (lib/social/youtube/quota.ts), for the composer. Scoped to the
// caller's workspace (404 for anyone else's account), 400 for an account on another network, a
// notice and no numbers for a simulated account. The clock is pinned: nothing depends on today.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as quotaRoute from "../../app/api/accounts/[id]/youtube/quota/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { markQuotaUsedUp, projectKeyOf, spendQuota } from "../../lib/social/youtube/quota";
import { params, pinClock, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const CLIENT_ID = "5678-route.apps.googleusercontent.com";
const KEY = projectKeyOf(CLIENT_ID);
// 10:00 in Los Angeles on 3 March 2031 (PST, UTC−8); the quota resets at 08:00 UTC on the 4th.
const NOW = new Date("2031-03-03T18:00:00.000Z");
pinClock(NOW);

let a: { key: string; youtubeId: string; simulatedId: string; blueskyId: string };
let b: { key: string };

beforeAll(async () => {
  process.env.GOOGLE_CLIENT_ID = CLIENT_ID;
  delete process.env.YOUTUBE_DAILY_QUOTA;
  resetEnvCache();
  const wa = await workspaceWithKey("Bakery A");
  const real = await db().socialAccount.create({
    data: { workspaceId: wa.workspace.id, platform: "youtube", handle: "@bakery-a", credentials: encryptJson({ accessToken: "ya29.a", refreshToken: "1//0gA" }) },
  });
  const simulated = await simulatedAccount(wa.workspace.id, "youtube");
  const bluesky = await simulatedAccount(wa.workspace.id, "bluesky");
  a = { key: wa.key, youtubeId: real.id, simulatedId: simulated.id, blueskyId: bluesky.id };
  b = { key: (await workspaceWithKey("Bakery B")).key };
});
afterAll(() => {
  delete process.env.GOOGLE_CLIENT_ID;
  delete process.env.YOUTUBE_DAILY_QUOTA;
  resetEnvCache();
});

async function quota(key: string, id: string) {
  const res = await quotaRoute.GET(req("GET", `/api/accounts/${id}/youtube/quota`, { key }), params({ id }));
  return { status: res.status, body: await res.json() };
}

describe("GET /api/accounts/:id/youtube/quota", () => {
  it("answers the units counted today for the account's Google project, and when they are renewed", async () => {
    await db().youtubeQuota.deleteMany();
    expect(await quota(a.key, a.youtubeId)).toEqual({
      status: 200,
      body: { success: true, simulated: false, limit: 10_000, used: 0, left: 10_000, uploadsLeft: 6, resetsAt: "2031-03-04T08:00:00.000Z" },
    });

    await spendQuota(db(), KEY, NOW, 1600);
    await spendQuota(db(), KEY, NOW, 1);
    // Yesterday's units (Pacific time) do not count today.
    await spendQuota(db(), KEY, new Date("2031-03-03T07:59:00.000Z"), 4000);
    expect((await quota(a.key, a.youtubeId)).body).toMatchObject({ used: 1601, left: 8399, uploadsLeft: 5 });

    await markQuotaUsedUp(db(), KEY, NOW, 10_000);
    expect((await quota(a.key, a.youtubeId)).body).toMatchObject({ used: 10_000, left: 0, uploadsLeft: 0 });
  });

  it("takes the limit from YOUTUBE_DAILY_QUOTA", async () => {
    await db().youtubeQuota.deleteMany();
    process.env.YOUTUBE_DAILY_QUOTA = "20000";
    resetEnvCache();
    try {
      await spendQuota(db(), KEY, NOW, 3200);
      expect((await quota(a.key, a.youtubeId)).body).toMatchObject({ limit: 20_000, used: 3200, left: 16_800, uploadsLeft: 10 });
    } finally {
      delete process.env.YOUTUBE_DAILY_QUOTA;
      resetEnvCache();
    }
  });

  it("a simulated YouTube account uses no quota: a notice, no numbers", async () => {
    expect(await quota(a.key, a.simulatedId)).toEqual({ status: 200, body: { success: true, simulated: true, notice: "Simulated account: no YouTube quota is used." } });
  });

  it("another workspace's account is 404; another network's account is 400", async () => {
    const other = await quota(b.key, a.youtubeId);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toMatch(/limit|used|@bakery-a/);
    expect((await quota(b.key, a.simulatedId)).status).toBe(404);

    const bluesky = await quota(a.key, a.blueskyId);
    expect(bluesky.status).toBe(400);
    expect(bluesky.body.error.message).toMatch(/not a YouTube account/);
  });

  it("refuses a caller without a key", async () => {
    expect((await quota("", a.youtubeId)).status).toBe(401);
  });
});
