// The emergency stop (docs/decisions.md, "Emergency stop"): one switch pauses all publishing of a
// workspace. While `publishingPausedAt` is set the scheduler claims none of its posts and replies
// (they stay pending; token refreshes, engagement reads and notifications go on) and every dashboard page shows a banner; resuming lets the next process call send them.
import { db } from "./db";
import { HeraldError } from "./errors";
import { clock } from "./clock";

/** Who paused, as stored in `publishingPausedBy` when an API key did it (else the user's id). */
export const PAUSED_BY_API_KEY = "api_key";

/** The event every open dashboard of the workspace hears when the switch moves (lib/events.ts). */
export const PUBLISHING_EVENT = "workspace:publishing";

export interface PublishingState {
  workspaceId: string;
  paused: boolean;
  pausedAt: Date | null;
  /** A user's id, or "api_key"; null while publishing runs. */
  pausedBy: string | null;
  /** The name of the user who paused; null for an API key, a user since deleted, or no pause. */
  pausedByName: string | null;
}

/** The state as pages and the API show it, from the workspace row's two columns. */
export async function publishingStateOf(row: { id: string; publishingPausedAt: Date | null; publishingPausedBy: string | null }): Promise<PublishingState> {
  const by = row.publishingPausedAt ? row.publishingPausedBy : null;
  const user = by && by !== PAUSED_BY_API_KEY ? await db().user.findUnique({ where: { id: by }, select: { name: true } }) : null;
  return {
    workspaceId: row.id,
    paused: row.publishingPausedAt !== null,
    pausedAt: row.publishingPausedAt,
    pausedBy: by,
    pausedByName: user?.name ?? null,
  };
}

const select = { id: true, publishingPausedAt: true, publishingPausedBy: true } as const;

export async function getPublishingState(workspaceId: string): Promise<PublishingState> {
  const row = await db().workspace.findUnique({ where: { id: workspaceId }, select });
  if (!row) throw new HeraldError("not_found", "Workspace not found.");
  return publishingStateOf(row);
}

/**
 * Pauses or resumes the workspace's publishing. Pausing a paused workspace keeps the first pause's
 * time and author; resuming a running one changes nothing. A change writes an outbox event in the
 * same transaction, so open dashboards show or hide the banner without a reload.
 */
export async function setPublishingPaused(
  workspaceId: string,
  paused: boolean,
  by: string,
  now = clock.now(),
): Promise<{ changed: boolean; publishing: PublishingState }> {
  const changed = await db().$transaction(async (tx) => {
    const r = await tx.workspace.updateMany({
      where: { id: workspaceId, publishingPausedAt: paused ? null : { not: null } },
      data: paused ? { publishingPausedAt: now, publishingPausedBy: by } : { publishingPausedAt: null, publishingPausedBy: null },
    });
    if (r.count === 0) return false;
    await tx.event.create({
      data: { workspaceId, type: PUBLISHING_EVENT, payload: { paused, pausedAt: paused ? now.toISOString() : null, by } },
    });
    return true;
  });
  return { changed, publishing: await getPublishingState(workspaceId) };
}

/** The state as JSON carries it (the API's answer), for props handed from a page to the browser. */
export function publishingJson(p: PublishingState) {
  return { ...p, pausedAt: p.pausedAt?.toISOString() ?? null };
}
