// Bluesky / atproto failures → Herald's failure classes. XRPC errors carry the HTTP status and an
// error name ({"error": "ExpiredToken", "message": "..."}); rate limits answer 429
// RateLimitExceeded with ratelimit-limit / -remaining / -reset (epoch seconds) / -policy headers.
// Network failures reach us wrapped: the SDK turns a rejected fetch into an XRPCError with status
// 1 ("Unknown") whose `cause` is the original error.
import type { XRPCError } from "@atproto/api";
import { classifyNetworkError, classifyStatus, resetFromHeaders } from "../http";
import { PlatformError } from "../types";
import { clock } from "../../clock";

export const LABEL = "Bluesky";

/** Error names that mean the session or the credentials are no good. */
const AUTH_ERRORS = new Set(["ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing", "AuthRequired"]);
/** The account itself cannot post until a person acts. */
const ACCOUNT_ERRORS = new Set(["AccountTakedown", "AccountDeactivated", "AccountSuspended"]);

function headersOf(h: Record<string, string | undefined> | undefined): Headers {
  const out = new Headers();
  for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out.set(k, v);
  return out;
}

function describe(err: XRPCError): string {
  return err.message && err.message !== err.error ? `${err.error}: ${err.message}` : err.error;
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The libraries' error classes. This module does not load the libraries (the platform registry
 * imports it, docs/decisions.md "Cold starts"); the modules that load them register their classes
 * (./session.ts, ./oauth.ts), and an error of a library that was never loaded cannot be thrown.
 */
const known: { xrpc?: typeof XRPCError; lostSession: ErrorClass[] } = { lostSession: [] };

export function registerAtprotoErrors(classes: { XRPCError?: typeof XRPCError; lostSession?: ErrorClass[] }): void {
  if (classes.XRPCError) known.xrpc = classes.XRPCError;
  for (const c of classes.lostSession ?? []) if (!known.lostSession.includes(c)) known.lostSession.push(c);
}

function isXrpc(err: unknown): err is XRPCError {
  return known.xrpc !== undefined && err instanceof known.xrpc;
}

/** The library could not refresh an OAuth session (refused, revoked, deleted): only a new sign-in helps. */
function isLostOAuthSession(err: unknown): err is Error {
  return known.lostSession.some((c) => err instanceof c);
}

function lostOAuthSession(err: Error): PlatformError {
  return new PlatformError("auth", "oauth_session_invalid", `${LABEL} no longer accepts Herald's sign-in (${err.message}); connect the account again.`, { cause: err });
}

export function classifyBluesky(err: unknown, now: Date = clock.now()): PlatformError {
  if (err instanceof PlatformError) return err;
  if (isLostOAuthSession(err)) return lostOAuthSession(err);
  if (isXrpc(err)) {
    // No HTTP answer: the fetch failed (reset, refused, aborted). The cause says which.
    if (err.status === 1) {
      const cause = err.cause;
      if (cause instanceof PlatformError) return cause;
      if (isLostOAuthSession(cause)) return lostOAuthSession(cause);
      return classifyNetworkError(LABEL, cause ?? err);
    }
    // The PDS answered, but not with what the lexicon says: not a rejection of the post.
    if (err.status === 2) {
      return new PlatformError("transient", "invalid_response", `${LABEL} sent a response Herald could not read: ${err.message}`, {
        cause: err,
      });
    }
    const headers = headersOf(err.headers);
    const status = err.status;
    if (status === 429 || err.error === "RateLimitExceeded") {
      return new PlatformError("rate_limited", "rate_limited", `${LABEL} rate limit reached (HTTP 429): ${describe(err)}`, {
        httpStatus: 429,
        retryAt: resetFromHeaders(headers, now),
        cause: err,
      });
    }
    if (AUTH_ERRORS.has(err.error) || status === 401) {
      const code = err.error === "ExpiredToken" ? "token_expired" : err.error === "InvalidToken" ? "token_invalid" : "auth_invalid";
      return new PlatformError("auth", code, `${LABEL} rejected the login (HTTP ${status}): ${describe(err)}`, {
        httpStatus: status,
        cause: err,
      });
    }
    if (ACCOUNT_ERRORS.has(err.error)) {
      return new PlatformError("auth", "account_unavailable", `${LABEL} says the account cannot post (${describe(err)}).`, {
        httpStatus: status,
        cause: err,
      });
    }
    if (status === 413 || err.error === "BlobTooLarge") {
      return new PlatformError("permanent", "too_large", `${LABEL} says the upload is too large: ${describe(err)}`, {
        httpStatus: status,
        cause: err,
      });
    }
    if (status === 400 || err.error === "InvalidRequest") {
      return new PlatformError("permanent", "rejected", `${LABEL} rejected the post (HTTP ${status}): ${describe(err)}`, {
        httpStatus: status,
        cause: err,
      });
    }
    return classifyStatus(LABEL, status, headers, { error: err.error, message: err.message }, now);
  }
  return classifyNetworkError(LABEL, err);
}

/** The XRPC error name, when `err` is an answer from the PDS. */
export function xrpcName(err: unknown): string | undefined {
  return isXrpc(err) && err.status > 2 ? err.error : undefined;
}
