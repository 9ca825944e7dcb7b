// "Connect with Bluesky": atproto OAuth (docs/decisions.md, "Sign in with Bluesky") through
// @atproto/oauth-client-node, beside the app-password form, which stays. The library does the
// protocol: handle → DID → PDS → authorization server, PAR, PKCE, DPoP, the code exchange, and
// later the token refreshes (restore). Herald gives it:
// - its client: the metadata document Herald serves at CLIENT_METADATA_PATH (client_id = that URL,
//   confidential, private_key_jwt with BLUESKY_OAUTH_PRIVATE_KEY, public half at JWKS_PATH; the app
//   URL must be https), or on a development server on localhost without a key, atproto's loopback
//   client (client_id http://localhost?redirect_uri=…&scope=…, no key, no document; its redirect
//   URI must be http://127.0.0.1:<port>/…, and the callback sends the browser on to the app URL's
//   host, where its session cookie is: app/api/accounts/oauth/[platform]/callback/route.ts);
// - its stores: the pending sign-in (the library's state: PKCE verifier, DPoP key, issuer) rides in
//   the shared OAuth state of lib/social/oauth.ts (Verification, encrypted, ten minutes, single use,
//   bound to user, session and workspace); the session (DPoP key, tokens) is kept per SocialAccount
//   in BlueskyOAuthSession, sealed with CREDENTIALS_KEY; the library rewrites it on each refresh and
//   deletes it when a refresh is refused, which the adapter reports as "reconnect the account";
// - its fetch: the guarded fetch (lib/net/guarded-fetch.ts) for every request to the addresses a
//   handle leads to; its refresh lock: a Postgres advisory lock, so two workers never spend one
//   refresh token twice.
import { AsyncLocalStorage } from "node:async_hooks";
import { clock } from "../../clock";
import { Agent, XRPCError } from "@atproto/api";
import {
  JoseKey,
  NodeOAuthClient,
  OAuthResolverError,
  TokenInvalidError,
  TokenRefreshError,
  TokenRevokedError,
  type NodeSavedSession,
  type NodeSavedState,
  type OAuthClientMetadataInput,
  type RuntimeLock,
} from "@atproto/oauth-client-node";
import { decryptJson, encryptJson } from "../../crypto";
import { db, type Db, type Tx } from "../../db";
import { appUrl, env } from "../../env";
import { HeraldError } from "../../errors";
import { logger } from "../../logger";
import { guardedFetch, refusalOf } from "../../net/guarded-fetch";
import { OAuthFinishError, type OAuthFlow } from "../platform";
import { PlatformError } from "../types";
import { registerAtprotoErrors } from "./errors";
import { BLUESKY_OAUTH_SCOPE, blueskyClientKind, blueskyOAuthBasics, blueskyRedirectUri, CLIENT_METADATA_PATH, JWKS_PATH, renewBy } from "./oauth-config";

registerAtprotoErrors({ XRPCError, lostSession: [TokenRefreshError, TokenRevokedError, TokenInvalidError] });

const KEY_ID = "herald-bluesky-1";
const TIMEOUT_MS = 15_000;

let keyCache: { raw: string; key: Promise<JoseKey> } | null = null;

/** The signing key from BLUESKY_OAUTH_PRIVATE_KEY (JWK JSON or PKCS#8 PEM), imported once. */
function signingKey(raw: string): Promise<JoseKey> {
  if (keyCache?.raw !== raw) {
    const text = raw.trim();
    const key = text.startsWith("{")
      ? JoseKey.fromJWK({ ...(JSON.parse(text) as Record<string, unknown>), kid: KEY_ID })
      : JoseKey.fromPKCS8(text.replace(/\\n/g, "\n"), "ES256", KEY_ID);
    keyCache = { raw, key };
  }
  return keyCache.key;
}

/** The client metadata document (served at CLIENT_METADATA_PATH for a confidential client). */
export function blueskyClientMetadata(): OAuthClientMetadataInput {
  const redirect = blueskyRedirectUri();
  // What both kinds of client say of themselves.
  const common = {
    redirect_uris: [redirect as OAuthClientMetadataInput["redirect_uris"][number]],
    scope: BLUESKY_OAUTH_SCOPE,
    grant_types: ["authorization_code", "refresh_token"],
    response_types: ["code"],
    dpop_bound_access_tokens: true,
  } satisfies Partial<OAuthClientMetadataInput>;
  if (blueskyClientKind() === "confidential") {
    const origin = appUrl();
    return {
      ...common,
      client_id: `${origin}${CLIENT_METADATA_PATH}`,
      client_name: "Herald",
      client_uri: origin as OAuthClientMetadataInput["client_uri"],
      application_type: "web",
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: "ES256",
      jwks_uri: `${origin}${JWKS_PATH}` as OAuthClientMetadataInput["jwks_uri"],
    };
  }
  // atproto's loopback client: the client_id carries the redirect URI and scope; no document.
  const id = new URL("http://localhost");
  id.searchParams.set("redirect_uri", redirect);
  id.searchParams.set("scope", BLUESKY_OAUTH_SCOPE);
  return { ...common, client_id: id.toString(), application_type: "native", token_endpoint_auth_method: "none" };
}

/** The public half of the signing key (JWKS_PATH); empty without one. */
export async function blueskyJwks(): Promise<{ keys: unknown[] }> {
  const raw = env().BLUESKY_OAUTH_PRIVATE_KEY;
  if (!raw) return { keys: [] };
  const key = await signingKey(raw);
  return { keys: key.publicJwk ? [key.publicJwk] : [] };
}

/** The transaction holding the refresh lock, for the session store's reads and writes inside it. */
const lockTx = new AsyncLocalStorage<Tx>();

/**
 * One refresh at a time per DID across every Herald process: a refresh token works once, and a
 * second worker spending the same one would lose the session. The library reads the stored
 * session again inside the lock, so the waiter finds the refreshed one. The store works through
 * the lock's own transaction there, so a lock holder never waits for a second pool connection.
 * What it wrote is committed even when the refresh failed (the library deletes a refused session).
 */
const advisoryLock: RuntimeLock = async (name, fn) => {
  const outcome = await db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${name}, 0))`;
      try {
        return { ok: true as const, value: await lockTx.run(tx, fn) };
      } catch (error) {
        return { ok: false as const, error };
      }
    },
    { maxWait: 35_000, timeout: 45_000 },
  );
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
};

interface Stores {
  state: { get(key: string): Promise<NodeSavedState | undefined>; set(key: string, v: NodeSavedState): Promise<void>; del(key: string): Promise<void> };
  session: { get(sub: string): Promise<NodeSavedSession | undefined>; set(sub: string, v: NodeSavedSession): Promise<void>; del(sub: string): Promise<void> };
}

async function client(stores: Stores, fetchImpl: typeof fetch = guardedFetch): Promise<NodeOAuthClient> {
  const e = env();
  const kind = blueskyClientKind();
  if (!kind) throw new HeraldError("not_found", "Connecting with Bluesky is not configured on this Herald; use an app password.");
  return new NodeOAuthClient({
    clientMetadata: blueskyClientMetadata(),
    keyset: kind === "confidential" ? [await signingKey(e.BLUESKY_OAUTH_PRIVATE_KEY!)] : undefined,
    stateStore: stores.state,
    sessionStore: stores.session,
    fetch: fetchImpl,
    requestLock: advisoryLock,
    plcDirectoryUrl: e.BLUESKY_PLC_URL,
    ...(e.BLUESKY_HANDLE_RESOLVER_URL ? { handleResolver: e.BLUESKY_HANDLE_RESOLVER_URL } : {}),
    // Plain http for PDSs and authorization servers only off production (local servers in tests).
    allowHttp: e.NODE_ENV !== "production",
  });
}

const nothing = async () => undefined;

/** "@Bakery.bsky.social " → "bakery.bsky.social"; a DID is kept as it is. */
export function normalizeHandle(raw: string): string {
  const t = raw.trim().replace(/^@/, "");
  return t.startsWith("did:") ? t : t.toLowerCase();
}

function handleProblem(message: string): HeraldError {
  return new HeraldError("validation_failed", message, { fields: [{ path: "handle", message }] });
}

/** Why an authorize call failed, as a field error on `handle` (never a 500). */
function startFailure(err: unknown, handle: string): HeraldError {
  // The guarded fetch's refusal arrives wrapped by the library (resolver, DID and fetch errors).
  const refused = refusalOf(err);
  if (refused) return handleProblem(`${handle} leads to a server that is not public (${refused.message}).`);
  if (err instanceof OAuthResolverError) {
    const msg = err.message.toLowerCase();
    if (msg.includes("resolve") && (msg.includes("handle") || msg.includes("identity"))) {
      return handleProblem(`${handle} could not be found. Check the handle, e.g. bakery.bsky.social.`);
    }
    return handleProblem(`The Bluesky server of ${handle} could not be reached or does not offer sign-in with OAuth. Try again later, or connect with an app password.`);
  }
  return handleProblem(`The Bluesky server of ${handle} could not be reached or refused the sign-in request. Try again later, or connect with an app password.`);
}

export interface BlueskyPending {
  /** The library's pending state under `key` (its `state` parameter). */
  key: string;
  state: NodeSavedState;
}

/** The OAuth session the callback produced, before the account it belongs to exists. */
interface Produced {
  did: string;
  session: NodeSavedSession;
}

async function saveSession(prisma: Db | Tx, accountId: string, workspaceId: string, did: string, session: NodeSavedSession): Promise<void> {
  const value = encryptJson(session);
  await prisma.blueskyOAuthSession.upsert({
    where: { socialAccountId: accountId },
    create: { socialAccountId: accountId, workspaceId, did, credentials: value },
    update: { workspaceId, did, credentials: value },
  });
}

/** Ends a session on its authorization server, best effort (a reconnect replaced it). */
async function revokeQuietly(did: string, session: NodeSavedSession): Promise<void> {
  try {
    let held: NodeSavedSession | undefined = session;
    const c = await client({
      state: { get: nothing, set: nothing, del: nothing },
      session: { get: async () => held, set: async (_s, v) => void (held = v), del: async () => void (held = undefined) },
    });
    await c.revoke(did);
  } catch (err) {
    logger.warn({ err }, "bluesky oauth: revoking the replaced session failed");
  }
}

export const blueskyOAuth: OAuthFlow = {
  ...blueskyOAuthBasics,
  async start({ handle: raw }) {
    const handle = normalizeHandle(raw ?? "");
    if (!handle) throw handleProblem("Enter your Bluesky handle, e.g. bakery.bsky.social.");
    if (handle.length > 253 || !/^(did:[a-z]+:[a-zA-Z0-9._:%-]+|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+)$/.test(handle)) {
      throw handleProblem("That is not a Bluesky handle; it looks like bakery.bsky.social.");
    }
    let pending: BlueskyPending | undefined;
    const c = await client({
      state: { get: nothing, set: async (key, state) => void (pending = { key, state }), del: nothing },
      session: { get: nothing, set: nothing, del: nothing },
    });
    let url: URL;
    try {
      url = await c.authorize(handle, { scope: BLUESKY_OAUTH_SCOPE, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      logger.warn({ err }, "bluesky oauth start failed");
      throw startFailure(err, handle);
    }
    if (!pending) throw new HeraldError("internal", "Connecting with Bluesky failed to start.");
    return { url: url.toString(), key: pending.key, pending };
  },
  async finish(query, raw) {
    const pending = raw as BlueskyPending | undefined;
    if (!pending?.key || !pending.state) throw new OAuthFinishError("token_rejected");
    let produced: Produced | undefined;
    const c = await client({
      state: { get: async (key) => (key === pending.key ? pending.state : undefined), set: nothing, del: nothing },
      session: {
        get: async (sub) => (produced?.did === sub ? produced.session : undefined),
        set: async (sub, session) => void (produced = { did: sub, session }),
        del: async () => void (produced = undefined),
      },
    });
    let did: string;
    try {
      const { session } = await c.callback(query);
      did = session.did;
    } catch (err) {
      logger.warn({ err }, "bluesky oauth callback failed");
      const status = (err as { status?: unknown }).status;
      throw new OAuthFinishError(typeof status === "number" && status >= 500 ? "platform_unavailable" : "token_rejected");
    }
    if (!produced) throw new OAuthFinishError("token_rejected");
    // Verify the session works on the PDS, and read the handle it knows.
    let handle: string;
    try {
      const agent = new Agent(await c.restore(did, false));
      const res = await agent.com.atproto.server.getSession(undefined, { signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (res.data.did !== did) throw new OAuthFinishError("verify_failed");
      handle = res.data.handle;
    } catch (err) {
      if (err instanceof OAuthFinishError) throw err;
      logger.warn({ err }, "bluesky oauth verification failed");
      throw new OAuthFinishError("verify_failed");
    }
    const session = produced.session;
    return {
      handle: handle && handle !== "handle.invalid" ? handle : did,
      credentials: { auth: "oauth", did },
      tokenExpiresAt: renewBy(clock.now()).toISOString(),
      async attach(prisma: Db, accountId: string, workspaceId: string) {
        const old = await prisma.blueskyOAuthSession.findUnique({ where: { socialAccountId: accountId } });
        await saveSession(prisma, accountId, workspaceId, did, session);
        if (old && old.did === did) {
          try {
            await revokeQuietly(did, decryptJson<NodeSavedSession>(old.credentials));
          } catch {
            // An old session that cannot be read cannot be revoked either.
          }
        }
      },
    };
  },
};

/** What the adapter and the inbox use of an OAuth session: an Agent for the account's PDS. */
export interface BlueskyOAuthAgent {
  agent: Agent;
  did: string;
}

/** A session the library could not restore or refresh: the person has to connect again. */
function reconnect(handle: string, detail: string): PlatformError {
  return new PlatformError("auth", "oauth_session_invalid", `The Bluesky sign-in for @${handle} is no longer valid (${detail}); connect the account again.`);
}

/**
 * The account's OAuth session as an Agent; the library refreshes the tokens when they are about
 * to expire and writes the new ones back. A session that is gone or refused is an auth failure
 * (the scheduler marks the account needs_reconnect); anything else (network, 5xx) is thrown on.
 */
export async function openOAuthAgent(opts: {
  prisma?: Db;
  account: { id: string; workspaceId: string; handle: string };
  did: string;
  fetch: typeof fetch;
  /** Spend the refresh token now, whatever the access token's age (the refresh_token task). */
  refresh?: boolean;
}): Promise<BlueskyOAuthAgent> {
  const outside = opts.prisma ?? db();
  const q = () => lockTx.getStore() ?? outside;
  const { id, workspaceId, handle } = opts.account;
  const where = { socialAccountId: id };
  if (!blueskyClientKind()) throw reconnect(handle, "connecting with Bluesky is no longer configured on this Herald");
  const c = await client(
    {
      state: { get: nothing, set: nothing, del: nothing },
      session: {
        async get(sub) {
          const row = await q().blueskyOAuthSession.findUnique({ where });
          if (!row || row.did !== sub || row.workspaceId !== workspaceId) return undefined;
          return decryptJson<NodeSavedSession>(row.credentials);
        },
        async set(sub, session) {
          await saveSession(q(), id, workspaceId, sub, session);
        },
        async del() {
          await q().blueskyOAuthSession.deleteMany({ where });
        },
      },
    },
    opts.fetch,
  );
  try {
    const session = await c.restore(opts.did, opts.refresh ? true : "auto");
    return { agent: new Agent(session), did: session.did };
  } catch (err) {
    if (err instanceof TokenRefreshError || err instanceof TokenRevokedError || err instanceof TokenInvalidError) {
      throw reconnect(handle, err.message);
    }
    throw err;
  }
}
