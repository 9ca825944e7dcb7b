// How many tasks are still due after a call (its summary's `stillDue`): the work left for the next one.
import type { Db } from "../../db";

export async function countDue(prisma: Db, opts: { now: Date; workspaceId?: string }): Promise<number> {
  const ws = opts.workspaceId ?? null;
  const due = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "AgentTask"
    WHERE status = 'pending' AND "scheduledAt" <= ${opts.now}::timestamp
      AND (${ws}::text IS NULL OR "workspaceId" = ${ws}::text)`;
  return Number(due[0]?.n ?? 0);
}
