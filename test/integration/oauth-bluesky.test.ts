// "Connect with Bluesky" (atproto OAuth) through the real start and callback routes, with
// @atproto/oauth-client-node doing the protocol against a local server that plays every part a
// handle leads to: the handle resolver (com.atproto.identity.resolveHandle), the PLC directory (the
// DID document naming the PDS), the PDS (protected-resource metadata, getSession, createRecord)
// and its authorization server (metadata, PAR, token: code and refresh). Herald runs as atproto's
// loopback client (a development server on localhost, no key). The client metadata document and
// JWKS of a confidential client (BLUESKY_OAUTH_PRIVATE_KEY) are checked at the end.
import { createHash } from "node:crypto";
import { JoseKey } from "@atproto/oauth-client-node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as metadataRoute from "../../app/api/oauth/bluesky/client-metadata.json/route";
import * as jwksRoute from "../../app/api/oauth/bluesky/jwks.json/route";
import * as callback from "../../app/api/accounts/oauth/[platform]/callback/route";
import { decryptJson, encryptJson } from "../../lib/crypto";
import { db } from "../../lib/db";
import { resetEnvCache } from "../../lib/env";
import { blueskyInboxSource } from "../../lib/inbox/bluesky";
import { rotateCredentials } from "../../lib/credentials-rotation";
import { blueskyCredentials } from "../../lib/social/bluesky/credentials";
import { blueskyOAuth } from "../../lib/social/bluesky/oauth";
import { RENEW_EVERY_MS } from "../../lib/social/bluesky/oauth-config";
import { oauthAvailability, oauthButtons } from "../../lib/social/oauth";
import { adapterFor } from "../../lib/social-media";
import { PlatformError } from "../../lib/social/types";
import { browserReq, type Jar } from "../support/auth";
import { runProcessor } from "../support/factories";
import * as oauth from "../support/oauth";
import { ownerWithWorkspace } from "../support/oauth";
import { startFixtureServer, type FixtureServer, type RecordedRequest } from "../support/fixture-server";

const HANDLE = "bakery.test";
const DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
/** A handle whose DID document names a PDS on a private address. */
const PRIVATE_HANDLE = "inside.test";
const PRIVATE_DID = "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa";
const REDIRECT_URI = "http://127.0.0.1:3000/api/accounts/oauth/bluesky/callback";
const SCOPE = "atproto transition:generic";

let pds: FixtureServer;
/** What the fixture authorization server handed out, and what it will accept. */
let issued: { code?: string; challenge?: string; access?: string; refresh?: string; refreshRefused?: boolean };
let counter = 0;

const b64json = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;

/** The DPoP proof of a request: a dpop+jwt carrying its public key, for this method and URL. */
function expectDpop(r: RecordedRequest, htu: string) {
  const proof = r.headers.dpop;
  expect(typeof proof, `DPoP proof on ${r.path}`).toBe("string");
  const [header, payload] = String(proof).split(".");
  expect(b64json(header)).toMatchObject({ typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC", crv: "P-256" } });
  expect(b64json(header).jwk).not.toHaveProperty("d");
  expect(b64json(payload)).toMatchObject({ htm: r.method, htu });
}

const requestsTo = (path: string) => pds.requests.filter((r) => r.path === path);

beforeAll(async () => {
  pds = await startFixtureServer();
  const origin = pds.url;
  pds.on("GET", "/xrpc/com.atproto.identity.resolveHandle", (r) =>
    r.query.get("handle") === HANDLE
      ? { json: { did: DID } }
      : r.query.get("handle") === PRIVATE_HANDLE
        ? { json: { did: PRIVATE_DID } }
        : { status: 400, json: { error: "InvalidRequest", message: "Unable to resolve handle" } },
  );
  pds.on("GET", `/${encodeURIComponent(PRIVATE_DID)}`, () => ({
    json: {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: PRIVATE_DID,
      alsoKnownAs: [`at://${PRIVATE_HANDLE}`],
      verificationMethod: [],
      service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: "http://10.1.2.3" }],
    },
  }));
  pds.on("GET", `/${encodeURIComponent(DID)}`, () => ({
    json: {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: DID,
      alsoKnownAs: [`at://${HANDLE}`],
      verificationMethod: [],
      service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: origin }],
    },
  }));
  pds.on("GET", "/.well-known/oauth-protected-resource", () => ({ json: { resource: origin, authorization_servers: [origin], scopes_supported: [], bearer_methods_supported: ["header"] } }));
  pds.on("GET", "/.well-known/oauth-authorization-server", () => ({
    json: {
      issuer: origin,
      scopes_supported: ["atproto", "transition:generic"],
      subject_types_supported: ["public"],
      response_types_supported: ["code"],
      response_modes_supported: ["query", "fragment"],
      grant_types_supported: ["authorization_code", "refresh_token"],
      code_challenge_methods_supported: ["S256"],
      ui_locales_supported: ["en-US"],
      display_values_supported: ["page", "popup", "touch"],
      authorization_response_iss_parameter_supported: true,
      request_object_signing_alg_values_supported: ["ES256", "none"],
      request_parameter_supported: true,
      request_uri_parameter_supported: true,
      require_request_uri_registration: true,
      jwks_uri: `${origin}/oauth/jwks`,
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      token_endpoint_auth_methods_supported: ["none", "private_key_jwt"],
      token_endpoint_auth_signing_alg_values_supported: ["ES256"],
      revocation_endpoint: `${origin}/oauth/revoke`,
      pushed_authorization_request_endpoint: `${origin}/oauth/par`,
      require_pushed_authorization_requests: true,
      dpop_signing_alg_values_supported: ["ES256"],
      client_id_metadata_document_supported: true,
    },
  }));
  pds.on("POST", "/oauth/par", (r) => {
    const b = r.body as Record<string, string>;
    issued.challenge = b.code_challenge;
    return { status: 201, json: { request_uri: `urn:ietf:params:oauth:request_uri:req-${++counter}`, expires_in: 299 } };
  });
  const tokens = () => {
    issued.access = `access-${++counter}`;
    issued.refresh = `refresh-${counter}`;
    return { json: { access_token: issued.access, token_type: "DPoP", refresh_token: issued.refresh, scope: SCOPE, sub: DID, expires_in: 3600 } };
  };
  pds.on("POST", "/oauth/token", (r) => {
    const b = r.body as Record<string, string>;
    if (b.grant_type === "authorization_code") {
      const verifierOk = issued.challenge === createHash("sha256").update(b.code_verifier ?? "").digest("base64url");
      if (b.code !== issued.code || !verifierOk || b.redirect_uri !== REDIRECT_URI) return { status: 400, json: { error: "invalid_grant", error_description: "Invalid code" } };
      issued.code = undefined; // single use
      return tokens();
    }
    if (b.grant_type === "refresh_token" && b.refresh_token === issued.refresh && !issued.refreshRefused) return tokens();
    return { status: 400, json: { error: "invalid_grant", error_description: "Invalid refresh token" } };
  });
  pds.on("POST", "/oauth/revoke", () => ({ status: 200, json: {} }));
  const authorized = (r: RecordedRequest) => r.headers.authorization === `DPoP ${issued.access}`;
  pds.on("GET", "/xrpc/com.atproto.server.getSession", (r) =>
    authorized(r) ? { json: { did: DID, handle: HANDLE, active: true } } : { status: 401, json: { error: "InvalidToken", message: "Bad token" } },
  );
  pds.on("GET", "/xrpc/app.bsky.notification.listNotifications", (r) =>
    authorized(r)
      ? {
          json: {
            notifications: [
              {
                uri: "at://did:plc:bbbbbbbbbbbbbbbbbbbbbbbb/app.bsky.feed.post/3kreply",
                cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm",
                author: { did: "did:plc:bbbbbbbbbbbbbbbbbbbbbbbb", handle: "neighbour.test" },
                reason: "mention",
                record: { $type: "app.bsky.feed.post", text: "@bakery.test open on Sunday?", createdAt: "2031-03-01T09:00:00.000Z" },
                isRead: false,
                indexedAt: "2031-03-01T09:00:01.000Z",
              },
            ],
          },
        }
      : { status: 401, json: { error: "InvalidToken", message: "Bad token" } },
  );
  pds.on("POST", "/xrpc/com.atproto.repo.createRecord", (r) =>
    authorized(r)
      ? { json: { uri: `at://${DID}/app.bsky.feed.post/${(r.body as { rkey: string }).rkey}`, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm" } }
      : { status: 401, json: { error: "InvalidToken", message: "Bad token" } },
  );
  process.env.BLUESKY_PLC_URL = origin;
  process.env.BLUESKY_HANDLE_RESOLVER_URL = origin;
  delete process.env.BLUESKY_OAUTH_PRIVATE_KEY;
  resetEnvCache();
});

afterAll(async () => {
  for (const k of ["BLUESKY_PLC_URL", "BLUESKY_HANDLE_RESOLVER_URL", "BLUESKY_OAUTH_PRIVATE_KEY"]) delete process.env[k];
  resetEnvCache();
  await pds?.close();
});

beforeEach(() => {
  pds.reset();
  issued = {};
});

async function blueskyStart(jar: Jar, handle = HANDLE) {
  const r = await oauth.startFlow("bluesky", jar, { handle });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const url = new URL(r.body.url);
  // The person approves on the authorization server, which then sends the browser back with a code.
  const par = requestsTo("/oauth/par").at(-1)!;
  const state = (par.body as Record<string, string>).state;
  issued.code = `code-${++counter}`;
  return { url, par, state };
}
const returnTo = (jar: Jar | undefined, query: Record<string, string>) => oauth.returnTo("bluesky", jar, query);
function expectError(outcome: URLSearchParams, code: string) {
  oauth.expectError(outcome, code);
  expect(Object.fromEntries(outcome)).toEqual({ oauth_error: code, platform: "bluesky" });
}

async function connect(email: string) {
  const { jar, workspaceId } = await ownerWithWorkspace(email);
  const { state } = await blueskyStart(jar);
  const outcome = await returnTo(jar, { state, iss: pds.url, code: issued.code! });
  const accountId = outcome.get("connected");
  expect(accountId, outcome.toString()).toBeTruthy();
  return { jar, workspaceId, accountId: accountId! };
}

function adapterAccount(row: { id: string; workspaceId: string; handle: string; credentials: string | null }) {
  const credentials = decryptJson<Record<string, string>>(row.credentials!);
  return { id: row.id, workspaceId: row.workspaceId, platform: "bluesky" as const, handle: row.handle, credentials, simulation: null };
}
const publishInput = (account: ReturnType<typeof adapterAccount>, key: string) => ({
  account,
  content: { text: "Fresh rye at 7." },
  idempotencyKey: key,
  attempt: 1,
  signal: AbortSignal.timeout(10_000),
});

describe("Connect with Bluesky (atproto OAuth)", () => {
  it("resolves the handle, pushes the request (PAR, PKCE, DPoP), exchanges the code, keeps the session sealed beside the account and publishes with it", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-bluesky@example.com");
    expect(oauthAvailability().bluesky).toBe(true);
    expect(oauthButtons()).toContainEqual({ platform: "bluesky", label: "Bluesky" });

    const { url, par, state } = await blueskyStart(jar, "@Bakery.test");
    // The browser goes to the authorization server with only the client and the pushed request.
    expect(`${url.origin}${url.pathname}`).toBe(`${pds.url}/oauth/authorize`);
    const clientId = url.searchParams.get("client_id")!;
    expect(new URL(clientId).origin).toBe("http://localhost");
    expect(new URL(clientId).searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
    expect(url.searchParams.get("request_uri")).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(par.body).toMatchObject({ client_id: clientId, redirect_uri: REDIRECT_URI, response_type: "code", code_challenge_method: "S256", scope: SCOPE, login_hint: HANDLE });
    expectDpop(par, `${pds.url}/oauth/par`);
    // The handle led to the PDS through the resolver and the PLC directory.
    expect(requestsTo("/xrpc/com.atproto.identity.resolveHandle")[0].query.get("handle")).toBe(HANDLE);
    expect(requestsTo(`/${encodeURIComponent(DID)}`).length).toBeGreaterThan(0);

    const outcome = await returnTo(jar, { state, iss: pds.url, code: issued.code! });
    const accountId = outcome.get("connected");
    expect(accountId, outcome.toString()).toBeTruthy();
    const token = requestsTo("/oauth/token")[0];
    expect(token.body).toMatchObject({ grant_type: "authorization_code", redirect_uri: REDIRECT_URI, client_id: clientId });
    expectDpop(token, `${pds.url}/oauth/token`);
    expect(requestsTo("/xrpc/com.atproto.server.getSession")).toHaveLength(1);

    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId! }, omit: { credentials: false } });
    expect(row).toMatchObject({ workspaceId, platform: "bluesky", handle: HANDLE, status: "active" });
    const creds = decryptJson<Record<string, string>>(row.credentials!);
    expect(creds).toEqual({ auth: "oauth", did: DID });
    expect(blueskyCredentials.safeParse(creds).success).toBe(true);
    const kept = await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId! } });
    expect(kept).toMatchObject({ workspaceId, did: DID });
    expect(kept.credentials).not.toContain(issued.access!);
    expect(decryptJson<{ tokenSet: { access_token: string; sub: string } }>(kept.credentials).tokenSet).toMatchObject({ access_token: issued.access, sub: DID });

    // The adapter publishes with the session: DPoP-bound token on the PDS the DID document names.
    pds.reset();
    const adapter = adapterFor({ platform: "bluesky", credentials: creds }, { prisma: db() });
    const result = await adapter.publish(publishInput(adapterAccount(row), "bluesky-oauth-1"));
    expect(result.platformPostId).toMatch(new RegExp(`^at://${DID}/app.bsky.feed.post/`));
    const created = requestsTo("/xrpc/com.atproto.repo.createRecord");
    expect(created).toHaveLength(1);
    expect(created[0].headers.authorization).toBe(`DPoP ${issued.access}`);
    expectDpop(created[0], `${pds.url}/xrpc/com.atproto.repo.createRecord`);
    expect(created[0].body).toMatchObject({ repo: DID, collection: "app.bsky.feed.post", record: { text: "Fresh rye at 7." } });

    // The state is single use.
    expectError(await returnTo(jar, { state, iss: pds.url, code: "code-again" }), "state_invalid");
  });

  it("refuses a made-up, missing or expired state and a refused code without writing an account", async () => {
    const { jar, workspaceId } = await ownerWithWorkspace("owner-bluesky-states@example.com");
    expectError(await returnTo(jar, { state: "made-up", iss: pds.url, code: "x" }), "state_invalid");
    expectError(await returnTo(jar, { iss: pds.url, code: "x" }), "state_invalid");

    const expired = await blueskyStart(jar);
    await db().verification.updateMany({ where: { identifier: { startsWith: "herald-oauth:bluesky:" } }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expectError(await returnTo(jar, { state: expired.state, iss: pds.url, code: issued.code! }), "state_expired");
    expect(requestsTo("/oauth/token")).toHaveLength(0);

    // A code the authorization server does not take.
    const refused = await blueskyStart(jar);
    expectError(await returnTo(jar, { state: refused.state, iss: pds.url, code: "not-the-code" }), "token_rejected");
    // The person said no.
    const denied = await blueskyStart(jar);
    expectError(await returnTo(jar, { state: denied.state, iss: pds.url, error: "access_denied" }), "denied");

    expect(await db().socialAccount.count({ where: { workspaceId } })).toBe(0);
    expect(await db().blueskyOAuthSession.count({ where: { workspaceId } })).toBe(0);
  });

  it("answers 400 naming the handle for a malformed handle, one that does not resolve, one whose server cannot be reached and one on a private address", async () => {
    const { jar } = await ownerWithWorkspace("owner-bluesky-handles@example.com");
    for (const [handle, message] of [
      ["", /Enter your Bluesky handle/],
      ["not a handle!", /not a Bluesky handle/],
      ["nobody.test", /could not be found/],
    ] as const) {
      const r = await oauth.startFlow("bluesky", jar, { handle });
      expect(r.status, `${handle}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.error.fields).toEqual([{ path: "handle", message: expect.stringMatching(message) }]);
    }
    // The PDS answers nothing useful: its protected-resource metadata is a 500.
    pds.once("GET", "/.well-known/oauth-protected-resource", { status: 500, json: { error: "InternalServerError" } });
    const down = await oauth.startFlow("bluesky", jar, { handle: HANDLE });
    expect(down.status, JSON.stringify(down.body)).toBe(400);
    expect(down.body.error.fields).toEqual([{ path: "handle", message: expect.stringMatching(/could not be reached/) }]);
    // The DID document names a PDS on a private address: the guarded fetch never calls it.
    const inside = await oauth.startFlow("bluesky", jar, { handle: PRIVATE_HANDLE });
    expect(inside.status, JSON.stringify(inside.body)).toBe(400);
    expect(inside.body.error.fields).toEqual([{ path: "handle", message: expect.stringMatching(/not public/) }]);
    expect(await db().verification.count({ where: { identifier: { startsWith: "herald-oauth:bluesky:" } } })).toBe(0);
  });

  it("lets the library refresh an expired token, and asks for a reconnect when the refresh is refused", async () => {
    const { accountId } = await connect("owner-bluesky-refresh@example.com");
    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId }, omit: { credentials: false } });
    const account = adapterAccount(row);
    const adapter = adapterFor({ platform: "bluesky", credentials: account.credentials }, { prisma: db() });
    const expire = async () => {
      const kept = await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId } });
      const session = decryptJson<{ tokenSet: { expires_at?: string } }>(kept.credentials);
      session.tokenSet.expires_at = new Date(0).toISOString();
      await db().blueskyOAuthSession.update({ where: { socialAccountId: accountId }, data: { credentials: encryptJson(session) } });
    };

    // Expired: refreshed first (DPoP, the stored refresh token), the new tokens written back.
    await expire();
    const before = issued.refresh;
    pds.reset();
    await adapter.publish(publishInput(account, "bluesky-oauth-2"));
    const refresh = requestsTo("/oauth/token");
    expect(refresh).toHaveLength(1);
    expect(refresh[0].body).toMatchObject({ grant_type: "refresh_token", refresh_token: before });
    expect(requestsTo("/xrpc/com.atproto.repo.createRecord")[0].headers.authorization).toBe(`DPoP ${issued.access}`);
    const renewed = await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId } });
    expect(decryptJson<{ tokenSet: { refresh_token: string } }>(renewed.credentials).tokenSet.refresh_token).toBe(issued.refresh);

    // Expired and the refresh refused: an auth failure (the account needs reconnecting), the
    // session gone, nothing posted.
    await expire();
    issued.refreshRefused = true;
    pds.reset();
    const err = await adapter.publish(publishInput(account, "bluesky-oauth-3")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlatformError);
    expect((err as PlatformError).failureClass).toBe("auth");
    expect((err as PlatformError).message).toMatch(/connect the account again/);
    expect(requestsTo("/xrpc/com.atproto.repo.createRecord")).toHaveLength(0);
    expect(await db().blueskyOAuthSession.count({ where: { socialAccountId: accountId } })).toBe(0);
    // And with no session at all, the same.
    const again = await adapter.publish(publishInput(account, "bluesky-oauth-4")).catch((e: unknown) => e);
    expect((again as PlatformError).failureClass).toBe("auth");
  });

  it("renews an unused session every 30 days through a refresh_token task, and a refused renewal asks for a reconnect", async () => {
    const before = Date.now();
    const { accountId, workspaceId } = await connect("owner-bluesky-renew@example.com");
    const account = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId } });
    // Due in 30 days (docs/decisions.md, "Sign in with Bluesky"); the task runs a day before.
    const due = account.tokenExpiresAt!.getTime();
    expect(due).toBeGreaterThanOrEqual(before + RENEW_EVERY_MS);
    expect(due).toBeLessThanOrEqual(Date.now() + RENEW_EVERY_MS);
    const [task] = await db().agentTask.findMany({ where: { accountId, type: "refresh_token" } });
    expect(task.scheduledAt.getTime()).toBe(due - 86_400_000);

    // Nothing used the session meanwhile; the task spends the refresh token anyway (DPoP, the
    // stored token), writes the new tokens back and plans the next renewal 30 days on.
    const stored = issued.refresh;
    pds.reset();
    const at = new Date(task.scheduledAt.getTime() + 1_000);
    expect((await runProcessor({ workspaceId, at })).completed).toBe(1);
    const refresh = requestsTo("/oauth/token");
    expect(refresh).toHaveLength(1);
    expect(refresh[0].body).toMatchObject({ grant_type: "refresh_token", refresh_token: stored });
    expectDpop(refresh[0], `${pds.url}/oauth/token`);
    const renewed = await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId } });
    expect(decryptJson<{ tokenSet: { refresh_token: string } }>(renewed.credentials).tokenSet.refresh_token).toBe(issued.refresh);
    const next = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(next.tokenExpiresAt!.getTime()).toBe(at.getTime() + RENEW_EVERY_MS);
    const [, second] = await db().agentTask.findMany({ where: { accountId, type: "refresh_token" }, orderBy: { scheduledAt: "asc" } });
    expect(second.scheduledAt.getTime()).toBe(at.getTime() + RENEW_EVERY_MS - 86_400_000);

    // The authorization server refuses the next renewal: the account needs reconnecting.
    issued.refreshRefused = true;
    await runProcessor({ workspaceId, at: new Date(second.scheduledAt.getTime() + 1_000) });
    const done = await db().agentTask.findUniqueOrThrow({ where: { id: second.id } });
    expect(done.status).toBe("failed");
    expect(done.lastFailureClass).toBe("auth");
    expect((await db().socialAccount.findUniqueOrThrow({ where: { id: accountId } })).status).toBe("needs_reconnect");
  });

  it("reads the inbox with the OAuth session, and re-seals the session when the key is rotated", async () => {
    const { accountId } = await connect("owner-bluesky-inbox@example.com");
    const row = await db().socialAccount.findUniqueOrThrow({ where: { id: accountId }, omit: { credentials: false } });
    const collected = await blueskyInboxSource().collect({ account: adapterAccount(row), cursor: null, signal: AbortSignal.timeout(10_000), now: new Date("2031-03-01T10:00:00Z") });
    expect(collected.items).toEqual([expect.objectContaining({ kind: "mention", authorHandle: "neighbour.test", text: "@bakery.test open on Sunday?" })]);
    expect(requestsTo("/xrpc/app.bsky.notification.listNotifications").at(-1)!.headers.authorization).toBe(`DPoP ${issued.access}`);

    const before = (await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId } })).credentials;
    const oldKey = process.env.CREDENTIALS_KEY!;
    process.env.CREDENTIALS_KEY = Buffer.alloc(32, 7).toString("base64");
    process.env.CREDENTIALS_KEY_PREVIOUS = oldKey;
    resetEnvCache();
    try {
      const result = await rotateCredentials(db());
      expect(result.unreadable).toEqual([]);
      const after = (await db().blueskyOAuthSession.findUniqueOrThrow({ where: { socialAccountId: accountId } })).credentials;
      expect(after).not.toBe(before);
      expect(decryptJson(after)).toEqual(decryptJson(before));
    } finally {
      // Back to the file's key, everything sealed with it again.
      process.env.CREDENTIALS_KEY_PREVIOUS = process.env.CREDENTIALS_KEY;
      process.env.CREDENTIALS_KEY = oldKey;
      resetEnvCache();
      await rotateCredentials(db());
      delete process.env.CREDENTIALS_KEY_PREVIOUS;
      resetEnvCache();
    }
  });

  it("sends a loopback callback that arrives on 127.0.0.1 on to the app URL's host, query and all", async () => {
    const res = await callback.GET(new Request("http://127.0.0.1:3000/api/accounts/oauth/bluesky/callback?state=s&iss=i&code=c"), { params: Promise.resolve({ platform: "bluesky" }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3000/api/accounts/oauth/bluesky/callback?state=s&iss=i&code=c");
  });

  it("serves the client metadata and the public key of a confidential client, signs its client assertions with that key, and 404 without a key", async () => {
    const get = async (route: { GET: (req: Request, ctx: unknown) => Promise<Response> }) => {
      const res = await route.GET(browserReq("GET", "/api/oauth/bluesky/client-metadata.json"), { params: Promise.resolve({}) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    expect((await get(metadataRoute)).status).toBe(404);
    expect((await get(jwksRoute)).status).toBe(404);

    const key = await JoseKey.generate(["ES256"], "ignored");
    process.env.BLUESKY_OAUTH_PRIVATE_KEY = JSON.stringify(key.privateJwk);
    const appUrl = process.env.BETTER_AUTH_URL;
    process.env.BETTER_AUTH_URL = "https://herald.example";
    resetEnvCache();
    try {
      const meta = await get(metadataRoute);
      expect(meta.status).toBe(200);
      expect(meta.body).toMatchObject({
        client_id: "https://herald.example/api/oauth/bluesky/client-metadata.json",
        redirect_uris: ["https://herald.example/api/accounts/oauth/bluesky/callback"],
        scope: SCOPE,
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "ES256",
        jwks_uri: "https://herald.example/api/oauth/bluesky/jwks.json",
        dpop_bound_access_tokens: true,
        application_type: "web",
      });
      const jwks = await get(jwksRoute);
      expect(jwks.status).toBe(200);
      const keys = jwks.body.keys as Record<string, unknown>[];
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", x: (key.publicJwk as { x?: string }).x, kid: "herald-bluesky-1" });
      expect(keys[0]).not.toHaveProperty("d");

      // As that client, the pushed request authenticates with a client assertion signed by the key.
      const started = await blueskyOAuth.start({ redirectUri: "", handle: HANDLE });
      expect(new URL(started.url).searchParams.get("client_id")).toBe("https://herald.example/api/oauth/bluesky/client-metadata.json");
      const par = requestsTo("/oauth/par").at(-1)!;
      expect(par.body).toMatchObject({
        client_id: "https://herald.example/api/oauth/bluesky/client-metadata.json",
        redirect_uri: "https://herald.example/api/accounts/oauth/bluesky/callback",
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      });
      const publicKey = await JoseKey.fromJWK(keys[0]);
      const { payload, protectedHeader } = await publicKey.verifyJwt((par.body as Record<string, string>).client_assertion as `${string}.${string}.${string}`);
      expect(protectedHeader).toMatchObject({ alg: "ES256", kid: "herald-bluesky-1" });
      expect(payload).toMatchObject({ iss: "https://herald.example/api/oauth/bluesky/client-metadata.json", sub: "https://herald.example/api/oauth/bluesky/client-metadata.json", aud: pds.url });
    } finally {
      process.env.BETTER_AUTH_URL = appUrl;
      delete process.env.BLUESKY_OAUTH_PRIVATE_KEY;
      resetEnvCache();
    }
  });
});
