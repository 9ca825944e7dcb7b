// The YouTube adapter against a local double of the YouTube Data API v3 and Google's token
// endpoint, answering with their documented shapes: the resumable upload (session start, chunked
// PUTs with Content-Range, 308 Resume Incomplete with Range), quota and auth errors, metrics,
// reconcile through the channel's uploads playlist, token refresh, validation. The clock is
// injected: nothing here depends on today's date.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CHUNK_UNIT,
  createYoutubeAdapter,
  nextQuotaReset,
  YOUTUBE_SESSION_REF,
  YOUTUBE_SESSION_TTL_MS,
  YOUTUBE_THUMBNAIL_UNITS,
  YOUTUBE_UPLOAD_UNITS,
  type QuotaMeter,
  type YoutubeAdapterDeps,
} from "../../lib/social/youtube/adapter";
import type { AccountContext, PublishContent } from "../../lib/social/types";
import type { YoutubeFieldsInput } from "../../lib/social/youtube/fields";
import { startFixtureServer, type FixtureResponse, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const TOKEN = "ya29.a0AfB_youtube-user-token";
const REFRESH = "1//0gYouTubeRefreshToken";
// 02:00 in Los Angeles (PST, UTC−8).
const NOW = new Date("2026-11-22T10:00:00.000Z");
const VIDEO_ID = "dQw4w9WgXcQ";
const UPLOAD_PATH = "/upload/youtube/v3/videos";
const SESSION_ID = "AEnB2UoZ1session";

let server: FixtureServer;

const account: AccountContext = {
  id: "acct_yt",
  workspaceId: "ws_1",
  platform: "youtube",
  handle: "Herald Café",
  credentials: { accessToken: TOKEN, refreshToken: REFRESH, channelId: "UCherald" },
  simulation: null,
};

const deps = (extra: Partial<YoutubeAdapterDeps> = {}): YoutubeAdapterDeps => ({
  baseUrl: server.url,
  authBaseUrl: `${server.url}/oauth`,
  clientId: "1234-app.apps.googleusercontent.com",
  clientSecret: "GOCSPX-app-secret",
  now: () => NOW,
  chunkBytes: CHUNK_UNIT,
  ...extra,
});
const adapter = (extra: Partial<YoutubeAdapterDeps> = {}) => createYoutubeAdapter(deps(extra));
const signal = () => AbortSignal.timeout(5000);

/** 600 KiB of "video": three chunks of 256 KiB at most. */
const SIZE = 600 * 1024;
const bytes = Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 251));
const video = `data:video/mp4;base64,${bytes.toString("base64")}`;
const youtube: YoutubeFieldsInput = { title: "Sourdough, start to finish", privacy: "public", madeForKids: false };
const content = (extra: Partial<PublishContent> = {}): PublishContent => ({
  text: "How we bake our sourdough, from starter to slice.",
  media: [{ url: video, type: "video" }],
  youtube,
  ...extra,
});
const publish = (c: Partial<PublishContent> = {}, extra: Partial<YoutubeAdapterDeps> = {}) =>
  adapter(extra).publish({ account, content: content(c), idempotencyKey: "task-1", attempt: 1, signal: signal() });

const starts = () => server.requests.filter((r) => r.method === "POST" && r.path === UPLOAD_PATH);
const puts = () => server.requests.filter((r) => r.method === "PUT");
const range = (r: RecordedRequest) => r.headers["content-range"];
const googleError = (code: number, reason: string, message: string) => ({ error: { code, message, errors: [{ message, domain: "youtube.video", reason }] } });

/** YouTube's upload double: a session, then 308 until every byte is held, then the video. */
function uploadRoutes(final: () => { status?: number; json?: unknown } = () => ({ json: { kind: "youtube#video", id: VIDEO_ID, status: { uploadStatus: "uploaded", privacyStatus: "public" } } })) {
  server.on("POST", UPLOAD_PATH, () => ({ headers: { location: `${server.url}${UPLOAD_PATH}?uploadType=resumable&upload_id=${SESSION_ID}` }, json: {} }));
  server.on("PUT", UPLOAD_PATH, (r) => {
    const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(range(r)));
    if (!m) return { status: 400, json: googleError(400, "badContent", "Content-Range is missing") };
    const end = Number(m[2]);
    if (end + 1 < Number(m[3])) return { status: 308, headers: { range: `bytes=0-${end}` } };
    return final();
  });
}

beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(() => server.close());

describe("publishing: the resumable upload", () => {
  it("opens a session with the video's metadata (JSON) and X-Upload headers, then PUTs the bytes in chunks with Content-Range", async () => {
    uploadRoutes();
    const r = await publish();

    expect(r).toEqual({ platformPostId: VIDEO_ID, url: `https://www.youtube.com/watch?v=${VIDEO_ID}`, simulated: false });
    const [start] = starts();
    expect(start.query.get("uploadType")).toBe("resumable");
    expect(start.query.get("part")).toBe("snippet,status");
    expect(start.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(start.headers["content-type"]).toBe("application/json; charset=UTF-8");
    expect(start.headers["x-upload-content-type"]).toBe("video/mp4");
    expect(start.headers["x-upload-content-length"]).toBe(String(SIZE));
    expect(start.body).toEqual({
      snippet: { title: "Sourdough, start to finish", description: "How we bake our sourdough, from starter to slice." },
      status: { privacyStatus: "public", selfDeclaredMadeForKids: false },
    });

    expect(puts().map(range)).toEqual([`bytes 0-262143/${SIZE}`, `bytes 262144-524287/${SIZE}`, `bytes 524288-614399/${SIZE}`]);
    for (const p of puts()) {
      expect(p.query.get("upload_id")).toBe(SESSION_ID);
      expect(p.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(p.headers["content-type"]).toBe("video/mp4");
    }
    expect(Buffer.concat(puts().map((p) => p.raw)).equals(bytes)).toBe(true);
  });

  it("sends tags, category, privacy and the made-for-kids declaration", async () => {
    uploadRoutes();
    await publish({ youtube: { title: "Kids bake bread", privacy: "unlisted", categoryId: "26", tags: ["baking", "sourdough bread"], madeForKids: true } });
    expect(starts()[0].body).toEqual({
      snippet: { title: "Kids bake bread", description: "How we bake our sourdough, from starter to slice.", tags: ["baking", "sourdough bread"], categoryId: "26" },
      status: { privacyStatus: "unlisted", selfDeclaredMadeForKids: true },
    });
  });

  it("resumes after a 308 from the byte its Range header names (YouTube kept only part of a chunk)", async () => {
    uploadRoutes();
    // The first chunk arrives only in part: YouTube holds bytes 0–131071.
    server.once("PUT", UPLOAD_PATH, { status: 308, headers: { range: "bytes=0-131071" } });

    const r = await publish();

    expect(r.platformPostId).toBe(VIDEO_ID);
    expect(puts().map(range)).toEqual([`bytes 0-262143/${SIZE}`, `bytes 131072-393215/${SIZE}`, `bytes 393216-614399/${SIZE}`]);
    expect(puts()[1].raw.equals(bytes.subarray(131072, 393216))).toBe(true);
  });

  it("gives up after a bounded number of PUTs when YouTube keeps holding nothing: transient, nothing posted", async () => {
    server.on("POST", UPLOAD_PATH, () => ({ headers: { location: `${server.url}${UPLOAD_PATH}?upload_id=${SESSION_ID}` }, json: {} }));
    server.on("PUT", UPLOAD_PATH, () => ({ status: 308 }));
    const err = await failure(publish());
    expect([err.failureClass, err.code]).toEqual(["transient", "upload_incomplete"]);
    expect(puts().length).toBe(3 + 8);
  });

  it("a Short: #Shorts added to the description when absent, and the /shorts/ url", async () => {
    uploadRoutes();
    const r = await publish({ youtube: { ...youtube, shorts: true } });
    expect(r.url).toBe(`https://www.youtube.com/shorts/${VIDEO_ID}`);
    expect((starts()[0].body as { snippet: { description: string } }).snippet.description).toBe("How we bake our sourdough, from starter to slice.\n\n#Shorts");

    server.reset();
    await publish({ text: "60 seconds of kneading #shorts", youtube: { ...youtube, shorts: true } });
    expect((starts()[0].body as { snippet: { description: string } }).snippet.description).toBe("60 seconds of kneading #shorts");
  });

  it("puts the post's link into the description (a video has no link preview)", async () => {
    uploadRoutes();
    await publish({ link: "https://herald.example/bread" });
    expect((starts()[0].body as { snippet: { description: string } }).snippet.description).toBe(
      "How we bake our sourdough, from starter to slice.\n\nhttps://herald.example/bread",
    );
  });

  it("refuses an upload session on another host (the token and the bytes stay home)", async () => {
    server.on("POST", UPLOAD_PATH, () => ({ headers: { location: "https://uploads.example.net/session" }, json: {} }));
    const err = await failure(publish());
    expect(err.failureClass).toBe("permanent");
    expect(puts()).toHaveLength(0);
  });
});

describe("publishing: failures", () => {
  it("quotaExceeded → rate_limited until the next midnight Pacific time", async () => {
    server.on("POST", UPLOAD_PATH, () => ({ status: 403, json: googleError(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota.") }));
    const err = await failure(publish());
    expect([err.failureClass, err.code, err.httpStatus]).toEqual(["rate_limited", "quota_exceeded", 403]);
    // 02:00 PST on 22 November → 00:00 PST on 23 November = 08:00 UTC.
    expect(err.retryAt?.toISOString()).toBe("2026-11-23T08:00:00.000Z");
    expect(puts()).toHaveLength(0);
  });

  it("the next Pacific midnight follows daylight saving time", () => {
    // 23:30 PDT on 30 June → midnight PDT (UTC−7).
    expect(nextQuotaReset(new Date("2026-07-01T06:30:00Z")).toISOString()).toBe("2026-07-01T07:00:00.000Z");
    // 01:00 PST on 8 March, the day clocks go forward → midnight PDT on 9 March.
    expect(nextQuotaReset(new Date("2026-03-08T09:00:00Z")).toISOString()).toBe("2026-03-09T07:00:00.000Z");
    // Exactly midnight: the next one, a day later.
    expect(nextQuotaReset(new Date("2026-11-23T08:00:00Z")).toISOString()).toBe("2026-11-24T08:00:00.000Z");
  });

  it("uploadLimitExceeded and rateLimitExceeded → rate_limited; forbidden and insufficientPermissions → auth", async () => {
    const cases: [string, string][] = [
      ["uploadLimitExceeded", "rate_limited"],
      ["rateLimitExceeded", "rate_limited"],
      ["forbidden", "auth"],
      ["insufficientPermissions", "auth"],
    ];
    for (const [reason, cls] of cases) {
      server.once("POST", UPLOAD_PATH, { status: 403, json: googleError(403, reason, `Refused: ${reason}`) });
      const err = await failure(publish());
      expect(err.failureClass, reason).toBe(cls);
    }
  });

  it("401 → auth", async () => {
    server.on("POST", UPLOAD_PATH, () => ({ status: 401, json: { error: { code: 401, message: "Request had invalid authentication credentials.", errors: [{ reason: "authError" }] } } }));
    const err = await failure(publish());
    expect([err.failureClass, err.httpStatus]).toEqual(["auth", 401]);
  });

  it("400 invalidTitle → permanent, in words", async () => {
    server.on("POST", UPLOAD_PATH, () => ({ status: 400, json: googleError(400, "invalidTitle", "The request metadata specifies an invalid video title.") }));
    const err = await failure(publish());
    expect([err.failureClass, err.code]).toEqual(["permanent", "invalid_title"]);
    expect(err.message).toMatch(/^YouTube refused the title/);
  });

  it("a 5xx on the final PUT is in doubt (the video may exist); on an earlier PUT it is transient", async () => {
    uploadRoutes(() => ({ status: 503, json: googleError(503, "backendError", "Backend Error") }));
    const last = await failure(publish());
    expect([last.failureClass, last.httpStatus]).toEqual(["in_doubt", 503]);
    expect(puts().map(range).at(-1)).toBe(`bytes 524288-614399/${SIZE}`);

    server.reset();
    server.once("PUT", UPLOAD_PATH, { status: 500, json: googleError(500, "backendError", "Backend Error") });
    const early = await failure(publish());
    expect([early.failureClass, early.httpStatus]).toEqual(["transient", 500]);
    expect(puts()).toHaveLength(1);
  });

  it("a connection reset on the final PUT is in doubt; a 5xx starting the session is transient", async () => {
    uploadRoutes();
    server.once("PUT", UPLOAD_PATH, { status: 308, headers: { range: "bytes=0-262143" } });
    server.once("PUT", UPLOAD_PATH, { status: 308, headers: { range: "bytes=0-524287" } });
    server.once("PUT", UPLOAD_PATH, { reset: true });
    const err = await failure(publish());
    expect(puts().map(range).at(-1)).toBe(`bytes 524288-614399/${SIZE}`);
    expect(err.failureClass).toBe("in_doubt");

    server.reset();
    server.once("POST", UPLOAD_PATH, { status: 500, json: googleError(500, "backendError", "Backend Error") });
    const start = await failure(publish());
    expect(start.failureClass).toBe("transient");
    expect(puts()).toHaveLength(0);
  });
});

describe("publishing: an upload resumed across attempts", () => {
  /** What YouTube holds of the one session; PUTs beyond it are kept from where they overlap. */
  let held: number;
  let cutAt: number | null;
  const statusQueries = () => puts().filter((p) => range(p) === `bytes */${SIZE}`);
  const byteputs = () => puts().filter((p) => range(p) !== `bytes */${SIZE}`);

  function sessionRoutes() {
    server.on("POST", UPLOAD_PATH, () => {
      held = 0;
      return { headers: { location: `${server.url}${UPLOAD_PATH}?uploadType=resumable&upload_id=${SESSION_ID}` }, json: {} };
    });
    server.on("PUT", UPLOAD_PATH, (r): FixtureResponse => {
      const total = Number(String(range(r)).split("/")[1]);
      const tail = (): FixtureResponse =>
        held >= total ? { json: { kind: "youtube#video", id: VIDEO_ID } } : { status: 308, headers: held ? { range: `bytes=0-${held - 1}` } : {} };
      if (String(range(r)).startsWith("bytes */")) return tail();
      const m = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(range(r)))!;
      const [first, last] = [Number(m[1]), Number(m[2])];
      if (first > held) return { status: 400, json: googleError(400, "badContent", "Bytes sent out of order") };
      // The connection breaks after YouTube has taken the bytes up to `cutAt`.
      if (cutAt !== null && last >= cutAt) {
        held = Math.max(held, cutAt);
        cutAt = null;
        return { reset: true };
      }
      held = Math.max(held, last + 1);
      return tail();
    });
  }

  function meter() {
    const spent: number[] = [];
    const q: QuotaMeter = { spend: async (n) => void spent.push(n), usedUp: async () => undefined };
    return { spent, q };
  }

  beforeEach(() => {
    held = 0;
    cutAt = null;
  });

  it("keeps the session with the task; the retry asks it what it holds (bytes */total → 308 Range) and sends only the rest, without a second videos.insert", async () => {
    sessionRoutes();
    // The second chunk breaks off after 300 KiB have arrived: before the last byte, so transient.
    cutAt = 300 * 1024;
    const { spent, q } = meter();
    const kept: string[] = [];
    const first = await failure(
      adapter({ quota: q }).publish({ account, content: content(), idempotencyKey: "task-1", attempt: 1, signal: signal(), remember: async (ref) => void kept.push(ref) }),
    );
    expect(first.failureClass).toBe("transient");
    expect(kept).toHaveLength(1);
    expect(kept[0].startsWith(YOUTUBE_SESSION_REF)).toBe(true);
    // Encrypted: the session's address is not readable in the task row.
    expect(kept[0]).not.toContain(SESSION_ID);
    expect(spent).toEqual([YOUTUBE_UPLOAD_UNITS]);

    server.requests.length = 0;
    const r = await adapter({ quota: q }).publish({ account, content: content(), idempotencyKey: "task-1", attempt: 2, signal: signal(), platformRef: kept[0] });

    expect(r.platformPostId).toBe(VIDEO_ID);
    expect(starts()).toHaveLength(0);
    expect(statusQueries()).toHaveLength(1);
    expect(statusQueries()[0].raw.length).toBe(0);
    expect(puts()[0]).toBe(statusQueries()[0]);
    // Only the rest: from byte 307200 on, in chunks.
    expect(byteputs().map(range)).toEqual([`bytes 307200-569343/${SIZE}`, `bytes 569344-614399/${SIZE}`]);
    expect(Buffer.concat(byteputs().map((p) => p.raw)).equals(bytes.subarray(300 * 1024))).toBe(true);
    // No second videos.insert: the quota counted once.
    expect(spent).toEqual([YOUTUBE_UPLOAD_UNITS]);
  });

  it("a session that ended (404) starts over with a new one; an expired or another file's session is not even asked", async () => {
    sessionRoutes();
    cutAt = 300 * 1024;
    const kept: string[] = [];
    const remember = async (ref: string) => void kept.push(ref);
    await failure(adapter().publish({ account, content: content(), idempotencyKey: "task-1", attempt: 1, signal: signal(), remember }));

    // Ended: the status query answers 404 once, then a new session takes the whole file.
    server.requests.length = 0;
    server.once("PUT", UPLOAD_PATH, { status: 404, json: googleError(404, "notFound", "Upload session not found") });
    const again = await adapter().publish({ account, content: content(), idempotencyKey: "task-1", attempt: 2, signal: signal(), platformRef: kept[0], remember });
    expect(again.platformPostId).toBe(VIDEO_ID);
    expect(statusQueries()).toHaveLength(1);
    expect(starts()).toHaveLength(1);
    expect(byteputs().map(range)[0]).toBe(`bytes 0-262143/${SIZE}`);
    expect(kept).toHaveLength(2);

    // Expired (a day later): straight to a new session.
    server.requests.length = 0;
    const later = () => new Date(NOW.getTime() + YOUTUBE_SESSION_TTL_MS + 1000);
    await adapter({ now: later }).publish({ account, content: content(), idempotencyKey: "task-1", attempt: 3, signal: signal(), platformRef: kept[0] });
    expect(statusQueries()).toHaveLength(0);
    expect(starts()).toHaveLength(1);

    // Another file (a different size): the kept session is not for it.
    server.requests.length = 0;
    const other = `data:video/mp4;base64,${bytes.subarray(0, 100 * 1024).toString("base64")}`;
    await adapter().publish({ account, content: content({ media: [{ url: other, type: "video" }] }), idempotencyKey: "task-1", attempt: 4, signal: signal(), platformRef: kept[0] });
    expect(statusQueries()).toHaveLength(0);
    expect(starts()).toHaveLength(1);
  });

  it("a session that had already finished answers the video: nothing is sent again", async () => {
    sessionRoutes();
    // The last byte arrived, but the answer was lost (in doubt); the retry asks the session.
    const kept: string[] = [];
    cutAt = SIZE - 1;
    const lost = await failure(adapter().publish({ account, content: content(), idempotencyKey: "task-1", attempt: 1, signal: signal(), remember: async (ref) => void kept.push(ref) }));
    expect(lost.failureClass).toBe("in_doubt");
    held = SIZE;
    server.requests.length = 0;
    const r = await adapter().publish({ account, content: content(), idempotencyKey: "task-1", attempt: 2, signal: signal(), platformRef: kept[0] });
    expect(r.platformPostId).toBe(VIDEO_ID);
    expect(puts().map(range)).toEqual([`bytes */${SIZE}`]);
    expect(starts()).toHaveLength(0);
  });
});

describe("reconcile by the kept upload session", () => {
  it("the session's own answer decides: finished → found with its video; bytes still missing → absent (nothing is live before the last byte)", async () => {
    let held = SIZE - 10;
    server.on("POST", UPLOAD_PATH, () => ({ headers: { location: `${server.url}${UPLOAD_PATH}?uploadType=resumable&upload_id=${SESSION_ID}` }, json: {} }));
    server.on("PUT", UPLOAD_PATH, (r): FixtureResponse => {
      if (String(range(r)).startsWith("bytes */")) return held >= SIZE ? { json: { kind: "youtube#video", id: VIDEO_ID } } : { status: 308, headers: { range: `bytes=0-${held - 1}` } };
      return { reset: true };
    });
    const kept: string[] = [];
    await failure(adapter().publish({ account, content: content(), idempotencyKey: "task-1", attempt: 1, signal: signal(), remember: async (ref) => void kept.push(ref) }));
    const reconcile = () => adapter().reconcile({ account, content: content(), idempotencyKey: "task-1", signal: signal(), platformRef: kept[0] });

    expect(await reconcile()).toEqual({ state: "absent" });
    held = SIZE;
    expect(await reconcile()).toEqual({ state: "found", result: { platformPostId: VIDEO_ID, url: `https://www.youtube.com/watch?v=${VIDEO_ID}`, simulated: false } });
    // Only the session was asked: no playlist reading.
    expect(server.requests.filter((q) => q.method === "GET")).toHaveLength(0);
  });
});

describe("publishing: the custom thumbnail", () => {
  const THUMB_PATH = "/upload/youtube/v3/thumbnails/set";
  // A JPEG's first bytes and some more: what the adapter sends is what the poster holds.
  const poster = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("poster frame of the sourdough video"), Buffer.from([0xff, 0xd9])]);
  const posterUrl = `data:image/jpeg;base64,${poster.toString("base64")}`;
  const withPoster = (extra: Partial<PublishContent> = {}) => ({ media: [{ url: video, type: "video" as const, posterUrl }], ...extra });
  const thumbs = () => server.requests.filter((r) => r.method === "POST" && r.path === THUMB_PATH);

  it("sets the video's poster frame with thumbnails.set after the upload, and counts its 50 units", async () => {
    uploadRoutes();
    server.on("POST", THUMB_PATH, () => ({ json: { kind: "youtube#thumbnailSetResponse", items: [{ default: { url: "https://i.ytimg.com/vi/x/default.jpg" } }] } }));
    const spent: number[] = [];
    const r = await publish(withPoster(), { quota: { spend: async (n) => void spent.push(n), usedUp: async () => undefined } });

    expect(r).toEqual({ platformPostId: VIDEO_ID, url: `https://www.youtube.com/watch?v=${VIDEO_ID}`, simulated: false });
    const [t] = thumbs();
    expect(t.query.get("videoId")).toBe(VIDEO_ID);
    expect(t.query.get("uploadType")).toBe("media");
    expect(t.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(t.headers["content-type"]).toBe("image/jpeg");
    expect(t.raw.equals(poster)).toBe(true);
    // After the last byte of the video, never before.
    expect(server.requests.indexOf(t)).toBe(server.requests.length - 1);
    expect(spent).toEqual([YOUTUBE_UPLOAD_UNITS, YOUTUBE_THUMBNAIL_UNITS]);
  });

  it("a chosen picture (config.youtube.thumbnailUrl) wins over the poster; no picture at all, no call", async () => {
    uploadRoutes();
    server.on("POST", THUMB_PATH, () => ({ json: {} }));
    const chosen = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("chosen png")]);
    await publish(withPoster({ youtube: { ...youtube, thumbnailUrl: `data:image/png;base64,${chosen.toString("base64")}` } }));
    expect(thumbs()[0].headers["content-type"]).toBe("image/png");
    expect(thumbs()[0].raw.equals(chosen)).toBe(true);

    server.requests.length = 0;
    await publish();
    expect(thumbs()).toHaveLength(0);
  });

  it("a 403 (channel not verified for custom thumbnails) is a warning on the live post, not a failure", async () => {
    uploadRoutes();
    server.on("POST", THUMB_PATH, () => ({
      status: 403,
      json: googleError(403, "forbidden", "The authenticated user doesnt have permissions to upload and set custom video thumbnails."),
    }));
    const r = await publish(withPoster());
    expect(r.platformPostId).toBe(VIDEO_ID);
    expect(r.warnings).toEqual([expect.stringContaining("the channel must be verified to use custom thumbnails")]);

    server.once("POST", THUMB_PATH, { status: 500, json: googleError(500, "backendError", "Backend Error") });
    const r2 = await publish(withPoster());
    expect(r2.platformPostId).toBe(VIDEO_ID);
    expect(r2.warnings).toEqual([expect.stringMatching(/^YouTube did not set the custom thumbnail \(.*500/)]);
  });
});

describe("reconcile, metrics, refresh", () => {
  let playlist: { items: { id: string; title: string; at: string }[]; nextPageToken?: string } = { items: [] };
  beforeEach(() => {
    server.on("GET", "/youtube/v3/channels", () => ({ json: { items: [{ id: "UCherald", contentDetails: { relatedPlaylists: { likes: "", uploads: "UUherald" } } }] } }));
    server.on("GET", "/youtube/v3/playlistItems", () => ({
      json: {
        ...(playlist.nextPageToken && { nextPageToken: playlist.nextPageToken }),
        items: playlist.items.map((i) => ({ kind: "youtube#playlistItem", snippet: { title: i.title, publishedAt: i.at, resourceId: { kind: "youtube#video", videoId: i.id } } })),
      },
    }));
  });
  const uploads = (items: { id: string; title: string; at: string }[], nextPageToken?: string) => {
    playlist = { items, nextPageToken };
  };
  const reconcile = (c: Partial<PublishContent> = {}) =>
    adapter().reconcile({ account, content: content(c), idempotencyKey: "task-1", signal: signal(), since: new Date("2026-11-22T09:00:00Z") });

  it("finds the upload in the channel's uploads playlist by title, published after `since`", async () => {
    uploads([
      { id: "newOne12345", title: "Sourdough, start to finish", at: "2026-11-22T09:58:00Z" },
      { id: "oldOne12345", title: "Sourdough, start to finish", at: "2026-11-20T09:58:00Z" },
    ]);
    expect(await reconcile()).toEqual({ state: "found", result: { platformPostId: "newOne12345", url: "https://www.youtube.com/watch?v=newOne12345", simulated: false } });
    const [channels, items] = server.requests;
    expect(channels.query.get("part")).toBe("contentDetails");
    expect(channels.query.get("mine")).toBe("true");
    expect(items.query.get("playlistId")).toBe("UUherald");
    expect(items.query.get("part")).toBe("snippet");
    expect(items.query.get("maxResults")).toBe("50");
    expect(items.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("absent when the page reaches back past `since` without it; unknown when it does not reach that far", async () => {
    uploads([
      { id: "otherVid123", title: "Croissants", at: "2026-11-22T09:30:00Z" },
      { id: "oldOne12345", title: "Sourdough, start to finish", at: "2026-11-20T09:58:00Z" },
    ]);
    expect(await reconcile()).toEqual({ state: "absent" });

    uploads([{ id: "otherVid123", title: "Croissants", at: "2026-11-22T09:30:00Z" }], "NEXT");
    expect((await reconcile()).state).toBe("unknown");
  });

  it("metrics: views as impressions, likes and comments", async () => {
    server.on("GET", "/youtube/v3/videos", () => ({ json: { items: [{ id: VIDEO_ID, statistics: { viewCount: "1520", likeCount: "87", favoriteCount: "0", commentCount: "12" } }] } }));
    const m = await adapter().metrics({ account, platformPostId: VIDEO_ID, signal: signal() });
    expect(m).toEqual({ likes: 87, replies: 12, reposts: 0, impressions: 1520, simulated: false });
    const [q] = server.requests;
    expect(q.query.get("part")).toBe("statistics");
    expect(q.query.get("id")).toBe(VIDEO_ID);

  });

  it("a deleted video's metrics are permanent not_found", async () => {
    server.on("GET", "/youtube/v3/videos", () => ({ json: { items: [] } }));
    const err = await failure(adapter().metrics({ account, platformPostId: "gone", signal: signal() }));
    expect([err.failureClass, err.code]).toEqual(["permanent", "not_found"]);
  });

  it("refresh: grant_type=refresh_token with the app's keys at Google's token endpoint; expiry from expires_in", async () => {
    server.on("POST", "/oauth/token", () => ({ json: { access_token: "ya29.fresh", expires_in: 3599, scope: "https://www.googleapis.com/auth/youtube.upload", token_type: "Bearer" } }));
    const r = await adapter().refresh({ account, signal: signal() });
    expect(r).toEqual({ accessToken: "ya29.fresh", refreshToken: REFRESH, channelId: "UCherald", expiresAt: new Date(NOW.getTime() + 3599_000).toISOString() });
    const [q] = server.requests;
    expect(q.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(q.body).toEqual({ grant_type: "refresh_token", refresh_token: REFRESH, client_id: "1234-app.apps.googleusercontent.com", client_secret: "GOCSPX-app-secret" });
  });

  it("invalid_grant → auth; wrong app keys → permanent; no refresh token → null", async () => {
    server.once("POST", "/oauth/token", { status: 400, json: { error: "invalid_grant", error_description: "Token has been expired or revoked." } });
    const err = await failure(adapter().refresh({ account, signal: signal() }));
    expect([err.failureClass, err.code]).toEqual(["auth", "refresh_token_invalid"]);

    server.once("POST", "/oauth/token", { status: 401, json: { error: "invalid_client", error_description: "The OAuth client was not found." } });
    const app = await failure(adapter().refresh({ account, signal: signal() }));
    expect([app.failureClass, app.code]).toEqual(["permanent", "app_credentials_invalid"]);

    expect(await adapter().refresh({ account: { ...account, credentials: { accessToken: TOKEN } }, signal: signal() })).toBeNull();
  });
});

describe("validation", () => {
  const problems = (c: Partial<PublishContent>) => adapter().validate(content(c)).map((p) => `${p.field}: ${p.message}`);

  it("one video, a title, a description within 5,000 bytes without < or >", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ youtube: undefined })).toEqual(["youtube.title: A YouTube video needs a title."]);
    expect(problems({ media: [] })).toEqual(["media: YouTube needs a video."]);
    expect(problems({ media: [{ url: "https://x.example/a.jpg", type: "image" }] })).toContain("media: YouTube needs a video.");
    expect(problems({ youtube: { ...youtube, title: "t".repeat(101) } })).toEqual(["youtube.title: YouTube titles allow 100 characters; this one has 101."]);
    expect(problems({ text: "Bread <3" })).toEqual(["text: YouTube descriptions cannot contain < or >."]);
    // 2,000 two-byte characters: within 5,000 characters, over 5,000 bytes.
    expect(problems({ text: "é".repeat(2600) })).toEqual(["text: YouTube descriptions allow 5000 bytes; this one has 5200."]);
    expect(problems({ text: "x".repeat(4995), youtube: { ...youtube, shorts: true } })[0]).toMatch(/^text: YouTube descriptions allow 5000 bytes; this one has 5004/);
    expect(problems({ firstComment: "First!" })).toEqual(["firstComment: Herald cannot add a first comment on YouTube yet."]);
  });
});
