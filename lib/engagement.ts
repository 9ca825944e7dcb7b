// Engagement (likes, reposts, replies) collected back from the platforms: collect_engagement tasks
// are queued when a post goes out (after 1 hour, 1 day and 1 week) or on demand, and each run
// stores a snapshot, so the dashboard can show a post's numbers and how they grew; the target
// keeps the latest numbers too (docs/decisions.md, "Analytics").
import type { Db } from "./db";
import { HeraldError } from "./errors";
import type { Metrics } from "./social/types";
import { clock } from "./clock";

/** Hours after publishing at which engagement is collected automatically. */
export const COLLECT_AFTER_HOURS = [1, 24, 168];

export async function recordSnapshot(
  prisma: Db,
  target: { workspaceId: string; postTargetId: string },
  metrics: Metrics,
  now: Date,
): Promise<void> {
  await prisma.$transaction([
    prisma.engagementSnapshot.create({
      data: {
        workspaceId: target.workspaceId,
        postTargetId: target.postTargetId,
        likes: metrics.likes,
        reposts: metrics.reposts,
        replies: metrics.replies,
        impressions: metrics.impressions,
        simulated: metrics.simulated,
        collectedAt: now,
      },
    }),
    // The target keeps the newest numbers; a collection that finishes late does not overwrite newer ones.
    prisma.postTarget.updateMany({
      where: { id: target.postTargetId, workspaceId: target.workspaceId, OR: [{ engagementAt: null }, { engagementAt: { lte: now } }] },
      data: {
        likes: metrics.likes,
        reposts: metrics.reposts,
        replies: metrics.replies,
        impressions: metrics.impressions ?? null,
        engagementAt: now,
        engagementSimulated: metrics.simulated,
      },
    }),
    prisma.event.create({
      data: {
        workspaceId: target.workspaceId,
        type: "engagement:updated",
        payload: { postTargetId: target.postTargetId, likes: metrics.likes, reposts: metrics.reposts, replies: metrics.replies },
        createdAt: now,
      },
    }),
  ]);
}

/** A post's engagement per target (with its account, to tell two on one network apart): the latest numbers and the history. */
export async function postEngagement(prisma: Db, workspaceId: string, postId: string) {
  const post = await prisma.post.findFirst({
    where: { id: postId, workspaceId },
    select: {
      id: true,
      targets: {
        where: { workspaceId },
        orderBy: [{ platform: "asc" }, { createdAt: "asc" }],
        select: {
          id: true,
          platform: true,
          url: true,
          account: { select: { id: true, handle: true } },
          snapshots: {
            where: { workspaceId },
            orderBy: { collectedAt: "asc" },
            select: { likes: true, reposts: true, replies: true, impressions: true, simulated: true, collectedAt: true },
          },
        },
      },
    },
  });
  if (!post) throw new HeraldError("not_found", "Post not found.");
  return post.targets.map((t) => ({
    postTargetId: t.id,
    platform: t.platform,
    accountId: t.account.id,
    handle: t.account.handle,
    url: t.url,
    latest: t.snapshots.at(-1) ?? null,
    history: t.snapshots,
  }));
}

/** Queues a collection now for every published target of a post (at most one per minute each). */
export async function collectNow(prisma: Db, workspaceId: string, postId: string, now = clock.now()) {
  const targets = await prisma.postTarget.findMany({
    where: { postId, workspaceId, status: "published" },
    select: { id: true, accountId: true, platform: true },
  });
  if (!targets.length) {
    const exists = await prisma.post.count({ where: { id: postId, workspaceId } });
    if (!exists) throw new HeraldError("not_found", "Post not found.");
    throw new HeraldError("invalid_state", "Nothing of this post is published yet, so there is no engagement to collect.");
  }
  const minute = now.toISOString().slice(0, 16);
  const { count } = await prisma.agentTask.createMany({
    data: targets.map((t) => ({
      workspaceId,
      type: "collect_engagement" as const,
      platform: t.platform,
      accountId: t.accountId,
      postTargetId: t.id,
      scheduledAt: now,
      idempotencyKey: `engagement:${t.id}:now:${minute}`,
    })),
    skipDuplicates: true,
  });
  return { queued: count };
}
