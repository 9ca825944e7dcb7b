// HTTP for adapters: one place that turns a platform's status codes, error bodies, rate-limit
// headers and network failures into the scheduler's failure classes.
import { PlatformError } from "./types";
import { clock } from "../clock";
import { refusalOf } from "../net/guarded-fetch";

export interface HttpResult<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/**
 * When a platform says we may try again, from its headers: Retry-After (seconds or HTTP date),
 * x-rate-limit-reset (X, epoch seconds), x-ratelimit-reset (Mastodon, ISO date or epoch seconds).
 */
export function resetFromHeaders(headers: Headers, now: Date = clock.now()): Date | undefined {
  const retryAfter = headers.get("retry-after");
  if (retryAfter) {
    const s = Number(retryAfter);
    if (Number.isFinite(s)) return new Date(now.getTime() + s * 1000);
    const d = Date.parse(retryAfter);
    if (!Number.isNaN(d)) return new Date(d);
  }
  for (const name of ["x-rate-limit-reset", "x-ratelimit-reset", "ratelimit-reset"]) {
    const v = headers.get(name);
    if (!v) continue;
    const n = Number(v);
    if (Number.isFinite(n)) {
      // Epoch seconds are large; small numbers are "seconds from now" (IETF RateLimit-Reset).
      return n > 1_000_000_000 ? new Date(n * 1000) : new Date(now.getTime() + n * 1000);
    }
    const d = Date.parse(v);
    if (!Number.isNaN(d)) return new Date(d);
  }
  return undefined;
}

/** A token answer's `expires_in` (seconds) as the ISO time it expires, or null when it gives none. */
export function expiresAtFrom(expiresIn: unknown, now: Date): string | null {
  const s = Number(expiresIn);
  return Number.isFinite(s) && s > 0 ? new Date(now.getTime() + s * 1000).toISOString() : null;
}

/** A count from a platform's JSON (likes, comments…): the number, or 0 when it is missing or not one. */
export function countOf(n: unknown): number {
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

/** A short, readable excerpt of an error body, never more than 300 characters. */
export function describeBody(body: unknown): string {
  if (body == null) return "";
  if (typeof body === "string") return body.slice(0, 300);
  const b = body as Record<string, unknown>;
  const msg =
    (b.error as { message?: string } | undefined)?.message ??
    (typeof b.error === "string" ? b.error : undefined) ??
    b.message ??
    b.detail ??
    b.error_description ??
    (Array.isArray(b.errors) ? (b.errors[0] as { message?: string })?.message : undefined);
  return String(msg ?? JSON.stringify(body)).slice(0, 300);
}

/** The generic mapping; adapters refine it with their platform's own codes first. */
export function classifyStatus(
  label: string,
  status: number,
  headers: Headers,
  body: unknown,
  now: Date = clock.now(),
): PlatformError {
  const detail = describeBody(body);
  const msg = (what: string) => `${label} ${what} (HTTP ${status})${detail ? `: ${detail}` : "."}`;
  if (status === 429) {
    return new PlatformError("rate_limited", "rate_limited", msg("rate limit reached"), {
      httpStatus: status,
      retryAt: resetFromHeaders(headers, now),
    });
  }
  if (status === 401) return new PlatformError("auth", "auth_invalid", msg("rejected the credentials"), { httpStatus: status });
  if (status === 408 || status >= 500) {
    return new PlatformError("transient", "server_error", msg("had a server error"), {
      httpStatus: status,
      retryAt: resetFromHeaders(headers, now),
    });
  }
  if (status === 403) return new PlatformError("permanent", "forbidden", msg("refused the request"), { httpStatus: status });
  if (status === 413) return new PlatformError("permanent", "too_large", msg("says the upload is too large"), { httpStatus: status });
  return new PlatformError("permanent", "rejected", msg("rejected the post"), { httpStatus: status });
}

// Errors raised before any byte of the request left: safe to retry as transient.
const BEFORE_SEND = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"]);

/**
 * Network failures: a refused connection or failed DNS lookup never reached the platform
 * (transient); a reset or timeout after the request was sent may have been published (in doubt).
 */
export function classifyNetworkError(label: string, err: unknown): PlatformError {
  if (err instanceof PlatformError) return err;
  // The guarded fetch refused the address (lib/net/guarded-fetch.ts): nothing was sent, and no
  // retry changes where the account points. The message names the host, nothing the server said.
  const refused = refusalOf(err);
  if (refused) return new PlatformError("permanent", refused.code, `${label}: ${refused.message}`, { cause: err });
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string }; message?: string };
  if (e?.name === "AbortError" || e?.name === "TimeoutError" || e?.cause?.name === "AbortError") {
    return new PlatformError("in_doubt", "timeout", `${label} did not answer in time; the request may have arrived.`, { cause: err });
  }
  const code = e?.cause?.code ?? e?.code;
  if (code && BEFORE_SEND.has(code)) {
    return new PlatformError("transient", "network_unreachable", `${label} could not be reached (${code}).`, { cause: err });
  }
  return new PlatformError(
    "in_doubt",
    "network_error",
    `The connection to ${label} failed after the request was sent (${code ?? e?.message ?? "unknown error"}).`,
    { cause: err },
  );
}

/**
 * fetch + JSON with classification. Non-2xx statuses go through `classify` (platform-specific
 * first, then the generic mapping); bodies that are not JSON are kept as text. Requests to an
 * address a user supplied (a Mastodon server) pass `guardedFetch` as `fetchImpl`.
 */
export async function requestJson<T = unknown>(
  label: string,
  url: string,
  init: RequestInit & { signal: AbortSignal },
  classify?: (status: number, headers: Headers, body: unknown) => PlatformError | undefined,
  fetchImpl: (input: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<HttpResult<T>> {
  let res: Response;
  try {
    res = await fetchImpl(url, init);
  } catch (err) {
    throw classifyNetworkError(label, err);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw classifyNetworkError(label, err);
  }
  let body: unknown = text;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      /* keep text */
    }
  }
  if (res.status >= 200 && res.status < 300) return { status: res.status, headers: res.headers, body: body as T };
  throw classify?.(res.status, res.headers, body) ?? classifyStatus(label, res.status, res.headers, body);
}

/**
 * Runs a step that cannot make anything visible (a media upload, an unpublished container, a read
 * before posting): if it ends in doubt, nothing can have gone live, so the failure is transient.
 */
export async function beforePublishing<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const pe = classifyNetworkError(label, err);
    if (pe.failureClass !== "in_doubt") throw pe;
    throw new PlatformError("transient", pe.code, `${pe.message} Nothing was posted yet.`, { httpStatus: pe.httpStatus, cause: err });
  }
}
