// X "Log in with X" through twitter-api-v2's 3-legged OAuth 1.0a helpers (generateAuthLink,
// login). The X adapter signs with OAuth 1.0a user tokens, which do not expire, so this flow
// stores exactly its credential shape: the app's consumer keys (TWITTER_API_KEY /
// TWITTER_API_SECRET) plus the user's access token and secret. The request-token secret stays on
// the server (lib/social/oauth.ts keeps it encrypted with the pending flow).
import http from "node:http";
import { ApiResponseError, TwitterApi, type ITwitterApiClientPlugin } from "twitter-api-v2";
import { env } from "../../env";
import { HeraldError } from "../../errors";
import { finishFailure, OAuthFinishError, type OAuthFlow } from "../platform";
import type { TwitterCredentials } from "./credentials";
import { X_API_URL } from "./adapter";

/** Every host the SDK addresses (as in adapter.ts); all go to X_API_URL when it is overridden. */
const SDK_ORIGINS = ["https://api.x.com", "https://api.twitter.com", "https://upload.x.com", "https://upload.twitter.com"];
const TIMEOUT_MS = 15_000;

/** The app's consumer keys, or null when "Connect with X" is not configured. */
export function xAppKeys(): { appKey: string; appSecret: string } | null {
  const e = env();
  return e.TWITTER_API_KEY && e.TWITTER_API_SECRET ? { appKey: e.TWITTER_API_KEY, appSecret: e.TWITTER_API_SECRET } : null;
}

function client(tokens: { appKey: string; appSecret: string; accessToken?: string; accessSecret?: string }): TwitterApi {
  const origin = new URL(env().X_API_URL ?? X_API_URL).origin;
  const rewrite = origin !== X_API_URL;
  const plugin: ITwitterApiClientPlugin = {
    onBeforeRequestConfig({ params }) {
      if (!rewrite) return;
      for (const o of SDK_ORIGINS) {
        if (params.url.startsWith(o)) {
          params.url = origin + params.url.slice(o.length);
          // The SDK recognises the form-encoded token answers by their https://api.x.com/oauth/ URL.
          if (params.url.startsWith(`${origin}/oauth/`)) params.forceParseMode = "url";
          break;
        }
      }
    },
    onBeforeRequest({ requestOptions }) {
      requestOptions.signal = AbortSignal.timeout(TIMEOUT_MS);
    },
  };
  const agent = origin.startsWith("http:") ? new http.Agent({ keepAlive: false }) : undefined;
  return new TwitterApi(tokens, { plugins: [plugin], ...(agent && { httpAgent: agent }) });
}

export interface XPending {
  oauthToken: string;
  oauthTokenSecret: string;
}

/** Gets a request token for `redirectUri` and the authorize URL to send the user to. */
export async function startX(redirectUri: string) {
  const keys = xAppKeys();
  if (!keys) throw new HeraldError("not_found", "Connecting with X is not configured on this Herald (TWITTER_API_KEY and TWITTER_API_SECRET).");
  try {
    const link = await client(keys).generateAuthLink(redirectUri, { linkMode: "authorize" });
    if (!link.oauth_token || !link.oauth_token_secret) throw new Error("no request token");
    const pending: XPending = { oauthToken: link.oauth_token, oauthTokenSecret: link.oauth_token_secret };
    return { url: link.url, pending };
  } catch (err) {
    const status = err instanceof ApiResponseError ? err.code : undefined;
    if (status === 401 || status === 403) {
      throw new HeraldError(
        "unavailable",
        `X refused Herald's app (HTTP ${status}). An administrator must check TWITTER_API_KEY / TWITTER_API_SECRET and that ${redirectUri} is an allowed callback URL of the X app.`,
      );
    }
    throw new HeraldError("unavailable", `X could not be reached to start connecting${status ? ` (HTTP ${status})` : ""}. Try again in a few minutes.`);
  }
}

const failureOf = (err: unknown, rejected: "token_rejected" | "verify_failed") =>
  finishFailure(err instanceof ApiResponseError ? err.code : undefined, rejected);

/** Trades the verifier for the user's tokens and checks them with GET /2/users/me. */
export async function finishX(verifier: string, pending: XPending) {
  const keys = xAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  let login: Awaited<ReturnType<TwitterApi["login"]>>;
  try {
    login = await client({ ...keys, accessToken: pending.oauthToken, accessSecret: pending.oauthTokenSecret }).login(verifier);
  } catch (err) {
    throw failureOf(err, "token_rejected");
  }
  if (!login.accessToken || !login.accessSecret) throw new OAuthFinishError("token_rejected");
  let me: { username?: string; name?: string } | undefined;
  try {
    me = (await login.client.v2.me()).data;
  } catch (err) {
    throw failureOf(err, "verify_failed");
  }
  if (!me?.username) throw new OAuthFinishError("verify_failed");
  const credentials: TwitterCredentials = {
    apiKey: keys.appKey,
    apiSecret: keys.appSecret,
    accessToken: login.accessToken,
    accessTokenSecret: login.accessSecret,
  };
  return { handle: me.username, displayName: me.name?.trim() || undefined, credentials };
}

/** "Connect with X": 3-legged OAuth 1.0a; the callback names the flow by X's request token. */
export const twitterOAuth: OAuthFlow = {
  available: () => xAppKeys() !== null,
  keyOf: (query) => query.get("oauth_token") ?? query.get("denied"),
  async start({ redirectUri }) {
    const started = await startX(redirectUri);
    return { url: started.url, key: started.pending.oauthToken, pending: started.pending };
  },
  finish(query, pending) {
    const verifier = query.get("oauth_verifier");
    if (!verifier || !pending) throw new OAuthFinishError("token_rejected");
    return finishX(verifier, pending as XPending);
  },
};
