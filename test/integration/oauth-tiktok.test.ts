// "Connect with TikTok" through the real route handlers, against a local server playing
// open.tiktokapis.com: POST /v2/oauth/token/ (the code, and the adapter's refresh), GET
// /v2/user/info/ and POST /v2/post/publish/creator_info/query/ (the username). TikTok's consent page
// (www.tiktok.com/v2/auth/authorize/) is only linked to, never called by the server. The pending
// state is the one every sign-in shares (session-bound, single use, ten minutes on Herald's clock,
// which is pinned here); every failure lands on the accounts page with a readable code and writes
// no account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import { refreshLeadMs } from "../../lib/accounts";
import { setClock } from "../../lib/clock";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { tiktokCredentials } from "../../lib/social/tiktok/credentials";
import { OAUTH_STATE_TTL_MS, oauthAvailability, oauthButtons, oauthMessage } from "../../lib/social/oauth";
import { browserReq, type Jar } from "../support/auth";
import { pinClock, runProcessor } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import * as oauth from "../support/oauth";
import { memberAs, ownerWithWorkspace } from "../support/oauth";

const CLIENT_KEY = "aw3hrld7cnct9tk";
const CLIENT_SECRET = "Tk5ecretH3rald0Connect";
const ACCESS_TOKEN = "act.1d1021d2aee3d41fee2d2add43456badMFZnrhFhfWotu3Ecuiuka27L56lr!2403";
const REFRESH_TOKEN = "rft.713bf1f6f7ed0f0c1e1a5a7bc4e6f8a3Tl4k9nmAbsR1ZV!2402";
const OPEN_ID = "723f24d7-e717-40f8-a2b6-cb8464cd23b4";
const EXPIRES_IN = 86_400; // a day
const REFRESH_EXPIRES_IN = 31_536_000; // a year
const SCOPES = "user.info.basic,video.publish,video.list";
const CONSENT = "https://tiktok.example";
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/tiktok/callback";
const NOW = new Date("2031-03-04T09:30:00.000Z");

let tiktok: FixtureServer;

pinClock(NOW);

async function tiktokStart(jar: Jar) {
  const r = await oauth.startFlow("tiktok", jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}

/** The callback as the browser follows TikTok's redirect; returns where Herald sends it next. */
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("tiktok", jar, query);

/** An error outcome: a known code with a readable TikTok message, nothing else in the URL. */
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "tiktok" });
}

const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const pendingFlows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:" } } });
const requestsTo = (path: string) => tiktok.requests.filter((r) => r.path === path);
const TOKEN = "/v2/oauth/token/";
const USER_INFO = "/v2/user/info/";
const CREATOR_INFO = "/v2/post/publish/creator_info/query/";

/** Login Kit's OAuth error struct. */
const oauthError = (error: string, description: string, status = 200) => ({ status, json: { error, error_description: description, log_id: "20310304093000ABCDEF" } });
/** The API's envelope. */
const ok = (data: unknown) => ({ json: { data, error: { code: "ok", message: "", log_id: "20310304093000OK" } } });
const apiError = (code: string, message: string, status: number) => ({ status, json: { data: {}, error: { code, message, log_id: "20310304093000ERR" } } });
/** A token answer as TikTok documents it. */
const tokenAnswer = (over: Record<string, unknown> = {}) => ({
  json: {
    access_token: ACCESS_TOKEN,
    expires_in: EXPIRES_IN,
    open_id: OPEN_ID,
    refresh_expires_in: REFRESH_EXPIRES_IN,
    refresh_token: REFRESH_TOKEN,
    scope: SCOPES,
    token_type: "Bearer",
    ...over,
  },
});
const userInfo = (over: Record<string, unknown> = {}) =>
  ok({ user: { open_id: OPEN_ID, union_id: "c9c60f44-a68e-4f5d-84dd-ce22faeb0ba1", avatar_url: "https://p16-sign.tiktokcdn.example/a.jpeg", display_name: "Corner Bakery", ...over } });
const creatorInfo = (over: Record<string, unknown> = {}) =>
  ok({
    creator_avatar_url: "https://p16-sign.tiktokcdn.example/a.jpeg",
    creator_username: "corner.bakery",
    creator_nickname: "Corner Bakery (TikTok)",
    privacy_level_options: ["SELF_ONLY"],
    comment_disabled: false,
    duet_disabled: false,
    stitch_disabled: true,
    max_video_post_duration_sec: 600,
    ...over,
  });

beforeAll(async () => {
  tiktok = await startFixtureServer();
  // Shapes from TikTok's "Manage User Access Tokens", "OAuth Error Handling", "Get User Info"
  // and "Query Creator Info" pages.
  tiktok.on("POST", TOKEN, (r) => {
    const b = r.body as Record<string, string>;
    if (b.client_key !== CLIENT_KEY || b.client_secret !== CLIENT_SECRET) return oauthError("invalid_client", "Client key or secret is incorrect.", 401);
    if (b.grant_type === "refresh_token") {
      return b.refresh_token === REFRESH_TOKEN
        ? tokenAnswer({ access_token: "act.renewed", refresh_token: "rft.rotated" })
        : oauthError("invalid_grant", "Refresh token is invalid or expired.");
    }
    if (b.grant_type !== "authorization_code") return oauthError("unsupported_grant_type", "Grant type is not supported.");
    if (b.code !== "good-code" || b.redirect_uri !== REDIRECT_URI) return oauthError("invalid_grant", "Authorization code is expired.");
    return tokenAnswer();
  });
  const bearer = (r: { headers: Record<string, string | string[] | undefined> }) => [`Bearer ${ACCESS_TOKEN}`, "Bearer act.second"].includes(String(r.headers.authorization));
  tiktok.on("GET", USER_INFO, (r) => {
    if (!bearer(r)) return apiError("access_token_invalid", "The access token is invalid or not found in the request.", 401);
    // Asking for a field outside the granted scopes fails the whole request (username needs user.info.profile).
    const fields = (r.query.get("fields") ?? "").split(",");
    if (fields.some((f) => !["open_id", "union_id", "avatar_url", "display_name"].includes(f))) {
      return apiError("scope_not_authorized", "The user did not authorize the scope required for completing this request.", 401);
    }
    return userInfo();
  });
  tiktok.on("POST", CREATOR_INFO, (r) => (bearer(r) ? creatorInfo() : apiError("access_token_invalid", "The access token is invalid or not found in the request.", 401)));
  process.env.TIKTOK_AUTH_URL = CONSENT;
  process.env.TIKTOK_API_URL = tiktok.url;
  process.env.TIKTOK_CLIENT_KEY = CLIENT_KEY;
  process.env.TIKTOK_CLIENT_SECRET = CLIENT_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["TIKTOK_AUTH_URL", "TIKTOK_API_URL", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"]) delete process.env[k];
  resetEnvCache();
  await tiktok?.close();
});

beforeEach(() => tiktok.reset());

describe("TikTok (Login Kit for Web, OAuth 2.0)", () => {
  it("sends the person to TikTok for the adapter's scopes, exchanges the code, names the account by its username, stores the adapter's credentials and renews the token", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-tiktok@example.com");
    expect(oauthAvailability().tiktok).toBe(true);
    expect(oauthButtons()).toContainEqual({ platform: "tiktok", label: "TikTok" });
    const { url, state } = await tiktokStart(jar);

    // Nothing is called before the person comes back.
    expect(tiktok.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe(`${CONSENT}/v2/auth/authorize/`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_key: CLIENT_KEY,
      response_type: "code",
      scope: SCOPES,
      redirect_uri: REDIRECT_URI,
      state,
    });
    expect(state).toMatch(/^[\w-]{40,}$/);
    expect(url.toString()).not.toContain(CLIENT_SECRET);
    const flow = await db().verification.findFirstOrThrow({ where: { identifier: { startsWith: "herald-oauth:tiktok:" } } });
    expect(flow.identifier).not.toContain(state);
    expect(flow.expiresAt).toEqual(new Date(NOW.getTime() + OAUTH_STATE_TTL_MS));

    // TikTok's redirect carries the granted scopes too; Herald reads them from the token answer.
    const outcome = await returnTo(jar, { code: "good-code", scopes: SCOPES, state });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();

    // The code, exchanged with the app's key and secret in the form.
    expect(requestsTo(TOKEN)).toHaveLength(1);
    const [token] = requestsTo(TOKEN);
    expect(token.method).toBe("POST");
    expect(token.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(token.body).toEqual({ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, code: "good-code", grant_type: "authorization_code", redirect_uri: REDIRECT_URI });
    // The profile (user.info.basic fields only) and the creator's username (video.publish), with the new token.
    expect(requestsTo(USER_INFO)).toHaveLength(1);
    expect(requestsTo(USER_INFO)[0].method).toBe("GET");
    expect(requestsTo(USER_INFO)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(requestsTo(USER_INFO)[0].query.get("fields")).toBe("open_id,union_id,avatar_url,display_name");
    expect(requestsTo(CREATOR_INFO)).toHaveLength(1);
    expect(requestsTo(CREATOR_INFO)[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(requestsTo(CREATOR_INFO)[0].body).toEqual({});

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "tiktok", handle: "corner.bakery", displayName: "Corner Bakery", status: "active" });
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) expect(row.credentials).not.toContain(secret);
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    expect(creds).toEqual({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN, openId: OPEN_ID });
    expect(tiktokCredentials.safeParse(creds).success).toBe(true);
    // tokenExpiresAt from expires_in on Herald's clock; the refresh a quarter of its day before.
    const expiresAt = new Date(NOW.getTime() + EXPIRES_IN * 1000);
    expect(row.tokenExpiresAt).toEqual(expiresAt);
    const refresh = await db().agentTask.findMany({ where: { workspaceId, accountId: accountId!, type: "refresh_token" } });
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatchObject({ status: "pending", platform: "tiktok" });
    expect(refresh[0].scheduledAt).toEqual(new Date(expiresAt.getTime() - refreshLeadMs(EXPIRES_IN * 1000)));
    expect(refresh[0].scheduledAt).toEqual(new Date(NOW.getTime() + 18 * 3_600_000));
    expect(await pendingFlows()).toBe(0);

    // Single use: the same state again is refused and calls nobody.
    tiktok.reset();
    expectError(await returnTo(jar, { code: "good-code", state }), "state_invalid");
    expect(tiktok.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(1);

    // The queued refresh_token task renews the stored token through the adapter, on TIKTOK_API_URL.
    const due = refresh[0].scheduledAt;
    const ran = await runProcessor({ workspaceId, at: due });
    expect(ran.completed).toBe(1);
    expect(requestsTo(TOKEN)).toHaveLength(1);
    expect(requestsTo(TOKEN)[0].body).toEqual({ client_key: CLIENT_KEY, client_secret: CLIENT_SECRET, grant_type: "refresh_token", refresh_token: REFRESH_TOKEN });
    const renewed = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    // TikTok may rotate the refresh token: the new one is kept.
    expect(decryptJson(renewed.credentials!)).toEqual({ accessToken: "act.renewed", refreshToken: "rft.rotated", openId: OPEN_ID });
    expect(renewed.tokenExpiresAt).toEqual(new Date(due.getTime() + EXPIRES_IN * 1000));

    // The same account again (a reconnect) updates the same row.
    await db().socialAccount.update({ where: { id: accountId! }, data: { status: "needs_reconnect" } });
    tiktok.once("POST", TOKEN, tokenAnswer({ access_token: "act.second", refresh_token: "rft.second", expires_in: 7200 }));
    const again = await tiktokStart(jar);
    expect((await returnTo(jar, { code: "good-code", state: again.state })).get("connected")).toBe(accountId);
    expect(await accountCount(workspaceId)).toBe(1);
    const updated = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(updated.status).toBe("active");
    expect(decryptJson(updated.credentials!)).toEqual({ accessToken: "act.second", refreshToken: "rft.second", openId: OPEN_ID });
    expect(updated.tokenExpiresAt).toEqual(new Date(NOW.getTime() + 7_200_000));
  });

  it("falls back to the open id without a username, and to the creator's nickname without a display name", async () => {
    const { jar } = await ownerWithWorkspace("owner-tiktok-openid@example.com");
    tiktok.once("GET", USER_INFO, userInfo({ display_name: "" }));
    tiktok.once("POST", CREATOR_INFO, creatorInfo({ creator_username: undefined }));
    const { state } = await tiktokStart(jar);
    const accountId = (await returnTo(jar, { code: "good-code", state })).get("connected");
    expect(accountId).toBeTruthy();
    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! } });
    expect(row).toMatchObject({ platform: "tiktok", handle: OPEN_ID, displayName: "Corner Bakery (TikTok)" });
    // A username that is not one (it would go into post URLs) is not used either.
    tiktok.once("POST", CREATOR_INFO, creatorInfo({ creator_username: "../../v2/oauth" }));
    const other = await tiktokStart(jar);
    expect((await returnTo(jar, { code: "good-code", state: other.state })).get("connected")).toBe(accountId);
  });

  it("treats the person declining or unticking video.publish as not granted, and TikTok's other errors as readable codes, without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-tiktok-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await tiktokStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };

    // Declined on TikTok's page: ?error=access_denied with a description.
    expectError(await attempt(() => {}, { error: "access_denied", error_description: "User cancelled the authorization" }), "denied");
    expect(oauthMessage("denied", "tiktok")).toBe("TikTok access was not granted, so nothing was connected.");
    // An app misconfigured at TikTok (a scope it was not approved for) is not the person saying no.
    expectError(await attempt(() => {}, { error: "invalid_scope", error_description: "The scope is not authorized" }), "token_rejected");
    expect(requestsTo(TOKEN)).toHaveLength(0);

    // A refused code (invalid_grant with HTTP 200, as Login Kit may answer), or with a 4xx.
    expectError(await attempt(() => {}, { code: "used-code" }), "token_rejected");
    expect(requestsTo(TOKEN).at(-1)!.body).toMatchObject({ code: "used-code" });
    expectError(await attempt(() => tiktok.once("POST", TOKEN, oauthError("invalid_grant", "Authorization code is expired.", 400))), "token_rejected");
    expect(oauthMessage("token_rejected", "tiktok")).toBe("TikTok did not accept the authorization. Start connecting again.");
    expectError(await attempt(() => {}, {}), "token_rejected"); // no code at all
    expectError(await attempt(() => tiktok.once("POST", TOKEN, oauthError("invalid_client", "Client key or secret is incorrect.", 401))), "token_rejected");
    // TikTok down.
    expectError(await attempt(() => tiktok.once("POST", TOKEN, { status: 500, text: "Internal Server Error" })), "platform_unavailable");
    expectError(await attempt(() => tiktok.once("POST", TOKEN, { status: 429, json: { error: "rate_limit_exceeded" } })), "platform_unavailable");
    expectError(await attempt(() => tiktok.once("POST", TOKEN, oauthError("temporarily_unavailable", "Service is temporarily unavailable."))), "platform_unavailable");
    expect(oauthMessage("platform_unavailable", "tiktok")).toBe("TikTok could not be reached or had an error. Try again in a few minutes.");
    expectError(await attempt(() => tiktok.once("POST", TOKEN, tokenAnswer({ access_token: "" }))), "token_rejected");
    expect(requestsTo(USER_INFO)).toHaveLength(0);

    // A grant that cannot post, or says nothing of its scopes: refused before the profile is read.
    for (const scope of ["user.info.basic,video.list", "user.info.basic,video.upload", ""]) {
      expectError(await attempt(() => tiktok.once("POST", TOKEN, tokenAnswer({ scope }))), "denied");
    }
    expectError(await attempt(() => tiktok.once("POST", TOKEN, tokenAnswer({ scope: undefined }))), "denied");
    expect(requestsTo(USER_INFO)).toHaveLength(0);

    // The profile or the creator cannot be read with the token, or belong to someone else.
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, apiError("access_token_invalid", "The access token is invalid.", 401))), "verify_failed");
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, apiError("scope_not_authorized", "The user did not authorize the scope.", 401))), "verify_failed");
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, { json: { data: {}, error: { code: "access_token_invalid", message: "", log_id: "L" } } })), "verify_failed");
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, userInfo({ open_id: "someone-else" }))), "verify_failed");
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expectError(await attempt(() => tiktok.once("GET", USER_INFO, apiError("internal_error", "Something went wrong.", 500))), "platform_unavailable");
    expectError(await attempt(() => tiktok.once("POST", CREATOR_INFO, apiError("scope_not_authorized", "The user did not authorize the scope.", 401))), "verify_failed");
    expectError(await attempt(() => tiktok.once("POST", CREATOR_INFO, { json: { data: {}, error: { code: "spam_risk_user_banned_from_posting", message: "banned", log_id: "L" } } })), "verify_failed");
    expectError(await attempt(() => tiktok.once("POST", CREATOR_INFO, { status: 502, text: "Bad Gateway" })), "platform_unavailable");
    // Without an open id in the token answer or the profile there is no account to name.
    expectError(
      await attempt(() => {
        tiktok.once("POST", TOKEN, tokenAnswer({ open_id: undefined }));
        tiktok.once("GET", USER_INFO, userInfo({ open_id: undefined }));
      }),
      "verify_failed",
    );
    expect(requestsTo(USER_INFO).every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);

    expect(await accountCount(workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("refuses made-up, reused, foreign and expired states, and other platforms' states", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-tiktok-state@example.com");
    expectError(await returnTo(jar, { state: "made-up", code: "good-code" }), "state_invalid");
    expectError(await returnTo(jar, { code: "good-code" }), "state_invalid");

    // Another signed-in user presenting this user's state: refused, and burnt for both.
    const stolen = await tiktokStart(jar);
    const mallory = await ownerWithWorkspace("mallory-tiktok@example.com");
    expectError(await returnTo(mallory.jar, { state: stolen.state, code: "good-code" }), "wrong_session");
    expectError(await returnTo(jar, { state: stolen.state, code: "good-code" }), "state_invalid");

    // Signed out.
    const signedOut = await tiktokStart(jar);
    expectError(await returnTo(undefined, { state: signedOut.state, code: "good-code" }), "wrong_session");

    // Expired: ten minutes later by Herald's clock, refused once for good.
    const late = await tiktokStart(jar);
    const later = NOW.getTime() + OAUTH_STATE_TTL_MS;
    setClock(new Date(later));
    expectError(await returnTo(jar, { state: late.state, code: "good-code" }), "state_expired");
    expect(oauthMessage("state_expired", "tiktok")).toBe("Connecting to TikTok took longer than 10 minutes. Start again.");
    expectError(await returnTo(jar, { state: late.state, code: "good-code" }), "state_invalid");

    // …while a minute under ten is still in time.
    const inTime = await tiktokStart(jar);
    setClock(new Date(later + OAUTH_STATE_TTL_MS - 60_000));
    // A TikTok state presented to the YouTube callback is not one of YouTube's…
    const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/youtube/callback?code=good-code&state=${inTime.state}`, { jar }), {
      params: Promise.resolve({ platform: "youtube" }),
    });
    expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("state_invalid");
    // …and it still works where it belongs.
    expect((await returnTo(jar, { state: inTime.state, code: "good-code" })).get("connected")).toBeTruthy();

    expect(requestsTo(TOKEN)).toHaveLength(1);
    expect(await accountCount(mallory.workspaceId)).toBe(0);
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("needs an admin in a browser, and is not offered or finished without the app's client key and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-tiktok-off@example.com");
    for (const role of ["editor", "viewer"] as const) {
      const member = await memberAs(workspaceId, role);
      expect((await oauth.startFlow("tiktok", member.jar)).status).toBe(403);
    }
    const started = await tiktokStart(jar);

    for (const unset of ["TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET"]) {
      delete process.env[unset];
      resetEnvCache();
      try {
        expect(oauthAvailability().tiktok).toBe(false);
        expect(oauthButtons().map((b) => b.platform)).not.toContain("tiktok");
        const flows = await pendingFlows();
        const r = await oauth.startFlow("tiktok", jar);
        expect(r.status).toBe(404);
        expect(r.body.error.message).toBe("Connecting with TikTok is not configured on this Herald (TIKTOK_CLIENT_KEY and TIKTOK_CLIENT_SECRET of a TikTok app with Login Kit).");
        expect(await pendingFlows()).toBe(flows);
      } finally {
        process.env.TIKTOK_CLIENT_KEY = CLIENT_KEY;
        process.env.TIKTOK_CLIENT_SECRET = CLIENT_SECRET;
        resetEnvCache();
      }
    }

    // A flow started before the keys were removed cannot finish.
    delete process.env.TIKTOK_CLIENT_KEY;
    resetEnvCache();
    try {
      expectError(await returnTo(jar, { state: started.state, code: "good-code" }), "not_configured");
      expect(oauthMessage("not_configured", "tiktok")).toBe("Connecting with TikTok is not configured on this Herald.");
    } finally {
      process.env.TIKTOK_CLIENT_KEY = CLIENT_KEY;
      resetEnvCache();
    }
    expect(oauthAvailability().tiktok).toBe(true);
    expect(tiktok.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});
