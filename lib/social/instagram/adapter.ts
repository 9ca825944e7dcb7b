// Instagram business (professional) accounts through the Graph API with Facebook Login: check the
// publishing quota, create a container (Meta downloads the media from a public URL), wait until
// it is FINISHED, then media_publish it. Carousels are child containers gathered by a CAROUSEL
// container. The first comment goes to /{media-id}/comments.
//
// API facts (developers.facebook.com/docs/instagram-platform, checked November 2026):
// - content-publishing: "We cURL media used in publishing attempts, so the media must be hosted
//   on a publicly accessible server"; alt_text for image posts only (not Reels or stories).
// - reference/ig-user/media: POST /{ig-user-id}/media with image_url | video_url +
//   media_type=REELS (VIDEO for carousel items), caption, alt_text, is_carousel_item, and
//   media_type=CAROUSEL with `children`; containers expire after 24 h, 400 containers per 24 h.
//   A REELS container takes `cover_url`, a picture Meta fetches like the video: Herald sends the
//   video's poster frame (docs/adapters.md, "Video rules"). Carousel videos take only thumb_offset.
// - reference/ig-container: GET /{container-id}?fields=status_code → EXPIRED | ERROR | FINISHED |
//   IN_PROGRESS | PUBLISHED (`status` carries the error subcode when ERROR).
// - reference/ig-user/media_publish: POST /{ig-user-id}/media_publish with creation_id → {"id"}.
// - reference/ig-user/content_publishing_limit: GET ?fields=quota_usage,config →
//   {"data":[{"quota_usage":n,"config":{"quota_total":n,"quota_duration":86400}}]}.
// - reference/instagram-media: fields permalink, caption, timestamp, like_count, comments_count.
// - An answer from the inbox (replyTargetOf): POST /{ig-comment-id}/replies with `message` →
//   {"id"} (reference/ig-comment/replies; a reply to a reply joins the top-level comment).
// - An answer to an @mention (docs/inbox.md): POST /{ig-user-id}/mentions with media_id (and
//   comment_id for a comment) and `message` → {"id"} (reference/ig-user/mentions).
// Nothing is stored between calls: an unpublished container is invisible and harmless, so only
// media_publish can leave a publish in doubt.
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
import { composeText } from "../text";
import { containers } from "../meta/containers";
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
import { instagramCredentials, type InstagramCredentials } from "./credentials";
import { instagramSpec } from "./spec";
import { windowStart } from "../reconcile";
import { clock } from "../../clock";
import { storedCredentials } from "../stored-credentials";
import { replyTargetOf } from "../reply-target";
import { parseInstagramMentionTarget } from "./mention-target";

const LABEL = "Instagram";
export const INSTAGRAM_MAX_HASHTAGS = 30;
export const INSTAGRAM_MAX_MENTIONS = 20;
/** A comment's text, like a caption (docs/decisions.md, "Inbox"). */
export const INSTAGRAM_MAX_COMMENT_CHARS = 2_200;
/** "The image is too large to download. It should be less than 8 MiB." (error 36000/2207004) */
export const INSTAGRAM_MAX_IMAGE_BYTES = 8 * 1024 * 1024;
/** Container status polling: bounded so a stuck video cannot hold the worker. */
export const INSTAGRAM_POLL_INTERVAL_MS = 3000;
export const INSTAGRAM_MAX_POLLS = 40;
export const INSTAGRAM_RECONCILE_WINDOW_S = 24 * 3600;
export const INSTAGRAM_RECONCILE_PAGE_SIZE = 25;
export const INSTAGRAM_RECONCILE_MAX_PAGES = 4;
export const NOT_PUBLIC_MESSAGE = "Instagram needs media at a public URL; configure Supabase Storage or PUBLIC_BASE_URL";

export interface InstagramAdapterDeps {
  now?: () => Date;
  /** Graph API base URL; default https://graph.facebook.com. */
  baseUrl?: string;
  /** Tests only: the fixture server lives on 127.0.0.1, which Meta could never reach. */
  allowPrivateMediaUrls?: boolean;
  pollIntervalMs?: number;
  maxPolls?: number;
}

interface MediaItem {
  id: string;
  caption?: string;
  timestamp?: string;
  permalink?: string;
}

// A hashtag or mention starts at the beginning or after a character that cannot be part of a word.
const HASHTAG = /(^|[^\p{L}\p{N}_&#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu;
const MENTION = /(^|[^\p{L}\p{N}_.@])@[A-Za-z0-9._]*[A-Za-z0-9_]/gu;

export function countHashtags(text: string): number {
  return text.match(HASHTAG)?.length ?? 0;
}

export function countMentions(text: string): number {
  return text.match(MENTION)?.length ?? 0;
}


function credentialsOf(account: AccountContext): InstagramCredentials {
  return storedCredentials(instagramCredentials, account, () => `The Instagram credentials for @${account.handle} are incomplete (an Instagram user id and an access token are needed); reconnect the account.`);
}

function profileUrl(handle: string): string {
  return `https://www.instagram.com/${encodeURIComponent(handle.replace(/^@/, ""))}/`;
}

export function createInstagramAdapter(deps: InstagramAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const pollInterval = deps.pollIntervalMs ?? INSTAGRAM_POLL_INTERVAL_MS;
  const maxPolls = deps.maxPolls ?? INSTAGRAM_MAX_POLLS;
  const client = (creds: InstagramCredentials): GraphClient =>
    createGraphClient({ label: LABEL, baseUrl: deps.baseUrl, token: creds.accessToken, now });

  function validate(content: PublishContent): ValidationProblem[] {
    // An inbox answer is a comment: text only, no media required.
    if (replyTargetOf(content)) {
      const n = [...content.text].length;
      return n > INSTAGRAM_MAX_COMMENT_CHARS ? [{ platform: "instagram", field: "text", message: `An Instagram comment holds ${INSTAGRAM_MAX_COMMENT_CHARS} characters; this one has ${n}.` }] : [];
    }
    const problems = validateContent(instagramSpec, content);
    const p = (field: ValidationProblem["field"], message: string) => problems.push({ platform: "instagram", field, message });
    // The caption with its link appended is the spec's check (linkInText, validateContent).
    const caption = composeText(content);
    const tags = countHashtags(caption);
    if (tags > INSTAGRAM_MAX_HASHTAGS) p("text", `Instagram allows ${INSTAGRAM_MAX_HASHTAGS} hashtags; this caption has ${tags}.`);
    const mentions = countMentions(caption);
    if (mentions > INSTAGRAM_MAX_MENTIONS) p("text", `Instagram allows ${INSTAGRAM_MAX_MENTIONS} @mentions; this caption has ${mentions}.`);
    const media = content.media ?? [];
    media.forEach((m, i) => {
      if (m.type !== "video" && m.sizeBytes && m.sizeBytes > INSTAGRAM_MAX_IMAGE_BYTES) {
        p("media", `Image ${i + 1} is ${m.sizeBytes} bytes; Instagram takes images under ${INSTAGRAM_MAX_IMAGE_BYTES} bytes.`);
      }
    });
    if (!deps.allowPrivateMediaUrls && media.some((m) => !isPublicMediaUrl(m.url))) p("media", `${NOT_PUBLIC_MESSAGE}.`);
    return problems;
  }

  function itemBody(m: MediaRef, carouselItem: boolean): Record<string, unknown> {
    if (m.type === "video") {
      // The cover is a nicety: one Meta could not fetch is left out rather than failing the post.
      const cover = !carouselItem && m.posterUrl && (deps.allowPrivateMediaUrls || isPublicMediaUrl(m.posterUrl)) ? m.posterUrl : undefined;
      return { media_type: carouselItem ? "VIDEO" : "REELS", video_url: m.url, cover_url: cover, is_carousel_item: carouselItem || undefined };
    }
    return { image_url: m.url, alt_text: m.altText || undefined, is_carousel_item: carouselItem || undefined };
  }

  /** Everything before media_publish: nothing here can make a post visible. */
  async function prepare(graph: GraphClient, creds: InstagramCredentials, content: PublishContent, signal: AbortSignal): Promise<string> {
    const c = containers(graph, {
      label: LABEL,
      containerPath: `${creds.igUserId}/media`,
      quotaPath: `${creds.igUserId}/content_publishing_limit`,
      statusField: "status_code",
      detailField: "status",
      pollIntervalMs: pollInterval,
      maxPolls,
    });
    await c.checkQuota(signal);
    const caption = composeText(content);
    const media = content.media ?? [];
    if (media.length === 1) {
      const id = await c.create({ ...itemBody(media[0], false), caption }, signal);
      await c.waitFinished(id, signal);
      return id;
    }
    const children: string[] = [];
    for (const m of media) {
      const id = await c.create(itemBody(m, true), signal);
      if (m.type === "video") await c.waitFinished(id, signal);
      children.push(id);
    }
    const id = await c.create({ media_type: "CAROUSEL", children: children.join(","), caption }, signal);
    await c.waitFinished(id, signal);
    return id;
  }

  async function permalink(graph: GraphClient, mediaId: string, handle: string, signal: AbortSignal): Promise<string> {
    try {
      const r = await graph.get<{ permalink?: string }>(mediaId, { fields: "permalink" }, signal);
      if (typeof r?.permalink === "string" && /^https?:\/\//.test(r.permalink)) return r.permalink;
    } catch {
      /* the post is live; fall back to the profile */
    }
    // Media ids are not shortcodes, so /p/<id>/ would not work: the profile always does.
    return profileUrl(handle);
  }

  return {
    platform: "instagram",
    simulated: false,
    validate,
    // Video containers are polled until Instagram has processed them (up to maxPolls × interval).
    publishTimeoutMs: (content) => (content.media?.some((m) => m.type === "video") ? maxPolls * pollInterval + 30_000 : 0),

    async publish({ account, content, signal }): Promise<PublishResult> {
      const creds = credentialsOf(account);
      const answering = replyTargetOf(content);
      const mention = answering ? parseInstagramMentionTarget(answering) : null;
      if (mention) {
        // An answer to an @mention in someone else's caption or comment (docs/inbox.md): POST
        // /{ig-user-id}/mentions with the webhook's media id (and comment id) → {"id"}.
        const r = await client(creds).post<{ id?: string }>(`${creds.igUserId}/mentions`, { media_id: mention.mediaId, ...(mention.commentId && { comment_id: mention.commentId }), message: content.text }, signal);
        if (!r?.id) throw new PlatformError("in_doubt", "unexpected_response", "Instagram accepted the answer to the mention but returned no id.");
        return { platformPostId: String(r.id), url: profileUrl(account.handle), simulated: false };
      }
      if (answering) {
        // An inbox answer: a reply under the comment (text only; no media, so no container).
        const r = await client(creds).post<{ id?: string }>(`${answering}/replies`, { message: content.text }, signal);
        if (!r?.id) throw new PlatformError("in_doubt", "unexpected_response", "Instagram accepted the reply but returned no id.");
        return { platformPostId: String(r.id), url: profileUrl(account.handle), simulated: false };
      }
      const problems = validate(content);
      if (problems.length) {
        const notPublic = problems.some((p) => p.message.startsWith(NOT_PUBLIC_MESSAGE));
        throw new PlatformError("permanent", notPublic ? "media_not_public" : "validation_failed", problems.map((p) => p.message).join(" "));
      }
      const graph = client(creds);
      const creationId = await beforePublishing(LABEL, () => prepare(graph, creds, content, signal));
      const r = await graph.post<{ id?: string }>(`${creds.igUserId}/media_publish`, { creation_id: creationId }, signal);
      if (!r?.id) throw new PlatformError("in_doubt", "unexpected_response", "Instagram accepted media_publish but returned no media id.");
      const mediaId = String(r.id);
      const url = await permalink(graph, mediaId, account.handle, signal);
      if (content.firstComment?.trim()) {
        try {
          await graph.post(`${mediaId}/comments`, { message: content.firstComment }, signal);
        } catch (err) {
          // The post is live: failing now would make the scheduler post it again.
          const pe = classifyNetworkError(LABEL, err);
          logger.warn({ platform: "instagram", accountId: account.id, mediaId, code: pe.code, error: pe.message }, "first comment failed");
        }
      }
      return { platformPostId: mediaId, url, simulated: false };
    },

    async reconcile({ account, content, signal, since: after }) {
      try {
        const creds = credentialsOf(account);
        const answering = replyTargetOf(content);
        // An answer to a mention sits on someone else's media, whose comments the account cannot list.
        if (answering && parseInstagramMentionTarget(answering)) return { state: "unknown", reason: "Instagram does not let the account list the comments on media it was mentioned in" };
        if (answering) {
          // An answer: the account's own reply with this text under the comment.
          const since = windowStart(now(), INSTAGRAM_RECONCILE_WINDOW_S * 1000, after);
          const found = await scanRecent<MediaItem & { text?: string; from?: { id?: string } }>(
            client(creds),
            `${answering}/replies`,
            { fields: "id,text,timestamp,from{id}", limit: INSTAGRAM_RECONCILE_PAGE_SIZE },
            { since, time: (i) => parseGraphTime(i.timestamp), match: (i) => i.from?.id === creds.igUserId && sameText(i.text, content.text), maxPages: INSTAGRAM_RECONCILE_MAX_PAGES, signal },
          );
          if (found.state !== "found") return found;
          return { state: "found", result: { platformPostId: String(found.item.id), url: profileUrl(account.handle), simulated: false } };
        }
        const caption = composeText(content);
        if (!caption.trim()) return { state: "unknown", reason: "an Instagram post without a caption cannot be told apart from other posts" };
        const since = windowStart(now(), INSTAGRAM_RECONCILE_WINDOW_S * 1000, after);
        const scan = await scanRecent<MediaItem>(
          client(creds),
          `${creds.igUserId}/media`,
          { fields: "id,caption,timestamp,permalink", limit: INSTAGRAM_RECONCILE_PAGE_SIZE },
          {
            since,
            time: (i) => parseGraphTime(i.timestamp),
            match: (i) => sameText(i.caption, caption),
            maxPages: INSTAGRAM_RECONCILE_MAX_PAGES,
            signal,
          },
        );
        if (scan.state !== "found") return scan;
        const id = String(scan.item.id);
        const url = typeof scan.item.permalink === "string" && scan.item.permalink ? scan.item.permalink : profileUrl(account.handle);
        return { state: "found", result: { platformPostId: id, url, simulated: false } };
      } catch (err) {
        const pe = classifyNetworkError(LABEL, err);
        return { state: "unknown", reason: pe.message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      const r = await client(creds).get<{ like_count?: number; comments_count?: number }>(
        platformPostId,
        { fields: "like_count,comments_count" },
        signal,
      );
      return {
        likes: Number(r?.like_count ?? 0),
        replies: Number(r?.comments_count ?? 0),
        // Instagram has no reposts; impressions need instagram_manage_insights.
        reposts: 0,
        impressions: null,
        simulated: false,
      };
    },

    async refresh() {
      // Tokens from Facebook Login (Page-linked) are long-lived. Instagram-Login tokens would use
      // GET /refresh_access_token?grant_type=ig_refresh_token on graph.instagram.com: out of scope.
      return null;
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}
