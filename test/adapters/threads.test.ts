// The Threads adapter against a local Threads API double answering with Meta's documented
// responses: the quota check, containers, status polling, threads_publish, reply chains, errors,
// reconcile, insights and validation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createThreadsAdapter, NOT_PUBLIC_MESSAGE, type ThreadsAdapterDeps } from "../../lib/social/threads/adapter";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const V = "v1.0";
const UID = "26000000000000001";
const TOKEN = "THAAthreadsusertoken9876543210secret";
const NOW = new Date("2026-11-22T10:00:00.000Z");

let server: FixtureServer;
/** Status answers per container id, consumed in order; the last one repeats. */
let statuses: Record<string, string[]>;
let quota: { quota_usage: number; config: { quota_total: number; quota_duration: number } };
/** The reply quota, answered when asked for by its fields (retrieve-and-manage-replies). */
let replyQuota: { reply_quota_usage: number; reply_config: { quota_total: number; quota_duration: number } };

const account: AccountContext = {
  id: "acct_th",
  workspaceId: "ws_1",
  platform: "threads",
  handle: "herald.cafe",
  credentials: { threadsUserId: UID, accessToken: TOKEN },
  simulation: null,
};

const adapter = (extra: Partial<ThreadsAdapterDeps> = {}) =>
  createThreadsAdapter({ baseUrl: `${server.url}/${V}`, now: () => NOW, allowPrivateMediaUrls: true, pollIntervalMs: 5, ...extra });
const signal = () => AbortSignal.timeout(5000);
const publish = (content: PublishContent, opts: { sig?: AbortSignal; deps?: Partial<ThreadsAdapterDeps> } = {}) =>
  adapter(opts.deps).publish({ account, content, idempotencyKey: "task-1", attempt: 1, signal: opts.sig ?? signal() });
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "OAuthException", code, fbtrace_id: "ThTrace42", ...extra },
});
const img = (n: number, altText?: string) => ({ url: `https://cdn.herald.example/${n}.jpg`, type: "image" as const, altText });
const vid = (n: number) => ({ url: `https://cdn.herald.example/${n}.mp4`, type: "video" as const });
const body = (r: RecordedRequest) => r.body as Record<string, unknown>;
const calls = () => server.requests.map((r) => `${r.method} ${r.path.replace(`/${V}/`, "")}`);
const containerPosts = () => server.requests.filter((r) => r.method === "POST" && r.path === `/${V}/${UID}/threads`).map(body);
const publishPosts = () => server.requests.filter((r) => r.method === "POST" && r.path === `/${V}/${UID}/threads_publish`).map(body);

beforeEach(async () => {
  server = await startFixtureServer();
  statuses = {};
  quota = { quota_usage: 3, config: { quota_total: 250, quota_duration: 86400 } };
  let nextContainer = 0;
  let nextMedia = 0;
  replyQuota = { reply_quota_usage: 10, reply_config: { quota_total: 1000, quota_duration: 86400 } };
  server.on("GET", `/${V}/${UID}/threads_publishing_limit`, (req) => ({
    json: { data: [req.query.get("fields") === "reply_quota_usage,reply_config" ? replyQuota : quota] },
  }));
  server.on("POST", `/${V}/${UID}/threads`, () => ({ json: { id: `c${++nextContainer}` } }));
  server.on("GET", /\/c\d+$/, (req) => {
    const id = req.path.split("/").pop()!;
    const queue = statuses[id] ?? ["FINISHED"];
    const status = queue.length > 1 ? queue.shift()! : queue[0];
    return { json: { status, id, ...(status === "ERROR" ? { error_message: "FAILED_DOWNLOADING_VIDEO" } : {}) } };
  });
  server.on("POST", `/${V}/${UID}/threads_publish`, () => ({ json: { id: `1800000000000000${++nextMedia}` } }));
  server.on("GET", /\/1800000000000000\d+$/, (req) => ({
    json: { permalink: `https://www.threads.net/@herald.cafe/post/P${req.path.split("/").pop()!.slice(-1)}`, id: req.path.split("/").pop() },
  }));
});
afterEach(() => server.close());

describe("publishing", () => {
  it("publishes a text post: quota, a TEXT container published at once (no polling), then the permalink", async () => {
    const r = await publish({ text: "Fresh bread today", link: "https://herald.example/menu" });

    expect(r).toEqual({ platformPostId: "18000000000000001", url: "https://www.threads.net/@herald.cafe/post/P1", simulated: false });
    expect(calls()).toEqual([`GET ${UID}/threads_publishing_limit`, `POST ${UID}/threads`, `POST ${UID}/threads_publish`, "GET 18000000000000001"]);
    const [limit, container, publishReq, permalink] = server.requests;
    expect(limit.query.get("fields")).toBe("quota_usage,config");
    expect(limit.query.get("access_token")).toBe(TOKEN);
    expect(container.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(body(container)).toEqual({ media_type: "TEXT", text: "Fresh bread today\n\nhttps://herald.example/menu", access_token: TOKEN });
    expect(body(publishReq)).toEqual({ creation_id: "c1", access_token: TOKEN });
    expect(permalink.query.get("fields")).toBe("permalink");
  });

  it("publishes an image post after polling its container until FINISHED", async () => {
    statuses.c1 = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"];
    const r = await publish({ text: "New menu", media: [img(1, "A plate of pasta")] });

    expect(r.platformPostId).toBe("18000000000000001");
    expect(containerPosts()).toEqual([
      { media_type: "IMAGE", image_url: "https://cdn.herald.example/1.jpg", alt_text: "A plate of pasta", text: "New menu", access_token: TOKEN },
    ]);
    const polls = server.requests.filter((q) => q.path === `/${V}/c1`);
    expect(polls).toHaveLength(3);
    expect(polls[0].query.get("fields")).toBe("status,error_message");
    const publishReq = server.requests.find((q) => q.path === `/${V}/${UID}/threads_publish`)!;
    expect(server.requests.indexOf(publishReq)).toBeGreaterThan(server.requests.indexOf(polls[2]));
  });

  it("builds a carousel: child containers first, then a CAROUSEL container with the children and the text", async () => {
    statuses.c2 = ["IN_PROGRESS", "FINISHED"];
    const r = await publish({ text: "Weekend recap", media: [img(1), vid(2), img(3)] });

    expect(r.platformPostId).toBe("18000000000000001");
    expect(containerPosts()).toEqual([
      { media_type: "IMAGE", image_url: "https://cdn.herald.example/1.jpg", is_carousel_item: "true", access_token: TOKEN },
      { media_type: "VIDEO", video_url: "https://cdn.herald.example/2.mp4", is_carousel_item: "true", access_token: TOKEN },
      { media_type: "IMAGE", image_url: "https://cdn.herald.example/3.jpg", is_carousel_item: "true", access_token: TOKEN },
      { media_type: "CAROUSEL", children: "c1,c2,c3", text: "Weekend recap", access_token: TOKEN },
    ]);
    expect(server.requests.filter((q) => q.path === `/${V}/c2`)).toHaveLength(2);
    expect(publishPosts()).toEqual([{ creation_id: "c4", access_token: TOKEN }]);
  });

  it("chains a three-part thread with reply_to_id, then the first comment as a reply to the first post", async () => {
    const r = await publish({ text: "Part one", thread: ["Part two", "Part three"], firstComment: "Menu link in bio" });

    expect(r).toEqual({
      platformPostId: "18000000000000001",
      url: "https://www.threads.net/@herald.cafe/post/P1",
      simulated: false,
      threadIds: ["18000000000000002", "18000000000000003"],
    });
    expect(containerPosts()).toEqual([
      { media_type: "TEXT", text: "Part one", access_token: TOKEN },
      { media_type: "TEXT", text: "Part two", reply_to_id: "18000000000000001", access_token: TOKEN },
      { media_type: "TEXT", text: "Part three", reply_to_id: "18000000000000002", access_token: TOKEN },
      { media_type: "TEXT", text: "Menu link in bio", reply_to_id: "18000000000000001", access_token: TOKEN },
    ]);
    expect(publishPosts().map((b) => b.creation_id)).toEqual(["c1", "c2", "c3", "c4"]);
  });

  it("checks the reply quota apart from the post quota before a thread: refused before anything is posted when its replies would not fit", async () => {
    // 998 of 1,000 replies used: two parts and a first comment need 3.
    replyQuota = { reply_quota_usage: 998, reply_config: { quota_total: 1000, quota_duration: 86400 } };
    const e = await failure(publish({ text: "Part one", thread: ["Part two", "Part three"], firstComment: "Menu link in bio" }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "reply_limit"]);
    expect(e.message).toContain("998 of 1000 replies in 24 h used; this post needs 3");
    expect(calls()).toEqual([`GET ${UID}/threads_publishing_limit`, `GET ${UID}/threads_publishing_limit`]);
    expect(server.requests.map((r) => r.query.get("fields"))).toEqual(["quota_usage,config", "reply_quota_usage,reply_config"]);
    expect(containerPosts()).toEqual([]);

    // Two replies fit (998 + 2 = 1,000).
    server.requests.length = 0;
    const r = await publish({ text: "Part one", thread: ["Part two", "Part three"] });
    expect(r.threadIds).toHaveLength(2);

    // A post without replies does not read the reply quota, and a used-up reply quota does not hold it.
    replyQuota = { reply_quota_usage: 1000, reply_config: { quota_total: 1000, quota_duration: 86400 } };
    server.requests.length = 0;
    await publish({ text: "Just a post" });
    expect(server.requests.filter((q) => q.path.endsWith("threads_publishing_limit")).map((q) => q.query.get("fields"))).toEqual(["quota_usage,config"]);

    // The post quota still holds a thread whose replies would fit.
    quota = { quota_usage: 250, config: { quota_total: 250, quota_duration: 86400 } };
    replyQuota = { reply_quota_usage: 0, reply_config: { quota_total: 1000, quota_duration: 86400 } };
    expect((await failure(publish({ text: "Part one", thread: ["Part two"] }))).code).toBe("publishing_limit");
  });

  it("an account without threads_manage_replies (cannot read the reply quota) still posts its thread", async () => {
    server.once("GET", `/${V}/${UID}/threads_publishing_limit`, { json: { data: [quota] } });
    server.once("GET", `/${V}/${UID}/threads_publishing_limit`, {
      status: 400,
      json: graphError(10, "Application does not have permission for this action"),
    });
    const r = await publish({ text: "Part one", thread: ["Part two"] });
    expect(r.threadIds).toEqual(["18000000000000002"]);
  });

  it("a later thread part failing leaves the first post live: in doubt, naming it, so reconcile decides", async () => {
    server.once("POST", `/${V}/${UID}/threads`, { json: { id: "c1" } });
    server.once("POST", `/${V}/${UID}/threads`, { status: 400, json: graphError(100, "Invalid parameter") });
    const e = await failure(publish({ text: "Part one", thread: ["Part two", "Part three"] }));
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "thread_incomplete"]);
    expect(e.message).toContain("The post is live at https://www.threads.net/@herald.cafe/post/P1, but part 2 of the thread failed");
    expect(e.message).toContain("Invalid parameter");
    expect(publishPosts()).toHaveLength(1);
  });

  it("stops before any container when the publishing quota is used up", async () => {
    quota = { quota_usage: 250, config: { quota_total: 250, quota_duration: 86400 } };
    const e = await failure(publish({ text: "One too many" }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "publishing_limit"]);
    expect(e.message).toContain("250 of 250 posts in 24 h");
    expect(calls()).toEqual([`GET ${UID}/threads_publishing_limit`]);
  });

  it("a container in ERROR is a permanent failure with Meta's error_message, and nothing is published", async () => {
    statuses.c1 = ["IN_PROGRESS", "ERROR"];
    const e = await failure(publish({ text: "Broken video", media: [vid(1)] }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "media_processing_failed"]);
    expect(e.message).toContain("FAILED_DOWNLOADING_VIDEO");
    expect(publishPosts()).toHaveLength(0);
  });

  it("polling is bounded: a container that never finishes is transient, and nothing is published", async () => {
    statuses.c1 = ["IN_PROGRESS"];
    const e = await failure(publish({ text: "Long video", media: [vid(1)] }, { deps: { maxPolls: 3 } }));
    expect([e.failureClass, e.code]).toEqual(["transient", "media_processing_timeout"]);
    expect(server.requests.filter((q) => q.path === `/${V}/c1`)).toHaveLength(3);
    expect(publishPosts()).toHaveLength(0);
  });

  it("a missing permalink falls back to the spec's URL with the handle", async () => {
    server.once("GET", `/${V}/18000000000000001`, { status: 500, json: graphError(2, "Service temporarily unavailable") });
    const r = await publish({ text: "Hi" });
    expect(r.url).toBe("https://www.threads.net/@herald.cafe/post/18000000000000001");
  });
});

describe("error classification", () => {
  it("a timeout at threads_publish is in doubt; before it, nothing can be live, so it is transient", async () => {
    server.once("POST", `/${V}/${UID}/threads_publish`, { delayMs: 600, json: { id: "1" } });
    const a = await failure(publish({ text: "Slow" }, { sig: AbortSignal.timeout(150) }));
    expect([a.failureClass, a.code]).toEqual(["in_doubt", "timeout"]);

    server.once("POST", `/${V}/${UID}/threads`, { delayMs: 600, json: { id: "c9" } });
    const b = await failure(publish({ text: "Slow" }, { sig: AbortSignal.timeout(150) }));
    expect([b.failureClass, b.code]).toEqual(["transient", "timeout"]);
    expect(b.message).toContain("Nothing was posted yet");
  });

  it("uses the Graph classification: 190 → auth (token scrubbed), 613 → rate_limited, 5xx → transient, other 4xx → permanent", async () => {
    server.once("GET", `/${V}/${UID}/threads_publishing_limit`, {
      status: 400,
      json: graphError(190, `Error validating access token ${TOKEN}: Session has expired`, { error_subcode: 463 }),
    });
    const auth = await failure(publish({ text: "Hi" }));
    expect([auth.failureClass, auth.code]).toEqual(["auth", "auth_invalid"]);
    expect(auth.message).not.toContain(TOKEN);

    server.once("POST", `/${V}/${UID}/threads`, { status: 400, json: graphError(613, "Calls to this api have exceeded the rate limit.") });
    expect((await failure(publish({ text: "Hi" }))).failureClass).toBe("rate_limited");

    server.once("POST", `/${V}/${UID}/threads_publish`, { status: 503, json: graphError(2, "Service temporarily unavailable") });
    expect((await failure(publish({ text: "Hi" }))).failureClass).toBe("transient");

    server.once("POST", `/${V}/${UID}/threads`, { status: 400, json: graphError(100, "The parameter text is too long") });
    const bad = await failure(publish({ text: "Hi" }));
    expect([bad.failureClass, bad.code]).toEqual(["permanent", "invalid_parameter"]);
  });

  it("rejects malformed credentials as auth", async () => {
    const e = await failure(
      adapter().publish({ account: { ...account, credentials: { accessToken: TOKEN } }, content: { text: "x" }, idempotencyKey: "k", attempt: 1, signal: signal() }),
    );
    expect([e.failureClass, e.code]).toEqual(["auth", "credentials_invalid"]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("reconcile", () => {
  const recent = (items: Record<string, unknown>[], paging: Record<string, unknown> = { cursors: { after: "a" } }) =>
    server.once("GET", `/${V}/${UID}/threads`, { json: { data: items, paging } });

  it("finds the post by its text among recent posts inside the window", async () => {
    recent([
      { id: "1801", text: "Other post", timestamp: "2026-11-22T09:59:00+0000", permalink: "https://www.threads.net/@herald.cafe/post/A1" },
      { id: "1802", text: "Weekend recap\n\nhttps://herald.example/blog", timestamp: "2026-11-22T09:50:00+0000", permalink: "https://www.threads.net/@herald.cafe/post/B2" },
    ]);
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Weekend recap", link: "https://herald.example/blog" }, signal: signal() });
    expect(r).toEqual({ state: "found", result: { platformPostId: "1802", url: "https://www.threads.net/@herald.cafe/post/B2", simulated: false } });
    const [q] = server.requests;
    expect(q.path).toBe(`/${V}/${UID}/threads`);
    expect(q.query.get("fields")).toBe("id,text,timestamp,permalink");
    expect(q.query.get("limit")).toBe("25");
  });

  it("is absent when the same text is only older than the window (since the task's first attempt)", async () => {
    recent(
      [
        { id: "1801", text: "Other post", timestamp: "2026-11-22T09:59:00+0000" },
        { id: "1700", text: "Good morning!", timestamp: "2026-11-22T08:00:00+0000" },
      ],
      { cursors: { after: "a" }, next: "https://graph.threads.net/next" },
    );
    const r = await adapter().reconcile({
      account,
      idempotencyKey: "task-1",
      content: { text: "Good morning!" },
      since: new Date("2026-11-22T09:00:00.000Z"),
      signal: signal(),
    });
    expect(r).toEqual({ state: "absent" });

    // Without a first-attempt time, the window is the last 24 hours.
    recent([{ id: "1600", text: "Good morning!", timestamp: "2026-11-21T09:00:00+0000" }], { cursors: { after: "b" }, next: "https://graph.threads.net/next" });
    const old = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Good morning!" }, signal: signal() });
    expect(old).toEqual({ state: "absent" });
  });

  it("is unknown when the first post is found but its thread replies cannot be checked", async () => {
    recent([{ id: "1802", text: "Part one", timestamp: "2026-11-22T09:50:00+0000", permalink: "https://www.threads.net/@herald.cafe/post/B2" }]);
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Part one", thread: ["Part two"] }, signal: signal() });
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toContain("the post is live at https://www.threads.net/@herald.cafe/post/B2");
  });

  it("pages on with the after cursor, and is unknown when the list cannot be read", async () => {
    recent([{ id: "1801", text: "Other post", timestamp: "2026-11-22T09:59:00+0000" }], { cursors: { after: "CURSOR2" }, next: "https://graph.threads.net/next" });
    recent([{ id: "1802", text: "Hello again", timestamp: "2026-11-22T09:30:00+0000" }], {});
    const found = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Hello again" }, signal: signal() });
    expect(found.state === "found" && found.result.platformPostId).toBe("1802");
    expect(server.requests[1].query.get("after")).toBe("CURSOR2");

    server.once("GET", `/${V}/${UID}/threads`, { status: 400, json: graphError(190, "Session has expired") });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Hi" }, signal: signal() });
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toMatch(/access token/);
  });
});

describe("metrics and refresh", () => {
  it("maps insights (values[] and total_value) to likes, replies, reposts + quotes, impressions from views", async () => {
    server.once("GET", `/${V}/18000000000000001/insights`, {
      json: {
        data: [
          { name: "views", period: "lifetime", values: [{ value: 5120 }] },
          { name: "likes", period: "lifetime", values: [{ value: 128 }] },
          { name: "replies", period: "lifetime", total_value: { value: 9 } },
          { name: "reposts", period: "lifetime", values: [{ value: 4 }] },
          { name: "quotes", period: "lifetime", total_value: { value: 2 } },
        ],
      },
    });
    const m = await adapter().metrics({ account, platformPostId: "18000000000000001", signal: signal() });
    expect(m).toEqual({ likes: 128, replies: 9, reposts: 6, impressions: 5120, simulated: false });
    expect(server.requests[0].query.get("metric")).toBe("views,likes,replies,reposts,quotes");
    expect(server.requests[0].query.get("access_token")).toBe(TOKEN);
  });

  it("impressions are null when views are missing", async () => {
    server.once("GET", `/${V}/18000000000000001/insights`, { json: { data: [{ name: "likes", values: [{ value: 1 }] }] } });
    const m = await adapter().metrics({ account, platformPostId: "18000000000000001", signal: signal() });
    expect(m).toEqual({ likes: 1, replies: 0, reposts: 0, impressions: null, simulated: false });
  });

  it("refresh renews the long-lived token for 60 days at the unversioned /refresh_access_token", async () => {
    server.on("GET", "/refresh_access_token", () => ({ json: { access_token: "renewed-token", token_type: "bearer", expires_in: 5_184_000 } }));
    const fresh = await adapter().refresh({ account, signal: signal() });
    expect(fresh).toEqual({ ...account.credentials, accessToken: "renewed-token", expiresAt: new Date(NOW.getTime() + 5_184_000_000).toISOString() });
    const [req] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(req.query)).toEqual({ grant_type: "th_refresh_token", access_token: account.credentials!.accessToken });
  });
});

describe("validation", () => {
  it("allows 500 characters per part, a link in the text, and at most 10 media items", () => {
    const a = adapter();
    expect(a.validate({ text: "x".repeat(500), thread: ["y".repeat(500)], firstComment: "z".repeat(500) })).toEqual([]);
    expect(a.validate({ text: "x".repeat(470), link: "https://herald.example" })).toEqual([]);
    expect(a.validate({ text: "ok", firstComment: "z".repeat(501) })[0]).toMatchObject({ field: "firstComment" });
    expect(a.validate({ text: "Read this https://herald.example/post" })).toEqual([]);
    expect(a.validate({ text: "x".repeat(501) }).map((p) => p.message)).toEqual(["Threads allows 500 characters; this text has 501."]);
    expect(a.validate({ text: "ok", thread: ["y".repeat(501)] })[0]).toMatchObject({ field: "thread", message: "Threads allows 500 characters; this text has 501." });
    expect(a.validate({ text: "x".repeat(490), link: "https://herald.example/long" })[0]).toMatchObject({ field: "link" });
    const media = (n: number) => Array.from({ length: n }, (_, i) => img(i));
    expect(a.validate({ text: "ten", media: media(10) })).toEqual([]);
    expect(a.validate({ text: "eleven", media: media(11) }).map((p) => p.message)).toEqual(["Threads allows at most 10 media items; this post has 11."]);
  });

  it("refuses media Meta could not fetch (private address) with a readable permanent error, before any call", async () => {
    const content: PublishContent = { text: "Local file", media: [{ url: "http://127.0.0.1:3000/uploads/a.jpg", type: "image" }] };
    const strict = createThreadsAdapter({ baseUrl: `${server.url}/${V}`, now: () => NOW });
    expect(strict.validate(content).map((p) => p.message)).toEqual([`${NOT_PUBLIC_MESSAGE}.`]);
    const e = await failure(strict.publish({ account, content, idempotencyKey: "k", attempt: 1, signal: signal() }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "media_not_public"]);
    expect(e.message).toContain("Threads needs media at a public URL");
    expect(server.requests).toHaveLength(0);
    expect(strict.validate({ text: "x", media: [img(1)] })).toEqual([]);
  });
});
