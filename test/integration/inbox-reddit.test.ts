// Reddit in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep tasks read
// GET /message/inbox (newest first, paging back with `after` until the cursor: the newest fullname
// seen, or its time once that item is gone) from a local server answering like oauth.reddit.com;
// comment replies link to our post by its id, the next sweep reads only newer ones; an answer is
// POST /api/comment with thing_id = the comment's fullname; /api/info tells deleted comments.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";

const T0 = new Date("2020-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const TOKEN = "reddit-access-token";
/** Our post as the adapter stores it: the bare id (t3_ stripped). */
const OUR_POST = "1b2c3d4";

interface Row {
  kind: string;
  data: Record<string, unknown> & { name: string; created_utc: number };
}
let rd: FixtureServer;
const inbox: Row[] = [];
/** Comments deleted or removed since: /api/info still answers them, with this body. */
const gone = new Map<string, "[deleted]" | "[removed]">();

/** An inbox entry (t1) as GET /message/inbox gives it. */
function entry(n: number, opts: { at: Date; body: string; type: "comment_reply" | "post_reply" | "username_mention"; parent?: string }): Row {
  const id = `k${n.toString(36).padStart(5, "0")}`;
  return {
    kind: "t1",
    data: {
      id,
      name: `t1_${id}`,
      author: `fan${n}`,
      body: opts.body,
      created_utc: opts.at.getTime() / 1000,
      context: `/r/bakery/comments/${OUR_POST}/fresh_rolls/${id}/?context=3`,
      parent_id: opts.parent ?? `t3_${OUR_POST}`,
      subreddit: "bakery",
      type: opts.type,
      was_comment: true,
      new: true,
    },
  };
}

const authorized = (r: RecordedRequest) => r.headers.authorization === `Bearer ${TOKEN}`;
beforeAll(async () => {
  rd = await startFixtureServer();
  rd.on("GET", "/message/inbox", (r) => {
    if (!authorized(r)) return { status: 401, json: { message: "Unauthorized", error: 401 } };
    const sorted = [...inbox].sort((a, b) => b.data.created_utc - a.data.created_utc);
    const limit = Number(r.query.get("limit") ?? 25);
    const before = r.query.get("before");
    const after = r.query.get("after");
    let page: Row[];
    if (before) {
      // The `limit` items just newer than the anchor, still newest first; nothing once the anchor is gone.
      const i = sorted.findIndex((x) => x.data.name === before);
      page = sorted.slice(Math.max(0, i - limit), Math.max(0, i));
    } else if (after) {
      // The `limit` items just older than the anchor.
      const i = sorted.findIndex((x) => x.data.name === after);
      page = i < 0 ? [] : sorted.slice(i + 1, i + 1 + limit);
    } else {
      page = sorted.slice(0, limit);
    }
    return { headers: { "x-ratelimit-remaining": "99", "x-ratelimit-reset": "300", "x-ratelimit-used": "1" }, json: { kind: "Listing", data: { after: null, before: page[0]?.data.name ?? null, dist: page.length, children: page } } };
  });
  rd.on("GET", "/api/info", (r) => {
    if (!authorized(r)) return { status: 401, json: { message: "Unauthorized", error: 401 } };
    const ids = (r.query.get("id") ?? "").split(",");
    const children = ids.flatMap((id) => {
      const live = inbox.find((x) => x.data.name === id);
      if (live) return [{ kind: "t1", data: { ...live.data } }];
      const body = gone.get(id);
      return body ? [{ kind: "t1", data: { name: id, id: id.slice(3), author: "[deleted]", body, created_utc: 0 } }] : [];
    });
    return { json: { kind: "Listing", data: { after: null, before: null, children } } };
  });
  rd.on("POST", "/api/comment", (r) => {
    if (!authorized(r)) return { status: 401, json: { message: "Unauthorized", error: 401 } };
    const f = r.body as { thing_id: string; text: string };
    return { json: { json: { errors: [], data: { things: [{ kind: "t1", data: { id: "ours01", name: "t1_ours01", parent_id: f.thing_id, body: f.text, permalink: `/r/bakery/comments/${OUR_POST}/fresh_rolls/ours01/` } }] } } } };
  });
  process.env.REDDIT_API_URL = rd.url;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.REDDIT_API_URL;
  resetEnvCache();
  await rd.close();
});
beforeEach(() => {
  inbox.length = 0;
  gone.clear();
  rd.requests.length = 0;
});

async function redditAccount(workspaceId: string, accessToken = TOKEN) {
  return db().socialAccount.create({ data: { workspaceId, platform: "reddit", handle: "cornerbakery", credentials: encryptJson({ accessToken }) } });
}
async function sweepAt(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}
const reads = () => rd.requests.filter((r) => r.path === "/message/inbox");

describe("Reddit inbox", () => {
  it("collects comment replies (linked to our post) and mentions, then only newer ones (paging back with after to the cursor); answers with POST /api/comment", async () => {
    const { workspace, key } = await workspaceWithKey("Reddit Inbox Bakery");
    const account = await redditAccount(workspace.id);
    const post = await db().post.create({ data: { workspaceId: workspace.id, text: "Fresh rolls", status: "published" } });
    const target = await db().postTarget.create({ data: { workspaceId: workspace.id, postId: post.id, accountId: account.id, platform: "reddit", status: "published", platformPostId: OUR_POST, publishedAt: T0 } });
    inbox.push(entry(1, { at: at(MIN), body: "These look amazing", type: "post_reply" }));
    inbox.push({ ...entry(2, { at: at(2 * MIN), body: "u/cornerbakery do you ship?", type: "username_mention" }), data: { ...entry(2, { at: at(2 * MIN), body: "u/cornerbakery do you ship?", type: "username_mention" }).data, context: "/r/baking/comments/9zzzzz/best_rolls/k00002/?context=3", parent_id: "t3_9zzzzz" } });
    // A private message is not inbox material.
    inbox.push({ kind: "t4", data: { id: "pm1", name: "t4_pm1", author: "someone", body: "hi", created_utc: at(3 * MIN).getTime() / 1000, was_comment: false } });

    await sweepAt(workspace.id, at(5 * MIN));
    const first = reads();
    expect(first).toHaveLength(1);
    expect(first[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first[0].headers["user-agent"]).toMatch(/^web:herald-scheduler:/);
    expect(first[0].query.get("before")).toBeNull();
    expect(first[0].query.get("mark")).toBe("false");
    expect(first[0].query.get("limit")).toBe("100");

    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items.map((i) => [i.kind, i.text, i.postTargetId, i.authorHandle, i.remoteId])).toEqual([
      ["comment", "These look amazing", target.id, "fan1", "t1_k00001"],
      ["mention", "u/cornerbakery do you ship?", null, "fan2", "t1_k00002"],
    ]);
    expect(items[0]).toMatchObject({ remoteParentId: `t3_${OUR_POST}`, remoteRootId: OUR_POST, url: `https://www.reddit.com/r/bakery/comments/${OUR_POST}/fresh_rolls/k00001/` });
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`t4_pm1@${at(3 * MIN).getTime() / 1000}`);

    // 150 new ones (more than a page of 100), a reply to a reply among them: two pages back from the newest, to the cursor.
    for (let i = 10; i < 160; i++) inbox.push(entry(i, { at: at((10 + i) * MIN), body: `Reply ${i}`, type: "comment_reply", parent: i === 10 ? "t1_k00001" : `t3_${OUR_POST}` }));
    rd.requests.length = 0;
    await sweepAt(workspace.id, at(200 * MIN + INBOX_IDLE_MS));
    const nameOf = (n: number) => entry(n, { at: T0, body: "", type: "comment_reply" }).data.name;
    expect(reads().map((r) => [r.query.get("before"), r.query.get("after")])).toEqual([[null, null], [null, nameOf(60)]]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`${nameOf(159)}@${at(169 * MIN).getTime() / 1000}`);
    const sweeps = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { collected?: number } | null)?.collected)).toEqual([2, 150]);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(152);
    const nested = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, text: "Reply 10" } });
    expect(nested).toMatchObject({ kind: "comment", postTargetId: target.id, remoteParentId: "t1_k00001" });

    // The answer: a comment under the item's fullname.
    const r = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${items[0].id}/reply`, { key, body: { text: "Thank you, baked this morning!" } }), { id: items[0].id });
    expect(r.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const comments = rd.requests.filter((q) => q.method === "POST" && q.path === "/api/comment");
    expect(comments).toHaveLength(1);
    expect(comments[0].body).toEqual({ api_type: "json", thing_id: "t1_k00001", text: "Thank you, baked this morning!" });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteId: "t1_ours01", remoteParentId: "t1_k00001", postTargetId: target.id, url: `https://www.reddit.com/r/bakery/comments/${OUR_POST}/fresh_rolls/ours01/` });
  });

  it("keeps collecting when the comment the cursor points at is deleted (the sweep stops by its time)", async () => {
    const { workspace } = await workspaceWithKey("Reddit Deleted Anchor Bakery");
    const account = await redditAccount(workspace.id);
    inbox.push(entry(1, { at: at(MIN), body: "First", type: "post_reply" }));
    inbox.push(entry(2, { at: at(2 * MIN), body: "Second, soon deleted", type: "post_reply" }));
    await sweepAt(workspace.id, at(5 * MIN));
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toMatch(/^t1_k00002\b/);

    // The cursor's comment is deleted: Reddit leaves it out of the listing (and `before=` it answers nothing).
    inbox.splice(inbox.findIndex((x) => x.data.name === "t1_k00002"), 1);
    for (let i = 3; i <= 5; i++) inbox.push(entry(i, { at: at((10 + i) * MIN), body: `Later ${i}`, type: "comment_reply" }));
    rd.requests.length = 0;
    await sweepAt(workspace.id, at(20 * MIN + INBOX_IDLE_MS));
    const sweeps = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" }, orderBy: { createdAt: "asc" } });
    expect(sweeps.map((t) => (t.result as { collected?: number } | null)?.collected)).toEqual([2, 3]);
    // One page: it holds an item older than the cursor's time (the first comment), so the sweep stops there.
    expect(reads().map((r) => [r.query.get("before"), r.query.get("after")])).toEqual([[null, null]]);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.text)).toEqual([
      "First",
      "Second, soon deleted",
      "Later 3",
      "Later 4",
      "Later 5",
    ]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`t1_k00005@${at(15 * MIN).getTime() / 1000}`);
  });

  it("reads on from a cursor of the older form (the fullname alone), stopping at that fullname", async () => {
    const { workspace } = await workspaceWithKey("Reddit Legacy Cursor Bakery");
    const account = await redditAccount(workspace.id);
    for (let i = 1; i <= 4; i++) inbox.push(entry(i, { at: at(i * MIN), body: `Comment ${i}`, type: "post_reply" }));
    await db().inboxCursor.create({ data: { accountId: account.id, workspaceId: workspace.id, cursor: "t1_k00002", lastSweptAt: at(-INBOX_IDLE_MS) } });
    await sweepAt(workspace.id, at(5 * MIN));
    expect(reads().map((r) => [r.query.get("before"), r.query.get("after")])).toEqual([[null, null]]);
    expect((await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } })).map((i) => i.text)).toEqual(["Comment 3", "Comment 4"]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(`t1_k00004@${at(4 * MIN).getTime() / 1000}`);
  });

  it("marks comments deleted or removed on Reddit (one /api/info for the items re-checked), keeping the rows", async () => {
    const { workspace } = await workspaceWithKey("Reddit Deletions Bakery");
    const account = await redditAccount(workspace.id);
    for (let i = 1; i <= 4; i++) inbox.push(entry(i, { at: at(i * MIN), body: `Comment ${i}`, type: "post_reply" }));
    await sweepAt(workspace.id, at(5 * MIN));
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(4);

    // One deleted by its author, one removed by a moderator; the rest are still there.
    for (const [name, body] of [["t1_k00002", "[deleted]"], ["t1_k00003", "[removed]"]] as const) {
      inbox.splice(inbox.findIndex((x) => x.data.name === name), 1);
      gone.set(name, body);
    }
    rd.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + INBOX_IDLE_MS));
    const info = rd.requests.filter((r) => r.path === "/api/info");
    expect(info).toHaveLength(1);
    expect(info[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(info[0].query.get("id")?.split(",")).toEqual(["t1_k00004", "t1_k00003", "t1_k00002", "t1_k00001"]);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" }, include: { events: true } });
    expect(items.map((i) => [i.text, i.deletedAt?.toISOString() ?? null])).toEqual([
      ["Comment 1", null],
      ["Comment 2", at(5 * MIN + INBOX_IDLE_MS).toISOString()],
      ["Comment 3", at(5 * MIN + INBOX_IDLE_MS).toISOString()],
      ["Comment 4", null],
    ]);
    expect(items.map((i) => i.events.filter((e) => e.action === "deleted_remote").length)).toEqual([0, 1, 1, 0]);
  });

  it("marks the account for reconnecting when Reddit refuses the token", async () => {
    const { workspace } = await workspaceWithKey("Reddit Revoked Bakery");
    const account = await redditAccount(workspace.id, "expired");
    await sweepAt(workspace.id, T0);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("needs_reconnect");
  });
});
