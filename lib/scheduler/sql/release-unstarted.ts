// Hand back claimed tasks that never started (docs/design.md, protocol 8), fenced like every write.
import type { Db } from "../../db";
import type { ClaimedTask } from "../types";

/** Tasks claimed but never started go back to pending untouched, fenced like every write. */
export async function releaseUnstarted(prisma: Db, tasks: Pick<ClaimedTask, "id">[], opts: { invocationId: string; now: Date }): Promise<number> {
  if (!tasks.length) return 0;
  const r = await prisma.agentTask.updateMany({
    where: { id: { in: tasks.map((t) => t.id) }, lockedBy: opts.invocationId, status: "running" },
    data: { status: "pending", lockedBy: null, leaseExpiresAt: null, processingStartedAt: null, updatedAt: opts.now },
  });
  return r.count;
}
