// Deleting a workspace (docs/decisions.md, "GDPR erasure"): an owner asks, typing its name;
// publishing stops at once and the workspace shows when it will go; any owner can cancel within
// DELETION_GRACE_DAYS; after that the daily cleanup erases it and everything in it — posts,
// accounts and their tokens, AI usage, media files, the audit log.
import { z } from "zod";
import { db } from "../db";
import { clock } from "../clock";
import { HeraldError } from "../errors";
import { logger } from "../logger";
import { storage } from "../media/storage";
import { setPublishingPaused } from "../publishing";

export const DELETION_GRACE_DAYS = 30;

export const RequestDeletionInput = z.object({ confirmName: z.string().trim().min(1).max(200) }).strict();
export type RequestDeletionInput = z.infer<typeof RequestDeletionInput>;

export interface DeletionState {
  requestedAt: string | null;
  /** When the cleanup erases it. */
  eraseAfter: string | null;
}

const state = (at: Date | null): DeletionState => ({
  requestedAt: at?.toISOString() ?? null,
  eraseAfter: at ? new Date(at.getTime() + DELETION_GRACE_DAYS * 86_400_000).toISOString() : null,
});

export async function getDeletionState(workspaceId: string): Promise<DeletionState> {
  const w = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { deletionRequestedAt: true } });
  return state(w.deletionRequestedAt);
}

/** Schedules the deletion (idempotent: asking again keeps the first date) and stops publishing. */
export async function requestDeletion(workspaceId: string, userId: string, input: RequestDeletionInput, now = clock.now()): Promise<DeletionState> {
  const w = await db().workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
  if (input.confirmName !== w.name.trim()) {
    throw new HeraldError("validation_failed", "Type the workspace's name exactly to confirm.", { fields: [{ path: "confirmName", message: `Does not match "${w.name}".` }] });
  }
  await db().workspace.updateMany({ where: { id: workspaceId, deletionRequestedAt: null }, data: { deletionRequestedAt: now, deletionRequestedBy: userId } });
  // Nothing goes out from a workspace that is being deleted; cancelling leaves it paused, so an
  // owner resumes on purpose.
  await setPublishingPaused(workspaceId, true, userId, now);
  return getDeletionState(workspaceId);
}

export async function cancelDeletion(workspaceId: string): Promise<{ cancelled: boolean; deletion: DeletionState }> {
  const r = await db().workspace.updateMany({ where: { id: workspaceId, deletionRequestedAt: { not: null } }, data: { deletionRequestedAt: null, deletionRequestedBy: null } });
  return { cancelled: r.count > 0, deletion: await getDeletionState(workspaceId) };
}

/**
 * Erases every workspace whose grace is over: its media files from storage first (a file that
 * cannot be removed is logged and left, never blocks the erasure), then the workspace row, which
 * takes every row of the workspace with it (foreign keys ON DELETE CASCADE).
 */
export async function purgeDeletedWorkspaces(now = clock.now()): Promise<number> {
  const due = await db().workspace.findMany({
    where: { deletionRequestedAt: { lt: new Date(now.getTime() - DELETION_GRACE_DAYS * 86_400_000) } },
    select: { id: true },
  });
  for (const { id } of due) {
    const media = await db().mediaAsset.findMany({ where: { workspaceId: id }, select: { storageKey: true, posterStorageKey: true } });
    for (const key of media.flatMap((m) => [m.storageKey, m.posterStorageKey]).filter((k): k is string => Boolean(k))) {
      await storage().delete(key).catch((err) => logger.error({ err, key }, "could not delete a deleted workspace's media file"));
    }
    await db().workspace.deleteMany({ where: { id, deletionRequestedAt: { not: null } } });
    logger.info({ workspaceId: id }, "workspace erased after its deletion grace");
  }
  return due.length;
}
