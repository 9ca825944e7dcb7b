// Workspace API keys: random, shown once, stored as SHA-256. Used by scripts and the API.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db";
import { HeraldError } from "../errors";
import { workspaceSlug } from "../workspaces";
import { clock } from "../clock";

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

/**
 * Returns the workspace id for a valid, unrevoked key, or null. Every API request starts here, so
 * it is one statement: the lookup by hash, and the touch of lastUsedAt when it is over a minute
 * old (docs/benchmarks.md, "API load").
 */
export async function resolveApiKey(key: string): Promise<string | null> {
  if (!key.startsWith(PREFIX) || key.length > 200) return null;
  const now = clock.now();
  const rows = await db().$queryRaw<{ workspaceId: string }[]>`
    WITH k AS (
      SELECT id, "workspaceId", "lastUsedAt" FROM "ApiKey" WHERE hash = ${hashApiKey(key)} AND "revokedAt" IS NULL
    ), touched AS (
      UPDATE "ApiKey" SET "lastUsedAt" = ${now}
      FROM k WHERE "ApiKey".id = k.id AND (k."lastUsedAt" IS NULL OR k."lastUsedAt" < ${new Date(now.getTime() - LAST_USED_EVERY_MS)})
    )
    SELECT "workspaceId" FROM k`;
  return rows[0]?.workspaceId ?? null;
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
