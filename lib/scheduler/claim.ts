// Claim due tasks in one short statement (docs/design.md, protocol 1–2; graphile-worker getJobs).
// SKIP LOCKED lets any number of concurrent invocations share the due set; MATERIALIZED stops the
// planner from updating more rows than the limit; the lease fences every later write-back.
import type { Db } from "../db";
import type { ClaimedTask } from "./types";

export async function claimTasks(
  prisma: Db,
  opts: { invocationId: string; now: Date; limit: number; leaseMs: number; workspaceId?: string },
): Promise<ClaimedTask[]> {
  if (opts.limit <= 0) return [];
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const ws = opts.workspaceId ?? null;
  return prisma.$queryRaw<ClaimedTask[]>`
    WITH due AS MATERIALIZED (
      SELECT t.id
      FROM "AgentTask" t
      WHERE t.status = 'pending'
        AND t."scheduledAt" <= ${opts.now}::timestamp
        AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
        -- An account the platform has rate-limited waits for its reset.
        AND NOT EXISTS (
          SELECT 1 FROM "SocialAccount" a
          WHERE a.id = t."accountId" AND a."rateLimitedUntil" > ${opts.now}::timestamp
        )
      ORDER BY t."scheduledAt", t.priority DESC
      LIMIT ${opts.limit}
      FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE "AgentTask" t
    SET status = 'running',
        "lockedBy" = ${opts.invocationId},
        "leaseExpiresAt" = ${leaseUntil}::timestamp,
        "processingStartedAt" = ${opts.now}::timestamp,
        "updatedAt" = ${opts.now}::timestamp
    FROM due
    WHERE t.id = due.id
    RETURNING t.id, t."workspaceId", t.type, t.platform, t."accountId", t."postTargetId", t."scheduledAt",
              t.status, t.content, t.config, t."retryCount", t."maxRetries", t."idempotencyKey",
              t."lockedBy", t."processingStartedAt"`;
}

/**
 * Take over running tasks whose lease expired (their invocation died or was killed). They stay
 * `running` under this invocation's lease, so the old holder can no longer write; the caller then
 * reconciles each one. Never straight back to pending (docs/design.md, protocol 5).
 */
export async function reclaimExpired(
  prisma: Db,
  opts: { invocationId: string; now: Date; limit: number; leaseMs: number; workspaceId?: string },
): Promise<ClaimedTask[]> {
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const ws = opts.workspaceId ?? null;
  return prisma.$queryRaw<ClaimedTask[]>`
    WITH expired AS MATERIALIZED (
      SELECT t.id
      FROM "AgentTask" t
      WHERE t.status = 'running'
        AND t."leaseExpiresAt" < ${opts.now}::timestamp
        AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
      ORDER BY t."leaseExpiresAt"
      LIMIT ${opts.limit}
      FOR UPDATE OF t SKIP LOCKED
    )
    UPDATE "AgentTask" t
    SET "lockedBy" = ${opts.invocationId},
        "leaseExpiresAt" = ${leaseUntil}::timestamp,
        "updatedAt" = ${opts.now}::timestamp
    FROM expired
    WHERE t.id = expired.id
    RETURNING t.id, t."workspaceId", t.type, t.platform, t."accountId", t."postTargetId", t."scheduledAt",
              t.status, t.content, t.config, t."retryCount", t."maxRetries", t."idempotencyKey",
              t."lockedBy", t."processingStartedAt"`;
}
