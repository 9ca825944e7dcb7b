// Connecting accounts with OAuth through the real route handlers, against a local server that
// plays a Mastodon instance (apps, authorize, token, verify_credentials) and one that plays X's
// OAuth 1.0a endpoints (request_token, access_token, GET /2/users/me, signatures checked). The
// pending flow is bound to the session, user and workspace, single-use and short-lived; every
// failure lands on the accounts page with a readable message and writes no account.
import { createHash, createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as start from "../../app/api/accounts/oauth/[platform]/start/route";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import * as account from "../../app/api/accounts/[id]/route";
import * as workspaces from "../../app/api/workspaces/route";
import * as active from "../../app/api/workspaces/active/route";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { oauthMessage } from "../../lib/social/oauth";
import { OAUTH_PLATFORM_NAMES } from "../../lib/social/registry";
import { browserReq, type Jar } from "../support/auth";
import { params, req, workspaceWithKey } from "../support/factories";
import { call, expectError, memberAs, ownerWithWorkspace, returnTo, startFlow, type Handler } from "../support/oauth";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";

const APP_KEY = "x-consumer-key";
const APP_SECRET = "x-consumer-secret";
const REQUEST_TOKEN = "req-token-abc";
const REQUEST_SECRET = "req-secret-def";
const USER_TOKEN = "1500-user-token";
const USER_SECRET = "user-token-secret";
const MASTODON_TOKEN = "mastodon-user-token-xyz";

let m: FixtureServer;
let x: FixtureServer;

const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const pendingFlows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:" } } });

// RFC 5849 percent-encoding and HMAC-SHA1, computed independently of the SDK.
const enc = (s: string) => encodeURIComponent(s).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
function checkOAuth1(r: RecordedRequest, tokenSecret: string): Record<string, string> {
  const header = String(r.headers.authorization ?? "");
  expect(header.startsWith("OAuth ")).toBe(true);
  const p = Object.fromEntries([...header.slice(6).matchAll(/([\w]+)="([^"]*)"/g)].map((mm) => [decodeURIComponent(mm[1]), decodeURIComponent(mm[2])]));
  const { oauth_signature: signature, ...rest } = p;
  const form = r.body && typeof r.body === "object" && !Buffer.isBuffer(r.body) ? Object.entries(r.body as Record<string, string>) : [];
  // The SDK sends oauth_token in the body and the header on access_token: it is signed once.
  const signed = Object.entries({ ...Object.fromEntries(form), ...Object.fromEntries(r.query), ...rest })
    .map(([k, v]) => [enc(k), enc(v)])
    .sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const base = `${r.method}&${enc(x.url + r.path)}&${enc(signed)}`;
  expect(signature).toBe(createHmac("sha1", `${enc(APP_SECRET)}&${enc(tokenSecret)}`).update(base).digest("base64"));
  expect(p.oauth_consumer_key).toBe(APP_KEY);
  return p;
}

beforeAll(async () => {
  m = await startFixtureServer();
  // Shapes from docs.joinmastodon.org (methods/apps, methods/oauth, entities/Account).
  m.on("POST", "/api/v1/apps", (r) => {
    const b = r.body as { redirect_uris?: string };
    return { json: { id: "563419", name: "Herald", website: null, redirect_uri: b.redirect_uris, client_id: "m-client-id", client_secret: "m-client-secret" } };
  });
  m.on("POST", "/oauth/token", (r) => {
    const b = r.body as Record<string, string>;
    if (b.code !== "good-code" || b.client_secret !== "m-client-secret") {
      return { status: 400, json: { error: "invalid_grant", error_description: "The provided authorization grant is invalid." } };
    }
    return { json: { access_token: MASTODON_TOKEN, token_type: "Bearer", scope: "read write", created_at: 1_573_979_017 } };
  });
  m.on("GET", "/api/v1/accounts/verify_credentials", (r) =>
    r.headers.authorization === `Bearer ${MASTODON_TOKEN}`
      ? { json: { id: "14715", username: "baker", acct: "baker", display_name: "Corner Bakery" } }
      : { status: 401, json: { error: "The access token is invalid" } },
  );

  x = await startFixtureServer();
  // X answers the OAuth 1.0a token endpoints form-encoded (as text/html), like api.x.com does.
  x.on("POST", "/oauth/request_token", () => ({
    headers: { "content-type": "text/html; charset=utf-8" },
    text: `oauth_token=${REQUEST_TOKEN}&oauth_token_secret=${REQUEST_SECRET}&oauth_callback_confirmed=true`,
  }));
  x.on("POST", "/oauth/access_token", (r) =>
    (r.body as Record<string, string>).oauth_verifier === "good-verifier"
      ? { headers: { "content-type": "text/html; charset=utf-8" }, text: `oauth_token=${USER_TOKEN}&oauth_token_secret=${USER_SECRET}&user_id=1500&screen_name=heraldhq` }
      : { status: 401, text: "Error processing your OAuth request: Invalid oauth_verifier parameter" },
  );
  x.on("GET", "/2/users/me", () => ({ json: { data: { id: "1500", name: "Herald HQ", username: "heraldhq" } } }));

  process.env.X_API_URL = x.url;
  process.env.TWITTER_API_KEY = APP_KEY;
  process.env.TWITTER_API_SECRET = APP_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  delete process.env.X_API_URL;
  delete process.env.TWITTER_API_KEY;
  delete process.env.TWITTER_API_SECRET;
  resetEnvCache();
  await Promise.all([m?.close(), x?.close()]);
});

beforeEach(() => {
  m.reset();
  x.reset();
});

async function mastodonStart(jar: Jar) {
  const r = await startFlow("mastodon", jar, { instanceUrl: m.url });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}

describe("Mastodon OAuth", () => {
  it("registers an app, sends the user to /oauth/authorize with state and PKCE, and stores the verified account encrypted", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-mastodon@example.com");
    const { url, state } = await mastodonStart(jar);

    const redirectUri = "http://localhost:3000/api/accounts/oauth/mastodon/callback";
    const apps = m.requests.filter((r) => r.path === "/api/v1/apps");
    expect(apps).toHaveLength(1);
    expect(apps[0].body).toMatchObject({ client_name: "Herald", redirect_uris: redirectUri, scopes: "read write" });
    expect(`${url.origin}${url.pathname}`).toBe(`${m.url}/oauth/authorize`);
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({ client_id: "m-client-id", redirect_uri: redirectUri, response_type: "code", scope: "read write", code_challenge_method: "S256" });
    expect(state).toMatch(/^[\w-]{40,}$/);
    expect(q.code_challenge).toMatch(/^[\w-]{43}$/);
    expect(url.toString()).not.toContain("m-client-secret");
    expect(await pendingFlows()).toBe(1);
    // The pending flow is stored encrypted and under a hash of the state.
    const flow = await db().verification.findFirstOrThrow({ where: { identifier: { startsWith: "herald-oauth:" } } });
    expect(flow.identifier).not.toContain(state);
    expect(flow.value).not.toContain("m-client-secret");

    const outcome = await returnTo("mastodon", jar, { code: "good-code", state });
    const accountId = outcome.get("connected");
    expect(accountId).toBeTruthy();

    const token = m.requests.find((r) => r.path === "/oauth/token")!;
    expect(token.headers["content-type"]).toContain("application/x-www-form-urlencoded");
    const tb = token.body as Record<string, string>;
    expect(tb).toMatchObject({ grant_type: "authorization_code", code: "good-code", client_id: "m-client-id", client_secret: "m-client-secret", redirect_uri: redirectUri });
    expect(createHash("sha256").update(tb.code_verifier).digest("base64url")).toBe(q.code_challenge);
    const verify = m.requests.find((r) => r.path === "/api/v1/accounts/verify_credentials")!;
    expect(verify.headers.authorization).toBe(`Bearer ${MASTODON_TOKEN}`);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "mastodon", handle: `baker@${new URL(m.url).host}`, displayName: "Corner Bakery", status: "active" });
    expect(row.credentials).not.toContain(MASTODON_TOKEN);
    // Exactly the shape the Mastodon adapter reads.
    expect(decryptJson(row.credentials!)).toEqual({ instanceUrl: m.url, accessToken: MASTODON_TOKEN });
    expect(await pendingFlows()).toBe(0);

    // Single use: the same state again is refused and writes nothing.
    m.reset();
    expectError(await returnTo("mastodon", jar, { code: "good-code", state }), "state_invalid");
    expect(m.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(1);

    // Connecting the same account again reconnects the same row.
    await db().socialAccount.update({ where: { id: accountId! }, data: { status: "needs_reconnect" } });
    const again = await mastodonStart(jar);
    expect((await returnTo("mastodon", jar, { code: "good-code", state: again.state })).get("connected")).toBe(accountId);
    expect(await accountCount(workspaceId)).toBe(1);
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! } })).status).toBe("active");
  });

  it("refuses unknown, expired and foreign states without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-states@example.com");

    expectError(await returnTo("mastodon", jar, { code: "good-code", state: "made-up" }), "state_invalid");
    expectError(await returnTo("mastodon", jar, { code: "good-code" }), "state_invalid");

    // Expired: older than ten minutes.
    const expired = await mastodonStart(jar);
    await db().verification.updateMany({ where: { identifier: { startsWith: "herald-oauth:" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: expired.state }), "state_expired");

    // Another user (their own workspace) presenting this user's state; it is burnt for both.
    const stolen = await mastodonStart(jar);
    const mallory = await ownerWithWorkspace("mallory@example.com");
    expectError(await returnTo("mastodon", mallory.jar, { code: "good-code", state: stolen.state }), "wrong_session");
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: stolen.state }), "state_invalid");
    expect(await accountCount(mallory.workspaceId)).toBe(0);

    // Signed out: no session to bind to.
    const signedOut = await mastodonStart(jar);
    const res = await callback.GET(browserReq("GET", `/api/accounts/oauth/mastodon/callback?code=good-code&state=${signedOut.state}`), { params: Promise.resolve({ platform: "mastodon" }) });
    expect(new URL(res.headers.get("location")!).searchParams.get("oauth_error")).toBe("wrong_session");

    // Started in one workspace, finished after switching to another.
    const switched = await mastodonStart(jar);
    const second = await call(workspaces.POST as Handler, "POST", "/api/workspaces", { jar, body: { name: "Second Shop", timeZone: "Europe/Berlin" } });
    expect(second.status).toBe(201);
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: switched.state }), "wrong_workspace");
    expect(await accountCount(second.body.workspace.id)).toBe(0);

    // Demoted to editor between start and callback.
    await call(active.POST as Handler, "POST", "/api/workspaces/active", { jar, body: { workspaceId } });
    const demoted = await mastodonStart(jar);
    const me = await db().membership.findFirstOrThrow({ where: { workspaceId, role: "owner" } });
    await db().membership.update({ where: { id: me.id }, data: { role: "editor" } });
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: demoted.state }), "not_admin");
    await db().membership.update({ where: { id: me.id }, data: { role: "owner" } });

    expect(m.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await pendingFlows()).toBe(0);
  });

  it("turns a refusal, token endpoint errors and a rejected token into readable messages", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-failures@example.com");

    const denied = await mastodonStart(jar);
    expectError(
      await returnTo("mastodon", jar, { error: "access_denied", error_description: "The resource owner or authorization server denied the request.", state: denied.state }),
      "denied",
    );

    const bad = await mastodonStart(jar);
    m.once("POST", "/oauth/token", { status: 400, json: { error: "invalid_grant", error_description: "The provided authorization grant is invalid, expired, revoked." } });
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: bad.state }), "token_rejected");

    const down = await mastodonStart(jar);
    m.once("POST", "/oauth/token", { status: 500, text: "Internal Server Error" });
    expectError(await returnTo("mastodon", jar, { code: "good-code", state: down.state }), "platform_unavailable");

    const refused = await mastodonStart(jar);
    m.once("GET", "/api/v1/accounts/verify_credentials", { status: 401, json: { error: "The access token is invalid" } });
    const outcome = await returnTo("mastodon", jar, { code: "good-code", state: refused.state });
    expectError(outcome, "verify_failed");
    expect(oauthMessage("verify_failed", outcome.get("platform")!)).toMatch(/^Mastodon gave Herald a token/);

    expect(m.requests.filter((r) => r.path === "/oauth/token")).toHaveLength(3);
    expect(await accountCount(workspaceId)).toBe(0);
  });

  it("checks the server address and roles before starting", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-start@example.com");
    const empty = await startFlow("mastodon", jar, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0]).toMatchObject({ path: "instanceUrl" });
    const nonsense = await startFlow("mastodon", jar, { instanceUrl: "not a server" });
    expect(nonsense.status).toBe(400);

    // A trailing slash or path is trimmed to the server's origin.
    const slash = await startFlow("mastodon", jar, { instanceUrl: `${m.url}/about` });
    expect(slash.status).toBe(200);
    expect(slash.body.url.startsWith(`${m.url}/oauth/authorize?`)).toBe(true);
    // Something that is not a Mastodon server: no /api/v1/apps.
    m.once("POST", "/api/v1/apps", { status: 404, json: { error: "Record not found" } });
    const notFound = await startFlow("mastodon", jar, { instanceUrl: m.url });
    expect(notFound.status).toBe(400);
    expect(notFound.body.error.message).toMatch(/refused to register Herald.*HTTP 404/);

    for (const role of ["editor", "viewer"] as const) {
      const member = await memberAs(workspaceId, role);
      const r = await startFlow("mastodon", member.jar, { instanceUrl: m.url });
      expect(r.status).toBe(403);
    }
    const { key } = await workspaceWithKey("Keyed");
    const viaKey = await start.POST(req("POST", "/api/accounts/oauth/mastodon/start", { key, body: { instanceUrl: m.url } }), params({ platform: "mastodon" }));
    expect(viaKey.status).toBe(403);
    expect((await viaKey.json()).error.message).toMatch(/signed-in user/);

    // WhatsApp connects with its Cloud API keys: it has no sign-in flow.
    const whatsapp = await startFlow("whatsapp", jar, {});
    expect(whatsapp.status).toBe(404);
    // The message names every network with a sign-in, from the registry.
    expect(whatsapp.body.error.message).toBe(`Connecting with OAuth is available for ${OAUTH_PLATFORM_NAMES} only; use the credentials form for other platforms.`);
    for (const name of ["X", "Bluesky", "Mastodon", "LinkedIn", "Reddit", "TikTok", "YouTube"]) expect(OAUTH_PLATFORM_NAMES).toContain(name);
    expect(OAUTH_PLATFORM_NAMES).not.toContain("WhatsApp");
    const cb = await callback.GET(browserReq("GET", "/api/accounts/oauth/whatsapp/callback?code=a&state=b", { jar }), { params: Promise.resolve({ platform: "whatsapp" }) });
    expect(cb.status).toBe(404);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});

describe("X OAuth (3-legged OAuth 1.0a)", () => {
  it("gets a request token, sends the user to X, trades the verifier and stores the adapter's credential shape", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-x@example.com");
    const r = await startFlow("twitter", jar, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.url).toBe(`https://api.x.com/oauth/authorize?oauth_token=${REQUEST_TOKEN}`);
    const rt = x.requests.find((q) => q.path === "/oauth/request_token")!;
    expect(rt.body).toMatchObject({ oauth_callback: "http://localhost:3000/api/accounts/oauth/twitter/callback" });
    checkOAuth1(rt, "");

    const outcome = await returnTo("twitter", jar, { oauth_token: REQUEST_TOKEN, oauth_verifier: "good-verifier" });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();
    const at = x.requests.find((q) => q.path === "/oauth/access_token")!;
    // Signed with the request-token secret Herald kept on the server.
    expect(checkOAuth1(at, REQUEST_SECRET).oauth_token).toBe(REQUEST_TOKEN);
    expect(at.body).toMatchObject({ oauth_verifier: "good-verifier" });
    const me = x.requests.find((q) => q.path === "/2/users/me")!;
    expect(checkOAuth1(me, USER_SECRET).oauth_token).toBe(USER_TOKEN);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "twitter", handle: "heraldhq", displayName: "Herald HQ" });
    expect(row.credentials).not.toContain(USER_SECRET);
    expect(decryptJson(row.credentials!)).toEqual({ apiKey: APP_KEY, apiSecret: APP_SECRET, accessToken: USER_TOKEN, accessTokenSecret: USER_SECRET });

    expectError(await returnTo("twitter", jar, { oauth_token: REQUEST_TOKEN, oauth_verifier: "good-verifier" }), "state_invalid");
    expect(await accountCount(workspaceId)).toBe(1);
  });

  it("handles a refusal, a bad verifier, X errors and a token /2/users/me rejects", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-x-fail@example.com");
    const begin = async () => expect((await startFlow("twitter", jar, {})).status).toBe(200);

    await begin();
    expectError(await returnTo("twitter", jar, { denied: REQUEST_TOKEN }), "denied");
    await begin();
    expectError(await returnTo("twitter", jar, { oauth_token: REQUEST_TOKEN, oauth_verifier: "wrong" }), "token_rejected");
    await begin();
    x.once("POST", "/oauth/access_token", { status: 503, json: { errors: [{ message: "Over capacity", code: 130 }] } });
    expectError(await returnTo("twitter", jar, { oauth_token: REQUEST_TOKEN, oauth_verifier: "good-verifier" }), "platform_unavailable");
    await begin();
    x.once("GET", "/2/users/me", { status: 401, json: { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" } });
    expectError(await returnTo("twitter", jar, { oauth_token: REQUEST_TOKEN, oauth_verifier: "good-verifier" }), "verify_failed");
    expectError(await returnTo("twitter", jar, { oauth_token: "someone-elses-token", oauth_verifier: "good-verifier" }), "state_invalid");
    expect(await accountCount(workspaceId)).toBe(0);

    // X refusing Herald's app keys at the start is a readable 503 naming what to check.
    x.once("POST", "/oauth/request_token", { status: 401, json: { errors: [{ code: 32, message: "Could not authenticate you." }] } });
    const refused = await startFlow("twitter", jar, {});
    expect(refused.status).toBe(503);
    expect(refused.body.error.message).toMatch(/TWITTER_API_KEY/);
    expect(refused.body.error.message).not.toContain(APP_SECRET);
  });

  it("is not offered without the app keys", async () => {
    const { jar } = await ownerWithWorkspace("owner-x-off@example.com");
    delete process.env.TWITTER_API_SECRET;
    resetEnvCache();
    try {
      const r = await startFlow("twitter", jar, {});
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/not configured/);
      expect(x.requests).toHaveLength(0);
    } finally {
      process.env.TWITTER_API_SECRET = APP_SECRET;
      resetEnvCache();
    }
  });
});

describe("reconnecting with credentials", () => {
  it("needs the admin role; editors still configure the rest", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-patch@example.com");
    const acct = await db().socialAccount.create({ data: { workspaceId, platform: "mastodon", handle: "shop@social.example" } });
    const editor = await memberAs(workspaceId, "editor");
    const creds = { instanceUrl: "https://social.example", accessToken: "new-token" };
    const patch = (who: Jar, body: unknown) => call(account.PATCH as Handler, "PATCH", `/api/accounts/${acct.id}`, { jar: who, body, params: { id: acct.id } });

    const refused = await patch(editor.jar, { credentials: creds });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/needs the admin role.*you are an editor/);
    expect((await patch(editor.jar, { credentials: null })).status).toBe(403);
    // The credentials' expiry is theirs too: it decides when the refresh token is used.
    const expiry = await patch(editor.jar, { tokenExpiresAt: "2099-01-01T00:00:00Z" });
    expect([expiry.status, expiry.body.error.details.fields]).toEqual([403, ["tokenExpiresAt"]]);
    expect(expiry.body.error.message).toMatch(/credentials \(tokenExpiresAt\) needs the admin role.*you are an editor/);
    expect((await patch(editor.jar, { displayName: "Sneaky", tokenExpiresAt: null })).status).toBe(403);
    const untouched = await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id } });
    expect([untouched.tokenExpiresAt, untouched.displayName]).toEqual([null, null]);
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id }, omit: { credentials: false } })).credentials).toBeNull();

    const renamed = await patch(editor.jar, { displayName: "The Shop", simulation: { failRate: 0.5 } });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body.account.displayName).toBe("The Shop");

    const admin = await memberAs(workspaceId, "admin");
    const ok = await patch(admin.jar, { credentials: creds });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: acct.id }, omit: { credentials: false } });
    expect(decryptJson(row.credentials!)).toEqual(creds);
    expect((await patch(jar, { credentials: null })).status).toBe(200);
  });
});
