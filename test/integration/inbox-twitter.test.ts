// X in the community inbox (docs/decisions.md, "Inbox"): inbox_sweep tasks read
// GET /2/users/:id/mentions from a local server answering like api.x.com (OAuth 1.0a, newest
// first, since_id and next_token), link replies to our post by conversation_id, read only what
// is newer on the next sweep; an answer is a POST /2/tweets with reply.in_reply_to_tweet_id, and
// hiding is PUT /2/tweets/:id/hidden; deleted posts are told by GET /2/tweets?ids=.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as replyRoute from "../../app/api/inbox/[id]/reply/route";
import * as itemRoute from "../../app/api/inbox/[id]/route";
import { encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { sweepInbox, INBOX_IDLE_MS } from "../../lib/inbox/sweep";
import { storeCollected } from "../../lib/inbox/store";
import { callRoute, req, runProcessor, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const T0 = new Date("2020-03-02T10:00:00Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MIN = 60_000;
const USER_ID = "1500";
const OUR_POST = "1800000000000000001";
const creds = { apiKey: "xvz1evFS4wEEPTGEFPHBog", apiSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw", accessToken: "1500-NRYc8Kq8a3OtQmCQWXcHpiVzvvlq8C8GVHl7ceSp", accessTokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE" };

interface Tweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: { type: string; id: string }[];
}

let x: FixtureServer;
const mentions: Tweet[] = [];
/** Posts whose author's account went protected: X answers "not authorized", not "not found". */
const protectedIds = new Set<string>();
let nextId = 1900000000000000001n;

/** Fan n's post; a reply to `parent` in the conversation `root`, or a plain mention. */
function tweet(n: number, opts: { at: Date; text: string; parent?: string; root?: string }): Tweet {
  const id = String(1810000000000000000n + BigInt(n));
  return {
    id,
    text: opts.text,
    author_id: String(7000 + n),
    created_at: opts.at.toISOString(),
    conversation_id: opts.root ?? opts.parent ?? id,
    ...(opts.parent && { in_reply_to_user_id: USER_ID, referenced_tweets: [{ type: "replied_to", id: opts.parent }] }),
  };
}

beforeAll(async () => {
  x = await startFixtureServer();
  const authorized = (h: unknown) => typeof h === "string" && h.startsWith("OAuth ") && h.includes(`oauth_token="${encodeURIComponent(creds.accessToken)}"`);
  const unauthorized = { status: 401, json: { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" } };
  x.on("GET", "/2/users/me", (r) => (authorized(r.headers.authorization) ? { json: { data: { id: USER_ID, name: "Corner Bakery", username: "cornerbakery" } } } : unauthorized));
  // GET /2/users/:id/mentions (docs.x.com, "User mention timeline"): newest first, since_id exclusive.
  x.on("GET", `/2/users/${USER_ID}/mentions`, (r) => {
    if (!authorized(r.headers.authorization)) return unauthorized;
    const since = r.query.get("since_id");
    const max = Number(r.query.get("max_results") ?? 10);
    const rows = mentions.filter((t) => !since || BigInt(t.id) > BigInt(since)).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    const start = Number(r.query.get("pagination_token") ?? 0);
    const page = rows.slice(start, start + max);
    if (!page.length) return { json: { meta: { result_count: 0 } } };
    const users = [...new Set(page.map((t) => t.author_id))].map((id) => ({ id, name: `Fan ${id}`, username: `fan${id}` }));
    return {
      json: {
        data: page,
        includes: { users },
        meta: { newest_id: page[0].id, oldest_id: page[page.length - 1].id, result_count: page.length, ...(start + max < rows.length && { next_token: String(start + max) }) },
      },
    };
  });
  // GET /2/tweets?ids= (docs.x.com, "Post lookup by IDs"): a 200 with the posts that exist in data and one error per missing id.
  x.on("GET", "/2/tweets", (r) => {
    if (!authorized(r.headers.authorization)) return unauthorized;
    const ids = (r.query.get("ids") ?? "").split(",");
    const data = mentions.filter((t) => ids.includes(t.id) && !protectedIds.has(t.id)).map((t) => ({ id: t.id, text: t.text }));
    const errors = ids
      .filter((id) => !data.some((t) => t.id === id))
      .map((id) =>
        protectedIds.has(id)
          ? { value: id, detail: `Sorry, you are not authorized to see the Tweet with ids: [${id}].`, title: "Authorization Error", resource_type: "tweet", parameter: "ids", resource_id: id, type: "https://api.twitter.com/2/problems/not-authorized-for-resource" }
          : { value: id, detail: `Could not find tweet with ids: [${id}].`, title: "Not Found Error", resource_type: "tweet", parameter: "ids", resource_id: id, type: "https://api.twitter.com/2/problems/resource-not-found" },
      );
    return { json: { ...(data.length && { data }), ...(errors.length && { errors }) } };
  });
  x.on("POST", "/2/tweets", (r) => {
    if (!authorized(r.headers.authorization)) return unauthorized;
    return { status: 201, json: { data: { id: String(nextId++), text: (r.body as { text: string }).text } } };
  });
  x.on("PUT", /^\/2\/tweets\/\d+\/hidden$/, (r) => ({ json: { data: { hidden: (r.body as { hidden: boolean }).hidden } } }));
  process.env.X_API_URL = x.url;
  resetEnvCache();
});
afterAll(async () => {
  delete process.env.X_API_URL;
  resetEnvCache();
  await x.close();
});
beforeEach(() => {
  mentions.length = 0;
  protectedIds.clear();
  x.requests.length = 0;
});

async function xAccount(workspaceId: string, c: Record<string, string> = creds) {
  return db().socialAccount.create({ data: { workspaceId, platform: "twitter", handle: "cornerbakery", credentials: encryptJson(c) } });
}
async function ourPost(workspaceId: string, accountId: string) {
  const post = await db().post.create({ data: { workspaceId, text: "Fresh rolls from 7am", status: "published" } });
  return db().postTarget.create({ data: { workspaceId, postId: post.id, accountId, platform: "twitter", status: "published", platformPostId: OUR_POST, publishedAt: T0 } });
}
const reads = () => x.requests.filter((r) => r.path === `/2/users/${USER_ID}/mentions`);
async function sweepAt(workspaceId: string, now: Date) {
  await sweepInbox(db(), { now, workspaceId, idleThresholdMs: 5 * MIN });
  await runProcessor({ at: now, workspaceId });
}

describe("X inbox", () => {
  it("collects replies and mentions linked to our post, then only newer ones with since_id; answers thread under the reply", async () => {
    const { workspace, key } = await workspaceWithKey("X Inbox Bakery");
    const account = await xAccount(workspace.id);
    const target = await ourPost(workspace.id, account.id);
    mentions.push(tweet(1, { at: at(MIN), text: "@cornerbakery Best croissants in town!", parent: OUR_POST }));
    mentions.push(tweet(2, { at: at(2 * MIN), text: "@cornerbakery are you open on Sunday?" }));
    // Our own post mentioning us (a thread part) is not inbox material.
    mentions.push({ ...tweet(3, { at: at(3 * MIN), text: "@cornerbakery part 2", parent: OUR_POST }), author_id: USER_ID });

    await sweepAt(workspace.id, at(5 * MIN));
    const first = reads();
    expect(first).toHaveLength(1);
    expect(first[0].query.get("since_id")).toBeNull();
    expect(first[0].query.get("max_results")).toBe("100");
    expect(first[0].query.get("expansions")).toBe("author_id");
    expect(first[0].query.get("tweet.fields")?.split(",")).toEqual(expect.arrayContaining(["created_at", "conversation_id", "in_reply_to_user_id", "referenced_tweets", "author_id"]));
    expect(String(first[0].headers.authorization)).toMatch(/^OAuth .*oauth_signature=/);

    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" } });
    expect(items.map((i) => [i.kind, i.text, i.postTargetId, i.authorHandle])).toEqual([
      ["reply", "@cornerbakery Best croissants in town!", target.id, "fan7001"],
      ["mention", "@cornerbakery are you open on Sunday?", null, "fan7002"],
    ]);
    expect(items[0]).toMatchObject({ remoteParentId: OUR_POST, remoteRootId: OUR_POST, authorName: "Fan 7001", url: `https://x.com/fan7001/status/${items[0].remoteId}` });
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(tweet(3, { at: T0, text: "" }).id);

    // 120 new ones (more than a page): the next sweep asks since the cursor and pages back to it.
    for (let i = 10; i < 130; i++) mentions.push(tweet(i, { at: at((10 + i) * MIN), text: `Reply ${i}`, parent: items[0].remoteId, root: OUR_POST }));
    x.requests.length = 0;
    await sweepAt(workspace.id, at(200 * MIN + INBOX_IDLE_MS));
    expect(reads().map((r) => [r.query.get("since_id"), r.query.get("pagination_token")])).toEqual([
      [tweet(3, { at: T0, text: "" }).id, null],
      [tweet(3, { at: T0, text: "" }).id, "100"],
    ]);
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(122);
    const nested = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, text: "Reply 10" } });
    expect(nested).toMatchObject({ kind: "reply", postTargetId: target.id, remoteParentId: items[0].remoteId });
    expect((await db().inboxCursor.findUniqueOrThrow({ where: { accountId: account.id } })).cursor).toBe(tweet(129, { at: T0, text: "" }).id);

    // The answer: a post replying to the item's own post id.
    const r = await callRoute(replyRoute.POST, req("POST", `/api/inbox/${items[1].id}/reply`, { key, body: { text: "@fan7002 Yes, 8 until noon!" } }), { id: items[1].id });
    expect(r.status).toBe(202);
    await runProcessor({ workspaceId: workspace.id });
    const posts = x.requests.filter((q) => q.method === "POST" && q.path === "/2/tweets");
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ text: "@fan7002 Yes, 8 until noon!", reply: { in_reply_to_tweet_id: items[1].remoteId } });
    const ours = await db().inboxItem.findFirstOrThrow({ where: { accountId: account.id, outgoing: true } });
    expect(ours).toMatchObject({ remoteParentId: items[1].remoteId, url: `https://x.com/cornerbakery/status/${ours.remoteId}` });
  });

  it("hides a reply on X through PATCH /api/inbox/:id", async () => {
    const { workspace, key } = await workspaceWithKey("X Hide Bakery");
    const account = await xAccount(workspace.id);
    const stored = await storeCollected(db(), account, [{ remoteId: "1810000000000000007", kind: "reply", remoteParentId: OUR_POST, authorHandle: "spam", text: "Buy followers", remoteCreatedAt: T0, simulated: false }], [], T0);
    const r = await callRoute(itemRoute.PATCH, req("PATCH", `/api/inbox/${stored.inserted[0]}`, { key, body: { status: "hidden" } }), { id: stored.inserted[0] });
    expect(r.status).toBe(200);
    const puts = x.requests.filter((q) => q.method === "PUT");
    expect(puts.map((q) => [q.path, q.body])).toEqual([["/2/tweets/1810000000000000007/hidden", { hidden: true }]]);
    expect(String(puts[0].headers.authorization)).toMatch(/^OAuth /);
    const hidden = await db().inboxEvent.findFirstOrThrow({ where: { itemId: stored.inserted[0], action: "hidden" } });
    expect(hidden.detail).toMatchObject({ remote: true });
  });

  it("marks deleted posts through one GET /2/tweets?ids= of the items re-checked, not protected ones; rows are kept", async () => {
    const { workspace } = await workspaceWithKey("X Deletions Bakery");
    const account = await xAccount(workspace.id);
    for (let i = 1; i <= 4; i++) mentions.push(tweet(i, { at: at(i * MIN), text: `@cornerbakery hello ${i}`, parent: OUR_POST }));
    await sweepAt(workspace.id, at(5 * MIN));
    expect(await db().inboxItem.count({ where: { accountId: account.id } })).toBe(4);
    // The first sweep had nothing to re-check.
    expect(x.requests.filter((r) => r.method === "GET" && r.path === "/2/tweets")).toHaveLength(0);

    const id = (n: number) => tweet(n, { at: T0, text: "" }).id;
    mentions.splice(mentions.findIndex((t) => t.id === id(2)), 1);
    protectedIds.add(id(3));
    x.requests.length = 0;
    await sweepAt(workspace.id, at(5 * MIN + INBOX_IDLE_MS));
    const lookups = x.requests.filter((r) => r.method === "GET" && r.path === "/2/tweets");
    expect(lookups).toHaveLength(1);
    expect(lookups[0].query.get("ids")?.split(",")).toEqual([id(4), id(3), id(2), id(1)]);
    expect(String(lookups[0].headers.authorization)).toMatch(/^OAuth .*oauth_signature=/);
    const items = await db().inboxItem.findMany({ where: { accountId: account.id }, orderBy: { remoteCreatedAt: "asc" }, include: { events: true } });
    expect(items.map((i) => [i.remoteId, i.deletedAt?.toISOString() ?? null])).toEqual([
      [id(1), null],
      [id(2), at(5 * MIN + INBOX_IDLE_MS).toISOString()],
      [id(3), null],
      [id(4), null],
    ]);
    expect(items[1].events.map((e) => e.action)).toContain("deleted_remote");
  });

  it("marks the account for reconnecting when X refuses the token", async () => {
    const { workspace } = await workspaceWithKey("X Revoked Bakery");
    const account = await xAccount(workspace.id, { ...creds, accessToken: "1500-revoked" });
    await sweepAt(workspace.id, T0);
    const [task] = await db().agentTask.findMany({ where: { accountId: account.id, type: "inbox_sweep" } });
    expect(task).toMatchObject({ lastFailureClass: "auth" });
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe("needs_reconnect");
  });
});
