// Holding and handing back leases (docs/design.md, protocol 3). Claims set a lease; a publish may
// only start while this invocation still holds its task, so right before each platform call the
// lease is confirmed and stretched over the call in one conditional statement. A task another
// invocation has taken over (its lease ran out, reclaimExpired moved lockedBy) matches no row:
// the caller must not call the platform, and nothing it does later can be written back.
import type { Db } from "../../db";
import type { ClaimedTask } from "../types";

/** Thrown when an invocation no longer holds a task it was about to run. */
export class LeaseLostError extends Error {
  constructor(readonly taskId: string) {
    super(`The lease on task ${taskId} was lost before its platform call; nothing was sent.`);
    this.name = "LeaseLostError";
  }
}

/**
 * Confirms that `invocationId` still holds the task and extends its lease to at least `until`.
 * Extending is safe whenever the row is still ours: a takeover changes lockedBy under the row
 * lock, so this statement and a takeover can never both succeed.
 */
export async function holdLease(prisma: Db, task: Pick<ClaimedTask, "id">, opts: { invocationId: string; now: Date; until: Date }): Promise<boolean> {
  const n = await prisma.$executeRaw`
    UPDATE "AgentTask"
    SET "leaseExpiresAt" = GREATEST("leaseExpiresAt", ${opts.until}::timestamp),
        "updatedAt" = ${opts.now}::timestamp
    WHERE id = ${task.id} AND "lockedBy" = ${opts.invocationId} AND status = 'running'`;
  return n === 1;
}
