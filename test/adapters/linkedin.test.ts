// The LinkedIn adapter against a local server that answers like LinkedIn's versioned REST API
// (Posts, Images, Videos, Comments/socialActions, OAuth refresh) with its documented responses and errors.
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { LINKEDIN_API_VERSION, createLinkedinAdapter } from "../../lib/social/linkedin/adapter";
import { escapeLittleText, littleToPlain, toLittleText } from "../../lib/social/linkedin/little-text";
import type { AccountContext, PublishInput } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import { failure } from "../support/assertions";

let server: FixtureServer;
let png: string;
let imageCount = 0;
/** Bytes per part in the video upload instructions the fixture hands out (LinkedIn uses 4 MiB). */
let videoPartSize = 80_000;

const TOKEN = "li-access-token";
const AUTHOR = "urn:li:person:8675309";
const creds = { accessToken: TOKEN, authorUrn: AUTHOR };

function account(credentials: Record<string, string> | null = creds): AccountContext {
  return { id: "acct_li", workspaceId: "ws_1", platform: "linkedin", handle: "Ada Herald", credentials, simulation: null };
}

const adapter = (now?: () => Date) => createLinkedinAdapter({ baseUrl: server.url, authBaseUrl: `${server.url}/auth`, now });

const post = (over: Partial<PublishInput> = {}): PublishInput => ({
  account: account(),
  content: { text: "Hello LinkedIn" },
  idempotencyKey: "task_li",
  attempt: 1,
  signal: AbortSignal.timeout(5000),
  ...over,
});

const postsCreated = () => server.requests.filter((r) => r.method === "POST" && r.path === "/rest/posts");

// LinkedIn's 422 for repeated content, as LinkedIn sends it.
const duplicateBody = {
  errorDetailType: "com.linkedin.common.error.BadRequest",
  message: "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808",
  errorDetails: { inputErrors: [{ description: "Duplicate post is detected", input: {}, code: "DUPLICATE_POST" }] },
  status: 422,
};

beforeAll(async () => {
  server = await startFixtureServer();
  const bytes = await sharp({ create: { width: 30, height: 30, channels: 3, background: "#0a66c2" } }).png().toBuffer();
  png = `data:image/png;base64,${bytes.toString("base64")}`;
  server.on("POST", "/rest/posts", () => ({ status: 201, headers: { "x-restli-id": "urn:li:share:7001" } }));
  server.on("POST", "/rest/images", () => {
    imageCount++;
    return {
      json: {
        value: {
          uploadUrlExpiresAt: 1650567510704,
          uploadUrl: `${server.url}/dms-uploads/img${imageCount}/uploaded-image/0`,
          image: `urn:li:image:C4E10AQ${imageCount}`,
        },
      },
    };
  });
  server.on("PUT", /^\/dms-uploads\/img\d+\//, () => ({ status: 201 }));
  // Videos API: initializeUpload splits the declared size into byte ranges (lastByte inclusive);
  // finalizeUpload answers 200 with no body.
  server.on("POST", "/rest/videos", (req) => {
    if (req.query.get("action") === "finalizeUpload") return { status: 200 };
    const size = (req.body as { initializeUploadRequest: { fileSizeBytes: number } }).initializeUploadRequest.fileSizeBytes;
    const uploadInstructions = [];
    for (let first = 0, i = 0; first < size; first += videoPartSize, i++) {
      uploadInstructions.push({
        uploadUrl: `${server.url}/dms-uploads/vid/part/${i}`,
        lastByte: Math.min(first + videoPartSize, size) - 1,
        firstByte: first,
      });
    }
    return {
      json: {
        value: {
          uploadUrlsExpireAt: 1657329314367,
          video: VIDEO_URN,
          uploadInstructions,
          uploadToken: "upload-token-1",
          thumbnailUploadUrl: "",
          captionsUploadUrl: "",
        },
      },
    };
  });
  // Each part answers with its id in the ETag: the schema's quoted hex for part 0, the live
  // unquoted /ambry-video/signedId/… form for the others.
  server.on("PUT", /^\/dms-uploads\/vid\/part\/\d+$/, (req) => {
    const i = Number(req.path.split("/").pop());
    return { status: 200, headers: { etag: i === 0 ? '"9f1c0e4ed1a3"' : `/ambry-video/signedId/part-${i}.bin` } };
  });
  server.on("GET", /^\/rest\/videos\/[^/]+$/, () => ({ json: videoStatus("AVAILABLE") }));
  server.on("POST", /^\/rest\/socialActions\/[^/]+\/comments$/, () => ({
    status: 201,
    headers: { "x-restli-id": "urn:li:comment:(urn:li:activity:7001,7002)" },
    json: { id: "7002", message: { text: "" } },
  }));
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  server.reset();
  imageCount = 0;
  videoPartSize = 80_000;
});

describe("little text", () => {
  it("backslash-escapes every reserved character so nothing is cut", () => {
    expect(escapeLittleText("a\\b|c{d}e@f[g]h(i)j<k>l#m*n_o~p")).toBe("a\\\\b\\|c\\{d\\}e\\@f\\[g\\]h\\(i\\)j\\<k\\>l\\#m\\*n\\_o\\~p");
    expect(escapeLittleText("plain: äöü, 50% & more!")).toBe("plain: äöü, 50% & more!");
  });

  it("keeps hashtags as HashtagTemplates and explicit mentions as mentions", () => {
    expect(toLittleText("Shipping (finally) #Herald #dev_ops today")).toBe(
      "Shipping \\(finally\\) {hashtag|\\#|Herald} {hashtag|\\#|dev\\_ops} today",
    );
    expect(toLittleText("Thanks @[Acme Corp](urn:li:organization:1234)!")).toBe("Thanks @[Acme Corp](urn:li:organization:1234)!");
    // Not hashtags: a language name, a URL fragment, a number; a bare @name cannot be a mention.
    expect(toLittleText("C# at https://x.example/a#top, #1 by @bob")).toBe("C\\# at https://x.example/a\\#top, \\#1 by \\@bob");
    expect(toLittleText("#über")).toBe("{hashtag|\\#|über}");
  });

  it("turns little text back into what readers see", () => {
    const text = "Shipping (finally) #Herald *now* ~ @bob \\o/";
    expect(littleToPlain(toLittleText(text))).toBe(text);
  });
});

describe("LinkedIn publish", () => {
  it("creates the post with the versioned headers, little text, and the id from x-restli-id", async () => {
    const r = await adapter().publish(post({ content: { text: "Big news (really) #launch", link: "https://herald.example/a_b" } }));
    const [req] = postsCreated();
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
    expect(LINKEDIN_API_VERSION).toMatch(/^20\d{4}$/);
    expect(req.headers["x-restli-protocol-version"]).toBe("2.0.0");
    expect(req.body).toEqual({
      author: AUTHOR,
      commentary: "Big news \\(really\\) {hashtag|\\#|launch}\n\nhttps://herald.example/a\\_b",
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    });
    expect(r).toEqual({ platformPostId: "urn:li:share:7001", url: "https://www.linkedin.com/feed/update/urn:li:share:7001/", simulated: false });
  });

  it("uploads images (initializeUpload, then PUT the bytes) and attaches them with alt text", async () => {
    await adapter().publish(
      post({
        content: {
          text: "Two pictures",
          media: [
            { url: png, type: "image", altText: "Logo on blue" },
            { url: png, type: "image", altText: "Logo again" },
          ],
        },
      }),
    );
    const inits = server.requests.filter((r) => r.path === "/rest/images");
    expect(inits).toHaveLength(2);
    expect(inits[0].query.get("action")).toBe("initializeUpload");
    expect(inits[0].body).toEqual({ initializeUploadRequest: { owner: AUTHOR } });
    expect(inits[0].headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
    const puts = server.requests.filter((r) => r.method === "PUT");
    expect(puts.map((p) => p.path)).toEqual(["/dms-uploads/img1/uploaded-image/0", "/dms-uploads/img2/uploaded-image/0"]);
    expect(puts[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(puts[0].headers["content-type"]).toBe("image/png");
    expect((await sharp(puts[0].raw).metadata()).width).toBe(30);
    expect((postsCreated()[0].body as { content: unknown }).content).toEqual({
      multiImage: {
        images: [
          { id: "urn:li:image:C4E10AQ1", altText: "Logo on blue" },
          { id: "urn:li:image:C4E10AQ2", altText: "Logo again" },
        ],
      },
    });
  });

  it("attaches a single image as content.media", async () => {
    await adapter().publish(post({ content: { text: "One", media: [{ url: png, type: "image", altText: "Logo" }] } }));
    expect((postsCreated()[0].body as { content: unknown }).content).toEqual({ media: { id: "urn:li:image:C4E10AQ1", altText: "Logo" } });
  });

  it("posts the first comment on the new post, as plain text", async () => {
    await adapter().publish(post({ content: { text: "Main", firstComment: "Details (and #links) below" } }));
    const c = server.requests.find((r) => r.path.endsWith("/comments"))!;
    expect(c.path).toBe("/rest/socialActions/urn%3Ali%3Ashare%3A7001/comments");
    expect(c.body).toEqual({ actor: AUTHOR, object: "urn:li:share:7001", message: { text: "Details (and #links) below" } });
    expect(c.headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
  });

  it("calls a duplicate on the first attempt a permanent failure naming the original", async () => {
    server.once("POST", "/rest/posts", { status: 422, json: duplicateBody });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "duplicate", httpStatus: 422 });
    expect(e.message).toContain("urn:li:share:7141138937766391808");
  });

  it("adopts the original when a later attempt meets the duplicate error (the earlier attempt landed)", async () => {
    server.once("POST", "/rest/posts", { status: 422, json: duplicateBody });
    const r = await adapter().publish(post({ attempt: 2, content: { text: "Hello LinkedIn", firstComment: "More" } }));
    expect(r).toEqual({
      platformPostId: "urn:li:share:7141138937766391808",
      url: "https://www.linkedin.com/feed/update/urn:li:share:7141138937766391808/",
      simulated: false,
    });
    expect(server.requests.find((q) => q.path.endsWith("/comments"))?.path).toBe(
      "/rest/socialActions/urn%3Ali%3Ashare%3A7141138937766391808/comments",
    );
  });

  it("says the post is live when its first comment fails", async () => {
    server.once("POST", /^\/rest\/socialActions\/[^/]+\/comments$/, { status: 500, json: { message: "Internal Server Error", status: 500 } });
    const e = await failure(adapter().publish(post({ content: { text: "Main", firstComment: "x" } })));
    expect(e.failureClass).toBe("transient");
    expect(e.message).toContain("The post is live at https://www.linkedin.com/feed/update/urn:li:share:7001/");
  });
});

const VIDEO_URN = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
const VIDEO_PATH = `/rest/videos/${encodeURIComponent(VIDEO_URN)}`;

/** A video as GET /rest/videos/{urn} returns it. */
function videoStatus(status: string, extra: Record<string, unknown> = {}) {
  return { owner: AUTHOR, id: VIDEO_URN, status, duration: 12000, aspectRatioWidth: 16, aspectRatioHeight: 9, ...extra };
}

/**
 * A minimal ISO MP4: ftyp, moov/mvhd (timescale 1000) and an mdat of patterned bytes up to
 * `bytes`, so every byte range is recognisable.
 */
function mp4({ durationS = 12, bytes = 200_000, brands = ["isom", "isom", "mp41"] }: { durationS?: number; bytes?: number; brands?: string[] } = {}): Buffer {
  const ftyp = Buffer.alloc(8 + 4 * (brands.length + 1));
  ftyp.writeUInt32BE(ftyp.length, 0);
  ftyp.write("ftyp", 4, "latin1");
  ftyp.write(brands[0], 8, "latin1");
  ftyp.writeUInt32BE(0x200, 12);
  brands.slice(1).forEach((b, i) => ftyp.write(b, 16 + 4 * i, "latin1"));
  const mvhd = Buffer.alloc(108); // version 0
  mvhd.writeUInt32BE(108, 0);
  mvhd.write("mvhd", 4, "latin1");
  mvhd.writeUInt32BE(1000, 20); // timescale
  mvhd.writeUInt32BE(Math.round(durationS * 1000), 24); // duration
  const moov = Buffer.concat([Buffer.alloc(8), mvhd]);
  moov.writeUInt32BE(moov.length, 0);
  moov.write("moov", 4, "latin1");
  const mdat = Buffer.alloc(bytes - ftyp.length - moov.length);
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write("mdat", 4, "latin1");
  for (let i = 8; i < mdat.length; i++) mdat[i] = (i * 7 + (i >> 8)) % 251;
  return Buffer.concat([ftyp, moov, mdat]);
}

const dataUrl = (buf: Buffer, mime = "video/mp4") => `data:${mime};base64,${buf.toString("base64")}`;
const videoAdapter = (over: { maxPolls?: number } = {}) =>
  createLinkedinAdapter({ baseUrl: server.url, authBaseUrl: `${server.url}/auth`, pollIntervalMs: 5, ...over });
const videoPost = (buf: Buffer, over: Partial<PublishInput> = {}, altText?: string) =>
  post({ content: { text: "Watch this #demo", media: [{ url: dataUrl(buf), type: "video", ...(altText ? { altText } : {}) }] }, ...over });
const parts = () => server.requests.filter((r) => r.method === "PUT");
const finalizes = () => server.requests.filter((r) => r.path === "/rest/videos" && r.query.get("action") === "finalizeUpload");
const statusPolls = () => server.requests.filter((r) => r.method === "GET" && r.path === VIDEO_PATH);

describe("LinkedIn video", () => {
  it("uploads the byte ranges LinkedIn hands out, finalizes with their ETags in order, waits for AVAILABLE, then posts the video", async () => {
    const video = mp4({ bytes: 200_000 });
    server.once("GET", /^\/rest\/videos\/[^/]+$/, { json: videoStatus("PROCESSING") });
    const r = await videoAdapter().publish(videoPost(video, {}, "Product demo"));

    // The whole sequence, in order.
    expect(server.requests.map((q) => `${q.method} ${q.path}${q.query.get("action") ? `?${q.query.get("action")}` : ""}`)).toEqual([
      "POST /rest/videos?initializeUpload",
      "PUT /dms-uploads/vid/part/0",
      "PUT /dms-uploads/vid/part/1",
      "PUT /dms-uploads/vid/part/2",
      "POST /rest/videos?finalizeUpload",
      `GET ${VIDEO_PATH}`,
      `GET ${VIDEO_PATH}`,
      "POST /rest/posts",
    ]);

    const init = server.requests[0];
    expect(init.body).toEqual({ initializeUploadRequest: { owner: AUTHOR, fileSizeBytes: 200_000, uploadCaptions: false, uploadThumbnail: false } });
    expect(init.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(init.headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
    expect(init.headers["x-restli-protocol-version"]).toBe("2.0.0");

    // Each part carries exactly its range (lastByte inclusive), as raw bytes to a pre-signed URL.
    const ranges = [
      [0, 80_000],
      [80_000, 160_000],
      [160_000, 200_000],
    ];
    parts().forEach((p, i) => {
      expect(Buffer.compare(p.raw, video.subarray(ranges[i][0], ranges[i][1]))).toBe(0);
      expect(p.headers["content-type"]).toBe("application/octet-stream");
      expect(p.headers.authorization).toBeUndefined();
      expect(p.headers["linkedin-version"]).toBeUndefined();
    });
    expect(Buffer.compare(Buffer.concat(parts().map((p) => p.raw)), video)).toBe(0);

    expect(finalizes()[0].body).toEqual({
      finalizeUploadRequest: {
        video: VIDEO_URN,
        uploadToken: "upload-token-1",
        uploadedPartIds: ["9f1c0e4ed1a3", "/ambry-video/signedId/part-1.bin", "/ambry-video/signedId/part-2.bin"],
      },
    });
    expect(finalizes()[0].headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
    expect(statusPolls()[0].headers.authorization).toBe(`Bearer ${TOKEN}`);

    expect(postsCreated()[0].body).toEqual({
      author: AUTHOR,
      commentary: "Watch this {hashtag|\\#|demo}",
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      content: { media: { id: VIDEO_URN, title: "Product demo" } },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    });
    expect(r).toEqual({ platformPostId: "urn:li:share:7001", url: "https://www.linkedin.com/feed/update/urn:li:share:7001/", simulated: false });
  });

  it("uploads a video LinkedIn takes in one part with a single PUT, and posts it without a title when there is no alt text", async () => {
    videoPartSize = 4 * 1024 * 1024;
    const video = mp4({ bytes: 90_000 });
    await videoAdapter().publish(videoPost(video));
    expect(parts()).toHaveLength(1);
    expect(Buffer.compare(parts()[0].raw, video)).toBe(0);
    expect((finalizes()[0].body as { finalizeUploadRequest: { uploadedPartIds: string[] } }).finalizeUploadRequest.uploadedPartIds).toEqual([
      "9f1c0e4ed1a3",
    ]);
    expect((postsCreated()[0].body as { content: unknown }).content).toEqual({ media: { id: VIDEO_URN } });
  });

  it("turns PROCESSING_FAILED into a permanent failure with LinkedIn's reason, and posts nothing", async () => {
    server.once("GET", /^\/rest\/videos\/[^/]+$/, { json: videoStatus("PROCESSING") });
    server.once("GET", /^\/rest\/videos\/[^/]+$/, { json: videoStatus("PROCESSING_FAILED", { processingFailureReason: "Unsupported codec" }) });
    const e = await failure(videoAdapter().publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "permanent", code: "video_processing_failed" });
    expect(e.message).toContain("PROCESSING_FAILED: Unsupported codec");
    expect(e.message).toContain("nothing was posted");
    expect(statusPolls()).toHaveLength(2);
    expect(postsCreated()).toHaveLength(0);
  });

  it("posts a video that is still PROCESSING after the last poll (LinkedIn finishes it on its own)", async () => {
    for (let i = 0; i < 3; i++) server.once("GET", /^\/rest\/videos\/[^/]+$/, { json: videoStatus("PROCESSING") });
    const r = await videoAdapter({ maxPolls: 3 }).publish(videoPost(mp4()));
    expect(statusPolls()).toHaveLength(3);
    expect((postsCreated()[0].body as { content: unknown }).content).toEqual({ media: { id: VIDEO_URN } });
    expect(r.platformPostId).toBe("urn:li:share:7001");
  });

  it("gives up without posting when LinkedIn still waits for the bytes after the last poll", async () => {
    for (let i = 0; i < 2; i++) server.once("GET", /^\/rest\/videos\/[^/]+$/, { json: videoStatus("WAITING_UPLOAD") });
    const e = await failure(videoAdapter({ maxPolls: 2 }).publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "transient", code: "video_upload_incomplete" });
    expect(postsCreated()).toHaveLength(0);
  });

  it("posts without waiting when the token may not read the video's status (403)", async () => {
    server.once("GET", /^\/rest\/videos\/[^/]+$/, {
      status: 403,
      json: { message: "Accessing this video resource is forbidden. Please check your permissions for this resource", status: 403 },
    });
    await videoAdapter().publish(videoPost(mp4()));
    expect(statusPolls()).toHaveLength(1);
    expect(postsCreated()).toHaveLength(1);
  });

  it("treats a connection reset during a part upload as transient: nothing was finalized or posted", async () => {
    server.once("PUT", "/dms-uploads/vid/part/1", { reset: true });
    const e = await failure(videoAdapter().publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "transient", code: "network_error" });
    expect(e.message).toContain("Nothing was posted yet");
    expect(parts().map((p) => p.path)).toEqual(["/dms-uploads/vid/part/0", "/dms-uploads/vid/part/1"]);
    expect(finalizes()).toHaveLength(0);
    expect(postsCreated()).toHaveLength(0);
  });

  it("treats a timeout during a part upload as transient too", async () => {
    server.once("PUT", "/dms-uploads/vid/part/0", { delayMs: 1500, status: 200, headers: { etag: "x" } });
    const e = await failure(videoAdapter().publish(videoPost(mp4(), { signal: AbortSignal.timeout(400) })));
    expect(e).toMatchObject({ failureClass: "transient", code: "timeout" });
    expect(postsCreated()).toHaveLength(0);
  });

  it("still calls a timeout on the post itself, after the video is in, in doubt", async () => {
    server.once("POST", "/rest/posts", { delayMs: 1500, status: 201, headers: { "x-restli-id": "urn:li:share:1" } });
    const e = await failure(videoAdapter().publish(videoPost(mp4(), { signal: AbortSignal.timeout(600) })));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "timeout" });
    expect(finalizes()).toHaveLength(1);
  });

  it("reports a refused part URL (expired) as transient, not as an auth failure", async () => {
    server.once("PUT", "/dms-uploads/vid/part/2", { status: 403, text: "Forbidden" });
    const e = await failure(videoAdapter().publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "transient", code: "upload_url_refused", httpStatus: 403 });
    expect(e.message).toContain("part 3 of 3");
    expect(finalizes()).toHaveLength(0);
  });

  it("maps a refused finalize to a permanent failure with LinkedIn's message", async () => {
    // The once-queue answers in order: initializeUpload (one part), then finalizeUpload refused.
    server.once("POST", "/rest/videos", {
      json: {
        value: {
          video: VIDEO_URN,
          uploadToken: "",
          uploadInstructions: [{ uploadUrl: `${server.url}/dms-uploads/vid/part/0`, firstByte: 0, lastByte: 199_999 }],
        },
      },
    });
    server.once("POST", "/rest/videos", { status: 400, json: { message: "All chunks IDs must be signed", status: 400 } });
    const e = await failure(videoAdapter().publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "permanent", code: "rejected", httpStatus: 400 });
    expect(e.message).toContain("finalizing the video upload");
    expect(e.message).toContain("All chunks IDs must be signed");
    expect(finalizes()[0].body).toEqual({ finalizeUploadRequest: { video: VIDEO_URN, uploadToken: "", uploadedPartIds: ["9f1c0e4ed1a3"] } });
    expect(postsCreated()).toHaveLength(0);
  });

  it("refuses upload instructions that leave a gap, before uploading anything", async () => {
    server.once("POST", "/rest/videos", {
      json: {
        value: {
          video: VIDEO_URN,
          uploadToken: "",
          uploadInstructions: [
            { uploadUrl: `${server.url}/dms-uploads/vid/part/0`, firstByte: 0, lastByte: 99_999 },
            { uploadUrl: `${server.url}/dms-uploads/vid/part/1`, firstByte: 100_001, lastByte: 199_999 },
          ],
        },
      },
    });
    const e = await failure(videoAdapter().publish(videoPost(mp4())));
    expect(e).toMatchObject({ failureClass: "transient", code: "unexpected_response" });
    expect(parts()).toHaveLength(0);
  });

  it("maps a server error on initializeUpload to transient and an expired token to auth", async () => {
    server.once("POST", "/rest/videos", { status: 503, json: { message: "Service Unavailable", status: 503 } });
    expect(await failure(videoAdapter().publish(videoPost(mp4())))).toMatchObject({ failureClass: "transient", httpStatus: 503 });
    server.once("POST", "/rest/videos", { status: 401, json: { status: 401, serviceErrorCode: 65602, code: "EXPIRED_ACCESS_TOKEN", message: "The token used in the request has expired" } });
    expect(await failure(videoAdapter().publish(videoPost(mp4())))).toMatchObject({ failureClass: "auth", code: "auth_invalid" });
    expect(postsCreated()).toHaveLength(0);
  });

  it("validate() refuses videos over 500 MB or under 75 KB, non-MP4 containers and a video with other media", () => {
    const a = videoAdapter();
    const v = (over: Record<string, unknown>) => ({ text: "Clip", media: [{ url: "https://cdn.example/clip.mp4", type: "video" as const, ...over }] });
    expect(a.validate(v({ sizeBytes: 600 * 1024 * 1024 })).map((p) => p.message)).toEqual([
      "The video is 600 MB; LinkedIn takes videos up to 500 MB.",
    ]);
    expect(a.validate(v({ sizeBytes: 10_000 }))[0].message).toMatch(/at least 75 KB/);
    expect(a.validate(v({ url: "https://cdn.example/clip.webm" }))[0].message).toMatch(/MP4 videos; this one is \.webm/);
    expect(a.validate(v({ sizeBytes: 5 * 1024 * 1024 }))).toEqual([]);
    expect(a.validate({ text: "x", media: [{ url: "https://cdn.example/clip.mp4", type: "video" }, { url: png, type: "image" }] })[0].message).toMatch(
      /one video on its own/,
    );
  });

  it("refuses a video over the size limit before calling LinkedIn", async () => {
    const e = await failure(
      videoAdapter().publish(post({ content: { text: "Big", media: [{ url: "https://cdn.example/big.mp4", type: "video", sizeBytes: 501 * 1024 * 1024 }] } })),
    );
    expect(e).toMatchObject({ failureClass: "permanent", code: "validation_failed" });
    expect(e.message).toContain("LinkedIn takes videos up to 500 MB");
    expect(server.requests).toHaveLength(0);
  });

  it("checks the bytes before uploading: duration 3 s to 30 min, MP4 only, at least 75 KB", async () => {
    const cases: [Buffer, string, RegExp][] = [
      [mp4({ durationS: 2 }), "video_duration", /runs 2\.0 s; LinkedIn takes videos of 3 s to 30 min/],
      [mp4({ durationS: 31 * 60 }), "video_duration", /runs 31\.0 min/],
      [mp4({ brands: ["qt  ", "qt  "] }), "video_format", /QuickTime/],
      [Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.alloc(100_000, 1)]), "video_format", /not one/],
      [mp4({ bytes: 50_000 }), "video_too_small", /at least 75 KB/],
    ];
    for (const [buf, code, message] of cases) {
      const e = await failure(videoAdapter().publish(videoPost(buf)));
      expect(e).toMatchObject({ failureClass: "permanent", code });
      expect(e.message).toMatch(message);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("asks the scheduler for time to upload and process a video, and nothing extra otherwise", () => {
    const a = createLinkedinAdapter({ baseUrl: server.url });
    expect(a.publishTimeoutMs?.({ text: "x", media: [{ url: "https://cdn.example/a.mp4", type: "video" }] })).toBe(40 * 3000 + 120_000);
    expect(a.publishTimeoutMs?.({ text: "x", media: [{ url: png, type: "image" }] })).toBe(0);
    expect(a.publishTimeoutMs?.({ text: "x" })).toBe(0);
    expect(videoAdapter({ maxPolls: 4 }).publishTimeoutMs?.({ text: "x", media: [{ url: "https://cdn.example/a.mp4", type: "video" }] })).toBe(4 * 5 + 120_000);
  });
});

describe("LinkedIn failures", () => {
  it("maps 401 (and the token serviceErrorCodes) to auth", async () => {
    server.once("POST", "/rest/posts", { status: 401, json: { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "auth", code: "auth_invalid", httpStatus: 401 });
    expect(e.message).toContain("Invalid access token");
  });

  it("maps a revoked-token serviceErrorCode to auth even without a 401", async () => {
    server.once("POST", "/rest/posts", { status: 403, json: { status: 403, serviceErrorCode: 65601, message: "The token used in the request has been revoked by the user" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "auth", code: "auth_invalid" });
    expect(e.message).toContain("revoked by the user");
  });

  it("maps a 403 to a permanent failure naming the permission", async () => {
    server.once("POST", "/rest/posts", {
      status: 403,
      json: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260701" },
    });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "forbidden", httpStatus: 403 });
    expect(e.message).toMatch(/w_member_social/);
  });

  it("maps a 422 validation error to a permanent failure with LinkedIn's message", async () => {
    server.once("POST", "/rest/posts", { status: 422, json: { message: "ERROR :: /commentary :: field is required but not found and has no default value\n", status: 422 } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "rejected" });
    expect(e.message).toContain("/commentary :: field is required");
  });

  it("maps 429 to rate_limited without a retry time (LinkedIn sends no reset header)", async () => {
    server.once("POST", "/rest/posts", { status: 429, json: { message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", status: 429 } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "rate_limited", httpStatus: 429 });
    expect(e.retryAt).toBeUndefined();
  });

  it("maps 5xx to transient", async () => {
    server.once("POST", "/rest/posts", { status: 504, json: { message: "Gateway timeout", status: 504 } });
    expect(await failure(adapter().publish(post()))).toMatchObject({ failureClass: "transient", httpStatus: 504 });
  });

  it("maps 426 (sunset LinkedIn-Version) to a permanent failure", async () => {
    server.once("POST", "/rest/posts", { status: 426, json: { message: "Requested version 20240101 is not active", status: 426 } });
    expect(await failure(adapter().publish(post()))).toMatchObject({ failureClass: "permanent", code: "api_version_unsupported" });
  });

  it("treats a timeout on the post creation as in doubt", async () => {
    server.once("POST", "/rest/posts", { delayMs: 1500, status: 201, headers: { "x-restli-id": "urn:li:share:1" } });
    const e = await failure(adapter().publish(post({ signal: AbortSignal.timeout(300) })));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "timeout" });
    expect(postsCreated()).toHaveLength(1);
  });

  it("treats a connection reset after sending the post as in doubt", async () => {
    server.once("POST", "/rest/posts", { reset: true });
    expect(await failure(adapter().publish(post()))).toMatchObject({ failureClass: "in_doubt", code: "network_error" });
  });

  it("treats a reset during the image upload as transient: nothing was posted", async () => {
    server.once("PUT", /^\/dms-uploads\//, { reset: true });
    const e = await failure(adapter().publish(post({ content: { text: "x", media: [{ url: png, type: "image" }] } })));
    expect(e.failureClass).toBe("transient");
    expect(postsCreated()).toHaveLength(0);
  });

  it("rejects malformed credentials as an auth problem", async () => {
    const e = await failure(adapter().publish(post({ account: account({ accessToken: TOKEN, authorUrn: "person:1" }) })));
    expect(e).toMatchObject({ failureClass: "auth", code: "credentials_invalid" });
    expect(server.requests).toHaveLength(0);
  });
});

describe("LinkedIn reconcile", () => {
  const t0 = Date.parse("2026-06-10T12:00:00Z");
  const clock = () => new Date(t0);
  const hoursAgo = (h: number) => t0 - h * 3_600_000;
  const text = "Our Q2 (preliminary) numbers are in #results";
  const el = (id: string, commentary: string, createdAt: number) => ({
    id,
    author: AUTHOR,
    commentary,
    createdAt,
    publishedAt: createdAt,
    lastModifiedAt: createdAt,
    lifecycleState: "PUBLISHED",
    visibility: "PUBLIC",
  });

  it("finds our post among the author's recent posts, asking the posts finder by author", async () => {
    server.once("GET", "/rest/posts", {
      json: { paging: { start: 0, count: 10, links: [] }, elements: [el("urn:li:share:9", "other", hoursAgo(1)), el("urn:li:share:8", toLittleText(text), hoursAgo(2))] },
    });
    const r = await adapter(clock).reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({
      state: "found",
      result: { platformPostId: "urn:li:share:8", url: "https://www.linkedin.com/feed/update/urn:li:share:8/", simulated: false },
    });
    const q = server.requests[0];
    expect(q.query.get("q")).toBe("author");
    expect(q.query.get("author")).toBe(AUTHOR);
    expect(q.query.get("count")).toBe("10");
    expect(q.headers["x-restli-method"]).toBe("FINDER");
    expect(q.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests.filter((r2) => r2.method === "POST")).toHaveLength(0);
  });

  it("says absent when the recent posts hold no match", async () => {
    server.once("GET", "/rest/posts", { json: { elements: [el("urn:li:share:9", "other", hoursAgo(1)), el("urn:li:share:7", toLittleText(text), hoursAgo(40))] } });
    const r = await adapter(clock).reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "absent" });
  });

  it("cannot tell when a full page lies within the day", async () => {
    server.once("GET", "/rest/posts", { json: { elements: Array.from({ length: 10 }, (_, i) => el(`urn:li:share:${i}`, `post ${i}`, hoursAgo(i))) } });
    const r = await adapter(clock).reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r.state).toBe("unknown");
  });

  it("cannot tell when the app may not read posts (403, no r_member_social)", async () => {
    server.once("GET", "/rest/posts", {
      status: 403,
      json: { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20260701" },
    });
    const r = await adapter(clock).reconcile({ account: account(), idempotencyKey: "k", content: { text }, signal: AbortSignal.timeout(5000) });
    expect(r).toMatchObject({ state: "unknown", reason: expect.stringMatching(/r_member_social/) });
  });
});

describe("LinkedIn metrics", () => {
  it("reads likes and comments from socialActions", async () => {
    server.once("GET", /^\/rest\/socialActions\/[^/]+$/, {
      json: {
        commentsSummary: { selectedComments: [], totalFirstLevelComments: 3, commentsState: "OPEN", aggregatedTotalComments: 5 },
        target: "urn:li:share:7001",
        likesSummary: { selectedLikes: [], likedByCurrentUser: false, totalLikes: 42 },
        $URN: "urn:li:socialActions:urn:li:share:7001",
      },
    });
    const m = await adapter().metrics({ account: account(), platformPostId: "urn:li:share:7001", signal: AbortSignal.timeout(5000) });
    expect(m).toEqual({ likes: 42, reposts: 0, replies: 5, impressions: null, simulated: false });
    expect(server.requests[0].path).toBe("/rest/socialActions/urn%3Ali%3Ashare%3A7001");
    expect(server.requests[0].headers["linkedin-version"]).toBe(LINKEDIN_API_VERSION);
  });

  it("maps a deleted post to a permanent not_found", async () => {
    server.once("GET", /^\/rest\/socialActions\/[^/]+$/, { status: 404, json: { status: 404, message: "Not Found" } });
    const e = await failure(adapter().metrics({ account: account(), platformPostId: "urn:li:share:1", signal: AbortSignal.timeout(5000) }));
    expect(e).toMatchObject({ failureClass: "permanent", code: "not_found", httpStatus: 404 });
  });
});

describe("LinkedIn refresh", () => {
  const refreshable = { ...creds, refreshToken: "old-refresh", clientId: "client-1", clientSecret: "secret-1" };

  it("exchanges the refresh token and keeps the new one", async () => {
    server.once("POST", "/auth/oauth/v2/accessToken", {
      json: { access_token: "new-access", expires_in: 5183944, refresh_token: "new-refresh", refresh_token_expires_in: 31535999 },
    });
    const at = new Date("2026-11-22T10:00:00Z");
    const r = await adapter(() => at).refresh({ account: account(refreshable), signal: AbortSignal.timeout(5000) });
    // The new token's lifetime dates the next refresh (lib/tasks/refresh-token.ts).
    expect(r).toEqual({ accessToken: "new-access", refreshToken: "new-refresh", expiresAt: new Date(at.getTime() + 5183944 * 1000).toISOString() });
    expect(server.requests[0].body).toEqual({
      grant_type: "refresh_token",
      refresh_token: "old-refresh",
      client_id: "client-1",
      client_secret: "secret-1",
    });
  });

  it("keeps the stored refresh token when LinkedIn sends none", async () => {
    server.once("POST", "/auth/oauth/v2/accessToken", { json: { access_token: "new-access", expires_in: 5183944 } });
    const r = await adapter().refresh({ account: account(refreshable), signal: AbortSignal.timeout(5000) });
    expect(r).toMatchObject({ accessToken: "new-access", refreshToken: "old-refresh" });
  });

  it("maps invalid_grant to auth", async () => {
    server.once("POST", "/auth/oauth/v2/accessToken", { status: 400, json: { error: "invalid_grant", error_description: "Token has been expired or revoked." } });
    const e = await failure(adapter().refresh({ account: account(refreshable), signal: AbortSignal.timeout(5000) }));
    expect(e).toMatchObject({ failureClass: "auth", code: "refresh_token_invalid" });
  });

  it("returns null without a refresh token and client credentials", async () => {
    expect(await adapter().refresh({ account: account(), signal: AbortSignal.timeout(5000) })).toBeNull();
    expect(server.requests).toHaveLength(0);
  });
});
