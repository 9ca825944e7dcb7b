// The Mastodon adapter against a local server that answers like a Mastodon instance
// (docs.joinmastodon.org: methods/statuses, methods/media, methods/instance, api/rate-limits).
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { clearMastodonInstanceCache, createMastodonAdapter } from "../../lib/social/mastodon/adapter";
import { comparable, htmlToText, mastodonLength } from "../../lib/social/mastodon/text";
import { PlatformError, type AccountContext, type PublishInput } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

let server: FixtureServer;
let png: string;
let nextId = 1000;

const TOKEN = "mastodon-user-token";

function account(credentials: Record<string, string> | null = { instanceUrl: server.url, accessToken: TOKEN }): AccountContext {
  return { id: "acct_1", workspaceId: "ws_1", platform: "mastodon", handle: "herald@example.social", credentials, simulation: null };
}

function instance(maxCharacters = 500) {
  return {
    domain: "example.social",
    configuration: {
      statuses: { max_characters: maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 },
      media_attachments: { description_limit: 1500, image_size_limit: 16777216, image_matrix_limit: 33177600, video_size_limit: 103809024 },
    },
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

// What POST /api/v1/statuses returns: a Status entity.
function statusFor(req: RecordedRequest) {
  const body = req.body as { status: string; in_reply_to_id?: string };
  const id = String(nextId++);
  return {
    id,
    created_at: new Date().toISOString(),
    in_reply_to_id: body.in_reply_to_id ?? null,
    uri: `${server.url}/users/herald/statuses/${id}`,
    url: `${server.url}/@herald/${id}`,
    content: `<p>${escapeHtml(body.status)}</p>`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
  };
}

const post = (over: Partial<PublishInput> = {}): PublishInput => ({
  account: account(),
  content: { text: "Hello from Herald" },
  idempotencyKey: "task_abc",
  attempt: 1,
  signal: AbortSignal.timeout(5000),
  ...over,
});

const adapter = () => createMastodonAdapter({ mediaPollIntervalMs: 5 });

const statusPosts = () => server.requests.filter((r) => r.method === "POST" && r.path === "/api/v1/statuses");

beforeAll(async () => {
  server = await startFixtureServer();
  const bytes = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#3366ff" } }).png().toBuffer();
  png = `data:image/png;base64,${bytes.toString("base64")}`;
  server.on("GET", "/api/v2/instance", () => ({ json: instance() }));
  server.on("POST", "/api/v1/statuses", (req) => ({ json: statusFor(req) }));
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  clearMastodonInstanceCache();
});

describe("Mastodon text counting", () => {
  it("counts a URL as 23 characters and a remote mention without its domain, in graphemes", () => {
    const url = "https://example.com/" + "a".repeat(200);
    expect(mastodonLength(`x ${url}`, 23)).toBe(2 + 23);
    expect(mastodonLength("hi @alice@very.long.example.social", 23)).toBe("hi @alice".length);
    expect(mastodonLength("👨‍👩‍👧‍👦 e\u0301", 23)).toBe(3);
    // example.org has no protocol: Mastodon counts it as written.
    expect(mastodonLength("see example.org", 23)).toBe(15);
  });

  it("validates against 500 until the instance's real limit is known, then against that", async () => {
    const a = createMastodonAdapter({ instanceUrl: server.url });
    const long = { text: "x".repeat(700) };
    expect(a.validate(long)[0].message).toMatch(/500 characters; this text has 700/);
    server.once("GET", "/api/v2/instance", { json: instance(1000) });
    const limits = await a.instanceLimits(server.url, AbortSignal.timeout(5000));
    expect(limits.maxCharacters).toBe(1000);
    expect(a.validate(long)).toEqual([]);
    expect(a.validate({ text: "x".repeat(1001) })[0].message).toMatch(/1000 characters; this text has 1001/);
  });

  it("caches an instance's limits for an hour", async () => {
    let clock = new Date("2026-05-01T10:00:00Z");
    const a = createMastodonAdapter({ now: () => clock });
    await a.instanceLimits(server.url, AbortSignal.timeout(5000));
    await a.instanceLimits(server.url, AbortSignal.timeout(5000));
    expect(server.requests.filter((r) => r.path === "/api/v2/instance")).toHaveLength(1);
    clock = new Date("2026-05-01T11:00:01Z");
    await a.instanceLimits(server.url, AbortSignal.timeout(5000));
    expect(server.requests.filter((r) => r.path === "/api/v2/instance")).toHaveLength(2);
  });
});

describe("Mastodon publish", () => {
  it("posts the status with the bearer token and the task's Idempotency-Key, and keeps the status url", async () => {
    const r = await adapter().publish(post({ content: { text: "Hello #herald", link: "https://herald.example/launch" } }));
    const [req] = statusPosts();
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["idempotency-key"]).toBe("task_abc");
    expect(req.body).toEqual({ status: "Hello #herald\n\nhttps://herald.example/launch" });
    expect(r).toEqual({ platformPostId: expect.any(String), url: `${server.url}/@herald/${r.platformPostId}`, simulated: false });
  });

  it("re-validates with the instance's real limit before posting and posts nothing when it is exceeded", async () => {
    server.once("GET", "/api/v2/instance", { json: instance(100) });
    const e = await failure(adapter().publish(post({ content: { text: "y".repeat(150) } })));
    expect(e).toMatchObject({ failureClass: "permanent", code: "validation_failed" });
    expect(e.message).toMatch(/100 characters; this text has 150/);
    expect(statusPosts()).toHaveLength(0);
  });

  it("uploads an image with its alt text, polls while the server processes it, then attaches it", async () => {
    server.once("POST", "/api/v2/media", {
      status: 202,
      json: { id: "22348641", type: "image", url: null, preview_url: "https://files.example/small.png", description: "A blue banner" },
    });
    server.once("GET", "/api/v1/media/22348641", { status: 206, json: { id: "22348641", url: null } });
    server.once("GET", "/api/v1/media/22348641", { json: { id: "22348641", url: "https://files.example/original.png" } });

    await adapter().publish(post({ content: { text: "With a picture", media: [{ url: png, type: "image", altText: "A blue banner" }] } }));

    const upload = server.requests.find((r) => r.path === "/api/v2/media")!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const raw = upload.raw.toString("latin1");
    expect(raw).toMatch(/name="description"\r\n\r\nA blue banner/);
    expect(raw).toMatch(/name="file"; filename="media\.png"\r\nContent-Type: image\/png/);
    expect(raw).toContain("\x89PNG");
    expect(server.requests.filter((r) => r.path === "/api/v1/media/22348641")).toHaveLength(2);
    expect(statusPosts()[0].body).toEqual({ status: "With a picture", media_ids: ["22348641"] });
  });

  it("gives up on media that never finishes processing, as a transient failure before anything is posted", async () => {
    server.once("POST", "/api/v2/media", { status: 202, json: { id: "77", url: null } });
    server.on("GET", "/api/v1/media/77", () => ({ status: 206, json: { id: "77", url: null } }));
    const a = createMastodonAdapter({ mediaPollIntervalMs: 5, mediaPollMax: 3 });
    const e = await failure(a.publish(post({ content: { text: "x", media: [{ url: png, type: "image" }] } })));
    expect(e).toMatchObject({ failureClass: "transient", code: "media_processing_timeout" });
    expect(server.requests.filter((r) => r.path === "/api/v1/media/77")).toHaveLength(3);
    expect(statusPosts()).toHaveLength(0);
  });

  it("posts a thread as a reply chain and the first comment as a reply, each with its own key", async () => {
    const r = await adapter().publish(post({ content: { text: "1/3 start", thread: ["2/3 middle", "3/3 end"], firstComment: "Links below" } }));
    const reqs = statusPosts();
    expect(reqs.map((q) => q.headers["idempotency-key"])).toEqual([
      "task_abc",
      "task_abc:thread:1",
      "task_abc:thread:2",
      "task_abc:first-comment",
    ]);
    expect(reqs[1].body).toEqual({ status: "2/3 middle", in_reply_to_id: r.platformPostId });
    expect(reqs[2].body).toEqual({ status: "3/3 end", in_reply_to_id: r.threadIds![0] });
    expect(reqs[3].body).toEqual({ status: "Links below", in_reply_to_id: r.platformPostId });
    expect(r.threadIds).toHaveLength(2);
  });

  it("says the post is live when a later thread part fails, and makes a doubt there a safe retry", async () => {
    server.once("POST", "/api/v1/statuses", { json: { id: "500", url: `${server.url}/@herald/500`, uri: "u", content: "", created_at: "" } });
    server.once("POST", "/api/v1/statuses", { reset: true });
    const e = await failure(adapter().publish(post({ content: { text: "a", thread: ["b"] } })));
    expect(e.failureClass).toBe("transient");
    expect(e.message).toContain(`The post is live at ${server.url}/@herald/500, but thread part 2 failed`);
  });
});

describe("Mastodon failures", () => {
  it("maps 422 to a permanent failure carrying Mastodon's message", async () => {
    server.once("POST", "/api/v1/statuses", { status: 422, json: { error: "Validation failed: Text character limit of 500 exceeded" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "rejected", httpStatus: 422 });
    expect(e.message).toContain("Validation failed: Text character limit of 500 exceeded");
  });

  it("maps 429 to rate_limited at X-RateLimit-Reset", async () => {
    server.once("POST", "/api/v1/statuses", {
      status: 429,
      headers: { "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "2026-05-01T10:05:00.123456Z" },
      json: { error: "Too many requests" },
    });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "rate_limited", httpStatus: 429 });
    expect(e.retryAt?.toISOString()).toBe("2026-05-01T10:05:00.123Z");
  });

  it("maps 401 to auth", async () => {
    server.once("POST", "/api/v1/statuses", { status: 401, json: { error: "The access token is invalid" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "auth", code: "auth_invalid", httpStatus: 401 });
    expect(e.message).toContain("The access token is invalid");
  });

  it("maps 5xx to transient", async () => {
    server.once("POST", "/api/v1/statuses", { status: 503, text: "<html>Service Unavailable</html>", headers: { "content-type": "text/html" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "transient", httpStatus: 503 });
  });

  it("treats a timeout on the status POST as in doubt (the request had been sent)", async () => {
    server.once("POST", "/api/v1/statuses", { delayMs: 1500, json: {} });
    const e = await failure(adapter().publish(post({ signal: AbortSignal.timeout(300) })));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "timeout" });
    expect(statusPosts()).toHaveLength(1);
  });

  it("treats a connection reset after sending the status as in doubt", async () => {
    server.once("POST", "/api/v1/statuses", { reset: true });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "network_error" });
    expect(statusPosts()).toHaveLength(1);
  });

  it("treats a reset during a media upload as transient: no status was created", async () => {
    server.once("POST", "/api/v2/media", { reset: true });
    const e = await failure(adapter().publish(post({ content: { text: "x", media: [{ url: png, type: "image" }] } })));
    expect(e.failureClass).toBe("transient");
    expect(statusPosts()).toHaveLength(0);
  });

  it("rejects malformed credentials as an auth problem without calling the server", async () => {
    const e = await failure(adapter().publish(post({ account: account({ instanceUrl: "not a url", accessToken: "" }) })));
    expect(e).toMatchObject({ failureClass: "auth", code: "credentials_invalid" });
    expect(server.requests).toHaveLength(0);
  });

  it("passes a PlatformError through classify and classifies raw network errors", () => {
    const a = adapter();
    const pe = new PlatformError("permanent", "x", "y");
    expect(a.classify(pe)).toBe(pe);
    expect(a.classify(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } })).failureClass).toBe("transient");
  });
});

describe("Mastodon reconcile", () => {
  const me = { id: "109", username: "herald", acct: "herald" };
  const text = "Launch day! Read https://herald.example/blog/launch-notes-2026 with @ana@other.example #herald";
  // How Mastodon renders that text: invisible spans around the URL, a remote mention shown as @ana.
  const rendered =
    '<p>Launch day! Read <a href="https://herald.example/blog/launch-notes-2026" rel="nofollow noopener" target="_blank">' +
    '<span class="invisible">https://</span><span class="ellipsis">herald.example/blog/launch-no</span><span class="invisible">tes-2026</span></a> ' +
    'with <span class="h-card"><a href="https://other.example/@ana" class="u-url mention">@<span>ana</span></a></span> ' +
    '<a href="https://example.social/tags/herald" class="mention hashtag" rel="tag">#<span>herald</span></a></p>';
  const ago = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
  const status = (id: string, content: string, createdAt: string) => ({ id, content, created_at: createdAt, url: `${server.url}/@herald/${id}`, uri: "u" });

  it("turns Mastodon's HTML back into comparable text", () => {
    expect(comparable(htmlToText(rendered))).toBe(comparable(text));
    expect(htmlToText("<p>a &amp; b<br />c</p><p>d &#39;e&#x27;</p>")).toBe("a & b\nc\n\nd 'e'");
  });

  it("finds the post among the account's recent statuses", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { json: me });
    server.once("GET", "/api/v1/accounts/109/statuses", {
      json: [status("3", "<p>something else</p>", ago(1)), status("2", rendered, ago(2)), status("1", "<p>old</p>", ago(30))],
    });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "found", result: { platformPostId: "2", url: `${server.url}/@herald/2`, simulated: false } });
    const list = server.requests.find((q) => q.path === "/api/v1/accounts/109/statuses")!;
    expect(list.query.get("limit")).toBe("40");
    expect(list.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("does not adopt the same text posted more than a day ago", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { json: me });
    server.once("GET", "/api/v1/accounts/109/statuses", { json: [status("2", rendered, ago(30))] });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "absent" });
  });

  it("never adopts a same-text post older than the task's first attempt", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { json: me });
    server.once("GET", "/api/v1/accounts/109/statuses", { json: [status("2", rendered, ago(3))] });
    const since = new Date(Date.now() - 3_600_000); // the task first went out an hour ago
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, since, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "absent" });
  });

  it("says absent when the statuses reach back past the day without a match", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { json: me });
    server.once("GET", "/api/v1/accounts/109/statuses", { json: [status("3", "<p>other</p>", ago(1))] });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "absent" });
  });

  it("cannot tell when a full page of statuses all fall within the day", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { json: me });
    server.once("GET", "/api/v1/accounts/109/statuses", {
      json: Array.from({ length: 40 }, (_, i) => status(String(100 - i), `<p>busy ${i}</p>`, ago(i * 0.1))),
    });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r.state).toBe("unknown");
  });

  it("cannot tell when the server fails", async () => {
    server.once("GET", "/api/v1/accounts/verify_credentials", { status: 502, text: "Bad Gateway" });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toMatchObject({ state: "unknown", reason: expect.stringMatching(/HTTP 502/) });
  });
});

describe("Mastodon metrics and refresh", () => {
  it("reads favourites, boosts and replies from the status", async () => {
    server.once("GET", "/api/v1/statuses/4242", {
      json: { id: "4242", favourites_count: 112, reblogs_count: 98, replies_count: 7, content: "", created_at: "", url: null, uri: "" },
    });
    const m = await adapter().metrics({ account: account(), platformPostId: "4242", signal: AbortSignal.timeout(5000) });
    expect(m).toEqual({ likes: 112, reposts: 98, replies: 7, impressions: null, simulated: false });
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("maps a missing status to a permanent failure", async () => {
    server.once("GET", "/api/v1/statuses/1", { status: 404, json: { error: "Record not found" } });
    const e = await failure(adapter().metrics({ account: account(), platformPostId: "1", signal: AbortSignal.timeout(5000) }));
    expect(e).toMatchObject({ failureClass: "permanent", code: "not_found", httpStatus: 404 });
  });

  it("has nothing to refresh: Mastodon tokens do not expire", async () => {
    expect(await adapter().refresh({ account: account(), signal: AbortSignal.timeout(5000) })).toBeNull();
  });
});
