// The posts an inbox source reads comments under, for networks without a "replies to me" feed
// (docs/decisions.md, "Inbox"): the account's posts Herald published lately, newest first, bounded
// so a sweep never reads the whole history.
import type { Db } from "../db";

export interface RecentPost {
  id: string;
  /** The network's id of the post (never null: posts without one are left out). */
  platformPostId: string;
  url: string | null;
}

export async function recentPublished(
  prisma: Db,
  account: { id: string; workspaceId: string },
  at: Date,
  opts: { days: number; max: number },
): Promise<RecentPost[]> {
  const rows = await prisma.postTarget.findMany({
    where: {
      accountId: account.id,
      workspaceId: account.workspaceId,
      status: "published",
      platformPostId: { not: null },
      publishedAt: { gt: new Date(at.getTime() - opts.days * 86_400_000) },
    },
    select: { id: true, platformPostId: true, url: true },
    orderBy: { publishedAt: "desc" },
    take: opts.max,
  });
  return rows.flatMap((r) => (r.platformPostId ? [{ id: r.id, platformPostId: r.platformPostId, url: r.url }] : []));
}
