// How many tasks are still due after a call (its summary's `stillDue`): the work left for the next
// one. Due tasks the emergency stop holds are not work for any call; they are counted apart (`held`, docs/decisions.md, "Emergency stop").
import type { Db } from "../../db";
import { HELD_BY_PAUSE } from "./claim";

export async function countDue(prisma: Db, opts: { now: Date; workspaceId?: string }): Promise<{ due: number; held: number }> {
  const ws = opts.workspaceId ?? null;
  const rows = await prisma.$queryRaw<{ due: bigint; held: bigint }[]>`
    SELECT count(*) FILTER (WHERE NOT ${HELD_BY_PAUSE}) AS due,
           count(*) FILTER (WHERE ${HELD_BY_PAUSE}) AS held
    FROM "AgentTask" t
    WHERE t.status = 'pending' AND t."scheduledAt" <= ${opts.now}::timestamp
      AND (${ws}::text IS NULL OR t."workspaceId" = ${ws}::text)`;
  return { due: Number(rows[0]?.due ?? 0), held: Number(rows[0]?.held ?? 0) };
}
