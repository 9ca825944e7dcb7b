// Holding and handing back leases (docs/design.md, protocol 3). Claims set a lease; a publish may
// only start while this invocation still holds its task, so right before each platform call the
// lease is confirmed and stretched over the call in one conditional statement. A task another
// invocation has taken over (its lease ran out, reclaimExpired moved lockedBy) matches no row:
// the caller must not call the platform, and nothing it does later can be written back.
// Many tasks' holds go in one statement (docs/design.md, "Batched write-backs").
import type { Db } from "../../db";
import { HELD_BY_PAUSE } from "./claim";

/** Thrown when an invocation no longer holds a task it was about to run. */
export class LeaseLostError extends Error {
  constructor(readonly taskId: string) {
    super(`The lease on task ${taskId} was lost before its platform call; nothing was sent.`);
    this.name = "LeaseLostError";
  }
}

/**
 * Thrown when an invocation still holds a task it was about to run but the task's workspace has
 * paused publishing since the claim (docs/decisions.md, "Emergency stop"): nothing was sent, and
 * the task goes back to pending for the first call after the resume.
 */
export class PublishingPausedError extends Error {
  constructor(readonly taskId: string) {
    super(`Publishing of task ${taskId}'s workspace was paused before its platform call; nothing was sent.`);
    this.name = "PublishingPausedError";
  }
}

/**
 * One task's hold: true, held (its lease covers the call); false, lost to another invocation;
 * "paused", still ours but its workspace's publishing is paused, so the call must not be made.
 */
export type Hold = boolean | "paused";

/**
 * Confirms that `invocationId` still holds each task and that its lease lasts to at least its
 * `until`, extending the ones that do not; returns, per item, whether it is held. Extending is
 * safe whenever the row is still ours: a takeover changes lockedBy under the row lock, so an
 * extension and a takeover can never both succeed for one task. A lease that already covers the
 * call (the claim's lease usually does) is only read, not rewritten: a takeover needs the lease
 * to have expired, which cannot happen before `until` (docs/design.md, protocol 3 and 4). A held
 * task the emergency stop holds (HELD_BY_PAUSE: a post or a reply of a workspace that paused after
 * the claim) answers "paused" instead of true.
 */
export async function holdLeases(
  prisma: Db,
  items: readonly { id: string; until: Date }[],
  opts: { invocationId: string; now: Date },
): Promise<Hold[]> {
  if (!items.length) return [];
  // Each held task's workspace is read by primary key once the holds are settled, so the pause
  // check changes neither join's plan (docs/decisions.md, "Emergency stop").
  const rows = await prisma.$queryRaw<{ id: string; paused: boolean }[]>`
    WITH h AS (
      SELECT * FROM unnest(${items.map((i) => i.id)}::text[], ${items.map((i) => i.until)}::timestamp[]) AS h(id, until)
    ), extended AS (
      UPDATE "AgentTask" t
      SET "leaseExpiresAt" = h.until, "updatedAt" = ${opts.now}::timestamp
      FROM h
      WHERE t.id = h.id AND t."lockedBy" = ${opts.invocationId} AND t.status = 'running' AND t."leaseExpiresAt" < h.until
      RETURNING t.id, t."workspaceId", t.type
    ), held AS (
      SELECT id, "workspaceId", type FROM extended
      UNION ALL
      SELECT t.id, t."workspaceId", t.type FROM "AgentTask" t JOIN h ON h.id = t.id
      WHERE t."lockedBy" = ${opts.invocationId} AND t.status = 'running' AND t."leaseExpiresAt" >= h.until
    )
    SELECT t.id, ${HELD_BY_PAUSE} AS paused
    FROM held t`;
  const held = new Map(rows.map((r) => [r.id, r.paused ? ("paused" as const) : true]));
  return items.map((i) => held.get(i.id) ?? false);
}
