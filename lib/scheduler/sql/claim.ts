// Claim due tasks in one short statement (docs/design.md, protocol 1–2; graphile-worker getJobs).
// SKIP LOCKED lets any number of concurrent invocations share the due set; MATERIALIZED stops the
// planner from updating more rows than the limit; the lease fences every later write-back.
import type { Db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { BASE_RETRY_MINUTES } from "../backoff";
import type { ClaimedTask } from "../types";

/**
 * A task the emergency stop holds (docs/decisions.md, "Emergency stop"): one that sends something
 * to a network (a post, a reply) in a workspace whose publishing is paused. Everything else — token
 * refreshes, engagement reads, notifications, the agent's drafting — goes on, so a long pause does
 * not let tokens expire. A scalar subquery, looked up per row, not a join: the planner keeps
 * walking the due index (the claim's comment below).
 */
export const HELD_BY_PAUSE = Prisma.sql`(t.type IN ('social_post', 'reply')
  AND (SELECT w."publishingPausedAt" IS NOT NULL FROM "Workspace" w WHERE w.id = t."workspaceId"))`;

/** The columns a claimed task carries (ClaimedTask), for every statement that hands tasks out. */
export const CLAIMED_COLUMNS = Prisma.sql`t.id, t."workspaceId", t.type, t.platform, t."accountId", t."postTargetId",
  t."scheduledAt", t.status, t.content, t.config, t."retryCount", t."maxRetries", t."idempotencyKey", t."lockedBy",
  t."processingStartedAt",
  -- The workspace's first retry delay (docs/decisions.md, "Workspace settings"): a primary-key read.
  COALESCE((SELECT s."retryBaseMinutes" FROM "WorkspaceSettings" s WHERE s."workspaceId" = t."workspaceId"), ${BASE_RETRY_MINUTES}) * 60000 AS "retryBaseMs"`;

/**
 * Claims up to `limit` tasks due by `dueBy` (default `now`), earliest first, except those the
 * emergency stop holds (HELD_BY_PAUSE). A task claimed before it is due is started at its time by the same
 * call (docs/design.md, "On time").
 */
export async function claimTasks(
  prisma: Db,
  opts: { invocationId: string; now: Date; dueBy?: Date; limit: number; leaseMs: number; workspaceId?: string },
): Promise<ClaimedTask[]> {
  if (opts.limit <= 0) return [];
  const leaseUntil = new Date(opts.now.getTime() + opts.leaseMs);
  const ws = opts.workspaceId ?? null;
  const dueBy = opts.dueBy ?? opts.now;
  return prisma.$queryRaw<ClaimedTask[]>`
    WITH due AS MATERIALIZED (
      SELECT t.id
      FROM "AgentTask" t
      WHERE t.status = 'pending'
        AND t."scheduledAt" <= ${dueBy}::timestamp
        AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
        -- An account the platform has rate-limited waits for its reset.
        AND NOT EXISTS (
          SELECT 1 FROM "SocialAccount" a
          WHERE a.id = t."accountId" AND a."rateLimitedUntil" > ${opts.now}::timestamp
        )
        -- A workspace whose publishing is paused keeps its tasks pending until it resumes. A
        -- scalar subquery, looked up per row, not NOT EXISTS: that becomes an anti join the
        -- planner may think removes every row (docs/decisions.md, "Emergency stop").
        AND NOT ${HELD_BY_PAUSE}
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
    RETURNING ${CLAIMED_COLUMNS}`;
}
