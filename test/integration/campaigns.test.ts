// Campaigns through the real routes (lib/campaigns.ts): create, list, rename (names unique per
// workspace, readable 400/409), tag posts when scheduling and editing (another workspace's
// campaign is 404 and nothing is written; drafts too), the list's counts and next scheduled time,
// and the stats: posts by status, next scheduled, last published, engagement from the targets'
// latest numbers, activity and the history of the campaign's posts. Times relative to now.
import { describe, expect, it } from "vitest";
import * as campaigns from "../../app/api/campaigns/route";
import * as campaign from "../../app/api/campaigns/[id]/route";
import * as stats from "../../app/api/campaigns/[id]/stats/route";
import * as schedule from "../../app/api/agent/schedule/route";
import * as post from "../../app/api/posts/[id]/route";
import * as cancel from "../../app/api/posts/[id]/cancel/route";
import * as versions from "../../app/api/posts/[id]/versions/route";
import * as drafts from "../../app/api/posts/drafts/route";
import { composerSeed } from "../../lib/posting/edit";
import { db } from "../../lib/db";
import { recordSnapshot } from "../../lib/engagement";
import { callRoute as call, req, simulatedAccount, workspaceWithKey } from "../support/factories";

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

async function setup() {
  const { workspace, key } = await workspaceWithKey(`Campaigns ${Math.random().toString(36).slice(2, 7)}`);
  const sky = await simulatedAccount(workspace.id, "bluesky");
  const create = (body: unknown) => call(campaigns.POST, req("POST", "/api/campaigns", { key, body }));
  return { workspace, key, sky, create };
}

describe("campaigns", () => {
  it("creates, lists and renames; names are unique per workspace; bad bodies are 400", async () => {
    const { key, create } = await setup();
    const made = await create({ name: "Spring rye", brief: "Rye is back" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const id = made.body.campaign.id as string;
    const again = await create({ name: "Spring rye" });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe("There is already a campaign called “Spring rye”.");
    expect((await create({ name: "  " })).status).toBe(400);
    expect((await create({ name: "x", colour: "red" })).status).toBe(400);

    const renamed = await call(campaign.PATCH, req("PATCH", `/api/campaigns/${id}`, { key, body: { name: "Spring rye 2030" } }), { id });
    expect(renamed.status).toBe(200);
    expect(renamed.body.campaign.name).toBe("Spring rye 2030");
    const list = await call(campaigns.GET, req("GET", "/api/campaigns", { key }));
    expect(list.body.campaigns).toEqual([expect.objectContaining({ id, name: "Spring rye 2030", brief: "Rye is back", posts: 0 })]);

    const other = await setup();
    expect((await call(campaign.PATCH, req("PATCH", `/api/campaigns/${id}`, { key: other.key, body: { name: "Mine now" } }), { id })).status).toBe(404);
    expect((await call(stats.GET, req("GET", `/api/campaigns/${id}/stats`, { key: other.key }), { id })).status).toBe(404);
  });

  it("tags posts when scheduling and editing; another workspace's campaign is 404 and nothing is created", async () => {
    const { workspace, key, sky, create } = await setup();
    const id = (await create({ name: "Pretzel week" })).body.campaign.id as string;
    const tagged = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content: "Pretzels!", scheduledAt: inMinutes(60), campaignId: id } }));
    expect(tagged.status, JSON.stringify(tagged.body)).toBe(201);
    expect((await db().post.findUniqueOrThrow({ where: { id: tagged.body.postId } })).campaignId).toBe(id);

    const other = await setup();
    const foreign = (await other.create({ name: "Theirs" })).body.campaign.id as string;
    const before = await db().post.count({ where: { workspaceId: workspace.id } });
    const refused = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content: "Nope", scheduledAt: inMinutes(60), campaignId: foreign } }));
    expect(refused.status).toBe(404);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(before);

    // Untag by editing; the version says so.
    const postId = tagged.body.postId as string;
    const edited = await call(post.PATCH, req("PATCH", `/api/posts/${postId}`, { key, body: { campaignId: null } }), { id: postId });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect((await db().post.findUniqueOrThrow({ where: { id: postId } })).campaignId).toBeNull();
    const v = await call(versions.GET, req("GET", `/api/posts/${postId}/versions`, { key }), { id: postId });
    expect(v.body.versions[0].changes).toEqual({ campaignId: { from: id, to: null } });
    expect((await call(post.PATCH, req("PATCH", `/api/posts/${postId}`, { key, body: { campaignId: foreign } }), { id: postId })).status).toBe(404);
  });

  it("tags drafts when saving them; the composer opens a post with its campaign", async () => {
    const { workspace, key, sky, create } = await setup();
    const id = (await create({ name: "Cake month" })).body.campaign.id as string;
    const draft = await call(drafts.POST, req("POST", "/api/posts/drafts", { key, body: { content: "Cake soon", accountIds: [sky.id], campaignId: id } }));
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const draftId = draft.body.post.id as string;
    expect((await db().post.findUniqueOrThrow({ where: { id: draftId } })).campaignId).toBe(id);
    expect((await composerSeed(workspace.id, draftId, "edit"))?.campaignId).toBe(id);
    expect((await composerSeed(workspace.id, draftId, "duplicate"))?.campaignId).toBe(id);

    const other = await setup();
    const foreign = (await other.create({ name: "Theirs" })).body.campaign.id as string;
    const before = await db().post.count({ where: { workspaceId: workspace.id } });
    const refused = await call(drafts.POST, req("POST", "/api/posts/drafts", { key, body: { content: "Nope", accountIds: [sky.id], campaignId: foreign } }));
    expect(refused.status).toBe(404);
    expect(await db().post.count({ where: { workspaceId: workspace.id } })).toBe(before);
  });

  it("lists each campaign with its posts, scheduled and published counts and its next scheduled time", async () => {
    const { workspace, key, sky, create } = await setup();
    const busy = (await create({ name: "Busy" })).body.campaign.id as string;
    const quiet = (await create({ name: "Quiet" })).body.campaign.id as string;
    const soon = inMinutes(45);
    for (const [content, at] of [["Soon", soon], ["Later", inMinutes(600)]] as const) {
      const r = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content, scheduledAt: at, campaignId: busy } }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    await db().post.create({ data: { workspaceId: workspace.id, text: "Out", status: "published", scheduledAt: new Date(Date.now() - 3_600_000), campaignId: busy } });
    // Another workspace's posts in a campaign of the same name count nowhere here.
    const other = await setup();
    const theirs = (await other.create({ name: "Busy" })).body.campaign.id as string;
    await call(schedule.POST, req("POST", "/api/agent/schedule", { key: other.key, body: { accountIds: [other.sky.id], content: "Theirs", scheduledAt: inMinutes(5), campaignId: theirs } }));

    const list = await call(campaigns.GET, req("GET", "/api/campaigns", { key }));
    expect(list.status).toBe(200);
    const byId = Object.fromEntries((list.body.campaigns as { id: string }[]).map((c) => [c.id, c]));
    expect(byId[busy]).toMatchObject({ name: "Busy", posts: 3, scheduled: 2, published: 1, nextScheduledAt: soon });
    expect(byId[quiet]).toMatchObject({ name: "Quiet", posts: 0, scheduled: 0, published: 0, nextScheduledAt: null });
    expect(list.body.campaigns).toHaveLength(2);
  });

  it("reports posts by status, next scheduled, last published, engagement and activity", async () => {
    const { workspace, key, sky, create } = await setup();
    const id = (await create({ name: "Bread club" })).body.campaign.id as string;
    const soon = inMinutes(30);
    await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content: "Later", scheduledAt: inMinutes(300), campaignId: id } }));
    await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content: "Soon", scheduledAt: soon, campaignId: id } }));
    // One published post with collected numbers.
    const publishedAt = new Date(Date.now() - 3_600_000);
    const p = await db().post.create({ data: { workspaceId: workspace.id, text: "Out already", status: "published", scheduledAt: publishedAt, campaignId: id } });
    const t = await db().postTarget.create({ data: { workspaceId: workspace.id, postId: p.id, accountId: sky.id, platform: "bluesky", status: "published", publishedAt } });
    await recordSnapshot(db(), { workspaceId: workspace.id, postTargetId: t.id }, { likes: 7, reposts: 2, replies: 1, impressions: null, simulated: false }, new Date());

    const r = await call(stats.GET, req("GET", `/api/campaigns/${id}/stats`, { key }), { id });
    expect(r.status).toBe(200);
    expect(r.body.campaign.name).toBe("Bread club");
    expect(r.body.posts).toBe(3);
    expect(r.body.byStatus).toEqual({ scheduled: 2, published: 1 });
    expect(r.body.nextScheduledAt).toBe(soon);
    expect(r.body.nextScheduled).toMatchObject({ text: "Soon", scheduledAt: soon });
    expect(new Date(r.body.lastPublishedAt).getTime()).toBe(publishedAt.getTime());
    expect(r.body.engagement).toEqual({ targets: 1, likes: 7, reposts: 2, replies: 1, impressions: null, engagement: 10 });
    expect(r.body.activity.map((a: { text: string }) => a.text)).toEqual(["Out already", "Soon", "Later"]);
  });

  it("keeps the history of the campaign's posts, newest first: created, edited by whom, added, cancelled, published, failed", async () => {
    const { workspace, key, sky, create } = await setup();
    const id = (await create({ name: "Rye week" })).body.campaign.id as string;
    const mk = async (content: string, campaignId?: string) => {
      const r = await call(schedule.POST, req("POST", "/api/agent/schedule", { key, body: { accountIds: [sky.id], content, scheduledAt: inMinutes(120), ...(campaignId && { campaignId }) } }));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body.postId as string;
    };
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    // Pin each row's time, so the order is the story's and not the machine's speed.
    const first = await mk("Rye is back", id);
    await db().post.update({ where: { id: first }, data: { createdAt: at(1) } });
    await call(post.PATCH, req("PATCH", `/api/posts/${first}`, { key, body: { content: "Rye is back on Friday", scheduledAt: inMinutes(180) } }), { id: first });
    await db().postVersion.updateMany({ where: { postId: first }, data: { createdAt: at(2) } });

    const later = await mk("Rye rolls");
    await db().post.update({ where: { id: later }, data: { createdAt: at(3) } });
    await call(post.PATCH, req("PATCH", `/api/posts/${later}`, { key, body: { campaignId: id } }), { id: later });
    await db().postVersion.updateMany({ where: { postId: later }, data: { createdAt: at(4) } });
    await call(cancel.POST, req("POST", `/api/posts/${later}/cancel`, { key }), { id: later });
    await db().postVersion.updateMany({ where: { postId: later, version: 2 }, data: { createdAt: at(5) } });

    const out = await db().post.create({ data: { workspaceId: workspace.id, text: "Rye everywhere", status: "partially_published", campaignId: id, createdAt: at(6) } });
    const masto = await simulatedAccount(workspace.id, "mastodon");
    await db().postTarget.create({
      data: { workspaceId: workspace.id, postId: out.id, accountId: sky.id, platform: "bluesky", status: "published", publishedAt: at(7), platformPostId: "sim_abc", url: "https://bsky.app/profile/x/post/sim_abc" },
    });
    await db().postTarget.create({ data: { workspaceId: workspace.id, postId: out.id, accountId: masto.id, platform: "mastodon", status: "failed", error: "The instance refused the post." } });
    await db().postTarget.updateMany({ where: { postId: out.id, platform: "mastodon" }, data: { updatedAt: at(8) } });
    // A post of no campaign leaves no trace here.
    await mk("Unrelated");

    const r = await call(stats.GET, req("GET", `/api/campaigns/${id}/stats`, { key }), { id });
    expect(r.status).toBe(200);
    const history = r.body.history as { kind: string; postId: string; platform: string | null; changed: string[]; by: string | null; error: string | null; url: string | null; simulated: boolean }[];
    expect(history.map((e) => [e.kind, e.postId, e.platform])).toEqual([
      ["failed", out.id, "mastodon"],
      ["published", out.id, "bluesky"],
      ["created", out.id, null],
      ["cancelled", later, null],
      ["added", later, null],
      ["created", later, null],
      ["edited", first, null],
      ["created", first, null],
    ]);
    expect(history[0]).toMatchObject({ error: "The instance refused the post.", url: null });
    // Simulated: no link to a page that does not exist.
    expect(history[1]).toMatchObject({ simulated: true, url: null });
    expect(history[6]).toMatchObject({ changed: ["content", "scheduledAt"], by: "API key" });
    expect(history[4]).toMatchObject({ by: "API key", changed: [] });
  });
});
