// "Connect with TikTok": Login Kit for Web (OAuth 2.0 v2), authorization code with our `state`
// (docs/adapters.md, "Connecting with OAuth"). The person approves Herald at
// {TIKTOK_AUTH_URL}/v2/auth/authorize/ for the scopes the adapter's calls need; the code is
// exchanged at {TIKTOK_API_URL}/v2/oauth/token/ with the app's client key and secret (a day-long
// access token, a refresh token and the user's open_id). GET /v2/user/info/ reads the open id and
// display name (user.info.basic), and creator_info/query names the account: its creator_username is
// the TikTok @username (user/info only returns `username` under user.info.profile, a scope the
// adapter does not otherwise need). The stored credentials are the adapter's shape (access token,
// refresh token, open id); the handle is the username, which post URLs are built on, and the
// token's expiry becomes the account's tokenExpiresAt, so a refresh_token task renews it.
import { clock } from "../../clock";
import { env } from "../../env";
import { expiresAtFrom, requestJson } from "../http";
import { authorizationCodeFlow, grantedScopes, nonEmpty, OAuthFinishError, platformFailure, type ConnectedAccount } from "../platform";
import type { TikTokCredentials } from "./credentials";

const LABEL = "TikTok";
/**
 * user.info.basic: /v2/user/info/ (open id, display name); video.publish: creator_info, video and
 * photo init, status (Direct Post); video.list: /v2/video/query/ (metrics). TikTok's separator is a
 * comma.
 */
export const TIKTOK_SCOPES = "user.info.basic,video.publish,video.list";
/** Without it the token cannot post: the connection would be useless. */
const REQUIRED_SCOPE = "video.publish";
const TIMEOUT_MS = 15_000;

/** The app's client key and secret, or null when "Connect with TikTok" is not configured. */
export function tiktokAppKeys(): { clientKey: string; clientSecret: string } | null {
  const e = env();
  return e.TIKTOK_CLIENT_KEY && e.TIKTOK_CLIENT_SECRET ? { clientKey: e.TIKTOK_CLIENT_KEY, clientSecret: e.TIKTOK_CLIENT_SECRET } : null;
}

const authBase = () => env().TIKTOK_AUTH_URL.replace(/\/+$/, "");
const apiBase = () => env().TIKTOK_API_URL.replace(/\/+$/, "");

/** The token answer; a refusal is {error, error_description, log_id} (HTTP 200 or 4xx). */
interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  open_id?: unknown;
  refresh_token?: unknown;
  refresh_expires_in?: unknown;
  /** The scopes the person agreed to, comma-separated: they may untick some. */
  scope?: unknown;
  token_type?: unknown;
  error?: unknown;
}

/** The API's envelope: {data, error: {code, message, log_id}}, error.code "ok" on success. */
interface Envelope<T> {
  data?: T | null;
  error?: { code?: unknown; message?: unknown; log_id?: unknown } | null;
}

interface UserInfo {
  user?: { open_id?: unknown; union_id?: unknown; avatar_url?: unknown; display_name?: unknown } | null;
}

interface CreatorInfo {
  creator_username?: unknown;
  creator_nickname?: unknown;
}

/** TikTok usernames: letters, digits, underscores and periods (they go into post URLs). */
const USERNAME = /^[\w.]{1,64}$/;

/** One call to TikTok's API with the new token; an envelope error is a refused verification. */
async function api<T>(path: string, accessToken: string, init: { method: "GET" | "POST"; query?: Record<string, string>; body?: unknown }): Promise<T> {
  let res: { body: Envelope<T> };
  try {
    const url = new URL(`${apiBase()}${path}`);
    if (init.query) url.search = new URLSearchParams(init.query).toString();
    res = await requestJson<Envelope<T>>(LABEL, url.toString(), {
      method: init.method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: "application/json",
        ...(init.body !== undefined && { "content-type": "application/json; charset=UTF-8" }),
      },
      ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    // 401 access_token_invalid / scope_not_authorized: refused; 5xx or no answer: unavailable.
    throw platformFailure(err, "verify_failed");
  }
  const body = res.body && typeof res.body === "object" ? res.body : {};
  const code = body.error?.code;
  if (code !== undefined && code !== "ok") throw new OAuthFinishError(code === "internal_error" || code === "rate_limit_exceeded" ? "platform_unavailable" : "verify_failed", 200);
  if (!body.data || typeof body.data !== "object") throw new OAuthFinishError("verify_failed");
  return body.data;
}

/** Exchanges the code, checks the grant can post, names the account; returns the account to store. */
export async function finishTikTok(code: string, redirectUri: string, now = clock.now()): Promise<ConnectedAccount> {
  const keys = tiktokAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  let token: TokenResponse;
  try {
    const res = await requestJson<TokenResponse>(LABEL, `${apiBase()}/v2/oauth/token/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        client_key: keys.clientKey,
        client_secret: keys.clientSecret,
        code,
        grant_type: "authorization_code",
        redirect_uri: redirectUri,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    token = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  // invalid_grant (a used or expired code, a redirect_uri that differs), invalid_client…
  if (token.error !== undefined && token.error !== "") {
    throw new OAuthFinishError(token.error === "server_error" || token.error === "temporarily_unavailable" ? "platform_unavailable" : "token_rejected", 200);
  }
  const accessToken = nonEmpty(token.access_token);
  if (!accessToken) throw new OAuthFinishError("token_rejected");
  // The person may untick a scope: a grant that cannot post is not worth connecting.
  if (!grantedScopes(token.scope).has(REQUIRED_SCOPE)) throw new OAuthFinishError("denied");

  const info = await api<UserInfo>("/v2/user/info/", accessToken, { method: "GET", query: { fields: "open_id,union_id,avatar_url,display_name" } });
  const tokenOpenId = nonEmpty(token.open_id);
  const userOpenId = nonEmpty(info.user?.open_id);
  // The token answer and the profile must be the same person.
  if (tokenOpenId && userOpenId && tokenOpenId !== userOpenId) throw new OAuthFinishError("verify_failed");
  const openId = tokenOpenId ?? userOpenId;
  if (!openId) throw new OAuthFinishError("verify_failed");

  const creator = await api<CreatorInfo>("/v2/post/publish/creator_info/query/", accessToken, { method: "POST", body: {} });
  const username = nonEmpty(creator.creator_username)?.replace(/^@/, "");

  const refreshToken = nonEmpty(token.refresh_token);
  const credentials: TikTokCredentials = { accessToken, ...(refreshToken && { refreshToken }), openId };
  return {
    // Post URLs are tiktok.com/@<username>/video/<id>; without a username the open id stands in.
    handle: username && USERNAME.test(username) ? username : openId,
    displayName: nonEmpty(info.user?.display_name) ?? nonEmpty(creator.creator_nickname),
    credentials: credentials as Record<string, string>,
    tokenExpiresAt: expiresAtFrom(token.expires_in, now),
  };
}

/** "Connect with TikTok": Login Kit for Web, authorization code with our `state`. */
export const tiktokOAuth = authorizationCodeFlow({
  keys: tiktokAppKeys,
  notConfigured: "Connecting with TikTok is not configured on this Herald (TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET of a TikTok app with Login Kit).",
  authorize(keys, redirectUri, state) {
    const url = new URL(`${authBase()}/v2/auth/authorize/`);
    url.search = new URLSearchParams({
      client_key: keys.clientKey,
      response_type: "code",
      scope: TIKTOK_SCOPES,
      redirect_uri: redirectUri,
      state,
    }).toString();
    return url;
  },
  exchange: finishTikTok,
});
