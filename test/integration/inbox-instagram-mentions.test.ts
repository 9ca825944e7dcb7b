// Instagram @mentions through Meta's Instagram webhook, field `mentions` (docs/inbox.md,
// "Instagram @mentions"), against a local Graph API: a signed call naming a caption mention and a
// comment mention answers 200 at once, and after the response the mentions are read
// (mentioned_media / mentioned_comment) and kept as inbox items with text, author and link; a
// wrong signature is 401 and nothing is read or written; Meta delivering the same call twice makes
// one item; an IG user id no workspace connected is acknowledged and ignored; the subscription
// check answers the challenge; an answer goes out once as POST /{ig-user-id}/mentions.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as webhook from "../../app/api/webhooks/instagram/route";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { runAfterResponseWork } from "../../lib/after-response";
import { resetClock, setClock } from "../../lib/clock";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { signatureOf } from "../../lib/social/meta/webhook";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const T0 = new Date("2031-04-07T09:00:00Z");
const SECRET = "meta-app-secret-0001";
const VERIFY = "ig-verify-token-0001";
const TOKEN = "ig-user-token-0001";
const V = GRAPH_API_VERSION.replace(".", "\\.");
const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+0000");

interface Media { id: string; caption: string; timestamp: string; permalink: string; username: string; media_type: string }
interface Comment { id: string; text: string; timestamp: string; username: string; media: { id: string; permalink: string } }

let graph: FixtureServer;
const media = new Map<string, Media>();
const comments = new Map<string, Comment>();
const answered: Record<string, unknown>[] = [];

beforeAll(async () => {
  graph = await startFixtureServer();
  // GET /{ig-user-id}?fields=mentioned_media.media_id(ID){…} | mentioned_comment.comment_id(ID){…}
  graph.on("GET", new RegExp(`^/${V}/\\d+$`), (r) => {
    if (r.query.get("access_token") !== TOKEN) return { status: 400, json: { error: { message: "Invalid OAuth access token", type: "OAuthException", code: 190 } } };
    const fields = r.query.get("fields") ?? "";
    const id = r.path.split("/")[2];
    const m = /^mentioned_media\.media_id\((\d+)\)\{(.+)\}$/.exec(fields);
    if (m) return media.has(m[1]) ? { json: { mentioned_media: media.get(m[1]), id } } : { status: 400, json: { error: { message: "(#100) Invalid media id", type: "OAuthException", code: 100 } } };
    const c = /^mentioned_comment\.comment_id\((\d+)\)\{(.+)\}$/.exec(fields);
    if (c) return comments.has(c[1]) ? { json: { mentioned_comment: comments.get(c[1]), id } } : { status: 400, json: { error: { message: "(#100) Invalid comment id", type: "OAuthException", code: 100 } } };
    return { status: 400, json: { error: { message: `(#100) Unexpected fields ${fields}`, type: "OAuthException", code: 100 } } };
  });
  // POST /{ig-user-id}/mentions with media_id (and comment_id) and message → {"id"}.
  graph.on("POST", new RegExp(`^/${V}/\\d+/mentions$`), (r) => {
    const body = r.body as Record<string, unknown>;
    if (body.access_token !== TOKEN) return { status: 400, json: { error: { message: "Invalid OAuth access token", type: "OAuthException", code: 190 } } };
    answered.push(body);
    return { json: { id: `1799000000000${String(answered.length).padStart(4, "0")}` } };
  });
  process.env.GRAPH_API_URL = graph.url;
  process.env.META_APP_SECRET = SECRET;
  process.env.INSTAGRAM_WEBHOOK_VERIFY_TOKEN = VERIFY;
  resetEnvCache();
});
afterAll(async () => {
  await graph.close();
  for (const k of ["GRAPH_API_URL", "META_APP_SECRET", "INSTAGRAM_WEBHOOK_VERIFY_TOKEN"]) delete process.env[k];
  resetEnvCache();
});
beforeEach(async () => {
  setClock(T0);
  graph.requests.length = 0;
  answered.length = 0;
  media.clear();
  comments.clear();
  await runAfterResponseWork();
});
afterEach(() => resetClock());

function call(entries: { id: string; changes: { field: string; value: unknown }[] }[], secret = SECRET) {
  const raw = JSON.stringify({ object: "instagram", entry: entries.map((e) => ({ ...e, time: Math.floor(T0.getTime() / 1000) })) });
  return new Request("http://localhost/api/webhooks/instagram", {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signatureOf(Buffer.from(raw), secret) },
    body: raw,
  });
}
const post = async (r: Request) => {
  const res = await webhook.POST(r);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const mention = (mediaId: string, commentId?: string) => ({ field: "mentions", value: { media_id: mediaId, ...(commentId && { comment_id: commentId }) } });

async function igAccount(workspaceId: string, igUserId: string) {
  return db().socialAccount.create({ data: { workspaceId, platform: "instagram", handle: `bakery_${Math.random().toString(36).slice(2, 8)}`, credentials: encryptJson({ igUserId, accessToken: TOKEN }) } });
}

function seedMentions(n: number) {
  const mediaId = `1790000000000${n}01`;
  const commentId = `1780000000000${n}02`;
  const onMedia = `1790000000000${n}03`;
  media.set(mediaId, { id: mediaId, caption: "Best croissants in town @bakery!", timestamp: graphTime(new Date(T0.getTime() - 60_000)), permalink: `https://www.instagram.com/p/Cap${n}/`, username: "foodie_anna", media_type: "IMAGE" });
  comments.set(commentId, { id: commentId, text: "@bakery do you deliver?", timestamp: graphTime(new Date(T0.getTime() - 30_000)), username: "hungry_ben", media: { id: onMedia, permalink: `https://www.instagram.com/p/Com${n}/` } });
  return { mediaId, commentId, onMedia };
}

describe("Instagram mentions webhook", () => {
  it("answers Meta's subscription check with the challenge, refuses a wrong token, and is 404 while unconfigured", async () => {
    const check = (q: string) => webhook.GET(new Request(`http://localhost/api/webhooks/instagram?${q}`));
    const ok = await check(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    expect((await check("hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")).status).toBe(403);
    delete process.env.INSTAGRAM_WEBHOOK_VERIFY_TOKEN;
    resetEnvCache();
    try {
      expect((await check(`hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1`)).status).toBe(404);
      expect((await post(call([{ id: "17841400000000009", changes: [mention("1")] }]))).status).toBe(404);
    } finally {
      process.env.INSTAGRAM_WEBHOOK_VERIFY_TOKEN = VERIFY;
      resetEnvCache();
    }
  });

  it("keeps a caption mention and a comment mention as inbox items with text, author and link, read after the response", async () => {
    const IG = "17841400000000101";
    const { workspace } = await workspaceWithKey("IG Mentions Bakery");
    const account = await igAccount(workspace.id, IG);
    const { mediaId, commentId, onMedia } = seedMentions(1);
    const res = await post(call([{ id: IG, changes: [mention(mediaId), mention(onMedia, commentId), { field: "comments", value: { id: "1" } }] }]));
    expect(res).toEqual({ status: 200, body: { ok: true, mentions: 2, accounts: 2, ignored: 0 } });
    // Nothing read before the response went out.
    expect(graph.requests).toHaveLength(0);
    expect(await db().agentTask.count({ where: { accountId: account.id, type: "inbox_sweep", status: "pending" } })).toBe(2);
    expect(await runAfterResponseWork()).toBe(1);
    // One task each (run side by side, in either order).
    const reads = graph.requests.map((r) => r.query.get("fields"));
    expect(reads.sort()).toEqual([
      `mentioned_comment.comment_id(${commentId}){id,text,timestamp,username,media{id,permalink}}`,
      `mentioned_media.media_id(${mediaId}){id,caption,timestamp,permalink,username,media_type}`,
    ]);
    expect(graph.requests.every((r) => r.path === `/${GRAPH_API_VERSION}/${IG}`)).toBe(true);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ kind: "mention", remoteId: `mention:${mediaId}`, remoteRootId: mediaId, authorHandle: "foodie_anna", text: "Best croissants in town @bakery!", url: "https://www.instagram.com/p/Cap1/", simulated: false, workspaceId: workspace.id });
    expect(items[1]).toMatchObject({ kind: "mention", remoteId: commentId, remoteParentId: onMedia, authorHandle: "hungry_ben", text: "@bakery do you deliver?", url: "https://www.instagram.com/p/Com1/" });
    expect(items[1].remoteCreatedAt.toISOString()).toBe(new Date(T0.getTime() - 30_000).toISOString());
    expect(await db().inboxEvent.count({ where: { itemId: { in: items.map((i) => i.id) }, action: "collected" } })).toBe(2);
  });

  it("refuses a wrong signature (401) and a body that is not Meta's (400), reading and writing nothing", async () => {
    const IG = "17841400000000201";
    const { workspace } = await workspaceWithKey("IG Forged Bakery");
    const account = await igAccount(workspace.id, IG);
    const { mediaId } = seedMentions(2);
    const forged = await post(call([{ id: IG, changes: [mention(mediaId)] }], "not-the-secret"));
    expect(forged.status).toBe(401);
    const unsigned = await webhook.POST(new Request("http://localhost/api/webhooks/instagram", { method: "POST", body: "{}" }));
    expect(unsigned.status).toBe(401);
    const raw = JSON.stringify({ object: "instagram", entry: "nope" });
    const bad = await webhook.POST(new Request("http://localhost/api/webhooks/instagram", { method: "POST", headers: { "x-hub-signature-256": signatureOf(Buffer.from(raw), SECRET) }, body: raw }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/not an Instagram webhook call/);
    const notJson = await webhook.POST(new Request("http://localhost/api/webhooks/instagram", { method: "POST", headers: { "x-hub-signature-256": signatureOf(Buffer.from("{nope"), SECRET) }, body: "{nope" }));
    expect(notJson.status).toBe(400);
    expect(await runAfterResponseWork()).toBe(0);
    expect(graph.requests).toHaveLength(0);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(0);
    expect(await db().agentTask.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("retries a mention whose Graph read failed, on the scheduler's backoff", async () => {
    const IG = "17841400000000601";
    const { workspace } = await workspaceWithKey("IG Retry Bakery");
    const account = await igAccount(workspace.id, IG);
    const { mediaId } = seedMentions(6);
    graph.once("GET", `/${GRAPH_API_VERSION}/${IG}`, { status: 500, json: { error: { message: "An unexpected error has occurred. Please retry your request later.", type: "OAuthException", code: 2, is_transient: true } } });
    expect((await post(call([{ id: IG, changes: [mention(mediaId)] }]))).status).toBe(200);
    await runAfterResponseWork();
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(0);
    const task = await db().agentTask.findFirstOrThrow({ where: { accountId: account.id } });
    expect(task).toMatchObject({ type: "inbox_sweep", status: "pending", retryCount: 1 });
    await runProcessor({ at: new Date(task.scheduledAt.getTime() + 1000), workspaceId: workspace.id });
    expect(await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id } })).toMatchObject({ remoteId: `mention:${mediaId}`, text: "Best croissants in town @bakery!" });
    expect(graph.requests).toHaveLength(2);
  });

  it("makes one item when Meta delivers the same call twice", async () => {
    const IG = "17841400000000301";
    const { workspace } = await workspaceWithKey("IG Twice Bakery");
    const account = await igAccount(workspace.id, IG);
    const { commentId, onMedia } = seedMentions(3);
    expect((await post(call([{ id: IG, changes: [mention(onMedia, commentId)] }]))).status).toBe(200);
    expect((await post(call([{ id: IG, changes: [mention(onMedia, commentId)] }]))).status).toBe(200);
    await runAfterResponseWork();
    expect((await post(call([{ id: IG, changes: [mention(onMedia, commentId)] }]))).status).toBe(200);
    await runAfterResponseWork();
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(1);
    expect(await db().inboxEvent.count({ where: { workspaceId: workspace.id, action: "collected" } })).toBe(1);
    // The first delivery's work read it once; the repeats found it held and did not read it again.
    expect(graph.requests).toHaveLength(1);
  });

  it("acknowledges and ignores a mention for an Instagram account no workspace connected", async () => {
    const { workspace } = await workspaceWithKey("IG Other Bakery");
    await igAccount(workspace.id, "17841400000000401");
    const { mediaId } = seedMentions(4);
    const res = await post(call([{ id: "17841400000000499", changes: [mention(mediaId)] }]));
    expect(res).toEqual({ status: 200, body: { ok: true, mentions: 1, accounts: 0, ignored: 1 } });
    expect(await runAfterResponseWork()).toBe(0);
    expect(graph.requests).toHaveLength(0);
    expect(await db().inboxItem.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("answering an Instagram mention", () => {
  const answer = (id: string, key: string, body: unknown) => callRoute(replyRoute.POST, req("POST", `/api/inbox/${id}/reply`, { key, body }), { id });

  it("answers a caption mention and a comment mention once each with POST /{ig-user-id}/mentions; a tag mention stays unanswerable", async () => {
    const IG = "17841400000000501";
    const { workspace, key } = await workspaceWithKey("IG Answer Bakery");
    const account = await igAccount(workspace.id, IG);
    const { mediaId, commentId, onMedia } = seedMentions(5);
    await post(call([{ id: IG, changes: [mention(mediaId), mention(onMedia, commentId)] }]));
    await runAfterResponseWork();
    const caption = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, remoteId: `mention:${mediaId}` } });
    const onComment = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, remoteId: commentId } });
    graph.requests.length = 0;

    expect((await answer(caption.id, key, { text: "Thank you, Anna!" })).status).toBe(202);
    // The same answer sent again (a double click) is the same task.
    expect((await answer(caption.id, key, { text: "Thank you, Anna!" })).status).toBe(200);
    expect((await answer(onComment.id, key, { text: "Yes, within 5 km." })).status).toBe(202);
    await runProcessor({ at: T0, workspaceId: workspace.id });
    await runProcessor({ at: new Date(T0.getTime() + 60 * 60_000), workspaceId: workspace.id });

    const posts = graph.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => r.path)).toEqual([`/${GRAPH_API_VERSION}/${IG}/mentions`, `/${GRAPH_API_VERSION}/${IG}/mentions`]);
    expect(answered).toEqual(expect.arrayContaining([
      { media_id: mediaId, message: "Thank you, Anna!", access_token: TOKEN },
      { media_id: onMedia, comment_id: commentId, message: "Yes, within 5 km.", access_token: TOKEN },
    ]));
    const ours = await db().inboxItem.findMany({ where: { accountId: account.id, outgoing: true }, orderBy: { remoteId: "asc" } });
    expect(ours.map((o) => o.remoteParentId).sort()).toEqual([caption.remoteId, commentId].sort());
    expect((await db().inboxItem.findUniqueOrThrow({ where: { id: caption.id } })).answeredAt).not.toBeNull();

    // A mention from /tags (the bare media id, no parent) cannot be answered by an app.
    const tag = await db().inboxItem.create({ data: { workspaceId: workspace.id, accountId: account.id, platform: "instagram", kind: "mention", remoteId: "17900000000009999", remoteRootId: "17900000000009999", authorHandle: "tagger", text: "with @bakery", remoteCreatedAt: T0, collectedAt: T0 } });
    const refused = await answer(tag.id, key, { text: "Hi" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/tagged in/);
  });

  it("never sends an answer twice when its result was lost: it goes to review", async () => {
    const IG = "17841400000000701";
    const { workspace, key } = await workspaceWithKey("IG Doubt Bakery");
    const account = await igAccount(workspace.id, IG);
    const { commentId, onMedia } = seedMentions(7);
    await post(call([{ id: IG, changes: [mention(onMedia, commentId)] }]));
    await runAfterResponseWork();
    const item = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, remoteId: commentId } });
    graph.requests.length = 0;
    // The request reaches Instagram, the answer is lost (connection reset).
    graph.once("POST", `/${GRAPH_API_VERSION}/${IG}/mentions`, { reset: true });
    expect((await answer(item.id, key, { text: "Yes, within 5 km." })).status).toBe(202);
    await runProcessor({ at: T0, workspaceId: workspace.id });
    await runProcessor({ at: new Date(T0.getTime() + 2 * 3_600_000), workspaceId: workspace.id });
    expect(graph.requests.filter((r) => r.method === "POST")).toHaveLength(1);
    const task = await db().agentTask.findFirstOrThrow({ where: { workspaceId: workspace.id, type: "reply" } });
    expect(task.status).toBe("needs_review");
    expect(await db().inboxItem.count({ where: { accountId: account.id, outgoing: true } })).toBe(0);
  });
});
