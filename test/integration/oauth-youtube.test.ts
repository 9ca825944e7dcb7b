// "Connect with YouTube" through the real route handlers, against two local servers: one plays
// Google's token host (oauth2.googleapis.com: POST /token, which checks the PKCE verifier against
// the challenge the consent page was given, as Google does), the other the YouTube Data API
// (GET /youtube/v3/channels). Google's consent page (accounts.google.com) is only linked to, never
// called by the server. The pending state is the one every sign-in shares (session-bound, single
// use, ten minutes on Herald's clock, which is pinned here); every failure lands on the accounts page
// with a readable code and writes no account.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import { refreshLeadMs } from "../../lib/accounts";
import { setClock } from "../../lib/clock";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { youtubeCredentials } from "../../lib/social/youtube/credentials";
import { OAUTH_STATE_TTL_MS, oauthAvailability, oauthButtons, oauthMessage } from "../../lib/social/oauth";
import { browserReq, type Jar } from "../support/auth";
import { pinClock, runProcessor } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import * as oauth from "../support/oauth";
import { memberAs, ownerWithWorkspace } from "../support/oauth";

const CLIENT_ID = "123456789012-h3r4ld0c0nn3ct.apps.googleusercontent.com";
const CLIENT_SECRET = "GOCSPX-h3r4ldS3cr3tV4lu3";
const ACCESS_TOKEN = "ya29.a0AfB_byC-youtube-access";
const REFRESH_TOKEN = "1//0gHeraldRefreshToken";
const CHANNEL_ID = "UCx7Ab3dEfGhIjKlMnOpQrSt";
const EXPIRES_IN = 3599; // what Google answers for an hour-long token
const UPLOAD = "https://www.googleapis.com/auth/youtube.upload";
const READONLY = "https://www.googleapis.com/auth/youtube.readonly";
const FORCE_SSL = "https://www.googleapis.com/auth/youtube.force-ssl";
const SCOPES = `${UPLOAD} ${READONLY} ${FORCE_SSL}`;
const CONSENT = "https://accounts.google.example";
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/youtube/callback";
const NOW = new Date("2031-03-04T09:30:00.000Z");

let google: FixtureServer;
let api: FixtureServer;
/** The challenges the consent page was given: Google ties each code to its challenge. */
const challenges = new Set<string>();

pinClock(NOW);

const s256 = (verifier: string) => createHash("sha256").update(verifier).digest("base64url");

async function youtubeStart(jar: Jar) {
  const r = await oauth.startFlow("youtube", jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  const challenge = url.searchParams.get("code_challenge")!;
  challenges.add(challenge);
  return { url, state: url.searchParams.get("state")!, challenge };
}

/** The callback as the browser follows Google's redirect; returns where Herald sends it next. */
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("youtube", jar, query);

/** An error outcome: a known code with a readable YouTube message, nothing else in the URL. */
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "youtube" });
}

const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const pendingFlows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:" } } });
const tokenRequests = () => google.requests.filter((r) => r.path === "/token");
const channelRequests = () => api.requests.filter((r) => r.path === "/youtube/v3/channels");

/** Google's error body for the token endpoint (RFC 6749 §5.2). */
const tokenError = (error: string, description: string, status = 400) => ({ status, json: { error, error_description: description } });
/** The Data API's error body. */
const apiError = (status: number, reason: string, message: string) => ({ status, json: { error: { code: status, message, errors: [{ message, domain: reason === "quotaExceeded" ? "youtube.quota" : "global", reason }] } } });
/** A token answer as Google gives one (offline access, consent shown: with a refresh token). */
const tokenAnswer = (over: Record<string, unknown> = {}) => ({
  json: { access_token: ACCESS_TOKEN, expires_in: EXPIRES_IN, refresh_token: REFRESH_TOKEN, scope: SCOPES, token_type: "Bearer", ...over },
});

/** channels.list?part=snippet&mine=true as YouTube answers it (trimmed). */
const channelList = (snippet: Record<string, unknown> = {}) => ({
  kind: "youtube#channelListResponse",
  etag: "x9",
  pageInfo: { totalResults: 1, resultsPerPage: 5 },
  items: [
    {
      kind: "youtube#channel",
      etag: "y7",
      id: CHANNEL_ID,
      snippet: {
        title: "Corner Bakery",
        description: "Bread, daily.",
        customUrl: "@cornerbakery",
        publishedAt: "2019-04-01T08:00:00Z",
        thumbnails: { default: { url: "https://yt3.ggpht.example/a.jpg", width: 88, height: 88 } },
        localized: { title: "Corner Bakery", description: "Bread, daily." },
        ...snippet,
      },
    },
  ],
});

beforeAll(async () => {
  google = await startFixtureServer();
  api = await startFixtureServer();
  // Shapes from Google's "Using OAuth 2.0 for Web Server Applications" (exchange, refresh, errors).
  google.on("POST", "/token", (r) => {
    const b = r.body as Record<string, string>;
    if (b.client_id !== CLIENT_ID || b.client_secret !== CLIENT_SECRET) return tokenError("invalid_client", "Unauthorized", 401);
    if (b.grant_type === "refresh_token") {
      return b.refresh_token === REFRESH_TOKEN
        ? { json: { access_token: "ya29.renewed", expires_in: EXPIRES_IN, scope: SCOPES, token_type: "Bearer" } }
        : tokenError("invalid_grant", "Token has been expired or revoked.");
    }
    if (b.grant_type !== "authorization_code") return tokenError("unsupported_grant_type", "Invalid grant_type: " + b.grant_type);
    if (b.code !== "good-code" || b.redirect_uri !== REDIRECT_URI) return tokenError("invalid_grant", "Bad Request");
    if (!b.code_verifier) return tokenError("invalid_request", "Missing code verifier.");
    if (!challenges.has(s256(b.code_verifier))) return tokenError("invalid_grant", "Invalid code verifier.");
    return tokenAnswer();
  });
  api.on("GET", "/youtube/v3/channels", (r) => {
    if (r.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return apiError(401, "authError", "Invalid Credentials");
    if (r.query.get("part") !== "snippet" || r.query.get("mine") !== "true") return apiError(400, "invalidParameter", "bad query");
    return { json: channelList() };
  });
  process.env.GOOGLE_AUTH_URL = CONSENT;
  process.env.GOOGLE_OAUTH_URL = google.url;
  process.env.YOUTUBE_API_URL = api.url;
  process.env.GOOGLE_CLIENT_ID = CLIENT_ID;
  process.env.GOOGLE_CLIENT_SECRET = CLIENT_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["GOOGLE_AUTH_URL", "GOOGLE_OAUTH_URL", "YOUTUBE_API_URL", "GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]) delete process.env[k];
  resetEnvCache();
  await Promise.all([google?.close(), api?.close()]);
});

beforeEach(() => {
  google.reset();
  api.reset();
});

describe("YouTube (Google OAuth 2.0 with PKCE)", () => {
  it("sends the person to Google for offline access with a PKCE challenge, exchanges the code with its verifier, reads the channel, stores the adapter's credentials and renews the token", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-youtube@example.com");
    expect(oauthAvailability().youtube).toBe(true);
    expect(oauthButtons()).toContainEqual({ platform: "youtube", label: "YouTube" });
    const { url, state, challenge } = await youtubeStart(jar);

    // Nothing is called before the person comes back.
    expect(google.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe(`${CONSENT}/o/oauth2/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      response_type: "code",
      scope: SCOPES,
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      state,
      code_challenge: challenge,
      code_challenge_method: "S256",
    });
    expect(state).toMatch(/^[\w-]{40,}$/);
    // S256 of a verifier: 32 bytes, base64url without padding.
    expect(challenge).toMatch(/^[\w-]{43}$/);
    expect(url.toString()).not.toContain(CLIENT_SECRET);

    // The verifier is kept server-side, encrypted, with the flow; only its challenge left.
    const flow = await db().verification.findFirstOrThrow({ where: { identifier: { startsWith: "herald-oauth:youtube:" } } });
    expect(flow.identifier).not.toContain(state);
    expect(flow.expiresAt).toEqual(new Date(NOW.getTime() + OAUTH_STATE_TTL_MS));
    const kept = decryptJson<{ flow: { codeVerifier: string } }>(flow.value);
    expect(kept.flow.codeVerifier).toMatch(/^[\w-]{43,128}$/);
    expect(s256(kept.flow.codeVerifier)).toBe(challenge);
    expect(flow.value).not.toContain(kept.flow.codeVerifier);
    expect(url.toString()).not.toContain(kept.flow.codeVerifier);

    const outcome = await returnTo(jar, { state, code: "good-code", scope: SCOPES });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();

    // The code, exchanged with the app's keys and the verifier whose challenge Google was shown.
    expect(tokenRequests()).toHaveLength(1);
    const [token] = tokenRequests();
    expect(token.method).toBe("POST");
    expect(token.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(token.headers.authorization).toBeUndefined();
    expect(token.body).toEqual({
      code: "good-code",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT_URI,
      grant_type: "authorization_code",
      code_verifier: kept.flow.codeVerifier,
    });
    expect(s256((token.body as Record<string, string>).code_verifier)).toBe(challenge);
    expect(channelRequests()).toHaveLength(1);
    expect(channelRequests()[0].method).toBe("GET");
    expect(channelRequests()[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(Object.fromEntries(channelRequests()[0].query)).toEqual({ part: "snippet", mine: "true" });

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "youtube", handle: "@cornerbakery", displayName: "Corner Bakery", status: "active" });
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET, kept.flow.codeVerifier]) expect(row.credentials).not.toContain(secret);
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    expect(creds).toEqual({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, channelId: CHANNEL_ID });
    expect(youtubeCredentials.safeParse(creds).success).toBe(true);
    // tokenExpiresAt from expires_in on Herald's clock; the refresh a quarter of its life before.
    const expiresAt = new Date(NOW.getTime() + EXPIRES_IN * 1000);
    expect(row.tokenExpiresAt).toEqual(expiresAt);
    const refresh = await db().agentTask.findMany({ where: { workspaceId, accountId: accountId!, type: "refresh_token" } });
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatchObject({ status: "pending", platform: "youtube" });
    expect(refresh[0].scheduledAt).toEqual(new Date(expiresAt.getTime() - refreshLeadMs(EXPIRES_IN * 1000)));
    expect(await pendingFlows()).toBe(0);

    // Single use: the same state again is refused and calls nobody.
    google.reset();
    api.reset();
    expectError(await returnTo(jar, { state, code: "good-code" }), "state_invalid");
    expect(google.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(1);

    // The queued refresh_token task renews the stored token through the adapter, on GOOGLE_OAUTH_URL.
    const due = refresh[0].scheduledAt;
    const ran = await runProcessor({ workspaceId, at: due });
    expect(ran.completed).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0].body).toEqual({ grant_type: "refresh_token", refresh_token: REFRESH_TOKEN, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const renewed = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    // Google sends no new refresh token on a refresh: the stored one is kept, with the channel.
    expect(decryptJson(renewed.credentials!)).toEqual({ accessToken: "ya29.renewed", refreshToken: REFRESH_TOKEN, channelId: CHANNEL_ID });
    expect(renewed.tokenExpiresAt).toEqual(new Date(due.getTime() + EXPIRES_IN * 1000));

    // The same channel again (a reconnect) updates the same row with the new tokens.
    await db().socialAccount.update({ where: { id: accountId! }, data: { status: "needs_reconnect" } });
    google.once("POST", "/token", tokenAnswer({ refresh_token: "1//0gSecondRefresh", expires_in: 3000 }));
    const again = await youtubeStart(jar);
    expect(again.challenge).not.toBe(challenge);
    expect((await returnTo(jar, { state: again.state, code: "good-code" })).get("connected")).toBe(accountId);
    expect(await accountCount(workspaceId)).toBe(1);
    const updated = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(updated.status).toBe("active");
    expect(decryptJson(updated.credentials!)).toEqual({ accessToken: ACCESS_TOKEN, refreshToken: "1//0gSecondRefresh", channelId: CHANNEL_ID });
    expect(updated.tokenExpiresAt).toEqual(new Date(NOW.getTime() + 3_000_000));
  });

  it("names a channel without an @handle by its id, and takes a wider YouTube scope granted before", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-youtube-id@example.com");
    api.once("GET", "/youtube/v3/channels", { json: channelList({ customUrl: undefined, title: "  " }) });
    // include_granted_scopes: a "youtube" scope the app was given earlier stands in for both.
    google.once("POST", "/token", tokenAnswer({ scope: "openid https://www.googleapis.com/auth/youtube" }));
    const { state } = await youtubeStart(jar);
    const accountId = (await returnTo(jar, { state, code: "good-code" })).get("connected");
    expect(accountId).toBeTruthy();
    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! } });
    expect(row).toMatchObject({ platform: "youtube", handle: CHANNEL_ID, displayName: null });
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("treats the person declining or unticking a scope as not granted, and Google's other errors as readable codes, without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-youtube-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await youtubeStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };

    // Declined on the consent screen: ?error=access_denied.
    expectError(await attempt(() => {}, { error: "access_denied" }), "denied");
    expect(oauthMessage("denied", "youtube")).toBe("YouTube access was not granted, so nothing was connected.");
    // An app misconfigured at Google (a scope it may not ask for) is not the person saying no.
    expectError(await attempt(() => {}, { error: "invalid_scope" }), "token_rejected");
    expect(tokenRequests()).toHaveLength(0);

    // A refused code: used, expired, or for another redirect_uri (400 invalid_grant).
    expectError(await attempt(() => {}, { code: "used-code" }), "token_rejected");
    expect(tokenRequests().at(-1)!.body).toMatchObject({ code: "used-code" });
    expect(oauthMessage("token_rejected", "youtube")).toBe("YouTube did not accept the authorization. Start connecting again.");
    expectError(await attempt(() => {}, {}), "token_rejected"); // no code at all
    // Wrong app keys (401 invalid_client).
    expectError(await attempt(() => google.once("POST", "/token", tokenError("invalid_client", "The OAuth client was not found.", 401))), "token_rejected");
    // A verifier whose challenge Google was never shown.
    {
      const { state } = await youtubeStart(jar);
      challenges.clear();
      expectError(await returnTo(jar, { state, code: "good-code" }), "token_rejected");
      expect((tokenRequests().at(-1)!.body as Record<string, string>).code_verifier).toMatch(/^[\w-]{43,128}$/);
    }
    // Google down or slow to answer.
    expectError(await attempt(() => google.once("POST", "/token", { status: 500, text: "Internal Server Error" })), "platform_unavailable");
    expectError(await attempt(() => google.once("POST", "/token", { status: 503, json: { error: "temporarily_unavailable" } })), "platform_unavailable");
    expect(oauthMessage("platform_unavailable", "youtube")).toBe("YouTube could not be reached or had an error. Try again in a few minutes.");
    expectError(await attempt(() => google.once("POST", "/token", { json: { expires_in: EXPIRES_IN, scope: SCOPES, token_type: "Bearer" } })), "token_rejected");
    expect(channelRequests()).toHaveLength(0);

    // A grant without upload, without read access, or without a scope list: refused before the channel is read.
    for (const scope of [READONLY, UPLOAD, "", "openid email"]) {
      expectError(await attempt(() => google.once("POST", "/token", tokenAnswer({ scope }))), "denied");
    }
    expectError(await attempt(() => google.once("POST", "/token", tokenAnswer({ scope: undefined }))), "denied");
    expect(channelRequests()).toHaveLength(0);

    // The channel cannot be read with the token, or there is none.
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", apiError(401, "authError", "Invalid Credentials"))), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", apiError(403, "insufficientPermissions", "Request had insufficient authentication scopes."))), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", { json: { kind: "youtube#channelListResponse", pageInfo: { totalResults: 0, resultsPerPage: 5 } } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", { json: { items: [] } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", { json: { items: [{ snippet: { title: "No id" } }] } })), "verify_failed");
    // YouTube down, or the project's daily quota used up: try again later.
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expectError(await attempt(() => api.once("GET", "/youtube/v3/channels", apiError(403, "quotaExceeded", "The request cannot be completed because you have exceeded your quota."))), "platform_unavailable");
    expect(channelRequests()).toHaveLength(7);
    expect(channelRequests().every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);

    expect(await accountCount(workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("refuses made-up, reused, foreign and expired states, and other platforms' states", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-youtube-state@example.com");
    expectError(await returnTo(jar, { state: "made-up", code: "good-code" }), "state_invalid");
    expectError(await returnTo(jar, { code: "good-code" }), "state_invalid");

    // Another signed-in user presenting this user's state: refused, and burnt for both.
    const stolen = await youtubeStart(jar);
    const mallory = await ownerWithWorkspace("mallory-youtube@example.com");
    expectError(await returnTo(mallory.jar, { state: stolen.state, code: "good-code" }), "wrong_session");
    expectError(await returnTo(jar, { state: stolen.state, code: "good-code" }), "state_invalid");

    // Signed out.
    const signedOut = await youtubeStart(jar);
    expectError(await returnTo(undefined, { state: signedOut.state, code: "good-code" }), "wrong_session");

    // Expired: the person comes back ten minutes later by Herald's clock, and is refused once for good.
    const late = await youtubeStart(jar);
    const later = NOW.getTime() + OAUTH_STATE_TTL_MS;
    setClock(new Date(later));
    expectError(await returnTo(jar, { state: late.state, code: "good-code" }), "state_expired");
    expect(oauthMessage("state_expired", "youtube")).toBe("Connecting to YouTube took longer than 10 minutes. Start again.");
    expectError(await returnTo(jar, { state: late.state, code: "good-code" }), "state_invalid");

    // …while a minute under ten is still in time.
    const inTime = await youtubeStart(jar);
    setClock(new Date(later + OAUTH_STATE_TTL_MS - 60_000));
    // A YouTube state presented to the Reddit callback is not one of Reddit's…
    const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/reddit/callback?code=good-code&state=${inTime.state}`, { jar }), {
      params: Promise.resolve({ platform: "reddit" }),
    });
    expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("state_invalid");
    // …and it still works where it belongs.
    expect((await returnTo(jar, { state: inTime.state, code: "good-code" })).get("connected")).toBeTruthy();

    expect(tokenRequests()).toHaveLength(1);
    expect(await accountCount(mallory.workspaceId)).toBe(0);
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("needs an admin in a browser, and is not offered or finished without the Google app's client id and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-youtube-off@example.com");
    for (const role of ["editor", "viewer"] as const) {
      const member = await memberAs(workspaceId, role);
      expect((await oauth.startFlow("youtube", member.jar)).status).toBe(403);
    }
    const started = await youtubeStart(jar);

    for (const unset of ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"]) {
      delete process.env[unset];
      resetEnvCache();
      try {
        expect(oauthAvailability().youtube).toBe(false);
        expect(oauthButtons().map((b) => b.platform)).not.toContain("youtube");
        const flows = await pendingFlows();
        const r = await oauth.startFlow("youtube", jar);
        expect(r.status).toBe(404);
        expect(r.body.error.message).toBe(
          "Connecting with YouTube is not configured on this Herald (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET of a Google OAuth web client).",
        );
        expect(await pendingFlows()).toBe(flows);
      } finally {
        process.env.GOOGLE_CLIENT_ID = CLIENT_ID;
        process.env.GOOGLE_CLIENT_SECRET = CLIENT_SECRET;
        resetEnvCache();
      }
    }

    // A flow started before the keys were removed cannot finish.
    delete process.env.GOOGLE_CLIENT_SECRET;
    resetEnvCache();
    try {
      expectError(await returnTo(jar, { state: started.state, code: "good-code" }), "not_configured");
      expect(oauthMessage("not_configured", "youtube")).toBe("Connecting with YouTube is not configured on this Herald.");
    } finally {
      process.env.GOOGLE_CLIENT_SECRET = CLIENT_SECRET;
      resetEnvCache();
    }
    expect(oauthAvailability().youtube).toBe(true);
    expect(google.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});
