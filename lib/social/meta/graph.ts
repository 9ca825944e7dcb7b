// Meta Graph API plumbing shared by the Facebook Page and Instagram adapters: the API version,
// a small request helper (the access token travels as the documented `access_token` parameter and
// is scrubbed from every message), the Graph error classification, and the "recent posts" scan
// that reconcile uses.
//
// Sources (checked November 2026):
// - Versions: developers.facebook.com/docs/graph-api/changelog (v26.0 released 29 July 2026).
// - Error body and codes: developers.facebook.com/docs/graph-api/guides/error-handling
//   (1/2 temporary, 4/17/341 throttling, 10 and 200-299 permissions, 102/190 tokens with
//   subcodes 458/459/460/463/464/467, 368 temporarily blocked, 506 duplicate post).
// - Throttling: developers.facebook.com/docs/graph-api/overview/rate-limiting (codes 4, 17, 32,
//   613, business-use-case codes 80001-80014; headers X-App-Usage, X-Page-Usage and
//   X-Business-Use-Case-Usage with estimated_time_to_regain_access in minutes).
// - Instagram codes: developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
//   (-1/-2 temporary, 4/2207051 restricted as spam, 9/2207042 publishing limit, is_transient).
import net from "node:net";
import { isGlobalUnicast } from "../../net/guarded-fetch";
import { classifyNetworkError, describeBody, requestJson } from "../http";
import { PlatformError } from "../types";

export const GRAPH_API_VERSION = "v26.0";
export const GRAPH_BASE_URL = "https://graph.facebook.com";

/** Throttling codes: app (4), user (17), Page (32), custom (613). */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([4, 17, 32, 613]);
/** Business-use-case rate limits (Pages, Instagram, Marketing API). */
export const BUC_RATE_LIMIT_CODES = { min: 80001, max: 80014 } as const;
/** Access token problems: 190 (invalid/expired), 102 (API session). */
export const AUTH_CODES: ReadonlySet<number> = new Set([102, 190]);
/** OAuthException subcodes that mean the person must log in again (app removed, password changed, expired, …). */
export const AUTH_SUBCODES: ReadonlySet<number> = new Set([458, 459, 460, 463, 464, 467]);
export const DUPLICATE_POST_CODE = 506;
/** Instagram: the account reached its content publishing limit (code 9, subcode 2207042). */
export const IG_PUBLISH_LIMIT = { code: 9, subcode: 2207042 } as const;
/** Instagram: "we restrict certain activity" (treated as spam); retrying the same post will not help. */
export const IG_RESTRICTED_SUBCODE = 2207051;
/** Instagram: the container is not ready for publishing yet (nothing was published). */
export const IG_NOT_READY_CODE = 9007;

const USAGE_HEADERS = ["x-business-use-case-usage", "x-page-usage", "x-app-usage"] as const;

export interface GraphErrorBody {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

/** Replaces every occurrence of the secret (Meta echoes malformed tokens in some messages). */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join("[redacted]");
}

function largestRegainMinutes(value: unknown): number | undefined {
  let best: number | undefined;
  const visit = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v && typeof v === "object") {
      for (const [k, inner] of Object.entries(v)) {
        if (k === "estimated_time_to_regain_access") {
          const n = Number(inner);
          if (Number.isFinite(n) && n > 0 && (best === undefined || n > best)) best = n;
        } else {
          visit(inner);
        }
      }
    }
  };
  visit(value);
  return best;
}

/**
 * When a throttled app, Page or business may call again, from Meta's usage headers
 * (`estimated_time_to_regain_access`, minutes). Undefined when no header says so: the scheduler's
 * backoff then applies.
 */
export function usageRetryAt(headers: Headers, now: Date): Date | undefined {
  let minutes: number | undefined;
  for (const name of USAGE_HEADERS) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const m = largestRegainMinutes(JSON.parse(raw));
      if (m !== undefined && (minutes === undefined || m > minutes)) minutes = m;
    } catch {
      /* a malformed header says nothing */
    }
  }
  return minutes === undefined ? undefined : new Date(now.getTime() + minutes * 60_000);
}

function graphError(body: unknown): GraphErrorBody | undefined {
  if (!body || typeof body !== "object") return undefined;
  const e = (body as { error?: unknown }).error;
  return e && typeof e === "object" ? (e as GraphErrorBody) : undefined;
}

/**
 * Maps a Graph error response to the scheduler's failure classes. Meta answers most errors with
 * HTTP 400, so the body's `code` decides first; the HTTP status only breaks ties.
 */
export function classifyGraphError(
  label: string,
  status: number,
  headers: Headers,
  body: unknown,
  now: Date,
  secret?: string,
): PlatformError {
  const e = graphError(body);
  const code = typeof e?.code === "number" ? e.code : undefined;
  const sub = typeof e?.error_subcode === "number" ? e.error_subcode : undefined;
  const what = e?.error_user_msg || e?.message || describeBody(body) || `HTTP ${status}`;
  const ref = code !== undefined ? ` (code ${code}${sub !== undefined ? `/${sub}` : ""})` : ` (HTTP ${status})`;
  const trace = e?.fbtrace_id ? ` [fbtrace_id ${e.fbtrace_id}]` : "";
  const text = (s: string) => redactSecret(`${s}${trace}`, secret);
  const opts = { httpStatus: status };

  if (code === IG_PUBLISH_LIMIT.code && sub === IG_PUBLISH_LIMIT.subcode) {
    return new PlatformError("rate_limited", "publishing_limit", text(`${label} publishing limit reached${ref}: ${what}`), {
      ...opts,
      retryAt: usageRetryAt(headers, now),
    });
  }
  if (code === 4 && sub === IG_RESTRICTED_SUBCODE) {
    return new PlatformError("permanent", "restricted_activity", text(`${label} restricted this post as suspected spam${ref}: ${what}`), opts);
  }
  if (
    (code !== undefined && RATE_LIMIT_CODES.has(code)) ||
    (code !== undefined && code >= BUC_RATE_LIMIT_CODES.min && code <= BUC_RATE_LIMIT_CODES.max) ||
    code === 341 ||
    status === 429
  ) {
    return new PlatformError("rate_limited", "rate_limited", text(`${label} rate limit reached${ref}: ${what}`), {
      ...opts,
      retryAt: usageRetryAt(headers, now),
    });
  }
  if (code === 368) {
    return new PlatformError("rate_limited", "temporarily_blocked", text(`${label} temporarily blocked posting${ref}: ${what}`), opts);
  }
  if ((code !== undefined && AUTH_CODES.has(code)) || (sub !== undefined && AUTH_SUBCODES.has(sub)) || status === 401) {
    return new PlatformError("auth", "auth_invalid", text(`${label} rejected the access token${ref}: ${what} Reconnect the account.`), opts);
  }
  if (code === DUPLICATE_POST_CODE) {
    return new PlatformError("permanent", "duplicate", text(`${label} rejected the post as a duplicate of a recent one${ref}: ${what}`), opts);
  }
  if (code === IG_NOT_READY_CODE) {
    return new PlatformError("transient", "media_not_ready", text(`${label} has not finished processing the media${ref}: ${what}`), opts);
  }
  if (code === 1 || code === 2 || code === -1 || code === -2 || e?.is_transient === true || status === 408 || status >= 500) {
    return new PlatformError("transient", "server_error", text(`${label} had a temporary error${ref}: ${what}`), opts);
  }
  if (code === 10 || (code !== undefined && code >= 200 && code <= 299)) {
    return new PlatformError("permanent", "permission_denied", text(`${label} refused the request for lack of permission${ref}: ${what}`), opts);
  }
  if (code === 100) {
    return new PlatformError("permanent", "invalid_parameter", text(`${label} rejected the request${ref}: ${what}`), opts);
  }
  return new PlatformError("permanent", "rejected", text(`${label} rejected the request${ref}: ${what}`), opts);
}

/** A PlatformError with the secret scrubbed from its message (cause dropped: it may hold the URL). */
function scrub(err: PlatformError, secret: string): PlatformError {
  const message = redactSecret(err.message, secret);
  if (message === err.message) return err;
  return new PlatformError(err.failureClass, err.code, message, { httpStatus: err.httpStatus, retryAt: err.retryAt });
}

export type GraphParams = Record<string, string | number | boolean | undefined>;

export interface GraphClient {
  get<T>(path: string, params: GraphParams, signal: AbortSignal): Promise<T>;
  /** JSON body (or a urlencoded form, see `encoding`); `access_token` is added to it. */
  post<T>(path: string, body: Record<string, unknown>, signal: AbortSignal): Promise<T>;
  /** multipart/form-data (file uploads via `source`); `access_token` is added as a field. */
  postForm<T>(path: string, form: FormData, signal: AbortSignal): Promise<T>;
}

export interface GraphClientOptions {
  label: string;
  baseUrl?: string;
  token: string;
  now: () => Date;
  /** The version path segment after baseUrl; null when baseUrl carries its own (the Threads host). */
  version?: string | null;
  /** How post() sends its parameters: JSON (default) or a urlencoded form (Threads documents forms). */
  encoding?: "json" | "form";
  /** The network's own error codes, before the Graph's (WhatsApp's 13xxxx); undefined leaves them to classifyGraphError. */
  refine?: (code: number | undefined, e: GraphErrorBody | undefined, status: number) => PlatformError | undefined;
}

export function createGraphClient(opts: GraphClientOptions): GraphClient {
  const version = opts.version === undefined ? GRAPH_API_VERSION : opts.version;
  const base = `${(opts.baseUrl ?? GRAPH_BASE_URL).replace(/\/+$/, "")}${version ? `/${version}` : ""}`;
  const url = (path: string) => `${base}/${path.replace(/^\/+/, "")}`;
  const classify = (status: number, headers: Headers, body: unknown) => {
    const e = graphError(body);
    const refined = opts.refine?.(typeof e?.code === "number" ? e.code : undefined, e, status);
    return refined ? scrub(refined, opts.token) : classifyGraphError(opts.label, status, headers, body, opts.now(), opts.token);
  };

  async function call<T>(u: string, init: RequestInit & { signal: AbortSignal }): Promise<T> {
    try {
      const res = await requestJson<T>(opts.label, u, init, classify);
      return res.body;
    } catch (err) {
      const pe = classifyNetworkError(opts.label, err);
      throw scrub(pe, opts.token);
    }
  }

  return {
    get(path, params, signal) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
      q.set("access_token", opts.token);
      return call(`${url(path)}?${q}`, { method: "GET", signal });
    },
    post(path, body, signal) {
      const payload: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(body)) if (v !== undefined) payload[k] = v;
      payload.access_token = opts.token;
      if (opts.encoding === "form") {
        const form = new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, String(v)]));
        return call(url(path), { method: "POST", body: form, signal });
      }
      return call(url(path), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
        signal,
      });
    },
    postForm(path, form, signal) {
      form.set("access_token", opts.token);
      return call(url(path), { method: "POST", body: form, signal });
    },
  };
}

/** Meta timestamps look like 2026-11-22T09:00:00+0000; make the offset ISO so Date parses it everywhere. */
export function parseGraphTime(s: unknown): Date | undefined {
  if (typeof s !== "string") return undefined;
  const t = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(t) ? undefined : new Date(t);
}

/** Post text as Meta stores it may differ in line endings and outer whitespace only. */
export function sameText(a: unknown, b: string): boolean {
  if (typeof a !== "string") return false;
  const norm = (s: string) => s.replace(/\r\n?/g, "\n").trim();
  return norm(a) === norm(b);
}


interface Page<T> {
  data?: T[];
  paging?: { cursors?: { after?: string }; next?: string };
}

export type RecentScan<T> = { state: "found"; item: T } | { state: "absent" } | { state: "unknown"; reason: string };

/**
 * Walks a newest-first edge (a Page feed, an Instagram media list) back to `since`, looking for
 * an item that matches. "absent" only when the scan provably covered the whole window: the edge
 * ran out, or it reached an item older than `since`.
 */
export async function scanRecent<T>(
  client: GraphClient,
  path: string,
  params: GraphParams,
  opts: { since: Date; time: (item: T) => Date | undefined; match: (item: T) => boolean; maxPages: number; signal: AbortSignal },
): Promise<RecentScan<T>> {
  let after: string | undefined;
  for (let page = 0; page < opts.maxPages; page++) {
    const res = await client.get<Page<T>>(path, { ...params, after }, opts.signal);
    const items = Array.isArray(res?.data) ? res.data : [];
    for (const item of items) {
      const t = opts.time(item);
      if (t && t < opts.since) continue;
      if (opts.match(item)) return { state: "found", item };
    }
    // Newest first: once the page's tail is older than the window, the window is covered. (A
    // pinned older post at the head must not end the scan early, hence the tail.)
    const tail = items.length ? opts.time(items[items.length - 1]) : undefined;
    after = res?.paging?.cursors?.after;
    if ((tail && tail < opts.since) || items.length === 0 || !res?.paging?.next || !after) return { state: "absent" };
  }
  return { state: "unknown", reason: `more than ${opts.maxPages} pages of recent posts; the post could not be ruled out` };
}

/**
 * Can Meta's servers fetch this URL? Only http(s) on a public host: loopback, private, link-local
 * and `.local`/`.internal`/`localhost` names are not reachable from Meta (DNS is not consulted).
 */
export function isPublicMediaUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return false;
  const host = u.hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (!host || host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
    return false;
  }
  // IP literals: the same rule as Herald's own requests (only global unicast; the URL parser has
  // already turned 2130706433 or ::ffff:127.0.0.1 into their canonical forms).
  if (net.isIP(host)) return isGlobalUnicast(host);
  return host.includes(".");
}
