// Bluesky adapter: @atproto/api against the account's PDS (credentials.service; deps.baseUrl
// overrides it for tests). Lexicons: app.bsky.feed.post, app.bsky.embed.{images,external,video},
// app.bsky.richtext.facet; the account's session is its app password's or its OAuth sign-in's
// (./open.ts); XRPC: com.atproto.server.createSession / refreshSession,
// com.atproto.repo.createRecord / getRecord / uploadBlob, app.bsky.feed.getPosts.
//
// Idempotency: every record is created with a record key derived from the task's idempotency key
// (rkey.ts). A repository cannot hold two records under one key, so a repeated publish creates
// nothing: createRecord fails (the reference PDS answers 500 "Internal Server Error" for an
// existing key, indistinguishable from any other server error), and a getRecord on the same key
// then shows the post is already there, which is adopted. reconcile is the same exact look-up.
import type { $Typed, AppBskyEmbedExternal, AppBskyEmbedImages, AppBskyEmbedVideo, AppBskyFeedPost } from "@atproto/api";
import sharp from "sharp";
import { db } from "../../db";
import { type LinkPreview, previewForPublish } from "../../link-preview";
import { logger } from "../../logger";
import { download } from "../../media/download";
import { loadMedia, prepareImage } from "../../media/load";
import { graphemeCount, validateContent } from "../spec";
import {
  PlatformError,
  type AccountContext,
  type CallContext,
  type MediaRef,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishInput,
  type PublishResult,
  type ReconcileResult,
  type ValidationProblem,
} from "../types";
import { classifyBluesky, LABEL, xrpcName } from "./errors";
import { firstCommentKey, rkeyFor, threadPartKey } from "./rkey";
import { isOAuthAccount, openAccountAgent } from "./open";
import { renewBy } from "./oauth-config";
import type { OpenedAgent } from "./session";
import { blueskySpec } from "./spec";
import { clock } from "../../clock";
import { replyTargetOf } from "../reply-target";

export const POST_COLLECTION = "app.bsky.feed.post";
/** app.bsky.embed.images: at most 4 images. Herald keeps to 1,000,000 bytes each (the lexicon now says 2 MB, older PDSs 1 MB). */
export const MAX_IMAGES = 4;
export const MAX_IMAGE_BYTES = 1_000_000;
/** Longest side Herald uploads; the Bluesky app itself downsizes to 2000 px. */
export const MAX_IMAGE_DIMENSION = 2000;
/** app.bsky.embed.video: one mp4 of at most 100 MB. */
export const MAX_VIDEO_BYTES = 100_000_000;
export const VIDEO_MIME = "video/mp4";
/** app.bsky.embed.images#image.alt and app.bsky.embed.video.alt have no hard limit Herald needs; the app caps alt text at 2000 graphemes. */
export const MAX_ALT_LENGTH = 2000;

interface StrongRef {
  uri: string;
  cid: string;
}

interface Part {
  /** Idempotency key of this record (the task's key, or a derived one for thread parts). */
  key: string;
  text: string;
  reply?: { root: StrongRef; parent: StrongRef };
  /** Only the first post carries media or the link card. */
  withEmbed: boolean;
}

export interface BlueskyAdapterDeps {
  now?: () => Date;
  /** Overrides the PDS / entryway URL from the credentials (tests). */
  baseUrl?: string;
  /** The transport, by default the guarded fetch; tests pass a wrapper around guardedFetch to count and disturb requests. */
  fetch?: typeof fetch;
  /** The link card's preview (default: lib/link-preview's cache and guarded fetch); must not throw, null for none. */
  linkPreview?: (url: string, account: AccountContext, signal: AbortSignal) => Promise<LinkPreview | null>;
}

/** What Herald downloads of a card's image before fitting it under MAX_IMAGE_BYTES, and how long it waits. */
export const MAX_THUMB_DOWNLOAD_BYTES = 5_000_000;
const PREVIEW_BUDGET_MS = 8000;

const defaultLinkPreview = (url: string, account: AccountContext, signal: AbortSignal) => previewForPublish(db(), account.workspaceId, url, signal);

/** https://bsky.app/profile/<handle or did>/post/<rkey> */
export function permalink(handleOrDid: string, uri: string): string {
  const rkey = uri.split("/").pop() ?? "";
  const who = handleOrDid && handleOrDid !== "handle.invalid" ? handleOrDid : uri.split("/")[2];
  return blueskySpec.permalink(who, rkey);
}

export function postUri(did: string, rkey: string): string {
  return `at://${did}/${POST_COLLECTION}/${rkey}`;
}

function partsOf(key: string, content: PublishContent): Omit<Part, "reply">[] {
  const parts: Omit<Part, "reply">[] = [{ key, text: content.text, withEmbed: true }];
  (content.thread ?? []).forEach((text, i) => parts.push({ key: threadPartKey(key, i + 1), text, withEmbed: false }));
  return parts;
}

async function aspectRatioOf(data: Buffer): Promise<{ width: number; height: number } | undefined> {
  try {
    const meta = await sharp(data).metadata();
    const w = meta.autoOrient?.width ?? meta.width;
    const h = meta.autoOrient?.height ?? meta.height;
    return w && h ? { width: w, height: h } : undefined;
  } catch {
    return undefined;
  }
}

function alt(ref: MediaRef): string {
  return (ref.altText ?? "").slice(0, MAX_ALT_LENGTH);
}

export function createBlueskyAdapter(deps: BlueskyAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const spec = blueskySpec;

  function session(account: AccountContext, signal: AbortSignal): Promise<OpenedAgent> {
    return openAccountAgent(account, { signal, now, baseUrl: deps.baseUrl, fetch: deps.fetch });
  }

  /**
   * Runs `fn` with a session. A cached session the PDS no longer accepts (revoked, expired
   * beyond refresh) is dropped and the call is tried once more with a fresh login; a fresh login
   * that is refused is an auth failure for the account. Errors leave as PlatformErrors.
   */
  async function withSession<T>(account: AccountContext, signal: AbortSignal, fn: (s: OpenedAgent) => Promise<T>): Promise<T> {
    try {
      const s = await session(account, signal);
      try {
        return await fn(s);
      } catch (err) {
        if (s.fresh || classifyBluesky(err).failureClass !== "auth" || signal.aborted) throw err;
        s.discard();
        return await fn(await session(account, signal));
      }
    } catch (err) {
      // Everything leaves the adapter classified.
      throw classifyBluesky(err, now());
    }
  }

  /** The post record at `rkey` in the account's repo, or null when the PDS says RecordNotFound. */
  async function getPost(s: OpenedAgent, rkey: string, signal: AbortSignal): Promise<{ ref: StrongRef; text: string } | null> {
    try {
      const res = await s.agent.com.atproto.repo.getRecord({ repo: s.did, collection: POST_COLLECTION, rkey }, { signal });
      if (!res.data.cid) throw new PlatformError("transient", "invalid_response", `${LABEL} returned the record without its CID.`);
      const value = res.data.value as { text?: unknown };
      return { ref: { uri: res.data.uri, cid: res.data.cid }, text: typeof value.text === "string" ? value.text : "" };
    } catch (err) {
      if (xrpcName(err) === "RecordNotFound") return null;
      throw err;
    }
  }

  async function uploadImages(s: OpenedAgent, media: MediaRef[], signal: AbortSignal): Promise<$Typed<AppBskyEmbedImages.Main>> {
    const images: AppBskyEmbedImages.Image[] = [];
    for (const ref of media) {
      const loaded = await loadMedia(ref, signal);
      const fitted = await prepareImage(loaded, {
        maxBytes: MAX_IMAGE_BYTES,
        maxDimension: MAX_IMAGE_DIMENSION,
        formats: ["jpeg", "png", "webp", "gif"],
      });
      const res = await s.agent.com.atproto.repo.uploadBlob(new Uint8Array(fitted.data), { encoding: fitted.mime, signal });
      const image: AppBskyEmbedImages.Image = { image: res.data.blob, alt: alt(ref) };
      const ratio = await aspectRatioOf(fitted.data);
      if (ratio) image.aspectRatio = ratio;
      images.push(image);
    }
    return { $type: "app.bsky.embed.images", images };
  }

  async function uploadVideo(s: OpenedAgent, ref: MediaRef, signal: AbortSignal): Promise<$Typed<AppBskyEmbedVideo.Main>> {
    const loaded = await loadMedia(ref, signal, MAX_VIDEO_BYTES);
    if (loaded.mime !== VIDEO_MIME) {
      throw new PlatformError("permanent", "media_unsupported", `${LABEL} takes video as MP4 only; ${ref.url} is ${loaded.mime}.`);
    }
    // The simple method of docs.bsky.app/docs/tutorials/video: a blob on the PDS, processed by
    // Bluesky's video service once the post appears.
    const res = await s.agent.com.atproto.repo.uploadBlob(new Uint8Array(loaded.data), { encoding: VIDEO_MIME, signal });
    const video: $Typed<AppBskyEmbedVideo.Main> = { $type: "app.bsky.embed.video", video: res.data.blob };
    if (ref.altText) video.alt = alt(ref);
    return video;
  }

  async function embedFor(s: OpenedAgent, content: PublishContent, account: AccountContext, signal: AbortSignal): Promise<AppBskyFeedPost.Record["embed"]> {
    const media = content.media ?? [];
    const videos = media.filter((m) => m.type === "video");
    if (videos.length) return uploadVideo(s, videos[0], signal);
    if (media.length) return uploadImages(s, media.slice(0, MAX_IMAGES), signal);
    if (content.link) return externalEmbed(s, content.link, account, signal);
    return undefined;
  }

  /**
   * app.bsky.embed.external with the page's card (title, description, a thumb blob of at most
   * MAX_IMAGE_BYTES). Without a card the title is the URL; an image that cannot be had is left
   * out. Nothing here fails the post (docs/decisions.md, "Link previews").
   */
  async function externalEmbed(s: OpenedAgent, link: string, account: AccountContext, signal: AbortSignal): Promise<$Typed<AppBskyEmbedExternal.Main>> {
    const budget = AbortSignal.any([signal, AbortSignal.timeout(PREVIEW_BUDGET_MS)]);
    let preview: LinkPreview | null = null;
    try {
      preview = await (deps.linkPreview ?? defaultLinkPreview)(link, account, budget);
    } catch (err) {
      logger.warn({ err }, "link preview failed; the card shows the URL");
    }
    const external: AppBskyEmbedExternal.External = { uri: link, title: preview?.title ?? link, description: preview?.description ?? "" };
    if (preview?.image && !budget.aborted) {
      try {
        const got = await download(preview.image, { maxBytes: MAX_THUMB_DOWNLOAD_BYTES, timeoutMs: 5000 });
        const fitted = await prepareImage({ data: got.data, mime: got.mime ?? "application/octet-stream" }, { maxBytes: MAX_IMAGE_BYTES, maxDimension: MAX_IMAGE_DIMENSION, formats: ["jpeg", "png", "webp"] });
        const res = await s.agent.com.atproto.repo.uploadBlob(new Uint8Array(fitted.data), { encoding: fitted.mime, signal });
        external.thumb = res.data.blob;
      } catch (err) {
        if (signal.aborted) throw err;
        logger.warn({ err }, "link card image skipped");
      }
    }
    return { $type: "app.bsky.embed.external", external };
  }

  /**
   * Creates one post under its derived rkey, or adopts the one already there. Media is only
   * uploaded when the post does not exist yet, so a repeated publish uploads nothing either.
   */
  async function ensurePost(s: OpenedAgent, part: Part, content: PublishContent, signal: AbortSignal, account: AccountContext): Promise<StrongRef> {
    const rkey = rkeyFor(part.key);
    const adoptIfThere = async (): Promise<StrongRef | null> => {
      const existing = await getPost(s, rkey, signal);
      if (!existing) return null;
      if (existing.text !== part.text) {
        // 56 bits of hash make this practically impossible; never adopt someone else's post.
        throw new PlatformError(
          "permanent",
          "rkey_collision",
          `${LABEL} already has a different post under record key ${rkey} (${existing.ref.uri}); Herald will not overwrite or adopt it.`,
        );
      }
      return existing.ref;
    };

    // A retry after an in-doubt attempt: skip the uploads when the post already landed.
    const prior = part.withEmbed && (content.media?.length ?? 0) > 0 ? await adoptIfThere() : null;
    if (prior) return prior;

    const { buildPostText } = await import("./richtext");
    const { text, facets } = await buildPostText(part.text, s.agent);
    const record: AppBskyFeedPost.Record = { $type: POST_COLLECTION, text, createdAt: now().toISOString() };
    if (facets) record.facets = facets;
    if (part.reply) record.reply = part.reply;
    if (part.withEmbed) {
      const embed = await embedFor(s, content, account, signal);
      if (embed) record.embed = embed;
    }
    try {
      const res = await s.agent.com.atproto.repo.createRecord(
        { repo: s.did, collection: POST_COLLECTION, rkey, record },
        { signal },
      );
      return { uri: res.data.uri, cid: res.data.cid };
    } catch (err) {
      // The PDS answered with a failure that may be "a record with this key exists" (the
      // reference PDS says only 500 Internal Server Error). Look before deciding.
      const cls = classifyBluesky(err).failureClass;
      if ((cls === "permanent" || cls === "transient") && xrpcName(err) !== undefined && !signal.aborted) {
        const existing = await adoptIfThere();
        if (existing) return existing;
      }
      throw err;
    }
  }

  /** The strong refs a reply to `uri` needs: the post itself as parent, its thread's root as root. */
  async function replyRefs(s: OpenedAgent, uri: string, signal: AbortSignal): Promise<{ root: StrongRef; parent: StrongRef }> {
    const res = await s.agent.app.bsky.feed.getPosts({ uris: [uri] }, { signal });
    const post = res.data.posts.find((p) => p.uri === uri);
    if (!post) throw new PlatformError("permanent", "reply_target_missing", `${LABEL} no longer has the post to answer (${uri}).`);
    const parent = { uri: post.uri, cid: post.cid };
    const root = (post.record as { reply?: { root?: StrongRef } }).reply?.root;
    return { root: root?.uri && root.cid ? { uri: root.uri, cid: root.cid } : parent, parent };
  }

  async function publishAll(s: OpenedAgent, input: PublishInput): Promise<PublishResult> {
    const { content, idempotencyKey, signal } = input;
    const parts = partsOf(idempotencyKey, content);
    const refs: StrongRef[] = [];
    // An answer from the inbox (docs/decisions.md, "Inbox") hangs under the post it answers.
    const answering = replyTargetOf(content);
    const answered = answering ? await replyRefs(s, answering, signal) : undefined;
    for (const part of parts) {
      const reply = refs.length ? { root: answered?.root ?? refs[0], parent: refs[refs.length - 1] } : answered;
      try {
        refs.push(await ensurePost(s, { ...part, reply }, content, signal, input.account));
      } catch (err) {
        if (refs.length === 0) throw err;
        const pe = classifyBluesky(err, now());
        // Later parts failed: say so, keeping the class (a retry completes the thread without duplicates).
        throw new PlatformError(
          pe.failureClass,
          pe.code,
          `Thread part ${refs.length + 1} of ${parts.length} failed after the first post was published (${permalink(s.handle, refs[0].uri)}): ${pe.message}`,
          { httpStatus: pe.httpStatus, retryAt: pe.retryAt, cause: err },
        );
      }
    }
    if (content.firstComment?.trim()) {
      await ensurePost(
        s,
        { key: firstCommentKey(idempotencyKey), text: content.firstComment, reply: { root: refs[0], parent: refs[0] }, withEmbed: false },
        content,
        signal,
        input.account,
      );
    }
    const result: PublishResult = { platformPostId: refs[0].uri, url: permalink(s.handle, refs[0].uri), simulated: false };
    if (refs.length > 1) result.threadIds = refs.slice(1).map((r) => r.uri);
    return result;
  }

  function validate(content: PublishContent): ValidationProblem[] {
    const problems = validateContent(spec, content);
    const media = content.media ?? [];
    if (media.some((m) => m.type === "video") && media.length > 1) {
      problems.push({ platform: "bluesky", field: "media", message: "Bluesky takes one video on its own, or up to 4 images." });
    }
    if (content.firstComment) {
      const n = graphemeCount(content.firstComment);
      if (n > spec.maxLength) {
        problems.push({
          platform: "bluesky",
          field: "firstComment",
          message: `Bluesky allows ${spec.maxLength} characters; the first comment has ${n}.`,
        });
      }
      const extra = spec.extraTextRules?.(content.firstComment);
      if (extra) problems.push({ platform: "bluesky", field: "firstComment", message: extra });
    }
    return problems;
  }

  return {
    platform: "bluesky",
    simulated: false,

    validate,

    async publish(input: PublishInput): Promise<PublishResult> {
      const problems = validate(input.content);
      if (problems.length) {
        throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      }
      return withSession(input.account, input.signal, (s) => publishAll(s, input));
    },

    async reconcile({ account, idempotencyKey, content, signal }): Promise<ReconcileResult> {
      try {
        return await withSession(account, signal, async (s) => {
          const parts = partsOf(idempotencyKey, content);
          const refs: StrongRef[] = [];
          for (const part of parts) {
            const got = await getPost(s, rkeyFor(part.key), signal);
            if (got && got.text !== part.text) {
              return { state: "unknown", reason: `a different post occupies record key ${rkeyFor(part.key)}` } as const;
            }
            if (!got) {
              // Nothing, or an incomplete thread: publishing again is safe (every part is
              // idempotent) and completes it without duplicating what exists.
              return { state: "absent" } as const;
            }
            refs.push(got.ref);
          }
          if (content.firstComment?.trim() && !(await getPost(s, rkeyFor(firstCommentKey(idempotencyKey)), signal))) {
            return { state: "absent" } as const;
          }
          const result: PublishResult = { platformPostId: refs[0].uri, url: permalink(s.handle, refs[0].uri), simulated: false };
          if (refs.length > 1) result.threadIds = refs.slice(1).map((r) => r.uri);
          return { state: "found", result } as const;
        });
      } catch (err) {
        return { state: "unknown", reason: classifyBluesky(err, now()).message };
      }
    },

    async metrics({ account, platformPostId, signal }: CallContext & { platformPostId: string }): Promise<Metrics> {
      // Counts come from the AppView (the PDS proxies app.bsky.* to it).
      return withSession(account, signal, async (s) => {
        const res = await s.agent.app.bsky.feed.getPosts({ uris: [platformPostId] }, { signal });
        const post = res.data.posts.find((p) => p.uri === platformPostId);
        if (!post) {
          throw new PlatformError("transient", "not_indexed", `${LABEL} has no counts for ${platformPostId} yet (not indexed, or deleted).`);
        }
        return {
          likes: post.likeCount ?? 0,
          reposts: (post.repostCount ?? 0) + (post.quoteCount ?? 0),
          replies: post.replyCount ?? 0,
          impressions: null,
          simulated: false,
        };
      });
    },

    async refresh({ account, signal }): Promise<Record<string, string> | null> {
      // App passwords do not expire; their sessions are refreshed in memory (session.ts).
      if (!isOAuthAccount(account)) return null;
      // An OAuth session: spend its refresh token now, so one left unused never lapses, and plan
      // the next renewal (./oauth.ts, RENEW_EVERY_MS). A refused refresh is an auth failure.
      try {
        await openAccountAgent(account, { signal, now, fetch: deps.fetch, refresh: true });
      } catch (err) {
        throw classifyBluesky(err, now());
      }
      return { expiresAt: renewBy(now()).toISOString() };
    },

    classify(err: unknown): PlatformError {
      return classifyBluesky(err, now());
    },
  };
}
