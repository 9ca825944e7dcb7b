// The Bluesky adapter, driving the real @atproto/api SDK against a local server that answers the
// XRPC methods like a PDS does (lexicons com.atproto.server.*, com.atproto.repo.*,
// com.atproto.identity.resolveHandle, app.bsky.feed.getPosts; error bodies {"error","message"};
// 429 RateLimitExceeded with ratelimit-* headers). The fixture keeps a tiny repository so
// createRecord with an existing rkey fails as the reference PDS does (500 Internal Server Error).
// A real PDS runs in test/pds/ (see test/pds/README.md).
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { isValidTid } from "@atproto/syntax";
import { XRPCError } from "@atproto/api";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBlueskyAdapter, permalink, postUri } from "../../lib/social/bluesky/adapter";
import { classifyBluesky } from "../../lib/social/bluesky/errors";
import { detectFacetsOffline, dropUnresolved } from "../../lib/social/bluesky/richtext";
import { decodeTid, encodeTid, firstCommentKey, rkeyFor, threadPartKey, TID_PATTERN } from "../../lib/social/bluesky/rkey";
import { cachedBlueskySessionCount, clearBlueskySessions, jwtExpiresAt } from "../../lib/social/bluesky/session";
import { PlatformError, type AccountContext, type PublishInput } from "../../lib/social/types";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";
import { failure } from "../support/assertions";

const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const HANDLE = "herald.test";
const APP_PASSWORD = "abcd-efgh-ijkl-mnop";
const ALICE_DID = "did:plc:z72i7hdynmk6r22z27h6tvur";

let server: FixtureServer;
let png: string;
let bigJpegUrl: string;
/** A server for a link card's image (the PDS fixture answers text only). */
let images: http.Server;
let imagesUrl: string;
let bigPng: Buffer;

// ---- a tiny PDS ------------------------------------------------------------------------------

/** A CIDv1 (base32, prefix "b") over sha-256 of `data`; codec 0x71 dag-cbor or 0x55 raw. */
function cidOf(data: Buffer | string, codec = 0x71): string {
  const digest = createHash("sha256").update(data).digest();
  const bytes = Buffer.concat([Buffer.from([0x01, codec, 0x12, 0x20]), digest]);
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return `b${out}`;
}

let clock = new Date("2026-05-01T10:00:00Z");
let accessTtlS = 7200;
/** Answer createRecord this late (the record is stored first: it "landed" but the answer did not). */
let createDelayMs = 0;
let tokenSeq = 0;
const validAccess = new Set<string>();
const validRefresh = new Set<string>();
const repo = new Map<string, { uri: string; cid: string; value: Record<string, unknown> }>();
const counts = new Map<string, { likeCount: number; repostCount: number; replyCount: number; quoteCount: number }>();

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "ES256K", typ: "at+jwt" })}.${enc({ ...claims, n: tokenSeq++ })}.c2ln`;
}

function issueTokens() {
  const now = Math.floor(clock.getTime() / 1000);
  const accessJwt = jwt({ scope: "com.atproto.appPass", sub: DID, iat: now, exp: now + accessTtlS });
  const refreshJwt = jwt({ scope: "com.atproto.refresh", sub: DID, iat: now, exp: now + 90 * 86400 });
  validAccess.add(accessJwt);
  validRefresh.add(refreshJwt);
  return { accessJwt, refreshJwt, handle: HANDLE, did: DID, active: true };
}

const bearer = (req: RecordedRequest) => String(req.headers.authorization ?? "").replace(/^Bearer /, "");
const unauthorized = (req: RecordedRequest) =>
  validAccess.has(bearer(req)) ? null : { status: 400, json: { error: "ExpiredToken", message: "Token has expired" } };

function installPds(s: FixtureServer) {
  s.on("POST", "/xrpc/com.atproto.server.createSession", (req) => {
    const body = req.body as { identifier: string; password: string };
    if (body.password !== APP_PASSWORD || (body.identifier !== HANDLE && body.identifier !== DID)) {
      return { status: 401, json: { error: "AuthenticationRequired", message: "Invalid identifier or password" } };
    }
    return { json: issueTokens() };
  });
  s.on("POST", "/xrpc/com.atproto.server.refreshSession", (req) => {
    if (!validRefresh.delete(bearer(req))) return { status: 400, json: { error: "ExpiredToken", message: "Token has expired" } };
    return { json: issueTokens() };
  });
  s.on("GET", "/xrpc/com.atproto.server.getSession", (req) =>
    unauthorized(req) ?? { json: { handle: HANDLE, did: DID, active: true, emailConfirmed: true } },
  );
  s.on("GET", "/xrpc/com.atproto.identity.resolveHandle", (req) =>
    req.query.get("handle") === "alice.test"
      ? { json: { did: ALICE_DID } }
      : { status: 400, json: { error: "InvalidRequest", message: "Unable to resolve handle" } },
  );
  s.on("POST", "/xrpc/com.atproto.repo.uploadBlob", (req) => {
    const denied = unauthorized(req);
    if (denied) return denied;
    return {
      json: {
        blob: { $type: "blob", ref: { $link: cidOf(req.raw, 0x55) }, mimeType: req.headers["content-type"], size: req.raw.length },
      },
    };
  });
  s.on("POST", "/xrpc/com.atproto.repo.createRecord", (req) => {
    const denied = unauthorized(req);
    if (denied) return denied;
    const body = req.body as { repo: string; collection: string; rkey: string; record: Record<string, unknown> };
    if (repo.has(body.rkey)) return { status: 500, json: { error: "InternalServerError", message: "Internal Server Error" } };
    const uri = `at://${body.repo}/${body.collection}/${body.rkey}`;
    const cid = cidOf(JSON.stringify(body.record));
    repo.set(body.rkey, { uri, cid, value: body.record });
    return { json: { uri, cid, validationStatus: "valid" }, delayMs: createDelayMs };
  });
  s.on("GET", "/xrpc/com.atproto.repo.getRecord", (req) => {
    const rec = repo.get(req.query.get("rkey") ?? "");
    if (!rec) {
      return {
        status: 400,
        json: { error: "RecordNotFound", message: `Could not locate record: at://${req.query.get("repo")}/app.bsky.feed.post/${req.query.get("rkey")}` },
      };
    }
    return { json: rec };
  });
  s.on("GET", "/xrpc/app.bsky.feed.getPosts", (req) => {
    const denied = unauthorized(req);
    if (denied) return denied;
    const posts = req.query.getAll("uris").flatMap((uri) => {
      const rec = [...repo.values()].find((r) => r.uri === uri);
      if (!rec) return [];
      return [
        {
          uri,
          cid: rec.cid,
          author: { did: DID, handle: HANDLE },
          record: rec.value,
          indexedAt: clock.toISOString(),
          ...(counts.get(uri) ?? { likeCount: 0, repostCount: 0, replyCount: 0, quoteCount: 0 }),
        },
      ];
    });
    return { json: { posts } };
  });
}

// ---- helpers -----------------------------------------------------------------------------------

function account(credentials: Record<string, string> | null = { service: server.url, identifier: HANDLE, appPassword: APP_PASSWORD }): AccountContext {
  return { id: "acct_bsky", workspaceId: "ws_1", platform: "bluesky", handle: HANDLE, credentials, simulation: null };
}

const post = (over: Partial<PublishInput> = {}): PublishInput => ({
  account: account(),
  content: { text: "Hello from Herald" },
  idempotencyKey: "task_abc",
  attempt: 1,
  signal: AbortSignal.timeout(5000),
  ...over,
});

const adapter = () => createBlueskyAdapter({ now: () => clock });

const calls = (nsid: string) => server.requests.filter((r) => r.path === `/xrpc/${nsid}`);
const creates = () => calls("com.atproto.repo.createRecord");
/** The JSON a createRecord carried (shape of app.bsky.feed.post as sent over the wire). */
interface SentRecord {
  $type: string;
  text: string;
  createdAt: string;
  facets?: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri?: string; did?: string; tag?: string }[] }[];
  reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } };
  embed?: {
    $type: string;
    external?: { uri: string; title: string; description: string; thumb?: { $type: string; ref: { $link: string }; mimeType: string; size: number } };
    images?: { alt: string; aspectRatio: { width: number; height: number }; image: unknown }[];
  };
}
const createBody = (i = 0) => creates()[i].body as { repo: string; collection: string; rkey: string; record: SentRecord };

beforeAll(async () => {
  server = await startFixtureServer();
  installPds(server);
  const small = await sharp({ create: { width: 60, height: 30, channels: 3, background: "#3366ff" } }).png().toBuffer();
  png = `data:image/png;base64,${small.toString("base64")}`;
  // Noise does not compress: a 1000×750 PNG of it is over 2 MB, far over Bluesky's 1,000,000 bytes.
  const noise = Buffer.alloc(1000 * 750 * 3);
  let x = 2463534242;
  for (let i = 0; i < noise.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise[i] = x & 255;
  }
  const big = await sharp(noise, { raw: { width: 1000, height: 750, channels: 3 } }).png().toBuffer();
  expect(big.length).toBeGreaterThan(1_000_000);
  bigJpegUrl = `data:image/png;base64,${big.toString("base64")}`;
  bigPng = big;
  images = http.createServer((req, res) => {
    if (req.url === "/card.png") res.writeHead(200, { "content-type": "image/png", "content-length": bigPng.length }).end(bigPng);
    else res.writeHead(404, { "content-type": "text/plain" }).end("no");
  });
  await new Promise<void>((resolve) => images.listen(0, "127.0.0.1", resolve));
  imagesUrl = `http://127.0.0.1:${(images.address() as net.AddressInfo).port}`;
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => images.close(resolve));
});

beforeEach(() => {
  server.reset();
  clearBlueskySessions();
  repo.clear();
  counts.clear();
  validAccess.clear();
  validRefresh.clear();
  clock = new Date("2026-05-01T10:00:00Z");
  accessTtlS = 7200;
  createDelayMs = 0;
});

// ---- pure parts --------------------------------------------------------------------------------

describe("Bluesky record keys (deterministic TIDs)", () => {
  it("derives the same valid TID for the same key, and a different one per key", () => {
    const a = rkeyFor("task_abc");
    expect(rkeyFor("task_abc")).toBe(a);
    expect(a).toMatch(TID_PATTERN);
    expect(isValidTid(a)).toBe(true); // @atproto/syntax, the validator the PDS uses
    const keys = Array.from({ length: 5000 }, (_, i) => `task_${i}`);
    const tids = new Set(keys.map(rkeyFor));
    expect(tids.size).toBe(keys.length);
    for (const t of tids) expect(isValidTid(t)).toBe(true);
    expect(new Set([a, rkeyFor(threadPartKey("task_abc", 1)), rkeyFor(threadPartKey("task_abc", 2)), rkeyFor(firstCommentKey("task_abc"))]).size).toBe(4);
  });

  it("never changes: pinned values of derivation v1", () => {
    // If this fails, the derivation changed and every in-doubt task of the old one would post twice.
    expect(rkeyFor("task_abc")).toBe(PINNED_TASK_ABC);
    expect(rkeyFor("")).toBe(PINNED_EMPTY);
  });

  it("keeps the timestamp in a fixed past window (2023-01-01 + 2^46 µs) so no key lies in the future", () => {
    const lo = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
    for (let i = 0; i < 500; i++) {
      const { timestampUs, clockId } = decodeTid(rkeyFor(`k${i}`));
      expect(timestampUs >= lo && timestampUs < lo + 2n ** 46n).toBe(true);
      expect(clockId).toBeGreaterThanOrEqual(0);
      expect(clockId).toBeLessThan(1024);
    }
    expect(encodeTid(0n)).toBe("2222222222222");
  });
});

describe("Bluesky facets (UTF-8 byte offsets)", () => {
  const slice = (text: string, f: { index: { byteStart: number; byteEnd: number } }) =>
    Buffer.from(text, "utf8").subarray(f.index.byteStart, f.index.byteEnd).toString("utf8");

  it("places link, hashtag and mention facets by bytes after emoji, combining marks and CJK", () => {
    const text = "Cafe\u0301 👩‍👩‍👧‍👦 日本語 see https://example.com/päth?q=1, #Herald and @alice.test!";
    const { facets } = detectFacetsOffline(text);
    expect(facets).toHaveLength(3);
    const byType = Object.fromEntries(facets!.map((f) => [f.features[0].$type, f]));
    const link = byType["app.bsky.richtext.facet#link"];
    const tag = byType["app.bsky.richtext.facet#tag"];
    const mention = byType["app.bsky.richtext.facet#mention"];
    expect(slice(text, link)).toBe("https://example.com/päth?q=1");
    expect(link.features[0]).toMatchObject({ uri: "https://example.com/päth?q=1" });
    // The UTF-16 index would be far off: 👩‍👩‍👧‍👦 is 11 UTF-16 units but 25 bytes.
    expect(link.index.byteStart).toBe(Buffer.byteLength(text.slice(0, text.indexOf("https"))));
    expect(link.index.byteStart).not.toBe(text.indexOf("https"));
    expect(slice(text, tag)).toBe("#Herald");
    expect(tag.features[0]).toMatchObject({ tag: "Herald" });
    expect(slice(text, mention)).toBe("@alice.test");
  });

  it("drops a mention whose handle did not resolve (RichText leaves did: '') and keeps the rest", () => {
    const facets = dropUnresolved([
      { index: { byteStart: 0, byteEnd: 6 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: "" }] },
      { index: { byteStart: 7, byteEnd: 13 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: ALICE_DID }] },
      { index: { byteStart: 14, byteEnd: 18 }, features: [{ $type: "app.bsky.richtext.facet#tag", tag: "x" }] },
    ]);
    expect(facets?.map((f) => f.index.byteStart)).toEqual([7, 14]);
    expect(dropUnresolved([{ index: { byteStart: 0, byteEnd: 1 }, features: [{ $type: "app.bsky.richtext.facet#mention", did: "" }] }])).toBeUndefined();
  });
});

describe("Bluesky error classification", () => {
  const xrpc = (status: number, error: string, message: string, headers: Record<string, string> = {}) =>
    new XRPCError(status, error, message, headers);

  it("maps token and login errors to auth", () => {
    expect(classifyBluesky(xrpc(400, "ExpiredToken", "Token has expired"))).toMatchObject({ failureClass: "auth", code: "token_expired" });
    expect(classifyBluesky(xrpc(400, "InvalidToken", "Token could not be verified"))).toMatchObject({ failureClass: "auth", code: "token_invalid" });
    expect(classifyBluesky(xrpc(401, "AuthenticationRequired", "Invalid identifier or password"))).toMatchObject({
      failureClass: "auth",
      code: "auth_invalid",
      httpStatus: 401,
    });
    expect(classifyBluesky(xrpc(400, "AccountTakedown", "Account has been taken down"))).toMatchObject({ failureClass: "auth", code: "account_unavailable" });
  });

  it("maps RateLimitExceeded to rate_limited with the ratelimit-reset epoch as retryAt", () => {
    const e = classifyBluesky(
      xrpc(429, "RateLimitExceeded", "Rate Limit Exceeded", {
        "ratelimit-limit": "5000",
        "ratelimit-remaining": "0",
        "ratelimit-reset": "1777633200",
        "ratelimit-policy": "5000;w=3600",
      }),
    );
    expect(e).toMatchObject({ failureClass: "rate_limited", code: "rate_limited", httpStatus: 429 });
    expect(e.retryAt?.toISOString()).toBe(new Date(1777633200 * 1000).toISOString());
  });

  it("maps InvalidRequest to permanent with the PDS's reason, 5xx to transient, 413 to too_large", () => {
    const bad = classifyBluesky(xrpc(400, "InvalidRequest", "Invalid app.bsky.feed.post record: Record/text must not be longer than 3000 graphemes"));
    expect(bad).toMatchObject({ failureClass: "permanent", code: "rejected", httpStatus: 400 });
    expect(bad.message).toMatch(/must not be longer than 3000 graphemes/);
    expect(classifyBluesky(xrpc(502, "UpstreamFailure", "Upstream service unreachable"))).toMatchObject({ failureClass: "transient", httpStatus: 502 });
    expect(classifyBluesky(xrpc(500, "InternalServerError", "Internal Server Error"))).toMatchObject({ failureClass: "transient" });
    expect(classifyBluesky(xrpc(413, "PayloadTooLarge", "request entity too large"))).toMatchObject({ failureClass: "permanent", code: "too_large" });
  });

  it("passes a PlatformError through, also when the SDK wrapped an abort reason", () => {
    const reason = new PlatformError("in_doubt", "timeout", "No answer within 100 ms.");
    expect(classifyBluesky(reason)).toBe(reason);
    expect(classifyBluesky(XRPCError.from(reason))).toBe(reason);
  });
});

// ---- against the fixture PDS ------------------------------------------------------------------

describe("Bluesky sessions", () => {
  it("logs in once for several publishes (createSession is limited to 30 per 5 minutes)", async () => {
    const a = adapter();
    for (let i = 0; i < 3; i++) await a.publish(post({ idempotencyKey: `task_${i}`, content: { text: `Post ${i}` } }));
    await createBlueskyAdapter({ now: () => clock }).publish(post({ idempotencyKey: "task_other_adapter" }));
    expect(calls("com.atproto.server.createSession")).toHaveLength(1);
    expect(creates()).toHaveLength(4);
    const tokens = new Set(creates().map((r) => r.headers.authorization));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^Bearer ey/);
    expect(calls("com.atproto.server.createSession")[0].body).toEqual({ identifier: HANDLE, password: APP_PASSWORD });
    expect(cachedBlueskySessionCount()).toBe(1);
  });

  it("refreshes an access token that is about to expire instead of logging in again", async () => {
    accessTtlS = 120;
    const a = adapter();
    await a.publish(post({ idempotencyKey: "t1" }));
    const first = creates()[0].headers.authorization;
    expect(jwtExpiresAt(String(first).slice(7))).toBe(clock.getTime() + 120_000);
    clock = new Date(clock.getTime() + 90_000); // 30 s left: under the one-minute margin
    await a.publish(post({ idempotencyKey: "t2" }));
    expect(calls("com.atproto.server.createSession")).toHaveLength(1);
    expect(calls("com.atproto.server.refreshSession")).toHaveLength(1);
    expect(creates()[1].headers.authorization).not.toBe(first);
    expect(validAccess.has(String(creates()[1].headers.authorization).slice(7))).toBe(true);
  });

  it("logs in again once when the PDS no longer accepts a cached session", async () => {
    const a = adapter();
    await a.publish(post({ idempotencyKey: "t1" }));
    validAccess.clear(); // revoked: the access token is refused (ExpiredToken) and the refresh too
    validRefresh.clear();
    const r = await a.publish(post({ idempotencyKey: "t2", content: { text: "after revocation" } }));
    expect(r.platformPostId).toBe(postUri(DID, rkeyFor("t2")));
    expect(calls("com.atproto.server.createSession")).toHaveLength(2);
    expect(repo.size).toBe(2);
  });

  it("fails with auth on a wrong app password and caches nothing", async () => {
    const e = await failure(adapter().publish(post({ account: account({ service: server.url, identifier: HANDLE, appPassword: "wrong" }) })));
    expect(e).toMatchObject({ failureClass: "auth", code: "auth_invalid", httpStatus: 401 });
    expect(e.message).toMatch(/Invalid identifier or password/);
    expect(creates()).toHaveLength(0);
    expect(cachedBlueskySessionCount()).toBe(0);
  });

  it("rejects malformed credentials before any request", async () => {
    const e = await failure(adapter().publish(post({ account: account({ service: server.url, identifier: HANDLE }) })));
    expect(e).toMatchObject({ failureClass: "auth", code: "credentials_invalid" });
    expect(e.message).toMatch(/appPassword/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("Bluesky publish", () => {
  it("creates the post under the derived rkey with link/hashtag/mention facets and a link card", async () => {
    const text = "Launch day 🚀 https://herald.example/launch #Herald thanks @alice.test and @ghost.test";
    // No card for this page (nothing serves it): the card's title is the URL.
    const r = await createBlueskyAdapter({ now: () => clock, linkPreview: async () => null }).publish(post({ content: { text, link: "https://herald.example/launch" } }));
    const body = createBody();
    expect(body).toMatchObject({ repo: DID, collection: "app.bsky.feed.post", rkey: rkeyFor("task_abc") });
    expect(body.record).toMatchObject({ $type: "app.bsky.feed.post", text, createdAt: clock.toISOString() });
    const feats = body.record.facets!.map((f) => f.features[0]);
    expect(feats).toEqual(
      expect.arrayContaining([
        { $type: "app.bsky.richtext.facet#link", uri: "https://herald.example/launch" },
        { $type: "app.bsky.richtext.facet#tag", tag: "Herald" },
        { $type: "app.bsky.richtext.facet#mention", did: ALICE_DID },
      ]),
    );
    expect(feats).toHaveLength(3); // @ghost.test did not resolve: plain text
    const link = body.record.facets!.find((f) => f.features[0].uri)!;
    expect(Buffer.from(text).subarray(link.index.byteStart, link.index.byteEnd).toString()).toBe("https://herald.example/launch");
    expect(body.record.embed).toEqual({
      $type: "app.bsky.embed.external",
      external: { uri: "https://herald.example/launch", title: "https://herald.example/launch", description: "" },
    });
    expect(r).toEqual({
      platformPostId: `at://${DID}/app.bsky.feed.post/${rkeyFor("task_abc")}`,
      url: `https://bsky.app/profile/${HANDLE}/post/${rkeyFor("task_abc")}`,
      simulated: false,
    });
  });

  it("sends the page's card as the external embed: title, description and a thumb blob under 1,000,000 bytes", async () => {
    server.on("GET", "/blog/rye", () => ({
      headers: { "content-type": "text/html; charset=utf-8" },
      text: `<html><head><title>fallback</title><meta property="og:title" content="Rye &amp; spelt are back"><meta property="og:description" content="Saturday only"><meta property="og:image" content="${imagesUrl}/card.png"></head></html>`,
    }));
    const link = `${server.url}/blog/rye`;
    // Fitting 2 MB of noise under 1,000,000 bytes takes sharp a few seconds on a slow machine.
    await adapter().publish(post({ content: { text: `Rye is back ${link}`, link }, signal: AbortSignal.timeout(30_000) }));
    expect(server.requests.filter((r) => r.path === "/blog/rye")).toHaveLength(1);
    const uploads = calls("com.atproto.repo.uploadBlob");
    expect(uploads).toHaveLength(1);
    expect(bigPng.length).toBeGreaterThan(1_000_000);
    expect(uploads[0].raw.length).toBeLessThanOrEqual(1_000_000);
    expect(uploads[0].headers["content-type"]).toBe("image/jpeg");
    expect(createBody().record.embed).toEqual({
      $type: "app.bsky.embed.external",
      external: {
        uri: link,
        title: "Rye & spelt are back",
        description: "Saturday only",
        thumb: { $type: "blob", ref: { $link: cidOf(uploads[0].raw, 0x55) }, mimeType: "image/jpeg", size: uploads[0].raw.length },
      },
    });
  });

  it("sends the card without a thumb when its image cannot be had, and the bare URL when the preview fails: the post is published either way", async () => {
    server.on("GET", "/blog/no-image", () => ({
      headers: { "content-type": "text/html" },
      text: `<head><meta property="og:title" content="Opening hours"><meta property="og:image" content="${imagesUrl}/gone.png"></head>`,
    }));
    const link = `${server.url}/blog/no-image`;
    const r = await adapter().publish(post({ content: { text: `Hours ${link}`, link } }));
    expect(r.platformPostId).toMatch(/^at:\/\//);
    expect(calls("com.atproto.repo.uploadBlob")).toHaveLength(0);
    expect(createBody().record.embed).toEqual({ $type: "app.bsky.embed.external", external: { uri: link, title: "Opening hours", description: "" } });

    server.reset();
    repo.clear();
    const failing = createBlueskyAdapter({ now: () => clock, linkPreview: () => Promise.reject(new Error("preview service down")) });
    await failing.publish(post({ content: { text: "Launch https://herald.example/launch", link: "https://herald.example/launch" } }));
    expect(createBody().record.embed).toEqual({
      $type: "app.bsky.embed.external",
      external: { uri: "https://herald.example/launch", title: "https://herald.example/launch", description: "" },
    });
  });

  it("uploads images (resized under 1,000,000 bytes) with alt text and aspect ratio, and no link card", async () => {
    await adapter().publish(
      post({
        content: {
          text: "Two pictures",
          link: "https://herald.example",
          media: [
            { url: png, type: "image", altText: "A blue rectangle" },
            { url: bigJpegUrl, type: "image", altText: "Noise" },
          ],
        },
      }),
    );
    const uploads = calls("com.atproto.repo.uploadBlob");
    expect(uploads).toHaveLength(2);
    expect(uploads[0].headers["content-type"]).toBe("image/png");
    expect(uploads[0].headers.authorization).toMatch(/^Bearer /);
    expect((await sharp(uploads[0].raw).metadata()).width).toBe(60);
    expect(uploads[1].raw.length).toBeLessThanOrEqual(1_000_000);
    expect(uploads[1].headers["content-type"]).toBe("image/jpeg");
    const embed = createBody().record.embed!;
    expect(embed.$type).toBe("app.bsky.embed.images");
    const images = embed.images!;
    expect(images).toHaveLength(2);
    expect(images[0]).toMatchObject({
      alt: "A blue rectangle",
      aspectRatio: { width: 60, height: 30 },
      image: { $type: "blob", ref: { $link: cidOf(uploads[0].raw, 0x55) }, mimeType: "image/png", size: uploads[0].raw.length },
    });
    expect(images[1].alt).toBe("Noise");
    expect(images[1].aspectRatio.width / images[1].aspectRatio.height).toBeCloseTo(4 / 3, 2);
  });

  it("posts a thread as a reply chain and the first comment as a reply to the first post", async () => {
    const r = await adapter().publish(post({ content: { text: "1/3 start", thread: ["2/3 middle", "3/3 end"], firstComment: "Link in bio" } }));
    expect(creates()).toHaveLength(4);
    const [root, p2, p3, comment] = [0, 1, 2, 3].map((i) => createBody(i));
    const refOf = (rkey: string) => ({ uri: repo.get(rkey)!.uri, cid: repo.get(rkey)!.cid });
    expect(root.record.reply).toBeUndefined();
    expect(p2.rkey).toBe(rkeyFor(threadPartKey("task_abc", 1)));
    expect(p2.record.reply).toEqual({ root: refOf(root.rkey), parent: refOf(root.rkey) });
    expect(p3.record.reply).toEqual({ root: refOf(root.rkey), parent: refOf(p2.rkey) });
    expect(comment.rkey).toBe(rkeyFor(firstCommentKey("task_abc")));
    expect(comment.record).toMatchObject({ text: "Link in bio", reply: { root: refOf(root.rkey), parent: refOf(root.rkey) } });
    expect(r.threadIds).toEqual([refOf(p2.rkey).uri, refOf(p3.rkey).uri]);
  });

  it("creates nothing new when the same task is published again: same ids, same records, no uploads", async () => {
    const content = { text: "Once only", thread: ["part two"], media: [{ url: png, type: "image" as const, altText: "x" }] };
    const first = await adapter().publish(post({ content }));
    const before = new Map(repo);
    server.reset();
    const again = await adapter().publish(post({ content, attempt: 2 }));
    expect(again).toEqual(first);
    expect(repo).toEqual(before);
    expect(calls("com.atproto.repo.uploadBlob")).toHaveLength(0); // the media post was found first
    // The thread part's createRecord hit the existing key (500) and was adopted after getRecord.
    expect(creates()).toHaveLength(1);
    expect(createBody(0).rkey).toBe(rkeyFor(threadPartKey("task_abc", 1)));
  });

  it("completes a half-published thread on retry without duplicating the part that landed", async () => {
    const content = { text: "root", thread: ["second", "third"] };
    const a = adapter();
    await a.publish(post({ content: { text: "root" } })); // attempt 1 got as far as the root post
    const rootRecord = repo.get(rkeyFor("task_abc"));
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", { status: 500, json: { error: "InternalServerError", message: "Internal Server Error" } });
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", { status: 503, json: { error: "NotEnoughResources", message: "busy" } });
    const e = await failure(a.publish(post({ content, attempt: 2 })));
    expect(e).toMatchObject({ failureClass: "transient", httpStatus: 503 });
    expect(e.message).toMatch(new RegExp(`Thread part 2 of 3 failed after the first post was published \\(https://bsky.app/profile/herald.test/post/${rkeyFor("task_abc")}\\)`));
    expect(repo.size).toBe(1);
    const r = await a.publish(post({ content, attempt: 3 }));
    expect(repo.size).toBe(3);
    expect(repo.get(rkeyFor("task_abc"))).toEqual(rootRecord);
    expect(r.threadIds).toEqual([1, 2].map((i) => postUri(DID, rkeyFor(threadPartKey("task_abc", i)))));
  });

  it("refuses to adopt a different post found under its rkey", async () => {
    repo.set(rkeyFor("task_abc"), { uri: postUri(DID, rkeyFor("task_abc")), cid: cidOf("x"), value: { text: "someone else" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "rkey_collision" });
  });

  it("classifies a 429 with ratelimit-reset and creates nothing", async () => {
    const reset = Math.floor(clock.getTime() / 1000) + 600;
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", {
      status: 429,
      headers: { "ratelimit-limit": "5000", "ratelimit-remaining": "0", "ratelimit-reset": String(reset), "ratelimit-policy": "5000;w=3600" },
      json: { error: "RateLimitExceeded", message: "Rate Limit Exceeded" },
    });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "rate_limited", httpStatus: 429 });
    expect(e.retryAt?.getTime()).toBe(reset * 1000);
    expect(repo.size).toBe(0);
    expect(calls("com.atproto.repo.getRecord")).toHaveLength(0);
  });

  it("returns a validation error as permanent after checking the key is free", async () => {
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", {
      status: 400,
      json: { error: "InvalidRequest", message: "Invalid app.bsky.feed.post record: Record/text must not be longer than 300 graphemes" },
    });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "permanent", code: "rejected", httpStatus: 400 });
    expect(e.message).toMatch(/300 graphemes/);
    expect(calls("com.atproto.repo.getRecord")).toHaveLength(1);
  });

  it("returns a server error as transient when the post is proven not there", async () => {
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", { status: 502, json: { error: "UpstreamFailure", message: "Upstream Failure" } });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "transient", httpStatus: 502 });
    expect(calls("com.atproto.repo.getRecord")).toHaveLength(1);
  });

  it("turns a timeout after sending into in_doubt, and reconcile then finds the post", async () => {
    // Warm the session first so the timeout hits createRecord, not the login.
    await adapter().publish(post({ idempotencyKey: "warm" }));
    createDelayMs = 1500;
    const e = await failure(adapter().publish(post({ signal: AbortSignal.timeout(300) })));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "timeout" });
    expect(adapter().classify(e)).toBe(e);
    createDelayMs = 0;
    // It had landed: reconcile finds it exactly, and publishing again adds nothing.
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "task_abc", content: post().content, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "found", result: expect.objectContaining({ platformPostId: postUri(DID, rkeyFor("task_abc")) }) });
    const size = repo.size;
    expect((await adapter().publish(post({ attempt: 2 }))).platformPostId).toBe(postUri(DID, rkeyFor("task_abc")));
    expect(repo.size).toBe(size);
    // The scheduler's own abort reason is kept as it is.
    const ctl = new AbortController();
    const reason = new PlatformError("in_doubt", "timeout", "No answer from the platform within 300 ms.");
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", { delayMs: 1500, status: 500, json: {} });
    setTimeout(() => ctl.abort(reason), 300);
    expect(await failure(adapter().publish(post({ idempotencyKey: "t_abort", signal: ctl.signal })))).toBe(reason);
  });

  it("turns a connection reset after sending into in_doubt; a refused connection is transient", async () => {
    await adapter().publish(post({ idempotencyKey: "warm" }));
    server.once("POST", "/xrpc/com.atproto.repo.createRecord", { reset: true });
    const e = await failure(adapter().publish(post()));
    expect(e).toMatchObject({ failureClass: "in_doubt", code: "network_error" });
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(
      adapter().publish(post({ account: account({ service: `http://127.0.0.1:${port}`, identifier: HANDLE, appPassword: APP_PASSWORD }) })),
    );
    expect(refused).toMatchObject({ failureClass: "transient", code: "network_unreachable" });
  });

  it("validates: at most 4 images, one video alone, text and first comment limits", () => {
    const a = adapter();
    const img = { url: png, type: "image" as const };
    expect(a.validate({ text: "x", media: [img, img, img, img, img] })[0].message).toMatch(/at most 4/);
    expect(a.validate({ text: "x", media: [img, { url: png, type: "video" }] }).length).toBeGreaterThan(0);
    expect(a.validate({ text: "é".repeat(301) })[0].message).toMatch(/300 characters/);
    expect(a.validate({ text: "ok", firstComment: "y".repeat(301) })[0]).toMatchObject({ field: "firstComment" });
    expect(a.validate({ text: "ok", thread: ["fine"], firstComment: "fine" })).toEqual([]);
  });
});

describe("Bluesky reconcile", () => {
  it("found: the post, its thread parts and first comment exist under the derived keys", async () => {
    const content = { text: "hello", thread: ["more"], firstComment: "first!" };
    const published = await adapter().publish(post({ content }));
    server.reset();
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "task_abc", content, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "found", result: published });
    expect(calls("com.atproto.repo.getRecord").map((q) => q.query.get("rkey"))).toEqual([
      rkeyFor("task_abc"),
      rkeyFor(threadPartKey("task_abc", 1)),
      rkeyFor(firstCommentKey("task_abc")),
    ]);
    expect(calls("com.atproto.repo.getRecord")[0].query.get("repo")).toBe(DID);
  });

  it("absent: RecordNotFound for the derived key", async () => {
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "never", content: { text: "x" }, signal: AbortSignal.timeout(5000) });
    expect(r).toEqual({ state: "absent" });
  });

  it("unknown: the PDS cannot answer, or another post holds the key", async () => {
    server.once("GET", "/xrpc/com.atproto.repo.getRecord", { status: 503, json: { error: "NotEnoughResources", message: "busy" } });
    const r = await adapter().reconcile({ account: account(), idempotencyKey: "k", content: { text: "x" }, signal: AbortSignal.timeout(5000) });
    expect(r.state).toBe("unknown");
    expect(r.state === "unknown" && r.reason).toMatch(/HTTP 503/);
    repo.set(rkeyFor("k2"), { uri: postUri(DID, rkeyFor("k2")), cid: cidOf("y"), value: { text: "other" } });
    const r2 = await adapter().reconcile({ account: account(), idempotencyKey: "k2", content: { text: "x" }, signal: AbortSignal.timeout(5000) });
    expect(r2.state).toBe("unknown");
  });
});

describe("Bluesky metrics", () => {
  it("reads likes, reposts (+ quotes) and replies from app.bsky.feed.getPosts", async () => {
    const { platformPostId } = await adapter().publish(post());
    counts.set(platformPostId, { likeCount: 7, repostCount: 2, replyCount: 3, quoteCount: 1 });
    const m = await adapter().metrics({ account: account(), platformPostId, signal: AbortSignal.timeout(5000) });
    expect(m).toEqual({ likes: 7, reposts: 3, replies: 3, impressions: null, simulated: false });
    expect(calls("app.bsky.feed.getPosts")[0].query.getAll("uris")).toEqual([platformPostId]);
  });

  it("is transient when the AppView is unreachable or has not indexed the post", async () => {
    server.once("GET", "/xrpc/app.bsky.feed.getPosts", { status: 502, json: { error: "UpstreamFailure", message: "Upstream service unreachable" } });
    const uri = postUri(DID, rkeyFor("x"));
    const e = await failure(adapter().metrics({ account: account(), platformPostId: uri, signal: AbortSignal.timeout(5000) }));
    expect(e).toMatchObject({ failureClass: "transient", httpStatus: 502 });
    const e2 = await failure(adapter().metrics({ account: account(), platformPostId: uri, signal: AbortSignal.timeout(5000) }));
    expect(e2).toMatchObject({ failureClass: "transient", code: "not_indexed" });
  });

  it("builds permalinks from the handle, or the DID when the handle is invalid", () => {
    const uri = postUri(DID, "3kabcdefghij2");
    expect(permalink(HANDLE, uri)).toBe("https://bsky.app/profile/herald.test/post/3kabcdefghij2");
    expect(permalink("handle.invalid", uri)).toBe(`https://bsky.app/profile/${DID}/post/3kabcdefghij2`);
  });
});

// Pinned outputs of rkey derivation v1 (computed once; see lib/social/bluesky/rkey.ts).
const PINNED_TASK_ABC = "3jziqjmtbvzlm";
const PINNED_EMPTY = "3kz22w6gbxjw2";
