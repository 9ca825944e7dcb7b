// Mastodon OAuth (docs.joinmastodon.org: methods/apps, methods/oauth, spec/oauth): Herald
// registers itself as an app on the user's server, sends the user to /oauth/authorize with PKCE
// (S256; servers before 4.3 ignore it), exchanges the code at /oauth/token and checks the token
// with /api/v1/accounts/verify_credentials. The stored credentials are exactly what the adapter
// reads: { instanceUrl, accessToken }.
import { randomBytes } from "node:crypto";
import { appUrl, env } from "../../env";
import { HeraldError } from "../../errors";
import { checkTarget, guardedFetch, refusalOf } from "../../net/guarded-fetch";
import { requestJson } from "../http";
import { OAuthFinishError, platformFailure, type OAuthFlow } from "../platform";
import { PlatformError } from "../types";
import type { MastodonCredentials } from "./credentials";

const LABEL = "Mastodon";
/** What Herald needs: read (verify, reconcile, metrics) and write (statuses, media). */
export const MASTODON_SCOPES = "read write";
const TIMEOUT_MS = 15_000;

/**
 * "mastodon.social", "https://mastodon.social/" or "@me@mastodon.social" → "https://mastodon.social".
 * The server must be public (Herald calls it from its own network: lib/net/guarded-fetch.ts, in
 * every environment; tests allow-list their fixture servers), and use https in production. The
 * requests themselves go through the guarded fetch too: this early check only gives the form a
 * readable field error, and a DNS answer that changes afterwards is checked again there.
 */
export async function normalizeInstanceUrl(raw: string): Promise<string> {
  const bad = (message: string) =>
    new HeraldError("validation_failed", message, { fields: [{ path: "instanceUrl", message }] });
  let text = raw.trim();
  const handle = /^@?[^@\s/]+@([^@\s/]+)$/.exec(text);
  if (handle) text = handle[1];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad("Enter your Mastodon server's address, e.g. mastodon.social.");
  }
  if (!["https:", "http:"].includes(url.protocol) || url.username || url.password || (!url.hostname.includes(".") && url.hostname !== "localhost")) {
    throw bad("Enter your Mastodon server's address, e.g. mastodon.social.");
  }
  if (env().NODE_ENV === "production" && url.protocol !== "https:") throw bad("The server address must start with https://.");
  try {
    await checkTarget(url.origin);
  } catch (err) {
    const refused = refusalOf(err);
    if (refused) throw bad(`${url.hostname} is not a public server: ${refused.message}`);
    throw bad(`${url.hostname} could not be found. Check the address.`);
  }
  return url.origin;
}

function codeChallenge(verifier: string): Promise<string> {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)).then((d) => Buffer.from(d).toString("base64url"));
}

export interface MastodonPending {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  codeVerifier: string;
}

/** Registers Herald on the server and builds the authorize URL. Failures are readable 4xx/503s. */
export async function startMastodon(opts: { instanceUrl: string; redirectUri: string; state: string; codeVerifier: string; website: string }) {
  const { instanceUrl, redirectUri, state, codeVerifier } = opts;
  const host = new URL(instanceUrl).host;
  let app: { client_id?: string; client_secret?: string };
  try {
    const res = await requestJson<{ client_id?: string; client_secret?: string }>(LABEL, `${instanceUrl}/api/v1/apps`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ client_name: "Herald", redirect_uris: redirectUri, scopes: MASTODON_SCOPES, website: opts.website }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }, undefined, guardedFetch);
    app = res.body ?? {};
  } catch (err) {
    // The server's name resolved to a public address moments ago and to a private one now.
    if (err instanceof PlatformError && err.code === "address_not_allowed") {
      const message = `${host} is not a public server: ${err.message.replace(/^Mastodon: /, "")}`;
      throw new HeraldError("validation_failed", message, { fields: [{ path: "instanceUrl", message }] });
    }
    const status = err instanceof PlatformError ? err.httpStatus : undefined;
    if (status === undefined || status >= 500 || status === 429) {
      throw new HeraldError("unavailable", `${host} did not answer like a Mastodon server${status ? ` (HTTP ${status})` : ""}. Check the address, or try again in a few minutes.`);
    }
    throw new HeraldError("bad_request", `${host} refused to register Herald as an app (HTTP ${status}). Check that it is a Mastodon server.`);
  }
  if (typeof app.client_id !== "string" || typeof app.client_secret !== "string") {
    throw new HeraldError("unavailable", `${host} did not answer like a Mastodon server. Check the address.`);
  }
  const url = new URL(`${instanceUrl}/oauth/authorize`);
  url.search = new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: MASTODON_SCOPES,
    state,
    code_challenge: await codeChallenge(codeVerifier),
    code_challenge_method: "S256",
  }).toString();
  const pending: MastodonPending = { instanceUrl, clientId: app.client_id, clientSecret: app.client_secret, codeVerifier };
  return { url: url.toString(), pending };
}

/** Exchanges the code, verifies the token and returns the account to store. */
export async function finishMastodon(code: string, pending: MastodonPending, redirectUri: string) {
  let token: string | undefined;
  try {
    const res = await requestJson<{ access_token?: string }>(LABEL, `${pending.instanceUrl}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: pending.clientId,
        client_secret: pending.clientSecret,
        redirect_uri: redirectUri,
        code_verifier: pending.codeVerifier,
        scope: MASTODON_SCOPES,
      }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }, undefined, guardedFetch);
    token = res.body?.access_token;
  } catch (err) {
    throw platformFailure(err, "token_rejected");
  }
  if (typeof token !== "string" || !token) throw new OAuthFinishError("token_rejected");

  let me: { username?: string; acct?: string; display_name?: string };
  try {
    const res = await requestJson<typeof me>(LABEL, `${pending.instanceUrl}/api/v1/accounts/verify_credentials`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/json" },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    }, undefined, guardedFetch);
    me = res.body ?? {};
  } catch (err) {
    throw platformFailure(err, "verify_failed");
  }
  if (typeof me.username !== "string" || !me.username) throw new OAuthFinishError("verify_failed");
  const credentials: MastodonCredentials = { instanceUrl: pending.instanceUrl, accessToken: token };
  return {
    // user@server, as the spec's permalink expects.
    handle: `${me.username}@${new URL(pending.instanceUrl).host}`,
    displayName: me.display_name?.trim() || undefined,
    credentials,
  };
}

/** "Connect with Mastodon": any server the user names; the app is registered there first. */
export const mastodonOAuth: OAuthFlow = {
  available: () => true,
  keyOf: (query) => query.get("state"),
  async start({ redirectUri, instanceUrl: raw }) {
    if (!raw?.trim()) {
      throw new HeraldError("validation_failed", "Enter your Mastodon server's address.", {
        fields: [{ path: "instanceUrl", message: "Enter your Mastodon server's address, e.g. mastodon.social." }],
      });
    }
    const instanceUrl = await normalizeInstanceUrl(raw);
    const key = randomBytes(32).toString("base64url");
    const started = await startMastodon({ instanceUrl, redirectUri, state: key, codeVerifier: randomBytes(48).toString("base64url"), website: appUrl() });
    return { url: started.url, key, pending: started.pending };
  },
  finish(query, pending, { redirectUri }) {
    const code = query.get("code");
    if (!code || !pending) throw new OAuthFinishError("token_rejected");
    return finishMastodon(code, pending as MastodonPending, redirectUri);
  },
};
