// Take over expired leases in one short statement (docs/design.md, protocol 5).
import type { Db } from "../../db";
import type { ClaimedTask } from "../types";
import { CLAIMED_COLUMNS } from "./claim";

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
    RETURNING ${CLAIMED_COLUMNS}`;
}
