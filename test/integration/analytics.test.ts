// Analytics through the real route (GET /api/analytics, lib/analytics.ts) on a small history with
// known numbers: totals from each target's latest snapshot (not the sum of all snapshots, and not
// an older one that finished collecting late), series
// buckets in the workspace's zone, per network, account and campaign, top posts, filters, another
// workspace's posts never counted, a readable 400 for a bad range, and the CSV export (quoting and
// formula-safe text). Fixed dates, given as from/to: nothing depends on today.
import { describe, expect, it } from "vitest";
import * as route from "../../app/api/analytics/route";
import { db } from "../../lib/db";
import { recordSnapshot } from "../../lib/engagement";
import { getPost } from "../../lib/posts";
import type { Platform } from "../../lib/generated/prisma/enums";
import { req, simulatedAccount, workspaceWithKey } from "../support/factories";

async function get(key: string, query: string) {
  const res = await route.GET(req("GET", `/api/analytics?${query}`, { key }));
  return res;
}

async function published(
  workspaceId: string,
  accountId: string,
  platform: Platform,
  o: { text: string; at: string; snapshots: [number, number, number, number | null][]; campaignId?: string; url?: string; platformPostId?: string },
) {
  const post = await db().post.create({ data: { workspaceId, text: o.text, status: "published", scheduledAt: new Date(o.at), campaignId: o.campaignId } });
  const target = await db().postTarget.create({
    data: { workspaceId, postId: post.id, accountId, platform, status: "published", publishedAt: new Date(o.at), url: o.url ?? null, platformPostId: o.platformPostId ?? `real-${post.id}` },
  });
  let n = 0;
  // As collection writes them: the snapshot, and the target's latest numbers.
  for (const [likes, reposts, replies, impressions] of o.snapshots) {
    n += 1;
    await recordSnapshot(db(), { workspaceId, postTargetId: target.id }, { likes, reposts, replies, impressions, simulated: false }, new Date(new Date(o.at).getTime() + n * 3_600_000));
  }
  return post.id;
}

const RANGE = "from=2030-03-01T00:00:00Z&to=2030-03-31T00:00:00Z";

async function history() {
  const { workspace, key } = await workspaceWithKey(`Analytics ${Math.random().toString(36).slice(2, 7)}`, "Europe/Berlin");
  const sky = await simulatedAccount(workspace.id, "bluesky", { handle: "crumb.bsky.social" });
  const masto = await simulatedAccount(workspace.id, "mastodon", { handle: "crumb@bakers.social" });
  const campaign = await db().campaign.create({ data: { workspaceId: workspace.id, name: "Spring rye", brief: "Rye is back" } });
  // 23:30 UTC on 1 March is 00:30 on 2 March in Berlin: the 2 March bucket.
  const late = await published(workspace.id, sky.id, "bluesky", { text: "Late rye", at: "2030-03-01T23:30:00Z", snapshots: [[1, 0, 0, 10], [10, 2, 1, 100]], campaignId: campaign.id });
  const big = await published(workspace.id, masto.id, "mastodon", { text: "=SUM(A1) \"quoted\", rolls", at: "2030-03-05T09:00:00Z", snapshots: [[20, 5, 5, null]] });
  await published(workspace.id, masto.id, "mastodon", { text: "Before the range", at: "2030-02-20T09:00:00Z", snapshots: [[99, 99, 99, 999]] });
  // Another workspace's post in the same days is never counted.
  const other = await workspaceWithKey("Other bakery");
  const otherAcc = await simulatedAccount(other.workspace.id, "bluesky");
  await published(other.workspace.id, otherAcc.id, "bluesky", { text: "Not yours", at: "2030-03-03T09:00:00Z", snapshots: [[500, 0, 0, 1000]] });
  return { workspace, key, sky, masto, campaign, late, big };
}

describe("GET /api/analytics", () => {
  it("adds up each target's latest numbers by day, network, account, campaign and post", async () => {
    const { key, sky, campaign, late, big } = await history();
    const res = await get(key, `${RANGE}&interval=day`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.range).toMatchObject({ from: "2030-03-01T00:00:00.000Z", to: "2030-03-31T00:00:00.000Z", interval: "day", timeZone: "Europe/Berlin" });
    // Latest snapshots: (10+2+1) and (20+5+5); impressions only where reported.
    expect(body.totals).toMatchObject({ targets: 2, posts: 2, likes: 30, reposts: 7, replies: 6, impressions: 100, engagement: 43, engagementRate: 0.13, simulated: 0 });
    expect(body.series).toEqual([
      expect.objectContaining({ bucket: "2030-03-02", platform: "bluesky", engagement: 13 }),
      expect.objectContaining({ bucket: "2030-03-05", platform: "mastodon", engagement: 30, impressions: null, engagementRate: null }),
    ]);
    expect(body.byPlatform.map((p: { platform: string; engagement: number }) => [p.platform, p.engagement])).toEqual([["mastodon", 30], ["bluesky", 13]]);
    expect(body.byAccount.find((a: { accountId: string }) => a.accountId === sky.id)).toMatchObject({ handle: "crumb.bsky.social", platform: "bluesky", engagement: 13 });
    expect(body.byCampaign).toEqual([
      expect.objectContaining({ campaignId: null, name: null, engagement: 30 }),
      expect.objectContaining({ campaignId: campaign.id, name: "Spring rye", engagement: 13 }),
    ]);
    expect(body.topPosts.map((p: { postId: string }) => p.postId)).toEqual([big, late]);
    expect(body.topPosts[1]).toMatchObject({ platforms: ["bluesky"], likes: 10, publishedAt: "2030-03-01T23:30:00Z" });

    const weekly = await (await get(key, `${RANGE}&interval=month`)).json();
    expect(weekly.series.map((s: { bucket: string }) => s.bucket)).toEqual(["2030-03-01", "2030-03-01"]);
  });

  it("filters by network, account and campaign", async () => {
    const { key, masto, campaign } = await history();
    expect((await (await get(key, `${RANGE}&platform=bluesky`)).json()).totals.engagement).toBe(13);
    expect((await (await get(key, `${RANGE}&accountId=${masto.id}`)).json()).totals.engagement).toBe(30);
    expect((await (await get(key, `${RANGE}&campaignId=${campaign.id}`)).json()).totals.engagement).toBe(13);
    const none = await (await get(key, `${RANGE}&campaignId=nope`)).json();
    expect(none.totals).toMatchObject({ targets: 0, engagement: 0, impressions: null, engagementRate: null });
    expect(none.series).toEqual([]);
  });

  it("answers 400 with a field for a bad range or an unknown parameter", async () => {
    const { key } = await history();
    const backwards = await get(key, "from=2030-03-31T00:00:00Z&to=2030-03-01T00:00:00Z");
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).error.fields).toEqual([{ path: "from", message: "from must be before to." }]);
    expect((await get(key, "from=2028-01-01T00:00:00Z&to=2030-03-01T00:00:00Z")).status).toBe(400);
    expect((await get(key, "from=yesterday")).status).toBe(400);
    expect((await get(key, "interval=hour")).status).toBe(400);
    expect((await get(key, "sort=asc")).status).toBe(400);
  });

  it("exports one CSV row per published target, quoted and safe to open in a spreadsheet", async () => {
    const { key } = await history();
    const res = await get(key, `${RANGE}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="herald-analytics.csv"/);
    const lines = (await res.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("published_at,network,account,campaign,post_id,text,likes,reposts,replies,impressions,url,simulated");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^2030-03-01T23:30:00.000Z,bluesky,crumb.bsky.social,Spring rye,\w+,Late rye,10,2,1,100,,no$/);
    // A text starting with "=" is not a formula; quotes and commas are quoted.
    expect(lines[2]).toContain(`,"'=SUM(A1) ""quoted"", rolls",20,5,5,,,no`);
  });
});

describe("recordSnapshot", () => {
  it("keeps the newest numbers on the target when an older collection finishes late", async () => {
    const { workspace } = await workspaceWithKey("Late collector");
    const acc = await simulatedAccount(workspace.id, "bluesky");
    const postId = await published(workspace.id, acc.id, "bluesky", { text: "x", at: "2030-03-01T09:00:00Z", snapshots: [[5, 1, 1, 50]] });
    const target = await db().postTarget.findFirstOrThrow({ where: { postId } });
    await recordSnapshot(db(), { workspaceId: workspace.id, postTargetId: target.id }, { likes: 1, reposts: 0, replies: 0, impressions: 5, simulated: false }, new Date("2030-03-01T09:30:00Z"));
    expect(await db().postTarget.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ likes: 5, reposts: 1, replies: 1, impressions: 50 });
    expect(await db().engagementSnapshot.count({ where: { postTargetId: target.id } })).toBe(2);
    // The posts API shows each target's latest numbers.
    const view = await getPost(workspace.id, postId);
    expect(view.targets[0]).toMatchObject({ likes: 5, reposts: 1, replies: 1, impressions: 50 });
  });
});
