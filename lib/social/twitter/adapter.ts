// X (Twitter): API v2 through the twitter-api-v2 SDK with OAuth 1.0a user context. X has no
// idempotency key, so an in-doubt publish is reconciled by finding the exact text among the
// account's recent posts, and a "duplicate content" refusal on a retry is taken as a sign that an
// earlier attempt landed (reconcile then decides).
import http from "node:http";
import sharp from "sharp";
import twitterText from "twitter-text";
import {
  ApiPartialResponseError,
  ApiRequestError,
  ApiResponseError,
  TwitterApi,
  type ITwitterApiClientPlugin,
  type TweetV2,
  type TwitterApiv2,
} from "twitter-api-v2";
import type { IncomingHttpHeaders } from "node:http";
import { loadMedia, prepareImage } from "../../media/load";
import { classifyNetworkError, classifyStatus } from "../http";
import { validateContent } from "../spec";
import { countText } from "../count";
import { composeText } from "../text";
import {
  PlatformError,
  type AccountContext,
  type MediaRef,
  type Metrics,
  type PlatformAdapter,
  type PublishResult,
  type ReconcileResult,
  type ValidationProblem,
} from "../types";
import { twitterCredentials, type TwitterCredentials } from "./credentials";
import { twitterSpec } from "./spec";
import { windowStart } from "../reconcile";
import { clock } from "../../clock";
import { storedCredentials } from "../stored-credentials";
import { replyTargetOf } from "../reply-target";

/** The real API; `deps.baseUrl` replaces it (an origin, no path) for tests and proxies. */
export const X_API_URL = "https://api.x.com";

/** Every host the SDK addresses; all of them go to `baseUrl` when it is overridden. */
const SDK_ORIGINS = ["https://api.x.com", "https://api.twitter.com", "https://upload.x.com", "https://upload.twitter.com"];

const LABEL = "X";

/** Limits from docs.x.com (media introduction, POST /2/media/metadata, GET /2/users/:id/tweets). */
export const X_LIMITS = {
  imageBytes: 5 * 1024 * 1024,
  gifBytes: 15 * 1024 * 1024,
  /** X takes larger videos, but Herald downloads at most this much (lib/media/load.ts). */
  videoBytes: 512 * 1024 * 1024,
  altTextChars: 1000,
  /** How far back reconcile looks for an in-doubt post. */
  reconcileWindowMs: 24 * 60 * 60 * 1000,
  /** GET /2/users/:id/tweets: max_results is 5–100. */
  timelinePageSize: 100,
  /** Pages reconcile reads before it gives up proving absence (500 posts in a day). */
  timelineMaxPages: 5,
} as const;

const UPLOAD_TYPES: Record<MediaRef["type"], string[]> = {
  image: ["image/jpeg", "image/png", "image/webp", "image/gif"],
  gif: ["image/gif"],
  video: ["video/mp4", "video/quicktime", "video/webm", "video/mp2t"],
};
const MEDIA_CATEGORY = { image: "tweet_image", gif: "tweet_gif", video: "tweet_video" } as const;


export function permalink(handle: string, id: string): string {
  return twitterSpec.permalink(handle.replace(/^@/, ""), id);
}

// ---------------------------------------------------------------------------------------------
// Errors

function headersOf(raw: IncomingHttpHeaders | undefined): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(raw ?? {})) {
    if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(", ") : String(v));
  }
  return h;
}

interface XProblem {
  title?: string;
  detail?: string;
  type?: string;
  reason?: string;
  errors?: { message?: string; code?: number; parameters?: Record<string, string[]> }[];
}

/** X answers v2 errors as RFC 7807 problems (title/detail/type, errors[] for invalid requests). */
function problemText(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 300);
  const b = (body ?? {}) as XProblem;
  const parts = [b.detail ?? b.title];
  for (const e of b.errors ?? []) if (e.message && e.message !== b.detail) parts.push(e.message);
  return parts.filter(Boolean).join(" ").slice(0, 300);
}

/** When X lets this account post again: the 15-minute window, or an exhausted 24-hour one. */
function retryAtFrom(headers: Headers, now: Date): Date | undefined {
  const at = (name: string) => {
    const v = Number(headers.get(name));
    return Number.isFinite(v) && v > 0 ? new Date(v * 1000) : undefined;
  };
  const candidates = [at("x-rate-limit-reset")];
  if (headers.get("x-user-limit-24hour-remaining") === "0") candidates.push(at("x-user-limit-24hour-reset"));
  if (headers.get("x-app-limit-24hour-remaining") === "0") candidates.push(at("x-app-limit-24hour-reset"));
  const latest = candidates.filter((d): d is Date => d !== undefined).sort((a, b) => b.getTime() - a.getTime())[0];
  return latest ?? classifyStatus(LABEL, 429, headers, null, now).retryAt;
}

function classifyResponse(status: number, rawHeaders: IncomingHttpHeaders | undefined, body: unknown, now: Date): PlatformError {
  const headers = headersOf(rawHeaders);
  const detail = problemText(body);
  const b = (typeof body === "object" && body ? body : {}) as XProblem;
  const say = (what: string) => `${LABEL} ${what} (HTTP ${status})${detail ? `: ${detail}` : "."}`;
  if (status === 429) {
    const capped = b.type?.endsWith("/usage-capped");
    return new PlatformError("rate_limited", capped ? "usage_capped" : "rate_limited", say(capped ? "usage cap reached" : "rate limit reached"), {
      httpStatus: status,
      retryAt: retryAtFrom(headers, now),
    });
  }
  if (status === 401) {
    return new PlatformError("auth", "auth_invalid", `${say("rejected the credentials")} Reconnect the account.`, { httpStatus: status });
  }
  if (status === 403) {
    if (/duplicate content/i.test(detail)) {
      return new PlatformError("permanent", "duplicate", say("refused a duplicate of a recent post"), { httpStatus: status });
    }
    if (b.type?.endsWith("/oauth1-permissions") || /oauth1 app permissions/i.test(detail)) {
      // The token was issued while the app was read-only; only a new token (reconnect) fixes it.
      return new PlatformError("auth", "app_permissions", `${say("says the app may not post for this account")} Reconnect the account.`, {
        httpStatus: status,
      });
    }
    return new PlatformError("permanent", "forbidden", say("refused the post"), { httpStatus: status });
  }
  if (status === 400) return new PlatformError("permanent", "rejected", say("rejected the request"), { httpStatus: status });
  if (status === 404) return new PlatformError("permanent", "not_found", say("could not find it"), { httpStatus: status });
  return classifyStatus(LABEL, status, headers, body, now);
}

/** The SDK keeps the socket error under `_options.error` (its `requestError` getter reads a key it never sets). */
function socketErrorOf(err: ApiRequestError): unknown {
  const e = err as unknown as { requestError?: unknown; _options?: { error?: unknown; requestError?: unknown } };
  return e.requestError ?? e._options?.error ?? e._options?.requestError ?? err;
}

export function classifyXError(err: unknown, now: Date = clock.now()): PlatformError {
  if (err instanceof PlatformError) return err;
  if (err instanceof ApiResponseError) return classifyResponse(err.code, err.headers, err.data, now);
  if (err instanceof ApiPartialResponseError) {
    const res = err.response;
    // A complete answer X sent but the SDK could not parse (an HTML 502 page, say): its status decides.
    if (res?.complete && (res.statusCode ?? 0) >= 400) return classifyResponse(res.statusCode!, res.headers, err.rawContent, now);
    return new PlatformError(
      "in_doubt",
      "network_error",
      `The connection to ${LABEL} broke while it was answering (HTTP ${res?.statusCode ?? "?"}); the request may have been carried out.`,
      { httpStatus: res?.statusCode, cause: err },
    );
  }
  if (err instanceof ApiRequestError) return classifyNetworkError(LABEL, socketErrorOf(err));
  return classifyNetworkError(LABEL, err);
}

/** Where the SDK's requests go: X itself, or `baseUrl` (an origin) for tests and proxies. */
export function xOrigin(baseUrl?: string): { origin: string; agent?: http.Agent } {
  const origin = new URL(baseUrl ?? X_API_URL).origin;
  // https.request (inside the SDK) accepts plain http only through an http agent.
  return { origin, agent: origin.startsWith("http:") ? new http.Agent({ keepAlive: false }) : undefined };
}

/** The SDK's v2 client for one account's OAuth 1.0a keys, aborted by `signal` (publishing and the inbox). */
export function xClient(creds: TwitterCredentials, signal: AbortSignal, to: { origin: string; agent?: http.Agent } = xOrigin()): TwitterApiv2 {
  const { origin, agent } = to;
  const rewrite = origin !== X_API_URL;
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      signal.throwIfAborted();
      if (!rewrite) return;
      for (const o of SDK_ORIGINS) {
        if (params.url.startsWith(o)) {
          params.url = origin + params.url.slice(o.length);
          break;
        }
      }
    },
    // The SDK has no abort option; node's request takes `signal`, and these options reach it.
    onBeforeRequest({ requestOptions }) {
      requestOptions.signal = signal;
    },
  };
  const api = new TwitterApi(
    { appKey: creds.apiKey, appSecret: creds.apiSecret, accessToken: creds.accessToken, accessSecret: creds.accessTokenSecret },
    { plugins: [plugin], ...(agent && { httpAgent: agent }) },
  );
  return api.v2;
}

export function twitterCredentialsOf(account: AccountContext): TwitterCredentials {
  return storedCredentials(twitterCredentials, account, (issues) => `The X credentials for @${account.handle} are incomplete (${[...new Set(issues.map((i) => i.path.join(".")))].join(", ")}); reconnect the account.`);
}

// ---------------------------------------------------------------------------------------------
// Reconcile: matching what X shows against what Herald sent

interface Shape {
  skeleton: string;
  urls: string[];
}

/** Text with each URL cut out (compared separately), NFC-normalised, whitespace collapsed. */
function shapeOf(text: string): Shape {
  const found = twitterText.extractUrlsWithIndices(text);
  let skeleton = "";
  let last = 0;
  for (const u of found) {
    skeleton += `${text.slice(last, u.indices[0])}\u0001`;
    last = u.indices[1];
  }
  skeleton += text.slice(last);
  return { skeleton: skeleton.normalize("NFC").replace(/\s+/g, " ").trim(), urls: found.map((u) => u.url) };
}

function canonicalUrl(u: string): string {
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(u) ? u : `http://${u}`);
    return `${url.host.toLowerCase().replace(/^www\./, "")}${url.pathname.replace(/\/+$/, "")}${url.search}${url.hash}`;
  } catch {
    return u.toLowerCase();
  }
}

interface UrlEntity {
  url: string;
  expanded_url?: string;
  media_key?: string;
}

/**
 * What the author typed, rebuilt from X's rendering: t.co links expanded, the media link X appends
 * removed, and the three characters X HTML-escapes restored.
 */
function authoredText(tweet: TweetV2): string {
  const note = (tweet as { note_tweet?: { text?: string; entities?: { urls?: UrlEntity[] } } }).note_tweet;
  let text = note?.text ?? tweet.text;
  const urls = ((note?.text ? note.entities?.urls : tweet.entities?.urls) ?? []) as UrlEntity[];
  for (const u of urls) {
    const isMedia = Boolean(u.media_key) || /\/(photo|video)\/\d+$/.test(u.expanded_url ?? "");
    text = text.split(u.url).join(isMedia ? "" : (u.expanded_url ?? u.url));
  }
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

function sameText(sent: string, tweet: TweetV2, handle: string): boolean {
  const want = shapeOf(sent);
  const got = shapeOf(authoredText(tweet));
  // A reply may be shown with the replied-to author's @handle in front.
  const self = `@${handle.replace(/^@/, "")} `.toLowerCase();
  if (!want.skeleton.toLowerCase().startsWith(self) && got.skeleton.toLowerCase().startsWith(self)) {
    got.skeleton = got.skeleton.slice(self.length);
  }
  if (want.skeleton !== got.skeleton || want.urls.length !== got.urls.length) return false;
  return want.urls.every((u, i) => {
    const g = got.urls[i];
    // An unexpanded t.co link stands for any URL; the surrounding text already matched.
    return /^https?:\/\/t\.co\//i.test(g) || canonicalUrl(u) === canonicalUrl(g);
  });
}

function repliesTo(tweet: TweetV2): string | undefined {
  return tweet.referenced_tweets?.find((r) => r.type === "replied_to")?.id;
}

/** X wants second granularity: YYYY-MM-DDTHH:mm:ssZ. */
function xTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

// ---------------------------------------------------------------------------------------------

interface Progress {
  /** A POST /2/tweets left Herald: from here on a failure may mean "posted". */
  createSent: boolean;
  rootId?: string;
  /** What was being posted when it failed, for messages. */
  step: string;
}

export function createTwitterAdapter(deps: { now?: () => Date; baseUrl?: string } = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const { origin, agent } = xOrigin(deps.baseUrl);
  /** GET /2/users/me, once per token for this adapter instance. */
  const userIds = new Map<string, Promise<string>>();

  const client = (creds: TwitterCredentials, signal: AbortSignal) => xClient(creds, signal, { origin, agent });

  async function uploadOne(api: TwitterApiv2, ref: MediaRef, index: number, signal: AbortSignal): Promise<string> {
    const max = ref.type === "video" ? X_LIMITS.videoBytes : ref.type === "gif" ? X_LIMITS.gifBytes : undefined;
    let media = await loadMedia(ref, signal, max);
    let mime = media.mime;
    if (ref.type === "image") {
      media = await prepareImage(media, { maxBytes: X_LIMITS.imageBytes, formats: ["jpeg", "png", "webp", "gif"] });
    }
    if (ref.type !== "video") {
      // Trust the bytes, not the media host's content-type.
      const fmt = await sharp(media.data)
        .metadata()
        .then((m) => m.format as string | undefined)
        .catch(() => undefined);
      if (!fmt) throw new PlatformError("permanent", "media_invalid", `Media ${index + 1} could not be read as an image.`);
      mime = `image/${fmt}`;
    }
    if (!UPLOAD_TYPES[ref.type].includes(mime)) {
      throw new PlatformError("permanent", "media_unsupported", `Media ${index + 1} is ${mime}; X takes ${UPLOAD_TYPES[ref.type].join(", ")} for a ${ref.type}.`);
    }
    let id: string;
    try {
      id = await api.uploadMedia(media.data, { media_type: mime as "image/png", media_category: MEDIA_CATEGORY[ref.type] });
    } catch (err) {
      // The SDK reports a failed server-side processing (STATUS "failed") as a plain Error.
      if (!(err instanceof Error) || err.name !== "Error" || !/^Media processing failed/.test(err.message)) throw err;
      throw new PlatformError("permanent", "media_rejected", `X could not process media ${index + 1}: ${err.message}`, { cause: err });
    }
    // POST /2/media/metadata: alt text exists for images and GIFs only.
    const alt = ref.altText?.trim();
    if (alt && ref.type !== "video") {
      await api.createMediaMetadata(id, { alt_text: { text: [...alt].slice(0, X_LIMITS.altTextChars).join("") } });
    }
    return id;
  }

  async function createTweet(api: TwitterApiv2, body: Parameters<TwitterApiv2["tweet"]>[0] & object, progress: Progress): Promise<string> {
    progress.createSent = true;
    const res = await api.tweet(body);
    if (!res.data?.id) {
      throw new PlatformError("in_doubt", "no_id", `${LABEL} answered without a post id${res.errors?.length ? `: ${problemText(res.errors[0])}` : ""}.`);
    }
    return res.data.id;
  }

  function publishFailure(err: unknown, progress: Progress, attempt: number, handle: string): PlatformError {
    const pe = classifyXError(err, now());
    if (progress.rootId) {
      // The post is live: a retry would post it again, so let reconcile look at what exists.
      return new PlatformError(
        "in_doubt",
        "thread_incomplete",
        `The post is live at ${permalink(handle, progress.rootId)}, but ${progress.step} failed: ${pe.message}`,
        { httpStatus: pe.httpStatus, cause: err },
      );
    }
    if (!progress.createSent && pe.failureClass === "in_doubt") {
      // Only media uploads were under way; nothing can have been posted.
      return new PlatformError("transient", pe.code, `${pe.message} (before the post was sent)`, { httpStatus: pe.httpStatus, cause: err });
    }
    if (pe.code === "duplicate" && attempt > 1) {
      return new PlatformError(
        "in_doubt",
        "duplicate_after_retry",
        `${pe.message} An earlier attempt probably published it; checking the account's recent posts.`,
        { httpStatus: pe.httpStatus, cause: err },
      );
    }
    return pe;
  }

  async function userIdOf(api: TwitterApiv2, creds: TwitterCredentials): Promise<string> {
    let p = userIds.get(creds.accessToken);
    if (!p) {
      p = api.me().then((r) => {
        if (!r.data?.id) throw new PlatformError("transient", "no_user", `${LABEL} did not say which user the token belongs to.`);
        return r.data.id;
      });
      userIds.set(creds.accessToken, p);
      p.catch(() => userIds.delete(creds.accessToken));
    }
    return p;
  }

  const adapter: PlatformAdapter = {
    platform: "twitter",
    simulated: false,

    validate(content): ValidationProblem[] {
      const problems = validateContent(twitterSpec, { ...content, text: composeText(content) });
      const problem = (field: ValidationProblem["field"], message: string) => problems.push({ platform: "twitter", field, message });
      const media = content.media ?? [];
      if (media.some((m) => m.type === "gif") && media.length > 1) {
        problem("media", "X allows one animated GIF on its own, without other media.");
      }
      media.forEach((m, i) => {
        if (m.altText && [...m.altText].length > X_LIMITS.altTextChars) {
          problem("media", `The alt text of media ${i + 1} is ${[...m.altText].length} characters; X allows ${X_LIMITS.altTextChars}.`);
        }
      });
      content.thread?.forEach((part, i) => {
        if (!part.trim()) problem("thread", `Part ${i + 2} of the thread is empty.`);
      });
      const comment = content.firstComment?.trim();
      if (comment) {
        const length = countText(twitterSpec.counter, comment);
        if (length > twitterSpec.maxLength) {
          problem("firstComment", `X allows ${twitterSpec.maxLength} characters in the first comment; it has ${length}.`);
        }
      }
      return problems;
    },

    async publish({ account, content, attempt, signal }): Promise<PublishResult> {
      const creds = twitterCredentialsOf(account);
      const api = client(creds, signal);
      const progress: Progress = { createSent: false, step: "uploading the media" };
      try {
        const mediaIds: string[] = [];
        for (const [i, ref] of (content.media ?? []).entries()) mediaIds.push(await uploadOne(api, ref, i, signal));

        progress.step = "the post";
        // An answer from the inbox threads under what it answers (docs/decisions.md, "Inbox").
        const replyTo = replyTargetOf(content);
        const rootId = await createTweet(
          api,
          {
            text: composeText(content),
            ...(mediaIds.length && { media: { media_ids: mediaIds as [string] } }),
            ...(replyTo && { reply: { in_reply_to_tweet_id: replyTo } }),
          },
          progress,
        );
        progress.rootId = rootId;

        const threadIds: string[] = [];
        let previous = rootId;
        for (const [i, part] of (content.thread ?? []).entries()) {
          progress.step = `part ${i + 2} of the thread`;
          previous = await createTweet(api, { text: part, reply: { in_reply_to_tweet_id: previous } }, progress);
          threadIds.push(previous);
        }
        if (content.firstComment?.trim()) {
          progress.step = "the first comment";
          await createTweet(api, { text: content.firstComment, reply: { in_reply_to_tweet_id: rootId } }, progress);
        }
        return {
          platformPostId: rootId,
          url: permalink(account.handle, rootId),
          simulated: false,
          ...(threadIds.length > 0 && { threadIds }),
        };
      } catch (err) {
        throw publishFailure(err, progress, attempt, account.handle);
      }
    },

    async reconcile({ account, content, signal, since: after }): Promise<ReconcileResult> {
      try {
        const creds = twitterCredentialsOf(account);
        const api = client(creds, signal);
        const userId = await userIdOf(api, creds);
        const since = windowStart(now(), X_LIMITS.reconcileWindowMs, after);
        const text = composeText(content);
        const replyTo = replyTargetOf(content);
        const seen: TweetV2[] = [];
        let root: TweetV2 | undefined;
        let covered = false;
        let token: string | undefined;
        for (let page = 0; page < X_LIMITS.timelineMaxPages && !root; page++) {
          const res = await api.get<{ data?: TweetV2[]; meta?: { next_token?: string } }>(
            "users/:id/tweets",
            {
              start_time: xTime(since),
              max_results: X_LIMITS.timelinePageSize,
              exclude: "retweets",
              "tweet.fields": "created_at,entities,referenced_tweets,note_tweet",
              ...(token && { pagination_token: token }),
            },
            { params: { id: userId } },
          );
          const tweets = (res.data ?? []).filter((t) => !t.created_at || new Date(t.created_at) >= since);
          seen.push(...tweets);
          root = tweets.find((t) => repliesTo(t) === replyTo && sameText(text, t, account.handle));
          token = res.meta?.next_token;
          if (!token) covered = true;
          if (!token) break;
        }
        if (!root) {
          if (covered) return { state: "absent" };
          return {
            state: "unknown",
            reason: `the account posted more than ${X_LIMITS.timelinePageSize * X_LIMITS.timelineMaxPages} times in the last day and the post was not among the newest`,
          };
        }

        // Posts are listed newest first, so every reply to the root was seen before it.
        const missing: string[] = [];
        const threadIds: string[] = [];
        let previous = root.id;
        for (const [i, part] of (content.thread ?? []).entries()) {
          const next = seen.find((t) => repliesTo(t) === previous && sameText(part, t, account.handle));
          if (!next) {
            missing.push(`part ${i + 2} of the thread`);
            break;
          }
          threadIds.push(next.id);
          previous = next.id;
        }
        const comment = content.firstComment?.trim();
        if (comment && !seen.some((t) => repliesTo(t) === root.id && sameText(content.firstComment!, t, account.handle))) {
          missing.push("the first comment");
        }
        const url = permalink(account.handle, root.id);
        if (missing.length) {
          return { state: "unknown", reason: `the post is live at ${url}, but ${missing.join(" and ")} is missing on X` };
        }
        return {
          state: "found",
          result: { platformPostId: root.id, url, simulated: false, ...(threadIds.length > 0 && { threadIds }) },
        };
      } catch (err) {
        return { state: "unknown", reason: classifyXError(err, now()).message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const api = client(twitterCredentialsOf(account), signal);
      const res = await api.singleTweet(platformPostId, { "tweet.fields": ["public_metrics"] });
      const m = res.data?.public_metrics;
      if (!m) {
        // GET /2/tweets/:id answers 200 with only `errors` for a deleted or hidden post.
        const detail = res.errors?.length ? problemText(res.errors[0]) : "no metrics in the answer";
        throw new PlatformError("permanent", "not_found", `${LABEL} has no post ${platformPostId}: ${detail}`);
      }
      return {
        likes: m.like_count ?? 0,
        reposts: (m.retweet_count ?? 0) + (m.quote_count ?? 0),
        replies: m.reply_count ?? 0,
        impressions: typeof m.impression_count === "number" ? m.impression_count : null,
        simulated: false,
      };
    },

    // OAuth 1.0a user tokens do not expire.
    async refresh() {
      return null;
    },

    classify: (err) => classifyXError(err, now()),
  };
  return adapter;
}
