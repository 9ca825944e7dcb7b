// "Connect with Bluesky": what the platform registry, the callback route and the adapter need of
// the OAuth client without loading @atproto/oauth-client-node, which ./oauth.ts loads on first use
// (docs/decisions.md, "Cold starts").
import { appUrl, env } from "../../env";
import type { OAuthFlow } from "../platform";

export const CLIENT_METADATA_PATH = "/api/oauth/bluesky/client-metadata.json";
export const JWKS_PATH = "/api/oauth/bluesky/jwks.json";
/** atproto's base scope plus the transitional one that covers what an app password could do. */
export const BLUESKY_OAUTH_SCOPE = "atproto transition:generic";

const CALLBACK_PATH = "/api/accounts/oauth/bluesky/callback";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** Which client this deployment is: a confidential web client with a key, a loopback one, or none. */
export function blueskyClientKind(): "confidential" | "loopback" | null {
  const e = env();
  const app = new URL(appUrl());
  if (e.BLUESKY_OAUTH_PRIVATE_KEY && app.protocol === "https:") return "confidential";
  if (e.NODE_ENV !== "production" && app.protocol === "http:" && LOOPBACK_HOSTS.has(app.hostname)) return "loopback";
  return null;
}

/** Where the authorization server sends the browser back: the app URL, or 127.0.0.1 for a loopback client. */
export function blueskyRedirectUri(): string {
  const app = new URL(appUrl());
  if (blueskyClientKind() === "loopback") return `http://127.0.0.1${app.port ? `:${app.port}` : ""}${CALLBACK_PATH}`;
  return `${app.origin}${CALLBACK_PATH}`;
}

/**
 * A loopback client's callback arrives on 127.0.0.1, where the browser has no Herald session
 * cookie when the app URL says localhost: the URL to send it on to (same path and query), or null.
 */
export function loopbackBounce(requestUrl: string): string | null {
  if (blueskyClientKind() !== "loopback") return null;
  const here = new URL(requestUrl);
  const app = new URL(appUrl());
  if (here.host === app.host || here.pathname !== CALLBACK_PATH) return null;
  return `${app.origin}${here.pathname}${here.search}`;
}

/**
 * How often an account's OAuth session is renewed even when nothing uses it: a refresh_token task
 * runs a day before this is up (lib/accounts.ts). Bluesky's authorization server drops a
 * confidential client's refresh token after three months unused, so a quiet account renewed
 * monthly never has to be connected again (docs/decisions.md, "Sign in with Bluesky").
 */
export const RENEW_EVERY_MS = 30 * 24 * 60 * 60 * 1000;

/** The next renewal's due date, as the account's `tokenExpiresAt`. */
export const renewBy = (now: Date) => new Date(now.getTime() + RENEW_EVERY_MS);

/** The parts of the flow that need no library: whether it is offered, and the callback's key. */
export const blueskyOAuthBasics = {
  available: () => blueskyClientKind() !== null,
  keyOf: (query: URLSearchParams) => query.get("state"),
} satisfies Pick<OAuthFlow, "available" | "keyOf">;

/** The flow, with start and finish loading ./oauth.ts (and the library) when first called. */
export const lazyBlueskyOAuth: OAuthFlow = {
  ...blueskyOAuthBasics,
  start: async (input) => (await import("./oauth")).blueskyOAuth.start(input),
  finish: async (query, pending, ctx) => (await import("./oauth")).blueskyOAuth.finish(query, pending, ctx),
};
