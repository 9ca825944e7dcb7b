// The calendar's read: the workspace's scheduled, publishing, published and failed posts in a range,
// with the accounts they go to and a thumbnail of the first media item. Scoped by workspaceId in
// `where`; server-only.
import { db } from "@/lib/db";
import { postThumbnails, type PostThumbnail } from "@/lib/posts";
import type { PostStatus } from "@/lib/generated/prisma/enums";
import { specFor } from "@/lib/social/registry";

const SHOWN: PostStatus[] = ["scheduled", "publishing", "published", "partially_published", "failed"];

export interface CalendarPost {
  id: string;
  text: string;
  status: PostStatus;
  /** ISO instant: the scheduled time (when it was published for posts that went out). */
  at: string;
  recurring: boolean;
  /** "pending": held for an admin's approval (an editor's post, an autopilot draft). */
  approvalState?: string;
  targets: { accountId: string; platform: string; label: string; handle: string; status: string }[];
  /** The first image, or a video's poster frame (lib/posts.ts); null without media. */
  thumbnail: PostThumbnail | null;
}

export async function calendarPosts(workspaceId: string, from: Date, to: Date, accountId?: string): Promise<CalendarPost[]> {
  const rows = await db().post.findMany({
    where: {
      workspaceId,
      status: { in: SHOWN },
      scheduledAt: { gte: from, lt: to },
      ...(accountId && { targets: { some: { workspaceId, accountId } } }),
    },
    orderBy: [{ scheduledAt: "asc" }, { id: "asc" }],
    take: 1000,
    select: {
      id: true,
      text: true,
      status: true,
      scheduledAt: true,
      seriesId: true,
      approvalState: true,
      targets: {
        orderBy: { platform: "asc" },
        select: { accountId: true, platform: true, status: true, account: { select: { handle: true } } },
      },
    },
  });
  const thumbnails = await postThumbnails(workspaceId, rows.map((p) => p.id));
  return rows.map((p) => ({
    id: p.id,
    text: p.text,
    status: p.status,
    at: p.scheduledAt!.toISOString(),
    recurring: p.seriesId !== null,
    approvalState: p.approvalState,
    targets: p.targets.map((t) => ({
      accountId: t.accountId,
      platform: t.platform,
      label: specFor(t.platform).label,
      handle: t.account.handle,
      status: t.status,
    })),
    thumbnail: thumbnails.get(p.id) ?? null,
  }));
}

export async function calendarAccounts(workspaceId: string) {
  const rows = await db().socialAccount.findMany({
    where: { workspaceId },
    orderBy: { createdAt: "asc" },
    select: { id: true, platform: true, handle: true, displayName: true },
  });
  return rows.map((a) => ({ ...a, label: specFor(a.platform).label }));
}
