// What the request path needs of the sign-in set-up without loading Better Auth itself (lib/auth/
// server.ts): the cookie prefix and the origins trusted for cookie-authenticated writes. An API-key
// or cron request never loads Better Auth (docs/decisions.md, "Cold starts").
import { appUrl, env } from "../env";

/** Cookies are named herald.session_token (with __Secure- on https). */
export const COOKIE_PREFIX = "herald";

/** Origins that may send cookie-authenticated writes: the app's own (and PUBLIC_BASE_URL's). */
export function trustedOrigins(): string[] {
  const e = env();
  return [...new Set([appUrl(e), ...(e.PUBLIC_BASE_URL ? [new URL(e.PUBLIC_BASE_URL).origin] : [])])];
}
