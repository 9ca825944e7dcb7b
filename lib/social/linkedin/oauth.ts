// LinkedIn OAuth 2.0, 3-legged (learn.microsoft.com/linkedin/shared/authentication/
// authorization-code-flow; consumer/integrations/self-serve/sign-in-with-linkedin-v2 and
// share-on-linkedin): the member approves Herald at www.linkedin.com/oauth/v2/authorization
// (scopes `openid profile w_member_social`), the code is exchanged at /oauth/v2/accessToken with
// the app's client id and secret, and GET /v2/userinfo names the member (sub → urn:li:person:<sub>).
// The stored credentials are the adapter's shape (lib/social/linkedin/credentials.ts): the access
// token and author URN, plus the refresh token with the app's client id and secret when LinkedIn
// issues one (only to some partner apps); the token's expiry becomes the account's tokenExpiresAt.
import { env } from "../../env";
import { expiresAtFrom, requestJson } from "../http";
import { authorizationCodeFlow, OAuthFinishError, platformFailure } from "../platform";
import type { LinkedinCredentials } from "./credentials";
import { clock } from "../../clock";

const LABEL = "LinkedIn";
/** Sign In with LinkedIn using OpenID Connect (openid, profile) + Share on LinkedIn (w_member_social). */
export const LINKEDIN_SCOPES = "openid profile w_member_social";
const TIMEOUT_MS = 15_000;

/** The app's client id and secret, or null when "Connect with LinkedIn" is not configured. */
export function linkedinAppKeys(): { clientId: string; clientSecret: string } | null {
  const e = env();
  return e.LINKEDIN_CLIENT_ID && e.LINKEDIN_CLIENT_SECRET ? { clientId: e.LINKEDIN_CLIENT_ID, clientSecret: e.LINKEDIN_CLIENT_SECRET } : null;
}

const authBase = () => env().LINKEDIN_AUTH_URL.replace(/\/+$/, "");
const apiBase = () => env().LINKEDIN_API_URL.replace(/\/+$/, "");


interface TokenResponse {
  access_token?: string;
  expires_in?: number;
  refresh_token?: string;
  refresh_token_expires_in?: number;
  scope?: string;
}

/** Exchanges the code, reads the member with /v2/userinfo and returns the account to store. */
export async function finishLinkedin(code: string, redirectUri: string, now = clock.now()) {
  const keys = linkedinAppKeys();
  if (!keys) throw new OAuthFinishError("not_configured");
  let token: TokenResponse;
  try {
    const res = await requestJson<TokenResponse>(LABEL, `${authBase()}/oauth/v2/accessToken`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        redirect_uri: redirectUri,
        client_id: keys.clientId,
        client_secret: keys.clientSecret,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    token = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  const accessToken = token.access_token;
  if (typeof accessToken !== "string" || !accessToken) throw new OAuthFinishError("token_rejected");

  let me: { sub?: unknown; name?: unknown };
  try {
    const res = await requestJson<typeof me>(LABEL, `${apiBase()}/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}`, accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    me = res.body && typeof res.body === "object" ? res.body : {};
  } catch (err) {
    throw platformFailure(err, "verify_failed");
  }
  // The member id must fit the URN the adapter accepts (urn:li:person:[\w-]+).
  if (typeof me.sub !== "string" || !/^[\w-]+$/.test(me.sub)) throw new OAuthFinishError("verify_failed");
  const authorUrn = `urn:li:person:${me.sub}`;

  const refreshToken = typeof token.refresh_token === "string" && token.refresh_token ? token.refresh_token : undefined;
  const credentials: LinkedinCredentials = {
    accessToken,
    authorUrn,
    // The adapter's refresh() needs the app's keys next to the refresh token.
    ...(refreshToken && { refreshToken, clientId: keys.clientId, clientSecret: keys.clientSecret }),
  };
  const tokenExpiresAt = expiresAtFrom(token.expires_in, now);
  return {
    // The URN, as the single-workspace fallback names LinkedIn accounts: stable, and unique per member.
    handle: authorUrn,
    displayName: typeof me.name === "string" && me.name.trim() ? me.name.trim() : undefined,
    credentials: credentials as Record<string, string>,
    tokenExpiresAt,
  };
}

/** "Connect with LinkedIn": OAuth 2.0 authorization code with our `state`. */
export const linkedinOAuth = authorizationCodeFlow({
  keys: linkedinAppKeys,
  notConfigured: "Connecting with LinkedIn is not configured on this Herald (LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET).",
  authorize(keys, redirectUri, state) {
    const url = new URL(`${authBase()}/oauth/v2/authorization`);
    url.search = new URLSearchParams({ response_type: "code", client_id: keys.clientId, redirect_uri: redirectUri, state, scope: LINKEDIN_SCOPES }).toString();
    return url;
  },
  exchange: finishLinkedin,
});
