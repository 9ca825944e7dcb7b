// How many tasks are still due after a call (its summary's `stillDue`): the work left for the next
// one. Due tasks of workspaces whose publishing is paused are not work for any call; they are
// counted apart (`held`, docs/decisions.md, "Emergency stop").
import type { Db } from "../../db";

export async function countDue(prisma: Db, opts: { now: Date; workspaceId?: string }): Promise<{ due: number; held: number }> {
  const ws = opts.workspaceId ?? null;
  const rows = await prisma.$queryRaw<{ due: bigint; held: bigint }[]>`
    SELECT count(*) FILTER (WHERE w."publishingPausedAt" IS NULL) AS due,
           count(*) FILTER (WHERE w."publishingPausedAt" IS NOT NULL) AS held
    FROM "AgentTask" t JOIN "Workspace" w ON w.id = t."workspaceId"
    WHERE t.status = 'pending' AND t."scheduledAt" <= ${opts.now}::timestamp
      AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)`;
  return { due: Number(rows[0]?.due ?? 0), held: Number(rows[0]?.held ?? 0) };
}
