// Local stand-ins for the networks' notification APIs the inbox reads (docs/decisions.md,
// "Inbox"): a Bluesky PDS answering com.atproto.server.createSession and
// app.bsky.notification.listNotifications (newest first, opaque cursor), and a Mastodon server
// answering GET /api/v1/notifications (newest first; min_id / since_id / max_id by id) and
// GET /api/v1/statuses/:id (404 once its notification is removed, as for a deleted status).
import { startFixtureServer, type FixtureServer } from "./fixture-server";

export const BSKY_DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
export const BSKY_HANDLE = "herald.test";
export const BSKY_PASSWORD = "abcd-efgh-ijkl-mnop";

export interface BskyNotification {
  uri: string;
  cid: string;
  author: { did: string; handle: string; displayName?: string };
  reason: string;
  record: Record<string, unknown>;
  isRead: boolean;
  indexedAt: string;
}

function jwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "ES256K", typ: "at+jwt" })}.${enc(claims)}.c2ln`;
}

/** A PDS with a notification list the test fills (newest first is the server's job). */
export async function startBlueskyInbox(): Promise<FixtureServer & { notifications: BskyNotification[]; records: Map<string, { uri: string; cid: string; value: Record<string, unknown> }> }> {
  const s = await startFixtureServer();
  const notifications: BskyNotification[] = [];
  // The account's repository (com.atproto.repo.createRecord / getRecord), by record key.
  const records = new Map<string, { uri: string; cid: string; value: Record<string, unknown> }>();
  s.on("POST", "/xrpc/com.atproto.repo.createRecord", (req) => {
    const body = req.body as { repo: string; collection: string; rkey: string; record: Record<string, unknown> };
    if (records.has(body.rkey)) return { status: 500, json: { error: "InternalServerError", message: "Internal Server Error" } };
    const rec = { uri: `at://${BSKY_DID}/${body.collection}/${body.rkey}`, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", value: body.record };
    records.set(body.rkey, rec);
    return { json: { uri: rec.uri, cid: rec.cid } };
  });
  s.on("GET", "/xrpc/com.atproto.repo.getRecord", (req) => {
    const rec = records.get(req.query.get("rkey") ?? "");
    return rec ? { json: rec } : { status: 400, json: { error: "RecordNotFound", message: "Could not locate record" } };
  });
  // The posts a reply can answer: the notifications' own posts (app.bsky.feed.getPosts).
  s.on("GET", "/xrpc/app.bsky.feed.getPosts", (req) => {
    const uris = req.query.getAll("uris");
    const posts = notifications
      .filter((n) => uris.includes(n.uri))
      .map((n) => ({ uri: n.uri, cid: n.cid, author: n.author, record: n.record, indexedAt: n.indexedAt }));
    return { json: { posts } };
  });
  s.on("POST", "/xrpc/com.atproto.server.createSession", (req) => {
    const body = req.body as { identifier: string; password: string };
    if (body.password !== BSKY_PASSWORD) return { status: 401, json: { error: "AuthenticationRequired", message: "Invalid identifier or password" } };
    const exp = Math.floor(Date.UTC(2100, 0, 1) / 1000);
    return { json: { accessJwt: jwt({ sub: BSKY_DID, exp }), refreshJwt: jwt({ sub: BSKY_DID, exp, r: 1 }), handle: BSKY_HANDLE, did: BSKY_DID, active: true } };
  });
  s.on("GET", "/xrpc/app.bsky.notification.listNotifications", (req) => {
    const limit = Number(req.query.get("limit") ?? 50);
    const reasons = req.query.getAll("reasons");
    const sorted = [...notifications]
      .filter((n) => !reasons.length || reasons.includes(n.reason))
      .sort((a, b) => b.indexedAt.localeCompare(a.indexedAt));
    const start = Number(req.query.get("cursor") ?? 0);
    const page = sorted.slice(start, start + limit);
    const next = start + limit < sorted.length ? String(start + limit) : undefined;
    return { json: { notifications: page, ...(next && { cursor: next }), seenAt: undefined } };
  });
  return Object.assign(s, { notifications, records });
}

export function bskyReply(n: number, opts: { at: string; parent: string; root?: string; text: string; handle?: string; reason?: string }): BskyNotification {
  const did = `did:plc:fan${String(n).padStart(21, "0")}`;
  return {
    uri: `at://${did}/app.bsky.feed.post/3kfan${String(n).padStart(8, "0")}`,
    cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
    author: { did, handle: opts.handle ?? `fan${n}.bsky.social`, displayName: `Fan ${n}` },
    reason: opts.reason ?? "reply",
    record: {
      $type: "app.bsky.feed.post",
      text: opts.text,
      createdAt: opts.at,
      ...(opts.reason !== "mention" && { reply: { parent: { uri: opts.parent, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm" }, root: { uri: opts.root ?? opts.parent, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm" } } }),
    },
    isRead: false,
    indexedAt: opts.at,
  };
}

export interface MastoNotification {
  id: string;
  type: string;
  created_at: string;
  account: { id: string; acct: string; display_name: string };
  status: { id: string; uri: string; url: string; content: string; created_at: string; in_reply_to_id: string | null } | null;
}

/** A Mastodon server whose notifications the test fills; ids are numeric strings. */
export async function startMastodonInbox(token = "mastodon-token"): Promise<FixtureServer & { notifications: MastoNotification[]; statuses: Map<string, Record<string, unknown>> }> {
  const s = await startFixtureServer();
  const notifications: MastoNotification[] = [];
  // POST /api/v1/statuses, deduplicated by Idempotency-Key as Mastodon does (methods/statuses).
  const statuses = new Map<string, Record<string, unknown>>();
  s.on("GET", "/api/v2/instance", () => ({ json: { configuration: { statuses: { max_characters: 500 } } } }));
  s.on("POST", "/api/v1/statuses", (req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { error: "The access token is invalid" } };
    const key = String(req.headers["idempotency-key"] ?? "");
    const existing = key ? statuses.get(key) : undefined;
    if (existing) return { json: existing };
    const body = req.body as Record<string, unknown>;
    const id = String(120_000_000 + statuses.size + 1);
    const st = { id, uri: `https://example.social/users/bakery/statuses/${id}`, url: `https://example.social/@bakery/${id}`, content: `<p>${String(body.status)}</p>`, in_reply_to_id: body.in_reply_to_id ?? null, created_at: "2031-03-02T12:00:00.000Z" };
    statuses.set(key || id, st);
    return { json: st };
  });
  const num = (x: string | null) => (x === null ? null : BigInt(x));
  s.on("GET", "/api/v1/notifications", (req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { error: "The access token is invalid" } };
    const types = req.query.getAll("types[]");
    const limit = Math.min(Number(req.query.get("limit") ?? 15), 40);
    const minId = num(req.query.get("min_id"));
    const sinceId = num(req.query.get("since_id"));
    const maxId = num(req.query.get("max_id"));
    let rows = notifications
      .filter((n) => !types.length || types.includes(n.type))
      .filter((n) => (maxId === null || BigInt(n.id) < maxId) && (sinceId === null || BigInt(n.id) > sinceId) && (minId === null || BigInt(n.id) > minId))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    // min_id: the page immediately above it (the oldest of the newer ones), still newest first.
    rows = minId !== null ? rows.slice(Math.max(0, rows.length - limit)) : rows.slice(0, limit);
    return { json: rows };
  });
  // GET /api/v1/statuses/:id: a status of a notification still listed, else 404 (deleted).
  s.on("GET", /^\/api\/v1\/statuses\/\d+$/, (req) => {
    if (req.headers.authorization !== `Bearer ${token}`) return { status: 401, json: { error: "The access token is invalid" } };
    const id = req.path.split("/").pop();
    const st = notifications.find((n) => n.status?.id === id)?.status;
    return st ? { json: st } : { status: 404, json: { error: "Record not found" } };
  });
  return Object.assign(s, { notifications, statuses });
}

export function mastoMention(id: number, opts: { at: string; text: string; inReplyTo?: string | null; acct?: string }): MastoNotification {
  return {
    id: String(id),
    type: "mention",
    created_at: opts.at,
    account: { id: String(9000 + id), acct: opts.acct ?? `fan${id}@example.social`, display_name: `Fan ${id}` },
    status: {
      id: String(110_000_000 + id),
      uri: `https://example.social/users/fan${id}/statuses/${110_000_000 + id}`,
      url: `https://example.social/@fan${id}/${110_000_000 + id}`,
      content: `<p>${opts.text}</p>`,
      created_at: opts.at,
      in_reply_to_id: opts.inReplyTo ?? null,
    },
  };
}
