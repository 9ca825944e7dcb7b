// Mastodon adapter: fetch against the account's own server (docs.joinmastodon.org,
// methods/statuses, methods/media, methods/instance, methods/accounts, api/rate-limits). The
// server's address comes from the user, so every request goes through the guarded fetch: a
// private address fails as permanent "address_not_allowed" before the token is sent anywhere.
import { loadMedia, prepareImage, type LoadedMedia } from "../../media/load";
import { beforePublishing, classifyNetworkError, classifyStatus, describeBody, requestJson } from "../http";
import { validateContent, type PlatformSpec } from "../spec";
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
import { mastodonCredentials, type MastodonCredentials } from "./credentials";
import { mastodonSpec } from "./spec";
import { composeText } from "../text";
import { comparable, htmlToText, mastodonLength } from "./text";
import { windowStart } from "../reconcile";
import { clock } from "../../clock";
import { guardedFetch } from "../../net/guarded-fetch";
import { sleep } from "../../sleep";
import { replyTargetOf } from "../reply-target";
import { firstIssue, storedCredentials } from "../stored-credentials";

const LABEL = "Mastodon";

/** What a server allows; from GET /api/v2/instance → configuration (Mastodon 4.0+). */
export interface MastodonLimits {
  maxCharacters: number;
  charactersReservedPerUrl: number;
  maxMediaAttachments: number;
  /** Bytes. */
  imageSizeLimit: number;
  /** Width × height. */
  imageMatrixLimit: number;
  /** Bytes. */
  videoSizeLimit: number;
  /** Characters of alt text. */
  descriptionLimit: number;
}

/** Mastodon's defaults (entities/Instance example; StatusLengthValidator), used until a server says otherwise. */
export const MASTODON_DEFAULT_LIMITS: MastodonLimits = {
  maxCharacters: 500,
  charactersReservedPerUrl: 23,
  maxMediaAttachments: 4,
  imageSizeLimit: 16 * 1024 * 1024,
  imageMatrixLimit: 33_177_600,
  videoSizeLimit: 99 * 1024 * 1024,
  descriptionLimit: 1500,
};

/** Instance limits change rarely; one look an hour per server is plenty. */
const INSTANCE_CACHE_TTL_MS = 60 * 60 * 1000;
/** POST /api/v2/media may answer 202 (still processing): poll GET /api/v1/media/:id this often, this many times. */
const MEDIA_POLL_INTERVAL_MS = 1000;
const MEDIA_POLL_MAX = 30;
/** Reconcile looks at the account's latest statuses (the endpoint's maximum page) from the last day. */
const RECONCILE_PAGE = 40;
const RECONCILE_WINDOW_MS = 24 * 60 * 60 * 1000;

// Module memory: shared by every adapter in this process, keyed by the server's base URL.
const instanceCache = new Map<string, { limits: MastodonLimits; fetchedAt: number }>();

function baseOf(url: string): string {
  return url.replace(/\/+$/, "");
}

/** For tests: forget every server's cached limits. */
export function clearMastodonInstanceCache(): void {
  instanceCache.clear();
}

/** The limits last fetched for a server (even if older than an hour), or undefined. */
export function cachedMastodonLimits(instanceUrl: string): MastodonLimits | undefined {
  return instanceCache.get(baseOf(instanceUrl))?.limits;
}

function positive(v: unknown, fallback: number): number {
  return typeof v === "number" && Number.isFinite(v) && v > 0 ? v : fallback;
}

function limitsFrom(body: unknown): MastodonLimits {
  const cfg = (body as { configuration?: Record<string, Record<string, unknown> | undefined> } | null)?.configuration ?? {};
  const st = cfg.statuses ?? {};
  const media = cfg.media_attachments ?? {};
  const d = MASTODON_DEFAULT_LIMITS;
  return {
    maxCharacters: positive(st.max_characters, d.maxCharacters),
    charactersReservedPerUrl: positive(st.characters_reserved_per_url, d.charactersReservedPerUrl),
    maxMediaAttachments: positive(st.max_media_attachments, d.maxMediaAttachments),
    imageSizeLimit: positive(media.image_size_limit, d.imageSizeLimit),
    imageMatrixLimit: positive(media.image_matrix_limit, d.imageMatrixLimit),
    videoSizeLimit: positive(media.video_size_limit, d.videoSizeLimit),
    descriptionLimit: positive(media.description_limit, d.descriptionLimit),
  };
}

/**
 * The server's real limits (GET /api/v2/instance, public), cached per server for an hour. A
 * server without the v2 endpoint (before Mastodon 4.0) answers 404: Mastodon's defaults apply.
 */
export async function mastodonInstanceLimits(
  instanceUrl: string,
  signal: AbortSignal,
  now: Date = clock.now(),
): Promise<MastodonLimits> {
  const base = baseOf(instanceUrl);
  const hit = instanceCache.get(base);
  if (hit && now.getTime() - hit.fetchedAt < INSTANCE_CACHE_TTL_MS) return hit.limits;
  let limits: MastodonLimits;
  try {
    const res = await requestJson(LABEL, `${base}/api/v2/instance`, { method: "GET", headers: { accept: "application/json" }, signal }, undefined, guardedFetch);
    limits = limitsFrom(res.body);
  } catch (err) {
    if (err instanceof PlatformError && err.httpStatus === 404) limits = { ...MASTODON_DEFAULT_LIMITS };
    else throw err;
  }
  instanceCache.set(base, { limits, fetchedAt: now.getTime() });
  return limits;
}

function specWith(limits: MastodonLimits): PlatformSpec {
  return {
    ...mastodonSpec,
    maxLength: limits.maxCharacters,
    count: (text) => mastodonLength(text, limits.charactersReservedPerUrl),
    media: { ...mastodonSpec.media, max: limits.maxMediaAttachments },
  };
}

/** Every rule a server applies that Herald can check before posting. */
export function validateForLimits(limits: MastodonLimits, content: PublishContent): ValidationProblem[] {
  const spec = specWith(limits);
  const problems = validateContent(spec, { ...content, text: composeText(content) });
  if (content.firstComment !== undefined) {
    const n = mastodonLength(content.firstComment, limits.charactersReservedPerUrl);
    if (content.firstComment.trim() === "") {
      problems.push({ platform: "mastodon", field: "firstComment", message: "The first comment is empty." });
    } else if (n > limits.maxCharacters) {
      problems.push({
        platform: "mastodon",
        field: "firstComment",
        message: `Mastodon allows ${limits.maxCharacters} characters; the first comment has ${n}.`,
      });
    }
  }
  (content.media ?? []).forEach((m, i) => {
    if (m.altText && m.altText.length > limits.descriptionLimit) {
      problems.push({
        platform: "mastodon",
        field: "media",
        message: `The alt text of media ${i + 1} has ${m.altText.length} characters; this Mastodon server allows ${limits.descriptionLimit}.`,
      });
    }
  });
  return problems;
}

interface Status {
  id: string;
  url: string | null;
  uri: string;
  content: string;
  created_at: string;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
}

interface MediaAttachment {
  id: string;
  url: string | null;
}

function credentialsOf(account: AccountContext): MastodonCredentials {
  return storedCredentials(mastodonCredentials, account, (issues) => `The Mastodon credentials for @${account.handle} are malformed (${firstIssue(issues)}); reconnect the account.`);
}


function fileName(ref: MediaRef, mime: string): string {
  const fromUrl = (() => {
    try {
      return new URL(ref.url).pathname.split("/").pop() ?? "";
    } catch {
      return "";
    }
  })();
  if (/\.[a-z0-9]{2,5}$/i.test(fromUrl)) return fromUrl;
  return `media.${mime.split("/")[1]?.replace(/[^a-z0-9]/gi, "") || "bin"}`;
}

export interface MastodonAdapter extends PlatformAdapter {
  /** The server's limits, fetched (and cached an hour) from GET /api/v2/instance. */
  instanceLimits(instanceUrl: string, signal: AbortSignal): Promise<MastodonLimits>;
}

export function createMastodonAdapter(
  deps: {
    now?: () => Date;
    /** Overrides the server URL from the credentials (tests, proxies). */
    baseUrl?: string;
    /** The account's server, when known up front: lets validate() use its cached limits. */
    instanceUrl?: string;
    mediaPollIntervalMs?: number;
    mediaPollMax?: number;
  } = {},
): MastodonAdapter {
  const now = deps.now ?? clock.now;
  const pollInterval = deps.mediaPollIntervalMs ?? MEDIA_POLL_INTERVAL_MS;
  const pollMax = deps.mediaPollMax ?? MEDIA_POLL_MAX;
  // The server this adapter last worked with: validate() has no account, so it uses this one's limits.
  let knownInstance = deps.baseUrl ?? deps.instanceUrl;

  function statusError(status: number, headers: Headers, body: unknown): PlatformError {
    const detail = describeBody(body);
    if (status === 422) {
      return new PlatformError("permanent", "rejected", `Mastodon rejected the request: ${detail || "unprocessable entity"} (HTTP 422).`, {
        httpStatus: status,
      });
    }
    if (status === 401) {
      return new PlatformError("auth", "auth_invalid", `Mastodon rejected the access token (${detail || "HTTP 401"}); reconnect the account.`, {
        httpStatus: status,
      });
    }
    // 403 is Mastodon's answer to a token without the needed scope ("This action is outside the
    // authorized scopes") or a disabled login: only the account owner can fix either.
    if (status === 403) {
      return new PlatformError("auth", "forbidden", `Mastodon refused the request (${detail || "HTTP 403"}); reconnect the account with write:statuses and write:media.`, {
        httpStatus: status,
      });
    }
    if (status === 404) {
      return new PlatformError("permanent", "not_found", `Mastodon has no such record (${detail || "HTTP 404"}); it may have been deleted.`, {
        httpStatus: status,
      });
    }
    // 429 carries X-RateLimit-Reset (an ISO date): classifyStatus turns it into retryAt.
    return classifyStatus(LABEL, status, headers, body, now());
  }

  function classify(err: unknown): PlatformError {
    return classifyNetworkError(LABEL, err);
  }

  function api<T>(base: string, token: string, path: string, init: RequestInit & { signal: AbortSignal }) {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    headers.set("accept", "application/json");
    return requestJson<T>(LABEL, `${base}${path}`, { ...init, headers }, statusError, guardedFetch);
  }

  async function postStatus(
    base: string,
    token: string,
    params: { status: string; media_ids?: string[]; in_reply_to_id?: string },
    idempotencyKey: string,
    signal: AbortSignal,
  ): Promise<Status> {
    const res = await api<Status>(base, token, "/api/v1/statuses", {
      method: "POST",
      // Mastodon keeps an Idempotency-Key for about an hour: a repeated POST with the same key
      // within that hour returns the status it already created instead of posting again.
      headers: { "content-type": "application/json", "idempotency-key": idempotencyKey },
      body: JSON.stringify(params),
      signal,
    });
    if (!res.body || typeof res.body !== "object" || !res.body.id) {
      throw new PlatformError("in_doubt", "unexpected_response", "Mastodon answered without a status id; the post may have been created.", {
        httpStatus: res.status,
      });
    }
    return res.body;
  }

  async function uploadMedia(base: string, token: string, ref: MediaRef, limits: MastodonLimits, signal: AbortSignal): Promise<string> {
    let file: LoadedMedia;
    if (ref.type === "image") {
      const loaded = await loadMedia(ref, signal);
      file = await prepareImage(loaded, {
        maxBytes: limits.imageSizeLimit,
        maxDimension: Math.floor(Math.sqrt(limits.imageMatrixLimit)),
        formats: ["jpeg", "png", "webp", "gif"],
      });
    } else {
      // Videos and animated GIFs go as they are (re-encoding a GIF would drop its animation).
      const max = ref.type === "video" ? limits.videoSizeLimit : limits.imageSizeLimit;
      file = await loadMedia(ref, signal, max);
    }
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(file.data)], { type: file.mime }), fileName(ref, file.mime));
    if (ref.altText) form.append("description", ref.altText);
    const res = await api<MediaAttachment>(base, token, "/api/v2/media", { method: "POST", body: form, signal });
    const media = res.body;
    if (!media?.id) throw new PlatformError("transient", "unexpected_response", "Mastodon accepted the upload but returned no media id.");
    // 200: processed synchronously. 202: url is null until background processing finishes.
    if (res.status !== 202 && media.url) return media.id;
    for (let i = 0; i < pollMax; i++) {
      await sleep(pollInterval, signal);
      const poll = await api<MediaAttachment>(base, token, `/api/v1/media/${encodeURIComponent(media.id)}`, { method: "GET", signal });
      // 206 Partial Content: still processing.
      if (poll.status === 200 && poll.body?.url) return media.id;
    }
    throw new PlatformError(
      "transient",
      "media_processing_timeout",
      `Mastodon was still processing media ${media.id} after ${Math.round((pollMax * pollInterval) / 1000)} s; the post will be tried again.`,
    );
  }

  const adapter: MastodonAdapter = {
    platform: "mastodon",
    simulated: false,

    instanceLimits: (instanceUrl, signal) => mastodonInstanceLimits(instanceUrl, signal, now()),

    validate(content) {
      const limits = (knownInstance && cachedMastodonLimits(knownInstance)) || MASTODON_DEFAULT_LIMITS;
      return validateForLimits(limits, content);
    },

    async publish({ account, content, idempotencyKey, signal }) {
      const creds = credentialsOf(account);
      const base = baseOf(deps.baseUrl ?? creds.instanceUrl);
      knownInstance = base;
      const token = creds.accessToken;

      // validate() may have used the default 500: check again against this server's real limits.
      const limits = await beforePublishing(LABEL, () => mastodonInstanceLimits(base, signal, now()));
      const problems = validateForLimits(limits, content);
      if (problems.length) {
        throw new PlatformError("permanent", "validation_failed", problems.map((p) => p.message).join(" "));
      }

      const mediaIds: string[] = [];
      for (const ref of content.media ?? []) {
        mediaIds.push(await beforePublishing(LABEL, () => uploadMedia(base, token, ref, limits, signal)));
      }

      const main = await postStatus(
        base,
        token,
        { status: composeText(content), ...(mediaIds.length ? { media_ids: mediaIds } : {}), ...(replyTargetOf(content) ? { in_reply_to_id: replyTargetOf(content) } : {}) },
        idempotencyKey,
        signal,
      );
      const result: PublishResult = { platformPostId: main.id, url: main.url ?? main.uri, simulated: false };

      let step = "";
      try {
        // The thread is a reply chain; each part has its own key derived from the task's key, so a
        // retry re-creates nothing that already exists (within Mastodon's ~1 h key memory).
        if (content.thread?.length) {
          result.threadIds = [];
          let parent = main.id;
          for (const [i, part] of content.thread.entries()) {
            step = `thread part ${i + 2}`;
            const s = await postStatus(base, token, { status: part, in_reply_to_id: parent }, `${idempotencyKey}:thread:${i + 1}`, signal);
            result.threadIds.push(s.id);
            parent = s.id;
          }
        }
        if (content.firstComment) {
          step = "the first comment";
          await postStatus(base, token, { status: content.firstComment, in_reply_to_id: main.id }, `${idempotencyKey}:first-comment`, signal);
        }
      } catch (err) {
        const pe = classify(err);
        // The main status is live. Retrying is safe because every part repeats its own
        // Idempotency-Key, so a doubt here becomes a plain retry rather than a reconcile (which
        // would adopt the main status and drop the rest).
        throw new PlatformError(
          pe.failureClass === "in_doubt" ? "transient" : pe.failureClass,
          pe.code,
          `The post is live at ${result.url}, but ${step} failed: ${pe.message}`,
          { httpStatus: pe.httpStatus, retryAt: pe.retryAt, cause: err },
        );
      }
      return result;
    },

    async metrics({ account, platformPostId, signal }): Promise<Metrics> {
      const creds = credentialsOf(account);
      const base = baseOf(deps.baseUrl ?? creds.instanceUrl);
      const res = await api<Status>(base, creds.accessToken, `/api/v1/statuses/${encodeURIComponent(platformPostId)}`, { method: "GET", signal });
      return {
        likes: res.body.favourites_count ?? 0,
        reposts: res.body.reblogs_count ?? 0,
        replies: res.body.replies_count ?? 0,
        impressions: null, // Mastodon does not count views
        simulated: false,
      };
    },

    // Re-posting with the Idempotency-Key would settle it only within the hour Mastodon keeps the
    // key, and would publish if the post is absent: instead, look in the account's recent statuses.
    async reconcile({ account, content, signal, since: after }): Promise<ReconcileResult> {
      const want = comparable(composeText(content));
      if (want === "") return { state: "unknown", reason: "a post without text cannot be recognised among the account's statuses" };
      try {
        const creds = credentialsOf(account);
        const base = baseOf(deps.baseUrl ?? creds.instanceUrl);
        const me = await api<{ id: string }>(base, creds.accessToken, "/api/v1/accounts/verify_credentials", { method: "GET", signal });
        const list = await api<Status[]>(
          base,
          creds.accessToken,
          `/api/v1/accounts/${encodeURIComponent(me.body.id)}/statuses?limit=${RECONCILE_PAGE}`,
          { method: "GET", signal },
        );
        const statuses = Array.isArray(list.body) ? list.body : [];
        const since = windowStart(now(), RECONCILE_WINDOW_MS, after).getTime();
        const match = statuses.find((s) => Date.parse(s.created_at) >= since && comparable(htmlToText(s.content ?? "")) === want);
        if (match) {
          return { state: "found", result: { platformPostId: match.id, url: match.url ?? match.uri, simulated: false } };
        }
        // Absent is proven only if this page reaches back past the window.
        const oldest = statuses.reduce((min, s) => Math.min(min, Date.parse(s.created_at)), Infinity);
        if (statuses.length < RECONCILE_PAGE || oldest < since) return { state: "absent" };
        return { state: "unknown", reason: `the account posted more than ${RECONCILE_PAGE} statuses in the last day` };
      } catch (err) {
        return { state: "unknown", reason: classify(err).message };
      }
    },

    // Mastodon access tokens do not expire.
    async refresh() {
      return null;
    },

    classify,
  };
  return adapter;
}
