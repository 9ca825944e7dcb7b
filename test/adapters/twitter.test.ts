// The X adapter through the real twitter-api-v2 SDK against a local server that answers like
// api.x.com: OAuth 1.0a signatures are verified, bodies and media uploads inspected, and X's
// documented error bodies and rate-limit headers replayed.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTwitterAdapter } from "../../lib/social/twitter/adapter";
import { PlatformError, type AccountContext, type PlatformAdapter } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const creds = {
  apiKey: "xvz1evFS4wEEPTGEFPHBog",
  apiSecret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw",
  accessToken: "1500-NRYc8Kq8a3OtQmCQWXcHpiVzvvlq8C8GVHl7ceSp",
  accessTokenSecret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE",
};
const USER_ID = "1500";
const account: AccountContext = {
  id: "acc_x",
  workspaceId: "ws_1",
  platform: "twitter",
  handle: "heraldhq",
  credentials: creds,
  simulation: null,
};
const NOW = new Date("2026-03-10T12:00:00.000Z");

let x: FixtureServer;
let mediaHost: http.Server;
let mediaUrl: string;
let png: Buffer;
let adapter: PlatformAdapter;
let nextId: bigint;

const signal = () => AbortSignal.timeout(5_000);
const tweetsPosted = () => x.requests.filter((r) => r.method === "POST" && r.path === "/2/tweets");
const problem = (status: number, title: string, detail: string, type = "about:blank") => ({ title, detail, type, status });

// RFC 5849 percent-encoding and HMAC-SHA1 signature, computed independently of the SDK.
const enc = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
function checkOAuth(req: RecordedRequest): Record<string, string> {
  const header = String(req.headers.authorization ?? "");
  expect(header.startsWith("OAuth ")).toBe(true);
  const params = Object.fromEntries(
    [...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1]), decodeURIComponent(m[2])]),
  );
  const { oauth_signature: signature, ...rest } = params;
  // JSON and multipart bodies are not signed; query parameters are.
  const signed = [...Object.entries(rest), ...req.query.entries()]
    .map(([k, v]) => [enc(k), enc(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const base = `${req.method}&${enc(x.url + req.path)}&${enc(signed)}`;
  const key = `${enc(creds.apiSecret)}&${enc(creds.accessTokenSecret)}`;
  expect(signature).toBe(createHmac("sha1", key).update(base).digest("base64"));
  return params;
}

beforeAll(async () => {
  png = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).png().toBuffer();
  mediaHost = http.createServer((req, res) => {
    if (req.url === "/red.png") {
      res.writeHead(200, { "content-type": "image/png", "content-length": String(png.length) });
      res.end(png);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => mediaHost.listen(0, "127.0.0.1", r));
  mediaUrl = `http://127.0.0.1:${(mediaHost.address() as AddressInfo).port}`;

  x = await startFixtureServer();
  // Shapes from docs.x.com / the X OpenAPI spec (TweetCreateResponse, MediaUploadResponse, ...).
  x.on("GET", "/2/users/me", () => ({ json: { data: { id: USER_ID, name: "Herald", username: "heraldhq" } } }));
  x.on("POST", "/2/tweets", (req) => {
    const id = String(nextId++);
    const text = (req.body as { text: string }).text;
    return { status: 201, json: { data: { id, text, edit_history_tweet_ids: [id] } } };
  });
  x.on("POST", "/2/media/upload/initialize", () => ({
    json: { data: { id: "1880028106020515840", media_key: "3_1880028106020515840", expires_after_secs: 86399 } },
  }));
  x.on("POST", /^\/2\/media\/upload\/\d+\/append$/, () => ({ json: { data: { expires_at: 1773230400 } } }));
  x.on("POST", /^\/2\/media\/upload\/\d+\/finalize$/, () => ({
    json: { data: { id: "1880028106020515840", media_key: "3_1880028106020515840", size: png.length, expires_after_secs: 86399 } },
  }));
  x.on("POST", "/2/media/metadata", (req) => {
    const b = req.body as { id: string; metadata: { alt_text: { text: string } } };
    return { json: { data: { id: b.id, associated_metadata: { alt_text: b.metadata.alt_text } } } };
  });
});

afterAll(async () => {
  await x?.close();
  await new Promise((r) => mediaHost?.close(r));
});

beforeEach(() => {
  x.reset();
  nextId = 1899000000000000001n;
  adapter = createTwitterAdapter({ baseUrl: x.url, now: () => NOW });
});

describe("publish", () => {
  it("posts text with a link, mention and hashtag, signed with OAuth 1.0a, and returns the permalink", async () => {
    const r = await adapter.publish({
      account,
      content: { text: "Launch day! Thanks @jack #herald https://example.com/a?b=1", link: "https://herald.app/p/1" },
      idempotencyKey: "task-1",
      attempt: 1,
      signal: signal(),
    });
    expect(r).toEqual({ platformPostId: "1899000000000000001", url: "https://x.com/heraldhq/status/1899000000000000001", simulated: false });
    const [req] = tweetsPosted();
    expect(req.headers["content-type"]).toMatch(/application\/json/);
    expect(req.body).toEqual({ text: "Launch day! Thanks @jack #herald https://example.com/a?b=1\n\nhttps://herald.app/p/1" });
    const oauth = checkOAuth(req);
    expect(oauth.oauth_consumer_key).toBe(creds.apiKey);
    expect(oauth.oauth_token).toBe(creds.accessToken);
    expect(oauth.oauth_signature_method).toBe("HMAC-SHA1");
  });

  it("posts a thread as a reply chain and the first comment as a reply to the first post", async () => {
    const r = await adapter.publish({
      account,
      content: { text: "1/ A thread", thread: ["2/ more", "3/ end"], firstComment: "Sources in the replies" },
      idempotencyKey: "task-2",
      attempt: 1,
      signal: signal(),
    });
    expect(r.platformPostId).toBe("1899000000000000001");
    expect(r.threadIds).toEqual(["1899000000000000002", "1899000000000000003"]);
    expect(tweetsPosted().map((q) => q.body)).toEqual([
      { text: "1/ A thread" },
      { text: "2/ more", reply: { in_reply_to_tweet_id: "1899000000000000001" } },
      { text: "3/ end", reply: { in_reply_to_tweet_id: "1899000000000000002" } },
      { text: "Sources in the replies", reply: { in_reply_to_tweet_id: "1899000000000000001" } },
    ]);
  });

  it("uploads an image through the v2 chunked upload, sets its alt text, and attaches it", async () => {
    const r = await adapter.publish({
      account,
      content: { text: "A red square", media: [{ url: `${mediaUrl}/red.png`, type: "image", altText: "A red square on white" }] },
      idempotencyKey: "task-3",
      attempt: 1,
      signal: signal(),
    });
    expect(r.platformPostId).toBe("1899000000000000001");
    const paths = x.requests.map((q) => `${q.method} ${q.path}`);
    expect(paths).toEqual([
      "POST /2/media/upload/initialize",
      "POST /2/media/upload/1880028106020515840/append",
      "POST /2/media/upload/1880028106020515840/finalize",
      "POST /2/media/metadata",
      "POST /2/tweets",
    ]);
    const [init, append, , meta, tweet] = x.requests;
    expect(init.body).toEqual({ media_type: "image/png", total_bytes: png.length, media_category: "tweet_image" });
    expect(append.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(append.raw.includes(png)).toBe(true);
    expect(append.raw.toString("latin1")).toMatch(/name="segment_index"\r\n\r\n0\r\n/);
    expect(meta.body).toEqual({ id: "1880028106020515840", metadata: { alt_text: { text: "A red square on white" } } });
    expect(tweet.body).toEqual({ text: "A red square", media: { media_ids: ["1880028106020515840"] } });
    for (const q of x.requests) checkOAuth(q);
  });
});

describe("publish failures", () => {
  const publish = (attempt = 1, content = { text: "Hello X" }) =>
    adapter.publish({ account, content, idempotencyKey: "task-f", attempt, signal: signal() });

  it("429 → rate_limited at x-rate-limit-reset", async () => {
    const reset = Math.floor(NOW.getTime() / 1000) + 600;
    x.once("POST", "/2/tweets", {
      status: 429,
      headers: { "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset) },
      json: problem(429, "Too Many Requests", "Too Many Requests"),
    });
    const e = await failure(publish());
    expect(e.failureClass).toBe("rate_limited");
    expect(e.code).toBe("rate_limited");
    expect(e.httpStatus).toBe(429);
    expect(e.retryAt).toEqual(new Date(reset * 1000));
  });

  it("429 with the 24-hour user cap exhausted → retry at the daily reset, not the 15-minute one", async () => {
    const soon = Math.floor(NOW.getTime() / 1000) + 300;
    const tomorrow = Math.floor(NOW.getTime() / 1000) + 20 * 3600;
    x.once("POST", "/2/tweets", {
      status: 429,
      headers: {
        "x-rate-limit-limit": "100",
        "x-rate-limit-remaining": "97",
        "x-rate-limit-reset": String(soon),
        "x-user-limit-24hour-limit": "17",
        "x-user-limit-24hour-remaining": "0",
        "x-user-limit-24hour-reset": String(tomorrow),
      },
      json: { errors: [{ code: 88, message: "Rate limit exceeded" }] },
    });
    const e = await failure(publish());
    expect(e.failureClass).toBe("rate_limited");
    expect(e.retryAt).toEqual(new Date(tomorrow * 1000));
    expect(e.message).toMatch(/Rate limit exceeded/);
  });

  it("401 → auth", async () => {
    x.once("POST", "/2/tweets", { status: 401, json: problem(401, "Unauthorized", "Unauthorized") });
    const e = await failure(publish());
    expect([e.failureClass, e.code, e.httpStatus]).toEqual(["auth", "auth_invalid", 401]);
    expect(e.message).toMatch(/Reconnect/);
  });

  it("403 from a read-only token → auth (a new token is needed)", async () => {
    x.once("POST", "/2/tweets", {
      status: 403,
      json: problem(
        403,
        "Forbidden",
        "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.",
        "https://api.twitter.com/2/problems/oauth1-permissions",
      ),
    });
    const e = await failure(publish());
    expect([e.failureClass, e.code]).toEqual(["auth", "app_permissions"]);
  });

  it("malformed stored credentials → auth credentials_invalid, without calling X", async () => {
    const e = await failure(
      adapter.publish({
        account: { ...account, credentials: { apiKey: "k", apiSecret: "s" } },
        content: { text: "Hi" },
        idempotencyKey: "t",
        attempt: 1,
        signal: signal(),
      }),
    );
    expect([e.failureClass, e.code]).toEqual(["auth", "credentials_invalid"]);
    expect(e.message).toMatch(/accessToken/);
    expect(x.requests).toHaveLength(0);
  });

  it("403 duplicate content → permanent on a first attempt, in doubt on a retry", async () => {
    const dup = { status: 403, json: problem(403, "Forbidden", "You are not allowed to create a Tweet with duplicate content.") };
    x.once("POST", "/2/tweets", dup);
    const first = await failure(publish(1));
    expect([first.failureClass, first.code, first.httpStatus]).toEqual(["permanent", "duplicate", 403]);
    expect(first.message).toMatch(/duplicate content/);

    x.once("POST", "/2/tweets", dup);
    const retry = await failure(publish(2));
    expect([retry.failureClass, retry.code]).toEqual(["in_doubt", "duplicate_after_retry"]);
  });

  it("other 403 → permanent with X's detail", async () => {
    x.once("POST", "/2/tweets", { status: 403, json: problem(403, "Forbidden", "You are not permitted to perform this action.") });
    const e = await failure(publish());
    expect([e.failureClass, e.code]).toEqual(["permanent", "forbidden"]);
    expect(e.message).toMatch(/You are not permitted to perform this action/);
  });

  it("400 invalid request → permanent with the parameter error", async () => {
    x.once("POST", "/2/tweets", {
      status: 400,
      json: {
        errors: [{ parameters: { "media.media_ids": ["1"] }, message: "Your media IDs are invalid." }],
        title: "Invalid Request",
        detail: "One or more parameters to your request was invalid.",
        type: "https://api.twitter.com/2/problems/invalid-request",
      },
    });
    const e = await failure(publish());
    expect([e.failureClass, e.code, e.httpStatus]).toEqual(["permanent", "rejected", 400]);
    expect(e.message).toMatch(/Your media IDs are invalid/);
  });

  it("5xx → transient, with JSON or an HTML error page", async () => {
    x.once("POST", "/2/tweets", { status: 503, json: problem(503, "Service Unavailable", "Service Unavailable") });
    const e = await failure(publish());
    expect([e.failureClass, e.code, e.httpStatus]).toEqual(["transient", "server_error", 503]);

    x.once("POST", "/2/tweets", { status: 502, headers: { "content-type": "text/html" }, text: "<html>Bad Gateway</html>" });
    const e2 = await failure(publish());
    expect([e2.failureClass, e2.httpStatus]).toEqual(["transient", 502]);
  });

  it("a timeout after the post was sent → in doubt, and the call really stops", async () => {
    x.once("POST", "/2/tweets", { delayMs: 3_000, status: 201, json: { data: { id: "1", text: "Hello X" } } });
    const started = Date.now();
    const e = await failure(adapter.publish({ account, content: { text: "Hello X" }, idempotencyKey: "t", attempt: 1, signal: AbortSignal.timeout(200) }));
    expect(Date.now() - started).toBeLessThan(1_500);
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "timeout"]);
    expect(tweetsPosted()).toHaveLength(1);
  });

  it("a timeout while only media was uploading → transient: nothing can have been posted", async () => {
    x.once("POST", "/2/media/upload/initialize", { delayMs: 3_000, json: {} });
    const e = await failure(
      adapter.publish({
        account,
        content: { text: "pic", media: [{ url: `${mediaUrl}/red.png`, type: "image" }] },
        idempotencyKey: "t",
        attempt: 1,
        signal: AbortSignal.timeout(200),
      }),
    );
    expect(e.failureClass).toBe("transient");
    expect(tweetsPosted()).toHaveLength(0);
  });

  it("a connection reset after the post was sent → in doubt", async () => {
    x.once("POST", "/2/tweets", { reset: true });
    const e = await failure(publish());
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "network_error"]);
    expect(e.message).toMatch(/ECONNRESET|socket hang up/);
  });

  it("a failure after the first post is live → in doubt naming the live post, so it is never re-posted blindly", async () => {
    x.once("POST", "/2/tweets", { status: 201, json: { data: { id: "1899000000000000001", text: "1/ ok" } } });
    x.once("POST", "/2/tweets", { status: 503, json: problem(503, "Service Unavailable", "Service Unavailable") });
    const e = await failure(
      adapter.publish({ account, content: { text: "1/ ok", thread: ["2/ boom"] }, idempotencyKey: "t", attempt: 1, signal: signal() }),
    );
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "thread_incomplete"]);
    expect(e.message).toMatch(/https:\/\/x\.com\/heraldhq\/status\/1899000000000000001/);
    expect(e.message).toMatch(/part 2 of the thread/);
  });
});

describe("reconcile", () => {
  const since = "2026-03-09T12:00:00Z";
  const tweet = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
    id,
    text,
    created_at: "2026-03-10T11:58:00.000Z",
    edit_history_tweet_ids: [id],
    ...extra,
  });
  // How X renders "Big news &amp; more https://example.com/post\n\nhttps://herald.app/p/9" with one photo.
  const rootUrls = [
    { start: 20, end: 43, url: "https://t.co/AAAA", expanded_url: "https://example.com/post", display_url: "example.com/post" },
    { start: 45, end: 68, url: "https://t.co/BBBB", expanded_url: "https://herald.app/p/9", display_url: "herald.app/p/9" },
    {
      start: 69,
      end: 92,
      url: "https://t.co/PHOTO",
      expanded_url: "https://x.com/heraldhq/status/1901/photo/1",
      display_url: "pic.x.com/PHOTO",
      media_key: "3_1880028106020515840",
    },
  ];
  const rootText = "Big news &amp; more https://t.co/AAAA\n\nhttps://t.co/BBBB https://t.co/PHOTO";
  const root = tweet("1901", rootText, { entities: { urls: rootUrls } });
  const content = {
    text: "Big news & more https://example.com/post",
    link: "https://herald.app/p/9",
    thread: ["Part two"],
    firstComment: "Comment",
  };
  const timeline = (data: unknown[], meta: Record<string, unknown> = {}) => ({
    json: { data, meta: { result_count: data.length, ...meta } },
  });
  const reconcile = (c = content) => adapter.reconcile({ account, content: c, idempotencyKey: "task-r", signal: signal() });

  it("found: matches the exact text (t.co links expanded, media link dropped) and the thread's replies", async () => {
    x.once(
      "GET",
      `/2/users/${USER_ID}/tweets`,
      timeline([
        tweet("1903", "Comment", { referenced_tweets: [{ type: "replied_to", id: "1901" }] }),
        tweet("1902", "Part two", { referenced_tweets: [{ type: "replied_to", id: "1901" }] }),
        tweet("1900", "Big news & more"),
        root,
      ]),
    );
    const r = await reconcile();
    expect(r).toEqual({
      state: "found",
      result: { platformPostId: "1901", url: "https://x.com/heraldhq/status/1901", simulated: false, threadIds: ["1902"] },
    });
    const q = x.requests.find((req) => req.path === `/2/users/${USER_ID}/tweets`)!;
    expect(q.query.get("start_time")).toBe(since);
    expect(q.query.get("max_results")).toBe("100");
    expect(q.query.get("exclude")).toBe("retweets");
    expect(q.query.get("tweet.fields")!.split(",")).toEqual(expect.arrayContaining(["created_at", "entities", "referenced_tweets"]));
    checkOAuth(q);
  });

  it("absent: X answered for the whole day and nothing matches (a different URL is a different post)", async () => {
    const otherLink = [{ ...rootUrls[0], expanded_url: "https://example.com/other" }, ...rootUrls.slice(1)];
    const sameWordsOtherLink = tweet("1901", rootText, { entities: { urls: otherLink } });
    x.once("GET", `/2/users/${USER_ID}/tweets`, timeline([tweet("1800", "Something else"), sameWordsOtherLink]));
    expect(await reconcile()).toEqual({ state: "absent" });
    // The user id comes from GET /2/users/me once per adapter.
    x.once("GET", `/2/users/${USER_ID}/tweets`, { json: { meta: { result_count: 0 } } });
    expect(await reconcile()).toEqual({ state: "absent" });
    expect(x.requests.filter((q) => q.path === "/2/users/me")).toHaveLength(1);
  });

  it("follows pagination_token until the window is covered", async () => {
    x.once("GET", `/2/users/${USER_ID}/tweets`, timeline([tweet("1950", "newer")], { next_token: "7140dibdnow9c7btw4b0" }));
    x.once("GET", `/2/users/${USER_ID}/tweets`, timeline([tweet("1949", "older")]));
    expect(await reconcile()).toEqual({ state: "absent" });
    const pages = x.requests.filter((q) => q.path === `/2/users/${USER_ID}/tweets`);
    expect(pages.map((p) => p.query.get("pagination_token"))).toEqual([null, "7140dibdnow9c7btw4b0"]);
  });

  it("unknown: the API failed, or the day held more posts than Herald reads, or the thread is only partly there", async () => {
    x.once("GET", `/2/users/${USER_ID}/tweets`, { status: 503, json: problem(503, "Service Unavailable", "Service Unavailable") });
    const failed = await reconcile();
    expect(failed.state).toBe("unknown");
    expect(failed.state === "unknown" && failed.reason).toMatch(/HTTP 503/);

    for (let i = 0; i < 5; i++) x.once("GET", `/2/users/${USER_ID}/tweets`, timeline([tweet(`17${i}`, "noise")], { next_token: `t${i}` }));
    const tooMany = await reconcile();
    expect(tooMany.state).toBe("unknown");
    expect(tooMany.state === "unknown" && tooMany.reason).toMatch(/more than 500/);

    x.once("GET", `/2/users/${USER_ID}/tweets`, timeline([root]));
    const partial = await reconcile();
    expect(partial.state).toBe("unknown");
    expect(partial.state === "unknown" && partial.reason).toMatch(/live at https:\/\/x\.com\/heraldhq\/status\/1901, but part 2 of the thread and the first comment/);
  });

  it("unknown when GET /2/users/me is refused", async () => {
    x.once("GET", "/2/users/me", { status: 401, json: problem(401, "Unauthorized", "Unauthorized") });
    const r = await reconcile();
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toMatch(/HTTP 401/);
  });
});

describe("metrics, refresh, validate", () => {
  it("reads public_metrics: reposts include quotes, impressions when X gives them", async () => {
    x.once("GET", "/2/tweets/1901", {
      json: {
        data: {
          id: "1901",
          text: "Big news",
          edit_history_tweet_ids: ["1901"],
          public_metrics: { retweet_count: 3, reply_count: 2, like_count: 10, quote_count: 1, bookmark_count: 4, impression_count: 250 },
        },
      },
    });
    const m = await adapter.metrics({ account, platformPostId: "1901", signal: signal() });
    expect(m).toEqual({ likes: 10, reposts: 4, replies: 2, impressions: 250, simulated: false });
    const q = x.requests[0];
    expect(q.query.get("tweet.fields")).toBe("public_metrics");
    checkOAuth(q);

    x.once("GET", "/2/tweets/1901", {
      json: { data: { id: "1901", text: "x", public_metrics: { retweet_count: 0, reply_count: 0, like_count: 1, quote_count: 0 } } },
    });
    expect((await adapter.metrics({ account, platformPostId: "1901", signal: signal() })).impressions).toBeNull();
  });

  it("a deleted post → permanent not_found", async () => {
    x.once("GET", "/2/tweets/1", {
      json: {
        errors: [
          {
            value: "1",
            detail: "Could not find tweet with id: [1].",
            title: "Not Found Error",
            resource_type: "tweet",
            parameter: "id",
            resource_id: "1",
            type: "https://api.twitter.com/2/problems/resource-not-found",
          },
        ],
      },
    });
    const e = await failure(adapter.metrics({ account, platformPostId: "1", signal: signal() }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "not_found"]);
    expect(e.message).toMatch(/Could not find tweet/);
  });

  it("refresh returns null: OAuth 1.0a tokens do not expire", async () => {
    expect(await adapter.refresh({ account, signal: signal() })).toBeNull();
    expect(x.requests).toHaveLength(0);
  });

  it("validate counts the appended link and checks X's own media and comment rules", () => {
    const msgs = (c: Parameters<PlatformAdapter["validate"]>[0]) => adapter.validate(c).map((p) => `${p.field}: ${p.message}`);
    expect(msgs({ text: "x".repeat(255), link: "https://herald.app/p/1" })).toEqual([]); // 255 + 2 + 23 = 280
    expect(msgs({ text: "x".repeat(256), link: "https://herald.app/p/1" })[0]).toMatch(/text: .*281/);
    expect(msgs({ text: "gif", media: [{ url: "https://e.com/a.gif", type: "gif" }, { url: "https://e.com/b.png", type: "image" }] })).toEqual([
      expect.stringMatching(/media: X allows one animated GIF/),
    ]);
    expect(msgs({ text: "a", media: [{ url: "https://e.com/b.png", type: "image", altText: "y".repeat(1001) }] })[0]).toMatch(/alt text.*1001/);
    expect(msgs({ text: "a", thread: ["  "] })[0]).toMatch(/thread: Part 2 of the thread is empty/);
    expect(msgs({ text: "a", firstComment: "z".repeat(281) })[0]).toMatch(/firstComment: .*281/);
  });

  it("classify passes a PlatformError through and maps a raw network error", () => {
    const pe = new PlatformError("permanent", "x", "y");
    expect(adapter.classify(pe)).toBe(pe);
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    expect(adapter.classify(refused).failureClass).toBe("transient");
  });
});
