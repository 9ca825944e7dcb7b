// "Connect with YouTube": Google's OAuth 2.0 for web server apps, authorization code with our
// `state` and PKCE (S256) (docs/adapters.md, "Connecting with OAuth"). The person approves Herald at
// {GOOGLE_AUTH_URL}/o/oauth2/v2/auth for the two YouTube scopes the adapter needs, offline (so
// Google issues a refresh token) and with the consent screen shown every time (so it issues one on
// a reconnect too). The code and the PKCE verifier are exchanged at {GOOGLE_OAUTH_URL}/token with the
// app's keys, and GET {YOUTUBE_API_URL}/youtube/v3/channels?part=snippet&mine=true names the
// channel. The stored credentials are the adapter's shape (the access token, the refresh token and
// the channel id); the handle is the channel's @handle (its id when it has none), and the token's
// hour becomes the account's tokenExpiresAt, so a refresh_token task renews it through the adapter.
import { clock } from "../../clock";
import { env } from "../../env";
import { expiresAtFrom, requestJson } from "../http";
import { authorizationCodeFlow, grantedScopes, nonEmpty, OAuthFinishError, platformFailure, type ConnectedAccount } from "../platform";
import { PlatformError } from "../types";
import { youtubeError } from "./adapter";
import type { YoutubeCredentials } from "./credentials";

const LABEL = "YouTube";
const SCOPE = "https://www.googleapis.com/auth/";
/**
 * youtube.upload: publishing; youtube.readonly: the channel, its uploads (reconcile) and statistics;
 * youtube.force-ssl: answering and hiding comments from the inbox (docs/decisions.md, "Inbox") —
 * asked for, not required: without it the inbox's answers are refused with a reconnect message.
 */
export const YOUTUBE_SCOPES = `${SCOPE}youtube.upload ${SCOPE}youtube.readonly ${SCOPE}youtube.force-ssl`;
/**
 * What a grant must cover, each by any of the scopes that allow it: uploading, and reading the
 * channel (this sign-in, reconcile, metrics). With include_granted_scopes a wider YouTube scope
 * granted to the app before counts too.
 */
const NEEDED = [
  ["youtube.upload", "youtube", "youtube.force-ssl"],
  ["youtube.readonly", "youtube", "youtube.force-ssl"],
].map((any) => any.map((s) => `${SCOPE}${s}`));
const TIMEOUT_MS = 15_000;

/** The Google app's client id and secret, or null when "Connect with YouTube" is not configured. */
export function googleAppKeys(): { clientId: string; clientSecret: string } | null {
  const e = env();
  return e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET ? { clientId: e.GOOGLE_CLIENT_ID, clientSecret: e.GOOGLE_CLIENT_SECRET } : null;
}

const consentBase = () => env().GOOGLE_AUTH_URL.replace(/\/+$/, "");
const tokenBase = () => env().GOOGLE_OAUTH_URL.replace(/\/+$/, "");
const apiBase = () => env().YOUTUBE_API_URL.replace(/\/+$/, "");

/** Google's token answer; a refused code is HTTP 400 with {error, error_description}. */
interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  /** The scopes granted, space-separated: the person may leave some unticked. */
  scope?: unknown;
  token_type?: unknown;
}

interface ChannelList {
  items?: { id?: unknown; snippet?: { title?: unknown; customUrl?: unknown } | null }[] | null;
}

/** Exchanges the code with its verifier, checks the grant, reads the channel; returns the account to store. */
export async function finishYoutube(code: string, redirectUri: string, now = clock.now(), codeVerifier?: string): Promise<ConnectedAccount> {
  const keys = googleAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  if (!codeVerifier) throw new OAuthFinishError("token_rejected");
  let token: TokenResponse;
  try {
    const res = await requestJson<TokenResponse>(LABEL, `${tokenBase()}/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        code,
        client_id: keys.clientId,
        client_secret: keys.clientSecret,
        redirect_uri: redirectUri,
        grant_type: "authorization_code",
        code_verifier: codeVerifier,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    token = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    // 400 invalid_grant (a used or expired code, a verifier or redirect_uri that differs), 401
    // invalid_client: refused; 5xx or no answer: unavailable.
    throw platformFailure(err, "token_rejected");
  }
  const accessToken = nonEmpty(token.access_token);
  if (!accessToken) throw new OAuthFinishError("token_rejected");
  const scopes = grantedScopes(token.scope);
  // Google's consent screen lets the person untick a scope: without upload and read access the
  // account could not post or be checked, so nothing is connected.
  if (!NEEDED.every((any) => any.some((s) => scopes.has(s)))) throw new OAuthFinishError("denied");

  let channels: ChannelList;
  try {
    const url = new URL(`${apiBase()}/youtube/v3/channels`);
    url.search = new URLSearchParams({ part: "snippet", mine: "true" }).toString();
    const res = await requestJson<ChannelList>(
      LABEL,
      url.toString(),
      { headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) },
      (status, headers, body) => youtubeError(status, headers, body, now),
    );
    channels = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    // The project's daily quota used up is YouTube being unavailable for now, not a bad token.
    if (err instanceof PlatformError && err.failureClass === "rate_limited") throw new OAuthFinishError("platform_unavailable", err.httpStatus);
    throw platformFailure(err, "verify_failed");
  }
  // A Google account without a YouTube channel has nothing to post to.
  const channel = Array.isArray(channels.items) ? channels.items[0] : undefined;
  const channelId = nonEmpty(channel?.id);
  if (!channel || !channelId || !/^[\w-]{1,64}$/.test(channelId)) throw new OAuthFinishError("verify_failed");

  const refreshToken = nonEmpty(token.refresh_token);
  const credentials: YoutubeCredentials = { accessToken, ...(refreshToken && { refreshToken }), channelId };
  return {
    // The channel's @handle (snippet.customUrl); a channel without one goes by its id.
    handle: nonEmpty(channel.snippet?.customUrl) ?? channelId,
    displayName: nonEmpty(channel.snippet?.title),
    credentials: credentials as Record<string, string>,
    tokenExpiresAt: expiresAtFrom(token.expires_in, now),
  };
}

/** "Connect with YouTube": Google OAuth 2.0 with our `state` and PKCE, offline access. */
export const youtubeOAuth = authorizationCodeFlow({
  keys: googleAppKeys,
  notConfigured: "Connecting with YouTube is not configured on this Herald (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET of a Google OAuth web client).",
  pkce: true,
  authorize(keys, redirectUri, state) {
    const url = new URL(`${consentBase()}/o/oauth2/v2/auth`);
    url.search = new URLSearchParams({
      client_id: keys.clientId,
      redirect_uri: redirectUri,
      response_type: "code",
      scope: YOUTUBE_SCOPES,
      // Offline: Google issues a refresh token; its access tokens last an hour.
      access_type: "offline",
      // The consent screen every time, so a reconnect gets a refresh token as well.
      prompt: "consent",
      include_granted_scopes: "true",
      state,
    }).toString();
    return url;
  },
  exchange: finishYoutube,
});
