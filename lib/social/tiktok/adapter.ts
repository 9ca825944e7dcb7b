// TikTok through its Content Posting API (open.tiktokapis.com), bearer token, JSON bodies. Every
// answer is {data, error: {code, message, log_id}}, error.code "ok" on success. A post is one video
// or a photo post (1–35 images) with PublishContent.tiktok (config.tiktok, its fields module):
// 1. creator_info/query first, as TikTok's rules ask: the chosen privacy must be one of the
//    account's privacy_level_options, comments/Duet/Stitch must not be turned on where the creator
//    turned them off, and a video's length (when Herald knows it) must fit
//    max_video_post_duration_sec. A mismatch is a permanent error naming the setting.
// 2. video/init (a video) or content/init (photos, media_type PHOTO). TikTok pulls a video from
//    its URL (PULL_FROM_URL) when it is public https on a domain verified for the app
//    (TIKTOK_VERIFIED_DOMAINS); any other video is uploaded in chunks to the returned upload_url
//    (FILE_UPLOAD, PUT with Content-Range). Photos can only be pulled, so they need such a domain.
// 3. status/fetch with the publish_id until PUBLISH_COMPLETE (publicaly_available_post_id, TikTok's
//    spelling, is the post's id) or FAILED (fail_reason, classified). Bounded, like Meta's
//    container polling.
// TikTok has no idempotency key and no way to look a post up by its text. Once init has returned a
// publish_id, a failure leaves the publish in doubt, so the id is kept at once: with the task
// (PublishInput.remember, the task's platformRef) and in this adapter (by the task's idempotency
// key). Reconcile asks TikTok for that publish's status, in the same run or in a later one after
// the process that sent it died. Without either (a task from before platformRef) it answers
// "unknown" and the task goes to review; the in-doubt message names the publish_id.
// API facts, endpoints and shapes: docs/adapters.md, "TikTok".
import { clock } from "../../clock";
import { loadMedia } from "../../media/load";
import { inspectMp4 } from "../../media/mp4";
import { sleep as defaultSleep } from "../../sleep";
import { beforePublishing, classifyNetworkError, classifyStatus, countOf, describeBody, expiresAtFrom, requestJson, resetFromHeaders } from "../http";
import { isPublicMediaUrl } from "../meta/graph";
import { validateContent } from "../spec";
import { firstIssue, storedCredentials } from "../stored-credentials";
import { composeText } from "../text";
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
import { tiktokCredentials, type TikTokCredentials } from "./credentials";
import type { TikTokFields } from "./fields";
import { tiktokSpec } from "./spec";

const LABEL = "TikTok";
export const TIKTOK_BASE_URL = "https://open.tiktokapis.com";
/** Status polling: every 5 s, up to 5 min for a video (TikTok transcodes it), 2 min for photos. */
export const TIKTOK_POLL_INTERVAL_MS = 5000;
export const TIKTOK_VIDEO_MAX_POLLS = 60;
export const TIKTOK_PHOTO_MAX_POLLS = 24;
/** Reconcile asks a few times before it answers "unknown". */
export const TIKTOK_RECONCILE_POLLS = 3;
/** FILE_UPLOAD chunks: TikTok takes 5–64 MB (the last up to 128 MB); smaller videos go whole. */
export const TIKTOK_CHUNK_BYTES = 10_000_000;
export const TIKTOK_MIN_CHUNK_BYTES = 5_000_000;
export const UNAUDITED_MESSAGE = "TikTok only lets unaudited apps post privately (SELF_ONLY) until the app passes TikTok's audit";

export interface TikTokAdapterDeps {
  now?: () => Date;
  /** Abort-aware wait between status polls (tests pass one that returns at once). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The API's base URL; https://open.tiktokapis.com by default (TIKTOK_API_URL). */
  baseUrl?: string;
  /** The TikTok app's keys (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET): token refresh. */
  clientKey?: string;
  clientSecret?: string;
  /** Hosts verified for the app (TIKTOK_VERIFIED_DOMAINS); a subdomain of one counts. */
  verifiedDomains?: string[];
  pollIntervalMs?: number;
  videoMaxPolls?: number;
  photoMaxPolls?: number;
  /** FILE_UPLOAD chunking (tests shrink it). */
  chunkBytes?: number;
  minChunkBytes?: number;
}

interface Envelope<T> {
  data?: T;
  error?: { code?: string; message?: string; log_id?: string };
}

interface CreatorInfo {
  creator_username?: string;
  privacy_level_options?: string[];
  comment_disabled?: boolean;
  duet_disabled?: boolean;
  stitch_disabled?: boolean;
  max_video_post_duration_sec?: number;
}

interface PublishStatus {
  status?: string;
  fail_reason?: string;
  /** Quoted before parsing (see quotePostIds): int64 ids lose digits as JSON numbers. */
  publicaly_available_post_id?: (string | number)[];
}

interface TikTokVideo {
  id?: string;
  like_count?: number;
  comment_count?: number;
  share_count?: number;
  view_count?: number;
}

type Call = <T>(path: string, body: unknown, opts?: { query?: Record<string, string>; fetchImpl?: typeof fetch }) => Promise<T | undefined>;

function credentialsOf(account: AccountContext): TikTokCredentials {
  return storedCredentials(tiktokCredentials, account, (issues) => `The TikTok credentials for @${handleOf(account)} are malformed (${firstIssue(issues)}); reconnect the account.`);
}

const handleOf = (account: AccountContext) => account.handle.replace(/^@/, "");


const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
};

/** TikTok's int64 post ids, quoted so JSON.parse keeps every digit. */
function quotePostIds(text: string): string {
  return text.replace(/("publicaly_available_post_id"\s*:\s*\[)([^\]]*)\]/g, (_m, head: string, ids: string) => `${head}${ids.replace(/-?\d+/g, '"$&"')}]`);
}

const fetchQuotingIds: typeof fetch = async (input, init) => {
  const res = await fetch(input, init);
  const text = await res.text();
  return new Response(quotePostIds(text), { status: res.status, statusText: res.statusText, headers: res.headers });
};

/** TikTok's error codes (the envelope's error.code) → failure classes; the rest by HTTP status. */
function tiktokError(code: string, message: string, logId: string | undefined, status: number, headers: Headers, now: Date, body: unknown): PlatformError {
  const detail = `${message || code}${logId ? ` (log_id ${logId})` : ""}`;
  const opts = { httpStatus: status || undefined };
  switch (code) {
    case "access_token_invalid":
    case "scope_not_authorized":
    case "scope_permission_missed":
      return new PlatformError("auth", code, `TikTok refused the account's token (${code}: ${detail}); reconnect it with the video.publish permission.`, opts);
    case "rate_limit_exceeded":
    case "spam_risk_too_many_posts":
    case "spam_risk_too_many_pending_share":
    case "reached_active_user_cap":
      return new PlatformError("rate_limited", code, `TikTok asks this account to wait before posting again (${code}: ${detail}).`, {
        ...opts,
        retryAt: resetFromHeaders(headers, now),
      });
    case "unaudited_client_can_only_post_to_private_accounts":
      return new PlatformError("permanent", code, `${UNAUDITED_MESSAGE} (${code}).`, opts);
    case "privacy_level_option_mismatch":
      return new PlatformError("permanent", code, `TikTok refused the post's privacy for this account (${code}: ${detail}); choose one the account allows (config.tiktok.privacy).`, opts);
    case "url_ownership_unverified":
      return new PlatformError(
        "permanent",
        code,
        `TikTok has not verified the media's domain for this app (${code}); verify it in the TikTok app's settings and list it in TIKTOK_VERIFIED_DOMAINS.`,
        opts,
      );
    case "spam_risk_user_banned_from_posting":
      return new PlatformError("permanent", code, `TikTok has banned this account from posting (${code}: ${detail}).`, opts);
    case "internal_error":
      return new PlatformError("transient", code, `TikTok had an internal error (${detail}).`, opts);
  }
  if (status >= 300 || !status) {
    const e = classifyStatus(LABEL, status || 400, headers, body, now);
    return new PlatformError(e.failureClass, code || e.code, code ? `TikTok refused the request (${code}: ${detail}).` : e.message, { ...opts, retryAt: e.retryAt });
  }
  return new PlatformError("permanent", code || "rejected", `TikTok refused the request (${code}: ${detail}).`, opts);
}

/** A failure after init that TikTok cannot have published (FAILED, an incomplete upload): no doubt. */
class NothingPosted extends PlatformError {}

/** Why a publish FAILED (status/fetch's fail_reason), classified: nothing was posted, so a retry is safe. */
function failedPublish(reason: string, publishId: string): NothingPosted {
  const r = reason || "unknown";
  const say = (what: string) => `TikTok did not publish the post: ${what} (fail_reason ${r}, publish_id ${publishId}).`;
  switch (r) {
    case "internal":
      return new NothingPosted("transient", "publish_failed_internal", say("TikTok had an internal error"));
    case "video_pull_failed":
    case "photo_pull_failed":
      return new NothingPosted("transient", r, say("TikTok could not download the media from its URL"));
    case "auth_removed":
      return new NothingPosted("auth", r, say("the account withdrew Herald's access; reconnect it"));
    case "spam_risk_too_many_posts":
    case "spam_risk_too_many_pending_share":
      return new NothingPosted("rate_limited", r, say("the account has posted too much today"));
    case "file_format_check_failed":
      return new NothingPosted("permanent", r, say("TikTok does not take the media's format (MP4, MOV or WebM videos; JPEG or WebP photos)"));
    case "duration_check_failed":
      return new NothingPosted("permanent", r, say("the video is too long or too short for this account"));
    case "frame_rate_check_failed":
      return new NothingPosted("permanent", r, say("the video's frame rate is outside TikTok's 23–60 fps"));
    case "picture_size_check_failed":
      return new NothingPosted("permanent", r, say("the media's dimensions are outside TikTok's limits"));
    default:
      return new NothingPosted("permanent", r, say("TikTok refused it"));
  }
}

function tiktokClient(base: string, creds: TikTokCredentials, signal: AbortSignal, now: () => Date): Call {
  return async <T>(path: string, body: unknown, opts: { query?: Record<string, string>; fetchImpl?: typeof fetch } = {}) => {
    const url = new URL(`${base}${path}`);
    for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
    const res = await requestJson<Envelope<T>>(
      LABEL,
      url.toString(),
      {
        method: "POST",
        headers: { authorization: `Bearer ${creds.accessToken}`, "content-type": "application/json; charset=UTF-8", accept: "application/json" },
        body: JSON.stringify(body),
        signal,
      },
      (status, headers, b) => {
        const err = (b as Envelope<unknown> | undefined)?.error;
        return tiktokError(String(err?.code ?? ""), String(err?.message ?? describeBody(b)), err?.log_id, status, headers, now(), b);
      },
      opts.fetchImpl,
    );
    const err = res.body?.error;
    if (err?.code && err.code !== "ok") throw tiktokError(err.code, err.message ?? "", err.log_id, res.status, res.headers, now(), res.body);
    return res.body?.data;
  };
}

/** Turns a failure after init into doubt: TikTok may publish the post whatever Herald heard. */
function inDoubtAfterInit(err: unknown, publishId: string): PlatformError {
  const e = classifyNetworkError(LABEL, err);
  if (e.failureClass === "in_doubt" && e.message.includes(publishId)) return e;
  return new PlatformError("in_doubt", e.failureClass === "in_doubt" ? e.code : "status_unknown", `${e.message} TikTok had accepted the post (publish_id ${publishId}); it may still be published.`, {
    httpStatus: e.httpStatus,
    cause: err,
  });
}

export function createTikTokAdapter(deps: TikTokAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const sleep = deps.sleep ?? defaultSleep;
  const base = (deps.baseUrl ?? TIKTOK_BASE_URL).replace(/\/+$/, "");
  const interval = deps.pollIntervalMs ?? TIKTOK_POLL_INTERVAL_MS;
  const videoMaxPolls = deps.videoMaxPolls ?? TIKTOK_VIDEO_MAX_POLLS;
  const photoMaxPolls = deps.photoMaxPolls ?? TIKTOK_PHOTO_MAX_POLLS;
  const chunkBytes = deps.chunkBytes ?? TIKTOK_CHUNK_BYTES;
  const minChunkBytes = deps.minChunkBytes ?? TIKTOK_MIN_CHUNK_BYTES;
  const verified = (deps.verifiedDomains ?? []).map((d) => d.trim().toLowerCase().replace(/^\.+/, "")).filter(Boolean);
  /** publish_ids of publishes that ended in doubt, by idempotency key: what reconcile asks TikTok about. */
  const inDoubt = new Map<string, string>();
  const client = (creds: TikTokCredentials, signal: AbortSignal) => tiktokClient(base, creds, signal, now);

  /** TikTok pulls it itself: public https on a domain verified for the app. */
  function pullable(url: string): boolean {
    if (!url.startsWith("https://") || !isPublicMediaUrl(url)) return false;
    const host = hostOf(url);
    return verified.some((d) => host === d || host.endsWith(`.${d}`));
  }

  function validate(content: PublishContent): ValidationProblem[] {
    const problems = validateContent(tiktokSpec, content);
    const p = (field: ValidationProblem["field"], message: string) => problems.push({ platform: "tiktok", field, message });
    const media = content.media ?? [];
    if (!media.some((m) => m.type === "video")) {
      const unpullable = media.find((m) => !pullable(m.url));
      if (unpullable) {
        p(
          "media",
          `TikTok fetches photos from their URL, which must be public https on a domain verified for the TikTok app (TIKTOK_VERIFIED_DOMAINS); ${hostOf(unpullable.url) || unpullable.url} is not.`,
        );
      }
    }
    if (content.firstComment?.trim()) p("firstComment", "Herald cannot add a first comment on TikTok.");
    return problems;
  }

  /** TikTok's rules for this creator, checked before anything is sent (docs/adapters.md, "TikTok"). */
  async function checkCreator(call: Call, account: AccountContext, fields: TikTokFields, video: boolean): Promise<CreatorInfo> {
    const info = (await call<CreatorInfo>("/v2/post/publish/creator_info/query/", {})) ?? {};
    const who = `@${info.creator_username ?? handleOf(account)}`;
    const options = info.privacy_level_options ?? [];
    if (fields.privacy && options.length && !options.includes(fields.privacy)) {
      throw new PlatformError(
        "permanent",
        "privacy_not_allowed",
        `TikTok does not let ${who} post with privacy ${fields.privacy}; this account allows ${options.join(", ")} (config.tiktok.privacy).`,
      );
    }
    const off = (on: boolean | undefined, disabled: boolean | undefined, what: string, field: string) => {
      if (on && disabled) {
        throw new PlatformError("permanent", `${field.toLowerCase()}_disabled`, `${who} has turned ${what} off in TikTok; leave config.tiktok.${field} off or turn ${what} on in the TikTok app.`);
      }
    };
    off(fields.allowComments, info.comment_disabled, "comments", "allowComments");
    if (video) {
      off(fields.allowDuet, info.duet_disabled, "Duet", "allowDuet");
      off(fields.allowStitch, info.stitch_disabled, "Stitch", "allowStitch");
    }
    return info;
  }

  function checkDuration(info: CreatorInfo, durationS: number | undefined, account: AccountContext): void {
    const max = info.max_video_post_duration_sec;
    if (durationS !== undefined && typeof max === "number" && max > 0 && durationS > max) {
      throw new PlatformError(
        "permanent",
        "video_too_long",
        `The video is ${Math.round(durationS)} s long; TikTok lets @${info.creator_username ?? handleOf(account)} post videos of up to ${max} s.`,
      );
    }
  }

  /** The post_info TikTok takes for both kinds (a video adds Duet/Stitch). */
  function postInfo(fields: TikTokFields): Record<string, unknown> {
    return {
      privacy_level: fields.privacy,
      disable_comment: fields.allowComments !== true,
      ...(fields.brandContent !== undefined && { brand_content_toggle: fields.brandContent }),
      ...(fields.brandOrganic !== undefined && { brand_organic_toggle: fields.brandOrganic }),
    };
  }

  /** Sends the file to upload_url in order; only the last chunk can make the post go live. */
  async function uploadChunks(uploadUrl: string, data: Buffer, mime: string, plan: { chunkSize: number; count: number }, publishId: string, signal: AbortSignal) {
    for (let i = 0; i < plan.count; i++) {
      const first = i * plan.chunkSize;
      const last = i === plan.count - 1 ? data.length - 1 : first + plan.chunkSize - 1;
      const put = () =>
        requestJson(LABEL, uploadUrl, {
          method: "PUT",
          headers: { "content-type": mime, "content-range": `bytes ${first}-${last}/${data.length}` },
          body: new Uint8Array(data.subarray(first, last + 1)),
          signal,
        });
      if (i < plan.count - 1) {
        // The file is incomplete: TikTok cannot publish it, so a failure here is nothing posted.
        await beforePublishing(LABEL, put).catch((err: PlatformError) => {
          throw new NothingPosted(err.failureClass, err.code, `${err.message} (chunk ${i + 1} of ${plan.count})`, { httpStatus: err.httpStatus, retryAt: err.retryAt, cause: err });
        });
      } else {
        try {
          await put();
        } catch (err) {
          throw inDoubtAfterInit(err, publishId);
        }
      }
    }
  }

  function chunkPlan(size: number): { chunkSize: number; count: number } {
    if (size < minChunkBytes || size <= chunkBytes) return { chunkSize: size, count: 1 };
    return { chunkSize: chunkBytes, count: Math.floor(size / chunkBytes) };
  }

  /** Polls status/fetch until TikTok says how the publish ended; undefined when it has not yet. */
  async function follow(call: Call, account: AccountContext, publishId: string, polls: number, privacy: string | undefined, signal: AbortSignal): Promise<PublishResult | undefined> {
    let complete = false;
    for (let i = 0; i < polls; i++) {
      if (i > 0) await sleep(interval, signal);
      const s = (await call<PublishStatus>("/v2/post/publish/status/fetch/", { publish_id: publishId }, { fetchImpl: fetchQuotingIds })) ?? {};
      if (s.status === "FAILED") throw failedPublish(String(s.fail_reason ?? ""), publishId);
      if (s.status !== "PUBLISH_COMPLETE") continue;
      complete = true;
      const id = s.publicaly_available_post_id?.[0];
      if (id !== undefined && String(id)) return { platformPostId: String(id), url: tiktokSpec.permalink(handleOf(account), String(id)), simulated: false };
      // A private post never gets a public id; a public one gets it after TikTok's review.
      if (privacy === "SELF_ONLY") break;
    }
    if (!complete) return undefined;
    // Published without a public post id: the publish_id stands in, the profile is the link.
    return { platformPostId: publishId, url: `https://www.tiktok.com/@${handleOf(account)}`, simulated: false };
  }

  return {
    platform: "tiktok",
    simulated: false,
    validate,
    publishTimeoutMs: (content) => {
      const video = content.media?.some((m) => m.type === "video");
      // Polling, plus a chunked upload for a video.
      return video ? videoMaxPolls * interval + 120_000 : photoMaxPolls * interval + 30_000;
    },

    async publish({ account, content, signal, idempotencyKey, remember }): Promise<PublishResult> {
      const creds = credentialsOf(account);
      const problems = validate(content);
      if (problems.length) throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      const fields = content.tiktok!;
      const call = client(creds, signal);
      const media = content.media ?? [];
      const video: MediaRef | undefined = media.find((m) => m.type === "video");
      const caption = composeText(content);

      const info = await beforePublishing(LABEL, () => checkCreator(call, account, fields, !!video));
      let init: { publish_id?: string; upload_url?: string } | undefined;
      let upload: { data: Buffer; mime: string; plan: { chunkSize: number; count: number } } | undefined;
      if (video) {
        let sourceInfo: Record<string, unknown>;
        if (pullable(video.url)) {
          // TikTok downloads it; its length is TikTok's to check (duration_check_failed).
          sourceInfo = { source: "PULL_FROM_URL", video_url: video.url };
        } else {
          const file = await beforePublishing(LABEL, () => loadMedia(video, signal));
          checkDuration(info, inspectMp4(file.data).durationS, account);
          const plan = chunkPlan(file.data.length);
          upload = { data: file.data, mime: file.mime.startsWith("video/") ? file.mime : "video/mp4", plan };
          sourceInfo = { source: "FILE_UPLOAD", video_size: file.data.length, chunk_size: plan.chunkSize, total_chunk_count: plan.count };
        }
        init = await call("/v2/post/publish/video/init/", {
          post_info: {
            title: caption,
            ...postInfo(fields),
            disable_duet: fields.allowDuet !== true,
            disable_stitch: fields.allowStitch !== true,
          },
          source_info: sourceInfo,
        });
      } else {
        init = await call("/v2/post/publish/content/init/", {
          media_type: "PHOTO",
          post_mode: "DIRECT_POST",
          post_info: { ...(fields.title && { title: fields.title }), description: caption, ...postInfo(fields) },
          source_info: { source: "PULL_FROM_URL", photo_cover_index: 0, photo_images: media.map((m) => m.url) },
        });
      }
      const publishId = init?.publish_id;
      if (!publishId) throw new PlatformError("in_doubt", "unexpected_response", "TikTok accepted the post but returned no publish_id; it may be published.");
      inDoubt.set(idempotencyKey, publishId);
      // Kept with the task before anything can leave it in doubt; should that write fail, this
      // adapter's own copy still serves a reconcile in this run.
      await remember?.(publishId).catch(() => undefined);

      try {
        if (upload) {
          if (!init?.upload_url) throw new NothingPosted("transient", "unexpected_response", "TikTok returned no upload_url for the video; nothing was posted.");
          await uploadChunks(init.upload_url, upload.data, upload.mime, upload.plan, publishId, signal);
        }
        const done = await follow(call, account, publishId, video ? videoMaxPolls : photoMaxPolls, fields.privacy, signal);
        if (!done) {
          throw new PlatformError(
            "in_doubt",
            "still_processing",
            `TikTok was still processing the post after ${Math.round(((video ? videoMaxPolls : photoMaxPolls) * interval) / 1000)} s (publish_id ${publishId}); Herald will ask again.`,
          );
        }
        inDoubt.delete(idempotencyKey);
        return done;
      } catch (err) {
        if (err instanceof NothingPosted) {
          // TikTok said FAILED, or never got the whole file: nothing is live, nothing to reconcile.
          inDoubt.delete(idempotencyKey);
          throw err;
        }
        throw inDoubtAfterInit(err, publishId);
      }
    },

    async reconcile({ account, idempotencyKey, signal, platformRef }): Promise<ReconcileResult> {
      const publishId = inDoubt.get(idempotencyKey) ?? platformRef;
      if (!publishId) {
        return { state: "unknown", reason: "TikTok cannot look a post up by its text, and no publish_id was kept for this task" };
      }
      try {
        const call = client(credentialsOf(account), signal);
        const done = await follow(call, account, publishId, TIKTOK_RECONCILE_POLLS, undefined, signal);
        if (done) {
          inDoubt.delete(idempotencyKey);
          return { state: "found", result: done };
        }
        return { state: "unknown", reason: `TikTok is still processing publish ${publishId}` };
      } catch (err) {
        // FAILED: TikTok will not publish it, so publishing again is safe.
        if (err instanceof NothingPosted) {
          inDoubt.delete(idempotencyKey);
          return { state: "absent" };
        }
        return { state: "unknown", reason: classifyNetworkError(LABEL, err).message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      if (!/^\d+$/.test(platformPostId)) {
        throw new PlatformError("permanent", "not_public", `TikTok gave no public post id for this post (publish ${platformPostId}: private or still under review), so it has no metrics.`);
      }
      const data = await client(creds, signal)<{ videos?: TikTokVideo[] }>(
        "/v2/video/query/",
        { filters: { video_ids: [platformPostId] } },
        { query: { fields: "id,like_count,comment_count,share_count,view_count" } },
      );
      const v = data?.videos?.find((x) => String(x.id) === platformPostId);
      if (!v) throw new PlatformError("permanent", "not_found", `TikTok has no post ${platformPostId} on this account (deleted or private).`);
      return {
        likes: countOf(v.like_count),
        replies: countOf(v.comment_count),
        reposts: countOf(v.share_count),
        impressions: typeof v.view_count === "number" ? v.view_count : null,
        simulated: false,
      };
    },

    async refresh({ account, signal }) {
      const creds = credentialsOf(account);
      if (!creds.refreshToken) return null;
      if (!deps.clientKey || !deps.clientSecret) {
        throw new PlatformError("permanent", "not_configured", "Renewing a TikTok token needs the TikTok app's keys: set TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET.");
      }
      type TokenAnswer = { access_token?: string; refresh_token?: string; expires_in?: number; open_id?: string; error?: string; error_description?: string };
      const refused = (body: TokenAnswer | undefined, status?: number) =>
        new PlatformError("auth", "refresh_token_invalid", `TikTok refused to renew the token (${body?.error_description || body?.error || `HTTP ${status}`}); reconnect the account.`, {
          httpStatus: status,
        });
      const res = await requestJson<TokenAnswer>(
        LABEL,
        `${base}/v2/oauth/token/`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({
            client_key: deps.clientKey,
            client_secret: deps.clientSecret,
            grant_type: "refresh_token",
            refresh_token: creds.refreshToken,
          }).toString(),
          signal,
        },
        (status, headers, body) => {
          const b = body as TokenAnswer | undefined;
          if (b?.error === "invalid_client") {
            return new PlatformError("permanent", "app_credentials_invalid", "TikTok refused Herald's app keys (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET).", { httpStatus: status });
          }
          if (status === 400 || status === 401) return refused(b, status);
          return classifyStatus(LABEL, status, headers, body, now());
        },
      );
      if (res.body?.error === "invalid_client") {
        throw new PlatformError("permanent", "app_credentials_invalid", "TikTok refused Herald's app keys (TIKTOK_CLIENT_KEY, TIKTOK_CLIENT_SECRET).");
      }
      if (res.body?.error) throw refused(res.body);
      if (!res.body?.access_token) throw new PlatformError("transient", "unexpected_response", "TikTok's token endpoint answered without an access token.");
      const openId = res.body.open_id || creds.openId;
      const expiresAt = expiresAtFrom(res.body.expires_in, now());
      return {
        accessToken: res.body.access_token,
        // Never drop the stored refresh token for an empty one.
        refreshToken: res.body.refresh_token || creds.refreshToken,
        ...(openId && { openId }),
        ...(expiresAt && { expiresAt }),
      };
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}
