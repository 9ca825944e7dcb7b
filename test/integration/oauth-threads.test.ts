// "Connect with Threads" through the real route handlers, against a local server playing
// graph.threads.net: POST /oauth/access_token (code → short-lived token), GET /access_token
// (th_exchange_token → 60-day token), GET /v1.0/me, and GET /refresh_access_token for the adapter's
// refresh. The authorize page (threads.net) is only linked to, never called by the server.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { REFRESH_LEAD_MS } from "../../lib/accounts";
import { decryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { threadsCredentials } from "../../lib/social/threads/credentials";
import { oauthAvailability, oauthButtons } from "../../lib/social/oauth";
import { adapterFor } from "../../lib/social-media";
import { PlatformError } from "../../lib/social/types";
import type { Jar } from "../support/auth";
import * as oauth from "../support/oauth";
import { memberAs, ownerWithWorkspace } from "../support/oauth";
import { startFixtureServer, type FixtureServer } from "../support/fixture-server";

const APP_ID = "1234567890";
const APP_SECRET = "threads-app-secret";
const SHORT = "THQVshort";
const LONG = "THQVlong";
const USER_ID = "17841400000000001";
const EXPIRES_IN = 5_183_944; // what Meta's documentation shows for a long-lived token
const REDIRECT_URI = "http://localhost:3000/api/accounts/oauth/threads/callback";
const oauthError = (message: string, code = 190) => ({ status: 400, json: { error: { message, type: "OAuthException", code, fbtrace_id: "AbC" } } });

let graph: FixtureServer;

async function threadsStart(jar: Jar) {
  const r = await oauth.startFlow("threads", jar);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  return { url, state: url.searchParams.get("state")! };
}
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("threads", jar, query);
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "threads" });
}
const accountCount = (workspaceId: string) => db().socialAccount.count({ where: { workspaceId } });
const requestsTo = (path: string) => graph.requests.filter((r) => r.path === path);

beforeAll(async () => {
  graph = await startFixtureServer();
  // Shapes from developers.facebook.com/docs/threads/get-started/get-access-tokens-and-permissions
  // and …/long-lived-tokens.
  graph.on("POST", "/oauth/access_token", (r) => {
    const b = r.body as Record<string, string>;
    if (b.client_id !== APP_ID || b.client_secret !== APP_SECRET) return oauthError("Error validating client secret.", 1);
    if (b.grant_type !== "authorization_code" || b.code !== "good-code" || b.redirect_uri !== REDIRECT_URI) {
      return oauthError("Invalid verification code format.", 100);
    }
    return { json: { access_token: SHORT, user_id: Number(USER_ID) } };
  });
  graph.on("GET", "/access_token", (r) =>
    r.query.get("grant_type") === "th_exchange_token" && r.query.get("client_secret") === APP_SECRET && r.query.get("access_token") === SHORT
      ? { json: { access_token: LONG, token_type: "bearer", expires_in: EXPIRES_IN } }
      : oauthError("Error validating access token: Session has expired."),
  );
  graph.on("GET", "/refresh_access_token", (r) =>
    r.query.get("grant_type") === "th_refresh_token" && r.query.get("access_token") === LONG
      ? { json: { access_token: "THQVrenewed", token_type: "bearer", expires_in: EXPIRES_IN } }
      : oauthError("Error validating access token: The session has been invalidated because the user changed their password."),
  );
  graph.on("GET", "/v1.0/me", (r) =>
    r.query.get("access_token") === LONG && r.query.get("fields") === "id,username,name"
      ? { json: { id: USER_ID, username: "corner.bakery", name: "Corner Bakery" } }
      : oauthError("Invalid OAuth access token."),
  );
  process.env.THREADS_API_URL = `${graph.url}/v1.0`;
  process.env.THREADS_AUTH_URL = "https://threads.example";
  process.env.THREADS_APP_ID = APP_ID;
  process.env.THREADS_APP_SECRET = APP_SECRET;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["THREADS_API_URL", "THREADS_AUTH_URL", "THREADS_APP_ID", "THREADS_APP_SECRET"]) delete process.env[k];
  resetEnvCache();
  await graph?.close();
});

beforeEach(() => graph.reset());

describe("Threads OAuth 2.0", () => {
  it("sends the person to Threads, trades the code for a 60-day token, reads /me, stores the adapter's credentials and renews the token", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-threads@example.com");
    expect(oauthAvailability().threads).toBe(true);
    expect(oauthButtons()).toContainEqual({ platform: "threads", label: "Threads" });
    const { url, state } = await threadsStart(jar);
    expect(graph.requests).toHaveLength(0);
    expect(`${url.origin}${url.pathname}`).toBe("https://threads.example/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: APP_ID,
      redirect_uri: REDIRECT_URI,
      scope: "threads_basic,threads_content_publish,threads_manage_insights,threads_read_replies,threads_manage_replies",
      response_type: "code",
      state,
    });
    expect(url.toString()).not.toContain(APP_SECRET);

    const before = Date.now();
    const outcome = await returnTo(jar, { code: "good-code", state });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();
    expect(requestsTo("/oauth/access_token")[0].body).toEqual({ client_id: APP_ID, client_secret: APP_SECRET, grant_type: "authorization_code", redirect_uri: REDIRECT_URI, code: "good-code" });
    expect(requestsTo("/access_token")).toHaveLength(1);
    expect(requestsTo("/v1.0/me")).toHaveLength(1);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "threads", handle: "corner.bakery", displayName: "Corner Bakery", status: "active" });
    expect(row.credentials).not.toContain(LONG);
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    // The long-lived token is stored, never the short one or the app's secret.
    expect(creds).toEqual({ threadsUserId: USER_ID, accessToken: LONG });
    expect(threadsCredentials.safeParse(creds).success).toBe(true);
    const expiresAt = row.tokenExpiresAt!.getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + EXPIRES_IN * 1000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + EXPIRES_IN * 1000 + 1000);
    const [refresh] = await db().agentTask.findMany({ where: { accountId: accountId!, type: "refresh_token" } });
    expect(refresh.scheduledAt.getTime()).toBe(expiresAt - REFRESH_LEAD_MS);

    // The registry's adapter renews it on THREADS_API_URL's host, for another 60 days.
    const now = new Date("2031-05-01T12:00:00Z");
    const adapter = adapterFor({ platform: "threads", credentials: creds }, { prisma: db(), now: () => now });
    const account = { id: accountId!, workspaceId, platform: "threads" as const, handle: row.handle, credentials: creds, simulation: null };
    expect(await adapter.refresh({ account, signal: AbortSignal.timeout(5000) })).toEqual({
      threadsUserId: USER_ID,
      accessToken: "THQVrenewed",
      expiresAt: new Date(now.getTime() + EXPIRES_IN * 1000).toISOString(),
    });
    expect(Object.fromEntries(requestsTo("/refresh_access_token")[0].query)).toMatchObject({ grant_type: "th_refresh_token", access_token: LONG });
    // A token Threads no longer accepts is an auth failure: the account needs reconnecting.
    const stale = { ...account, credentials: { ...creds, accessToken: "THQVrevoked" } };
    const err = await adapter.refresh({ account: stale, signal: AbortSignal.timeout(5000) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).failureClass).toBe("auth");
    expect((err as PlatformError).message).not.toContain("THQVrevoked");

    // Single use.
    expectError(await returnTo(jar, { code: "good-code", state }), "state_invalid");
  });

  it("turns a refusal and each failing step into a readable code without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-threads-fail@example.com");
    const attempt = async (setup: () => void, query: Record<string, string> = { code: "good-code" }) => {
      const { state } = await threadsStart(jar);
      setup();
      return returnTo(jar, { ...query, state });
    };
    expectError(await attempt(() => {}, { error: "access_denied", error_reason: "user_denied", error_description: "Permissions error" }), "denied");
    expectError(await attempt(() => {}, { code: "stale-code" }), "token_rejected");
    expectError(await attempt(() => {}, {}), "token_rejected");
    expectError(await attempt(() => graph.once("POST", "/oauth/access_token", { status: 500, text: "oops" })), "platform_unavailable");
    expectError(await attempt(() => graph.once("GET", "/access_token", oauthError("Error validating access token."))), "token_rejected");
    expectError(await attempt(() => graph.once("GET", "/v1.0/me", oauthError("Invalid OAuth access token."))), "verify_failed");
    expectError(await attempt(() => graph.once("GET", "/v1.0/me", { json: { id: USER_ID } })), "verify_failed");
    expectError(await attempt(() => graph.once("GET", "/v1.0/me", { status: 503, text: "Service Unavailable" })), "platform_unavailable");
    expect(await accountCount(workspaceId)).toBe(0);
    expect(await db().agentTask.count({ where: { workspaceId } })).toBe(0);
  });

  it("refuses an expired state and a start by a non-admin, and is not offered without the app's id and secret", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-threads-off@example.com");
    const expired = await threadsStart(jar);
    await db().verification.updateMany({ where: { identifier: { startsWith: "herald-oauth:" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await returnTo(jar, { code: "good-code", state: expired.state }), "state_expired");
    const editor = await memberAs(workspaceId, "editor");
    expect((await oauth.startFlow("threads", editor.jar)).status).toBe(403);

    delete process.env.THREADS_APP_SECRET;
    resetEnvCache();
    try {
      expect(oauthAvailability().threads).toBe(false);
      expect(oauthButtons().map((b) => b.platform)).not.toContain("threads");
      const r = await oauth.startFlow("threads", jar);
      expect(r.status).toBe(404);
      expect(r.body.error.message).toMatch(/Connecting with Threads is not configured.*THREADS_APP_ID and THREADS_APP_SECRET/);
    } finally {
      process.env.THREADS_APP_SECRET = APP_SECRET;
      resetEnvCache();
    }
    expect(graph.requests).toHaveLength(0);
    expect(await accountCount(workspaceId)).toBe(0);
  });
});
