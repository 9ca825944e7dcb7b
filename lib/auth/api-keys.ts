// Workspace API keys: random, shown once, stored as SHA-256. Used by scripts and the API.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { HeraldError } from "../errors";
import { workspaceSlug } from "../workspaces";
import { clock } from "../clock";
import { env } from "../env";

const PREFIX = "hk_";

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(workspaceId: string, name = "default") {
  const key = PREFIX + randomBytes(24).toString("base64url");
  const row = await db().apiKey.create({
    data: { workspaceId, name, prefix: key.slice(0, PREFIX.length + 6), hash: hashApiKey(key) },
    select: { id: true, name: true, prefix: true, createdAt: true },
  });
  return { ...row, key };
}

/** lastUsedAt is touched at most this often, so a busy key does not write on every request. */
export const LAST_USED_EVERY_MS = 60_000;

/** What the rate limit says of one request (docs/decisions.md, "API rate limits"). */
export interface RateLimitState {
  /** Requests a key may make in a window (the burst), and the window's length. */
  limit: number;
  windowMs: number;
  /** Requests still allowed right now. */
  remaining: number;
  /** When the key's whole allowance is back. */
  resetAt: Date;
  /** Refused: wait this long before the next request is let through. */
  retryAfterMs: number | null;
}

export interface ApiKeyCaller {
  workspaceId: string;
  apiKeyId: string;
  /** Null when the limit is switched off (API_RATE_LIMIT_PER_MINUTE=0). */
  rate: RateLimitState | null;
}

/**
 * Returns the caller behind a valid, unrevoked key, or null, and counts the request against the
 * key's rate limit. Every API request starts here, so it is one statement: the lookup by hash, the
 * touch of lastUsedAt when it is over a minute old (docs/benchmarks.md, "API load"), and the
 * generic cell rate algorithm's step on the key's ApiKeyRateLimit row (docs/decisions.md, "API
 * rate limits"). A refused request leaves the row's time where it was, so hammering a limited key
 * does not push its reset further away.
 */
export async function authenticateApiKey(
  key: string,
  limit = { perMinute: env().API_RATE_LIMIT_PER_MINUTE },
): Promise<ApiKeyCaller | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const now = clock.now();
  const windowMs = 60_000;
  const perMinute = limit.perMinute;
  const on = perMinute > 0;
  const intervalMs = on ? windowMs / perMinute : 0;
  // Off: the lookup and the touch alone, nothing written per request.
  const rate = on
    ? Prisma.sql`, rate AS (
      INSERT INTO "ApiKeyRateLimit" ("apiKeyId", tat, allowed)
      SELECT id, ${new Date(now.getTime() + intervalMs)}, true FROM k
      ON CONFLICT ("apiKeyId") DO UPDATE SET
        allowed = GREATEST("ApiKeyRateLimit".tat, ${now}) + ${intervalMs} * interval '1 millisecond' <= ${new Date(now.getTime() + windowMs)},
        tat = CASE
          WHEN GREATEST("ApiKeyRateLimit".tat, ${now}) + ${intervalMs} * interval '1 millisecond' <= ${new Date(now.getTime() + windowMs)}
          THEN GREATEST("ApiKeyRateLimit".tat, ${now}) + ${intervalMs} * interval '1 millisecond'
          ELSE "ApiKeyRateLimit".tat
        END
      RETURNING tat, allowed
    )
    SELECT k."workspaceId", k.id, rate.tat, rate.allowed FROM k LEFT JOIN rate ON true`
    : Prisma.sql`SELECT k."workspaceId", k.id, NULL::timestamp AS tat, NULL::boolean AS allowed FROM k`;
  const rows = await db().$queryRaw<{ workspaceId: string; id: string; tat: Date | null; allowed: boolean | null }[]>`
    WITH k AS (
      SELECT id, "workspaceId", "lastUsedAt" FROM "ApiKey" WHERE hash = ${hashApiKey(key)} AND "revokedAt" IS NULL
    ), touched AS (
      UPDATE "ApiKey" SET "lastUsedAt" = ${now}
      FROM k WHERE "ApiKey".id = k.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < ${new Date(now.getTime() - LAST_USED_EVERY_MS)})
    )${rate}`;
  const row = rows[0];
  if (!row) return null;
  if (!on || !row.tat) return { workspaceId: row.workspaceId, apiKeyId: row.id, rate: null };
  return { workspaceId: row.workspaceId, apiKeyId: row.id, rate: rateState(now, row.tat, row.allowed ?? true, perMinute, windowMs) };
}

/** The limit's figures after a request, from the key's theoretical arrival time (tat). */
export function rateState(now: Date, tat: Date, allowed: boolean, perMinute: number, windowMs: number): RateLimitState {
  const intervalMs = windowMs / perMinute;
  const ahead = Math.max(0, tat.getTime() - now.getTime());
  const remaining = allowed ? Math.max(0, Math.floor((windowMs - ahead) / intervalMs)) : 0;
  return {
    limit: perMinute,
    windowMs,
    remaining,
    resetAt: new Date(now.getTime() + ahead),
    // Refused: the next request fits once tat - now + interval <= window.
    retryAfterMs: allowed ? null : Math.max(1, ahead + intervalMs - windowMs),
  };
}

/**
 * The workspace behind a valid key, or null; throws rate_limited (429) when the key is over its
 * limit. For callers that need no headers (lib/api/handler.ts sends them itself).
 */
export async function resolveApiKey(key: string): Promise<string | null> {
  const caller = await authenticateApiKey(key);
  if (!caller) return null;
  if (caller.rate?.retryAfterMs != null) throw rateLimited(caller.rate);
  return caller.workspaceId;
}

export function rateLimited(rate: RateLimitState): HeraldError {
  const seconds = Math.ceil((rate.retryAfterMs ?? 0) / 1000);
  return new HeraldError(
    "rate_limited",
    `This API key is over its limit of ${rate.limit} requests a minute; try again in ${seconds} s.`,
    { details: { reason: "api_key_rate_limit", limit: rate.limit, retryAfterSeconds: seconds } },
  );
}

/** X-RateLimit-* (and Retry-After when refused) for a response to an API-key request. */
export function rateLimitHeaders(rate: RateLimitState): Record<string, string> {
  const h: Record<string, string> = {
    "x-ratelimit-limit": String(rate.limit),
    "x-ratelimit-remaining": String(rate.remaining),
    // Seconds since the epoch, as GitHub and X send it.
    "x-ratelimit-reset": String(Math.ceil(rate.resetAt.getTime() / 1000)),
  };
  if (rate.retryAfterMs != null) h["retry-after"] = String(Math.ceil(rate.retryAfterMs / 1000));
  return h;
}

/** A workspace without members, reached through its API keys (scripts, tests, the dev demo). */
export async function createWorkspace(input: { name: string; timeZone?: string }) {
  return db().workspace.create({
    data: { name: input.name, slug: await workspaceSlug(input.name), timeZone: input.timeZone ?? "UTC" },
    select: { id: true, name: true, slug: true, timeZone: true },
  });
}

export const apiKeySelect = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

/** A workspace's keys, newest first: names, prefixes and last use; never the hash. */
export async function listApiKeys(workspaceId: string) {
  return db().apiKey.findMany({ where: { workspaceId }, select: apiKeySelect, orderBy: { createdAt: "desc" } });
}

/**
 * Revokes a key of the workspace (404 for another workspace's key). Revoking twice is harmless:
 * the first revocation time stays.
 */
export async function revokeApiKey(workspaceId: string, id: string, now = clock.now()) {
  const found = await db().apiKey.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!found) throw new HeraldError("not_found", "API key not found.");
  await db().apiKey.updateMany({ where: { id, workspaceId, revokedAt: null }, data: { revokedAt: now } });
  return db().apiKey.findFirstOrThrow({ where: { id, workspaceId }, select: apiKeySelect });
}

/** A leaked key must not be able to mint its successor (or revoke the keys meant to replace it). */
export const KEYS_NEED_A_PERSON = "Creating or revoking API keys needs a signed-in admin; an API key cannot do it.";
