// LinkedIn adapter: the versioned REST Posts API (learn.microsoft.com/linkedin/marketing/
// community-management/shares: posts-api, images-api, videos-api, comments-api,
// network-update-social-actions, little-text-format; shared/api-guide/concepts/error-handling;
// shared/authentication/programmatic-refresh-tokens).
import { loadMedia, prepareImage, type LoadedMedia } from "../../media/load";
import { inspectMp4 } from "../../media/mp4";
import { beforePublishing, classifyNetworkError, classifyStatus, describeBody, expiresAtFrom, requestJson, resetFromHeaders } from "../http";
import { replyTargetOf } from "../reply-target";
import { validateContent } from "../spec";
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
import { linkedinCredentials, type LinkedinCredentials } from "./credentials";
import { littleToPlain, toLittleText } from "./little-text";
import { linkedinSpec } from "./spec";
import {
  LINKEDIN_VIDEO_MAX_BYTES,
  LINKEDIN_VIDEO_MAX_DURATION_S,
  LINKEDIN_VIDEO_MAX_POLLS,
  LINKEDIN_VIDEO_MIN_BYTES,
  LINKEDIN_VIDEO_MIN_DURATION_S,
  LINKEDIN_VIDEO_POLL_INTERVAL_MS,
  LINKEDIN_VIDEO_TRANSFER_ALLOWANCE_MS,
  megabytes,
  nonMp4Extension,
} from "./video";
import { sleep } from "../../sleep";
import { windowStart } from "../reconcile";
import { clock } from "../../clock";
import { firstIssue, storedCredentials } from "../stored-credentials";

const LABEL = "LinkedIn";
const DEFAULT_BASE_URL = "https://api.linkedin.com";
const DEFAULT_AUTH_BASE_URL = "https://www.linkedin.com";
/**
 * LinkedIn-Version (YYYYMM). Every version is supported for at least a year after release, then
 * answers 426; July 2026 was the latest release documented when this adapter was written.
 */
export const LINKEDIN_API_VERSION = "202607";
const RESTLI_PROTOCOL_VERSION = "2.0.0";

/**
 * Images API: JPG, PNG or GIF, fewer than 36,152,320 pixels (a 6012 × 6012 square stays under).
 * LinkedIn documents no byte limit; 20 MB is Herald's own ceiling before re-encoding.
 */
const IMAGE_LIMITS = { maxBytes: 20 * 1024 * 1024, maxDimension: 6012, formats: ["jpeg", "png", "gif"] as ("jpeg" | "png" | "gif")[] };

/**
 * serviceErrorCode values LinkedIn sends with token failures: 65600 invalid, 65601 revoked by the
 * member, 65602 expired. They normally come with HTTP 401; matched on any status to be safe.
 */
const TOKEN_ERROR_CODES = new Set([65600, 65601, 65602]);

/** Reconcile reads the author's latest posts (posts finder, q=author) from the last day. */
const RECONCILE_PAGE = 10;
const RECONCILE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** LinkedIn's permalink for a post URN (urn:li:share:… or urn:li:ugcPost:…). */
export function linkedinPermalink(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

/** A comment's URN, urn:li:comment:(<the post or activity URN>,<id>): the post it is on. */
export function commentedObject(commentUrn: string): string | null {
  return /^urn:li:comment:\((urn:li:[A-Za-z]+:[^,()]+),[^)]+\)$/.exec(commentUrn)?.[1] ?? null;
}

/** A post's URN (urn:li:share:… or urn:li:ugcPost:…), as a page's @mention names the mentioning post. */
export function isLinkedinPostUrn(urn: string): boolean {
  return /^urn:li:(share|ugcPost):[^,()]+$/.test(urn);
}

/** A comment as the Comments API answers it (socialActions/{urn}/comments). */
export interface LinkedinComment {
  id?: string;
  $URN?: string;
  commentUrn?: string;
  actor?: string;
  object?: string;
  parentComment?: string;
  message?: { text?: string };
  created?: { actor?: string; time?: number };
}

/** The comment's own URN, however the answer names it. */
export function commentUrnOf(c: LinkedinComment, on: string): string | null {
  return c.commentUrn ?? c.$URN ?? (c.id ? `urn:li:comment:(${c.object ?? on},${c.id})` : null);
}

/** LinkedIn's page for a comment: the post, opened at the comment. */
export function linkedinCommentUrl(postUrn: string, commentUrn: string): string {
  return `${linkedinPermalink(postUrn)}?commentUrn=${encodeURIComponent(commentUrn)}`;
}

/** A 422 "Content is a duplicate of urn:li:share:N": the same text is already live under that URN. */
export class LinkedInDuplicateError extends PlatformError {
  readonly originalUrn: string | undefined;
  constructor(originalUrn: string | undefined, httpStatus: number) {
    super(
      "permanent",
      "duplicate",
      originalUrn
        ? `LinkedIn refused the post as a duplicate of ${originalUrn} (${linkedinPermalink(originalUrn)}), which is already published.`
        : "LinkedIn refused the post as a duplicate of one already published.",
      { httpStatus },
    );
    this.originalUrn = originalUrn;
  }
}

interface ErrorBody {
  message?: string;
  serviceErrorCode?: number;
  code?: string;
  status?: number;
  errorDetails?: { inputErrors?: { code?: string; description?: string }[] };
  error?: string;
  error_description?: string;
}

/** LinkedIn's message without the Java exception class it often starts with. */
function messageOf(body: unknown): string {
  const b = body as ErrorBody | null;
  const raw = typeof b?.message === "string" ? b.message : describeBody(body);
  return raw.replace(/^(?:[\w$]+\.)+[\w$]*Exception:\s*/, "").slice(0, 300);
}

function credentialsOf(account: AccountContext): LinkedinCredentials {
  return storedCredentials(linkedinCredentials, account, (issues) => `The LinkedIn credentials for ${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
}


function comparable(text: string): string {
  return text.normalize("NFC").replace(/\s+/g, " ").trim();
}

/** One byte range of a video upload, as initializeUpload hands it out (lastByte inclusive). */
interface UploadInstruction {
  uploadUrl?: string;
  firstByte?: number;
  lastByte?: number;
}

/** ETags may come quoted (HTTP style) or bare (/ambry-video/signedId/…); finalize wants them bare. */
function unquote(etag: string): string {
  const t = etag.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

interface PostElement {
  id?: string;
  commentary?: string;
  createdAt?: number;
  publishedAt?: number;
  lastModifiedAt?: number;
  lifecycleState?: string;
}

/**
 * The versioned REST calls (bearer token, LinkedIn-Version, Rest.li 2.0) and LinkedIn's error
 * statuses as PlatformErrors; shared by the adapter and the inbox (lib/inbox/linkedin.ts).
 */
export function linkedinHttp({ base, version, now }: { base: string; version: string; now: () => Date }) {
  /** `what` names the request in a 400/422 message ("the post", "the video upload", …). */
  function statusError(status: number, headers: Headers, body: unknown, what = "the post"): PlatformError {
    const b = (body && typeof body === "object" ? body : {}) as ErrorBody;
    const message = messageOf(body);
    const duplicate = /duplicate of (urn:li:[A-Za-z]+:[\w-]+)/i.exec(message);
    if (duplicate || b.errorDetails?.inputErrors?.some((e) => e.code === "DUPLICATE_POST")) {
      return new LinkedInDuplicateError(duplicate?.[1], status);
    }
    if (status === 401 || (b.serviceErrorCode !== undefined && TOKEN_ERROR_CODES.has(b.serviceErrorCode))) {
      return new PlatformError("auth", "auth_invalid", `LinkedIn rejected the access token (${message || `HTTP ${status}`}); reconnect the account.`, {
        httpStatus: status,
      });
    }
    if (status === 426) {
      return new PlatformError(
        "permanent",
        "api_version_unsupported",
        `LinkedIn no longer supports API version ${version} (HTTP 426); Herald's LinkedIn adapter needs a newer LinkedIn-Version.`,
        { httpStatus: status },
      );
    }
    if (status === 429) {
      // LinkedIn sends no reset header (its limits are daily): retryAt stays undefined unless one
      // appears, so the scheduler's own backoff applies.
      return new PlatformError("rate_limited", "rate_limited", `LinkedIn rate limit reached (HTTP 429)${message ? `: ${message}` : "."}`, {
        httpStatus: status,
        retryAt: resetFromHeaders(headers, now()),
      });
    }
    if (status === 403) {
      return new PlatformError(
        "permanent",
        "forbidden",
        `LinkedIn refused the request (HTTP 403)${message ? `: ${message}` : ""}. The token may lack a permission (w_member_social, or w_organization_social for a page).`,
        { httpStatus: status },
      );
    }
    if (status === 404) {
      return new PlatformError("permanent", "not_found", `LinkedIn has no such post or resource (HTTP 404)${message ? `: ${message}` : "."}`, {
        httpStatus: status,
      });
    }
    if (status === 400 || status === 422) {
      return new PlatformError("permanent", "rejected", `LinkedIn rejected ${what} (HTTP ${status})${message ? `: ${message}` : "."}`, {
        httpStatus: status,
      });
    }
    return classifyStatus(LABEL, status, headers, body, now());
  }

  function rest<T>(token: string, path: string, init: RequestInit & { signal: AbortSignal }, what?: string) {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    headers.set("linkedin-version", version);
    headers.set("x-restli-protocol-version", RESTLI_PROTOCOL_VERSION);
    if (init.body !== undefined) headers.set("content-type", "application/json");
    return requestJson<T>(LABEL, `${base}${path}`, { ...init, headers }, (s, h, b) => statusError(s, h, b, what));
  }

  return { statusError, rest };
}

export function createLinkedinAdapter(
  deps: {
    now?: () => Date;
    /** The REST API's base URL (tests, proxies); https://api.linkedin.com by default. */
    baseUrl?: string;
    /** The OAuth server's base URL for token refresh; https://www.linkedin.com by default. */
    authBaseUrl?: string;
    /** LinkedIn-Version header; LINKEDIN_API_VERSION by default. */
    apiVersion?: string;
    /** Video processing poll (tests shorten it); LINKEDIN_VIDEO_POLL_INTERVAL_MS / _MAX_POLLS by default. */
    pollIntervalMs?: number;
    maxPolls?: number;
  } = {},
): PlatformAdapter {
  const now = deps.now ?? clock.now;
  const base = (deps.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const authBase = (deps.authBaseUrl ?? DEFAULT_AUTH_BASE_URL).replace(/\/+$/, "");
  const version = deps.apiVersion ?? LINKEDIN_API_VERSION;
  const pollInterval = deps.pollIntervalMs ?? LINKEDIN_VIDEO_POLL_INTERVAL_MS;
  const maxPolls = deps.maxPolls ?? LINKEDIN_VIDEO_MAX_POLLS;

  const { statusError, rest } = linkedinHttp({ base, version, now });

  function classify(err: unknown): PlatformError {
    return classifyNetworkError(LABEL, err);
  }

  function validate(content: PublishContent): ValidationProblem[] {
    // An answer from the inbox is a comment under a comment, or on a post mentioning the page: text
    // only (docs/decisions.md, "Inbox").
    const answering = replyTargetOf(content);
    if (answering) {
      if (!commentedObject(answering) && !isLinkedinPostUrn(answering)) {
        return [{ platform: "linkedin", field: "text", message: `LinkedIn answers hang under a comment or a post; ${answering} is neither.` }];
      }
      return content.text.trim() ? [] : [{ platform: "linkedin", field: "text", message: "The answer is empty." }];
    }
    const problems = validateContent(linkedinSpec, { ...content, text: composeText(content) });
    const media = content.media ?? [];
    const p = (message: string) => problems.push({ platform: "linkedin", field: "media", message });
    // Size, length and shape, when known, are the spec's video rules (validateContent above).
    for (const m of media.filter((x) => x.type === "video")) {
      const ext = nonMp4Extension(m.url);
      if (ext) p(`LinkedIn takes MP4 videos; this one is .${ext}. Convert it to MP4 (H.264).`);
    }
    if (content.firstComment !== undefined && content.firstComment.trim() === "") {
      problems.push({ platform: "linkedin", field: "firstComment", message: "The first comment is empty." });
    }
    return problems;
  }

  async function uploadImage(token: string, owner: string, ref: MediaRef, signal: AbortSignal): Promise<{ id: string; altText?: string }> {
    const loaded = await loadMedia(ref, signal);
    let file: LoadedMedia;
    if (ref.type === "gif") {
      // Re-encoding would drop the animation: send GIFs as they are, within the pixel limit.
      file = loaded;
    } else {
      file = await prepareImage(loaded, IMAGE_LIMITS);
    }
    const init = await rest<{ value?: { uploadUrl?: string; image?: string } }>(token, "/rest/images?action=initializeUpload", {
      method: "POST",
      body: JSON.stringify({ initializeUploadRequest: { owner } }),
      signal,
    });
    const uploadUrl = init.body?.value?.uploadUrl;
    const image = init.body?.value?.image;
    if (!uploadUrl || !image) {
      throw new PlatformError("transient", "unexpected_response", "LinkedIn did not return an upload URL for the image.");
    }
    // The upload URL is not a Rest.li resource: only the bearer token, no version headers.
    await requestJson(
      LABEL,
      uploadUrl,
      {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": file.mime },
        body: new Uint8Array(file.data),
        signal,
      },
      statusError,
    );
    return { id: image, ...(ref.altText ? { altText: ref.altText } : {}) };
  }

  /** Downloads the video and checks LinkedIn's rules on the bytes (size, MP4, duration). */
  async function loadVideo(ref: MediaRef, signal: AbortSignal): Promise<LoadedMedia> {
    let file: LoadedMedia;
    try {
      file = await loadMedia(ref, signal, LINKEDIN_VIDEO_MAX_BYTES);
    } catch (err) {
      if (err instanceof PlatformError && err.code === "media_too_large") {
        throw new PlatformError("permanent", "video_too_large", `LinkedIn takes videos up to ${megabytes(LINKEDIN_VIDEO_MAX_BYTES)}. ${err.message}`, {
          cause: err,
        });
      }
      throw err;
    }
    const size = file.data.length;
    if (size < LINKEDIN_VIDEO_MIN_BYTES) {
      throw new PlatformError(
        "permanent",
        "video_too_small",
        `The video is ${size} bytes; LinkedIn takes videos of at least ${LINKEDIN_VIDEO_MIN_BYTES / 1024} KB.`,
      );
    }
    const info = inspectMp4(file.data);
    if (!info.isoMedia) {
      throw new PlatformError(
        "permanent",
        "video_format",
        `LinkedIn takes MP4 videos; the file at ${ref.url.startsWith("data:") ? "the data URL" : ref.url} is not one (${file.mime}). Convert it to MP4 (H.264).`,
      );
    }
    if (info.quickTime) {
      throw new PlatformError("permanent", "video_format", "LinkedIn takes MP4 videos; this is a QuickTime (.mov) file. Export it as MP4 (H.264).");
    }
    const d = info.durationS;
    if (d !== undefined && (d < LINKEDIN_VIDEO_MIN_DURATION_S || d > LINKEDIN_VIDEO_MAX_DURATION_S)) {
      throw new PlatformError(
        "permanent",
        "video_duration",
        `The video runs ${d < 60 ? `${d.toFixed(1)} s` : `${(d / 60).toFixed(1)} min`}; LinkedIn takes videos of ${LINKEDIN_VIDEO_MIN_DURATION_S} s to ${LINKEDIN_VIDEO_MAX_DURATION_S / 60} min.`,
      );
    }
    return file;
  }

  /** The instructions as byte ranges that cover the file exactly once, in order; or a transient error. */
  function planParts(instructions: UploadInstruction[] | undefined, size: number) {
    const parts = (instructions ?? [])
      .map((i) => ({ uploadUrl: i.uploadUrl, firstByte: i.firstByte, lastByte: i.lastByte }))
      .sort((a, b) => (a.firstByte ?? 0) - (b.firstByte ?? 0));
    let next = 0;
    for (const part of parts) {
      const ok =
        typeof part.uploadUrl === "string" &&
        part.uploadUrl !== "" &&
        Number.isSafeInteger(part.firstByte) &&
        Number.isSafeInteger(part.lastByte) &&
        part.firstByte === next &&
        (part.lastByte as number) >= next &&
        (part.lastByte as number) < size;
      if (!ok) {
        throw new PlatformError("transient", "unexpected_response", "LinkedIn's video upload instructions do not cover the file byte for byte; nothing was posted.");
      }
      next = (part.lastByte as number) + 1;
    }
    if (parts.length === 0 || next !== size) {
      throw new PlatformError("transient", "unexpected_response", "LinkedIn's video upload instructions do not cover the whole file; nothing was posted.");
    }
    return parts as { uploadUrl: string; firstByte: number; lastByte: number }[];
  }

  /**
   * Polls the video until AVAILABLE. PROCESSING_FAILED is final. Still PROCESSING after the last
   * poll, or a status this token may not read (403): the post is created anyway, as LinkedIn
   * accepts a video that is still being processed.
   */
  async function waitForVideo(token: string, urn: string, signal: AbortSignal): Promise<void> {
    let status: string | undefined;
    for (let poll = 0; poll < maxPolls; poll++) {
      if (poll > 0) await sleep(pollInterval, signal);
      let body: { status?: string; processingFailureReason?: string } | undefined;
      try {
        const res = await rest<typeof body>(token, `/rest/videos/${encodeURIComponent(urn)}`, { method: "GET", signal }, "the video status request");
        body = res.body;
      } catch (err) {
        if (err instanceof PlatformError && err.failureClass === "permanent" && err.code === "forbidden") return;
        if (err instanceof PlatformError && err.code === "not_found") {
          throw new PlatformError("transient", "video_missing", `LinkedIn does not find the video ${urn} it just accepted (HTTP 404); nothing was posted.`, {
            httpStatus: 404,
          });
        }
        throw err;
      }
      status = body?.status;
      if (status === "AVAILABLE") return;
      if (status === "PROCESSING_FAILED") {
        const reason = typeof body?.processingFailureReason === "string" ? body.processingFailureReason : "";
        throw new PlatformError(
          "permanent",
          "video_processing_failed",
          `LinkedIn could not process the video (PROCESSING_FAILED${reason ? `: ${reason}` : ""}). It must be an MP4 (H.264) of ${LINKEDIN_VIDEO_MIN_DURATION_S} s to ${LINKEDIN_VIDEO_MAX_DURATION_S / 60} min; nothing was posted.`,
        );
      }
    }
    if (status === "WAITING_UPLOAD") {
      throw new PlatformError(
        "transient",
        "video_upload_incomplete",
        `LinkedIn still waits for the video's bytes ${Math.round((maxPolls * pollInterval) / 1000)} s after the upload was finalized; nothing was posted.`,
      );
    }
  }

  /**
   * Videos API: initializeUpload declares the size and hands out byte ranges with upload URLs;
   * each range is PUT to its URL and answers with an ETag, the part's id; finalizeUpload takes the
   * ids in order; then the video is processed.
   */
  async function uploadVideo(token: string, owner: string, ref: MediaRef, signal: AbortSignal): Promise<{ id: string; title?: string }> {
    const file = await loadVideo(ref, signal);
    const size = file.data.length;
    const init = await rest<{ value?: { video?: string; uploadToken?: string; uploadInstructions?: UploadInstruction[] } }>(
      token,
      "/rest/videos?action=initializeUpload",
      {
        method: "POST",
        body: JSON.stringify({ initializeUploadRequest: { owner, fileSizeBytes: size, uploadCaptions: false, uploadThumbnail: false } }),
        signal,
      },
      "the video upload",
    );
    const video = init.body?.value?.video;
    if (!video) throw new PlatformError("transient", "unexpected_response", "LinkedIn did not return a video URN for the upload; nothing was posted.");
    const parts = planParts(init.body?.value?.uploadInstructions, size);

    const uploadedPartIds: string[] = [];
    for (const [i, part] of parts.entries()) {
      const which = `part ${i + 1} of ${parts.length} of the video`;
      // The upload URLs are pre-signed: no token and no Rest.li headers, only the bytes.
      const res = await requestJson(
        LABEL,
        part.uploadUrl,
        {
          method: "PUT",
          headers: { "content-type": "application/octet-stream" },
          body: new Uint8Array(file.data.subarray(part.firstByte, part.lastByte + 1)),
          signal,
        },
        (status, headers, body) => {
          if (status === 401 || status === 403) {
            return new PlatformError(
              "transient",
              "upload_url_refused",
              `LinkedIn refused ${which} (HTTP ${status}); its upload URL may have expired. Nothing was posted; a retry starts a new upload.`,
              { httpStatus: status },
            );
          }
          return statusError(status, headers, body, which);
        },
      );
      const etag = res.headers.get("etag");
      if (!etag) {
        throw new PlatformError("transient", "unexpected_response", `LinkedIn accepted ${which} but sent no ETag to finalize it with; nothing was posted.`);
      }
      uploadedPartIds.push(unquote(etag));
    }

    await rest(
      token,
      "/rest/videos?action=finalizeUpload",
      {
        method: "POST",
        body: JSON.stringify({ finalizeUploadRequest: { video, uploadToken: init.body?.value?.uploadToken ?? "", uploadedPartIds } }),
        signal,
      },
      "finalizing the video upload",
    );
    await waitForVideo(token, video, signal);
    // Herald's media carries no title: the alt text, when given, is the video's title on LinkedIn.
    const title = ref.altText?.trim();
    return { id: video, ...(title ? { title } : {}) };
  }

  function postBody(author: string, text: string, content?: Record<string, unknown>) {
    const body: Record<string, unknown> = {
      author,
      commentary: toLittleText(text),
      visibility: "PUBLIC",
      distribution: { feedDistribution: "MAIN_FEED", targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: "PUBLISHED",
      isReshareDisabledByAuthor: false,
    };
    // No "content" key at all for a text post.
    if (content) body.content = content;
    return body;
  }

  /**
   * A reply under a comment: POST socialActions/{comment}/comments with parentComment; or, answering
   * a post (a page's @mention in someone's post, lib/inbox/linkedin-mentions.ts), a comment on it:
   * POST socialActions/{post}/comments. No idempotency key; in doubt is reconciled.
   */
  async function postReply(creds: LinkedinCredentials, commentUrn: string, text: string, signal: AbortSignal): Promise<PublishResult> {
    const onPost = commentedObject(commentUrn) === null;
    const object = commentedObject(commentUrn) ?? commentUrn;
    const res = await rest<LinkedinComment>(creds.accessToken, `/rest/socialActions/${encodeURIComponent(commentUrn)}/comments`, {
      method: "POST",
      body: JSON.stringify({ actor: creds.authorUrn, object, ...(!onPost && { parentComment: commentUrn }), message: { text } }),
      signal,
    }, "the answer");
    const header = res.headers.get("x-restli-id");
    const urn = (res.body && typeof res.body === "object" ? commentUrnOf(res.body, object) : null) ?? (header ? decodeURIComponent(header) : null);
    if (!urn) throw new PlatformError("in_doubt", "unexpected_response", "LinkedIn took the answer but named no comment; it may be live.", { httpStatus: res.status });
    return { platformPostId: urn, url: linkedinCommentUrl(object, urn), simulated: false };
  }

  /** Our answer among the comment's replies (or the post's comments), one page, by author, text and time. */
  async function findReply(creds: LinkedinCredentials, commentUrn: string, text: string, since: number, signal: AbortSignal): Promise<ReconcileResult> {
    const object = commentedObject(commentUrn) ?? commentUrn;
    const res = await rest<{ elements?: LinkedinComment[]; paging?: { total?: number } }>(creds.accessToken, `/rest/socialActions/${encodeURIComponent(commentUrn)}/comments?start=0&count=100`, { method: "GET", signal });
    const all = res.body?.elements ?? [];
    const hit = all.find((c) => c.actor === creds.authorUrn && (c.created?.time ?? 0) >= since && comparable(c.message?.text ?? "") === comparable(text));
    const urn = hit && commentUrnOf(hit, object);
    if (urn) return { state: "found", result: { platformPostId: urn, url: linkedinCommentUrl(object, urn), simulated: false } };
    return (res.body?.paging?.total ?? all.length) > all.length ? { state: "unknown", reason: "the comment has more than 100 replies" } : { state: "absent" };
  }

  return {
    platform: "linkedin",
    simulated: false,
    validate,
    // Video is uploaded in parts and processed before the post: allow for the polling and transfer.
    publishTimeoutMs: (content) =>
      content.media?.some((m) => m.type === "video") ? maxPolls * pollInterval + LINKEDIN_VIDEO_TRANSFER_ALLOWANCE_MS : 0,

    async publish({ account, content, attempt, signal }) {
      const creds = credentialsOf(account);
      const problems = validate(content);
      if (problems.length) {
        throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      }
      const answering = replyTargetOf(content);
      if (answering) return postReply(creds, answering, content.text.trim(), signal);
      // One video on its own (validate() enforces it), or images.
      const media = content.media ?? [];
      const video = media.find((m) => m.type === "video");
      let attachment: Record<string, unknown> | undefined;
      if (video) {
        attachment = { media: await beforePublishing(LABEL, () => uploadVideo(creds.accessToken, creds.authorUrn, video, signal)) };
      } else {
        const images: { id: string; altText?: string }[] = [];
        for (const ref of media) {
          images.push(await beforePublishing(LABEL, () => uploadImage(creds.accessToken, creds.authorUrn, ref, signal)));
        }
        if (images.length === 1) attachment = { media: images[0] };
        else if (images.length > 1) attachment = { multiImage: { images } };
      }

      let urn: string;
      try {
        const res = await rest(creds.accessToken, "/rest/posts", {
          method: "POST",
          body: JSON.stringify(postBody(creds.authorUrn, composeText(content), attachment)),
          signal,
        });
        // 201 Created, empty body: the new post's URN is in the x-restli-id header.
        const id = res.headers.get("x-restli-id") ?? (res.body as { id?: string } | undefined)?.id;
        if (!id) {
          throw new PlatformError("in_doubt", "unexpected_response", "LinkedIn accepted the post but returned no id (x-restli-id); it may be live.", {
            httpStatus: res.status,
          });
        }
        urn = id.includes("%") ? decodeURIComponent(id) : id;
      } catch (err) {
        // LinkedIn has no idempotency key, but it refuses identical text and names the original.
        // After an earlier attempt that may have landed, that original is ours: adopt it.
        if (err instanceof LinkedInDuplicateError && err.originalUrn && attempt > 1) urn = err.originalUrn;
        else throw classify(err);
      }
      const result: PublishResult = { platformPostId: urn, url: linkedinPermalink(urn), simulated: false };

      if (content.firstComment) {
        try {
          await rest(creds.accessToken, `/rest/socialActions/${encodeURIComponent(urn)}/comments`, {
            method: "POST",
            // Comments are plain text (not little text): sent as written.
            body: JSON.stringify({ actor: creds.authorUrn, object: urn, message: { text: content.firstComment } }),
            signal,
          });
        } catch (err) {
          const pe = classify(err);
          // A retry re-posts, meets the duplicate error, adopts the post and comments again; a
          // comment in doubt stays in doubt (reconcile adopts the post) rather than risk two comments.
          throw new PlatformError(pe.failureClass, pe.code, `The post is live at ${result.url}, but its first comment failed: ${pe.message}`, {
            httpStatus: pe.httpStatus,
            retryAt: pe.retryAt,
            cause: err,
          });
        }
      }
      return result;
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      const res = await rest<{
        likesSummary?: { totalLikes?: number };
        commentsSummary?: { aggregatedTotalComments?: number; totalFirstLevelComments?: number };
      }>(creds.accessToken, `/rest/socialActions/${encodeURIComponent(platformPostId)}`, { method: "GET", signal });
      return {
        likes: res.body?.likesSummary?.totalLikes ?? 0,
        reposts: 0, // socialActions has no repost count
        replies: res.body?.commentsSummary?.aggregatedTotalComments ?? res.body?.commentsSummary?.totalFirstLevelComments ?? 0,
        impressions: null,
        simulated: false,
      };
    },

    // Never re-posts. Reading posts needs r_member_social (restricted) or r_organization_social:
    // without it LinkedIn answers 403 and the answer is "unknown".
    async reconcile({ account, content, signal, since: after }): Promise<ReconcileResult> {
      const answering = replyTargetOf(content);
      if (answering) {
        try {
          return await findReply(credentialsOf(account), answering, content.text.trim(), windowStart(now(), RECONCILE_WINDOW_MS, after).getTime(), signal);
        } catch (err) {
          return { state: "unknown", reason: classify(err).message };
        }
      }
      const text = composeText(content);
      if (comparable(text) === "") return { state: "unknown", reason: "a post without text cannot be recognised among the author's posts" };
      try {
        const creds = credentialsOf(account);
        const q = new URLSearchParams({ author: creds.authorUrn, q: "author", count: String(RECONCILE_PAGE), sortBy: "LAST_MODIFIED" });
        const res = await rest<{ elements?: PostElement[] }>(creds.accessToken, `/rest/posts?${q}`, {
          method: "GET",
          headers: { "x-restli-method": "FINDER" },
          signal,
        });
        const posts = res.body?.elements ?? [];
        const since = windowStart(now(), RECONCILE_WINDOW_MS, after).getTime();
        const sent = toLittleText(text);
        const want = comparable(text);
        const match = posts.find(
          (p) =>
            p.id &&
            (p.createdAt ?? p.publishedAt ?? 0) >= since &&
            typeof p.commentary === "string" &&
            (p.commentary === sent || comparable(littleToPlain(p.commentary)) === want),
        );
        if (match?.id) return { state: "found", result: { platformPostId: match.id, url: linkedinPermalink(match.id), simulated: false } };
        // Sorted by last modification: the page covers the whole window once it holds a post last
        // touched before the window began, or when it is not full.
        const oldest = posts.reduce((min, p) => Math.min(min, p.lastModifiedAt ?? p.createdAt ?? Infinity), Infinity);
        if (posts.length < RECONCILE_PAGE || oldest < since) return { state: "absent" };
        return { state: "unknown", reason: `the author has more than ${RECONCILE_PAGE} posts changed in the last day` };
      } catch (err) {
        const pe = classify(err);
        const reason =
          pe.httpStatus === 403
            ? "LinkedIn does not let this app read the author's posts (r_member_social / r_organization_social is missing)"
            : pe.message;
        return { state: "unknown", reason };
      }
    },

    async refresh({ account, signal }) {
      const creds = credentialsOf(account);
      if (!creds.refreshToken || !creds.clientId || !creds.clientSecret) return null;
      const res = await requestJson<{ access_token?: string; refresh_token?: string; expires_in?: number }>(
        LABEL,
        `${authBase}/oauth/v2/accessToken`,
        {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: new URLSearchParams({
            grant_type: "refresh_token",
            refresh_token: creds.refreshToken,
            client_id: creds.clientId,
            client_secret: creds.clientSecret,
          }).toString(),
          signal,
        },
        (status, headers, body) => {
          const b = (body ?? {}) as ErrorBody;
          // 400 invalid_grant: the refresh token expired (one year) or was revoked.
          if (status === 400 || status === 401) {
            return new PlatformError(
              "auth",
              b.error === "invalid_grant" ? "refresh_token_invalid" : "auth_invalid",
              `LinkedIn refused to refresh the token (${b.error_description ?? b.error ?? `HTTP ${status}`}); reconnect the account.`,
              { httpStatus: status },
            );
          }
          return statusError(status, headers, body);
        },
      );
      if (!res.body?.access_token) {
        throw new PlatformError("transient", "unexpected_response", "LinkedIn's token endpoint answered without an access token.");
      }
      // Never drop the stored refresh token for an empty one.
      // expires_in (seconds, 60 days for LinkedIn) dates the next refresh.
      const expiresAt = expiresAtFrom(res.body.expires_in, now());
      return {
        accessToken: res.body.access_token,
        refreshToken: res.body.refresh_token || creds.refreshToken,
        ...(expiresAt && { expiresAt }),
      };
    },

    classify,
  };
}
