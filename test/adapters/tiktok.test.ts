// The TikTok adapter against a local TikTok double answering with the Content Posting API's
// documented shapes ({data, error: {code, message, log_id}}): creator_info checks, video init by
// URL and by chunked upload, photo posts, status polling, error codes, in-doubt publishes and
// their reconcile, metrics and token refresh. Polling sleeps are injected; no test reads the clock.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inspectMp4 } from "../../lib/media/mp4";
import { createTikTokAdapter, UNAUDITED_MESSAGE, type TikTokAdapterDeps } from "../../lib/social/tiktok/adapter";
import type { TikTokFields } from "../../lib/social/tiktok/fields";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type FixtureResponse, type Handler } from "../support/fixture-server";
import { failure } from "../support/assertions";

const TOKEN = "act.example-tiktok-user-token";
const REFRESH = "rft.example-tiktok-refresh-token";
const NOW = new Date("2026-11-22T10:00:00.000Z");
// 19 digits: more than a JSON number keeps exactly.
const POST_ID = "7441234567890123456";
const PUBLISH_ID = "v_pub_url~v2-1.7441234567890000001";
const VIDEO_URL = "https://media.herald.example/v/rolls.mp4";
const PHOTOS = ["https://media.herald.example/p/1.jpg", "https://media.herald.example/p/2.jpg"];

let server: FixtureServer;

const account: AccountContext = {
  id: "acct_tt",
  workspaceId: "ws_1",
  platform: "tiktok",
  handle: "@herald_bakery",
  credentials: { accessToken: TOKEN, refreshToken: REFRESH, openId: "open-1" },
  simulation: null,
};

const sleeps: number[] = [];
const deps = (extra: Partial<TikTokAdapterDeps> = {}): TikTokAdapterDeps => ({
  baseUrl: server.url,
  clientKey: "app-client-key",
  clientSecret: "app-client-secret",
  verifiedDomains: ["herald.example"],
  now: () => NOW,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
  pollIntervalMs: 1000,
  videoMaxPolls: 4,
  photoMaxPolls: 3,
  chunkBytes: 1000,
  minChunkBytes: 500,
  ...extra,
});
const adapter = (extra: Partial<TikTokAdapterDeps> = {}) => createTikTokAdapter(deps(extra));
const signal = () => AbortSignal.timeout(5000);
const tiktok: TikTokFields = { privacy: "PUBLIC_TO_EVERYONE" };
const videoPost = (extra: Partial<PublishContent> = {}): PublishContent => ({ text: "Rolls out of the oven #bakery", media: [{ url: VIDEO_URL, type: "video" }], tiktok, ...extra });
const publish = (content: PublishContent, a = adapter()) => a.publish({ account, content, idempotencyKey: "task-1", attempt: 1, signal: signal() });

const ok = (data: unknown): FixtureResponse => ({ json: { data, error: { code: "ok", message: "", log_id: "20261122100000LOG" } } });
const refused = (status: number, code: string, message = "") => ({ status, json: { data: {}, error: { code, message, log_id: "20261122100000ERR" } } });
const creator = (extra: Record<string, unknown> = {}) =>
  ok({
    creator_username: "herald_bakery",
    creator_nickname: "Herald Bakery",
    privacy_level_options: ["PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"],
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: true,
    max_video_post_duration_sec: 600,
    ...extra,
  });
// TikTok sends the post id as a bare int64 in an array.
const complete = (): FixtureResponse => ({
  headers: { "content-type": "application/json" },
  text: `{"data":{"status":"PUBLISH_COMPLETE","publicaly_available_post_id":[${POST_ID}],"uploaded_bytes":0},"error":{"code":"ok","message":"","log_id":"L"}}`,
});
const processing = (status = "PROCESSING_DOWNLOAD") => ok({ status, publicaly_available_post_id: [] });

const paths = () => server.requests.map((r) => `${r.method} ${r.path}`);
const bodyOf = (path: string) => server.requests.find((r) => r.path === path)?.body as Record<string, unknown>;

/** A minimal MP4: ftyp, then moov with an mvhd saying `seconds` at timescale 1000, padded to `size`. */
function mp4(seconds: number, size: number): Buffer {
  const mvhd = Buffer.alloc(108);
  mvhd.writeUInt32BE(108, 0);
  mvhd.write("mvhd", 4);
  mvhd.writeUInt32BE(1000, 20); // timescale (version 0)
  mvhd.writeUInt32BE(seconds * 1000, 24); // duration
  const moov = Buffer.concat([Buffer.from([0, 0, 0, 116]), Buffer.from("moov"), mvhd]);
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from("ftypisom"), Buffer.from([0, 0, 2, 0])]);
  const head = Buffer.concat([ftyp, moov]);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 7)]);
}
const dataUrl = (b: Buffer) => `data:video/mp4;base64,${b.toString("base64")}`;

/** The double's routes by "METHOD path"; a test replaces one with answer(). */
let routes: Record<string, Handler>;
const answer = (route: string, handler: Handler) => {
  routes[route] = handler;
};

beforeEach(async () => {
  sleeps.length = 0;
  server = await startFixtureServer();
  routes = {
    "POST /v2/post/publish/creator_info/query/": () => creator(),
    "POST /v2/post/publish/video/init/": () => ok({ publish_id: PUBLISH_ID }),
    "POST /v2/post/publish/content/init/": () => ok({ publish_id: "p_pub_url~v2.7441234567890000002" }),
    "POST /v2/post/publish/status/fetch/": () => complete(),
  };
  for (const method of ["POST", "PUT"]) {
    server.on(method, /.*/, (q) => routes[`${q.method} ${q.path}`]?.(q) ?? { status: 404, json: { error: `no fixture for ${q.method} ${q.path}` } });
  }
});
afterEach(() => server.close());

describe("creator_info", () => {
  it("asks creator_info first, with the bearer token, and refuses a privacy the account does not offer, naming it", async () => {
    answer("POST /v2/post/publish/creator_info/query/", () => creator({ privacy_level_options: ["SELF_ONLY"] }));
    const e = await failure(publish(videoPost()));
    expect([e.failureClass, e.code]).toEqual(["permanent", "privacy_not_allowed"]);
    expect(e.message).toBe("TikTok does not let @herald_bakery post with privacy PUBLIC_TO_EVERYONE; this account allows SELF_ONLY (config.tiktok.privacy).");
    expect(paths()).toEqual(["POST /v2/post/publish/creator_info/query/"]);
    expect(server.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0].headers["content-type"]).toContain("application/json");
  });

  it("refuses Stitch or comments where the creator turned them off, naming the setting", async () => {
    const stitch = await failure(publish(videoPost({ tiktok: { ...tiktok, allowStitch: true } })));
    expect([stitch.failureClass, stitch.code]).toEqual(["permanent", "allowstitch_disabled"]);
    expect(stitch.message).toMatch(/^@herald_bakery has turned Stitch off in TikTok; leave config\.tiktok\.allowStitch off/);
    answer("POST /v2/post/publish/creator_info/query/", () => creator({ comment_disabled: true }));
    const comments = await failure(publish(videoPost({ tiktok: { ...tiktok, allowComments: true } })));
    expect(comments.message).toMatch(/config\.tiktok\.allowComments/);
    expect(paths().filter((p) => p.includes("init"))).toEqual([]);
  });

  it("refuses a video longer than the account may post (read from the file's header) before init", async () => {
    answer("POST /v2/post/publish/creator_info/query/", () => creator({ max_video_post_duration_sec: 60 }));
    const e = await failure(publish(videoPost({ media: [{ url: dataUrl(mp4(75, 800)), type: "video" }] })));
    expect([e.failureClass, e.code]).toEqual(["permanent", "video_too_long"]);
    expect(e.message).toBe("The video is 75 s long; TikTok lets @herald_bakery post videos of up to 60 s.");
    expect(paths()).toEqual(["POST /v2/post/publish/creator_info/query/"]);
    expect(inspectMp4(mp4(12, 200)).durationS).toBe(12);
  });
});

describe("publishing", () => {
  it("posts a video from a verified https domain with PULL_FROM_URL, polls until PUBLISH_COMPLETE and gives the post URL", async () => {
    server.once("POST", "/v2/post/publish/status/fetch/", processing("PROCESSING_DOWNLOAD"));
    server.once("POST", "/v2/post/publish/status/fetch/", processing("PROCESSING_UPLOAD"));

    const r = await publish(videoPost({ tiktok: { ...tiktok, allowComments: true, allowDuet: true, brandOrganic: true } }));

    expect(r).toEqual({ platformPostId: POST_ID, url: `https://www.tiktok.com/@herald_bakery/video/${POST_ID}`, simulated: false });
    expect(paths()).toEqual([
      "POST /v2/post/publish/creator_info/query/",
      "POST /v2/post/publish/video/init/",
      "POST /v2/post/publish/status/fetch/",
      "POST /v2/post/publish/status/fetch/",
      "POST /v2/post/publish/status/fetch/",
    ]);
    expect(bodyOf("/v2/post/publish/video/init/")).toEqual({
      post_info: {
        title: "Rolls out of the oven #bakery",
        privacy_level: "PUBLIC_TO_EVERYONE",
        disable_comment: false,
        disable_duet: false,
        disable_stitch: true,
        brand_organic_toggle: true,
      },
      source_info: { source: "PULL_FROM_URL", video_url: VIDEO_URL },
    });
    for (const q of server.requests.filter((x) => x.path === "/v2/post/publish/status/fetch/")) expect(q.body).toEqual({ publish_id: PUBLISH_ID });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("uploads any other video in chunks (FILE_UPLOAD): sizes in init, then PUTs with Content-Range, in order", async () => {
    const video = mp4(20, 2500);
    answer("POST /v2/post/publish/video/init/", () => ok({ publish_id: "v_pub_file~v2-1.1", upload_url: `${server.url}/upload/?upload_id=u1&upload_token=t1` }));
    answer("PUT /upload/", (q) => ({ status: q.headers["content-range"]?.endsWith("2499/2500") ? 201 : 206 }));

    const r = await publish(videoPost({ media: [{ url: dataUrl(video), type: "video" }] }));

    expect(r.platformPostId).toBe(POST_ID);
    expect((bodyOf("/v2/post/publish/video/init/") as { source_info: unknown }).source_info).toEqual({
      source: "FILE_UPLOAD",
      video_size: 2500,
      chunk_size: 1000,
      total_chunk_count: 2,
    });
    const puts = server.requests.filter((q) => q.method === "PUT");
    // The last chunk takes the trailing bytes (TikTok's rule: total = floor(size / chunk)).
    expect(puts.map((q) => [q.headers["content-range"], q.headers["content-type"], q.raw.length])).toEqual([
      ["bytes 0-999/2500", "video/mp4", 1000],
      ["bytes 1000-2499/2500", "video/mp4", 1500],
    ]);
    expect(Buffer.concat(puts.map((q) => q.raw)).equals(video)).toBe(true);
    // The storage host gets no token.
    expect(puts[0].headers.authorization).toBeUndefined();
    expect(paths().indexOf("POST /v2/post/publish/status/fetch/")).toBeGreaterThan(paths().lastIndexOf("PUT /upload/"));
  });

  it("posts photos with content/init: PHOTO, DIRECT_POST, the URLs, the cover, the title and the text as description", async () => {
    const r = await publish({ text: "Three loaves, three flours", media: PHOTOS.map((url) => ({ url, type: "image" as const })), tiktok: { privacy: "SELF_ONLY", title: "Flour test" } });

    expect(r.platformPostId).toBe(POST_ID);
    expect(bodyOf("/v2/post/publish/content/init/")).toEqual({
      media_type: "PHOTO",
      post_mode: "DIRECT_POST",
      post_info: { title: "Flour test", description: "Three loaves, three flours", privacy_level: "SELF_ONLY", disable_comment: true },
      source_info: { source: "PULL_FROM_URL", photo_cover_index: 0, photo_images: PHOTOS },
    });
  });

  it("refuses photos that are not on a verified domain (TikTok only pulls photos), before any request", async () => {
    const content = { text: "x", media: [{ url: "https://cdn.elsewhere.example/1.jpg", type: "image" as const }], tiktok };
    expect(adapter().validate(content).map((p) => p.message)).toEqual([
      "TikTok fetches photos from their URL, which must be public https on a domain verified for the TikTok app (TIKTOK_VERIFIED_DOMAINS); cdn.elsewhere.example is not.",
    ]);
    expect((await failure(publish(content))).code).toBe("validation_failed");
    expect(server.requests).toHaveLength(0);
  });

  it("a post without privacy is invalid: the field is named", () => {
    const problems = adapter().validate(videoPost({ tiktok: undefined }));
    expect(problems.map((p) => p.field)).toEqual(["tiktok.privacy"]);
  });
});

describe("failures", () => {
  it("FAILED with a fail_reason is classified; nothing was posted, so nothing is in doubt", async () => {
    answer("POST /v2/post/publish/status/fetch/", () => ok({ status: "FAILED", fail_reason: "duration_check_failed" }));
    const e = await failure(publish(videoPost()));
    expect([e.failureClass, e.code]).toEqual(["permanent", "duration_check_failed"]);
    expect(e.message).toContain("publish_id v_pub_url~v2-1.7441234567890000001");
    answer("POST /v2/post/publish/status/fetch/", () => ok({ status: "FAILED", fail_reason: "internal" }));
    expect((await failure(publish(videoPost()))).failureClass).toBe("transient");
  });

  it("maps TikTok's error codes: auth, rate limits, unaudited apps, privacy mismatch", async () => {
    const cases: [FixtureResponse, string, string][] = [
      [refused(401, "access_token_invalid", "The access token is invalid or not found in the request."), "auth", "access_token_invalid"],
      [refused(401, "scope_not_authorized", "The user did not authorize the scope required."), "auth", "scope_not_authorized"],
      [{ ...refused(429, "rate_limit_exceeded"), headers: { "retry-after": "60" } }, "rate_limited", "rate_limit_exceeded"],
      [refused(403, "spam_risk_too_many_posts"), "rate_limited", "spam_risk_too_many_posts"],
      [refused(403, "unaudited_client_can_only_post_to_private_accounts"), "permanent", "unaudited_client_can_only_post_to_private_accounts"],
      [refused(400, "privacy_level_option_mismatch"), "permanent", "privacy_level_option_mismatch"],
    ];
    for (const [reply, cls, code] of cases) {
      server.once("POST", "/v2/post/publish/video/init/", reply);
      const e = await failure(publish(videoPost()));
      expect([e.failureClass, e.code], code).toEqual([cls, code]);
      if (code === "rate_limit_exceeded") expect(e.retryAt).toEqual(new Date(NOW.getTime() + 60_000));
      if (code === "unaudited_client_can_only_post_to_private_accounts") expect(e.message).toBe(`${UNAUDITED_MESSAGE} (${code}).`);
    }
    // The same codes in an HTTP 200 envelope are refusals too.
    server.once("POST", "/v2/post/publish/creator_info/query/", { json: { data: {}, error: { code: "access_token_invalid", message: "expired", log_id: "X" } } });
    expect((await failure(publish(videoPost()))).failureClass).toBe("auth");
  });

  it("a network failure after init is in doubt; reconcile polls the stored publish_id and adopts the post", async () => {
    server.once("POST", "/v2/post/publish/status/fetch/", { reset: true });
    const a = adapter();
    const e = await failure(publish(videoPost(), a));
    expect(e.failureClass).toBe("in_doubt");
    expect(e.message).toContain(`publish_id ${PUBLISH_ID}`);

    server.reset();
    server.once("POST", "/v2/post/publish/status/fetch/", processing("PROCESSING_UPLOAD"));
    const r = await a.reconcile({ account, idempotencyKey: "task-1", content: videoPost(), signal: signal() });
    expect(r).toEqual({ state: "found", result: { platformPostId: POST_ID, url: `https://www.tiktok.com/@herald_bakery/video/${POST_ID}`, simulated: false } });
    expect(server.requests.map((q) => q.body)).toEqual([{ publish_id: PUBLISH_ID }, { publish_id: PUBLISH_ID }]);
  });

  it("reconcile: FAILED means absent; a publish still processing, or one this adapter never sent, is unknown", async () => {
    server.once("POST", "/v2/post/publish/status/fetch/", { reset: true });
    const a = adapter();
    await failure(publish(videoPost(), a));
    answer("POST /v2/post/publish/status/fetch/", () => processing());
    const still = await a.reconcile({ account, idempotencyKey: "task-1", content: videoPost(), signal: signal() });
    expect(still).toEqual({ state: "unknown", reason: `TikTok is still processing publish ${PUBLISH_ID}` });
    answer("POST /v2/post/publish/status/fetch/", () => ok({ status: "FAILED", fail_reason: "video_pull_failed" }));
    expect(await a.reconcile({ account, idempotencyKey: "task-1", content: videoPost(), signal: signal() })).toEqual({ state: "absent" });

    const other = await adapter().reconcile({ account, idempotencyKey: "task-1", content: videoPost(), signal: signal() });
    expect(other.state).toBe("unknown");
    expect(other.state === "unknown" && other.reason).toMatch(/no publish_id was kept for this task/);
  });

  it("keeps the publish_id with the task as soon as init returns it, and a later run's adapter reconciles by it", async () => {
    server.once("POST", "/v2/post/publish/status/fetch/", { reset: true });
    const kept: string[] = [];
    const statusCallsAtRemember: number[] = [];
    const remember = async (ref: string) => {
      kept.push(ref);
      statusCallsAtRemember.push(server.requests.filter((q) => q.path === "/v2/post/publish/status/fetch/").length);
    };
    const e = await failure(adapter().publish({ account, content: videoPost(), idempotencyKey: "task-1", attempt: 1, signal: signal(), remember }));
    expect(e.failureClass).toBe("in_doubt");
    expect([kept, statusCallsAtRemember]).toEqual([[PUBLISH_ID], [0]]);

    server.reset();
    const later = await adapter().reconcile({ account, idempotencyKey: "task-1", content: videoPost(), signal: signal(), platformRef: kept[0] });
    expect(later).toMatchObject({ state: "found", result: { platformPostId: POST_ID } });
    expect(server.requests.map((q) => q.body)).toEqual([{ publish_id: PUBLISH_ID }]);
  });

  it("still processing after the last poll is in doubt, not a failure", async () => {
    answer("POST /v2/post/publish/status/fetch/", () => processing());
    const e = await failure(publish(videoPost()));
    expect([e.failureClass, e.code]).toEqual(["in_doubt", "still_processing"]);
    expect(sleeps).toHaveLength(3);
  });
});

describe("metrics and refresh", () => {
  it("reads likes, comments, shares and views from video/query with the post's id", async () => {
    answer("POST /v2/video/query/", () => ok({ videos: [{ id: POST_ID, like_count: 120, comment_count: 8, share_count: 5, view_count: 4300 }], cursor: 0, has_more: false }));
    const m = await adapter().metrics({ account, platformPostId: POST_ID, signal: signal() });
    expect(m).toEqual({ likes: 120, replies: 8, reposts: 5, impressions: 4300, simulated: false });
    const [q] = server.requests;
    expect(q.query.get("fields")).toBe("id,like_count,comment_count,share_count,view_count");
    expect(q.body).toEqual({ filters: { video_ids: [POST_ID] } });
    expect(q.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("renews the token at /v2/oauth/token/ with the app's keys, keeping the refresh token and open id", async () => {
    answer("POST /v2/oauth/token/", () => ({
      json: { access_token: "act.new", expires_in: 86400, open_id: "open-1", refresh_expires_in: 31536000, refresh_token: REFRESH, scope: "user.info.basic,video.publish", token_type: "Bearer" },
    }));
    const fresh = await adapter().refresh({ account, signal: signal() });
    expect(fresh).toEqual({ accessToken: "act.new", refreshToken: REFRESH, openId: "open-1", expiresAt: "2026-11-23T10:00:00.000Z" });
    const [q] = server.requests;
    expect(q.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(q.body).toEqual({ client_key: "app-client-key", client_secret: "app-client-secret", grant_type: "refresh_token", refresh_token: REFRESH });

    answer("POST /v2/oauth/token/", () => ({ json: { error: "invalid_grant", error_description: "Refresh token is invalid or expired.", log_id: "L" } }));
    const e = await failure(adapter().refresh({ account, signal: signal() }));
    expect([e.failureClass, e.code]).toEqual(["auth", "refresh_token_invalid"]);
    const unset = await failure(adapter({ clientKey: undefined }).refresh({ account, signal: signal() }));
    expect(unset.message).toMatch(/TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET/);
  });
});
