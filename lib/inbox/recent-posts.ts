// The posts an inbox source reads comments under, for networks without a "replies to me" feed
// (docs/decisions.md, "Inbox"): the account's posts Herald published lately, newest first, bounded
// so a sweep never reads the whole history.
import type { Db } from "../db";

export interface RecentPost {
  id: string;
  /** The network's id of the post (never null: posts without one are left out). */
  platformPostId: string;
  url: string | null;
  publishedAt: Date;
}

/** A post an inbox source reads comments under: Herald's own (postTargetId) or one made elsewhere. */
export interface InboxPost {
  postTargetId: string | null;
  platformPostId: string;
  url: string | null;
  at: Date;
}

/**
 * Herald's recent posts and the account's recent posts as the network lists them (made in Herald
 * or not), one entry per network id, newest first, at most `max`: a post of Herald's that the list
 * missed is still read, and one in both keeps Herald's target (docs/decisions.md, "Inbox").
 */
export function mergeRecent(herald: RecentPost[], listed: { id: string; at: Date; url: string | null }[], max: number): InboxPost[] {
  const byId = new Map<string, InboxPost>();
  for (const p of listed) if (!byId.has(p.id)) byId.set(p.id, { postTargetId: null, platformPostId: p.id, url: p.url, at: p.at });
  for (const h of herald) {
    const l = byId.get(h.platformPostId);
    byId.set(h.platformPostId, { postTargetId: h.id, platformPostId: h.platformPostId, url: h.url ?? l?.url ?? null, at: l?.at ?? h.publishedAt });
  }
  return [...byId.values()].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.platformPostId < b.platformPostId ? 1 : -1)).slice(0, max);
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
    select: { id: true, platformPostId: true, url: true, publishedAt: true },
    orderBy: { publishedAt: "desc" },
    take: opts.max,
  });
  return rows.flatMap((r) => (r.platformPostId && r.publishedAt ? [{ id: r.id, platformPostId: r.platformPostId, url: r.url, publishedAt: r.publishedAt }] : []));
}
