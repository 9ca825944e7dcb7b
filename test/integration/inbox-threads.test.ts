// Threads in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep tasks read the
// conversations of the account's recent posts (GET /{media-id}/conversation, newest first, `after`
// paging) and GET /{user-id}/mentions with `since`, from a local server answering like
// graph.threads.net; replies link to our post by root_post, the next sweep reads only newer ones;
// an answer is a TEXT container with reply_to_id, published; hiding is POST /{reply-id}/manage_reply.
// Older posts of the week are read in turn; deleted replies are told by GET /{media-id}.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { threadsInboxSource } from "../../lib/inbox/threads";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";

// The mentions endpoint takes `since` from July 2023 on: the test's time is after that.
const T0 = new Date("2024-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const USER = "17841400000000001";
const TOKEN = "THQVJthreads-token";
const OUR_POST = "18030000000000001";

interface Media {
  id: string;
  text: string;
  username: string;
  permalink: string;
  timestamp: string;
  replied_to?: { id: string };
  root_post?: { id: string };
  is_reply_owned_by_me?: boolean;
}
let th: FixtureServer;
const replies: Media[] = [];
const mentions: Media[] = [];
/** The account's posts of the week (newest first) when a test sets them, with their replies. */
const weekPosts: { id: string; timestamp: string }[] = [];
const conversations = new Map<string, Media[]>();
/** GET /{media-id} answers: Graph's "does not exist" for deleted, a permission error for `refusedIds`. */
const deletedIds = new Set<string>();
const refusedIds = new Set<string>();
let containers = 0;

/** Threads' own time format: 2024-03-02T10:01:00+0000. */
const graphTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "+0000");
function media(n: number, opts: { at: Date; text: string; parent?: string; root?: string }): Media {
  const id = String(18040000000000000n + BigInt(n));
  return {
    id,
    text: opts.text,
    username: `fan${n}`,
    permalink: `https://www.threads.com/@fan${n}/post/C${n}`,
    timestamp: graphTime(opts.at),
    ...(opts.parent && { replied_to: { id: opts.parent }, root_post: { id: opts.root ?? opts.parent } }),
  };
}
const tokenOf = (r: RecordedRequest) => r.query.get("access_token") ?? (r.body as Record<string, string> | undefined)?.access_token;
const refused = { status: 401, json: { error: { message: "Error validating access token: Session has expired", type: "OAuthException", code: 190, fbtrace_id: "A1" } } };
/** Newest first, `limit` per page, `after` = the index to go on from (Graph cursor paging). */
function paged(rows: Media[], r: RecordedRequest) {
  const sorted = [...rows].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
  const limit = Number(r.query.get("limit") ?? 25);
  const start = Number(r.query.get("after") ?? 0);
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { json: { data: page, paging: { cursors: { before: String(start), after: String(start + limit) }, ...(more && { next: `${th.url}/next` }) } } };
}

beforeAll(async () => {
  th = await startFixtureServer();
  th.on("GET", `/v1.0/${USER}/threads`, (r) => {
    if (tokenOf(r) !== TOKEN) return refused;
    if (weekPosts.length) return paged(weekPosts as Media[], r);
    return { json: { data: [{ id: OUR_POST, timestamp: graphTime(T0) }], paging: { cursors: { before: "a", after: "b" } } } };
  });
  th.on("GET", `/v1.0/${OUR_POST}/conversation`, (r) => (tokenOf(r) !== TOKEN ? refused : paged(replies, r)));
  th.on("GET", /^\/v1\.0\/\d+\/conversation$/, (r) => (tokenOf(r) !== TOKEN ? refused : paged(conversations.get(r.path.split("/")[2]) ?? [], r)));
  th.on("GET", `/v1.0/${USER}/mentions`, (r) => {
    if (tokenOf(r) !== TOKEN) return refused;
    const since = Number(r.query.get("since") ?? 0);
    return paged(mentions.filter((m) => Date.parse(m.timestamp.replace("+0000", "Z")) / 1000 >= since), r);
  });
  th.on("GET", `/v1.0/${USER}/threads_publishing_limit`, () => ({ json: { data: [{ reply_quota_usage: 3, reply_config: { quota_total: 1000, quota_duration: 86400 } }] } }));
  th.on("POST", `/v1.0/${USER}/threads`, () => ({ json: { id: `container-${++containers}` } }));
  th.on("POST", `/v1.0/${USER}/threads_publish`, () => ({ json: { id: "18099000000000001" } }));
  th.on("GET", "/v1.0/18099000000000001", () => ({ json: { permalink: "https://www.threads.com/@cornerbakery/post/Cours", id: "18099000000000001" } }));
  th.on("POST", /^\/v1\.0\/\d+\/manage_reply$/, () => ({ json: { success: true } }));
  th.on("GET", /^\/v1\.0\/\d+$/, (r) => {
    const id = r.path.split("/")[2];
    if (deletedIds.has(id)) return { status: 400, json: { error: { message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, type: "THApiException", code: 100, error_subcode: 33, fbtrace_id: "A2" } } };
    if (refusedIds.has(id)) return { status: 400, json: { error: { message: "Application does not have permission for this action", type: "THApiException", code: 10, fbtrace_id: "A3" } } };
    return { json: { id } };
  });
  process.env.THREADS_API_URL = `${th.url}/v1.0`;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.THREADS_API_URL;
  resetEnvCache();
  await th.close();
});
beforeEach(() => {
  replies.length = 0;
  mentions.length = 0;
  weekPosts.length = 0;
  conversations.clear();
  deletedIds.clear();
  refusedIds.clear();
  th.requests.length = 0;
});

async function threadsAccount(workspaceId: string, accessToken = TOKEN) {
  return db().socialAccount.create({ data: { workspaceId, platform: "threads", handle: "cornerbakery", credentials: encryptJson({ threadsUserId: USER, accessToken }) } });
}
async function sweepAt(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}
const gets = (path: string) => th.requests.filter((r) => r.method === "GET" && r.path === path);

describe("Threads inbox", () => {
  it("collects replies (linked to our post) and mentions, then only newer ones; answers thread with reply_to_id", async () => {
    const { workspace, key } = await workspaceWithKey("Threads Inbox Bakery");
    const account = await threadsAccount(workspace.id);
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Fresh rolls", status: "published" } });
    const target = await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: account.id, platform: "threads", status: "published", platformPostId: OUR_POST, publishedAt: T0 } });
    replies.push(media(1, { at: at(MIN), text: "So good!", parent: OUR_POST }));
    replies.push({ ...media(2, { at: at(2 * MIN), text: "Thanks all", parent: OUR_POST }), username: "cornerbakery", is_reply_owned_by_me: true });
    mentions.push(media(3, { at: at(3 * MIN), text: "@cornerbakery open on Sunday?" }));

    await sweepAt(workspace.id, at(5 * MIN));
    const conv = gets(`/v1.0/${OUR_POST}/conversation`);
    expect(conv).toHaveLength(1);
    expect(conv[0].query.get("reverse")).toBe("true");
    expect(conv[0].query.get("fields")).toContain("root_post");
    expect(conv[0].query.get("access_token")).toBe(TOKEN);
    const firstMentions = gets(`/v1.0/${USER}/mentions`);
    expect(firstMentions.map((r) => r.query.get("since"))).toEqual([null]);
    // Our posts of the last week, by `since`.
    expect(Number(gets(`/v1.0/${USER}/threads`)[0].query.get("since"))).toBe(Math.floor((at(5 * MIN).getTime() - 7 * 24 * 3600_000) / 1000));

    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items.map((i) => [i.kind, i.text, i.postTargetId, i.authorHandle])).toEqual([
      ["reply", "So good!", target.id, "fan1"],
      ["mention", "@cornerbakery open on Sunday?", null, "fan3"],
    ]);
    expect(items[0]).toMatchObject({ remoteParentId: OUR_POST, remoteRootId: OUR_POST, url: "https://www.threads.com/@fan1/post/C1" });
    const cursor = (await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor;
    expect(cursor).toBe(at(3 * MIN).toISOString());

    // 60 new replies (more than a page of 50), one nested: the next sweep pages back to the cursor only.
    for (let i = 10; i < 70; i++) replies.push(media(i, { at: at((10 + i) * MIN), text: `Reply ${i}`, parent: i === 10 ? items[0].remoteId : OUR_POST, root: OUR_POST }));
    mentions.push(media(80, { at: at(90 * MIN), text: "@cornerbakery thanks!" }));
    th.requests.length = 0;
    await sweepAt(workspace.id, at(100 * MIN + INBOX_IDLE_MS));
    expect(gets(`/v1.0/${OUR_POST}/conversation`).map((r) => r.query.get("after"))).toEqual([null, "50"]);
    expect(gets(`/v1.0/${USER}/mentions`).map((r) => r.query.get("since"))).toEqual([String(at(3 * MIN).getTime() / 1000)]);
    // Only what is newer than the cursor is handed on (the 60 replies and the new mention).
    const sweeps = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { collected?: number } | null)?.collected)).toEqual([2, 61]);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(63);
    const nested = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, text: "Reply 10" } });
    expect(nested).toMatchObject({ kind: "reply", postTargetId: target.id, remoteParentId: items[0].remoteId });

    // The answer: a TEXT container replying to the item, then published.
    const r = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${items[1].id}/reply`, { key, body: { text: "Yes, 8 until noon!" } }), { id: items[1].id });
    expect(r.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const created = th.requests.filter((q) => q.method === "POST" && q.path === `/v1.0/${USER}/threads`);
    expect(created).toHaveLength(1);
    expect(created[0].body).toMatchObject({ media_type: "TEXT", text: "Yes, 8 until noon!", reply_to_id: items[1].remoteId });
    expect(th.requests.filter((q) => q.path === `/v1.0/${USER}/threads_publish`).map((q) => (q.body as { creation_id: string }).creation_id)).toEqual([`container-${containers}`]);
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteId: "18099000000000001", remoteParentId: items[1].remoteId, url: "https://www.threads.com/@cornerbakery/post/Cours" });
  });

  it("reads the newest 10 posts' conversations every sweep and the older ones of the week in turn, 5 a sweep, from a paged list", async () => {
    const { workspace } = await workspaceWithKey("Threads Older Posts Bakery");
    const account = await threadsAccount(workspace.id);
    // 30 posts of the week, newest first (the list comes in two pages of 25).
    const postId = (n: number) => String(18030000000001000n + BigInt(n));
    for (let n = 1; n <= 30; n++) weekPosts.push({ id: postId(n), timestamp: graphTime(at(-n * 60 * MIN)) });
    const replyTo = (post: number, n: number, when: Date, text: string) => {
      const list = conversations.get(postId(post)) ?? [];
      list.push(media(n, { at: when, text, parent: postId(post) }));
      conversations.set(postId(post), list);
    };
    replyTo(2, 1, at(MIN), "On a new post");
    replyTo(13, 2, at(2 * MIN), "On an older post");
    /** The posts (by number) whose conversations were read since the requests were last cleared. */
    const convs = () => th.requests.filter((r) => r.path.endsWith("/conversation")).map((r) => Number(BigInt(r.path.split("/")[2]) - 18030000000001000n));

    await sweepAt(workspace.id, at(5 * MIN));
    expect(gets(`/v1.0/${USER}/threads`).map((r) => [r.query.get("limit"), r.query.get("after")])).toEqual([["25", null], ["25", "25"]]);
    expect(convs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.text)).toEqual(["On a new post", "On an older post"]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`${at(2 * MIN).toISOString()}|5`);

    // Between sweeps: a reply on post 25 (not in the next turn), then a newer one on post 3.
    replyTo(25, 3, at(70 * MIN), "On the oldest posts");
    replyTo(3, 4, at(80 * MIN), "Newest");
    th.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + INBOX_IDLE_MS + 30 * MIN));
    expect(convs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 17, 18, 19, 20]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`${at(80 * MIN).toISOString()}|10`);

    // The next turn reads post 25: its reply is older than the cursor but within the turn's look-back, so it is kept.
    th.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + 2 * INBOX_IDLE_MS + 60 * MIN));
    expect(convs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 21, 22, 23, 24, 25]);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.text)).toEqual([
      "On a new post",
      "On an older post",
      "On the oldest posts",
      "Newest",
    ]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`${at(80 * MIN).toISOString()}|15`);

    // The last turn reads posts 26-30; the one after starts again at post 11.
    th.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + 3 * INBOX_IDLE_MS + 90 * MIN));
    expect(convs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 26, 27, 28, 29, 30]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(at(80 * MIN).toISOString());
  });

  it("marks deleted replies through GET /{media-id} (Graph's 'does not exist'); another error ends the check", async () => {
    const { workspace } = await workspaceWithKey("Threads Deletions Bakery");
    const account = await threadsAccount(workspace.id);
    for (let i = 1; i <= 3; i++) replies.push(media(i, { at: at(i * MIN), text: `Reply ${i}`, parent: OUR_POST }));
    await sweepAt(workspace.id, at(5 * MIN));
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(3);

    const id = (n: number) => media(n, { at: T0, text: "" }).id;
    replies.splice(replies.findIndex((m) => m.id === id(3)), 1);
    deletedIds.add(id(3));
    refusedIds.add(id(2));
    th.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + INBOX_IDLE_MS));
    const lookups = th.requests.filter((r) => r.method === "GET" && /^\/v1\.0\/\d+$/.test(r.path));
    // Newest first; the permission error on the second ends the check before the third.
    expect(lookups.map((r) => [r.path, r.query.get("fields"), r.query.get("access_token")])).toEqual([
      [`/v1.0/${id(3)}`, "id", TOKEN],
      [`/v1.0/${id(2)}`, "id", TOKEN],
    ]);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" }, include: { events: true } });
    expect(items.map((i) => [i.text, i.deletedAt?.toISOString() ?? null])).toEqual([
      ["Reply 1", null],
      ["Reply 2", null],
      ["Reply 3", at(5 * MIN + INBOX_IDLE_MS).toISOString()],
    ]);
    expect(items[2].events.map((e) => e.action)).toContain("deleted_remote");
  });

  it("hides a reply on Threads", async () => {
    const source = threadsInboxSource({ baseUrl: `${th.url}/v1.0` });
    const account = { id: "a", workspaceId: "w", platform: "threads" as const, handle: "cornerbakery", credentials: { threadsUserId: USER, accessToken: TOKEN }, simulation: null };
    await source.hide!({ account, remoteId: "18040000000000007", hidden: true, signal: AbortSignal.timeout(5000) });
    const posts = th.requests.filter((r) => r.method === "POST");
    expect(posts.map((r) => [r.path, r.body])).toEqual([["/v1.0/18040000000000007/manage_reply", { hide: "true", access_token: TOKEN }]]);
  });

  it("marks the account for reconnecting when Threads refuses the token", async () => {
    const { workspace } = await workspaceWithKey("Threads Revoked Bakery");
    const account = await threadsAccount(workspace.id, "expired-token");
    await sweepAt(workspace.id, T0);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("needs_reconnect");
  });
});
