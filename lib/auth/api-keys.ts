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
 * What one instance holds of a key's allowance (docs/decisions.md, "API rate limits"): requests
 * it took from the key's row in one step and has not spent yet, for at most HOLD_MS.
 */
interface Held {
  tokens: number;
  expiresAt: number;
  /** The last step's block, doubled for the next step when this one is spent before it expires. */
  block: number;
  /** The row's figures after the last step; `remaining` counts down as the held tokens are spent. */
  tat: Date;
  remaining: number;
  /** The step in flight: this instance's other requests for the key wait for it instead of stepping too. */
  stepping: Promise<void> | null;
  /** The row refused until then (its Retry-After): the instance refuses without asking it again. */
  refusedUntil: number;
}

/** Held allowance is given back or dropped after this long, so an instance holds at most a second of it. */
export const HOLD_MS = 1_000;
const MAX_HELD_KEYS = 1_000;

/** This instance's held allowance per key hash and limit. */
export type RateLimitPool = Map<string, Held>;
const instancePool: RateLimitPool = new Map();

/** A new, empty pool: what a fresh instance has (tests use one per simulated instance). */
export function newRateLimitPool(): RateLimitPool {
  return new Map();
}

/** The most one step takes: a second's worth of the limit, 1 to 100 requests. */
export function maxBlock(perMinute: number): number {
  return Math.min(100, Math.max(1, Math.floor(perMinute / 60)));
}

/**
 * Returns the caller behind a valid, unrevoked key, or null, and counts the request against the
 * key's rate limit. Every API request starts here, so it is one statement: the lookup by hash and
 * the touch of lastUsedAt when it is over a minute old (docs/benchmarks.md, "API load"), with the
 * generic cell rate algorithm's step on the key's ApiKeyRateLimit row when this instance holds
 * none of the key's allowance (docs/decisions.md, "API rate limits"). A step takes a block of
 * requests: 1 at first, doubled while the blocks are spent within HOLD_MS, at most a second's
 * worth of the limit; one step at a time per key and instance, the requests that arrive meanwhile
 * wait for its block; what an instance did not spend goes back with its next step. A refused
 * request leaves the row's time where it was, so hammering a limited key does not push its reset
 * further away.
 */
export async function authenticateApiKey(
  key: string,
  limit = { perMinute: env().API_RATE_LIMIT_PER_MINUTE },
  pool: RateLimitPool = instancePool,
): Promise<ApiKeyCaller | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const now = clock.now();
  const windowMs = 60_000;
  const perMinute = limit.perMinute;
  const hash = hashApiKey(key);
  if (perMinute <= 0) {
    const row = await lookUp(hash, now, null);
    return row && { workspaceId: row.workspaceId, apiKeyId: row.id, rate: null };
  }
  const slot = `${hash}:${perMinute}`;
  // What the instance holds answers without a step: a held request, or the row's last refusal
  // while it lasts. A step in flight is waited for (looking the key up meanwhile), then looked at again.
  let row: LookedUp | null = null;
  for (;;) {
    const held = pool.get(slot);
    const state = takeHeld(held, now, perMinute, windowMs);
    if (state) {
      row ??= await lookUp(hash, now, null);
      return row && { workspaceId: row.workspaceId, apiKeyId: row.id, rate: state };
    }
    if (!held?.stepping) break;
    if (row) await held.stepping;
    else {
      [row] = await Promise.all([lookUp(hash, now, null), held.stepping]);
      if (!row) return null;
    }
  }
  return step(pool, slot, hash, now, perMinute, windowMs);
}

/** Spends one request of what the instance holds, if it holds any that has not expired; or repeats the row's refusal while it lasts. */
function takeHeld(held: Held | undefined, now: Date, perMinute: number, windowMs: number): RateLimitState | null {
  if (held && now.getTime() < held.refusedUntil) return rateState(now, held.tat, false, perMinute, windowMs);
  if (!held || held.tokens <= 0 || now.getTime() >= held.expiresAt) return null;
  held.tokens--;
  held.remaining = Math.max(0, held.remaining - 1);
  return { limit: perMinute, windowMs, remaining: held.remaining, resetAt: new Date(Math.max(now.getTime(), held.tat.getTime())), retryAfterMs: null };
}

/** One step on the key's row for this request and the instance's next ones: gives back what expired unspent, takes a block. */
async function step(pool: RateLimitPool, slot: string, hash: string, now: Date, perMinute: number, windowMs: number): Promise<ApiKeyCaller | null> {
  const nowMs = now.getTime();
  let held = pool.get(slot);
  if (!held) {
    if (pool.size >= MAX_HELD_KEYS) forgetExpired(pool, nowMs);
    held = { tokens: 0, expiresAt: 0, block: 0, tat: now, remaining: 0, stepping: null, refusedUntil: 0 };
    pool.set(slot, held);
  }
  const expired = nowMs >= held.expiresAt;
  const refund = expired ? held.tokens : 0;
  const block = !expired && held.tokens === 0 ? Math.min(maxBlock(perMinute), held.block * 2) : 1;
  held.tokens -= refund;
  let done!: () => void;
  const stepping = new Promise<void>((resolve) => (done = resolve));
  held.stepping = stepping;
  try {
    const row = await lookUp(hash, now, { block, refund, intervalMs: windowMs / perMinute, windowMs });
    if (!row) {
      pool.delete(slot);
      return null;
    }
    const tat = row.tat ?? now;
    const granted = row.granted ?? 0;
    if (granted === 0) {
      const refused = rateState(now, tat, false, perMinute, windowMs);
      Object.assign(held, { tat, refusedUntil: nowMs + (refused.retryAfterMs ?? 0) });
      return { workspaceId: row.workspaceId, apiKeyId: row.id, rate: refused };
    }
    // The row counts the whole block as spent; this request's figure counts only itself.
    const state = rateState(now, tat, true, perMinute, windowMs);
    state.remaining += granted - 1;
    Object.assign(held, { tokens: held.tokens + granted - 1, expiresAt: nowMs + HOLD_MS, block, tat, remaining: state.remaining });
    return { workspaceId: row.workspaceId, apiKeyId: row.id, rate: state };
  } finally {
    if (held.stepping === stepping) held.stepping = null;
    done();
  }
}

interface Step {
  block: number;
  refund: number;
  intervalMs: number;
  windowMs: number;
}

type LookedUp = { workspaceId: string; id: string; tat: Date | null; granted: number | null };

/**
 * The key lookup, the lastUsedAt touch and, with a step, the rate limit's step in one statement.
 * The step gives back `refund` unspent requests, then grants up to `block` that fit within the
 * window (granted 0: refused, the row's time unchanged).
 */
async function lookUp(hash: string, now: Date, step: Step | null): Promise<LookedUp | null> {
  const nowMs = now.getTime();
  let rate = Prisma.sql`SELECT k."workspaceId", k.id, NULL::timestamp AS tat, NULL::int AS granted FROM k`;
  if (step) {
    const { block, refund, intervalMs, windowMs } = step;
    const end = new Date(nowMs + windowMs);
    // The row's time with the refund given back, never before now.
    const from = Prisma.sql`GREATEST("ApiKeyRateLimit".tat - ${refund * intervalMs}::float8 * interval '1 millisecond', ${now})`;
    // How many requests fit between `from` and the window's end, at most the block.
    // Typed parameters: an interval such as 0.06 ms must not be read as an integer.
    const fit = Prisma.sql`LEAST(${block}::int, FLOOR(EXTRACT(EPOCH FROM (${end} - ${from})) * 1000 / ${intervalMs}::float8 + 1e-9)::int)`;
    const firstFit = Math.min(block, Math.floor(windowMs / intervalMs + 1e-9));
    rate = Prisma.sql`, rate AS (
      INSERT INTO "ApiKeyRateLimit" ("apiKeyId", tat, granted)
      SELECT id, ${new Date(nowMs + firstFit * intervalMs)}, ${firstFit}::int FROM k
      ON CONFLICT ("apiKeyId") DO UPDATE SET
        granted = GREATEST(${fit}, 0),
        tat = CASE WHEN ${fit} >= 1 THEN ${from} + ${fit} * ${intervalMs}::float8 * interval '1 millisecond' ELSE "ApiKeyRateLimit".tat END
      RETURNING tat, granted
    )
    SELECT k."workspaceId", k.id, rate.tat, rate.granted FROM k LEFT JOIN rate ON true`;
  }
  const rows = await db().$queryRaw<LookedUp[]>`
    WITH k AS (
      SELECT id, "workspaceId", "lastUsedAt" FROM "ApiKey" WHERE hash = ${hash} AND "revokedAt" IS NULL
    ), touched AS (
      UPDATE "ApiKey" SET "lastUsedAt" = ${now}
      FROM k WHERE "ApiKey".id = k.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < ${new Date(nowMs - LAST_USED_EVERY_MS)})
    )${rate}`;
  return rows[0] ?? null;
}

function forgetExpired(pool: RateLimitPool, nowMs: number) {
  // Not one with a step in flight: its waiters would find nothing and step again.
  for (const [slot, held] of pool) if (held.expiresAt <= nowMs && !held.stepping) pool.delete(slot);
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
