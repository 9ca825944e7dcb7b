// Mentions in the Facebook Page and Instagram inboxes (docs/decisions.md, "Inbox") against a local
// Graph API: the posts a Page is tagged in (/{page-id}/tagged, `since` = the cursor) and the media
// an Instagram account is tagged in (/{ig-user-id}/tags, kept when newer than the cursor) become
// mention items; a Facebook mention is answered as a comment under the post, an Instagram one is
// refused with the reason; a permission the person left unticked at Meta's dialog skips that edge
// with a notice in the sweep's result instead of failing it.
import { afterEach, describe, expect, it } from "vitest";
import * as listRoute from "../../app/api/inbox/route";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { resetClock, setClock } from "../../lib/clock";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { sweepInbox } from "../../lib/inbox/sweep";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { graphInboxForFile, type FbTaggedPost, type IgTaggedMedia } from "../support/meta-inbox-fixtures";

const T0 = new Date("2031-05-04T10:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const TOKEN = "meta-mentions-token-0001";
const PAGE_ID = "2002";
const IG_USER = "17841400000000077";

const graph = graphInboxForFile(TOKEN);
afterEach(() => resetClock());

const suffix = () => Math.random().toString(36).slice(2, 8);
const fbPage = (workspaceId: string) =>
  db().socialAccount.create({ data: { workspaceId, platform: "facebook", handle: `page-${suffix()}`, credentials: encryptJson({ pageId: PAGE_ID, pageAccessToken: TOKEN }) } });
const igAccount = (workspaceId: string) =>
  db().socialAccount.create({ data: { workspaceId, platform: "instagram", handle: `bakery_${suffix()}`, credentials: encryptJson({ igUserId: IG_USER, accessToken: TOKEN }) } });

async function ourPost(workspaceId: string, accountId: string, platform: "facebook" | "instagram", platformPostId: string, publishedAt: Date) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform, status: "published", platformPostId, publishedAt } });
}

const tag = (n: number, when: Date, text: string): FbTaggedPost => ({ id: `${8000 + n}_${n}`, message: text, created_time: when.toISOString(), permalink_url: `https://www.facebook.com/${8000 + n}/posts/${n}` });
const igTag = (n: number, when: Date, caption: string): IgTaggedMedia => ({ id: `1790000000077${String(n).padStart(4, "0")}`, caption, username: `fan_${n}`, timestamp: when.toISOString(), permalink: `https://www.instagram.com/p/Tag${n}/` });
const gets = (edge: string) => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${edge}`).map((r) => Object.fromEntries(r.query));

async function sweep(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

async function lastSweep(accountId: string) {
  return db().agentTask.findFirstOrThrow({ where: { accountId, type: "inbox_sweep" }, orderBy: { createdAt: "desc" } });
}

describe("Facebook Page mentions (/{page-id}/tagged)", () => {
  it("collects the posts the Page is tagged in, one page first, then only newer ones by `since`", async () => {
    const { workspace } = await workspaceWithKey("Tagged Page Bakery");
    const account = await fbPage(workspace.id);
    graph().tagged.set(PAGE_ID, Array.from({ length: 30 }, (_, i) => tag(i + 1, at((i + 1) * MIN), `Breakfast at the bakery ${i + 1}`)));

    await sweep(workspace.id, at(40 * MIN));
    expect(gets(`${PAGE_ID}/tagged`)).toEqual([{ fields: "id,message,from{id,name},created_time,permalink_url", limit: "25", access_token: TOKEN }]);
    let items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "desc" } });
    // A first sweep reads one page: the 25 newest.
    expect(items).toHaveLength(25);
    expect(items[0]).toMatchObject({ kind: "mention", remoteId: "8030_30", remoteParentId: null, remoteRootId: "8030_30", text: "Breakfast at the bakery 30", authorHandle: "Facebook user", url: "https://www.facebook.com/8030/posts/30" });
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(30 * MIN).toISOString());

    // Later: only what is newer than the cursor, asked with `since` (seconds).
    graph().requests.length = 0;
    graph().tagged.get(PAGE_ID)!.push(tag(31, at(50 * MIN), "Best croissant in town"), { ...tag(32, at(51 * MIN), "Our own post"), from: { id: PAGE_ID, name: "Corner Bakery" } });
    await sweep(workspace.id, at(120 * MIN));
    expect(gets(`${PAGE_ID}/tagged`)).toEqual([{ fields: "id,message,from{id,name},created_time,permalink_url", limit: "25", since: String(at(30 * MIN).getTime() / 1000), access_token: TOKEN }]);
    items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    expect(items).toHaveLength(26);
    expect(items.find((i) => i.remoteId === "8031_31")).toMatchObject({ kind: "mention", text: "Best croissant in town" });
    expect(items.find((i) => i.remoteId === "8032_32")).toBeUndefined();
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(51 * MIN).toISOString());
  });

  it("answers a mention with a comment under the post", async () => {
    const { workspace, key } = await workspaceWithKey("Tagged Reply Bakery");
    const account = await fbPage(workspace.id);
    graph().tagged.set(PAGE_ID, [tag(1, at(MIN), "Who else loves this place?")]);
    await sweep(workspace.id, at(10 * MIN));
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, kind: "mention" } });
    setClock(at(20 * MIN));
    const r = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${item.id}/reply`, { key, body: { text: "Thank you, see you soon!" } }), { id: item.id });
    expect(r.status).toBe(202);
    await runProcessor({ at: at(20 * MIN), workspaceId: workspace.id });
    expect(graph().created).toEqual([{ parent: "8001_1", message: "Thank you, see you soon!", id: expect.any(String) }]);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).answeredAt).not.toBeNull();
  });

  it("with pages_read_user_content unticked, still collects the comments and says what is missing, in the inbox too until it is granted", async () => {
    const { workspace, key } = await workspaceWithKey("Tagged Denied Bakery");
    const account = await fbPage(workspace.id);
    const A = `${PAGE_ID}_6001`;
    await ourPost(workspace.id, account.id, "facebook", A, at(0));
    graph().comments.set(A, [{ id: "6001_1", message: "Open today?", from: { id: "7001", name: "Fan 1" }, created_time: at(MIN).toISOString() }]);
    graph().tagged.set(PAGE_ID, [tag(1, at(2 * MIN), "Tagged")]);
    graph().denied.add("tagged");
    await sweep(workspace.id, at(10 * MIN));
    expect(gets(`${PAGE_ID}/tagged`)).toHaveLength(1);
    const task = await lastSweep(account.id);
    expect(task.status).toBe("completed");
    const result = task.result as { collected: number; notices?: string[] };
    expect(result.collected).toBe(1);
    expect(result.notices).toHaveLength(1);
    expect(result.notices![0]).toMatch(/pages_read_user_content/);
    expect(result.notices![0]).toMatch(/reconnect/i);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id } })).map((i) => [i.kind, i.remoteId])).toEqual([["comment", "6001_1"]]);
    // GET /api/inbox says it too, beside the items (the inbox page shows it above the list).
    const listed = await callRoute(listRoute.GET, req("GET", "/api/inbox", { key }));
    expect(listed.status).toBe(200);
    expect(listed.body.notices).toEqual([{ accountId: account.id, platform: "facebook", handle: account.handle, messages: result.notices }]);
    // Reconnected with the permission: the next sweep reads the tags, and the notice is gone.
    graph().denied.clear();
    await sweep(workspace.id, at(80 * MIN)); // an idle account is swept hourly
    expect(await db().inboxItem.count({ where: { accountId: account.id, kind: "mention" } })).toBe(1);
    expect((await callRoute(listRoute.GET, req("GET", "/api/inbox", { key }))).body.notices).toEqual([]);
  });

  it("a hide refused for lack of pages_manage_engagement is a 502 that names the permission", async () => {
    const { workspace, key } = await workspaceWithKey("Hide Denied Bakery");
    const account = await fbPage(workspace.id);
    const A = `${PAGE_ID}_6002`;
    await ourPost(workspace.id, account.id, "facebook", A, at(0));
    graph().comments.set(A, [{ id: "6002_1", message: "Spam spam", from: { id: "7002", name: "Fan 2" }, created_time: at(MIN).toISOString() }]);
    await sweep(workspace.id, at(10 * MIN));
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id } });
    graph().denied.add("hide");
    setClock(at(20 * MIN));
    const r = await callRoute(itemRoute.PATCH, req("PATCH", `/api/inbox/${item.id}`, { key, body: { status: "hidden" } }), { id: item.id });
    expect(r.status).toBe(502);
    expect(r.body.error.message).toMatch(/pages_manage_engagement/);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");
  });
});

describe("Instagram mentions (/{ig-user-id}/tags)", () => {
  it("collects the media the account is tagged in, one page first, then pages back only to the cursor", async () => {
    const { workspace } = await workspaceWithKey("IG Tags Bakery");
    const account = await igAccount(workspace.id);
    graph().igTags.set(IG_USER, Array.from({ length: 30 }, (_, i) => igTag(i + 1, at((i + 1) * MIN), `Morning at @bakery ${i + 1}`)));

    await sweep(workspace.id, at(40 * MIN));
    expect(gets(`${IG_USER}/tags`)).toEqual([{ fields: "id,caption,username,timestamp,permalink", limit: "25", access_token: TOKEN }]);
    let items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "desc" } });
    expect(items).toHaveLength(25);
    expect(items[0]).toMatchObject({ kind: "mention", remoteId: igTag(30, T0, "").id, remoteParentId: null, authorHandle: "fan_30", text: "Morning at @bakery 30", url: "https://www.instagram.com/p/Tag30/" });

    // 26 newer ones: two pages, the second reaching the cursor; nothing older is kept again.
    graph().requests.length = 0;
    graph().igTags.get(IG_USER)!.push(...Array.from({ length: 26 }, (_, i) => igTag(31 + i, at((41 + i) * MIN), `Again ${31 + i}`)));
    await sweep(workspace.id, at(120 * MIN));
    expect(gets(`${IG_USER}/tags`).map((q) => q.after)).toEqual([undefined, "25"]);
    items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    expect(items).toHaveLength(51);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(66 * MIN).toISOString());
  });

  it("refuses to answer a tag with the reason, and queues nothing", async () => {
    const { workspace, key } = await workspaceWithKey("IG Tag Reply Bakery");
    const account = await igAccount(workspace.id);
    graph().igTags.set(IG_USER, [igTag(1, at(MIN), "Love @bakery")]);
    await sweep(workspace.id, at(10 * MIN));
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, kind: "mention" } });
    setClock(at(20 * MIN));
    const r = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${item.id}/reply`, { key, body: { text: "Thanks!" } }), { id: item.id });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/Instagram does not let apps comment on media the account is tagged in/);
    expect(await db().agentTask.count({ where: { accountId: account.id, type: "reply" } })).toBe(0);
  });

  it("with instagram_manage_comments unticked, the sweep completes and names the permission for comments and tags", async () => {
    const { workspace } = await workspaceWithKey("IG Denied Bakery");
    const account = await igAccount(workspace.id);
    await ourPost(workspace.id, account.id, "instagram", "17900000000077001", at(0));
    graph().igComments.set("17900000000077001", [{ id: "17800000000770001", text: "Hi", username: "fan_1", timestamp: at(MIN).toISOString() }]);
    graph().igTags.set(IG_USER, [igTag(1, at(MIN), "Love @bakery")]);
    graph().denied.add("comments").add("tags");
    await sweep(workspace.id, at(10 * MIN));
    const task = await lastSweep(account.id);
    expect(task.status).toBe("completed");
    const notices = (task.result as { notices?: string[] }).notices ?? [];
    expect(notices).toHaveLength(2);
    for (const n of notices) expect(n).toMatch(/instagram_manage_comments.*reconnect/i);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(0);
  });
});
