// The Instagram adapter against a local Graph API double answering with Meta's documented
// responses: the quota check, containers, status polling, media_publish, errors, reconcile, metrics.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createInstagramAdapter,
  countHashtags,
  countMentions,
  NOT_PUBLIC_MESSAGE,
  type InstagramAdapterDeps,
} from "../../lib/social/instagram/adapter";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const V = GRAPH_API_VERSION;
const IG = "17841400000000001";
const TOKEN = "EAAGigusertoken9876543210secret";
const NOW = new Date("2026-11-22T10:00:00.000Z");

let server: FixtureServer;
/** Status answers per container id, consumed in order; the last one repeats. */
let statuses: Record<string, string[]>;
let quota: { quota_usage: number; config: { quota_total: number; quota_duration: number } };

const account: AccountContext = {
  id: "acct_ig",
  workspaceId: "ws_1",
  platform: "instagram",
  handle: "herald.cafe",
  credentials: { igUserId: IG, accessToken: TOKEN },
  simulation: null,
};

const adapter = (extra: Partial<InstagramAdapterDeps> = {}) =>
  createInstagramAdapter({ baseUrl: server.url, now: () => NOW, allowPrivateMediaUrls: true, pollIntervalMs: 5, ...extra });
const signal = () => AbortSignal.timeout(5000);
const publish = (content: PublishContent, opts: { sig?: AbortSignal; deps?: Partial<InstagramAdapterDeps> } = {}) =>
  adapter(opts.deps).publish({ account, content, idempotencyKey: "task-1", attempt: 1, signal: opts.sig ?? signal() });
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: "OAuthException", code, fbtrace_id: "IgTrace42", ...extra },
});
const img = (n: number, altText?: string) => ({ url: `https://cdn.herald.example/${n}.jpg`, type: "image" as const, altText });
const vid = (n: number) => ({ url: `https://cdn.herald.example/${n}.mp4`, type: "video" as const });
const body = (r: RecordedRequest) => r.body as Record<string, unknown>;
const calls = () => server.requests.map((r) => `${r.method} ${r.path.replace(`/${V}/`, "")}`);
const containerPosts = () => server.requests.filter((r) => r.method === "POST" && r.path === `/${V}/${IG}/media`).map(body);

beforeEach(async () => {
  server = await startFixtureServer();
  statuses = {};
  quota = { quota_usage: 3, config: { quota_total: 50, quota_duration: 86400 } };
  let next = 0;
  server.on("GET", `/${V}/${IG}/content_publishing_limit`, () => ({ json: { data: [quota] } }));
  server.on("POST", `/${V}/${IG}/media`, () => ({ json: { id: `c${++next}` } }));
  server.on("GET", /\/c\d+$/, (req) => {
    const id = req.path.split("/").pop()!;
    const queue = statuses[id] ?? ["FINISHED"];
    const status_code = queue.length > 1 ? queue.shift()! : queue[0];
    return { json: { status_code, id, ...(status_code === "ERROR" ? { status: "Error: 2207026" } : {}) } };
  });
  server.on("POST", `/${V}/${IG}/media_publish`, () => ({ json: { id: "17900000000000777" } }));
  server.on("GET", `/${V}/17900000000000777`, () => ({ json: { permalink: "https://www.instagram.com/p/DAbCdEf123/", id: "17900000000000777" } }));
  server.on("POST", `/${V}/17900000000000777/comments`, () => ({ json: { id: "18000000000000001" } }));
});
afterEach(() => server.close());

describe("publishing", () => {
  it("checks the quota, creates an image container, waits for FINISHED, publishes, then comments", async () => {
    const r = await publish({ text: "New menu #food @friend", media: [img(1, "A plate of pasta")], firstComment: "Link in bio" });

    expect(r).toEqual({ platformPostId: "17900000000000777", url: "https://www.instagram.com/p/DAbCdEf123/", simulated: false });
    expect(calls()).toEqual([
      `GET ${IG}/content_publishing_limit`,
      `POST ${IG}/media`,
      "GET c1",
      `POST ${IG}/media_publish`,
      "GET 17900000000000777",
      "POST 17900000000000777/comments",
    ]);
    const [limit, container, status, publishReq, permalink, comment] = server.requests;
    expect(limit.query.get("fields")).toBe("quota_usage,config");
    expect(limit.query.get("access_token")).toBe(TOKEN);
    expect(body(container)).toEqual({ image_url: "https://cdn.herald.example/1.jpg", alt_text: "A plate of pasta", caption: "New menu #food @friend", access_token: TOKEN });
    expect(container.headers.authorization).toBeUndefined();
    expect(status.query.get("fields")).toBe("status_code,status");
    expect(body(publishReq)).toEqual({ creation_id: "c1", access_token: TOKEN });
    expect(permalink.query.get("fields")).toBe("permalink");
    expect(body(comment)).toEqual({ message: "Link in bio", access_token: TOKEN });
  });

  it("builds a carousel: child containers (a video one polled until FINISHED), then a CAROUSEL container with the caption", async () => {
    statuses.c3 = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"];
    statuses.c4 = ["IN_PROGRESS", "FINISHED"];
    const r = await publish({ text: "Weekend recap", link: "https://herald.example/blog", media: [img(1, "Cake"), img(2), vid(3)] });

    expect(r.platformPostId).toBe("17900000000000777");
    expect(containerPosts()).toEqual([
      { image_url: "https://cdn.herald.example/1.jpg", alt_text: "Cake", is_carousel_item: true, access_token: TOKEN },
      { image_url: "https://cdn.herald.example/2.jpg", is_carousel_item: true, access_token: TOKEN },
      { media_type: "VIDEO", video_url: "https://cdn.herald.example/3.mp4", is_carousel_item: true, access_token: TOKEN },
      { media_type: "CAROUSEL", children: "c1,c2,c3", caption: "Weekend recap\n\nhttps://herald.example/blog", access_token: TOKEN },
    ]);
    expect(server.requests.filter((q) => q.path === `/${V}/c3`)).toHaveLength(3);
    expect(server.requests.filter((q) => q.path === `/${V}/c4`)).toHaveLength(2);
    const publishReq = server.requests.find((q) => q.path === `/${V}/${IG}/media_publish`)!;
    expect(body(publishReq).creation_id).toBe("c4");
    // Publishing happens only after every container finished.
    expect(server.requests.indexOf(publishReq)).toBeGreaterThan(server.requests.findLastIndex((q) => q.path === `/${V}/c4`));
  });

  it("publishes a single video as a REELS container after polling it to FINISHED", async () => {
    statuses.c1 = ["IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS", "FINISHED"];
    await publish({ text: "Behind the scenes", media: [vid(9)] });
    expect(containerPosts()).toEqual([
      { media_type: "REELS", video_url: "https://cdn.herald.example/9.mp4", caption: "Behind the scenes", access_token: TOKEN },
    ]);
    expect(server.requests.filter((q) => q.path === `/${V}/c1`)).toHaveLength(4);
  });

  it("gives a Reel its poster frame as cover_url; a carousel's video takes none", async () => {
    const poster = (n: number) => ({ ...vid(n), posterUrl: `https://cdn.herald.example/${n}-poster.jpg` });
    await publish({ text: "Latte art", media: [poster(9)] });
    expect(containerPosts()).toEqual([
      { media_type: "REELS", video_url: "https://cdn.herald.example/9.mp4", cover_url: "https://cdn.herald.example/9-poster.jpg", caption: "Latte art", access_token: TOKEN },
    ]);

    server.reset();
    await publish({ text: "Two ways", media: [img(1), poster(2)] });
    expect(containerPosts()[1]).toEqual({ media_type: "VIDEO", video_url: "https://cdn.herald.example/2.mp4", is_carousel_item: true, access_token: TOKEN });
  });

  it("leaves out a cover Meta could not fetch (a private address) rather than failing the Reel", async () => {
    const media = [{ url: "https://cdn.herald.example/9.mp4", type: "video" as const, posterUrl: "http://127.0.0.1:3000/api/media/m1/poster" }];
    await publish({ text: "Latte art", media }, { deps: { allowPrivateMediaUrls: false } });
    expect(containerPosts()).toEqual([{ media_type: "REELS", video_url: "https://cdn.herald.example/9.mp4", caption: "Latte art", access_token: TOKEN }]);
  });

  it("a container in ERROR is a permanent failure with Meta's status, and nothing is published", async () => {
    statuses.c1 = ["IN_PROGRESS", "ERROR"];
    const e = await failure(publish({ text: "Broken video", media: [vid(1)] }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "media_processing_failed"]);
    expect(e.message).toContain("Error: 2207026");
    expect(calls()).not.toContain(`POST ${IG}/media_publish`);
  });

  it("polling is bounded: a container that never finishes is transient, and nothing is published", async () => {
    statuses.c1 = ["IN_PROGRESS"];
    const e = await failure(publish({ text: "Long video", media: [vid(1)] }, { deps: { maxPolls: 3 } }));
    expect([e.failureClass, e.code]).toEqual(["transient", "media_processing_timeout"]);
    expect(server.requests.filter((q) => q.path === `/${V}/c1`)).toHaveLength(3);
    expect(calls()).not.toContain(`POST ${IG}/media_publish`);
  });

  it("stops before any container when the publishing limit is used up", async () => {
    quota = { quota_usage: 50, config: { quota_total: 50, quota_duration: 86400 } };
    const e = await failure(publish({ text: "One too many", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "publishing_limit"]);
    expect(e.retryAt).toBeUndefined();
    expect(e.message).toContain("50 of 50");
    expect(calls()).toEqual([`GET ${IG}/content_publishing_limit`]);
  });

  it("refuses media Meta could not fetch (private address) with a readable permanent error, before any call", async () => {
    const content: PublishContent = { text: "Local file", media: [{ url: "http://127.0.0.1:3000/uploads/a.jpg", type: "image" }] };
    const strict = createInstagramAdapter({ baseUrl: server.url, now: () => NOW });
    expect(strict.validate(content).map((p) => p.message)).toContain(`${NOT_PUBLIC_MESSAGE}.`);
    const e = await failure(strict.publish({ account, content, idempotencyKey: "k", attempt: 1, signal: signal() }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "media_not_public"]);
    expect(e.message).toContain("Instagram needs media at a public URL; configure Supabase Storage or PUBLIC_BASE_URL");
    expect(server.requests).toHaveLength(0);
    for (const url of ["http://localhost:3000/a.jpg", "http://10.0.0.8/a.jpg", "http://192.168.1.2/a.jpg", "http://[::1]/a.jpg"]) {
      expect(strict.validate({ text: "x", media: [{ url, type: "image" }] }).length).toBe(1);
    }
    expect(strict.validate({ text: "x", media: [img(1)] })).toEqual([]);
  });

  it("validates caption rules: 2,200 characters, 30 hashtags, 20 mentions, at least one media item", () => {
    const a = adapter();
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `#tag${i}`).join(" ");
    const mentions = (n: number) => Array.from({ length: n }, (_, i) => `@user${i}`).join(" ");
    expect(a.validate({ text: tags(30), media: [img(1)] })).toEqual([]);
    expect(a.validate({ text: tags(31), media: [img(1)] }).map((p) => p.message)).toEqual(["Instagram allows 30 hashtags; this caption has 31."]);
    expect(a.validate({ text: mentions(20), media: [img(1)] })).toEqual([]);
    expect(a.validate({ text: mentions(21), media: [img(1)] }).map((p) => p.message)).toEqual(["Instagram allows 20 @mentions; this caption has 21."]);
    expect(a.validate({ text: "x".repeat(2201), media: [img(1)] })[0].message).toMatch(/2200 characters/);
    expect(a.validate({ text: "x".repeat(2190), link: "https://herald.example/long", media: [img(1)] })[0]).toMatchObject({ field: "link" });
    expect(a.validate({ text: "No picture" })[0].message).toMatch(/needs at least one image or video/);
    expect(countHashtags("mail me at a@b.co #one #two# x#not ##double #3")).toBe(2);
    expect(countMentions("hi @anna and @bob.smith, not an@email.com")).toBe(2);
  });

  it("keeps the publish successful when only the first comment fails; a missing permalink falls back to the profile", async () => {
    server.once("POST", `/${V}/17900000000000777/comments`, { status: 400, json: graphError(100, "(#100) Comments are turned off") });
    server.once("GET", `/${V}/17900000000000777`, { status: 500, json: graphError(2, "Service temporarily unavailable") });
    const r = await publish({ text: "Hi", media: [img(1)], firstComment: "First" });
    expect(r).toEqual({ platformPostId: "17900000000000777", url: "https://www.instagram.com/herald.cafe/", simulated: false });
  });
});

describe("error classification", () => {
  it.each([
    [4, "x-app-usage", JSON.stringify({ call_count: 100, total_time: 40, total_cputime: 35 }), undefined],
    [17, "x-business-use-case-usage", JSON.stringify({ [IG]: [{ type: "instagram", call_count: 100, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: 30 }] }), 30],
    [32, "x-page-usage", JSON.stringify({ call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 12 }), 12],
    [613, "x-business-use-case-usage", JSON.stringify({ [IG]: [{ type: "instagram", call_count: 96, total_cputime: 100, total_time: 80, estimated_time_to_regain_access: 45 }] }), 45],
  ])("code %i with %s on container creation → rate_limited with the header's retryAt", async (code, header, value, minutes) => {
    server.once("POST", `/${V}/${IG}/media`, { status: 400, headers: { [header]: value }, json: graphError(code, `(#${code}) Application request limit reached`) });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "rate_limited"]);
    expect(e.retryAt).toEqual(minutes === undefined ? undefined : new Date(NOW.getTime() + minutes * 60_000));
  });

  it("code 9/2207042 at media_publish (the daily publishing cap) → rate_limited publishing_limit", async () => {
    server.once("POST", `/${V}/${IG}/media_publish`, {
      status: 400,
      json: graphError(9, "Application request limit reached", { error_subcode: 2207042, error_user_msg: "You reached maximum number of posts that is allowed to be published by Content Publishing API." }),
    });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["rate_limited", "publishing_limit"]);
    expect(e.message).toContain("maximum number of posts");
  });

  it("code 190 → auth (token scrubbed from the message)", async () => {
    server.once("GET", `/${V}/${IG}/content_publishing_limit`, {
      status: 400,
      json: graphError(190, `Error validating access token ${TOKEN}: Session has expired`, { error_subcode: 463 }),
    });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["auth", "auth_invalid"]);
    expect(e.message).not.toContain(TOKEN);
    expect(calls()).toEqual([`GET ${IG}/content_publishing_limit`]);
  });

  it("code 506 → permanent duplicate", async () => {
    server.once("POST", `/${V}/${IG}/media_publish`, { status: 400, json: graphError(506, "Duplicate post") });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "duplicate"]);
  });

  it("media rejected (code 36000 image too large) → permanent with Meta's user message", async () => {
    server.once("POST", `/${V}/${IG}/media`, {
      status: 400,
      json: graphError(36000, "The image size is too large.", { error_subcode: 2207004, is_transient: false, error_user_msg: "The image is too large to download. It should be less than 8 MiB." }),
    });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["permanent", "rejected"]);
    expect(e.message).toContain("less than 8 MiB");
  });

  it("temporary codes (-2, 2, is_transient, 5xx) → transient", async () => {
    server.once("POST", `/${V}/${IG}/media`, { status: 400, json: graphError(-2, "It takes too long to download the media.", { error_subcode: 2207003, is_transient: true }) });
    expect((await failure(publish({ text: "Hi", media: [img(1)] }))).failureClass).toBe("transient");
    server.once("POST", `/${V}/${IG}/media_publish`, { status: 500, json: graphError(2, "Service temporarily unavailable") });
    const e = await failure(publish({ text: "Hi", media: [img(1)] }));
    expect([e.failureClass, e.code]).toEqual(["transient", "server_error"]);
  });

  it("a timeout at media_publish is in doubt; before it, nothing can be live, so it is transient", async () => {
    server.once("POST", `/${V}/${IG}/media_publish`, { delayMs: 600, json: { id: "1" } });
    const a = await failure(publish({ text: "Slow", media: [img(1)] }, { sig: AbortSignal.timeout(150) }));
    expect([a.failureClass, a.code]).toEqual(["in_doubt", "timeout"]);

    server.once("POST", `/${V}/${IG}/media`, { delayMs: 600, json: { id: "c9" } });
    const b = await failure(publish({ text: "Slow", media: [img(1)] }, { sig: AbortSignal.timeout(150) }));
    expect([b.failureClass, b.code]).toEqual(["transient", "timeout"]);
    expect(b.message).toContain("Nothing was posted yet");
  });

  it("a connection reset at media_publish is in doubt; at container creation it is transient", async () => {
    server.once("POST", `/${V}/${IG}/media_publish`, { reset: true });
    const a = await failure(publish({ text: "Reset", media: [img(1)] }));
    expect([a.failureClass, a.code]).toEqual(["in_doubt", "network_error"]);

    server.once("POST", `/${V}/${IG}/media`, { reset: true });
    const b = await failure(publish({ text: "Reset", media: [img(1)] }));
    expect(b.failureClass).toBe("transient");
  });

  it("rejects malformed credentials as auth", async () => {
    const e = await failure(
      adapter().publish({ account: { ...account, credentials: { accessToken: TOKEN } }, content: { text: "x", media: [img(1)] }, idempotencyKey: "k", attempt: 1, signal: signal() }),
    );
    expect([e.failureClass, e.code]).toEqual(["auth", "credentials_invalid"]);
  });
});

describe("reconcile", () => {
  it("finds the media by caption among recent posts", async () => {
    server.once("GET", `/${V}/${IG}/media`, {
      json: {
        data: [
          { id: "179001", caption: "Other post", timestamp: "2026-11-22T09:59:00+0000", permalink: "https://www.instagram.com/p/A1/" },
          { id: "179002", caption: "Weekend recap\n\nhttps://herald.example/blog", timestamp: "2026-11-22T09:50:00+0000", permalink: "https://www.instagram.com/p/B2/" },
        ],
        paging: { cursors: { before: "b", after: "a" } },
      },
    });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Weekend recap", link: "https://herald.example/blog", media: [img(1)] }, signal: signal() });
    expect(r).toEqual({ state: "found", result: { platformPostId: "179002", url: "https://www.instagram.com/p/B2/", simulated: false } });
    const [q] = server.requests;
    expect(q.path).toBe(`/${V}/${IG}/media`);
    expect(q.query.get("fields")).toBe("id,caption,timestamp,permalink");
    expect(q.query.get("limit")).toBe("25");
  });

  it("is absent when the window was covered; a same caption older than a day does not count", async () => {
    server.once("GET", `/${V}/${IG}/media`, {
      json: {
        data: [
          { id: "179001", caption: "Other post", timestamp: "2026-11-22T09:59:00+0000" },
          { id: "178000", caption: "Good morning!", timestamp: "2026-11-21T09:00:00+0000" },
        ],
        paging: { cursors: { after: "a" }, next: "https://graph.facebook.com/next" },
      },
    });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Good morning!", media: [img(1)] }, signal: signal() });
    expect(r).toEqual({ state: "absent" });
  });

  it("is unknown when the media list cannot be read", async () => {
    server.once("GET", `/${V}/${IG}/media`, { status: 400, json: graphError(190, "Session has expired") });
    const r = await adapter().reconcile({ account, idempotencyKey: "task-1", content: { text: "Hi", media: [img(1)] }, signal: signal() });
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toMatch(/access token/);
  });
});

describe("metrics and refresh", () => {
  it("reads like_count and comments_count; Instagram has no reposts and impressions need insights", async () => {
    server.once("GET", `/${V}/17900000000000777`, { json: { like_count: 128, comments_count: 9, id: "17900000000000777" } });
    const m = await adapter().metrics({ account, platformPostId: "17900000000000777", signal: signal() });
    expect(m).toEqual({ likes: 128, replies: 9, reposts: 0, impressions: null, simulated: false });
    expect(server.requests[0].query.get("fields")).toBe("like_count,comments_count");
    expect(server.requests[0].query.get("access_token")).toBe(TOKEN);
  });

  it("refresh returns null (Facebook-Login tokens; Instagram-Login refresh is out of scope)", async () => {
    expect(await adapter().refresh({ account, signal: signal() })).toBeNull();
    expect(server.requests).toHaveLength(0);
  });
});

describe("publish time", () => {
  it("asks the scheduler for time to process a video, and for nothing extra otherwise", () => {
    const a = adapter({ pollIntervalMs: 3000, maxPolls: 40 });
    const video = { text: "Reel", media: [{ url: "https://cdn.example/a.mp4", type: "video" as const }] };
    const photo = { text: "Photo", media: [{ url: "https://cdn.example/a.jpg", type: "image" as const }] };
    expect(a.publishTimeoutMs?.(video)).toBe(40 * 3000 + 30_000);
    expect(a.publishTimeoutMs?.(photo)).toBe(0);
  });
});
