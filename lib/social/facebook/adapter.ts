// Facebook Pages through the Graph API (Pages API): text and link posts on /{page-id}/feed, one
// photo on /{page-id}/photos, several photos as unpublished uploads attached to one feed post, a
// video on /{page-id}/videos, the first comment on /{post-id}/comments.
//
// API facts (developers.facebook.com, checked November 2026):
// - documentation/pages-api/posts and pages-api/getting-started: POST /{page_id}/feed with
//   `message`, `link`, `published`, and the Page access token as the `access_token` parameter;
//   the answer is {"id": "{page-id}_{post-id}"}.
// - graph-api/reference/page/photos and reference/photo: `url` (or a `source` file upload),
//   `caption`, `published`, `alt_text_custom`; answers {"id", "post_id"}; static images < 10 MB.
//   Unpublished photos are attached to a feed post with attached_media=[{"media_fbid": id}].
// - reference/page/videos: `file_url` (or `source`) and `description`; answers {"id"}. A cover
//   only as an uploaded image file, `thumb` (multipart): the video's poster frame is sent so.
// - Reading: /{post-id}?fields=permalink_url; /{page-id}/feed?fields=…&since=…; reactions and
//   comments with .summary(true) return summary.total_count; shares.count (absent when 0).
// - An answer from the inbox (replyTargetOf): POST /{post-or-comment-id}/comments with `message`
//   (graph-api/reference/object/comments) → {"id"}; reconcile looks for the Page's comment with
//   that message under what it answers (docs/decisions.md, "Inbox").
// Graph offers no idempotency key: reconcile looks for the exact message in the Page's recent feed.
import { loadMedia, prepareImage } from "../../media/load";
import { loadPoster } from "../../media/poster";
import { logger } from "../../logger";
import { beforePublishing, classifyNetworkError } from "../http";
import {
  createGraphClient,
  isPublicMediaUrl,
  parseGraphTime,
  sameText,
  scanRecent,
  type GraphClient,
} from "../meta/graph";
import { validateContent } from "../spec";
import {
  PlatformError,
  type AccountContext,
  type MediaRef,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
  type ReconcileResult,
} from "../types";
import { facebookCredentials, type FacebookCredentials } from "./credentials";
import { facebookSpec } from "./spec";
import { windowStart } from "../reconcile";
import { clock } from "../../clock";
import { composeText } from "../text";
import { storedCredentials } from "../stored-credentials";
import { replyTargetOf } from "../reply-target";

const LABEL = "Facebook";
/** Photos uploaded by Herald itself (when Meta cannot fetch the URL) are fitted below this. */
export const FACEBOOK_MAX_PHOTO_BYTES = 10 * 1024 * 1024 - 1;
/** How far back reconcile looks, and how much of the feed it may read. */
export const FACEBOOK_RECONCILE_WINDOW_S = 24 * 3600;
export const FACEBOOK_RECONCILE_PAGE_SIZE = 50;
export const FACEBOOK_RECONCILE_MAX_PAGES = 4;
const WEB = "https://www.facebook.com";

export interface FacebookAdapterDeps {
  now?: () => Date;
  /** Graph API base URL; default https://graph.facebook.com. */
  baseUrl?: string;
}

interface FeedItem {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
}

interface CommentItem {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  from?: { id?: string };
}

interface CountSummary {
  summary?: { total_count?: number };
}

function credentialsOf(account: AccountContext): FacebookCredentials {
  return storedCredentials(facebookCredentials, account, () => `The Facebook credentials for @${account.handle} are incomplete (a Page id and a Page access token are needed); reconnect the Page.`);
}

/** The text Facebook will show (and that reconcile looks for). */
export function facebookMessage(content: PublishContent): string {
  // Photo and video posts have no separate link field: the link goes at the end of the text.
  return content.media?.length ? composeText(content) : content.text;
}

function absoluteUrl(permalink: unknown): string | undefined {
  if (typeof permalink !== "string" || !permalink) return undefined;
  if (/^https?:\/\//.test(permalink)) return permalink;
  // Video permalinks come back relative ("/page/videos/123/").
  if (permalink.startsWith("/")) return `${WEB}${permalink}`;
  return undefined;
}

function fileName(url: string, fallback: string): string {
  try {
    const base = new URL(url).pathname.split("/").pop();
    return base && base.includes(".") ? base : fallback;
  } catch {
    return fallback;
  }
}

export function createFacebookAdapter(deps: FacebookAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const client = (creds: FacebookCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl, token: creds.pageAccessToken, now });

  function validate(content: PublishContent) {
    return validateContent(facebookSpec, content);
  }

  /**
   * Meta fetches public URLs itself; anything it cannot reach (local storage, a private network)
   * is downloaded here and uploaded as `source`.
   */
  async function mediaForm(ref: MediaRef, fields: Record<string, string>, urlField: "url" | "file_url", signal: AbortSignal) {
    if (isPublicMediaUrl(ref.url)) return { json: { ...fields, [urlField]: ref.url } as Record<string, unknown> };
    let loaded = await loadMedia(ref, signal);
    if (ref.type !== "video") {
      loaded = await prepareImage(loaded, { maxBytes: FACEBOOK_MAX_PHOTO_BYTES, formats: ["jpeg", "png", "gif"] });
    }
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const ext = loaded.mime.split("/")[1] ?? "bin";
    form.set("source", new Blob([new Uint8Array(loaded.data)], { type: loaded.mime }), fileName(ref.url, `upload.${ext}`));
    return { form };
  }

  async function send<T>(graph: GraphClient, path: string, body: { json?: Record<string, unknown>; form?: FormData }, signal: AbortSignal) {
    return body.form ? graph.postForm<T>(path, body.form, signal) : graph.post<T>(path, body.json ?? {}, signal);
  }

  function requireId(id: unknown, what: string): string {
    if (typeof id === "string" && id) return id;
    if (typeof id === "number") return String(id);
    // The request succeeded but we cannot tell what was created: ask reconcile.
    throw new PlatformError("in_doubt", "unexpected_response", `Facebook accepted the ${what} but returned no id.`);
  }

  /**
   * The video's poster frame as the `thumb` file (Herald's own stored bytes, or a bare URL's poster
   * downloaded); a poster that cannot be had leaves the cover to Facebook rather than fail the post.
   */
  async function posterFile(workspaceId: string, posterUrl: string, signal: AbortSignal): Promise<Blob | null> {
    try {
      const poster = await loadPoster(workspaceId, posterUrl, signal, FACEBOOK_MAX_PHOTO_BYTES);
      return new Blob([new Uint8Array(poster.data)], { type: poster.mime.startsWith("image/") ? poster.mime : "image/jpeg" });
    } catch (err) {
      if (signal.aborted) throw err;
      logger.warn({ platform: "facebook", error: err instanceof Error ? err.message : String(err) }, "the video's poster could not be read; posting without a cover");
      return null;
    }
  }

  /** Creates the post and returns the id that comments and metrics address. */
  async function createPost(graph: GraphClient, pageId: string, content: PublishContent, signal: AbortSignal, workspaceId: string): Promise<string> {
    const media = content.media ?? [];
    const message = facebookMessage(content);
    const video = media.find((m) => m.type === "video");
    if (video) {
      const body = await mediaForm(video, { description: message }, "file_url", signal);
      const cover = video.posterUrl ? await posterFile(workspaceId, video.posterUrl, signal) : null;
      if (cover) {
        // `thumb` is a file: the call becomes multipart, a public video still going as file_url.
        const form = body.form ?? new FormData();
        if (body.json) for (const [k, v] of Object.entries(body.json)) form.set(k, String(v));
        form.set("thumb", cover, "poster.jpg");
        body.form = form;
        delete body.json;
      }
      const r = await send<{ id?: string }>(graph, `${pageId}/videos`, body, signal);
      return requireId(r?.id, "video");
    }
    if (media.length === 1) {
      const m = media[0];
      const fields: Record<string, string> = { caption: message, published: "true" };
      if (m.altText) fields.alt_text_custom = m.altText;
      const body = await mediaForm(m, fields, "url", signal);
      if (body.json) body.json.published = true;
      const r = await send<{ id?: string; post_id?: string }>(graph, `${pageId}/photos`, body, signal);
      return requireId(r?.post_id ?? r?.id, "photo");
    }
    if (media.length > 1) {
      // Unpublished uploads are invisible until the feed post attaches them: harmless to repeat.
      const attached: { media_fbid: string }[] = [];
      for (const m of media) {
        const fields: Record<string, string> = { published: "false" };
        if (m.altText) fields.alt_text_custom = m.altText;
        const id = await beforePublishing(LABEL, async () => {
          const body = await mediaForm(m, fields, "url", signal);
          if (body.json) body.json.published = false;
          const r = await send<{ id?: string }>(graph, `${pageId}/photos`, body, signal);
          if (!r?.id) throw new PlatformError("transient", "unexpected_response", "Facebook returned no id for an uploaded photo.");
          return String(r.id);
        });
        attached.push({ media_fbid: id });
      }
      const r = await graph.post<{ id?: string }>(`${pageId}/feed`, { message, attached_media: attached }, signal);
      return requireId(r?.id, "post");
    }
    const r = await graph.post<{ id?: string }>(`${pageId}/feed`, { message, link: content.link }, signal);
    return requireId(r?.id, "post");
  }

  async function permalink(graph: GraphClient, id: string, handle: string, signal: AbortSignal): Promise<string> {
    try {
      const r = await graph.get<{ permalink_url?: string }>(id, { fields: "permalink_url" }, signal);
      return absoluteUrl(r?.permalink_url) ?? facebookSpec.permalink(handle, id);
    } catch {
      // The post is live; a missing permalink must never turn that into a failure.
      return facebookSpec.permalink(handle, id);
    }
  }

  async function findRecent(account: AccountContext, content: PublishContent, signal: AbortSignal, after?: Date): Promise<ReconcileResult> {
    const creds = credentialsOf(account);
    const message = facebookMessage(content);
    if (!message.trim()) {
      return { state: "unknown", reason: "a Facebook post without text cannot be told apart from other posts" };
    }
    const since = windowStart(now(), FACEBOOK_RECONCILE_WINDOW_S * 1000, after);
    const answering = replyTargetOf(content);
    if (answering) {
      // An answer: the Page's own comment with this message under what it answers.
      const found = await scanRecent<CommentItem>(
        client(creds),
        `${answering}/comments`,
        { fields: "id,message,created_time,permalink_url,from{id}", filter: "stream", order: "reverse_chronological", limit: FACEBOOK_RECONCILE_PAGE_SIZE },
        {
          since,
          time: (i) => parseGraphTime(i.created_time),
          match: (i) => i.from?.id === creds.pageId && sameText(i.message, content.text),
          maxPages: FACEBOOK_RECONCILE_MAX_PAGES,
          signal,
        },
      );
      if (found.state !== "found") return found;
      const id = String(found.item.id);
      return { state: "found", result: { platformPostId: id, url: absoluteUrl(found.item.permalink_url) ?? facebookSpec.permalink(account.handle, id), simulated: false } };
    }
    const scan = await scanRecent<FeedItem>(
      client(creds),
      `${creds.pageId}/feed`,
      {
        fields: "id,message,created_time,permalink_url",
        since: Math.floor(since.getTime() / 1000),
        limit: FACEBOOK_RECONCILE_PAGE_SIZE,
      },
      {
        since,
        time: (i) => parseGraphTime(i.created_time),
        match: (i) => sameText(i.message, message),
        maxPages: FACEBOOK_RECONCILE_MAX_PAGES,
        signal,
      },
    );
    if (scan.state !== "found") return scan;
    const id = String(scan.item.id);
    return {
      state: "found",
      result: { platformPostId: id, url: absoluteUrl(scan.item.permalink_url) ?? facebookSpec.permalink(account.handle, id), simulated: false },
    };
  }

  return {
    platform: "facebook",
    simulated: false,
    validate,

    async publish({ account, content, attempt, signal }): Promise<PublishResult> {
      const creds = credentialsOf(account);
      const problems = validate(content);
      if (problems.length) throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      const graph = client(creds);
      const answering = replyTargetOf(content);
      if (answering) {
        // An inbox answer: a comment under the post or comment it answers (text only).
        const r = await graph.post<{ id?: string }>(`${answering}/comments`, { message: content.text }, signal);
        const id = requireId(r?.id, "reply");
        return { platformPostId: id, url: await permalink(graph, id, account.handle, signal), simulated: false };
      }
      let postId: string;
      try {
        postId = await createPost(graph, creds.pageId, content, signal, account.workspaceId);
      } catch (err) {
        // A duplicate on a later attempt usually means an earlier, doubtful attempt did land.
        if (attempt > 1 && err instanceof PlatformError && err.code === "duplicate") {
          const found = await findRecent(account, content, signal).catch(() => undefined);
          if (found?.state === "found") return found.result;
        }
        throw err;
      }
      const url = await permalink(graph, postId, account.handle, signal);
      if (content.firstComment?.trim()) {
        try {
          await graph.post(`${postId}/comments`, { message: content.firstComment }, signal);
        } catch (err) {
          // The post is live: failing now would make the scheduler post it again.
          const pe = classifyNetworkError(LABEL, err);
          logger.warn({ platform: "facebook", accountId: account.id, postId, code: pe.code, error: pe.message }, "first comment failed");
        }
      }
      return { platformPostId: postId, url, simulated: false };
    },

    async reconcile({ account, content, signal, since }) {
      try {
        return await findRecent(account, content, signal, since);
      } catch (err) {
        const pe = classifyNetworkError(LABEL, err);
        return { state: "unknown", reason: pe.message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      // Page posts are "{page-id}_{post-id}" and have shares; a video node does not.
      const isPost = platformPostId.includes("_");
      const fields = ["reactions.limit(0).summary(true)", "comments.limit(0).summary(true)", ...(isPost ? ["shares"] : [])].join(",");
      const r = await client(creds).get<{ reactions?: CountSummary; comments?: CountSummary; shares?: { count?: number } }>(
        platformPostId,
        { fields },
        signal,
      );
      return {
        likes: Number(r?.reactions?.summary?.total_count ?? 0),
        replies: Number(r?.comments?.summary?.total_count ?? 0),
        reposts: Number(r?.shares?.count ?? 0),
        // Post insights need read_insights; Herald does not ask for it.
        impressions: null,
        simulated: false,
      };
    },

    async refresh() {
      // Page tokens derived from a long-lived user token do not expire; nothing to refresh.
      return null;
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}
