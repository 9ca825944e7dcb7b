// Reddit through its OAuth API (oauth.reddit.com), bearer token and a descriptive User-Agent, as
// Reddit asks of every client. A post goes to one subreddit with a title (PublishContent.reddit,
// from config.reddit: ./fields.ts) and is one of three kinds:
// - a text post (kind=self): the text is its body;
// - a link post (kind=link) when the post has a link: link posts have no body, so the text is not
//   sent (the title carries the words). To post words and a link, leave the link out and put it
//   into the text: that is a text post;
// - an image post (kind=image): the image goes up through a media lease first, then the post is
//   submitted with the image's URL; no body either. Reddit sends an image post's id only over a
//   websocket, which Herald does not open: it finds the post in the account's submitted list
//   instead (by subreddit and title, as reconcile does).
// Videos and a first comment are not supported yet (validate() says so). Submit answers HTTP 200
// with an `errors` array when Reddit refuses a post; those are classified here. Reddit has no
// idempotency key: only submit can leave a publish in doubt.
// API facts, endpoints and shapes: docs/adapters.md, "Reddit".
import { clock } from "../../clock";
import { loadMedia, prepareImage } from "../../media/load";
import { sleep } from "../../sleep";
import { beforePublishing, classifyNetworkError, classifyStatus, countOf, describeBody, expiresAtFrom, requestJson, resetFromHeaders, type HttpResult } from "../http";
import { windowStart } from "../reconcile";
import { validateContent } from "../spec";
import { sameWords } from "../text";
import { firstIssue, storedCredentials } from "../stored-credentials";
import { replyTargetOf } from "../reply-target";
import {
  PlatformError,
  type AccountContext,
  type MediaRef,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
  type ReconcileResult,
  type ValidationProblem,
} from "../types";
import { redditCredentials, type RedditCredentials } from "./credentials";
import { bareSubreddit, type RedditFields } from "./fields";
import { redditSpec } from "./spec";

const LABEL = "Reddit";
export const REDDIT_BASE_URL = "https://oauth.reddit.com";
export const REDDIT_AUTH_BASE_URL = "https://www.reddit.com";
/** Reddit's format: <platform>:<app id>:<version> (by …); generic agents are throttled harder. */
export const REDDIT_USER_AGENT = "web:herald-scheduler:v0.1.0 (by Herald, a social-media scheduler)";
export const REDDIT_RECONCILE_WINDOW_S = 24 * 3600;
/** One page of the account's submitted posts: Reddit's largest. */
export const REDDIT_LIST_LIMIT = 100;
/** Finding an image post after submit: bounded, then reconcile takes over. */
export const REDDIT_LOOKUP_INTERVAL_MS = 2000;
export const REDDIT_LOOKUP_MAX = 5;
const IMAGE_LIMITS = redditSpec.images!;

export interface RedditAdapterDeps {
  now?: () => Date;
  /** The OAuth API's base URL; https://oauth.reddit.com by default (REDDIT_API_URL). */
  baseUrl?: string;
  /** Where tokens are renewed; https://www.reddit.com by default (REDDIT_AUTH_URL). */
  authBaseUrl?: string;
  /** The Reddit app's keys (REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET; an installed app has no secret). */
  clientId?: string;
  clientSecret?: string;
  userAgent?: string;
  /** Finding an image post after submit (tests shorten it). */
  lookupIntervalMs?: number;
  lookupMax?: number;
}

/** A link post (t3) as listings and /api/info give it. */
interface RedditPost {
  id?: string;
  title?: string;
  subreddit?: string;
  created_utc?: number;
  permalink?: string;
  score?: number;
  num_comments?: number;
  num_crossposts?: number;
}

interface Listing<T> {
  kind?: string;
  data?: { after?: string | null; children?: { kind?: string; data?: T }[] };
}

interface SubmitAnswer {
  json?: {
    errors?: unknown[];
    /** Seconds to wait, sent with RATELIMIT. */
    ratelimit?: number;
    data?: { id?: string; name?: string; url?: string; user_submitted_page?: string; websocket_url?: string };
  };
}

/** A comment (t1) as listings and POST /api/comment give it. */
interface RedditComment {
  id?: string;
  name?: string;
  body?: string;
  parent_id?: string;
  created_utc?: number;
  permalink?: string;
}

interface CommentAnswer {
  json?: { errors?: unknown[]; ratelimit?: number; data?: { things?: { kind?: string; data?: RedditComment }[] } };
}

/** Reddit's longest comment. */
const REDDIT_COMMENT_MAX = 10_000;

interface Lease {
  args?: { action?: string; fields?: { name?: string; value?: string }[] };
}

type Form = Record<string, string | boolean | undefined>;

interface Call {
  query?: Record<string, string | number>;
  form?: Form;
  /** Checked before the shared status handling (submit: a 5xx may have posted). */
  classify?: (status: number, headers: Headers, body: unknown) => PlatformError | undefined;
  redirect?: RequestRedirect;
}

export type Client = <T>(method: "GET" | "POST", path: string, opts?: Call) => Promise<HttpResult<T>>;

/** What Herald knows about a subreddit before posting there (the composer reads it). */
export interface SubredditRules {
  name: string;
  exists: boolean;
  linkPostsAllowed: boolean;
  selfPostsAllowed: boolean;
  flairRequired: boolean;
  /** Link flairs this account may choose (mod-only ones left out). */
  flairs: { id: string; text: string }[];
  /** Why Herald cannot post there (missing, banned, private), in words. */
  problem?: string;
}

export function redditCredentialsOf(account: AccountContext): RedditCredentials {
  return storedCredentials(redditCredentials, account, (issues) => `The Reddit credentials for u/${username(account)} are malformed (${firstIssue(issues)}); reconnect the account.`);
}

/** The account's handle is its Reddit username, maybe written @name or u/name. */
export function username(account: AccountContext): string {
  return account.handle.replace(/^@/, "").replace(/^\/?u\//i, "");
}

const formBody = (form: Form) =>
  new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]]))).toString();



/** "… try again in 7 minutes." / "Take a break for 40 seconds …": when Reddit lets the account post again. */
function waitFrom(message: string, now: Date): Date | undefined {
  const m = /(\d+)\s*(millisecond|second|minute|hour)s?/i.exec(message);
  if (!m) return undefined;
  const unit: Record<string, number> = { millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000 };
  return new Date(now.getTime() + Number(m[1]) * unit[m[2].toLowerCase()]);
}

function permalinkOf(post: RedditPost, id: string): string {
  return post.permalink ? `https://www.reddit.com${post.permalink}` : redditSpec.permalink("", id);
}

export function createRedditAdapter(deps: RedditAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const lookupInterval = deps.lookupIntervalMs ?? REDDIT_LOOKUP_INTERVAL_MS;
  const lookupMax = deps.lookupMax ?? REDDIT_LOOKUP_MAX;
  const authBase = (deps.authBaseUrl ?? REDDIT_AUTH_BASE_URL).replace(/\/+$/, "");
  const userAgent = deps.userAgent ?? REDDIT_USER_AGENT;
  const client = (creds: RedditCredentials, signal: AbortSignal) => redditClient(deps, creds, signal, now);

  function validate(content: PublishContent): ValidationProblem[] {
    // An answer from the inbox is a comment: no subreddit or title, only text.
    if (replyTargetOf(content)) {
      const t = content.text ?? "";
      if (!t.trim()) return [{ platform: "reddit", field: "text", message: "A Reddit comment needs text." }];
      return t.length > REDDIT_COMMENT_MAX ? [{ platform: "reddit", field: "text", message: `Reddit allows ${REDDIT_COMMENT_MAX} characters in a comment; this one has ${t.length}.` }] : [];
    }
    const problems = validateContent(redditSpec, content);
    if (content.media?.some((m) => m.type === "video")) {
      problems.push({ platform: "reddit", field: "media", message: "Herald cannot post videos to Reddit yet; use an image or a link." });
    }
    if (content.firstComment?.trim()) {
      problems.push({ platform: "reddit", field: "firstComment", message: "Herald cannot add a first comment on Reddit yet." });
    }
    return problems;
  }

  /** Uploads the image through Reddit's lease and answers the URL to submit it with. Nothing is posted yet. */
  async function uploadImage(call: Client, ref: MediaRef, signal: AbortSignal): Promise<string> {
    const file = await prepareImage(await loadMedia(ref, signal), IMAGE_LIMITS);
    const filepath = `image.${file.mime === "image/jpeg" ? "jpg" : file.mime.replace(/^image\//, "")}`;
    const lease = await call<Lease>("POST", "/api/media/asset.json", { form: { filepath, mimetype: file.mime } });
    const action = lease.body?.args?.action;
    const fields = lease.body?.args?.fields;
    const key = fields?.find((f) => f.name === "key")?.value;
    if (!action || !fields || !key) throw new PlatformError("transient", "unexpected_response", "Reddit answered the image upload without an upload lease.");
    // The lease's action is scheme-relative (//bucket.host): it takes the API's scheme.
    const uploadUrl = new URL(action, deps.baseUrl ?? REDDIT_BASE_URL).toString().replace(/\/+$/, "");
    const form = new FormData();
    for (const f of fields) if (f.name) form.append(f.name, f.value ?? "");
    form.append("file", new Blob([new Uint8Array(file.data)], { type: file.mime }), filepath);
    // The storage host gets the lease's fields, never the account's token.
    await requestJson(LABEL, uploadUrl, { method: "POST", headers: { "user-agent": userAgent }, body: form, signal }, (status, headers, body) => {
      if (status >= 500 || status === 429) return undefined;
      const text = typeof body === "string" ? body : "";
      const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
      return new PlatformError(
        "permanent",
        code === "EntityTooLarge" ? "too_large" : "media_rejected",
        `Reddit's media storage refused the image (HTTP ${status}${code ? `: ${code}` : ""}).`,
        { httpStatus: status },
      );
    });
    return `${uploadUrl}/${key}`;
  }

  /** Submit's `errors`: Reddit refused the post, with HTTP 200. */
  function refusal(errors: unknown[], json: SubmitAnswer["json"], fields: RedditFields, headers: Headers): PlatformError {
    const list = errors.map((e) => (Array.isArray(e) ? e : [String(e)])).map(([code, message]) => ({ code: String(code ?? ""), message: String(message ?? "") }));
    const sr = `r/${fields.subreddit}`;
    const limited = list.find((e) => e.code === "RATELIMIT");
    if (limited) {
      const at = now();
      const retryAt =
        typeof json?.ratelimit === "number" ? new Date(at.getTime() + json.ratelimit * 1000) : (waitFrom(limited.message, at) ?? resetFromHeaders(headers, at));
      return new PlatformError("rate_limited", "rate_limited", `Reddit asks this account to wait before posting again: ${limited.message}`, { retryAt });
    }
    const explain = ({ code, message }: { code: string; message: string }) => {
      switch (code) {
        case "SUBREDDIT_NOEXIST":
          return `${sr} does not exist.`;
        case "SUBREDDIT_NOTALLOWED":
          return `This account may not post in ${sr}.`;
        case "NO_LINKS":
          return `${sr} does not allow link posts; leave the link out and put it into the text to make a text post.`;
        case "NO_SELFS":
          return `${sr} does not allow text posts; it takes links or images.`;
        case "SUBMIT_VALIDATION_FLAIR_REQUIRED":
          return `${sr} requires a post flair; choose one of its flairs (config.reddit.flairId).`;
        case "BAD_FLAIR_TEMPLATE_ID":
          return `${sr} has no flair ${fields.flairId ?? ""}; choose one of its flairs (config.reddit.flairId).`;
        default:
          return `Reddit refused the post to ${sr}: ${message || code}`;
      }
    };
    const first = list[0] ?? { code: "", message: "" };
    if (first.code === "USER_REQUIRED") return new PlatformError("auth", "auth_invalid", "Reddit says the account is not signed in; reconnect it.");
    return new PlatformError("permanent", first.code.toLowerCase() || "rejected", list.map((e) => `${explain(e)} (${e.code})`).join(" "));
  }

  async function submit(call: Client, form: Form, fields: RedditFields): Promise<NonNullable<NonNullable<SubmitAnswer["json"]>["data"]>> {
    const res = await call<SubmitAnswer>("POST", "/api/submit", {
      form,
      classify: (status) =>
        // The post may have been created before Reddit failed to answer: reconcile decides.
        status >= 500
          ? new PlatformError("in_doubt", "server_error", `Reddit had a server error while taking the post (HTTP ${status}); it may have been posted.`, { httpStatus: status })
          : undefined,
    });
    const json = res.body?.json;
    if (json?.errors?.length) throw refusal(json.errors, json, fields, res.headers);
    return json?.data ?? {};
  }

  /**
   * An answer from the inbox (docs/decisions.md, "Inbox"): POST /api/comment with thing_id = the
   * answered comment's (or post's) fullname. Its id is the new comment's fullname (t1_…), as the
   * inbox names comments. A 5xx may have posted it: reconcile looks among the account's comments.
   */
  async function comment(call: Client, thingId: string, text: string): Promise<PublishResult> {
    if (!text.trim()) throw new PlatformError("permanent", "validation_failed", "A Reddit comment needs text.");
    if (text.length > REDDIT_COMMENT_MAX) throw new PlatformError("permanent", "validation_failed", `Reddit allows ${REDDIT_COMMENT_MAX} characters in a comment; this one has ${text.length}.`);
    const res = await call<CommentAnswer>("POST", "/api/comment", {
      form: { api_type: "json", thing_id: thingId, text },
      classify: (status) =>
        status >= 500
          ? new PlatformError("in_doubt", "server_error", `Reddit had a server error while taking the comment (HTTP ${status}); it may have been posted.`, { httpStatus: status })
          : undefined,
    });
    const json = res.body?.json;
    if (json?.errors?.length) throw refusal(json.errors, { errors: json.errors, ratelimit: json.ratelimit }, {}, res.headers);
    const c = json?.data?.things?.[0]?.data;
    const name = c?.name ?? (c?.id ? `t1_${c.id}` : undefined);
    if (!name) throw new PlatformError("in_doubt", "unexpected_response", "Reddit accepted the comment but returned no id; it may be live.");
    return { platformPostId: name, url: c?.permalink ? `https://www.reddit.com${c.permalink}` : redditSpec.permalink("", name.replace(/^t1_/, "")), simulated: false };
  }

  /** The account's newest comments (one page): one under `parent` with this text since `since`. */
  async function findComment(call: Client, account: AccountContext, parent: string, text: string, since: Date): Promise<ReconcileResult> {
    const r = await call<Listing<RedditComment>>("GET", `/user/${encodeURIComponent(username(account))}/comments`, { query: { limit: REDDIT_LIST_LIMIT, sort: "new", raw_json: 1 } });
    const rows = (r.body?.data?.children ?? []).flatMap((c) => (c?.data ? [c.data] : []));
    const after = (c: RedditComment) => countOf(c.created_utc) * 1000 >= since.getTime();
    const hit = rows.find((c) => c.name && after(c) && c.parent_id === parent && sameWords(c.body, text));
    if (hit?.name) return { state: "found", result: { platformPostId: hit.name, url: hit.permalink ? `https://www.reddit.com${hit.permalink}` : redditSpec.permalink("", hit.name), simulated: false } };
    const last = rows.at(-1);
    if (!r.body?.data?.after || (last && !after(last))) return { state: "absent" };
    return { state: "unknown", reason: `u/${username(account)} commented more than ${REDDIT_LIST_LIMIT} times since ${since.toISOString()}` };
  }

  /** The account's newest posts (one page), searched for this subreddit and title since `since`. */
  async function findSubmitted(call: Client, account: AccountContext, fields: RedditFields, since: Date): Promise<ReconcileResult> {
    const title = fields.title ?? "";
    const subreddit = (fields.subreddit ?? "").toLowerCase();
    const r = await call<Listing<RedditPost>>("GET", `/user/${encodeURIComponent(username(account))}/submitted`, {
      query: { limit: REDDIT_LIST_LIMIT, sort: "new", raw_json: 1 },
    });
    const posts = (r.body?.data?.children ?? []).flatMap((c) => (c?.data ? [c.data] : []));
    const after = (p: RedditPost) => countOf(p.created_utc) * 1000 >= since.getTime();
    const hit = posts.find((p) => p.id && after(p) && p.subreddit?.toLowerCase() === subreddit && sameWords(p.title, title));
    if (hit?.id) return { state: "found", result: { platformPostId: hit.id, url: permalinkOf(hit, hit.id), simulated: false } };
    // Absent only when the page reaches back past `since` (or is all there is).
    const last = posts.at(-1);
    if (!r.body?.data?.after || (last && !after(last))) return { state: "absent" };
    return { state: "unknown", reason: `u/${username(account)} posted more than ${REDDIT_LIST_LIMIT} times since ${since.toISOString()}` };
  }

  return {
    platform: "reddit",
    simulated: false,
    validate,
    // An image post is looked for after submit (lookupMax × interval).
    publishTimeoutMs: (content) => (content.media?.length ? lookupMax * lookupInterval + 30_000 : 0),

    async publish({ account, content, signal }): Promise<PublishResult> {
      const creds = redditCredentialsOf(account);
      const replyTo = replyTargetOf(content);
      if (replyTo) return comment(client(creds, signal), replyTo, content.text);
      const problems = validate(content);
      if (problems.length) throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      const fields = content.reddit!;
      const call = client(creds, signal);
      const started = now();
      const base: Form = {
        api_type: "json",
        sr: fields.subreddit,
        title: fields.title!.trim(),
        flair_id: fields.flairId,
        flair_text: fields.flairText,
        nsfw: fields.nsfw,
        spoiler: fields.spoiler,
        // Reddit otherwise refuses a link it has seen before (ALREADY_SUB).
        resubmit: true,
      };
      const image = content.media?.[0];
      const form: Form = image
        ? { ...base, kind: "image", url: await beforePublishing(LABEL, () => uploadImage(call, image, signal)) }
        : content.link
          ? { ...base, kind: "link", url: content.link }
          : { ...base, kind: "self", text: content.text };
      const data = await submit(call, form, fields);
      if (data.id) {
        const id = data.id.replace(/^t3_/, "");
        return { platformPostId: id, url: data.url || redditSpec.permalink("", id), simulated: false };
      }
      if (!image) throw new PlatformError("in_doubt", "unexpected_response", "Reddit accepted the post but returned no id; it may be live.");
      // Started a little earlier: Reddit's clock and ours may differ.
      const since = new Date(started.getTime() - 5 * 60_000);
      for (let i = 0; i < lookupMax; i++) {
        if (i > 0) await sleep(lookupInterval, signal);
        const found = await findSubmitted(call, account, fields, since).catch(() => null);
        if (found?.state === "found") return found.result;
      }
      throw new PlatformError(
        "in_doubt",
        "not_listed_yet",
        `Reddit accepted the image post to r/${fields.subreddit} but has not listed it yet; Herald will look for it again.`,
      );
    },

    async reconcile({ account, content, signal, since: after }) {
      try {
        const creds = redditCredentialsOf(account);
        const replyTo = replyTargetOf(content);
        if (replyTo) return await findComment(client(creds, signal), account, replyTo, content.text, windowStart(now(), REDDIT_RECONCILE_WINDOW_S * 1000, after));
        const fields = content.reddit;
        if (!fields?.subreddit || !fields.title) return { state: "unknown", reason: "the task has no subreddit and title to look for" };
        const since = windowStart(now(), REDDIT_RECONCILE_WINDOW_S * 1000, after);
        return await findSubmitted(client(creds, signal), account, fields, since);
      } catch (err) {
        return { state: "unknown", reason: classifyNetworkError(LABEL, err).message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = redditCredentialsOf(account);
      const id = platformPostId.replace(/^t3_/, "");
      const r = await client(creds, signal)<Listing<RedditPost>>("GET", "/api/info", { query: { id: `t3_${id}`, raw_json: 1 } });
      const post = r.body?.data?.children?.[0]?.data;
      if (!post) throw new PlatformError("permanent", "not_found", `Reddit has no post t3_${id} (deleted or removed).`);
      return {
        likes: countOf(post.score),
        replies: countOf(post.num_comments),
        reposts: countOf(post.num_crossposts),
        impressions: null,
        simulated: false,
      };
    },

    async refresh({ account, signal }) {
      const creds = redditCredentialsOf(account);
      if (!creds.refreshToken) return null;
      if (!deps.clientId) {
        throw new PlatformError("permanent", "not_configured", "Renewing a Reddit token needs the Reddit app's keys: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET.");
      }
      const refused = (body: unknown, status?: number) =>
        new PlatformError("auth", "refresh_token_invalid", `Reddit refused to renew the token (${describeBody(body) || `HTTP ${status}`}); reconnect the account.`, {
          httpStatus: status,
        });
      const res = await requestJson<{ access_token?: string; refresh_token?: string; expires_in?: number; error?: string }>(
        LABEL,
        `${authBase}/api/v1/access_token`,
        {
          method: "POST",
          headers: {
            authorization: `Basic ${Buffer.from(`${deps.clientId}:${deps.clientSecret ?? ""}`).toString("base64")}`,
            "user-agent": userAgent,
            "content-type": "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: formBody({ grant_type: "refresh_token", refresh_token: creds.refreshToken }),
          signal,
        },
        (status, headers, body) => {
          // 401 here is the app's keys, which no reconnect of the account fixes.
          if (status === 401) {
            return new PlatformError("permanent", "app_credentials_invalid", "Reddit refused Herald's app keys (REDDIT_CLIENT_ID, REDDIT_CLIENT_SECRET).", {
              httpStatus: status,
            });
          }
          if (status === 400) return refused(body, status);
          return statusError(status, headers, body, now());
        },
      );
      if (res.body?.error) throw refused(res.body);
      if (!res.body?.access_token) throw new PlatformError("transient", "unexpected_response", "Reddit's token endpoint answered without an access token.");
      const expiresAt = expiresAtFrom(res.body.expires_in, now());
      return {
        accessToken: res.body.access_token,
        // Never drop the stored refresh token for an empty one.
        refreshToken: res.body.refresh_token || creds.refreshToken,
        ...(expiresAt && { expiresAt }),
      };
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}

/** Reddit's statuses: 429 or an exhausted window → rate_limited (reset in seconds), 401/403 → auth. */
function statusError(status: number, headers: Headers, body: unknown, now: Date): PlatformError {
  const remaining = headers.get("x-ratelimit-remaining");
  if (status === 429 || (remaining !== null && Number(remaining) <= 0)) {
    const detail = describeBody(body);
    return new PlatformError("rate_limited", "rate_limited", `Reddit rate limit reached (HTTP ${status})${detail ? `: ${detail}` : "."}`, {
      httpStatus: status,
      retryAt: resetFromHeaders(headers, now),
    });
  }
  if (status === 401 || status === 403) {
    return new PlatformError(
      "auth",
      "auth_invalid",
      `Reddit refused the account's token (HTTP ${status}: ${describeBody(body) || "no detail"}); reconnect it with the identity, submit, read, flair and history permissions.`,
      { httpStatus: status },
    );
  }
  return classifyStatus(LABEL, status, headers, body, now);
}

export function redditClient(deps: RedditAdapterDeps, creds: RedditCredentials, signal: AbortSignal, now: () => Date): Client {
  const base = (deps.baseUrl ?? REDDIT_BASE_URL).replace(/\/+$/, "");
  return <T>(method: "GET" | "POST", path: string, opts: Call = {}) => {
    const url = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {
      authorization: `Bearer ${creds.accessToken}`,
      "user-agent": deps.userAgent ?? REDDIT_USER_AGENT,
      accept: "application/json",
    };
    if (opts.form) headers["content-type"] = "application/x-www-form-urlencoded";
    return requestJson<T>(
      LABEL,
      url.toString(),
      { method, headers, body: opts.form ? formBody(opts.form) : undefined, redirect: opts.redirect, signal },
      (status, h, body) => opts.classify?.(status, h, body) ?? statusError(status, h, body, now()),
    );
  };
}

/** A subreddit Herald cannot post in: subredditRules answers with it instead of throwing. */
class SubredditClosed extends PlatformError {
  constructor(readonly exists: boolean, message: string, httpStatus: number) {
    super("permanent", "subreddit_unavailable", message, { httpStatus });
  }
}

/**
 * A subreddit's rules for the composer: whether it exists and takes this account's posts, which
 * kinds (link, text), whether a flair is required and which flairs there are. Three reads
 * (about, post_requirements, link_flair_v2); a subreddit that is missing, banned or private comes
 * back with `problem` saying so.
 */
export async function subredditRules(
  account: AccountContext,
  name: string,
  opts: RedditAdapterDeps & { signal?: AbortSignal } = {},
): Promise<SubredditRules> {
  const sr = bareSubreddit(name);
  const closed = (exists: boolean, problem: string): SubredditRules => ({
    name: sr,
    exists,
    linkPostsAllowed: false,
    selfPostsAllowed: false,
    flairRequired: false,
    flairs: [],
    problem,
  });
  if (!/^[A-Za-z0-9_]{2,21}$/.test(sr)) return closed(false, `"${name}" is not a subreddit name.`);
  const call = redditClient(opts, redditCredentialsOf(account), opts.signal ?? AbortSignal.timeout(15_000), opts.now ?? clock.now);
  const reasonOf = (body: unknown) => (body && typeof body === "object" ? String((body as { reason?: unknown }).reason ?? "") : "");

  let about: HttpResult<{ kind?: string; data?: { display_name?: string; submission_type?: string } }>;
  try {
    about = await call("GET", `/r/${sr}/about`, {
      query: { raw_json: 1 },
      // A missing subreddit redirects to the search for it.
      redirect: "manual",
      classify: (status, _headers, body) => {
        const reason = reasonOf(body);
        if ((status >= 300 && status < 400) || status === 404) {
          return new SubredditClosed(false, reason === "banned" ? `r/${sr} is banned.` : `r/${sr} does not exist.`, status);
        }
        if (status === 403 && reason) {
          const why = reason === "private" ? "is private: only its approved members can see and post in it" : `cannot be seen by this account (${reason})`;
          return new SubredditClosed(true, `r/${sr} ${why}.`, status);
        }
        return undefined;
      },
    });
  } catch (err) {
    if (err instanceof SubredditClosed) return closed(err.exists, err.message);
    throw err;
  }
  if (about.body?.kind !== "t5" || !about.body.data) return closed(false, `r/${sr} does not exist.`);

  // Missing requirements or flairs (flair turned off, 403/404) are no reason to fail.
  const optional: Call["classify"] = (status) => (status === 403 || status === 404 ? new PlatformError("permanent", "unavailable", "") : undefined);
  const soft = <T>(p: Promise<HttpResult<T>>) =>
    p.then(
      (r) => r.body,
      (err: unknown) => {
        if (err instanceof PlatformError && err.failureClass === "permanent") return null;
        throw err;
      },
    );
  const [requirements, flairs] = await Promise.all([
    soft(call<{ is_flair_required?: boolean }>("GET", `/api/v1/${sr}/post_requirements`, { classify: optional })),
    soft(call<{ id?: string; text?: string; mod_only?: boolean }[]>("GET", `/r/${sr}/api/link_flair_v2`, { query: { raw_json: 1 }, classify: optional })),
  ]);
  const type = about.body.data.submission_type;
  return {
    name: about.body.data.display_name ?? sr,
    exists: true,
    linkPostsAllowed: type !== "self",
    selfPostsAllowed: type !== "link",
    flairRequired: requirements?.is_flair_required === true,
    flairs: (Array.isArray(flairs) ? flairs : []).flatMap((f) => (f?.id && !f.mod_only ? [{ id: f.id, text: f.text ?? "" }] : [])),
  };
}
