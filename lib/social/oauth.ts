// Connecting accounts with OAuth: each platform's flow is in its record (`oauth`,
// lib/social/<platform>/oauth.ts: Mastodon, any server; X, 3-legged OAuth 1.0a; LinkedIn, OAuth
// 2.0 authorization code); this file keeps what all flows share. The pending flow — who started it, in which workspace and session, plus
// the PKCE verifier / request-token secret — is kept server-side in the Verification table,
// encrypted, for ten minutes, and consumed by the first callback that presents its key (Mastodon,
// LinkedIn: our `state`; X: the request token X echoes).
// The account is then stored through lib/accounts.ts like a credentials form would. A flow whose
// grant covers several accounts (Meta: the Pages a person manages) returns candidates instead: they
// are kept the same way (encrypted, ten minutes, bound to user, session and workspace, single use)
// under a new random key, the accounts page lists them (?pick=<key>), and POST
// /api/accounts/oauth/pick stores the chosen ones through the same code path.
import { createHash, randomBytes } from "node:crypto";
import { createAccount, updateAccount } from "../accounts";
import { hasRole, type Role } from "../auth/roles";
import { decryptJson, encryptJson } from "../crypto";
import type { Db } from "../db";
import { appUrl } from "../env";
import { logger } from "../logger";
import { HeraldError } from "../errors";
import { OAuthFinishError, type AccountCandidate, type ConnectedAccount, type OAuthFinishResult } from "./platform";
import type { Platform } from "./types";
import { OAUTH_PLATFORMS, oauthFlow, specFor, type OAuthPlatform } from "./registry";
import { clock } from "../clock";

export { OAUTH_PLATFORMS, type OAuthPlatform };

export function isOAuthPlatform(p: string): p is OAuthPlatform {
  return (OAUTH_PLATFORMS as readonly string[]).includes(p);
}

/** Which "Connect with …" buttons this deployment can offer. */
export function oauthAvailability(): Record<OAuthPlatform, boolean> {
  return Object.fromEntries(OAUTH_PLATFORMS.map((p) => [p, oauthFlow(p).available()])) as Record<OAuthPlatform, boolean>;
}

/**
 * The "Connect with …" buttons of the accounts page: every network whose app keys this deployment
 * has, in the registry's order. Mastodon is left out: it asks for the person's server first and
 * needs no app keys, so its form is always shown.
 */
export function oauthButtons(): { platform: OAuthPlatform; label: string }[] {
  return OAUTH_PLATFORMS.filter((p) => p !== "mastodon" && oauthFlow(p).available()).map((p) => ({ platform: p, label: specFor(p).label }));
}

/** The callback URL registered with the platform: on the app's public origin (BETTER_AUTH_URL). */
export function oauthRedirectUri(platform: OAuthPlatform): string {
  return `${appUrl()}/api/accounts/oauth/${platform}/callback`;
}

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;
/** Every Verification row of ours starts with this (lib/credentials-rotation.ts re-encrypts them). */
export const OAUTH_STATE_PREFIX = "herald-oauth:";
const PREFIX = OAUTH_STATE_PREFIX;
/** The Verification identifier: a hash, so the table never holds a usable state value. */
const identifierOf = (platform: OAuthPlatform, key: string) => `${PREFIX}${platform}:${createHash("sha256").update(key).digest("hex")}`;

interface Pending {
  platform: OAuthPlatform;
  workspaceId: string;
  userId: string;
  sessionId: string;
  /** What the platform's flow needs to finish (a PKCE verifier, a request-token secret). */
  flow?: unknown;
}

/** The error codes the callback redirects with; the accounts page shows `oauthMessage(code)`. */
export const OAUTH_ERRORS = [
  "state_invalid",
  "state_expired",
  "wrong_session",
  "wrong_workspace",
  "not_admin",
  "denied",
  "token_rejected",
  "platform_unavailable",
  "verify_failed",
  "not_configured",
  "failed",
] as const;
export type OAuthErrorCode = (typeof OAUTH_ERRORS)[number];

export function isOAuthErrorCode(v: unknown): v is OAuthErrorCode {
  return typeof v === "string" && (OAUTH_ERRORS as readonly string[]).includes(v);
}

/** Fixed, readable messages: the URL carries only a code, so nobody can put words on our page. */
export function oauthMessage(code: OAuthErrorCode, platform?: string): string {
  const name = platform && isOAuthPlatform(platform) ? specFor(platform).label : "the platform";
  switch (code) {
    case "state_invalid":
      return `This ${name} sign-in link is not valid or was already used. Start connecting again.`;
    case "state_expired":
      return `Connecting to ${name} took longer than ${OAUTH_STATE_TTL_MS / 60_000} minutes. Start again.`;
    case "wrong_session":
      return `This ${name} sign-in was started in another session or by another user. Start connecting again here.`;
    case "wrong_workspace":
      return `This ${name} sign-in was started in another workspace. Switch back to it, or start connecting again here.`;
    case "not_admin":
      return `Connecting accounts needs the admin role in this workspace.`;
    case "denied":
      return `${name} access was not granted, so nothing was connected.`;
    case "token_rejected":
      return `${name} did not accept the authorization. Start connecting again.`;
    case "platform_unavailable":
      return `${name} could not be reached or had an error. Try again in a few minutes.`;
    case "verify_failed":
      return `${name} gave Herald a token it then refused to accept. Nothing was connected; try again.`;
    case "not_configured":
      return `Connecting with ${name} is not configured on this Herald.`;
    case "failed":
      return `Connecting to ${name} failed. Try again.`;
  }
}

export class OAuthFailure extends Error {
  constructor(readonly code: OAuthErrorCode) {
    super(code);
    this.name = "OAuthFailure";
  }
}

export interface OAuthCaller {
  workspaceId: string;
  userId: string;
  sessionId: string;
}

/** Keeps `value` encrypted under `identifier` for the flow's lifetime (OAUTH_STATE_TTL_MS). */
async function keep(prisma: Db, identifier: string, value: unknown, now: Date): Promise<void> {
  await prisma.verification.create({ data: { identifier, value: encryptJson(value), expiresAt: new Date(now.getTime() + OAUTH_STATE_TTL_MS) } });
}

/** What a kept row holds, unless it has expired or cannot be read. */
function opened<T>(row: { value: string; expiresAt: Date }, now: Date): T {
  if (row.expiresAt.getTime() <= now.getTime()) throw new OAuthFailure("state_expired");
  try {
    return decryptJson<T>(row.value);
  } catch {
    throw new OAuthFailure("state_invalid");
  }
}

/** Starts a flow; returns the platform's authorize URL for the browser to open. */
export async function startOAuth(
  prisma: Db,
  platform: OAuthPlatform,
  caller: OAuthCaller,
  input: { instanceUrl?: string; handle?: string },
  now = clock.now(),
): Promise<{ url: string }> {
  const started = await oauthFlow(platform).start({ redirectUri: oauthRedirectUri(platform), instanceUrl: input.instanceUrl, handle: input.handle });
  const pending: Pending = { platform, workspaceId: caller.workspaceId, userId: caller.userId, sessionId: caller.sessionId, flow: started.pending };
  // Expired flows nobody finished are swept as new ones start.
  await prisma.verification.deleteMany({ where: { identifier: { startsWith: PREFIX }, expiresAt: { lt: now } } });
  await keep(prisma, identifierOf(platform, started.key), pending, now);
  return { url: started.url };
}

/** Takes the pending flow for `key` out of the table: whoever deletes it first owns it. */
async function consume(prisma: Db, platform: OAuthPlatform, key: string | null, now: Date): Promise<Pending> {
  if (!key || key.length > 500) throw new OAuthFailure("state_invalid");
  const row = await prisma.verification.findFirst({ where: { identifier: identifierOf(platform, key) } });
  if (!row) throw new OAuthFailure("state_invalid");
  const { count } = await prisma.verification.deleteMany({ where: { id: row.id } });
  if (count !== 1) throw new OAuthFailure("state_invalid");
  const pending = opened<Pending>(row, now);
  if (pending.platform !== platform) throw new OAuthFailure("state_invalid");
  return pending;
}

/** `error` values that mean the user said no (LinkedIn's own two, and RFC 6749's). */
const DENIALS = new Set(["access_denied", "user_cancelled_authorize", "user_cancelled_login"]);

/** The session's side of the callback; null when nobody is signed in. */
export interface CallbackSession {
  userId: string;
  sessionId: string;
  activeWorkspaceId: string | null;
  /** The user's role in the flow's workspace (null: not a member). */
  roleIn: (workspaceId: string) => Promise<Role | null>;
}

/**
 * Finishes a flow from the platform's redirect: consumes the pending flow, checks it belongs to
 * this session, user and active workspace (and that they are still an admin there), handles a
 * refusal, exchanges and verifies the token, and stores the account. Throws OAuthFailure only.
 */
export async function finishOAuth(
  prisma: Db,
  platform: OAuthPlatform,
  query: URLSearchParams,
  session: CallbackSession | null,
  now = clock.now(),
): Promise<{ accountId: string } | { pick: string }> {
  const flow = oauthFlow(platform);
  const pending = await consume(prisma, platform, flow.keyOf(query), now);
  if (!session || session.userId !== pending.userId || session.sessionId !== pending.sessionId) throw new OAuthFailure("wrong_session");
  if (session.activeWorkspaceId !== pending.workspaceId) throw new OAuthFailure("wrong_workspace");
  const role = await session.roleIn(pending.workspaceId);
  if (!role || !hasRole(role, "admin")) throw new OAuthFailure("not_admin");
  // Mastodon: ?error=access_denied (RFC 6749 §4.1.2.1); LinkedIn: also user_cancelled_authorize /
  // user_cancelled_login; X: ?denied=<request token>.
  const refused = query.get("error");
  if (refused || query.get("denied") !== null) throw new OAuthFailure(refused && !DENIALS.has(refused) ? "token_rejected" : "denied");

  let account: OAuthFinishResult;
  try {
    account = await flow.finish(query, pending.flow, { redirectUri: oauthRedirectUri(platform), now });
  } catch (err) {
    if (err instanceof OAuthFinishError) {
      logger.warn({ platform, reason: err.reason, httpStatus: err.httpStatus, workspaceId: pending.workspaceId }, "oauth connect failed");
      throw new OAuthFailure(err.reason);
    }
    logger.error({ err, platform }, "oauth connect failed unexpectedly");
    throw new OAuthFailure("failed");
  }

  if ("choose" in account) return { pick: await keepCandidates(prisma, pending, account, now) };
  const accountId = await storeConnected(prisma, pending.workspaceId, platform, account, now);
  if (account.attach) {
    try {
      await account.attach(prisma, accountId, pending.workspaceId);
    } catch (err) {
      logger.error({ err, platform }, "oauth connect could not keep what the sign-in produced");
      throw new OAuthFailure("failed");
    }
  }
  return { accountId };
}

/**
 * Stores one account a sign-in produced; the same account connected again is a reconnect (same
 * row, failed tasks re-queued). The callback and the picker both store through here.
 */
async function storeConnected(prisma: Db, workspaceId: string, platform: Platform, account: ConnectedAccount, now: Date): Promise<string> {
  const existing = await prisma.socialAccount.findFirst({
    where: { workspaceId, platform, handle: account.handle },
    select: { id: true },
  });
  try {
    if (existing) {
      await updateAccount(
        prisma,
        workspaceId,
        existing.id,
        { credentials: account.credentials, displayName: account.displayName, tokenExpiresAt: account.tokenExpiresAt },
        now,
      );
      return existing.id;
    }
    const created = await createAccount(prisma, workspaceId, {
      platform,
      handle: account.handle,
      displayName: account.displayName,
      credentials: account.credentials,
      tokenExpiresAt: account.tokenExpiresAt ?? undefined,
    });
    return created.id;
  } catch (err) {
    logger.error({ err, platform }, "oauth connect could not store the account");
    throw new OAuthFailure("failed");
  }
}

// ---- Choosing among several accounts (a Meta sign-in's Pages and Instagram accounts) ----

const PICK_PREFIX = `${PREFIX}pick:`;
const pickIdentifier = (key: string) => `${PICK_PREFIX}${createHash("sha256").update(key).digest("hex")}`;

interface PendingPick {
  kind: "pick";
  /** The flow that produced the candidates (its label names the platform in messages). */
  platform: OAuthPlatform;
  workspaceId: string;
  userId: string;
  sessionId: string;
  candidates: (AccountCandidate & { id: string })[];
  emptyMessage?: string;
}

/** What the accounts page may show of a candidate: names and handles, never credentials. */
export interface PickOption {
  id: string;
  platform: Platform;
  platformLabel: string;
  handle: string;
  displayName?: string;
  note?: string;
  unavailable?: string;
}

/** Keeps the candidates under a new random key (the callback's `state` is spent); returns the key. */
async function keepCandidates(
  prisma: Db,
  pending: Pending,
  result: { choose: AccountCandidate[]; emptyMessage?: string },
  now: Date,
): Promise<string> {
  const seen = new Set<string>();
  const candidates = result.choose
    .map((c) => ({ ...c, id: `${c.platform}:${c.handle}` }))
    .filter((c) => !seen.has(c.id) && seen.add(c.id));
  const pick: PendingPick = {
    kind: "pick",
    platform: pending.platform,
    workspaceId: pending.workspaceId,
    userId: pending.userId,
    sessionId: pending.sessionId,
    candidates,
    emptyMessage: result.emptyMessage,
  };
  const key = randomBytes(32).toString("base64url");
  await keep(prisma, pickIdentifier(key), pick, now);
  return key;
}

/** The pending choice for `key` if it belongs to this user, session and workspace (not consumed). */
async function loadPick(prisma: Db, key: string | null | undefined, caller: OAuthCaller, now: Date): Promise<{ rowId: string; pick: PendingPick }> {
  if (!key || key.length > 200) throw new OAuthFailure("state_invalid");
  const row = await prisma.verification.findFirst({ where: { identifier: pickIdentifier(key) } });
  if (!row) throw new OAuthFailure("state_invalid");
  const pick = opened<PendingPick>(row, now);
  if (pick.kind !== "pick") throw new OAuthFailure("state_invalid");
  if (pick.userId !== caller.userId || pick.sessionId !== caller.sessionId) throw new OAuthFailure("wrong_session");
  if (pick.workspaceId !== caller.workspaceId) throw new OAuthFailure("wrong_workspace");
  return { rowId: row.id, pick };
}

/** The accounts page's view of a pending choice: the options, or why it cannot be shown. */
export async function readPick(
  prisma: Db,
  key: string | undefined,
  caller: OAuthCaller,
  now = clock.now(),
): Promise<{ platform: OAuthPlatform; options: PickOption[]; emptyMessage?: string } | { error: OAuthErrorCode }> {
  try {
    const { pick } = await loadPick(prisma, key, caller, now);
    return {
      platform: pick.platform,
      emptyMessage: pick.emptyMessage,
      options: pick.candidates.map((c) => ({
        id: c.id,
        platform: c.platform,
        platformLabel: specFor(c.platform).label,
        handle: c.handle,
        ...(c.displayName && { displayName: c.displayName }),
        ...(c.note && { note: c.note }),
        ...(c.unavailable && { unavailable: c.unavailable }),
      })),
    };
  } catch (err) {
    if (err instanceof OAuthFailure) return { error: err.code };
    throw err;
  }
}

/** Why a pending choice cannot be used (the codes loadPick throws), as status and words. */
const PICK_FAILURES: Partial<Record<OAuthErrorCode, { http: "not_found" | "invalid_state" | "forbidden"; message: string }>> = {
  state_invalid: { http: "not_found", message: "This list of accounts to choose from is not valid or was already used. Start connecting again." },
  state_expired: { http: "invalid_state", message: `Choosing took longer than ${OAUTH_STATE_TTL_MS / 60_000} minutes, so the list of accounts has expired. Start connecting again.` },
  wrong_session: { http: "forbidden", message: "This list of accounts was made for another session or another user. Start connecting again here." },
  wrong_workspace: { http: "forbidden", message: "This list of accounts was made in another workspace. Switch back to it, or start connecting again here." },
};

/** The accounts page's words for a pending choice it cannot show. */
export function pickMessage(code: OAuthErrorCode): string {
  return PICK_FAILURES[code]?.message ?? oauthMessage(code);
}

/**
 * Stores the chosen candidates of a pending choice and consumes it (single use). An empty or
 * unknown choice is refused before anything is consumed, so the person can correct it.
 */
export async function pickAccounts(
  prisma: Db,
  key: string,
  caller: OAuthCaller,
  choices: string[],
  now = clock.now(),
): Promise<{ accounts: { id: string; platform: Platform; handle: string }[] }> {
  const fail = (code: OAuthErrorCode) => new HeraldError(PICK_FAILURES[code]?.http ?? "internal", pickMessage(code), { details: { reason: code } });
  if (choices.length === 0) throw new HeraldError("validation_failed", "Choose at least one Page or Instagram account.", { fields: [{ path: "choices", message: "Choose at least one Page or Instagram account." }] });
  let loaded: { rowId: string; pick: PendingPick };
  try {
    loaded = await loadPick(prisma, key, caller, now);
  } catch (err) {
    if (err instanceof OAuthFailure) throw fail(err.code);
    throw err;
  }
  const { rowId, pick } = loaded;
  const chosen = [...new Set(choices)].map((id) => {
    const c = pick.candidates.find((x) => x.id === id);
    if (!c) throw new HeraldError("validation_failed", "That account was not among the ones offered; choose from the list.", { fields: [{ path: "choices", message: "Choose from the list." }] });
    if (c.unavailable) throw new HeraldError("validation_failed", `${c.displayName ?? c.handle} cannot be connected: ${c.unavailable}`, { fields: [{ path: "choices", message: c.unavailable }] });
    return c;
  });
  // Whoever deletes it first owns it: a second submit finds nothing.
  const { count } = await prisma.verification.deleteMany({ where: { id: rowId } });
  if (count !== 1) throw fail("state_invalid");
  const accounts: { id: string; platform: Platform; handle: string }[] = [];
  for (const c of chosen) {
    try {
      const id = await storeConnected(prisma, pick.workspaceId, c.platform, c, now);
      accounts.push({ id, platform: c.platform, handle: c.handle });
    } catch {
      const done = accounts.length ? ` ${accounts.map((a) => a.handle).join(", ")} ${accounts.length === 1 ? "was" : "were"} connected.` : "";
      throw new HeraldError("internal", `Connecting ${c.displayName ?? c.handle} failed.${done} Start connecting again for the rest.`);
    }
  }
  return { accounts };
}

/** Where the callback sends the browser: the accounts page with a code, never free text. */
export function accountsPageUrl(result: { accountId: string } | { pick: string } | { error: OAuthErrorCode; platform?: string }): string {
  const url = new URL("/dashboard/accounts", appUrl());
  if ("accountId" in result) url.searchParams.set("connected", result.accountId);
  else if ("pick" in result) url.searchParams.set("pick", result.pick);
  else {
    url.searchParams.set("oauth_error", result.error);
    if (result.platform && isOAuthPlatform(result.platform)) url.searchParams.set("platform", result.platform);
  }
  return url.toString();
}
