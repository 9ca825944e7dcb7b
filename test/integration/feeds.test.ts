// RSS/Atom auto-post (docs/decisions.md, "RSS feeds"): feeds followed through the API against a
// local fixture server serving RSS and Atom; new items become posts on the chosen accounts with
// the template filled, a second poll creates nothing, a 304 is honoured, private addresses and
// non-feeds are refused naming the field, held-for-approval makes a held post, the feed_poll task
// re-queues itself, and another workspace sees none of it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as feeds from "../../app/api/feeds/route";
import * as feed from "../../app/api/feeds/[id]/route";
import * as poll from "../../app/api/feeds/[id]/poll/route";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { FEED_POLL_INTERVAL_MS } from "../../lib/feeds";
import { callRoute, pinClock, req, runProcessor, simulatedAccount, workspaceWithKey } from "../support/factories";
import { startFixtureServer, type FixtureResponse, type FixtureServer } from "../support/fixture-server";

const T = new Date("2027-03-01T09:00:00Z");
pinClock(T);

let srv: FixtureServer;
beforeAll(async () => {
  srv = await startFixtureServer();
});
afterAll(() => srv.close());
afterEach(() => srv.reset());
const ALLOW_FOR_TESTS = process.env.HERALD_FETCH_ALLOW_HOSTS;
afterEach(() => {
  process.env.HERALD_FETCH_ALLOW_HOSTS = ALLOW_FOR_TESTS ?? "";
  resetEnvCache();
});

interface Item {
  guid: string;
  title: string;
  link: string;
  summary: string;
  date: string;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function rss(items: Item[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bakery news</title><link>https://bakery.example</link><description>d</description>${items
    .map(
      (i) =>
        `<item><title>${esc(i.title)}</title><link>${i.link}</link><guid isPermaLink="false">${i.guid}</guid><description>${esc(`<p>${i.summary}</p>`)}</description><pubDate>${new Date(i.date).toUTCString()}</pubDate></item>`,
    )
    .join("")}</channel></rss>`;
}

function atom(items: Item[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Bakery blog</title><id>urn:bakery</id><updated>${T.toISOString()}</updated>${items
    .map((i) => `<entry><title>${esc(i.title)}</title><id>${i.guid}</id><link rel="alternate" href="${i.link}"/><updated>${i.date}</updated><summary>${esc(i.summary)}</summary></entry>`)
    .join("")}</feed>`;
}

let n = 0;
/** A feed at a fresh path; `items` may change between requests; answers 304 when the ETag matches. */
function serve(kind: "rss" | "atom", initial: Item[]) {
  const path = `/feeds/${++n}.xml`;
  const state = { items: initial, version: 1 };
  srv.on("GET", path, (r): FixtureResponse => {
    const etag = `"v${state.version}"`;
    if (r.headers["if-none-match"] === etag) return { status: 304, headers: { etag } };
    return { status: 200, headers: { "content-type": kind === "rss" ? "application/rss+xml" : "application/atom+xml", etag }, text: kind === "rss" ? rss(state.items) : atom(state.items) };
  });
  return {
    url: `${srv.url}${path}`,
    hits: () => srv.requests.filter((r) => r.path === path),
    publish(item: Item) {
      state.items = [item, ...state.items];
      state.version++;
    },
  };
}

const item = (k: number, day = k): Item => ({
  guid: `post-${k}`,
  title: `Fresh bread no. ${k}`,
  link: `https://bakery.example/posts/${k}`,
  summary: `Our <b>${k}th</b> loaf & more.`,
  date: `2027-02-${String(day).padStart(2, "0")}T08:00:00Z`,
});

async function setup() {
  const { workspace, key } = await workspaceWithKey();
  const a = await simulatedAccount(workspace.id, "bluesky");
  const b = await simulatedAccount(workspace.id, "mastodon");
  return { ws: workspace.id, key, a, b };
}

async function follow(key: string, body: Record<string, unknown>) {
  return callRoute(feeds.POST, req("POST", "/api/feeds", { key, body }));
}

const postsOf = (workspaceId: string) =>
  db().post.findMany({ where: { workspaceId }, include: { targets: { select: { accountId: true } } }, orderBy: { createdAt: "asc" } });

describe("following a feed", () => {
  it("RSS: the first poll records the items without posting; a new item becomes one post on the chosen accounts with the template filled; polling again makes nothing", async () => {
    const { ws, key, a, b } = await setup();
    const f = serve("rss", [item(2), item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id, b.id], template: "New: {title} — {summary} {link}" });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.feed).toMatchObject({ url: f.url, title: "Bakery news", enabled: true });
    expect(r.body.poll).toMatchObject({ status: "ok", seen: 2, newItems: 2, posts: [] });
    expect(await db().feedItem.count({ where: { feedId: r.body.feed.id } })).toBe(2);
    expect(await postsOf(ws)).toHaveLength(0);

    f.publish(item(3));
    const p = await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.poll).toMatchObject({ status: "ok", newItems: 1 });
    const posts = await postsOf(ws);
    expect(posts).toHaveLength(1);
    expect(posts[0].text).toBe("New: Fresh bread no. 3 — Our 3th loaf & more. https://bakery.example/posts/3");
    expect(posts[0].targets.map((t) => t.accountId).sort()).toEqual([a.id, b.id].sort());
    expect(await db().agentTask.count({ where: { workspaceId: ws, type: "social_post" } })).toBe(2);
    const row = await db().feedItem.findFirstOrThrow({ where: { feedId: r.body.feed.id, guid: "post-3" } });
    expect(row.postId).toBe(posts[0].id);

    // The same document again (a server that ignores conditional GET): nothing new.
    await db().feed.update({ where: { id: r.body.feed.id }, data: { etag: null } });
    const again = await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(again.body.poll).toMatchObject({ status: "ok", newItems: 0, posts: [] });
    expect(await postsOf(ws)).toHaveLength(1);

    const list = await callRoute(feeds.GET, req("GET", "/api/feeds", { key }));
    expect(list.body.feeds[0].recentPosts).toEqual([expect.objectContaining({ postId: posts[0].id, title: "Fresh bread no. 3" })]);
    expect(list.body.feeds[0].lastResult).toMatch(/3 items in the feed, 0 new/);
  });

  it("an item seen in a feed whose FeedItem row was lost finds its post again instead of making a second one", async () => {
    const { ws, key, a } = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id] });
    f.publish(item(2));
    await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(await postsOf(ws)).toHaveLength(1);
    // As if the poll had stopped between the post and its FeedItem row.
    await db().feedItem.deleteMany({ where: { feedId: r.body.feed.id, guid: "post-2" } });
    await db().feed.update({ where: { id: r.body.feed.id }, data: { etag: null } });
    const again = await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(again.body.poll.newItems).toBe(1);
    const posts = await postsOf(ws);
    expect(posts).toHaveLength(1);
    expect(again.body.poll.posts).toEqual([posts[0].id]);
  });

  it("honours 304: the stored ETag is sent and a Not Modified answer changes nothing", async () => {
    const { ws, key, a } = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id] });
    expect((await db().feed.findUniqueOrThrow({ where: { id: r.body.feed.id } })).etag).toBe('"v1"');
    const p = await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(p.body.poll.status).toBe("not_modified");
    expect(f.hits().at(-1)?.headers["if-none-match"]).toBe('"v1"');
    expect(await postsOf(ws)).toHaveLength(0);
  });

  it("Atom with backfill 1: the newest entry becomes a post at once, the rest are only recorded", async () => {
    const { ws, key, a } = await setup();
    const f = serve("atom", [item(1), item(5), item(3)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id], backfill: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.feed.title).toBe("Bakery blog");
    const posts = await postsOf(ws);
    expect(posts.map((p) => p.text)).toEqual(["Fresh bread no. 5 https://bakery.example/posts/5"]);
    expect(await db().feedItem.count({ where: { feedId: r.body.feed.id } })).toBe(3);
  });

  it("held for approval: the new item's post waits for review with no task", async () => {
    const { ws, key, a } = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id], holdForApproval: true });
    f.publish(item(2));
    await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    const posts = await postsOf(ws);
    expect(posts).toHaveLength(1);
    expect(posts[0].approvalState).toBe("pending");
    expect(await db().agentTask.count({ where: { workspaceId: ws, type: "social_post" } })).toBe(0);
  });

  it("AI-written without an AI key: says so and uses the template", async () => {
    const { ws, key, a } = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id], aiWritten: true });
    f.publish(item(2));
    const p = await callRoute(poll.POST, req("POST", `/api/feeds/${r.body.feed.id}/poll`, { key }), { id: r.body.feed.id });
    expect(p.body.poll.note).toMatch(/No OPENAI_API_KEY/);
    expect((await postsOf(ws)).map((x) => x.text)).toEqual(["Fresh bread no. 2 https://bakery.example/posts/2"]);
  });

  it("the feed_poll task polls and queues the next poll; a new item becomes a post", async () => {
    const { ws, key, a } = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id] });
    const due = new Date(T.getTime() + FEED_POLL_INTERVAL_MS);
    const tasks = () => db().agentTask.findMany({ where: { workspaceId: ws, type: "feed_poll" }, orderBy: { scheduledAt: "asc" } });
    expect((await tasks()).map((t) => [t.status, t.scheduledAt.toISOString()])).toEqual([["pending", due.toISOString()]]);
    f.publish(item(2));
    await runProcessor({ at: due, workspaceId: ws });
    const after = await tasks();
    expect(after.map((t) => t.status)).toEqual(["completed", "pending"]);
    expect(after[1].scheduledAt.toISOString()).toBe(new Date(due.getTime() + FEED_POLL_INTERVAL_MS).toISOString());
    expect((await postsOf(ws)).map((x) => x.text)).toEqual(["Fresh bread no. 2 https://bakery.example/posts/2"]);
    expect((await db().feed.findUniqueOrThrow({ where: { id: r.body.feed.id } })).lastPolledAt?.toISOString()).toBe(due.toISOString());
  });
});

describe("refusals", () => {
  it("a private address is refused naming url, and nothing is written", async () => {
    const { ws, key, a } = await setup();
    process.env.HERALD_FETCH_ALLOW_HOSTS = "";
    resetEnvCache();
    const f = serve("rss", [item(1)]);
    const r = await follow(key, { url: f.url, accountIds: [a.id] });
    expect(r.status).toBe(400);
    expect(r.body.error.fields).toEqual([expect.objectContaining({ path: "url" })]);
    expect(f.hits()).toHaveLength(0);
    expect(await db().feed.count({ where: { workspaceId: ws } })).toBe(0);
  });

  it("a URL that is not a feed, a bad URL, an unknown account and an unknown placeholder are 400 naming the field", async () => {
    const { key, a } = await setup();
    srv.on("GET", "/page.html", () => ({ status: 200, headers: { "content-type": "text/html" }, text: "<html><body>hi</body></html>" }));
    const notFeed = await follow(key, { url: `${srv.url}/page.html`, accountIds: [a.id] });
    expect(notFeed.status).toBe(400);
    expect(notFeed.body.error.fields).toEqual([{ path: "url", message: "This address does not serve an RSS or Atom feed." }]);
    const bad = await follow(key, { url: "not a url", accountIds: [a.id] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((x: { path: string }) => x.path)).toEqual(["url"]);
    const f = serve("rss", [item(1)]);
    const unknown = await follow(key, { url: f.url, accountIds: ["nope"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([{ path: "accountIds", message: "Unknown account: nope." }]);
    const tpl = await follow(key, { url: f.url, accountIds: [a.id], template: "{title} {author}" });
    expect(tpl.status).toBe(400);
    expect(tpl.body.error.fields.map((x: { path: string }) => x.path)).toEqual(["template"]);
  });

  it("another workspace cannot list, change, poll or delete the feed, nor subscribe it to the first workspace's accounts", async () => {
    const one = await setup();
    const two = await setup();
    const f = serve("rss", [item(1)]);
    const r = await follow(one.key, { url: f.url, accountIds: [one.a.id] });
    const id = r.body.feed.id;
    expect((await callRoute(feeds.GET, req("GET", "/api/feeds", { key: two.key }))).body.feeds).toEqual([]);
    expect((await callRoute(feed.PATCH, req("PATCH", `/api/feeds/${id}`, { key: two.key, body: { enabled: false } }), { id })).status).toBe(404);
    expect((await callRoute(poll.POST, req("POST", `/api/feeds/${id}/poll`, { key: two.key }), { id })).status).toBe(404);
    expect((await callRoute(feed.DELETE, req("DELETE", `/api/feeds/${id}`, { key: two.key }), { id })).status).toBe(404);
    const steal = await follow(two.key, { url: f.url, accountIds: [one.a.id] });
    expect(steal.status).toBe(400);
    expect((await db().feed.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);
    // The owner can.
    expect((await callRoute(feed.PATCH, req("PATCH", `/api/feeds/${id}`, { key: one.key, body: { enabled: false } }), { id })).body.feed.enabled).toBe(false);
    expect((await callRoute(feed.DELETE, req("DELETE", `/api/feeds/${id}`, { key: one.key }), { id })).status).toBe(200);
  });
});
