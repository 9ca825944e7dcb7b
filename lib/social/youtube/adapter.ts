// YouTube through the YouTube Data API v3 (www.googleapis.com), bearer Google OAuth token. A post
// is one video with a title (PublishContent.youtube, from config.youtube: ./fields.ts); the text is
// its description. Publishing is the resumable upload:
// 1. POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status with the video's
//    metadata (JSON) and X-Upload-Content-Type/-Length: the answer's Location is the session URL;
// 2. PUT the bytes to it in chunks (multiples of 256 KiB), each with Content-Range. 308 means
//    "go on": its Range header says what YouTube holds, and the next chunk starts after that (a
//    chunk it kept only in part is sent again from there). The last chunk's answer is the video.
// Nothing exists on YouTube until the last byte arrives, so only the final PUT can leave a publish
// in doubt; reconcile then looks for the title among the channel's newest uploads.
// An attempt that fails mid-upload keeps its session (encrypted, with its size and expiry) with the
// task through PublishInput.remember; the next attempt asks the session what it holds (PUT with
// Content-Range: bytes */total → 308 with Range) and sends only the rest; a session that ended
// (404/410) or expired starts over. After the upload, the custom thumbnail (config.youtube's
// thumbnailUrl, else the video's poster frame) is set with thumbnails.set; a refusal there (403
// for a channel not verified for custom thumbnails) is a warning on the live post, never a failure.
// Quota: an upload costs 1,600 of the project's 10,000 daily units; quotaExceeded waits for the
// reset at midnight Pacific time. Each call YouTube answers is counted through `deps.quota`
// (./quota.ts). API facts, endpoints and shapes: docs/adapters.md, "YouTube".
import { DateTime } from "luxon";
import { clock } from "../../clock";
import { decryptJson, encryptJson } from "../../crypto";
import { loadMedia } from "../../media/load";
import { loadPoster } from "../../media/poster";
import { beforePublishing, classifyNetworkError, classifyStatus, countOf, describeBody, expiresAtFrom, requestJson, resetFromHeaders, type HttpResult } from "../http";
import { windowStart } from "../reconcile";
import { replyTargetOf } from "../reply-target";
import { validateContent } from "../spec";
import { sameWords } from "../text";
import { firstIssue, storedCredentials } from "../stored-credentials";
import {
  PlatformError,
  type AccountContext,
  type Metrics,
  type PlatformAdapter,
  type PublishContent,
  type PublishResult,
  type ReconcileResult,
  type ValidationProblem,
} from "../types";
import { youtubeCredentials, type YoutubeCredentials } from "./credentials";
import { youtubeDescription } from "./fields";
import { youtubeSpec } from "./spec";

const LABEL = "YouTube";
export const YOUTUBE_BASE_URL = "https://www.googleapis.com";
export const GOOGLE_OAUTH_BASE_URL = "https://oauth2.googleapis.com";
/** YouTube's daily quota resets at midnight in this zone. */
export const QUOTA_ZONE = "America/Los_Angeles";
/** Quota units per call: videos.insert (the upload session's start; its PUTs cost nothing more), and any list call. */
export const YOUTUBE_UPLOAD_UNITS = 1600;
export const YOUTUBE_LIST_UNITS = 1;
/** thumbnails.set. */
export const YOUTUBE_THUMBNAIL_UNITS = 50;
/** comments.insert: an answer from the inbox (docs/decisions.md, "Inbox"). */
export const YOUTUBE_COMMENT_UNITS = 50;
/** A comment's text: YouTube takes up to 10,000 characters. */
export const YOUTUBE_COMMENT_MAX_CHARS = 10_000;
/** A custom thumbnail: JPEG or PNG up to 2 MB. */
export const YOUTUBE_THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;
/**
 * How long Herald trusts a kept upload session. Google states no lifetime for YouTube's; a day
 * covers every retry of a task, and an ended session answers 404/410 anyway (then a new one).
 */
export const YOUTUBE_SESSION_TTL_MS = 24 * 3600_000;
/** What an attempt keeps with its task (PublishInput.remember): this prefix, then the encrypted session. */
export const YOUTUBE_SESSION_REF = "youtube-upload:";

interface KeptSession {
  url: string;
  size: number;
  expiresAt: string;
}
/** Chunks must be multiples of 256 KiB (all but the last); 8 MiB keeps the requests few. */
export const CHUNK_UNIT = 256 * 1024;
export const YOUTUBE_CHUNK_BYTES = 32 * CHUNK_UNIT;
/** Resumes (308 with less than was sent) allowed beyond one PUT per chunk before giving up. */
export const YOUTUBE_EXTRA_PUTS = 8;
export const YOUTUBE_RECONCILE_WINDOW_S = 24 * 3600;
/** One page of the uploads playlist: YouTube's largest. */
export const YOUTUBE_LIST_LIMIT = 50;
/** A large video takes a while to send; the scheduler never waits less than this for one. */
export const YOUTUBE_PUBLISH_TIMEOUT_MS = 15 * 60_000;

export interface YoutubeAdapterDeps {
  now?: () => Date;
  /** The Data API's host; https://www.googleapis.com by default (YOUTUBE_API_URL). */
  baseUrl?: string;
  /** Google's OAuth host that renews tokens; https://oauth2.googleapis.com by default (GOOGLE_OAUTH_URL). */
  authBaseUrl?: string;
  /** The Google app's keys (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET). */
  clientId?: string;
  clientSecret?: string;
  /** Bytes per PUT, rounded down to a multiple of 256 KiB (tests shorten it). */
  chunkBytes?: number;
  /** Counts the project's quota units (./quota.ts); nothing is counted without it. */
  quota?: QuotaMeter;
}

/** Where the adapter reports the quota its calls cost; never throws. */
export interface QuotaMeter {
  spend(units: number): Promise<void>;
  /** YouTube answered quotaExceeded: the day is used up. */
  usedUp(): Promise<void>;
}

/** Google's error body: { error: { code, message, errors: [{ reason, message, domain }] } }. */
interface GoogleError {
  error?: { code?: number; message?: string; status?: string; errors?: { reason?: string; message?: string }[] } | string;
  error_description?: string;
}

interface Video {
  id?: string;
  snippet?: { title?: string; publishedAt?: string };
  status?: { uploadStatus?: string; privacyStatus?: string };
  statistics?: { viewCount?: string; likeCount?: string; commentCount?: string; favoriteCount?: string };
}

interface PlaylistItem {
  snippet?: { title?: string; publishedAt?: string; resourceId?: { kind?: string; videoId?: string } };
  contentDetails?: { videoId?: string; videoPublishedAt?: string };
}

/** A comment (comments.insert's answer, comments.list's items). */
export interface YoutubeComment {
  id?: string;
  snippet?: {
    videoId?: string;
    parentId?: string;
    textDisplay?: string;
    textOriginal?: string;
    authorDisplayName?: string;
    authorChannelUrl?: string;
    authorChannelId?: { value?: string };
    publishedAt?: string;
  };
}

/** A comment's own page: the video with the comment highlighted. */
export function youtubeCommentUrl(videoId: string | undefined, commentId: string): string {
  return videoId ? `https://www.youtube.com/watch?v=${encodeURIComponent(videoId)}&lc=${encodeURIComponent(commentId)}` : "https://www.youtube.com/";
}

/**
 * Replies hang under a top-level comment only: a reply's id is "<top-level id>.<its own>", so an
 * answer to a reply goes under the same top-level comment.
 */
export function topLevelCommentId(id: string): string {
  return id.split(".")[0];
}

interface Page<T> {
  items?: T[];
  nextPageToken?: string;
}

type Client = <T>(method: "GET" | "POST", path: string, query?: Record<string, string | number>) => Promise<HttpResult<T>>;

function credentialsOf(account: AccountContext): YoutubeCredentials {
  return storedCredentials(youtubeCredentials, account, (issues) => `The YouTube credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
}

/**
 * One API call, counted: a call YouTube answered costs its units even when refused; one that
 * never reached it (no HTTP status) costs none; quotaExceeded marks the day used up.
 */
export async function meteredCall<T>(meter: QuotaMeter | undefined, units: number, call: () => Promise<T>): Promise<T> {
  if (!meter) return call();
  let result: T;
  try {
    result = await call();
  } catch (err) {
    if (err instanceof PlatformError && err.httpStatus !== undefined) await (err.code === "quota_exceeded" ? meter.usedUp() : meter.spend(units));
    throw err;
  }
  await meter.spend(units);
  return result;
}

/** When YouTube's daily quota is renewed after `now`: the next midnight, Pacific time. */
export function nextQuotaReset(now: Date): Date {
  return DateTime.fromJSDate(now, { zone: QUOTA_ZONE }).startOf("day").plus({ days: 1 }).toJSDate();
}

const reasonsOf = (body: unknown): string[] => {
  const e = (body as GoogleError | null)?.error;
  return typeof e === "object" && e ? (e.errors ?? []).map((x) => x?.reason ?? "").filter(Boolean) : [];
};

/** YouTube sends its statistics as strings of digits. */
const count = (n: unknown) => countOf(typeof n === "string" ? Number(n) : n);


/** What a 400 means, in words, by YouTube's reason. */
const BAD_REQUEST: Record<string, string> = {
  invalidTitle: "YouTube refused the title (empty, over 100 characters, or with < or >).",
  invalidDescription: "YouTube refused the description (over 5,000 bytes, or with < or >).",
  invalidTags: "YouTube refused the tags (over 500 characters in all, or with < or >).",
  invalidCategoryId: "YouTube has no such video category (config.youtube.categoryId).",
  invalidVideoMetadata: "YouTube refused the video's details.",
  mediaBodyRequired: "YouTube received no video.",
  invalidFilename: "YouTube refused the video's file name.",
  uploadLimitExceeded: "The channel has reached its upload limit.",
};

/**
 * YouTube's statuses: 401 → auth; 403 with a quota reason → rate_limited (quotaExceeded until the
 * next Pacific midnight), with forbidden / insufficientPermissions → auth; 400 → permanent with
 * the reason in words; the rest as every platform (429 rate_limited, 5xx transient).
 */
export function youtubeError(status: number, headers: Headers, body: unknown, now: Date): PlatformError {
  const reasons = reasonsOf(body);
  const detail = describeBody(body);
  const has = (...r: string[]) => reasons.find((x) => r.includes(x));
  if (status === 401) {
    return new PlatformError("auth", "auth_invalid", `YouTube refused the account's token (HTTP 401${detail ? `: ${detail}` : ""}); reconnect it.`, { httpStatus: status });
  }
  if (status === 403 || status === 429) {
    if (has("quotaExceeded", "dailyLimitExceeded")) {
      return new PlatformError(
        "rate_limited",
        "quota_exceeded",
        "The Google project's daily YouTube quota is used up (an upload costs 1,600 of 10,000 units); it is renewed at midnight Pacific time.",
        { httpStatus: status, retryAt: nextQuotaReset(now) },
      );
    }
    const limited = has("uploadLimitExceeded", "rateLimitExceeded", "userRateLimitExceeded");
    if (limited || status === 429) {
      const why = limited === "uploadLimitExceeded" ? "The channel has reached YouTube's upload limit for now" : "YouTube asks Herald to slow down";
      return new PlatformError("rate_limited", limited ? limited.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : "rate_limited", `${why} (HTTP ${status}${detail ? `: ${detail}` : ""}).`, {
        httpStatus: status,
        retryAt: resetFromHeaders(headers, now),
      });
    }
    if (has("forbidden", "insufficientPermissions", "youtubeSignupRequired", "authenticatedUserAccountClosed", "authenticatedUserAccountSuspended")) {
      return new PlatformError(
        "auth",
        "auth_invalid",
        `YouTube refused the account (HTTP 403${detail ? `: ${detail}` : ""}); reconnect it with the youtube.upload and youtube.readonly permissions (answering comments needs youtube.force-ssl).`,
        { httpStatus: status },
      );
    }
  }
  if (status === 400) {
    const known = has(...Object.keys(BAD_REQUEST));
    const reason = known ?? reasons[0] ?? "rejected";
    return new PlatformError("permanent", reason.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), known ? `${BAD_REQUEST[known]}${detail ? ` (${detail})` : ""}` : `YouTube refused the video (HTTP 400${detail ? `: ${detail}` : ""}).`, {
      httpStatus: status,
    });
  }
  return classifyStatus(LABEL, status, headers, body, now);
}

export function createYoutubeAdapter(deps: YoutubeAdapterDeps = {}): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const base = (deps.baseUrl ?? YOUTUBE_BASE_URL).replace(/\/+$/, "");
  const authBase = (deps.authBaseUrl ?? GOOGLE_OAUTH_BASE_URL).replace(/\/+$/, "");
  const chunkBytes = Math.max(CHUNK_UNIT, Math.floor((deps.chunkBytes ?? YOUTUBE_CHUNK_BYTES) / CHUNK_UNIT) * CHUNK_UNIT);

  const metered = <T>(units: number, call: () => Promise<T>) => meteredCall(deps.quota, units, call);

  // Every call through here is a list call (channels, playlistItems, videos): 1 unit.
  const client =
    (creds: YoutubeCredentials, signal: AbortSignal): Client =>
    <T>(method: "GET" | "POST", path: string, query: Record<string, string | number> = {}) => {
      const url = new URL(`${base}${path}`);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
      return metered(YOUTUBE_LIST_UNITS, () =>
        requestJson<T>(LABEL, url.toString(), { method, headers: { authorization: `Bearer ${creds.accessToken}`, accept: "application/json" }, signal }, (status, h, body) =>
          youtubeError(status, h, body, now()),
        ),
      );
    };

  function validate(content: PublishContent): ValidationProblem[] {
    // An answer from the inbox is a comment: text only (docs/decisions.md, "Inbox").
    if (replyTargetOf(content)) {
      const n = [...content.text.trim()].length;
      if (n === 0) return [{ platform: "youtube", field: "text", message: "The answer is empty." }];
      if (n > YOUTUBE_COMMENT_MAX_CHARS) return [{ platform: "youtube", field: "text", message: `YouTube takes comments of up to ${YOUTUBE_COMMENT_MAX_CHARS.toLocaleString("en")} characters; this one has ${n}.` }];
      return [];
    }
    const problems = validateContent(youtubeSpec, content);
    if (content.media?.length && content.media.some((m) => m.type !== "video")) {
      problems.push({ platform: "youtube", field: "media", message: "A YouTube post is one video, without images." });
    }
    if (content.firstComment?.trim()) {
      problems.push({ platform: "youtube", field: "firstComment", message: "Herald cannot add a first comment on YouTube yet." });
    }
    return problems;
  }

  const urlOf = (id: string, shorts?: boolean) => (shorts ? `https://www.youtube.com/shorts/${id}` : youtubeSpec.permalink("", id));

  /** Step 1: the upload session's URL. Nothing exists on YouTube yet. */
  async function startSession(creds: YoutubeCredentials, content: PublishContent, mime: string, size: number, signal: AbortSignal): Promise<string> {
    const y = content.youtube!;
    const metadata = {
      snippet: {
        title: y.title!.trim(),
        description: youtubeDescription(content),
        ...(y.tags?.length && { tags: y.tags }),
        ...(y.categoryId && { categoryId: y.categoryId }),
      },
      status: { privacyStatus: y.privacy ?? "public", selfDeclaredMadeForKids: y.madeForKids ?? false },
    };
    const url = new URL(`${base}/upload/youtube/v3/videos`);
    url.searchParams.set("uploadType", "resumable");
    url.searchParams.set("part", "snippet,status");
    // videos.insert: its cost is counted when the session opens.
    const res = await metered(YOUTUBE_UPLOAD_UNITS, () => requestJson(
      LABEL,
      url.toString(),
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${creds.accessToken}`,
          "content-type": "application/json; charset=UTF-8",
          "x-upload-content-type": mime,
          "x-upload-content-length": String(size),
          accept: "application/json",
        },
        body: JSON.stringify(metadata),
        signal,
      },
      (status, h, body) => youtubeError(status, h, body, now()),
    ));
    const location = res.headers.get("location");
    if (!location) throw new PlatformError("transient", "unexpected_response", "YouTube opened no upload session (no Location header).");
    // The bytes and the token go to the session URL: only ever on the API's own host.
    const session = new URL(location, base);
    if (session.origin !== new URL(base).origin) {
      throw new PlatformError("permanent", "unexpected_response", `YouTube's upload session points at another host (${session.host}); Herald does not send the video there.`);
    }
    return session.toString();
  }

  /** Step 2: the bytes, chunk by chunk; the final answer is the video. */
  async function sendBytes(creds: YoutubeCredentials, session: string, data: Buffer, mime: string, signal: AbortSignal, from = 0): Promise<Video> {
    const total = data.length;
    const maxPuts = Math.ceil((total - from) / chunkBytes) + YOUTUBE_EXTRA_PUTS;
    let offset = from;
    for (let put = 0; put < maxPuts; put++) {
      const end = Math.min(offset + chunkBytes, total) - 1;
      const final = end === total - 1;
      // Before the last byte nothing can be live: any failure is transient.
      const notYet = (e: PlatformError) =>
        final || e.failureClass !== "in_doubt" ? e : new PlatformError("transient", e.code, `${e.message} Nothing was posted yet.`, { httpStatus: e.httpStatus, cause: e });
      let res: Response;
      let text: string;
      try {
        res = await fetch(session, {
          method: "PUT",
          headers: { authorization: `Bearer ${creds.accessToken}`, "content-type": mime, "content-range": `bytes ${offset}-${end}/${total}` },
          body: new Uint8Array(data.subarray(offset, end + 1)),
          // 308 here is "Resume Incomplete", not a redirect.
          redirect: "manual",
          signal,
        });
        text = await res.text();
      } catch (err) {
        throw notYet(classifyNetworkError(LABEL, err));
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* keep text */
      }
      if (res.status === 200 || res.status === 201) return (body ?? {}) as Video;
      if (res.status === 308) {
        // "Range: bytes=0-N": YouTube holds N + 1 bytes; none without the header.
        const held = /bytes=0-(\d+)/.exec(res.headers.get("range") ?? "");
        offset = held ? Number(held[1]) + 1 : 0;
        if (offset >= total) offset = 0;
        continue;
      }
      if (res.status >= 500 || res.status === 408) {
        throw notYet(
          final
            ? new PlatformError("in_doubt", "server_error", `YouTube had a server error while taking the video's last bytes (HTTP ${res.status}); it may have been posted.`, {
                httpStatus: res.status,
              })
            : new PlatformError("transient", "server_error", `YouTube had a server error during the upload (HTTP ${res.status}); nothing was posted yet.`, {
                httpStatus: res.status,
                retryAt: resetFromHeaders(res.headers, now()),
              }),
        );
      }
      if (res.status === 404 || res.status === 410) {
        throw new PlatformError("transient", "upload_session_expired", `YouTube's upload session ended (HTTP ${res.status}); the upload starts over.`, { httpStatus: res.status });
      }
      throw youtubeError(res.status, res.headers, body, now());
    }
    throw new PlatformError("transient", "upload_incomplete", `YouTube kept asking for the video's bytes again (${maxPuts} requests); the upload starts over.`);
  }

  /** A session kept by an earlier attempt, if it is for this file, on the API's host and not expired. */
  function keptSession(ref: string | undefined, size: number): KeptSession | null {
    const kept = keptSessionAnySize(ref);
    return kept && kept.size === size ? kept : null;
  }

  function keptSessionAnySize(ref: string | undefined): KeptSession | null {
    if (!ref?.startsWith(YOUTUBE_SESSION_REF)) return null;
    try {
      const kept = decryptJson<KeptSession>(ref.slice(YOUTUBE_SESSION_REF.length));
      if (typeof kept.size !== "number" || !(Date.parse(kept.expiresAt) > now().getTime())) return null;
      if (new URL(kept.url).origin !== new URL(base).origin) return null;
      return kept;
    } catch {
      return null; // another key, another shape: start over
    }
  }

  /**
   * Asks a kept session what YouTube holds: `PUT` with no bytes and `Content-Range: bytes * /total`
   * (no space). 308 → go on after its Range (from 0 without one); 200/201 → the upload had finished:
   * the video; 404/410 → the session ended: null, start over. Nothing can become live here.
   */
  async function sessionStatus(creds: YoutubeCredentials, session: string, total: number, signal: AbortSignal): Promise<{ offset: number } | { video: Video } | null> {
    const res = await fetch(session, {
      method: "PUT",
      headers: { authorization: `Bearer ${creds.accessToken}`, "content-range": `bytes */${total}` },
      body: new Uint8Array(0),
      redirect: "manual",
      signal,
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    if (res.status === 200 || res.status === 201) return { video: (body ?? {}) as Video };
    if (res.status === 308) {
      const held = /bytes=0-(\d+)/.exec(res.headers.get("range") ?? "");
      const offset = held ? Number(held[1]) + 1 : 0;
      return { offset: offset >= total ? 0 : offset };
    }
    if (res.status === 404 || res.status === 410) return null;
    throw youtubeError(res.status, res.headers, body, now());
  }

  /**
   * thumbnails.set with the chosen picture (config.youtube.thumbnailUrl) or the video's poster
   * frame. The video is live whatever happens here: every failure is a warning, never thrown.
   */
  async function setThumbnail(creds: YoutubeCredentials, workspaceId: string, videoId: string, content: PublishContent, signal: AbortSignal): Promise<string[]> {
    const chosen = content.youtube?.thumbnailUrl;
    const poster = content.media?.[0]?.posterUrl;
    if (!chosen && !poster) return [];
    try {
      // A chosen picture is downloaded; the poster is Herald's own (lib/media/poster.ts).
      const image = chosen
        ? await loadMedia({ url: chosen, type: "image" }, signal, YOUTUBE_THUMBNAIL_MAX_BYTES)
        : await loadPoster(workspaceId, poster!, signal, YOUTUBE_THUMBNAIL_MAX_BYTES);
      const mime = image.mime === "image/png" ? "image/png" : "image/jpeg";
      const url = new URL(`${base}/upload/youtube/v3/thumbnails/set`);
      url.searchParams.set("videoId", videoId);
      url.searchParams.set("uploadType", "media");
      await metered(YOUTUBE_THUMBNAIL_UNITS, () =>
        requestJson(
          LABEL,
          url.toString(),
          { method: "POST", headers: { authorization: `Bearer ${creds.accessToken}`, "content-type": mime, accept: "application/json" }, body: new Uint8Array(image.data), signal },
          (status, h, body) => youtubeError(status, h, body, now()),
        ),
      );
      return [];
    } catch (err) {
      const pe = classifyNetworkError(LABEL, err);
      if (pe.httpStatus === 403 && pe.code !== "quota_exceeded") {
        return ["YouTube did not set the custom thumbnail: the channel must be verified to use custom thumbnails (youtube.com/verify). The video is live with a frame YouTube chose."];
      }
      return [`YouTube did not set the custom thumbnail (${pe.message}). The video is live with a frame YouTube chose.`];
    }
  }

  /** comments.insert under the top-level comment (50 units). YouTube takes no idempotency key: an answer in doubt is reconciled. */
  async function insertReply(creds: YoutubeCredentials, replyTo: string, text: string, signal: AbortSignal): Promise<PublishResult> {
    const url = new URL(`${base}/youtube/v3/comments`);
    url.searchParams.set("part", "snippet");
    const res = await metered(YOUTUBE_COMMENT_UNITS, () =>
      requestJson<YoutubeComment>(
        LABEL,
        url.toString(),
        {
          method: "POST",
          headers: { authorization: `Bearer ${creds.accessToken}`, "content-type": "application/json; charset=UTF-8", accept: "application/json" },
          body: JSON.stringify({ snippet: { parentId: topLevelCommentId(replyTo), textOriginal: text } }),
          signal,
        },
        (status, h, body) => youtubeError(status, h, body, now()),
      ),
    );
    const id = res.body?.id;
    if (!id) throw new PlatformError("in_doubt", "unexpected_response", "YouTube took the answer but sent back no comment id; it may be live.");
    return { platformPostId: id, url: youtubeCommentUrl(res.body?.snippet?.videoId, id), simulated: false };
  }

  /** Our answer among the top-level comment's replies (one page of 100, 1 unit), by its text and time. */
  async function findReply(call: Client, replyTo: string, text: string, since: Date): Promise<ReconcileResult> {
    const page = await call<Page<YoutubeComment>>("GET", "/youtube/v3/comments", { part: "snippet", parentId: topLevelCommentId(replyTo), maxResults: 100, textFormat: "plainText" });
    const items = page.body?.items ?? [];
    const hit = items.find((c) => c.id && Date.parse(c.snippet?.publishedAt ?? "") >= since.getTime() && sameWords(c.snippet?.textOriginal ?? c.snippet?.textDisplay, text));
    if (hit?.id) return { state: "found", result: { platformPostId: hit.id, url: youtubeCommentUrl(hit.snippet?.videoId, hit.id), simulated: false } };
    return page.body?.nextPageToken ? { state: "unknown", reason: "the comment has more than 100 replies" } : { state: "absent" };
  }

  /** The channel's newest uploads (one page), searched for this title since `since`. */
  async function findUpload(call: Client, content: PublishContent, since: Date): Promise<ReconcileResult> {
    const title = content.youtube?.title?.trim() ?? "";
    const channels = await call<Page<{ id?: string; contentDetails?: { relatedPlaylists?: { uploads?: string } } }>>("GET", "/youtube/v3/channels", {
      part: "contentDetails",
      mine: "true",
    });
    const uploads = channels.body?.items?.[0]?.contentDetails?.relatedPlaylists?.uploads;
    if (!uploads) return { state: "unknown", reason: "the account has no YouTube channel with an uploads playlist" };
    const page = await call<Page<PlaylistItem>>("GET", "/youtube/v3/playlistItems", { part: "snippet", playlistId: uploads, maxResults: YOUTUBE_LIST_LIMIT });
    const items = page.body?.items ?? [];
    const at = (i: PlaylistItem) => Date.parse(i.snippet?.publishedAt ?? "");
    const after = (i: PlaylistItem) => at(i) >= since.getTime();
    const hit = items.find((i) => after(i) && sameWords(i.snippet?.title, title) && (i.snippet?.resourceId?.videoId ?? i.contentDetails?.videoId));
    const id = hit && (hit.snippet?.resourceId?.videoId ?? hit.contentDetails?.videoId);
    if (id) return { state: "found", result: { platformPostId: id, url: urlOf(id, content.youtube?.shorts), simulated: false } };
    // Absent only when the page reaches back past `since` (or is all there is).
    const last = items.at(-1);
    if (!page.body?.nextPageToken || (last && !after(last))) return { state: "absent" };
    return { state: "unknown", reason: `the channel uploaded more than ${YOUTUBE_LIST_LIMIT} videos since ${since.toISOString()}` };
  }

  return {
    platform: "youtube",
    simulated: false,
    validate,
    publishTimeoutMs: (content) => (content.media?.length ? YOUTUBE_PUBLISH_TIMEOUT_MS : 0),

    async publish({ account, content, signal, remember, platformRef }): Promise<PublishResult> {
      const creds = credentialsOf(account);
      const problems = validate(content);
      if (problems.length) throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      const answering = replyTargetOf(content);
      if (answering) return insertReply(creds, answering, content.text.trim(), signal);
      const file = await beforePublishing(LABEL, () => loadMedia(content.media![0], signal));
      const mime = file.mime.startsWith("video/") ? file.mime : "application/octet-stream";
      const size = file.data.length;
      let session: string | null = null;
      let offset = 0;
      let video: Video | null = null;
      // An earlier attempt's session: ask what it holds and go on from there (its videos.insert is paid).
      const kept = keptSession(platformRef, size);
      if (kept) {
        const status = await beforePublishing(LABEL, () => sessionStatus(creds, kept.url, size, signal));
        if (status && "video" in status) video = status.video;
        else if (status) [session, offset] = [kept.url, status.offset];
      }
      if (!video) {
        if (!session) {
          const opened = await beforePublishing(LABEL, () => startSession(creds, content, mime, size, signal));
          session = opened;
          let ref: string | null = null;
          try {
            ref = YOUTUBE_SESSION_REF + encryptJson({ url: opened, size, expiresAt: new Date(now().getTime() + YOUTUBE_SESSION_TTL_MS).toISOString() } satisfies KeptSession);
          } catch {
            /* no CREDENTIALS_KEY: the upload works, a retry starts over */
          }
          if (ref) await remember?.(ref).catch(() => undefined);
        }
        video = await sendBytes(creds, session, file.data, mime, signal, offset);
      }
      if (!video.id) throw new PlatformError("in_doubt", "unexpected_response", "YouTube took the video but answered without its id; it may be live.");
      const warnings = await setThumbnail(creds, account.workspaceId, video.id, content, signal);
      return { platformPostId: video.id, url: urlOf(video.id, content.youtube?.shorts), simulated: false, ...(warnings.length > 0 && { warnings }) };
    },

    async reconcile({ account, content, signal, since: after, platformRef }) {
      try {
        const creds = credentialsOf(account);
        const answering = replyTargetOf(content);
        if (answering) return await findReply(client(creds, signal), answering, content.text.trim(), windowStart(now(), YOUTUBE_RECONCILE_WINDOW_S * 1000, after));
        // The kept upload session knows best: finished → that video; still missing bytes → nothing is live.
        const kept = platformRef?.startsWith(YOUTUBE_SESSION_REF) ? keptSessionAnySize(platformRef) : null;
        if (kept) {
          const status = await sessionStatus(creds, kept.url, kept.size, signal);
          if (status && "video" in status && status.video.id) {
            return { state: "found", result: { platformPostId: status.video.id, url: urlOf(status.video.id, content.youtube?.shorts), simulated: false } };
          }
          if (status && "offset" in status) return { state: "absent" };
        }
        if (!content.youtube?.title?.trim()) return { state: "unknown", reason: "the task has no title to look for" };
        const since = windowStart(now(), YOUTUBE_RECONCILE_WINDOW_S * 1000, after);
        return await findUpload(client(creds, signal), content, since);
      } catch (err) {
        return { state: "unknown", reason: classifyNetworkError(LABEL, err).message };
      }
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      const r = await client(creds, signal)<Page<Video>>("GET", "/youtube/v3/videos", { part: "statistics", id: platformPostId });
      const stats = r.body?.items?.[0]?.statistics;
      if (!stats) throw new PlatformError("permanent", "not_found", `YouTube has no video ${platformPostId} (deleted or private).`);
      return {
        likes: count(stats.likeCount),
        replies: count(stats.commentCount),
        reposts: 0,
        impressions: stats.viewCount === undefined ? null : count(stats.viewCount),
        simulated: false,
      };
    },

    async refresh({ account, signal }) {
      const creds = credentialsOf(account);
      if (!creds.refreshToken) return null;
      if (!deps.clientId || !deps.clientSecret) {
        throw new PlatformError("permanent", "not_configured", "Renewing a YouTube token needs the Google app's keys: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.");
      }
      const res = await requestJson<{ access_token?: string; refresh_token?: string; expires_in?: number }>(
        LABEL,
        `${authBase}/token`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: creds.refreshToken, client_id: deps.clientId, client_secret: deps.clientSecret }).toString(),
          signal,
        },
        (status, headers, body) => {
          const code = typeof (body as GoogleError | null)?.error === "string" ? ((body as GoogleError).error as string) : "";
          if (code === "invalid_grant") {
            return new PlatformError("auth", "refresh_token_invalid", `Google refused to renew the token (${describeBody(body)}); reconnect the account.`, { httpStatus: status });
          }
          // The app's keys, which no reconnect of the account fixes.
          if (code === "invalid_client" || code === "unauthorized_client" || status === 401) {
            return new PlatformError("permanent", "app_credentials_invalid", "Google refused Herald's app keys (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET).", { httpStatus: status });
          }
          return classifyStatus(LABEL, status, headers, body, now());
        },
      );
      if (!res.body?.access_token) throw new PlatformError("transient", "unexpected_response", "Google's token endpoint answered without an access token.");
      const expiresAt = expiresAtFrom(res.body.expires_in, now());
      return {
        accessToken: res.body.access_token,
        // Google sends no new refresh token on a refresh: keep the stored one.
        refreshToken: res.body.refresh_token || creds.refreshToken,
        ...(creds.channelId && { channelId: creds.channelId }),
        ...(expiresAt && { expiresAt }),
      };
    },

    classify(err) {
      return classifyNetworkError(LABEL, err);
    },
  };
}
