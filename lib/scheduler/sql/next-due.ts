// When the next task falls due after `after` (docs/design.md, "On time"): a call with nothing to
// claim now waits for it if it comes within the call's life. Same conditions as the claim.
import type { Db } from "../../db";
import { HELD_BY_PAUSE } from "./claim";

export async function nextDue(prisma: Db, opts: { after: Date; now: Date; workspaceId?: string }): Promise<Date | null> {
  const ws = opts.workspaceId ?? null;
  const rows = await prisma.$queryRaw<{ at: Date | null }[]>`
    SELECT t."scheduledAt" AS at
    FROM "AgentTask" t
    WHERE t.status = 'pending'
      AND t."scheduledAt" > ${opts.after}::timestamp
      AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)
      AND NOT EXISTS (
        SELECT 1 FROM "SocialAccount" a
        WHERE a.id = t."accountId" AND a."rateLimitedUntil" > ${opts.now}::timestamp
      )
      AND NOT ${HELD_BY_PAUSE}
    ORDER BY t."scheduledAt", t.priority DESC
    LIMIT 1`;
  return rows[0]?.at ?? null;
}
