// "Connect with Reddit": OAuth 2.0 authorization code with our `state` (docs/adapters.md,
// "Connecting with OAuth"). The user approves Herald at {REDDIT_AUTH_URL}/api/v1/authorize with a
// permanent grant (so Reddit issues a refresh token) and the scopes the adapter's calls need; the
// code is exchanged at /api/v1/access_token with the app's keys as HTTP Basic auth, and
// GET {REDDIT_API_URL}/api/v1/me names the user. The stored credentials are the adapter's shape
// (the access token and the refresh token); the account's handle is the username, which reconcile
// reads the submitted list by, and the token's expiry becomes the account's tokenExpiresAt, so a
// refresh_token task renews it through the adapter. Every request carries the adapter's User-Agent.
import { clock } from "../../clock";
import { env } from "../../env";
import { expiresAtFrom, requestJson } from "../http";
import { authorizationCodeFlow, grantedScopes, nonEmpty, OAuthFinishError, platformFailure, type ConnectedAccount } from "../platform";
import { REDDIT_USER_AGENT } from "./adapter";
import type { RedditCredentials } from "./credentials";

const LABEL = "Reddit";
/**
 * identity: /api/v1/me; submit: posting (and the image upload lease); read: /api/info (metrics)
 * and /r/{sr}/about; flair: a subreddit's link flairs; mysubreddits: the subreddits the user is in;
 * history: /user/{name}/submitted (finding an image post, reconcile).
 */
export const REDDIT_SCOPES = "identity submit read flair mysubreddits history";
/** Without it the token cannot post: the connection would be useless. */
const REQUIRED_SCOPE = "submit";
const TIMEOUT_MS = 15_000;

/** The app's client id and secret, or null when "Connect with Reddit" is not configured. */
export function redditAppKeys(): { clientId: string; clientSecret: string } | null {
  const e = env();
  // A web app has both; an installed app (no secret) cannot keep one on a server and is not offered.
  return e.REDDIT_CLIENT_ID && e.REDDIT_CLIENT_SECRET ? { clientId: e.REDDIT_CLIENT_ID, clientSecret: e.REDDIT_CLIENT_SECRET } : null;
}

const authBase = () => env().REDDIT_AUTH_URL.replace(/\/+$/, "");
const apiBase = () => env().REDDIT_API_URL.replace(/\/+$/, "");

interface TokenResponse {
  access_token?: unknown;
  token_type?: unknown;
  expires_in?: unknown;
  scope?: unknown;
  refresh_token?: unknown;
  /** Reddit refuses a code with HTTP 200 and `{"error":"invalid_grant"}`. */
  error?: unknown;
}

interface Me {
  name?: unknown;
  subreddit?: { title?: unknown } | null;
}

/** Exchanges the code, checks the grant can post, reads the user with /api/v1/me and returns the account to store. */
export async function finishReddit(code: string, redirectUri: string, now = clock.now()): Promise<ConnectedAccount> {
  const keys = redditAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  let token: TokenResponse;
  try {
    const res = await requestJson<TokenResponse>(LABEL, `${authBase()}/api/v1/access_token`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${keys.clientId}:${keys.clientSecret}`).toString("base64")}`,
        "user-agent": REDDIT_USER_AGENT,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: redirectUri }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    token = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  // invalid_grant (a used or expired code, a redirect_uri that differs) comes with HTTP 200.
  if (token.error !== undefined) throw new OAuthFinishError("token_rejected", 200);
  const accessToken = nonEmpty(token.access_token);
  if (!accessToken) throw new OAuthFinishError("token_rejected");
  const scopes = grantedScopes(token.scope);
  // A grant that cannot post: access was not granted for what Herald is for.
  if (!scopes.has(REQUIRED_SCOPE) && !scopes.has("*")) throw new OAuthFinishError("denied");

  let me: Me;
  try {
    const res = await requestJson<Me>(LABEL, `${apiBase()}/api/v1/me`, {
      headers: { authorization: `Bearer ${accessToken}`, "user-agent": REDDIT_USER_AGENT, accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    me = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "verify_failed");
  }
  // The username goes into /user/{name}/submitted; Reddit's are letters, digits, _ and -.
  if (typeof me.name !== "string" || !/^[\w-]{1,50}$/.test(me.name)) throw new OAuthFinishError("verify_failed");

  const refreshToken = nonEmpty(token.refresh_token);
  const credentials: RedditCredentials = { accessToken, ...(refreshToken && { refreshToken }) };
  const tokenExpiresAt = expiresAtFrom(token.expires_in, now);
  return {
    handle: me.name,
    // The profile's display name, when the user set one.
    displayName: nonEmpty(me.subreddit?.title),
    credentials: credentials as Record<string, string>,
    tokenExpiresAt,
  };
}

/** "Connect with Reddit": OAuth 2.0 authorization code with our `state`, a permanent grant. */
export const redditOAuth = authorizationCodeFlow({
  keys: redditAppKeys,
  notConfigured: "Connecting with Reddit is not configured on this Herald (REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET of a Reddit web app).",
  authorize(keys, redirectUri, state) {
    const url = new URL(`${authBase()}/api/v1/authorize`);
    url.search = new URLSearchParams({
      client_id: keys.clientId,
      response_type: "code",
      state,
      redirect_uri: redirectUri,
      // Permanent: Reddit issues a refresh token; its access tokens last a day at most.
      duration: "permanent",
      scope: REDDIT_SCOPES,
    }).toString();
    return url;
  },
  exchange: finishReddit,
});
