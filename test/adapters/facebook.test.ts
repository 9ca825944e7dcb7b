// The Facebook Page adapter against a local Graph API double answering with Meta's documented
// responses: publishing paths, error classification, reconcile and metrics.
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "../../lib/env";
import { posterKeyFor, storage } from "../../lib/media/storage";
import { createFacebookAdapter } from "../../lib/social/facebook/adapter";
import { GRAPH_API_VERSION, isPublicMediaUrl, usageRetryAt } from "../../lib/social/meta/graph";
import { PlatformError, type AccountContext, type PublishContent } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const V = GRAPH_API_VERSION;
const PAGE = "104000000000001";
const TOKEN = "EAAGpagetoken0123456789secret";
const NOW = new Date("2026-11-22T10:00:00.000Z");

let server: FixtureServer;
let jpeg: Buffer;
// Local media storage (Meta could not fetch from it): serves one JPEG.
let media: http.Server;
let mediaUrl: string;

const account: AccountContext = {
  id: "acct_fb",
  workspaceId: "ws_1",
  platform: "facebook",
  handle: "herald.cafe",
  credentials: { pageId: PAGE, pageAccessToken: TOKEN },
  simulation: null,
};

const adapter = () => createFacebookAdapter({ baseUrl: server.url, now: () => NOW });
const signal = () => AbortSignal.timeout(5000);
const publish = (content: PublishContent, attempt = 1, sig = signal()) =>
  adapter().publish({ account, content, idempotencyKey: "task-1", attempt, signal: sig });
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "OAuthException", code, fbtrace_id: "AbCdEfGh123", ...extra },
});
const posts = (path: string) => server.requests.filter((r) => r.method === "POST" && r.path === path);
const body = (r: RecordedRequest) => r.body as Record<string, unknown>;

beforeAll(async () => {
  jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: "#c33" } }).jpeg().toBuffer();
  media = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "image/jpeg", "content-length": jpeg.length });
    res.end(jpeg);
  });
  await new Promise<void>((resolve) => media.listen(0, "127.0.0.1", resolve));
  mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/uploads/photo.jpg`;
});
afterAll(() => new Promise<void>((resolve) => media.close(() => resolve())));

beforeEach(async () => {
  // A fresh Graph double per test: the routes below play the API; `once` answers override them.
  server = await startFixtureServer();
  server.on("POST", `/${V}/${PAGE}/feed`, () => ({ json: { id: `${PAGE}_555` } }));
  server.on("POST", `/${V}/${PAGE}/photos`, (req) => {
    const published = (req.body as Record<string, unknown> | undefined)?.published;
    const n = server.requests.filter((r) => r.path === req.path).length;
    return published === false ? { json: { id: `90${n}` } } : { json: { id: "801", post_id: `${PAGE}_801` } };
  });
  server.on("POST", `/${V}/${PAGE}/videos`, () => ({ json: { id: "7001" } }));
  server.on("POST", new RegExp(`^/${V}/[\\d_]+/comments$`), () => ({ json: { id: "c_1" } }));
  server.on("GET", new RegExp(`^/${V}/${PAGE}_\\d+$`), (req) => ({
    json: { id: req.path.split("/").pop(), permalink_url: `https://www.facebook.com/${PAGE}/posts/pfbid0${req.path.split("_").pop()}` },
  }));
  server.on("GET", `/${V}/7001`, () => ({ json: { id: "7001", permalink_url: "/herald.cafe/videos/7001/" } }));
});
afterEach(() => server.close());

describe("publishing", () => {
  it("posts text with a link to /feed with the Page token as access_token, then the first comment", async () => {
    const r = await publish({ text: "Fresh bread at 8 #bakery", link: "https://herald.example/menu", firstComment: "Opening hours in bio" });

    expect(r).toEqual({
      platformPostId: `${PAGE}_555`,
      url: `https://www.facebook.com/${PAGE}/posts/pfbid0555`,
      simulated: false,
    });
    const [feed] = posts(`/${V}/${PAGE}/feed`);
    expect(feed.headers["content-type"]).toBe("application/json");
    expect(feed.headers.authorization).toBeUndefined();
    expect(body(feed)).toEqual({ message: "Fresh bread at 8 #bakery", link: "https://herald.example/menu", access_token: TOKEN });
    const permalink = server.requests.find((q) => q.method === "GET" && q.path === `/${V}/${PAGE}_555`)!;
    expect(permalink.query.get("fields")).toBe("permalink_url");
    expect(permalink.query.get("access_token")).toBe(TOKEN);
    const [comment] = posts(`/${V}/${PAGE}_555/comments`);
    expect(body(comment)).toEqual({ message: "Opening hours in bio", access_token: TOKEN });
  });

  it("publishes one photo from a public URL on /photos with caption and alt text; the post id is post_id", async () => {
    const r = await publish({
      text: "Our new sourdough",
      media: [{ url: "https://cdn.herald.example/sourdough.jpg", type: "image", altText: "A round loaf on a board" }],
    });

    expect(r.platformPostId).toBe(`${PAGE}_801`);
    expect(r.url).toBe(`https://www.facebook.com/${PAGE}/posts/pfbid0801`);
    const [photo] = posts(`/${V}/${PAGE}/photos`);
    expect(body(photo)).toEqual({
      url: "https://cdn.herald.example/sourdough.jpg",
      caption: "Our new sourdough",
      alt_text_custom: "A round loaf on a board",
      published: true,
      access_token: TOKEN,
    });
    expect(posts(`/${V}/${PAGE}/feed`)).toHaveLength(0);
  });

  it("uploads the bytes as `source` when Meta could not fetch the URL (local storage)", async () => {
    const r = await publish({ text: "Behind the counter", media: [{ url: mediaUrl, type: "image", altText: "Counter" }] });

    expect(r.platformPostId).toBe(`${PAGE}_801`);
    const [photo] = posts(`/${V}/${PAGE}/photos`);
    expect(photo.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const raw = photo.raw.toString("latin1");
    expect(raw).toContain('name="access_token"\r\n\r\n' + TOKEN);
    expect(raw).toContain('name="caption"\r\n\r\nBehind the counter');
    expect(raw).toContain('name="alt_text_custom"\r\n\r\nCounter');
    expect(raw).toMatch(/name="source"; filename="photo\.jpg"\r\nContent-Type: image\/jpeg/);
    expect(photo.raw.includes(jpeg)).toBe(true);
  });

  it("uploads several photos unpublished, then attaches them in order to one feed post", async () => {
    const r = await publish({
      text: "Three new cakes",
      link: "https://herald.example/cakes",
      media: [
        { url: "https://cdn.herald.example/1.jpg", type: "image", altText: "Lemon" },
        { url: "https://cdn.herald.example/2.jpg", type: "image" },
      ],
    });

    const uploads = posts(`/${V}/${PAGE}/photos`);
    expect(uploads.map(body)).toEqual([
      { url: "https://cdn.herald.example/1.jpg", published: false, alt_text_custom: "Lemon", access_token: TOKEN },
      { url: "https://cdn.herald.example/2.jpg", published: false, access_token: TOKEN },
    ]);
    const [feed] = posts(`/${V}/${PAGE}/feed`);
    expect(body(feed)).toEqual({
      message: "Three new cakes\n\nhttps://herald.example/cakes",
      attached_media: [{ media_fbid: "901" }, { media_fbid: "902" }],
      access_token: TOKEN,
    });
    expect(r.platformPostId).toBe(`${PAGE}_555`);
  });

  it("publishes a video with file_url and description; its relative permalink becomes absolute", async () => {
    const r = await publish({ text: "Watch us bake", media: [{ url: "https://cdn.herald.example/bake.mp4", type: "video" }] });

    expect(r).toEqual({ platformPostId: "7001", url: "https://www.facebook.com/herald.cafe/videos/7001/", simulated: false });
    const [video] = posts(`/${V}/${PAGE}/videos`);
    expect(body(video)).toEqual({ file_url: "https://cdn.herald.example/bake.mp4", description: "Watch us bake", access_token: TOKEN });
  });

  it("sends the video's poster frame, read from Herald's own storage, as the `thumb` file: multipart with the JPEG", async () => {
    // Herald's storage on local disk, its public address one nobody here can reach: the bytes must come from the disk.
    const dir = mkdtempSync(join(tmpdir(), "herald-fb-poster-"));
    const saved = { MEDIA_DIR: process.env.MEDIA_DIR, PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL };
    process.env.MEDIA_DIR = dir;
    process.env.PUBLIC_BASE_URL = "https://herald.invalid";
    resetEnvCache();
    try {
      const poster = await sharp({ create: { width: 32, height: 18, channels: 3, background: "#a63" } }).jpeg().toBuffer();
      const { url: posterUrl } = await storage().put(posterKeyFor("ws_1", "vidasset1"), poster, "image/jpeg");
      expect(posterUrl).toBe("https://herald.invalid/api/media/vidasset1/poster");

      const r = await publish({ text: "Watch us bake", media: [{ url: "https://cdn.herald.example/bake.mp4", type: "video", posterUrl }] });

      expect(r.platformPostId).toBe("7001");
      const [video] = posts(`/${V}/${PAGE}/videos`);
      expect(video.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      const raw = video.raw.toString("latin1");
      expect(raw).toContain('name="file_url"\r\n\r\nhttps://cdn.herald.example/bake.mp4');
      expect(raw).toContain('name="description"\r\n\r\nWatch us bake');
      expect(raw).toContain('name="access_token"\r\n\r\n' + TOKEN);
      expect(raw).toMatch(/name="thumb"; filename="poster\.jpg"\r\nContent-Type: image\/jpeg/);
      expect(video.raw.includes(poster)).toBe(true);

      // Another workspace's account never reads this workspace's poster: its key is not there, and the address cannot be fetched.
      server.requests.length = 0;
      await adapter().publish({
        account: { ...account, workspaceId: "ws_2" },
        content: { text: "Watch us bake", media: [{ url: "https://cdn.herald.example/bake.mp4", type: "video", posterUrl }] },
        idempotencyKey: "task-2",
        attempt: 1,
        signal: signal(),
      });
      const [other] = posts(`/${V}/${PAGE}/videos`);
      expect(other.raw.includes(poster)).toBe(false);
      expect(body(other)).toEqual({ file_url: "https://cdn.herald.example/bake.mp4", description: "Watch us bake", access_token: TOKEN });
    } finally {
      process.env.MEDIA_DIR = saved.MEDIA_DIR;
      process.env.PUBLIC_BASE_URL = saved.PUBLIC_BASE_URL;
      if (saved.MEDIA_DIR === undefined) delete process.env.MEDIA_DIR;
      if (saved.PUBLIC_BASE_URL === undefined) delete process.env.PUBLIC_BASE_URL;
      resetEnvCache();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a bare URL's poster is downloaded and sent as `thumb` along with the uploaded video (`source`)", async () => {
    const r = await publish({ text: "Watch us bake", media: [{ url: mediaUrl, type: "video", posterUrl: mediaUrl }] });
    expect(r.platformPostId).toBe("7001");
    const [video] = posts(`/${V}/${PAGE}/videos`);
    const raw = video.raw.toString("latin1");
    expect(raw).toMatch(/name="source"; filename="photo\.jpg"/);
    expect(raw).toMatch(/name="thumb"; filename="poster\.jpg"\r\nContent-Type: image\/jpeg/);
    expect(raw).not.toContain('name="file_url"');
  });

  it("refuses photos mixed with a video before calling Facebook", async () => {
    const content: PublishContent = {
      text: "Mixed",
      media: [
        { url: "https://cdn.herald.example/a.jpg", type: "image" },
        { url: "https://cdn.herald.example/b.mp4", type: "video" },
      ],
    };
    expect(adapter().validate(content).map((p) => p.message).join(" ")).toMatch(/cannot mix photos and videos/);
    const e = await failure(publish(content));
    expect([e.failureClass, e.code]).toEqual(["permanent", "validation_failed"]);
    expect(server.requests).toHaveLength(0);
  });

  it("keeps the publish successful when only the first comment fails, and falls back to a built permalink", async () => {
    server.once("POST", `/${V}/${PAGE}_555/comments`, { status: 400, json: graphError(100, "(#100) Comments are disabled") });
    server.once("GET", `/${V}/${PAGE}_555`, { status: 500, json: graphError(2, "Service temporarily unavailable") });
    const r = await publish({ text: "Hello", firstComment: "First!" });
    expect(r).toEqual({ platformPostId: `${PAGE}_555`, url: `https://www.facebook.com/${PAGE}_555`, simulated: false });
    expect(posts(`/${V}/${PAGE}_555/comments`)).toHaveLength(1);
  });

  it("rejects malformed credentials as an auth failure without calling Facebook", async () => {
    const e = await failure(
      adapter().publish({ account: { ...account, credentials: { pageId: PAGE } }, content: { text: "x" }, idempotencyKey: "k", attempt: 1, signal: signal() }),
    );
    expect([e.failureClass, e.code]).toEqual(["auth", "credentials_invalid"]);
    expect(server.requests).toHaveLength(0);
  });
});

describe("error classification", () => {
  const buc = (minutes: number) =>
    JSON.stringify({ [PAGE]: [{ type: "pages", call_count: 100, total_cputime: 30, total_time: 40, estimated_time_to_regain_access: minutes }] });

  it.each([
    [4, "x-app-usage", JSON.stringify({ call_count: 100, total_time: 25, total_cputime: 25 }), undefined],
    [17, "x-business-use-case-usage", buc(19), 19],
    [32, "x-page-usage", JSON.stringify({ call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 7 }), 7],
    [613, "x-business-use-case-usage", buc(60), 60],
  ])("code %i with %s → rate_limited, retryAt from estimated_time_to_regain_access", async (code, header, value, minutes) => {
    server.once("POST", `/${V}/${PAGE}/feed`, {
      status: code === 4 ? 403 : 400,
      headers: { [header]: value },
      json: graphError(code, code === 4 ? "(#4) Application request limit reached" : `(#${code}) Calls to this api have exceeded the rate limit.`),
    });
    const e = await failure(publish({ text: "Hi" }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "rate_limited"]);
    expect(e.retryAt?.toISOString()).toBe(minutes === undefined ? undefined : new Date(NOW.getTime() + minutes * 60_000).toISOString());
    expect(e.message).toContain(`code ${code}`);
  });

  it("business-use-case throttling codes (80001) are rate limits too", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, {
      status: 400,
      headers: { "x-business-use-case-usage": buc(5) },
      json: graphError(80001, "There have been too many calls to this Page account."),
    });
    const e = await failure(publish({ text: "Hi" }));
    expect(e.failureClass).toBe("rate_limited");
    expect(e.retryAt).toEqual(new Date(NOW.getTime() + 5 * 60_000));
  });

  it("code 190 → auth, and the token Meta echoes back never reaches the message", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, {
      status: 400,
      json: graphError(190, `Malformed access token ${TOKEN}`, { error_subcode: 463 }),
    });
    const e = await failure(publish({ text: "Hi" }));
    expect([e.failureClass, e.code, e.httpStatus]).toEqual(["auth", "auth_invalid", 400]);
    expect(e.message).toContain("code 190/463");
    expect(e.message).not.toContain(TOKEN);
    expect(e.message).toContain("[redacted]");
  });

  it("code 506 → permanent duplicate on a first attempt", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, { status: 400, json: graphError(506, "Duplicate status message") });
    const e = await failure(publish({ text: "Same again" }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "duplicate"]);
    expect(e.message).toMatch(/duplicate/);
  });

  it("a duplicate on a retry adopts the post an earlier attempt left on the Page", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, { status: 400, json: graphError(506, "Duplicate status message") });
    server.once("GET", `/${V}/${PAGE}/feed`, {
      json: { data: [{ id: `${PAGE}_444`, message: "Same again", created_time: "2026-11-22T09:58:00+0000", permalink_url: "https://www.facebook.com/p/444" }] },
    });
    const r = await publish({ text: "Same again" }, 2);
    expect(r).toEqual({ platformPostId: `${PAGE}_444`, url: "https://www.facebook.com/p/444", simulated: false });
  });

  it("code 100 → permanent with Meta's message; 200-299 → permission_denied", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, {
      status: 400,
      json: graphError(100, "(#100) Invalid parameter", { error_user_msg: "The link could not be scraped." }),
    });
    const e = await failure(publish({ text: "Hi", link: "https://bad.example" }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "invalid_parameter"]);
    expect(e.message).toContain("The link could not be scraped.");
    expect(e.message).toContain("AbCdEfGh123");

    server.once("POST", `/${V}/${PAGE}/feed`, {
      status: 403,
      json: graphError(200, "(#200) The user hasn't authorized the application to perform this action"),
    });
    const p = await failure(publish({ text: "Hi" }));
    expect([p.failureClass, p.code]).toEqual(["permanent", "permission_denied"]);
  });

  it("codes 1/2 and HTTP 5xx → transient", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, { status: 500, json: graphError(2, "An unexpected error has occurred. Please retry your request later.") });
    const a = await failure(publish({ text: "Hi" }));
    expect([a.failureClass, a.code]).toEqual(["transient", "server_error"]);
    server.once("POST", `/${V}/${PAGE}/feed`, { status: 502, text: "Bad Gateway" });
    expect((await failure(publish({ text: "Hi" }))).failureClass).toBe("transient");
  });

  it("a timeout after the post was sent is in doubt, and the signal really stops the call", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, { delayMs: 600, json: { id: `${PAGE}_555` } });
    const started = Date.now();
    const e = await failure(publish({ text: "Slow" }, 1, AbortSignal.timeout(100)));
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "timeout"]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("a connection reset on the feed post is in doubt; on an unpublished photo upload it is transient", async () => {
    server.once("POST", `/${V}/${PAGE}/feed`, { reset: true });
    const a = await failure(publish({ text: "Reset" }));
    expect([a.failureClass, a.code]).toEqual(["in_doubt", "network_error"]);

    server.once("POST", `/${V}/${PAGE}/photos`, { reset: true });
    const b = await failure(
      publish({
        text: "Two",
        media: [
          { url: "https://cdn.herald.example/1.jpg", type: "image" },
          { url: "https://cdn.herald.example/2.jpg", type: "image" },
        ],
      }),
    );
    expect(b.failureClass).toBe("transient");
    expect(posts(`/${V}/${PAGE}/feed`)).toHaveLength(1); // only the first test's attempt
  });

  it("classify passes PlatformErrors through and maps network errors", () => {
    const pe = new PlatformError("auth", "x", "y");
    expect(adapter().classify(pe)).toBe(pe);
    const refused = adapter().classify(Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }));
    expect(refused.failureClass).toBe("transient");
  });

  it("reads the usage headers' largest estimate and ignores malformed ones", () => {
    const h = new Headers({ "x-app-usage": "{not json", "x-business-use-case-usage": buc(3), "x-page-usage": JSON.stringify({ estimated_time_to_regain_access: 9 }) });
    expect(usageRetryAt(h, NOW)).toEqual(new Date(NOW.getTime() + 9 * 60_000));
    expect(usageRetryAt(new Headers(), NOW)).toBeUndefined();
  });
});

describe("reconcile", () => {
  const since = String(Math.floor(NOW.getTime() / 1000) - 86400);

  it("finds the post by its exact message in the Page's recent feed", async () => {
    server.once("GET", `/${V}/${PAGE}/feed`, {
      json: {
        data: [
          { id: `${PAGE}_9`, message: "Something else", created_time: "2026-11-22T09:59:00+0000" },
          { id: `${PAGE}_8`, message: "Lunch menu:\r\nsoup ", created_time: "2026-11-22T09:30:00+0000", permalink_url: "https://www.facebook.com/p/8" },
        ],
        paging: { cursors: { before: "b", after: "a" } },
      },
    });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Lunch menu:\nsoup" }, signal: signal() });
    expect(r).toEqual({ state: "found", result: { platformPostId: `${PAGE}_8`, url: "https://www.facebook.com/p/8", simulated: false } });
    const [q] = server.requests;
    expect(q.query.get("fields")).toBe("id,message,created_time,permalink_url");
    expect(q.query.get("since")).toBe(since);
    expect(q.query.get("limit")).toBe("50");
    expect(q.query.get("access_token")).toBe(TOKEN);
  });

  it("says absent only when the whole window was read", async () => {
    server.once("GET", `/${V}/${PAGE}/feed`, {
      json: { data: [{ id: `${PAGE}_9`, message: "Something else", created_time: "2026-11-22T09:59:00+0000" }], paging: { cursors: { after: "a" } } },
    });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Lunch" }, signal: signal() });
    expect(r).toEqual({ state: "absent" });
  });

  it("follows the after cursor, and gives up as unknown when the window never ends", async () => {
    server.on("GET", `/${V}/${PAGE}/feed`, () => ({
      json: {
        data: Array.from({ length: 50 }, (_, i) => ({ id: `${PAGE}_${i}`, message: `post ${i}`, created_time: "2026-11-22T09:00:00+0000" })),
        paging: { cursors: { after: "next-cursor" }, next: `${server.url}/${V}/${PAGE}/feed?after=next-cursor` },
      },
    }));
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Lunch" }, signal: signal() });
    expect(r.state).toBe("unknown");
    const feeds = server.requests.filter((q) => q.path === `/${V}/${PAGE}/feed`);
    expect(feeds).toHaveLength(4);
    expect(feeds[1].query.get("after")).toBe("next-cursor");
  });

  it("is unknown when the feed cannot be read, or the post has no text to look for", async () => {
    server.once("GET", `/${V}/${PAGE}/feed`, { status: 500, json: graphError(1, "An unknown error occurred") });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Lunch" }, signal: signal() });
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toMatch(/temporary error/);

    const empty = await adapter().reconcile({
      account,
      idempotencyKey: "task-1",
      content: { text: "", media: [{ url: "https://cdn.herald.example/a.jpg", type: "image" }] },
      signal: signal(),
    });
    expect(empty.state).toBe("unknown");
  });
});

describe("metrics and refresh", () => {
  it("reads reactions, comments and shares summaries; impressions stay null", async () => {
    server.once("GET", `/${V}/${PAGE}_555`, {
      json: {
        id: `${PAGE}_555`,
        reactions: { data: [], summary: { total_count: 42, viewer_reaction: "NONE" } },
        comments: { data: [], summary: { order: "ranked", total_count: 7, can_comment: true } },
        shares: { count: 3 },
      },
    });
    const m = await adapter().metrics({ account, platformPostId: `${PAGE}_555`, signal: signal() });
    expect(m).toEqual({ likes: 42, replies: 7, reposts: 3, impressions: null, simulated: false });
    expect(server.requests[0].query.get("fields")).toBe("reactions.limit(0).summary(true),comments.limit(0).summary(true),shares");
  });

  it("asks a video only for reactions and comments (videos have no shares field)", async () => {
    server.once("GET", `/${V}/7001`, { json: { id: "7001", reactions: { data: [], summary: { total_count: 2 } }, comments: { data: [], summary: { total_count: 0 } } } });
    const m = await adapter().metrics({ account, platformPostId: "7001", signal: signal() });
    expect(m).toEqual({ likes: 2, replies: 0, reposts: 0, impressions: null, simulated: false });
    expect(server.requests[0].query.get("fields")).not.toContain("shares");
  });

  it("metrics errors are classified; refresh has nothing to do", async () => {
    server.once("GET", `/${V}/${PAGE}_555`, { status: 400, json: graphError(190, "Error validating access token: Session has expired", { error_subcode: 463 }) });
    const e = await failure(adapter().metrics({ account, platformPostId: `${PAGE}_555`, signal: signal() }));
    expect(e.failureClass).toBe("auth");
    expect(await adapter().refresh({ account, signal: signal() })).toBeNull();
  });

  it("knows which media URLs Meta can fetch", () => {
    expect(isPublicMediaUrl("https://cdn.herald.example/a.jpg")).toBe(true);
    for (const u of ["http://127.0.0.1:3000/a.jpg", "http://localhost/a.jpg", "http://10.1.2.3/a.jpg", "http://192.168.0.4/a", "http://172.20.0.1/a", "http://[::1]/a", "file:///tmp/a.jpg", "not a url"]) {
      expect(isPublicMediaUrl(u)).toBe(false);
    }
  });
});
