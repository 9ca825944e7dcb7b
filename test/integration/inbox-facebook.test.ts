// A Facebook Page's community inbox (docs/decisions.md, "Inbox") against a local Graph API: the
// comments on Herald's recent published posts are collected by inbox_sweep tasks (a first sweep
// reads one page, later ones only what is newer, by `since`), linked to the post; one post's whole
// list is re-read per sweep and a comment gone from it is marked deleted; an answer from
// POST /api/inbox/:id/reply is a comment under the answered comment; PATCH /api/inbox/:id hides
// and unhides on Facebook first, and a refusal writes nothing. The posts read are the Page's own
// (GET /{page-id}/published_posts, made through Herald or not) with Herald's published targets:
// a comment under a post made in Facebook's apps arrives unlinked (postTargetId null).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { resetClock, setClock } from "../../lib/clock";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { INBOX_IDLE_MS, sweepInbox } from "../../lib/inbox/sweep";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { graphInboxForFile, type FbComment, type FbPagePost } from "../support/meta-inbox-fixtures";

const T0 = new Date("2031-03-02T10:00:00Z");
const MIN = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const TOKEN = "fb-page-token-0001";
const PAGE_ID = "1001";

const graph = graphInboxForFile(TOKEN);

async function page(workspaceId: string) {
  return db().socialAccount.create({ data: { workspaceId, platform: "facebook", handle: `page-${Math.random().toString(36).slice(2, 8)}`, credentials: encryptJson({ pageId: PAGE_ID, pageAccessToken: TOKEN }) } });
}

async function ourPost(workspaceId: string, accountId: string, platformPostId: string, publishedAt: Date) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform: "facebook", status: "published", platformPostId, publishedAt } });
}

function comment(post: string, n: number, when: Date, text: string, parent?: string): FbComment {
  return { id: `${post.split("_")[1]}_${n}`, message: text, from: { id: String(7000 + n), name: `Fan ${n}` }, created_time: when.toISOString(), ...(parent && { parent: { id: parent } }), permalink_url: `https://www.facebook.com/${post}?comment_id=${n}` };
}

const commentReads = (object: string) => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${object}/comments`);
/** A sweep time whose minute makes the sweep re-read post `index` of `n` in full (lib/inbox/facebook.ts). */
const minuteFor = (base: Date, index: number, n: number) => {
  const m = Math.floor(base.getTime() / MIN);
  return new Date((m + ((index - (m % n) + n) % n)) * MIN);
};

async function sweep(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

describe("Facebook inbox", () => {
  it("collects comments on our recent posts, one page first, then only newer ones, and marks a deleted comment", async () => {
    const { workspace } = await workspaceWithKey("Facebook Inbox Bakery");
    const account = await page(workspace.id);
    const A = `${PAGE_ID}_5001`;
    const B = `${PAGE_ID}_5002`;
    const OLD = `${PAGE_ID}_4000`;
    const targetA = await ourPost(workspace.id, account.id, A, at(-MIN));
    const targetB = await ourPost(workspace.id, account.id, B, at(-2 * MIN));
    await ourPost(workspace.id, account.id, OLD, at(-30 * 24 * 60 * MIN));
    graph().comments.set(A, Array.from({ length: 55 }, (_, i) => comment(A, i + 1, at((i + 1) * MIN), `Looks great ${i + 1}!`)));
    // The Page's own comment is not inbox material.
    graph().comments.get(A)!.push({ ...comment(A, 99, at(56 * MIN), "Thanks all!"), from: { id: PAGE_ID, name: "Corner Bakery" } });
    graph().comments.set(B, [comment(B, 1, at(3 * MIN), "Do you deliver?"), comment(B, 2, at(4 * MIN), "Yes please", `${B.split("_")[1]}_1`)]);
    graph().comments.set(OLD, [comment(OLD, 1, at(5 * MIN), "old news")]);

    const first = at(60 * MIN);
    await sweep(workspace.id, first);
    // One page per recent post, nothing of the old one.
    expect(commentReads(A)).toHaveLength(1);
    expect(commentReads(A)[0].query.get("since")).toBeNull();
    expect(commentReads(A)[0].query.get("filter")).toBe("stream");
    expect(commentReads(A)[0].query.get("order")).toBe("reverse_chronological");
    expect(commentReads(A)[0].query.get("access_token")).toBe(TOKEN);
    expect(commentReads(B)).toHaveLength(1);
    expect(commentReads(OLD)).toHaveLength(0);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    // A's newest 50 (the Page's own left out: 49 of fans) and B's two.
    expect(items).toHaveLength(51);
    expect(items.filter((i) => i.postTargetId === targetA.id)).toHaveLength(49);
    const reply = items.find((i) => i.text === "Yes please")!;
    expect(reply).toMatchObject({ kind: "reply", postTargetId: targetB.id, remoteParentId: "5002_1", remoteRootId: B, authorName: "Fan 2", simulated: false });
    expect(items.find((i) => i.text === "Do you deliver?")).toMatchObject({ kind: "comment", remoteParentId: B, url: "https://www.facebook.com/1001_5002?comment_id=1" });
    expect(items.some((i) => i.text === "Thanks all!" || i.text === "old news")).toBe(false);
    const cursor = (await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor;
    expect(cursor).toBe(at(56 * MIN).toISOString());

    // New comments on A; B's first comment is deleted on Facebook. The next sweep asks A only for
    // what is newer and re-reads B whole.
    graph().comments.get(A)!.push(comment(A, 100, at(70 * MIN), "This is broken, I want a refund"));
    graph().comments.get(A)!.push(comment(A, 101, at(71 * MIN), "Agreed!", "5001_100"));
    graph().comments.set(B, graph().comments.get(B)!.filter((c) => c.id !== "5002_1"));
    graph().requests.length = 0;
    const second = minuteFor(at(72 * MIN + INBOX_IDLE_MS), 1, 2);
    await sweep(workspace.id, second);
    expect(commentReads(A).map((r) => r.query.get("since"))).toEqual([String(at(56 * MIN).getTime() / 1000)]);
    expect(commentReads(B).map((r) => r.query.get("since"))).toEqual([null]);
    const after = await db().inboxItem.findMany({ where: { accountId: account.id } });
    expect(after).toHaveLength(53);
    expect(after.find((i) => i.text === "Agreed!")).toMatchObject({ kind: "reply", remoteParentId: "5001_100", postTargetId: targetA.id });
    const gone = after.find((i) => i.remoteId === "5002_1")!;
    expect(gone.deletedAt).not.toBeNull();
    expect(after.find((i) => i.remoteId === "5002_2")!.deletedAt).toBeNull();
    expect(await db().inboxEvent.count({ where: { itemId: gone.id, action: "deleted_remote" } })).toBe(1);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(71 * MIN).toISOString());
  });
});

describe("Facebook inbox, posts made outside Herald", () => {
  const pagePost = (id: string, when: Date): FbPagePost => ({ id, created_time: when.toISOString(), permalink_url: `https://www.facebook.com/${id}` });
  const listReads = () => graph().requests.filter((r) => r.method === "GET" && r.path === `/${GRAPH_API_VERSION}/${PAGE_ID}/published_posts`).map((r) => Object.fromEntries(r.query));

  it("reads comments under the Page's recent posts whatever made them: unlinked outside Herald, linked on Herald's (listed or not), deletions included", async () => {
    const { workspace } = await workspaceWithKey("Facebook Outside Bakery");
    const account = await page(workspace.id);
    const H = `${PAGE_ID}_5101`; // Herald's, missing from the list
    const BOTH = `${PAGE_ID}_5102`; // Herald's, listed too
    const OUT = `${PAGE_ID}_5103`; // made in Facebook's apps
    const OLD = `${PAGE_ID}_5104`; // made in the apps, before the window
    const OUT2 = `${PAGE_ID}_5105`; // made in the apps, older than OUT
    const targetH = await ourPost(workspace.id, account.id, H, at(-MIN));
    const targetBoth = await ourPost(workspace.id, account.id, BOTH, at(-2 * MIN));
    graph().published.set(PAGE_ID, [pagePost(BOTH, at(-2 * MIN)), pagePost(OUT, at(-3 * MIN)), pagePost(OUT2, at(-4 * MIN)), pagePost(OLD, at(-8 * 24 * 60 * MIN))]);
    graph().comments.set(H, [comment(H, 1, at(MIN), "Ours, unlisted")]);
    graph().comments.set(BOTH, [comment(BOTH, 1, at(2 * MIN), "Ours, listed")]);
    graph().comments.set(OUT, [comment(OUT, 1, at(3 * MIN), "From the app post"), comment(OUT, 2, at(4 * MIN), "Reply there", "5103_1")]);
    graph().comments.set(OUT2, [comment(OUT2, 1, at(5 * MIN), "Under the other app post")]);
    graph().comments.set(OLD, [comment(OLD, 1, at(5 * MIN), "too old")]);
    // A mention (unlinked too): never taken for a deleted comment of a post.
    graph().tagged.set(PAGE_ID, [{ id: "8100_1", message: "Tagged you", created_time: at(6 * MIN).toISOString() }]);

    const first = at(60 * MIN);
    await sweep(workspace.id, first);
    // One listing call: the window's start as `since` (seconds), a page of 20, the fields used.
    expect(listReads()).toEqual([{ fields: "id,created_time,permalink_url", limit: "20", since: String(Math.floor((first.getTime() - 7 * 24 * 60 * MIN) / 1000)), access_token: TOKEN }]);
    expect([H, BOTH, OUT, OUT2, OLD].map((p) => commentReads(p).length)).toEqual([1, 1, 1, 1, 0]);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id } });
    const byText = (t: string) => items.find((i) => i.text === t);
    expect(items).toHaveLength(6);
    expect(byText("Under the other app post")).toMatchObject({ postTargetId: null, remoteRootId: OUT2 });
    expect(byText("Tagged you")).toMatchObject({ kind: "mention", postTargetId: null });
    expect(byText("From the app post")).toMatchObject({ kind: "comment", postTargetId: null, remoteParentId: OUT, remoteRootId: OUT });
    expect(byText("Reply there")).toMatchObject({ kind: "reply", postTargetId: null, remoteParentId: "5103_1", remoteRootId: OUT });
    expect(byText("Ours, unlisted")).toMatchObject({ postTargetId: targetH.id, remoteRootId: H });
    expect(byText("Ours, listed")).toMatchObject({ postTargetId: targetBoth.id, remoteRootId: BOTH });

    // The comment under the app post is deleted; the sweep that re-reads that post (third of four,
    // newest first) marks it, and only it (not the other app post's comment, not the mention).
    graph().comments.set(OUT, graph().comments.get(OUT)!.filter((c) => c.id !== "5103_1"));
    graph().requests.length = 0;
    await sweep(workspace.id, minuteFor(at(72 * MIN + INBOX_IDLE_MS), 2, 4));
    expect(commentReads(OUT).map((r) => r.query.get("since"))).toEqual([null]);
    const after = await db().inboxItem.findMany({ where: { accountId: account.id, deletedAt: { not: null } } });
    expect(after.map((i) => i.remoteId)).toEqual(["5103_1"]);
  });

  it("reads at most 20 posts a sweep, the newest, even with Herald's older one beside a full list", async () => {
    const { workspace } = await workspaceWithKey("Facebook Many Posts Bakery");
    const account = await page(workspace.id);
    const ours = `${PAGE_ID}_5200`;
    await ourPost(workspace.id, account.id, ours, at(-60 * MIN));
    graph().published.set(PAGE_ID, Array.from({ length: 25 }, (_, i) => pagePost(`${PAGE_ID}_53${String(i).padStart(2, "0")}`, at(-i * MIN))));
    await sweep(workspace.id, at(10 * MIN));
    const read = new Set(graph().requests.filter((r) => r.method === "GET" && r.path.endsWith("/comments")).map((r) => r.path.split("/")[2]));
    expect(read.size).toBe(20);
    expect(read.has(ours)).toBe(false);
    expect(read.has(`${PAGE_ID}_5300`) && read.has(`${PAGE_ID}_5319`)).toBe(true);
  });

  it("with the listing refused, still reads Herald's posts and says what is missing", async () => {
    const { workspace } = await workspaceWithKey("Facebook List Denied Bakery");
    const account = await page(workspace.id);
    const H = `${PAGE_ID}_5401`;
    const OUT = `${PAGE_ID}_5402`;
    const target = await ourPost(workspace.id, account.id, H, at(-MIN));
    graph().published.set(PAGE_ID, [pagePost(OUT, at(-2 * MIN))]);
    graph().comments.set(H, [comment(H, 1, at(MIN), "Ours")]);
    graph().comments.set(OUT, [comment(OUT, 1, at(MIN), "Not read")]);
    graph().denied.add("published_posts");
    await sweep(workspace.id, at(10 * MIN));
    const task = await db().agentTask.findFirstOrThrow({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { createdAt: "desc" } });
    expect(task.status).toBe("completed");
    const notices = (task.result as { notices?: string[] }).notices ?? [];
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/pages_read_engagement.*reconnect/i);
    expect(commentReads(OUT)).toHaveLength(0);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id } })).map((i) => [i.text, i.postTargetId])).toEqual([["Ours", target.id]]);
  });
});

describe("answering and hiding on Facebook", () => {
  const answer = (id: string, key: string, body: unknown) => callRoute(replyRoute.POST, req("POST", `/api/inbox/${id}/reply`, { key, body }), { id });
  const patch = (id: string, key: string, body: unknown) => callRoute(itemRoute.PATCH, req("PATCH", `/api/inbox/${id}`, { key, body }), { id });
  const NOW = at(90 * MIN);
  beforeEach(() => setClock(NOW));
  afterEach(() => resetClock());

  async function collectedComment(name: string) {
    const { workspace, key } = await workspaceWithKey(name);
    const account = await page(workspace.id);
    const A = `${PAGE_ID}_5001`;
    await ourPost(workspace.id, account.id, A, at(0));
    graph().comments.set(A, [comment(A, 1, at(30 * MIN), "Open on Sunday?")]);
    await sweep(workspace.id, NOW);
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id } });
    graph().requests.length = 0;
    return { workspace, key, account, item };
  }

  it("answers a comment with a comment under it", async () => {
    const { workspace, key, account, item } = await collectedComment("Facebook Reply Bakery");
    const r = await answer(item.id, key, { text: "Yes, from 8 until noon." });
    expect(r.status).toBe(202);
    await runProcessor({ at: NOW, workspaceId: workspace.id });
    const posts = graph().requests.filter((q) => q.method === "POST" && q.path.endsWith("/comments"));
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe(`/${GRAPH_API_VERSION}/5001_1/comments`);
    expect(posts[0].body).toMatchObject({ message: "Yes, from 8 until noon.", access_token: TOKEN });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteId: graph().created[0].id, remoteParentId: "5001_1", text: "Yes, from 8 until noon." });
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).answeredAt).not.toBeNull();
  });

  it("hides and unhides on Facebook, and a refusal changes nothing", async () => {
    const { key, item } = await collectedComment("Facebook Hide Bakery");
    const hidden = await patch(item.id, key, { status: "hidden" });
    expect(hidden.status).toBe(200);
    expect(hidden.body.item.status).toBe("hidden");
    const hides = graph().requests.filter((q) => q.method === "POST" && q.path === `/${GRAPH_API_VERSION}/5001_1`);
    expect(hides.map((q) => q.body)).toEqual([{ is_hidden: true, access_token: TOKEN }]);
    const ev = await db().inboxEvent.findFirstOrThrow({ where: { itemId: item.id, action: "hidden" } });
    expect(ev.detail).toEqual({ remote: true });

    // Facebook refuses to show it again: 502, still hidden, no history entry.
    graph().once("POST", `/${GRAPH_API_VERSION}/5001_1`, { status: 400, json: { error: { message: "(#10) Permission denied", type: "OAuthException", code: 10, fbtrace_id: "AbC" } } });
    const refused = await patch(item.id, key, { status: "open" });
    expect(refused.status).toBe(502);
    expect(refused.body.error.message).toMatch(/Facebook refused to unhide/);
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("hidden");
    expect(await db().inboxEvent.count({ where: { itemId: item.id, action: "reopened" } })).toBe(0);

    const shown = await patch(item.id, key, { status: "open" });
    expect(shown.body.item.status).toBe("open");
    const last = graph().requests.filter((q) => q.method === "POST" && q.path === `/${GRAPH_API_VERSION}/5001_1`).at(-1)!;
    expect(last.body).toMatchObject({ is_hidden: false });
    expect((await db().inboxEvent.findFirstOrThrow({ where: { itemId: item.id, action: "reopened" } })).detail).toEqual({ remote: true });
  });
});
