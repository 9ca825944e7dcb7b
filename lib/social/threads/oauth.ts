// "Connect with Threads": OAuth 2.0 authorization code (docs/adapters.md, "Threads"). The person
// approves Herald at threads.net/oauth/authorize; the code becomes a short-lived token (POST
// graph.threads.net/oauth/access_token, an hour), that one a long-lived token (GET /access_token,
// grant_type=th_exchange_token, 60 days), and GET /me names the account. The adapter's refresh()
// renews the long-lived token (GET /refresh_access_token) ahead of its expiry.
import { clock } from "../../clock";
import { env } from "../../env";
import { expiresAtFrom, requestJson } from "../http";
import { classifyGraphError, createGraphClient } from "../meta/graph";
import { authorizationCodeFlow, OAuthFinishError, platformFailure } from "../platform";
import { PlatformError } from "../types";
import type { ThreadsCredentials } from "./credentials";

const LABEL = "Threads";
/** Read the profile and publish; insights and replies for engagement and (later) the inbox; threads_manage_replies to read the reply quota. */
export const THREADS_SCOPES = "threads_basic,threads_content_publish,threads_manage_insights,threads_read_replies,threads_manage_replies";
const TIMEOUT_MS = 15_000;

/** The app's id and secret, or null when "Connect with Threads" is not configured. */
export function threadsAppKeys(): { appId: string; appSecret: string } | null {
  const e = env();
  return e.THREADS_APP_ID && e.THREADS_APP_SECRET ? { appId: e.THREADS_APP_ID, appSecret: e.THREADS_APP_SECRET } : null;
}

/** graph.threads.net without the version: where the token endpoints live. */
export const threadsRoot = (apiUrl: string) => apiUrl.replace(/\/+$/, "").replace(/\/v\d+(\.\d+)?$/, "");

interface TokenAnswer {
  access_token?: unknown;
  user_id?: unknown;
  expires_in?: unknown;
}

/** A long-lived token for `token` (the exchange at sign-in, or a refresh): its value and expiry. */
export async function longLivedToken(
  apiUrl: string,
  token: string,
  grant: { grant_type: "th_exchange_token"; client_secret: string } | { grant_type: "th_refresh_token" },
  now: Date,
  signal: AbortSignal,
): Promise<{ accessToken: string; expiresAt: string | null }> {
  const client = createGraphClient({ label: LABEL, baseUrl: threadsRoot(apiUrl), token, now: () => now, version: null });
  const path = grant.grant_type === "th_exchange_token" ? "/access_token" : "/refresh_access_token";
  const r = await client.get<TokenAnswer>(path, grant, signal);
  if (typeof r?.access_token !== "string" || !r.access_token) {
    throw new PlatformError("permanent", "threads_token_missing", "Threads answered without an access token.");
  }
  return { accessToken: r.access_token, expiresAt: expiresAtFrom(r.expires_in, now) };
}

/** Exchanges the code, makes the token long-lived, reads the profile; returns the account to store. */
export async function finishThreads(code: string, redirectUri: string, now = clock.now()) {
  const keys = threadsAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  const apiUrl = env().THREADS_API_URL;
  const signal = AbortSignal.timeout(TIMEOUT_MS);
  let short: TokenAnswer;
  try {
    const res = await requestJson<TokenAnswer>(
      LABEL,
      `${threadsRoot(apiUrl)}/oauth/access_token`,
      {
        method: "POST",
        body: new URLSearchParams({ client_id: keys.appId, client_secret: keys.appSecret, grant_type: "authorization_code", redirect_uri: redirectUri, code }),
        signal,
      },
      (status, headers, body) => classifyGraphError(LABEL, status, headers, body, now, keys.appSecret),
    );
    short = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  if (typeof short.access_token !== "string" || !short.access_token) throw new OAuthFinishError("token_rejected");

  let long: { accessToken: string; expiresAt: string | null };
  try {
    long = await longLivedToken(apiUrl, short.access_token, { grant_type: "th_exchange_token", client_secret: keys.appSecret }, now, signal);
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }

  let me: { id?: unknown; username?: unknown; name?: unknown };
  try {
    const client = createGraphClient({ label: LABEL, baseUrl: apiUrl, token: long.accessToken, now: () => now, version: null });
    me = (await client.get<typeof me>("/me", { fields: "id,username,name" }, signal)) ?? {};
  } catch (err) {
    throw platformFailure(err, "verify_failed");
  }
  if (typeof me.id !== "string" || !/^\d+$/.test(me.id) || typeof me.username !== "string" || !me.username) {
    throw new OAuthFinishError("verify_failed");
  }
  const credentials: ThreadsCredentials = { threadsUserId: me.id, accessToken: long.accessToken };
  return {
    handle: me.username,
    displayName: typeof me.name === "string" && me.name.trim() ? me.name.trim() : undefined,
    credentials: credentials as Record<string, string>,
    tokenExpiresAt: long.expiresAt,
  };
}

/** "Connect with Threads": OAuth 2.0 authorization code with our `state`. */
export const threadsOAuth = authorizationCodeFlow({
  keys: threadsAppKeys,
  notConfigured: "Connecting with Threads is not configured on this Herald (THREADS_APP_ID and THREADS_APP_SECRET).",
  authorize(keys, redirectUri, state) {
    const url = new URL(`${env().THREADS_AUTH_URL.replace(/\/+$/, "")}/oauth/authorize`);
    url.search = new URLSearchParams({ client_id: keys.appId, redirect_uri: redirectUri, scope: THREADS_SCOPES, response_type: "code", state }).toString();
    return url;
  },
  exchange: finishThreads,
});
