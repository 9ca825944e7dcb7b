// "Connect with Reddit" through the real route handlers, against two local servers: one plays
// Reddit's OAuth host (www.reddit.com: /api/v1/authorize, /api/v1/access_token), the other its
// OAuth API (oauth.reddit.com: GET /api/v1/me). The flow shares the pending state with Mastodon, X
// and LinkedIn (session-bound, single use, ten minutes on Herald's clock, which is pinned here);
// every failure lands on the accounts page with a readable code and writes no account.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import { refreshLeadMs } from "../../lib/accounts";
import { setClock } from "../../lib/clock";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { REDDIT_USER_AGENT } from "../../lib/social/reddit/adapter";
import { redditCredentials } from "../../lib/social/reddit/credentials";
import { OAUTH_STATE_TTL_MS, oauthAvailability, oauthMessage } from "../../lib/social/oauth";
import { browserReq, type Jar } from "../support/auth";
import { pinClock, runProcessor } from "../support/factories";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import * as oauth from "../support/oauth";
import { memberAs, ownerWithWorkspace } from "../support/oauth";

const CLIENT_ID = "p-jcoLKBynTLew";
const CLIENT_SECRET = "gko_LXELoV07ZBNUXrvWZfzE3aI";
const BASIC = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`;
const ACCESS_TOKEN = "eyJhbGciOiJSUzI1NiJ9.reddit-user-token";
const REFRESH_TOKEN = "122334455-refreshtokenvalue";
const USERNAME = "herald_cafe";
const EXPIRES_IN = 86_400; // a day, as Reddit issues user tokens
const SCOPES = "identity submit read flair mysubreddits history";
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/reddit/callback";
const NOW = new Date("2031-03-04T09:30:00.000Z");

let auth: FixtureServer;
let api: FixtureServer;

pinClock(NOW);

const startFlow = (jar: Jar, body: unknown = {}) => oauth.startFlow("reddit", jar, body);

async function redditStart(jar: Jar) {
  const r = await startFlow(jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}

/** The callback as the browser follows Reddit's redirect; returns where Herald sends it next. */
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("reddit", jar, query);

/** An error outcome: a known code with a readable Reddit message, nothing else in the URL. */
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "reddit" });
}

const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const pendingFlows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:" } } });
const tokenRequests = () => auth.requests.filter((r) => r.path === "/api/v1/access_token");
const meRequests = () => api.requests.filter((r) => r.path === "/api/v1/me");

/** /api/v1/me as Reddit answers it (trimmed). */
const me = (name = USERNAME) => ({
  name,
  id: "1abcd2",
  icon_img: "https://styles.redditmedia.com/t5_abc/styles/profileIcon_x.png?width=256&height=256",
  created_utc: 1_600_000_000,
  link_karma: 12,
  comment_karma: 34,
  is_suspended: false,
  subreddit: { title: "Herald Café", display_name_prefixed: `u/${name}`, icon_img: "https://styles.redditmedia.com/t5_abc/p.png" },
});

beforeAll(async () => {
  auth = await startFixtureServer();
  api = await startFixtureServer();
  // Shapes from Reddit's OAuth2 documentation (token retrieval, refreshing the token) and its
  // /api/v1/access_token source: a refused code or refresh token is HTTP 200 with an `error`.
  auth.on("POST", "/api/v1/access_token", (r) => {
    if (r.headers.authorization !== BASIC) return { status: 401, json: { message: "Unauthorized", error: 401 } };
    const b = r.body as Record<string, string>;
    if (b.grant_type === "refresh_token") {
      return b.refresh_token === REFRESH_TOKEN
        ? { json: { access_token: "renewed-access-token", token_type: "bearer", expires_in: EXPIRES_IN, scope: SCOPES } }
        : { json: { error: "invalid_grant" } };
    }
    if (b.grant_type !== "authorization_code") return { json: { error: "unsupported_grant_type" } };
    if (b.code !== "good-code" || b.redirect_uri !== REDIRECT_URI) return { json: { error: "invalid_grant" } };
    return { json: { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: EXPIRES_IN, scope: SCOPES, refresh_token: REFRESH_TOKEN } };
  });
  api.on("GET", "/api/v1/me", (r) =>
    [`Bearer ${ACCESS_TOKEN}`, "Bearer second-access-token"].includes(r.headers.authorization ?? "")
      ? { json: me() }
      : { status: 401, json: { message: "Unauthorized", error: 401 } },
  );
  process.env.REDDIT_AUTH_URL = auth.url;
  process.env.REDDIT_API_URL = api.url;
  process.env.REDDIT_CLIENT_ID = CLIENT_ID;
  process.env.REDDIT_CLIENT_SECRET = CLIENT_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["REDDIT_AUTH_URL", "REDDIT_API_URL", "REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"]) delete process.env[k];
  resetEnvCache();
  await Promise.all([auth?.close(), api?.close()]);
});

beforeEach(() => {
  auth.reset();
  api.reset();
});

describe("Reddit OAuth 2.0", () => {
  it("sends the user to Reddit for a permanent grant, exchanges the code with the app's keys, reads /api/v1/me and stores the adapter's credentials with the token's expiry", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-reddit@example.com");
    expect(oauthAvailability().reddit).toBe(true);
    const { url, state } = await redditStart(jar);

    // Nothing is called before the user comes back.
    expect(auth.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe(`${auth.url}/api/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: CLIENT_ID,
      response_type: "code",
      state,
      redirect_uri: REDIRECT_URI,
      duration: "permanent",
      scope: SCOPES,
    });
    expect(state).toMatch(/^[\w-]{40,}$/);
    expect(url.toString()).not.toContain(CLIENT_SECRET);
    const flow = await db().verification.findFirstOrThrow({ where: { identifier: { startsWith: "herald-oauth:reddit:" } } });
    expect(flow.identifier).not.toContain(state);
    expect(flow.expiresAt).toEqual(new Date(NOW.getTime() + OAUTH_STATE_TTL_MS));

    const outcome = await returnTo(jar, { state, code: "good-code" });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();

    // The code, exchanged with HTTP Basic auth (the secret never in the form) and a User-Agent.
    expect(tokenRequests()).toHaveLength(1);
    const [token] = tokenRequests();
    expect(token.method).toBe("POST");
    expect(token.headers.authorization).toBe(BASIC);
    expect(token.headers["user-agent"]).toBe(REDDIT_USER_AGENT);
    expect(token.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    expect(token.body).toEqual({ grant_type: "authorization_code", code: "good-code", redirect_uri: REDIRECT_URI });
    expect(meRequests()).toHaveLength(1);
    expect(meRequests()[0].method).toBe("GET");
    expect(meRequests()[0].headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(meRequests()[0].headers["user-agent"]).toBe(REDDIT_USER_AGENT);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "reddit", handle: USERNAME, displayName: "Herald Café", status: "active" });
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, CLIENT_SECRET]) expect(row.credentials).not.toContain(secret);
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    expect(creds).toEqual({ accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN });
    expect(redditCredentials.safeParse(creds).success).toBe(true);
    // tokenExpiresAt from expires_in on Herald's clock, and the refresh a quarter of its life before.
    const expiresAt = new Date(NOW.getTime() + EXPIRES_IN * 1000);
    expect(row.tokenExpiresAt).toEqual(expiresAt);
    const refresh = await db().agentTask.findMany({ where: { workspaceId, accountId: accountId!, type: "refresh_token" } });
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatchObject({ status: "pending", platform: "reddit" });
    expect(refresh[0].scheduledAt).toEqual(new Date(expiresAt.getTime() - refreshLeadMs(EXPIRES_IN * 1000)));
    expect(refresh[0].scheduledAt).toEqual(new Date(NOW.getTime() + 18 * 3_600_000));
    expect(await pendingFlows()).toBe(0);

    // Single use: the same state again is refused and calls nobody.
    auth.reset();
    api.reset();
    expectError(await returnTo(jar, { state, code: "good-code" }), "state_invalid");
    expect(auth.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(1);

    // The queued refresh_token task renews the stored token through the adapter, on REDDIT_AUTH_URL.
    const due = refresh[0].scheduledAt;
    const ran = await runProcessor({ workspaceId, at: due });
    expect(ran.completed).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0].headers.authorization).toBe(BASIC);
    expect(tokenRequests()[0].body).toEqual({ grant_type: "refresh_token", refresh_token: REFRESH_TOKEN });
    const renewed = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(decryptJson(renewed.credentials!)).toEqual({ accessToken: "renewed-access-token", refreshToken: REFRESH_TOKEN });
    expect(renewed.tokenExpiresAt).toEqual(new Date(due.getTime() + EXPIRES_IN * 1000));
    const next = await db().agentTask.findMany({ where: { accountId: accountId!, type: "refresh_token", status: "pending" } });
    expect(next.map((t) => t.scheduledAt)).toEqual([new Date(renewed.tokenExpiresAt!.getTime() - refreshLeadMs(EXPIRES_IN * 1000))]);

    // The same user again (comma-separated scopes, no refresh token this time) reconnects the same row.
    await db().socialAccount.update({ where: { id: accountId! }, data: { status: "needs_reconnect" } });
    auth.once("POST", "/api/v1/access_token", {
      json: { access_token: "second-access-token", token_type: "bearer", expires_in: 3600, scope: "identity,submit,read,flair,history" },
    });
    const again = await redditStart(jar);
    expect((await returnTo(jar, { state: again.state, code: "good-code" })).get("connected")).toBe(accountId);
    expect(await accountCount(workspaceId)).toBe(1);
    const updated = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(updated.status).toBe("active");
    expect(decryptJson(updated.credentials!)).toEqual({ accessToken: "second-access-token" });
    expect(updated.tokenExpiresAt).toEqual(new Date(NOW.getTime() + 3_600_000));
    expect(await db().agentTask.count({ where: { accountId: accountId!, type: "refresh_token", idempotencyKey: `refresh:${accountId}:${updated.tokenExpiresAt!.toISOString()}` } })).toBe(1);
  });

  it("treats the user declining as a refusal, and Reddit's other errors as a rejected authorization", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-reddit-denied@example.com");
    const declined = await redditStart(jar);
    const outcome = await returnTo(jar, { state: declined.state, error: "access_denied" });
    expectError(outcome, "denied");
    expect(oauthMessage("denied", "reddit")).toBe("Reddit access was not granted, so nothing was connected.");
    // An app misconfigured at Reddit (e.g. a scope it does not know) is not the user saying no.
    const misconfigured = await redditStart(jar);
    expectError(await returnTo(jar, { state: misconfigured.state, error: "invalid_scope" }), "token_rejected");
    expect(tokenRequests()).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("turns token endpoint errors, a grant without submit and a refused /api/v1/me into readable codes without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-reddit-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await redditStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };

    // Reddit refuses a used or expired code with HTTP 200 and {"error":"invalid_grant"}.
    expectError(await attempt(() => {}, { code: "used-code" }), "token_rejected");
    expect(tokenRequests().at(-1)!.body).toMatchObject({ code: "used-code" });
    expectError(await attempt(() => auth.once("POST", "/api/v1/access_token", { json: { error: "invalid_grant" } })), "token_rejected");
    expect(oauthMessage("token_rejected", "reddit")).toBe("Reddit did not accept the authorization. Start connecting again.");
    expectError(await attempt(() => {}, {}), "token_rejected"); // no code at all
    expectError(await attempt(() => auth.once("POST", "/api/v1/access_token", { status: 401, json: { message: "Unauthorized", error: 401 } })), "token_rejected");
    expectError(await attempt(() => auth.once("POST", "/api/v1/access_token", { status: 500, text: "Internal Server Error" })), "platform_unavailable");
    expectError(await attempt(() => auth.once("POST", "/api/v1/access_token", { status: 429, text: "Too Many Requests" })), "platform_unavailable");
    expectError(await attempt(() => auth.once("POST", "/api/v1/access_token", { json: { token_type: "bearer", expires_in: EXPIRES_IN, scope: SCOPES } })), "token_rejected");
    expect(meRequests()).toHaveLength(0);

    // A token that cannot post is refused before Herald calls anything with it.
    for (const scope of ["identity read flair history", "", "identity,read,submitted"]) {
      expectError(
        await attempt(() => auth.once("POST", "/api/v1/access_token", { json: { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: EXPIRES_IN, scope, refresh_token: REFRESH_TOKEN } })),
        "denied",
      );
    }
    expectError(
      await attempt(() => auth.once("POST", "/api/v1/access_token", { json: { access_token: ACCESS_TOKEN, token_type: "bearer", expires_in: EXPIRES_IN } })),
      "denied",
    );
    expect(meRequests()).toHaveLength(0);

    expectError(await attempt(() => api.once("GET", "/api/v1/me", { status: 401, json: { message: "Unauthorized", error: 401 } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/api/v1/me", { status: 403, json: { message: "Forbidden", error: 403 } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/api/v1/me", { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expectError(await attempt(() => api.once("GET", "/api/v1/me", { json: { features: {} } })), "verify_failed");
    expectError(await attempt(() => api.once("GET", "/api/v1/me", { json: me("../../api/submit") })), "verify_failed");

    // /api/v1/me carried the token each time one was issued with submit.
    expect(meRequests()).toHaveLength(5);
    expect(meRequests().every((r) => r.headers.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("refuses made-up, reused, foreign and expired states, and other platforms' states", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-reddit-state@example.com");
    expectError(await returnTo(jar, { state: "made-up", code: "good-code" }), "state_invalid");
    expectError(await returnTo(jar, { code: "good-code" }), "state_invalid");

    // Another signed-in user presenting this user's state: refused, and burnt for both.
    const stolen = await redditStart(jar);
    const mallory = await ownerWithWorkspace("mallory-reddit@example.com");
    expectError(await returnTo(mallory.jar, { state: stolen.state, code: "good-code" }), "wrong_session");
    expectError(await returnTo(jar, { state: stolen.state, code: "good-code" }), "state_invalid");

    // Signed out.
    const signedOut = await redditStart(jar);
    expectError(await returnTo(undefined, { state: signedOut.state, code: "good-code" }), "wrong_session");

    // Expired: the user comes back ten minutes later by Herald's clock, and is refused once for good.
    const late = await redditStart(jar);
    const later = NOW.getTime() + OAUTH_STATE_TTL_MS;
    setClock(new Date(later));
    const expired = await returnTo(jar, { state: late.state, code: "good-code" });
    expectError(expired, "state_expired");
    expect(oauthMessage("state_expired", "reddit")).toBe("Connecting to Reddit took longer than 10 minutes. Start again.");
    expectError(await returnTo(jar, { state: late.state, code: "good-code" }), "state_invalid");

    // …while a minute under ten is still in time.
    const inTime = await redditStart(jar);
    setClock(new Date(later + OAUTH_STATE_TTL_MS - 60_000));
    // A Reddit state presented to the LinkedIn callback is not one of LinkedIn's…
    const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/linkedin/callback?code=good-code&state=${inTime.state}`, { jar }), {
      params: Promise.resolve({ platform: "linkedin" }),
    });
    expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("state_invalid");
    // …and it still works where it belongs.
    expect((await returnTo(jar, { state: inTime.state, code: "good-code" })).get("connected")).toBeTruthy();

    expect(tokenRequests()).toHaveLength(1);
    expect(await accountCount(mallory.workspaceId)).toBe(0);
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("needs an admin in a browser, and is not offered or finished without the app's client id and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-reddit-off@example.com");
    for (const role of ["editor", "viewer"] as const) {
      const member = await memberAs(workspaceId, role);
      expect((await startFlow(member.jar)).status).toBe(403);
    }
    const started = await redditStart(jar);

    // Without the client id, and with an id but no secret (an installed app): not offered.
    for (const unset of ["REDDIT_CLIENT_ID", "REDDIT_CLIENT_SECRET"]) {
      delete process.env[unset];
      resetEnvCache();
      try {
        expect(oauthAvailability().reddit).toBe(false);
        const flows = await pendingFlows();
        const r = await startFlow(jar);
        expect(r.status).toBe(404);
        expect(r.body.error.message).toMatch(/^Connecting with Reddit is not configured on this Herald \(REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET of a Reddit web app\)\.$/);
        expect(await pendingFlows()).toBe(flows);
      } finally {
        process.env.REDDIT_CLIENT_ID = CLIENT_ID;
        process.env.REDDIT_CLIENT_SECRET = CLIENT_SECRET;
        resetEnvCache();
      }
    }

    // A flow started before the keys were removed cannot finish.
    delete process.env.REDDIT_CLIENT_ID;
    resetEnvCache();
    try {
      expectError(await returnTo(jar, { state: started.state, code: "good-code" }), "not_configured");
      expect(oauthMessage("not_configured", "reddit")).toBe("Connecting with Reddit is not configured on this Herald.");
    } finally {
      process.env.REDDIT_CLIENT_ID = CLIENT_ID;
      resetEnvCache();
    }
    expect(oauthAvailability().reddit).toBe(true);
    expect(auth.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});
