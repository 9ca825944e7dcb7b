// Threads through the Threads API (graph.threads.net), the same container → publish flow as
// Instagram: check the publishing quota, create a container (Meta downloads media from a public
// URL), wait until it is FINISHED (TEXT containers are published at once), then threads_publish
// it. Carousels are child containers gathered by a CAROUSEL container. A thread is a reply chain:
// each later part is a TEXT container with reply_to_id = the previous part's media id; the first
// comment is one more reply to the first post.
//
// API facts (developers.facebook.com/docs/threads):
// - POST /{threads-user-id}/threads: media_type TEXT | IMAGE | VIDEO | CAROUSEL, text, image_url |
//   video_url, is_carousel_item, children (comma-separated container ids), reply_to_id → {"id"}.
// - GET /{container-id}?fields=status,error_message → FINISHED | IN_PROGRESS | ERROR | EXPIRED |
//   PUBLISHED.
// - POST /{threads-user-id}/threads_publish with creation_id → {"id": media id}.
// - GET /{threads-user-id}/threads_publishing_limit?fields=quota_usage,config →
//   {"data":[{"quota_usage":n,"config":{"quota_total":250,"quota_duration":86400}}]}.
// - The same endpoint with fields=reply_quota_usage,reply_config → {"data":[{"reply_quota_usage":n,
//   "reply_config":{"quota_total":1000,"quota_duration":86400}}]}: replies (thread parts, the first
//   comment) have their own 1,000 per 24 h, apart from the 250 posts (documentation/threads/
//   retrieve-and-manage-replies; reading it needs threads_manage_replies).
// - GET /{media-id}/insights?metric=views,likes,replies,reposts,quotes.
// - Errors are Graph-style ({"error":{message,type,code,error_subcode}}): the Graph client
//   (lib/social/meta/graph.ts) classifies them, without its version segment and with form posts.
// Nothing is stored between calls: an unpublished container is invisible and harmless, so only
// threads_publish can leave a publish in doubt.
import { clock } from "../../clock";
import { beforePublishing, classifyNetworkError } from "../http";
import {
  createGraphClient,
  isPublicMediaUrl,
  parseGraphTime,
  sameText,
  scanRecent,
  type GraphClient,
} from "../meta/graph";
import { windowStart } from "../reconcile";
import { graphemeCount, validateContent } from "../spec";
import { composeText } from "../text";
import { containers } from "../meta/containers";
import { storedCredentials } from "../stored-credentials";
import { replyTargetOf } from "../reply-target";
import {
  PlatformError,
  type AccountContext,
  type MediaRef,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
  type ValidationProblem,
} from "../types";
import { threadsCredentials, type ThreadsCredentials } from "./credentials";
import { longLivedToken } from "./oauth";
import { threadsSpec } from "./spec";

const LABEL = "Threads";
/** The Threads API is versioned apart from the Graph API: the version is part of the base URL. */
export const THREADS_BASE_URL = "https://graph.threads.net/v1.0";
/** Container status polling: bounded so a stuck video cannot hold the worker. */
export const THREADS_POLL_INTERVAL_MS = 3000;
export const THREADS_MAX_POLLS = 40;
export const THREADS_RECONCILE_WINDOW_S = 24 * 3600;
export const THREADS_RECONCILE_PAGE_SIZE = 25;
export const THREADS_RECONCILE_MAX_PAGES = 4;
export const NOT_PUBLIC_MESSAGE = "Threads needs media at a public URL; configure Supabase Storage or PUBLIC_BASE_URL";

export interface ThreadsAdapterDeps {
  now?: () => Date;
  /** Threads API base URL including its version; default https://graph.threads.net/v1.0. */
  baseUrl?: string;
  /** Tests only: the fixture server lives on 127.0.0.1, which Meta could never reach. */
  allowPrivateMediaUrls?: boolean;
  pollIntervalMs?: number;
  maxPolls?: number;
}

interface ThreadsItem {
  id: string;
  text?: string;
  timestamp?: string;
  permalink?: string;
  replied_to?: unknown;
}

/** Threads names a related post as {"id": "..."} (replied_to, root_post); a bare id is taken too. */
export function mediaIdOf(v: unknown): string | null {
  if (typeof v === "string" && v) return v;
  const id = (v as { id?: unknown } | null | undefined)?.id;
  return typeof id === "string" && id ? id : null;
}

interface InsightsEntry {
  name?: string;
  values?: { value?: number }[];
  total_value?: { value?: number };
}

export function threadsCredentialsOf(account: AccountContext): ThreadsCredentials {
  return storedCredentials(threadsCredentials, account, () => `The Threads credentials for @${account.handle} are incomplete (a Threads user id and an access token are needed); reconnect the account.`);
}

function fallbackUrl(handle: string, mediaId: string): string {
  return threadsSpec.permalink(encodeURIComponent(handle.replace(/^@/, "")), mediaId);
}

/** An insight's number, whether Meta sends it as values[0].value or total_value.value. */
function insight(data: InsightsEntry[], name: string): number | undefined {
  const e = data.find((d) => d.name === name);
  const v = e?.total_value?.value ?? e?.values?.[0]?.value;
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function createThreadsAdapter(deps: ThreadsAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const pollInterval = deps.pollIntervalMs ?? THREADS_POLL_INTERVAL_MS;
  const maxPolls = deps.maxPolls ?? THREADS_MAX_POLLS;
  // graph.threads.net has its own version in the base URL, and takes POST parameters as a form.
  const client = (creds: ThreadsCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl ?? THREADS_BASE_URL, token: creds.accessToken, now, version: null, encoding: "form" });

  function validate(content: PublishContent): ValidationProblem[] {
    const problems = validateContent(threadsSpec, content);
    const p = (field: ValidationProblem["field"], message: string) => problems.push({ platform: "threads", field, message });
    // The text with its link appended is the spec's check (linkInText, validateContent).
    content.thread?.forEach((part, i) => {
      if (!part.trim()) p("thread", `Part ${i + 2} of the thread is empty.`);
    });
    const comment = content.firstComment;
    if (comment?.trim() && graphemeCount(comment) > threadsSpec.maxLength) {
      p("firstComment", `Threads allows ${threadsSpec.maxLength} characters; the first comment has ${graphemeCount(comment)}.`);
    }
    const media = content.media ?? [];
    if (!deps.allowPrivateMediaUrls && media.some((m) => !isPublicMediaUrl(m.url))) p("media", `${NOT_PUBLIC_MESSAGE}.`);
    return problems;
  }

  function itemBody(m: MediaRef, carouselItem: boolean): Record<string, unknown> {
    const media = m.type === "video" ? { media_type: "VIDEO", video_url: m.url } : { media_type: "IMAGE", image_url: m.url };
    return { ...media, alt_text: m.altText || undefined, is_carousel_item: carouselItem || undefined };
  }

  const flow = (api: GraphClient, creds: ThreadsCredentials) =>
    containers(api, {
      label: LABEL,
      containerPath: `${creds.threadsUserId}/threads`,
      quotaPath: `${creds.threadsUserId}/threads_publishing_limit`,
      statusField: "status",
      detailField: "error_message",
      pollIntervalMs: pollInterval,
      maxPolls,
    });

  /**
   * A thread's later parts and its first comment are replies, counted by Threads apart from posts
   * (1,000 per 24 h against 250): refuse before the first post when they would not all fit, so the
   * limit never leaves a thread half-posted. An account connected before Herald asked for
   * threads_manage_replies cannot read the figure; Threads still enforces it, so the post goes on.
   */
  async function checkReplyQuota(api: GraphClient, creds: ThreadsCredentials, replies: number, signal: AbortSignal): Promise<void> {
    type ReplyQuota = { data?: { reply_quota_usage?: number; reply_config?: { quota_total?: number; quota_duration?: number } }[] };
    let r: ReplyQuota | undefined;
    try {
      r = await api.get<ReplyQuota>(`${creds.threadsUserId}/threads_publishing_limit`, { fields: "reply_quota_usage,reply_config" }, signal);
    } catch (err) {
      const pe = classifyNetworkError(LABEL, err);
      if (pe.failureClass === "auth" || pe.failureClass === "permanent") return;
      throw err;
    }
    const usage = r?.data?.[0]?.reply_quota_usage;
    const total = r?.data?.[0]?.reply_config?.quota_total;
    if (typeof usage === "number" && typeof total === "number" && usage + replies > total) {
      const hours = Math.round((r?.data?.[0]?.reply_config?.quota_duration ?? 86400) / 3600);
      throw new PlatformError(
        "rate_limited",
        "reply_limit",
        `Threads' reply limit would be passed (${usage} of ${total} replies in ${hours} h used; this post needs ${replies} for its thread and first comment). Nothing was posted.`,
      );
    }
  }

  /** Everything before the first threads_publish: nothing here can make a post visible. */
  async function prepare(api: GraphClient, creds: ThreadsCredentials, content: PublishContent, signal: AbortSignal): Promise<string> {
    const c = flow(api, creds);
    // An answer from the inbox is itself a reply (docs/decisions.md, "Inbox"): the reply quota applies.
    const replyTo = replyTargetOf(content);
    if (!replyTo) await c.checkQuota(signal);
    const replies = (content.thread?.length ?? 0) + (content.firstComment?.trim() ? 1 : 0) + (replyTo ? 1 : 0);
    if (replies > 0) await checkReplyQuota(api, creds, replies, signal);
    const text = composeText(content);
    const media = content.media ?? [];
    if (media.length === 0) return c.create({ media_type: "TEXT", text, reply_to_id: replyTo }, signal);
    if (media.length === 1) {
      const id = await c.create({ ...itemBody(media[0], false), text: text || undefined, reply_to_id: replyTo }, signal);
      await c.waitFinished(id, signal);
      return id;
    }
    const children: string[] = [];
    for (const m of media) {
      const id = await c.create(itemBody(m, true), signal);
      await c.waitFinished(id, signal);
      children.push(id);
    }
    const id = await c.create({ media_type: "CAROUSEL", children: children.join(","), text: text || undefined, reply_to_id: replyTo }, signal);
    await c.waitFinished(id, signal);
    return id;
  }

  async function publishContainer(api: GraphClient, creds: ThreadsCredentials, creationId: string, signal: AbortSignal): Promise<string> {
    const r = await api.post<{ id?: string }>(`${creds.threadsUserId}/threads_publish`, { creation_id: creationId }, signal);
    if (!r?.id) throw new PlatformError("in_doubt", "unexpected_response", "Threads accepted threads_publish but returned no media id.");
    return String(r.id);
  }

  /** A text reply (a later thread part, the first comment): its own container, published at once. */
  async function publishReply(api: GraphClient, creds: ThreadsCredentials, text: string, replyTo: string, signal: AbortSignal): Promise<string> {
    const creationId = await flow(api, creds).create({ media_type: "TEXT", text, reply_to_id: replyTo }, signal);
    return publishContainer(api, creds, creationId, signal);
  }

  async function permalink(api: GraphClient, mediaId: string, handle: string, signal: AbortSignal): Promise<string> {
    try {
      const r = await api.get<{ permalink?: string }>(mediaId, { fields: "permalink" }, signal);
      if (typeof r?.permalink === "string" && /^https?:\/\//.test(r.permalink)) return r.permalink;
    } catch {
      /* the post is live; fall back to the spec's permalink */
    }
    return fallbackUrl(handle, mediaId);
  }

  return {
    platform: "threads",
    simulated: false,
    validate,
    // Media containers are polled until Threads has processed them (up to maxPolls × interval).
    publishTimeoutMs: (content) => (content.media?.some((m) => m.type === "video") ? maxPolls * pollInterval + 30_000 : 0),

    async publish({ account, content, signal }): Promise<PublishResult> {
      const creds = threadsCredentialsOf(account);
      const problems = validate(content);
      if (problems.length) {
        const notPublic = problems.some((p) => p.message.startsWith(NOT_PUBLIC_MESSAGE));
        throw new PlatformError("permanent", notPublic ? "media_not_public" : "validation_failed", problems.map((p) => p.message).join(" "));
      }
      const api = client(creds);
      const creationId = await beforePublishing(LABEL, () => prepare(api, creds, content, signal));
      const rootId = await publishContainer(api, creds, creationId, signal);
      const url = await permalink(api, rootId, account.handle, signal);

      const threadIds: string[] = [];
      let step = "";
      try {
        let previous = rootId;
        for (const [i, part] of (content.thread ?? []).entries()) {
          step = `part ${i + 2} of the thread`;
          previous = await publishReply(api, creds, part, previous, signal);
          threadIds.push(previous);
        }
        if (content.firstComment?.trim()) {
          step = "the first comment";
          await publishReply(api, creds, content.firstComment, rootId, signal);
        }
      } catch (err) {
        const pe = classifyNetworkError(LABEL, err);
        // The first post is live and Threads has no idempotency key: a retry would post it again,
        // so (as the X adapter does) let reconcile look at what exists.
        throw new PlatformError("in_doubt", "thread_incomplete", `The post is live at ${url}, but ${step} failed: ${pe.message}`, {
          httpStatus: pe.httpStatus,
          cause: err,
        });
      }
      return { platformPostId: rootId, url, simulated: false, ...(threadIds.length > 0 && { threadIds }) };
    },

    async reconcile({ account, content, signal, since: after }) {
      try {
        const creds = threadsCredentialsOf(account);
        const text = composeText(content);
        if (!text.trim()) return { state: "unknown", reason: "a Threads post without text cannot be told apart from other posts" };
        const since = windowStart(now(), THREADS_RECONCILE_WINDOW_S * 1000, after);
        // An answer is among the account's replies (GET /{user-id}/replies), under what it answers.
        const replyTo = replyTargetOf(content);
        const scan = await scanRecent<ThreadsItem>(
          client(creds),
          `${creds.threadsUserId}/${replyTo ? "replies" : "threads"}`,
          { fields: `id,text,timestamp,permalink${replyTo ? ",replied_to" : ""}`, limit: THREADS_RECONCILE_PAGE_SIZE },
          {
            since,
            time: (i) => parseGraphTime(i.timestamp),
            match: (i) => sameText(i.text, text) && (!replyTo || mediaIdOf(i.replied_to) === replyTo),
            maxPages: THREADS_RECONCILE_MAX_PAGES,
            signal,
          },
        );
        if (scan.state !== "found") return scan;
        const id = String(scan.item.id);
        const url = typeof scan.item.permalink === "string" && scan.item.permalink ? scan.item.permalink : fallbackUrl(account.handle, id);
        if (content.thread?.length || content.firstComment?.trim()) {
          // The replies are not on the user's threads list; Herald does not read reply trees yet.
          return { state: "unknown", reason: `the post is live at ${url}, but its replies (thread parts, first comment) cannot be checked on Threads` };
        }
        return { state: "found", result: { platformPostId: id, url, simulated: false } };
      } catch (err) {
        const pe = classifyNetworkError(LABEL, err);
        return { state: "unknown", reason: pe.message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = threadsCredentialsOf(account);
      const r = await client(creds).get<{ data?: InsightsEntry[] }>(
        `${platformPostId}/insights`,
        { metric: "views,likes,replies,reposts,quotes" },
        signal,
      );
      const data = Array.isArray(r?.data) ? r.data : [];
      return {
        likes: insight(data, "likes") ?? 0,
        replies: insight(data, "replies") ?? 0,
        // A quote is a repost with a comment: both spread the post.
        reposts: (insight(data, "reposts") ?? 0) + (insight(data, "quotes") ?? 0),
        impressions: insight(data, "views") ?? null,
        simulated: false,
      };
    },

    async refresh({ account, signal }) {
      // A long-lived token (60 days) is renewed for another 60 with GET /refresh_access_token once
      // it is a day old; a refused one (code 190) is an auth failure: the account needs reconnecting.
      const creds = threadsCredentialsOf(account);
      const renewed = await longLivedToken(deps.baseUrl ?? THREADS_BASE_URL, creds.accessToken, { grant_type: "th_refresh_token" }, now(), signal);
      return { ...creds, accessToken: renewed.accessToken, ...(renewed.expiresAt && { expiresAt: renewed.expiresAt }) };
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}
