// Reddit in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep tasks read
// GET /message/inbox (newest first, `before` = the newest fullname seen) from a local server
// answering like oauth.reddit.com; comment replies link to our post by its id, the next sweep
// reads only newer ones; an answer is POST /api/comment with thing_id = the comment's fullname.
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
    let page: Row[];
    if (before) {
      // The `limit` items just newer than the anchor, still newest first.
      const i = sorted.findIndex((x) => x.data.name === before);
      page = sorted.slice(Math.max(0, i - limit), Math.max(0, i));
    } else {
      page = sorted.slice(0, limit);
    }
    return { headers: { "x-ratelimit-remaining": "99", "x-ratelimit-reset": "300", "x-ratelimit-used": "1" }, json: { kind: "Listing", data: { after: null, before: page[0]?.data.name ?? null, dist: page.length, children: page } } };
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
  it("collects comment replies (linked to our post) and mentions, then only newer ones with before; answers with POST /api/comment", async () => {
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
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe("t4_pm1");

    // 150 new ones (more than a page of 100), a reply to a reply among them: two pages forward from the cursor.
    for (let i = 10; i < 160; i++) inbox.push(entry(i, { at: at((10 + i) * MIN), body: `Reply ${i}`, type: "comment_reply", parent: i === 10 ? "t1_k00001" : `t3_${OUR_POST}` }));
    rd.requests.length = 0;
    await sweepAt(workspace.id, at(200 * MIN + INBOX_IDLE_MS));
    const nameOf = (n: number) => entry(n, { at: T0, body: "", type: "comment_reply" }).data.name;
    expect(reads().map((r) => r.query.get("before"))).toEqual(["t4_pm1", nameOf(109)]);
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(nameOf(159));
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

  it("marks the account for reconnecting when Reddit refuses the token", async () => {
    const { workspace } = await workspaceWithKey("Reddit Revoked Bakery");
    const account = await redditAccount(workspace.id, "expired");
    await sweepAt(workspace.id, T0);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("needs_reconnect");
  });
});
