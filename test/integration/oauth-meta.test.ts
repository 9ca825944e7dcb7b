// "Connect with Facebook" (Meta Login) through the real route handlers, against a local server
// playing graph.facebook.com: GET /v26.0/oauth/access_token (code → short-lived user token, then
// fb_exchange_token → long-lived user token) and GET /v26.0/me/accounts (the Pages with their
// tokens and linked Instagram accounts, two pages of results). The login dialog (facebook.com) is
// only linked to. The callback keeps the candidates and sends the browser to ?pick=<key>; the
// accounts page reads them (readPick) and POST /api/accounts/oauth/pick stores the chosen ones.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as pickRoute from "../../app/api/accounts/oauth/pick/route";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { facebookCredentials } from "../../lib/social/facebook/credentials";
import { instagramCredentials } from "../../lib/social/instagram/credentials";
import { GRAPH_API_VERSION } from "../../lib/social/meta/graph";
import { oauthAvailability, oauthButtons, readPick } from "../../lib/social/oauth";
import type { Jar } from "../support/auth";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";
import * as oauth from "../support/oauth";
import { call, memberAs, ownerWithWorkspace, type Handler } from "../support/oauth";

const APP_ID = "987654321";
const APP_SECRET = "meta-app-secret";
const SHORT = "EAAshort";
const LONG = "EAAlong";
const TOKEN_A = "EAApageA";
const TOKEN_B = "EAApageB";
const TOKEN_C = "EAApageC";
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/facebook/callback";
const V = `/${GRAPH_API_VERSION}`;
const FIELDS = "id,name,access_token,tasks,instagram_business_account{id,username,name}";
const ALL_TASKS = ["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE"];
const oauthError = (message: string, code = 190) => ({ status: 400, json: { error: { message, type: "OAuthException", code, fbtrace_id: "AbC" } } });

let graph: FixtureServer;
/** What GET /me/accounts lists: two pages of results, as Meta pages them. */
let firstPage: unknown[];
let secondPage: unknown[];

const pageA = { id: "1111", name: "Corner Bakery", access_token: TOKEN_A, tasks: ALL_TASKS, instagram_business_account: { id: "17841400000000011", username: "corner.bakery", name: "Corner Bakery IG" } };
const pageB = { id: "2222", name: "Bakery Fans", access_token: TOKEN_B, tasks: ["ANALYZE", "MODERATE"], instagram_business_account: { id: "17841400000000022", username: "bakery.fans" } };
const pageC = { id: "3333", name: "Corner Bakery Café", access_token: TOKEN_C, tasks: ALL_TASKS };

async function metaStart(jar: Jar) {
  const r = await oauth.startFlow("facebook", jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("facebook", jar, query);
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "facebook" });
}
const pick = (jar: Jar, body: unknown) => call(pickRoute.POST as Handler, "POST", "/api/accounts/oauth/pick", { jar, body });
const sessionOf = async (userId: string) => (await db().session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } })).id;
const requestsTo = (path: string) => graph.requests.filter((r) => r.path === path);
const pickRows = () => db().verification.count({ where: { identifier: { startsWith: "herald-oauth:pick:" } } });

/** Signs in with Meta and lands on the picker: the pick key from the callback's redirect. */
async function signInToPicker(jar: Jar) {
  const { state } = await metaStart(jar);
  const outcome = await returnTo(jar, { code: "good-code", state });
  expect([...outcome.keys()], outcome.toString()).toEqual(["pick"]);
  return outcome.get("pick")!;
}

beforeAll(async () => {
  graph = await startFixtureServer();
  // developers.facebook.com/documentation/facebook-login/guides/advanced/manual-flow (code exchange)
  // and …/access-tokens/get-long-lived (fb_exchange_token): both GET /oauth/access_token.
  graph.on("GET", `${V}/oauth/access_token`, (r) => {
    const q = Object.fromEntries(r.query);
    if (q.client_id !== APP_ID || q.client_secret !== APP_SECRET) return oauthError("Error validating client secret.", 1);
    if (q.grant_type === "fb_exchange_token") {
      return q.fb_exchange_token === SHORT ? { json: { access_token: LONG, token_type: "bearer", expires_in: 5_183_944 } } : oauthError("Error validating access token.");
    }
    if (q.code !== "good-code" || q.redirect_uri !== REDIRECT_URI) return oauthError("Invalid verification code format.", 100);
    return { json: { access_token: SHORT, token_type: "bearer", expires_in: 5400 } };
  });
  graph.on("GET", `${V}/me/accounts`, (r) => {
    if (r.query.get("access_token") !== LONG) return oauthError("Invalid OAuth access token.");
    if (r.query.get("after") === "CURSOR2") return { json: { data: secondPage, paging: { cursors: { before: "CURSOR2", after: "CURSOR3" } } } };
    return {
      json: {
        data: firstPage,
        paging: { cursors: { before: "CURSOR1", after: "CURSOR2" }, ...(secondPage.length && { next: `${graph.url}${V}/me/accounts?after=CURSOR2` }) },
      },
    };
  });
  process.env.GRAPH_API_URL = graph.url;
  process.env.META_AUTH_URL = "https://meta.example";
  process.env.META_APP_ID = APP_ID;
  process.env.META_APP_SECRET = APP_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["GRAPH_API_URL", "META_AUTH_URL", "META_APP_ID", "META_APP_SECRET"]) delete process.env[k];
  resetEnvCache();
  await graph?.close();
});

beforeEach(async () => {
  graph.reset();
  // Each test counts the lists it leaves behind.
  await db().verification.deleteMany({ where: { identifier: { startsWith: "herald-oauth:pick:" } } });
  firstPage = [pageA, pageB];
  secondPage = [pageC];
});

describe("Meta Login (Connect with Facebook)", () => {
  it("sends the person to Meta's dialog, trades the code for a long-lived token, lists the Pages, and connects the chosen Page and Instagram account", async () => {
    const { jar, user, workspaceId } = await ownerWithWorkspace("owner-meta@example.com");
    expect(oauthAvailability().facebook).toBe(true);
    expect(oauthButtons()).toContainEqual({ platform: "facebook", label: "Facebook" });
    const { url, state } = await metaStart(jar);
    expect(graph.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe(`https://meta.example/${GRAPH_API_VERSION}/dialog/oauth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: APP_ID,
      redirect_uri: REDIRECT_URI,
      state,
      response_type: "code",
      scope: "pages_show_list,pages_read_engagement,pages_manage_posts,instagram_basic,instagram_content_publish,business_management,pages_manage_engagement,pages_read_user_content,instagram_manage_comments",
    });
    expect(url.toString()).not.toContain(APP_SECRET);

    const outcome = await returnTo(jar, { code: "good-code", state });
    // Only a random key comes back in the URL: no code, token or Page id.
    expect([...outcome.keys()]).toEqual(["pick"]);
    const key = outcome.get("pick")!;
    expect(key).toMatch(/^[\w-]{40,}$/);
    for (const secret of [SHORT, LONG, TOKEN_A, TOKEN_B, TOKEN_C, "good-code", "1111"]) expect(outcome.toString()).not.toContain(secret);

    // The three Graph calls, with the documented parameters.
    const calls = requestsTo(`${V}/oauth/access_token`).map((r) => Object.fromEntries(r.query));
    expect(calls).toEqual([
      { client_id: APP_ID, redirect_uri: REDIRECT_URI, client_secret: APP_SECRET, code: "good-code" },
      { grant_type: "fb_exchange_token", client_id: APP_ID, client_secret: APP_SECRET, fb_exchange_token: SHORT },
    ]);
    const listed = requestsTo(`${V}/me/accounts`).map((r) => Object.fromEntries(r.query));
    expect(listed).toEqual([
      { fields: FIELDS, limit: "100", access_token: LONG },
      { fields: FIELDS, limit: "100", after: "CURSOR2", access_token: LONG },
    ]);
    expect(graph.requests.every((r) => r.method === "GET")).toBe(true);

    // Kept encrypted, for this session only; nothing stored as an account yet.
    const rows = await db().verification.findMany({ where: { identifier: { startsWith: "herald-oauth:pick:" } } });
    expect(rows).toHaveLength(1);
    for (const secret of [TOKEN_A, LONG, "Corner Bakery", key]) expect(JSON.stringify(rows[0])).not.toContain(secret);
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(0);

    // What the accounts page shows: names and handles, never a token.
    const caller = { workspaceId, userId: user.id, sessionId: await sessionOf(user.id) };
    const view = await readPick(db(), key, caller);
    expect("options" in view && view.options).toEqual([
      { id: "facebook:page-1111", platform: "facebook", platformLabel: "Facebook", handle: "page-1111", displayName: "Corner Bakery" },
      { id: "instagram:corner.bakery", platform: "instagram", platformLabel: "Instagram", handle: "corner.bakery", displayName: "Corner Bakery IG", note: "Linked to the Facebook Page Corner Bakery" },
      { id: "facebook:page-2222", platform: "facebook", platformLabel: "Facebook", handle: "page-2222", displayName: "Bakery Fans", unavailable: expect.stringMatching(/does not allow creating content/) },
      { id: "instagram:bakery.fans", platform: "instagram", platformLabel: "Instagram", handle: "bakery.fans", displayName: "bakery.fans", note: "Linked to the Facebook Page Bakery Fans", unavailable: expect.stringMatching(/does not allow creating content/) },
      { id: "facebook:page-3333", platform: "facebook", platformLabel: "Facebook", handle: "page-3333", displayName: "Corner Bakery Café" },
    ]);
    for (const secret of [TOKEN_A, TOKEN_B, TOKEN_C, LONG]) expect(JSON.stringify(view)).not.toContain(secret);
    expect(await readPick(db(), key, { ...caller, sessionId: "another-session" })).toEqual({ error: "wrong_session" });
    expect(await readPick(db(), key, { ...caller, workspaceId: "another-workspace" })).toEqual({ error: "wrong_workspace" });

    // An empty or impossible choice is refused and leaves the list to choose again.
    const empty = await pick(jar, { key, choices: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe("Choose at least one Page or Instagram account.");
    const refused = await pick(jar, { key, choices: ["facebook:page-2222"] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^Bakery Fans cannot be connected: Your role on this Page/);
    expect((await pick(jar, { key, choices: ["facebook:page-9999"] })).status).toBe(400);
    expect(await pickRows()).toBe(1);

    const done = await pick(jar, { key, choices: ["facebook:page-1111", "instagram:corner.bakery"] });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body.accounts).toEqual([
      { id: expect.any(String), platform: "facebook", handle: "page-1111" },
      { id: expect.any(String), platform: "instagram", handle: "corner.bakery" },
    ]);
    expect(done.body.connected).toEqual(done.body.accounts.map((a: { id: string }) => a.id));
    expect(JSON.stringify(done.body)).not.toContain(TOKEN_A);

    const fb = await db().socialAccount.findUniqueOrThrow({ where: { id: done.body.connected[0] }, omit: { credentials: false } });
    expect(fb).toMatchObject({ workspaceId, platform: "facebook", handle: "page-1111", displayName: "Corner Bakery", status: "active", tokenExpiresAt: null });
    expect(fb.credentials).not.toContain(TOKEN_A);
    const fbCreds = decryptJson<Record<string, string>>(fb.credentials!);
    expect(fbCreds).toEqual({ pageId: "1111", pageAccessToken: TOKEN_A });
    expect(facebookCredentials.safeParse(fbCreds).success).toBe(true);
    const ig = await db().socialAccount.findUniqueOrThrow({ where: { id: done.body.connected[1] }, omit: { credentials: false } });
    expect(ig).toMatchObject({ workspaceId, platform: "instagram", handle: "corner.bakery", displayName: "Corner Bakery IG", status: "active", tokenExpiresAt: null });
    const igCreds = decryptJson<Record<string, string>>(ig.credentials!);
    // The Page's token publishes to the Instagram account linked to it.
    expect(igCreds).toEqual({ igUserId: "17841400000000011", accessToken: TOKEN_A });
    expect(instagramCredentials.safeParse(igCreds).success).toBe(true);
    // Page tokens from a long-lived user token do not expire: nothing to refresh.
    expect(await db().agentTask.count({ where: { workspaceId, type: "refresh_token" } })).toBe(0);
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(2);

    // Single use: the list is gone once chosen from.
    expect(await pickRows()).toBe(0);
    const again = await pick(jar, { key, choices: ["facebook:page-3333"] });
    expect(again.status).toBe(404);
    expect(again.body.error.message).toMatch(/not valid or was already used/);
    expect(await readPick(db(), key, caller)).toEqual({ error: "state_invalid" });

    // Signing in again and choosing the same Page reconnects it (same row, new token).
    firstPage = [{ ...pageA, access_token: "EAApageA2" }];
    secondPage = [];
    const key2 = await signInToPicker(jar);
    const re = await pick(jar, { key: key2, choices: ["facebook:page-1111"] });
    expect(re.status, JSON.stringify(re.body)).toBe(201);
    expect(re.body.connected).toEqual([fb.id]);
    const fb2 = await db().socialAccount.findUniqueOrThrow({ where: { id: fb.id }, omit: { credentials: false } });
    expect(decryptJson(fb2.credentials!)).toEqual({ pageId: "1111", pageAccessToken: "EAApageA2" });
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(2);
  });

  it("refuses a pick key from another session, an expired one and an unknown one, and a non-admin", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-meta-keys@example.com");
    const key = await signInToPicker(jar);

    // Another admin of the same workspace, in their own session.
    const admin = await memberAs(workspaceId, "admin");
    const foreign = await pick(admin.jar, { key, choices: ["facebook:page-1111"] });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.message).toMatch(/another session or another user/);
    const editor = await memberAs(workspaceId, "editor");
    expect((await pick(editor.jar, { key, choices: ["facebook:page-1111"] })).status).toBe(403);
    const unknown = await pick(jar, { key: "not-a-key", choices: ["facebook:page-1111"] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^This list of accounts .* Start connecting again\.$/);

    // Still usable by its owner until it expires.
    expect(await pickRows()).toBe(1);
    await db().verification.updateMany({ where: { identifier: { startsWith: "herald-oauth:pick:" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await pick(jar, { key, choices: ["facebook:page-1111"] });
    expect(expired.status).toBe(409);
    expect(expired.body.error.message).toMatch(/longer than 10 minutes/);
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(0);
  });

  it("turns a refusal and each failing step into a readable code without keeping anything, and says when there are no Pages", async () => {
    const { jar, user, workspaceId } = await ownerWithWorkspace("owner-meta-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await metaStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };
    // Meta's documented refusal: error=access_denied&error_code=200&error_reason=user_denied.
    expectError(await attempt(() => {}, { error: "access_denied", error_code: "200", error_description: "Permissions error", error_reason: "user_denied" }), "denied");
    expectError(await attempt(() => {}, { code: "stale-code" }), "token_rejected");
    expectError(await attempt(() => {}, {}), "token_rejected");
    expectError(await attempt(() => graph.once("GET", `${V}/oauth/access_token`, { status: 500, text: "oops" })), "platform_unavailable");
    expectError(await attempt(() => graph.once("GET", `${V}/oauth/access_token`, { json: { token_type: "bearer" } })), "token_rejected");
    expectError(
      await attempt(() => {
        graph.once("GET", `${V}/oauth/access_token`, { json: { access_token: SHORT } });
        graph.once("GET", `${V}/oauth/access_token`, oauthError("Error validating access token."));
      }),
      "token_rejected",
    );
    expectError(await attempt(() => graph.once("GET", `${V}/me/accounts`, oauthError("Invalid OAuth access token."))), "verify_failed");
    expectError(await attempt(() => graph.once("GET", `${V}/me/accounts`, { json: { nothing: true } })), "verify_failed");
    expectError(await attempt(() => graph.once("GET", `${V}/me/accounts`, { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expect(await pickRows()).toBe(0);
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(0);

    // No Pages: the picker says so (the page shows the message), and nothing can be chosen.
    firstPage = [];
    secondPage = [];
    const key = await signInToPicker(jar);
    const view = await readPick(db(), key, { workspaceId, userId: user.id, sessionId: await sessionOf(user.id) });
    expect(view).toMatchObject({ platform: "facebook", options: [], emptyMessage: expect.stringMatching(/^Meta found no Facebook Pages you manage.*ask the Page's admin to add you/) });
    expect((await pick(jar, { key, choices: ["facebook:page-1111"] })).status).toBe(400);
  });

  it("is not offered without the app's id and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-meta-off@example.com");
    delete process.env.META_APP_SECRET;
    resetEnvCache();
    try {
      expect(oauthAvailability().facebook).toBe(false);
      expect(oauthButtons().map((b) => b.platform)).not.toContain("facebook");
      const r = await oauth.startFlow("facebook", jar);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/Connecting with Facebook is not configured.*META_APP_ID and META_APP_SECRET/);
    } finally {
      process.env.META_APP_SECRET = APP_SECRET;
      resetEnvCache();
    }
    expect(graph.requests).toHaveLength(0);
    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(0);
  });
});
