// "Connect with LinkedIn" through the real route handlers, against two local servers: one plays
// LinkedIn's OAuth host (www.linkedin.com: /oauth/v2/authorization, /oauth/v2/accessToken), the
// other its API (api.linkedin.com: GET /v2/userinfo). The flow shares lib/social/oauth.ts's pending
// state with Mastodon and X (session-bound, single use); every failure lands on the accounts page
// with a readable code and writes no account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import { REFRESH_LEAD_MS } from "../../lib/accounts";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { linkedinCredentials } from "../../lib/social/linkedin/credentials";
import { oauthAvailability, oauthMessage } from "../../lib/social/oauth";
import { adapterFor } from "../../lib/social-media";
import { browserReq, type Jar } from "../support/auth";
import * as oauth from "../support/oauth";
import { memberAs, ownerWithWorkspace } from "../support/oauth";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const CLIENT_ID = "li-client-id";
const CLIENT_SECRET = "li-client-secret";
const ACCESS_TOKEN = "AQV-linkedin-member-token";
const REFRESH_TOKEN = "AQX-linkedin-refresh-token";
const SUB = "782bbtaQ";
const EXPIRES_IN = 5_184_000; // 60 days, as LinkedIn issues member tokens
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/linkedin/callback";

let auth: FixtureServer;
let api: FixtureServer;

const startFlow = (jar: Jar, body: unknown = {}) => oauth.startFlow("linkedin", jar, body);

async function linkedinStart(jar: Jar) {
  const r = await startFlow(jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}

/** The callback as the browser follows LinkedIn's redirect; returns where Herald sends it next. */
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("linkedin", jar, query);

/** An error outcome: a known code with a readable LinkedIn message, nothing else in the URL. */
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "linkedin" });
}

const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const pendingFlows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:" } } });
const tokenRequests = () => auth.requests.filter((r) => r.path === "/oauth/v2/accessToken");

beforeAll(async () => {
  auth = await startFixtureServer();
  api = await startFixtureServer();
  // Shapes from learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow and
  // programmatic-refresh-tokens.
  auth.on("POST", "/oauth/v2/accessToken", (r) => {
    const b = r.body as Record<string, string>;
    if (b.client_id !== CLIENT_ID || b.client_secret !== CLIENT_SECRET) {
      return { status: 401, json: { error: "invalid_client", error_description: "Client authentication failed" } };
    }
    if (b.grant_type === "refresh_token") {
      return b.refresh_token === REFRESH_TOKEN
        ? { json: { access_token: "AQV-refreshed", expires_in: EXPIRES_IN, refresh_token: REFRESH_TOKEN, refresh_token_expires_in: 31_536_000 } }
        : { status: 400, json: { error: "invalid_grant", error_description: "The provided authorization grant or refresh token is invalid" } };
    }
    if (b.grant_type !== "authorization_code" || b.code !== "good-code" || b.redirect_uri !== REDIRECT_URI) {
      return { status: 400, json: { error: "invalid_request", error_description: "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code." } };
    }
    return {
      json: {
        access_token: ACCESS_TOKEN,
        expires_in: EXPIRES_IN,
        refresh_token: REFRESH_TOKEN,
        refresh_token_expires_in: 31_536_000,
        scope: "openid,profile,w_member_social",
        token_type: "Bearer",
        id_token: "eyJ.not.checked",
      },
    };
  });
  // Shape from sign-in-with-linkedin-v2 (userinfo).
  api.on("GET", "/v2/userinfo", (r) =>
    r.headers.authorization === `Bearer ${ACCESS_TOKEN}` || r.headers.authorization === "Bearer AQV-second-token"
      ? { json: { sub: SUB, name: "Ada Baker", given_name: "Ada", family_name: "Baker", locale: { country: "DE", language: "de" } } }
      : { status: 401, json: { serviceErrorCode: 65600, message: "Invalid access token", status: 401 } },
  );
  process.env.LINKEDIN_AUTH_URL = auth.url;
  process.env.LINKEDIN_API_URL = api.url;
  process.env.LINKEDIN_CLIENT_ID = CLIENT_ID;
  process.env.LINKEDIN_CLIENT_SECRET = CLIENT_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["LINKEDIN_AUTH_URL", "LINKEDIN_API_URL", "LINKEDIN_CLIENT_ID", "LINKEDIN_CLIENT_SECRET"]) delete process.env[k];
  resetEnvCache();
  await Promise.all([auth?.close(), api?.close()]);
});

beforeEach(() => {
  auth.reset();
  api.reset();
});

describe("LinkedIn OAuth 2.0", () => {
  it("sends the member to LinkedIn, exchanges the code, reads /v2/userinfo and stores the adapter's credentials with the token's expiry", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-linkedin@example.com");
    expect(oauthAvailability().linkedin).toBe(true);
    const { url, state } = await linkedinStart(jar);

    // Nothing is called before the member comes back.
    expect(auth.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe(`${auth.url}/oauth/v2/authorization`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      state,
      scope: "openid profile w_member_social",
    });
    expect(state).toMatch(/^[\w-]{40,}$/);
    expect(url.toString()).not.toContain(CLIENT_SECRET);
    const flow = await db().verification.findFirstOrThrow({ where: { identifier: { startsWith: "herald-oauth:linkedin:" } } });
    expect(flow.identifier).not.toContain(state);

    const before = Date.now();
    const outcome = await returnTo(jar, { code: "good-code", state });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();

    const [token] = tokenRequests();
    expect(tokenRequests()).toHaveLength(1);
    expect(token.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(token.body).toEqual({ grant_type: "authorization_code", code: "good-code", redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });
    const userinfo = api.requests.filter((r) => r.path === "/v2/userinfo");
    expect(userinfo).toHaveLength(1);
    expect(userinfo[0].method).toBe("GET");
    expect(userinfo[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "linkedin", handle: `urn:li:person:${SUB}`, displayName: "Ada Baker", status: "active" });
    expect(row.credentials).not.toContain(ACCESS_TOKEN);
    expect(row.credentials).not.toContain(CLIENT_SECRET);
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    expect(creds).toEqual({ accessToken: ACCESS_TOKEN, authorUrn: `urn:li:person:${SUB}`, refreshToken: REFRESH_TOKEN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(linkedinCredentials.safeParse(creds).success).toBe(true);
    // tokenExpiresAt from expires_in, and the refresh task a day before it.
    const expiresAt = row.tokenExpiresAt!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + EXPIRES_IN * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + EXPIRES_IN * 1000 + 1000);
    const refresh = await db().agentTask.findMany({ where: { workspaceId, accountId: accountId!, type: "refresh_token" } });
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatchObject({ status: "pending", platform: "linkedin" });
    expect(refresh[0].scheduledAt.getTime()).toBe(expiresAt - REFRESH_LEAD_MS);
    expect(await pendingFlows()).toBe(0);

    // The stored shape is what the registry's adapter refreshes with, on LINKEDIN_AUTH_URL.
    const adapter = adapterFor({ platform: "linkedin", credentials: creds }, { prisma: db() });
    const fresh = await adapter.refresh({
      account: { id: accountId!, workspaceId, platform: "linkedin", handle: row.handle, credentials: creds, simulation: null },
      signal: AbortSignal.timeout(5000),
    });
    expect(fresh).toMatchObject({ accessToken: "AQV-refreshed", refreshToken: REFRESH_TOKEN });
    expect(tokenRequests().at(-1)!.body).toMatchObject({ grant_type: "refresh_token", refresh_token: REFRESH_TOKEN, client_id: CLIENT_ID });

    // Single use: the same state again is refused and calls nobody.
    auth.reset();
    api.reset();
    expectError(await returnTo(jar, { code: "good-code", state }), "state_invalid");
    expect(auth.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(1);

    // The same member again (a token without refresh token this time) reconnects the same row.
    await db().socialAccount.update({ where: { id: accountId! }, data: { status: "needs_reconnect", tokenExpiresAt: new Date(Date.now() + 60_000) } });
    auth.once("POST", "/oauth/v2/accessToken", { json: { access_token: "AQV-second-token", expires_in: 3600, scope: "openid,profile,w_member_social" } });
    const again = await linkedinStart(jar);
    expect((await returnTo(jar, { code: "good-code", state: again.state })).get("connected")).toBe(accountId);
    expect(await accountCount(workspaceId)).toBe(1);
    const updated = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(updated.status).toBe("active");
    expect(decryptJson(updated.credentials!)).toEqual({ accessToken: "AQV-second-token", authorUrn: `urn:li:person:${SUB}` });
    expect(Math.abs(updated.tokenExpiresAt!.getTime() - (Date.now() + 3600_000))).toBeLessThan(5000);
    expect(await db().agentTask.count({ where: { accountId: accountId!, type: "refresh_token", idempotencyKey: `refresh:${accountId}:${updated.tokenExpiresAt!.toISOString()}` } })).toBe(1);
  });

  it("treats the member cancelling as a refusal", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-linkedin-denied@example.com");
    for (const error of ["user_cancelled_authorize", "user_cancelled_login", "access_denied"]) {
      const { state } = await linkedinStart(jar);
      expectError(await returnTo(jar, { error, error_description: "The user cancelled the authorization", state }), "denied");
    }
    // Any other error LinkedIn sends back (e.g. the app lacks a product) is not a refusal.
    const { state } = await linkedinStart(jar);
    expectError(await returnTo(jar, { error: "unauthorized_scope_error", error_description: "Scope \"w_member_social\" is not authorized for your application", state }), "token_rejected");
    expect(tokenRequests()).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("turns token endpoint errors and a refused userinfo into readable codes without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-linkedin-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await linkedinStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };

    expectError(await attempt(() => {}, { code: "expired-code" }), "token_rejected");
    expect(tokenRequests().at(-1)!.body).toMatchObject({ code: "expired-code" });
    expectError(await attempt(() => {}, {}), "token_rejected"); // no code at all
    expectError(await attempt(() => auth.once("POST", "/oauth/v2/accessToken", { status: 401, json: { error: "invalid_client", error_description: "Client authentication failed" } })), "token_rejected");
    expectError(await attempt(() => auth.once("POST", "/oauth/v2/accessToken", { status: 500, text: "Internal Server Error" })), "platform_unavailable");
    expectError(await attempt(() => auth.once("POST", "/oauth/v2/accessToken", { status: 429, json: { message: "Throttled" } })), "platform_unavailable");
    expectError(await attempt(() => auth.once("POST", "/oauth/v2/accessToken", { json: { expires_in: EXPIRES_IN } })), "token_rejected");

    expectError(await attempt(() => api.once("GET", "/v2/userinfo", { status: 401, json: { serviceErrorCode: 65600, message: "Invalid access token", status: 401 } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/v2/userinfo", { status: 403, json: { serviceErrorCode: 100, message: "Not enough permissions to access: userinfo.GET.NO_VERSION", status: 403 } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/v2/userinfo", { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expectError(await attempt(() => api.once("GET", "/v2/userinfo", { json: { name: "No Sub" } })), "verify_failed");
    expect(oauthMessage("verify_failed", "linkedin")).toMatch(/^LinkedIn gave Herald a token/);

    // A userinfo call carried the token each time one was issued.
    expect(api.requests.every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(api.requests).toHaveLength(4);
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(0);
  });

  it("refuses made-up, reused and foreign states, and other platforms' states", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-linkedin-state@example.com");
    expectError(await returnTo(jar, { code: "good-code", state: "made-up" }), "state_invalid");
    expectError(await returnTo(jar, { code: "good-code" }), "state_invalid");

    // Another signed-in user presenting this user's state: refused, and burnt for both.
    const stolen = await linkedinStart(jar);
    const mallory = await ownerWithWorkspace("mallory-linkedin@example.com");
    expectError(await returnTo(mallory.jar, { code: "good-code", state: stolen.state }), "wrong_session");
    expectError(await returnTo(jar, { code: "good-code", state: stolen.state }), "state_invalid");

    // Signed out.
    const signedOut = await linkedinStart(jar);
    expectError(await returnTo(undefined, { code: "good-code", state: signedOut.state }), "wrong_session");

    // Expired.
    const expired = await linkedinStart(jar);
    await db().verification.updateMany({ where: { identifier: { startsWith: "herald-oauth:" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await returnTo(jar, { code: "good-code", state: expired.state }), "state_expired");

    // A LinkedIn state presented to the Mastodon callback is not one of Mastodon's.
    const crossed = await linkedinStart(jar);
    const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/mastodon/callback?code=good-code&state=${crossed.state}`, { jar }), {
      params: Promise.resolve({ platform: "mastodon" }),
    });
    expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("state_invalid");
    // …and it still works where it belongs.
    expect((await returnTo(jar, { code: "good-code", state: crossed.state })).get("connected")).toBeTruthy();

    expect(tokenRequests()).toHaveLength(1);
    expect(await accountCount(mallory.workspaceId)).toBe(0);
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("needs an admin in a browser, and is not offered or finished without the app's client id and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-linkedin-off@example.com");
    for (const role of ["editor", "viewer"] as const) {
      const member = await memberAs(workspaceId, role);
      expect((await startFlow(member.jar)).status).toBe(403);
    }
    const started = await linkedinStart(jar);

    delete process.env.LINKEDIN_CLIENT_SECRET;
    resetEnvCache();
    try {
      expect(oauthAvailability().linkedin).toBe(false);
      const flows = await pendingFlows();
      const r = await startFlow(jar);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/Connecting with LinkedIn is not configured.*LINKEDIN_CLIENT_ID and LINKEDIN_CLIENT_SECRET/);
      expect(r.body.error.message).not.toContain(CLIENT_ID);
      expect(await pendingFlows()).toBe(flows);
      // A flow started before the keys were removed cannot finish.
      expectError(await returnTo(jar, { code: "good-code", state: started.state }), "not_configured");
      expect(oauthMessage("not_configured", "linkedin")).toBe("Connecting with LinkedIn is not configured on this Herald.");
    } finally {
      process.env.LINKEDIN_CLIENT_SECRET = CLIENT_SECRET;
      resetEnvCache();
    }
    expect(auth.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});
