// An Instagram professional account's community inbox (docs/decisions.md, "Inbox") against a
// local Graph API: comments and their replies on Herald's recent media are collected by
// inbox_sweep tasks (a first sweep reads one page, later ones keep only what is newer than the
// cursor), linked to the post; a comment gone from a media's whole list is marked deleted; an
// answer from POST /api/inbox/:id/reply is POST /{ig-comment-id}/replies; PATCH /api/inbox/:id
// hides and unhides on Instagram first, and a refusal writes nothing. The media read are the
// account's own (GET /{ig-user-id}/media, posted through Herald or not) with Herald's published
// targets: a comment under media posted in Instagram's app arrives unlinked (postTargetId null).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { resetClock, setClock } from "../../lib/clock";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { INBOX_IDLE_MS, sweepInbox } from "../../lib/inbox/sweep";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { graphInboxForFile, type IgComment, type IgOwnMedia } from "../support/meta-inbox-fixtures";

const T0 = new Date("2031-03-02T10:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const TOKEN = "ig-user-token-0001";
const IG_USER = "17841400000000001";
const MEDIA = "17900000000000001";
const MEDIA_URL = "https://www.instagram.com/p/DAbCdEf/";

const graph = graphInboxForFile(TOKEN);

async function igAccount(workspaceId: string) {
  return db().socialAccount.create({ data: { workspaceId, platform: "instagram", handle: `bakery_${Math.random().toString(36).slice(2, 8)}`, credentials: encryptJson({ igUserId: IG_USER, accessToken: TOKEN }) } });
}

async function ourMedia(workspaceId: string, accountId: string, publishedAt: Date) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform: "instagram", status: "published", platformPostId: MEDIA, url: MEDIA_URL, publishedAt } });
}

const c = (n: number, when: Date, text: string, replies?: IgComment[]): IgComment => ({ id: `1780000000000${String(n).padStart(4, "0")}`, text, username: `fan_${n}`, timestamp: when.toISOString(), from: { id: `9000${n}`, username: `fan_${n}` }, ...(replies && { replies }) });
const reads = () => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${MEDIA}/comments`);

async function sweep(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

describe("Instagram inbox", () => {
  it("collects comments and replies on our recent media, one page first, then only newer ones, and marks a deleted comment", async () => {
    const { workspace } = await workspaceWithKey("Instagram Inbox Bakery");
    const account = await igAccount(workspace.id);
    const target = await ourMedia(workspace.id, account.id, T0);
    const list = Array.from({ length: 55 }, (_, i) => c(i + 1, at((i + 1) * MIN), `Yum ${i + 1}`));
    // Comment 50 has a fan's reply and the account's own (not inbox material).
    list[49].replies = [c(500, at(57 * MIN), "Same here"), { ...c(501, at(58 * MIN), "Thank you!"), username: "bakery", from: { id: IG_USER, username: "bakery" } }];
    graph().igComments.set(MEDIA, list);

    await sweep(workspace.id, at(60 * MIN));
    expect(reads()).toHaveLength(1);
    expect(reads()[0].query.get("fields")).toContain("replies{");
    expect(reads()[0].query.get("access_token")).toBe(TOKEN);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    // The newest 50 comments and the fan's reply.
    expect(items).toHaveLength(51);
    expect(items.every((i) => i.postTargetId === target.id && i.url === MEDIA_URL && !i.simulated)).toBe(true);
    expect(items.find((i) => i.text === "Same here")).toMatchObject({ kind: "reply", remoteParentId: list[49].id, remoteRootId: MEDIA, authorHandle: "fan_500" });
    expect(items.find((i) => i.text === "Yum 6")).toMatchObject({ kind: "comment", remoteParentId: MEDIA });
    expect(items.some((i) => i.text === "Thank you!" || i.text === "Yum 5")).toBe(false);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(58 * MIN).toISOString());

    // A new comment and a reply; comment 7 is deleted on Instagram.
    list.push(c(56, at(70 * MIN), "Is it gluten free?"));
    list[9].replies = [c(502, at(71 * MIN), "Agreed")];
    graph().igComments.set(MEDIA, list.filter((x) => x.text !== "Yum 7"));
    graph().requests.length = 0;
    await sweep(workspace.id, at(72 * MIN + INBOX_IDLE_MS));
    expect(reads().map((r) => r.query.get("after"))).toEqual([null, "50"]);
    const after = await db().inboxItem.findMany({ where: { accountId: account.id } });
    // Only the two newer ones are added (not comments 1-5, older than the cursor).
    expect(after).toHaveLength(53);
    expect(after.find((i) => i.text === "Agreed")).toMatchObject({ kind: "reply", remoteParentId: list[9].id, postTargetId: target.id });
    const gone = after.filter((i) => i.deletedAt);
    expect(gone.map((i) => i.text)).toEqual(["Yum 7"]);
    expect(await db().inboxEvent.count({ where: { itemId: gone[0].id, action: "deleted_remote" } })).toBe(1);
  });
});

describe("Instagram inbox, media posted outside Herald", () => {
  const own = (id: string, when: Date): IgOwnMedia => ({ id, timestamp: when.toISOString(), permalink: `https://www.instagram.com/p/${id.slice(-4)}/` });
  const listReads = () => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${IG_USER}/media`).map((r) => Object.fromEntries(r.query));
  const readsOf = (id: string) => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${id}/comments`);
  async function target(workspaceId: string, accountId: string, platformPostId: string, publishedAt: Date) {
    const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
    return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform: "instagram", status: "published", platformPostId, url: MEDIA_URL, publishedAt } });
  }

  it("reads comments under the account's recent media whatever posted them: unlinked outside Herald, linked on Herald's, deletions included", async () => {
    const { workspace } = await workspaceWithKey("Instagram Outside Bakery");
    const account = await igAccount(workspace.id);
    const OUT = "17900000000000201"; // posted in Instagram's app
    const OLD = "17900000000000202"; // posted in the app before the window
    const OUT2 = "17900000000000203"; // posted in the app, older than OUT
    const ours = await target(workspace.id, account.id, MEDIA, at(-MIN)); // Herald's, missing from the list
    graph().igMedia.set(IG_USER, [own(OUT, at(-2 * MIN)), own(OUT2, at(-3 * MIN)), own(OLD, at(-8 * 24 * 60 * MIN))]);
    graph().igComments.set(MEDIA, [c(1, at(MIN), "Ours")]);
    graph().igComments.set(OUT, [c(2, at(2 * MIN), "From the app", [c(3, at(3 * MIN), "Reply there")]), c(4, at(4 * MIN), "Another")]);
    graph().igComments.set(OUT2, [c(6, at(5 * MIN), "Under the other app media")]);
    graph().igComments.set(OLD, [c(5, at(5 * MIN), "too old")]);

    const first = at(60 * MIN);
    await sweep(workspace.id, first);
    expect(listReads()).toEqual([{ fields: "id,timestamp,permalink", limit: "20", since: String(Math.floor((first.getTime() - 7 * 24 * 60 * MIN) / 1000)), access_token: TOKEN }]);
    expect([MEDIA, OUT, OUT2, OLD].map((id) => readsOf(id).length)).toEqual([1, 1, 1, 0]);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    const byText = (t: string) => items.find((i) => i.text === t);
    expect(items).toHaveLength(5);
    expect(byText("Under the other app media")).toMatchObject({ postTargetId: null, remoteRootId: OUT2 });
    expect(byText("From the app")).toMatchObject({ kind: "comment", postTargetId: null, remoteParentId: OUT, remoteRootId: OUT, url: "https://www.instagram.com/p/0201/" });
    expect(byText("Reply there")).toMatchObject({ kind: "reply", postTargetId: null, remoteParentId: c(2, T0, "").id, remoteRootId: OUT });
    expect(byText("Ours")).toMatchObject({ postTargetId: ours.id, remoteRootId: MEDIA, url: MEDIA_URL });

    // A comment under the app media is deleted: the next sweep reads that list whole and marks it,
    // and only it (not the other app media's comment).
    graph().igComments.set(OUT, graph().igComments.get(OUT)!.filter((x) => x.text !== "Another"));
    graph().requests.length = 0;
    await sweep(workspace.id, at(72 * MIN + INBOX_IDLE_MS));
    const gone = await db().inboxItem.findMany({ where: { accountId: account.id, deletedAt: { not: null } } });
    expect(gone.map((i) => i.text)).toEqual(["Another"]);
  });

  it("reads at most 20 media a sweep, the newest", async () => {
    const { workspace } = await workspaceWithKey("Instagram Many Media Bakery");
    const account = await igAccount(workspace.id);
    await target(workspace.id, account.id, MEDIA, at(-60 * MIN));
    graph().igMedia.set(IG_USER, Array.from({ length: 25 }, (_, i) => own(`179000000000003${String(i).padStart(2, "0")}`, at(-i * MIN))));
    await sweep(workspace.id, at(10 * MIN));
    const read = new Set(graph().requests.filter((r) => r.method === "GET" && r.path.endsWith("/comments")).map((r) => r.path.split("/")[2]));
    expect(read.size).toBe(20);
    expect(read.has(MEDIA)).toBe(false);
  });

  it("with the listing refused (instagram_basic), still reads Herald's media and says what is missing", async () => {
    const { workspace } = await workspaceWithKey("Instagram List Denied Bakery");
    const account = await igAccount(workspace.id);
    const OUT = "17900000000000401";
    const ours = await target(workspace.id, account.id, MEDIA, at(-MIN));
    graph().igMedia.set(IG_USER, [own(OUT, at(-2 * MIN))]);
    graph().igComments.set(MEDIA, [c(1, at(MIN), "Ours")]);
    graph().igComments.set(OUT, [c(2, at(MIN), "Not read")]);
    graph().denied.add("media");
    await sweep(workspace.id, at(10 * MIN));
    const task = await db().agentTask.findFirstOrThrow({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { createdAt: "desc" } });
    expect(task.status).toBe("completed");
    const notices = (task.result as { notices?: string[] }).notices ?? [];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/instagram_basic.*reconnect/i);
    expect(readsOf(OUT)).toHaveLength(0);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id } })).map((i) => [i.text, i.postTargetId])).toEqual([["Ours", ours.id]]);
  });
});

describe("answering and hiding on Instagram", () => {
  const answer = (id: string, key: string, body: unknown) => callRoute(replyRoute.POST, req("POST", `/api/inbox/${id}/reply`, { key, body }), { id });
  const patch = (id: string, key: string, body: unknown) => callRoute(itemRoute.PATCH, req("PATCH", `/api/inbox/${id}`, { key, body }), { id });
  const NOW = at(90 * MIN);
  beforeEach(() => setClock(NOW));
  afterEach(() => resetClock());

  async function collectedComment(name: string) {
    const { workspace, key } = await workspaceWithKey(name);
    const account = await igAccount(workspace.id);
    await ourMedia(workspace.id, account.id, at(0));
    graph().igComments.set(MEDIA, [c(1, at(30 * MIN), "Open on Sunday?")]);
    await sweep(workspace.id, NOW);
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id } });
    graph().requests.length = 0;
    return { workspace, key, account, item };
  }

  it("answers a comment with a reply under it", async () => {
    const { workspace, key, account, item } = await collectedComment("Instagram Reply Bakery");
    expect((await answer(item.id, key, { text: "Yes, from 8 until noon." })).status).toBe(202);
    await runProcessor({ at: NOW, workspaceId: workspace.id });
    const posts = graph().requests.filter((q) => q.method === "POST");
    expect(posts.map((q) => q.path)).toEqual([`/${GRAPH_API_VERSION}/${item.remoteId}/replies`]);
    expect(posts[0].body).toMatchObject({ message: "Yes, from 8 until noon.", access_token: TOKEN });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteId: graph().created[0].id, remoteParentId: item.remoteId, text: "Yes, from 8 until noon." });
  });

  it("hides and unhides on Instagram, and a refusal changes nothing", async () => {
    const { key, item } = await collectedComment("Instagram Hide Bakery");
    const path = `/${GRAPH_API_VERSION}/${item.remoteId}`;
    graph().once("POST", path, { status: 400, json: { error: { message: "(#10) Application does not have permission for this action", type: "OAuthException", code: 10, fbtrace_id: "AbC" } } });
    const refused = await patch(item.id, key, { status: "hidden" });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(/Instagram refused to hide/);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("open");
    expect(await db().inboxEvent.count({ where: { itemId: item.id, action: "hidden" } })).toBe(0);

    expect((await patch(item.id, key, { status: "hidden" })).body.item.status).toBe("hidden");
    expect((await patch(item.id, key, { status: "done" })).body.item.status).toBe("done");
    const hides = graph().requests.filter((q) => q.method === "POST" && q.path === path).map((q) => q.body);
    expect(hides).toEqual([
      { hide: true, access_token: TOKEN },
      { hide: true, access_token: TOKEN },
      { hide: false, access_token: TOKEN },
    ]);
    expect((await db().inboxEvent.findFirstOrThrow({ where: { itemId: item.id, action: "hidden" } })).detail).toEqual({ remote: true });
  });
});
