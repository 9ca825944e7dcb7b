// Posts as people see them: a post with one target per account, each with its platform status,
// permalink, readable error and the task that publishes it. Every query is scoped by workspaceId
// in `where`, so another workspace's ids are 404.
import { db } from "./db";
import type { Prisma } from "./generated/prisma/client";
import { HeraldError, unknownCursor } from "./errors";
import { rollUpPost } from "./scheduler/sql/finish";
import type { ListPostsQuery, MarkPublishedInput, ThroughputQuery } from "./validation/posts";
import { clock } from "./clock";
import { isSimulatedPostId } from "./social/simulation";

const targetSelect = {
  id: true,
  platform: true,
  status: true,
  url: true,
  platformPostId: true,
  error: true,
  publishedAt: true,
  textOverride: true,
  // The latest collected engagement (lib/engagement.ts keeps it on the target).
  likes: true,
  reposts: true,
  replies: true,
  impressions: true,
  engagementAt: true,
  account: { select: { id: true, handle: true, displayName: true, status: true } },
  tasks: {
    where: { type: "social_post" },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: {
      id: true,
      status: true,
      scheduledAt: true,
      retryCount: true,
      maxRetries: true,
      lastError: true,
      lastErrorCode: true,
      lastFailureClass: true,
      executedAt: true,
    },
  },
} satisfies Prisma.PostTargetSelect;

const postSelect = {
  id: true,
  text: true,
  status: true,
  scheduledAt: true,
  recurrence: true,
  seriesId: true,
  occurrence: true,
  approvalState: true,
  rejectionReason: true,
  approvedAt: true,
  ai: true,
  variantGroup: true,
  variantLabel: true,
  createdAt: true,
  updatedAt: true,
  targets: { orderBy: { platform: "asc" }, select: targetSelect },
} satisfies Prisma.PostSelect;

type PostRow = Prisma.PostGetPayload<{ select: typeof postSelect }>;

/** The API's shape: each target carries its task id and one readable error. */
function view(p: PostRow) {
  return {
    ...p,
    targets: p.targets.map(({ tasks, ...t }) => {
      const task = tasks[0] ?? null;
      return {
        ...t,
        error: t.error ?? (t.status === "published" ? null : (task?.lastError ?? null)),
        taskId: task?.id ?? null,
        task,
        // Published in simulation mode: its url is what the network's link would look like, no page.
        simulated: isSimulatedPostId(t.platformPostId),
      };
    }),
  };
}
export type PostView = ReturnType<typeof view>;

export async function listPosts(workspaceId: string, q: ListPostsQuery) {
  const where: Prisma.PostWhereInput = {
    workspaceId,
    ...(q.status && { status: { in: q.status } }),
    ...(q.platform && { targets: { some: { workspaceId, platform: { in: q.platform } } } }),
    ...((q.from || q.to) && {
      scheduledAt: { ...(q.from && { gte: new Date(q.from) }), ...(q.to && { lt: new Date(q.to) }) },
    }),
  };
  if (q.cursor) {
    // A cursor from another workspace (or a deleted post) is a bad request, not someone's data.
    const c = await db().post.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true } });
    if (!c) throw unknownCursor();
  }
  const rows = await db().post.findMany({
    where,
    select: postSelect,
    orderBy: [{ scheduledAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
  });
  const more = rows.length > q.limit;
  const posts = (more ? rows.slice(0, q.limit) : rows).map(view);
  return { posts, nextCursor: more ? posts[posts.length - 1].id : null };
}

export async function getPost(workspaceId: string, id: string) {
  const p = await db().post.findFirst({ where: { id, workspaceId }, select: postSelect });
  if (!p) throw new HeraldError("not_found", "Post not found.");
  return view(p);
}

/**
 * A person says a needs-review target is live on the platform: its task is completed (result
 * records who said so), the target published, and the post's status rolls up like the cron's.
 */
export async function markTargetPublished(
  workspaceId: string,
  postId: string,
  targetId: string,
  input: MarkPublishedInput,
  markedBy: string,
  now = clock.now(),
) {
  await db().$transaction(async (tx) => {
    const target = await tx.postTarget.findFirst({
      where: { id: targetId, postId, workspaceId },
      select: { id: true, status: true, platform: true },
    });
    if (!target) throw new HeraldError("not_found", "Post target not found.");
    if (target.status !== "needs_review") {
      throw new HeraldError("invalid_state", `Only a platform that needs review can be marked as published; this one is ${target.status}.`, {
        details: { status: target.status },
      });
    }
    const task = await tx.agentTask.findFirst({
      where: { workspaceId, postTargetId: targetId, type: "social_post", status: "needs_review" },
      orderBy: { createdAt: "desc" },
      select: { id: true, result: true },
    });
    const mark = { markedBy, markedAt: now.toISOString(), ...(input.url && { url: input.url }) };
    if (task) {
      const prior = task.result && typeof task.result === "object" && !Array.isArray(task.result) ? task.result : {};
      const { count } = await tx.agentTask.updateMany({
        where: { id: task.id, workspaceId, status: "needs_review" },
        data: { status: "completed", result: { ...prior, ...mark }, executedAt: now, updatedAt: now },
      });
      if (count !== 1) throw new HeraldError("invalid_state", "This platform's task changed just now; reload and try again.");
    }
    const { count } = await tx.postTarget.updateMany({
      where: { id: targetId, workspaceId, status: "needs_review" },
      data: { status: "published", publishedAt: now, error: null, updatedAt: now, ...(input.url && { url: input.url }) },
    });
    if (count !== 1) throw new HeraldError("invalid_state", "This platform changed just now; reload and try again.");
    await tx.event.create({
      data: {
        workspaceId,
        type: "task:updated",
        payload: { taskId: task?.id ?? null, status: "completed", postTargetId: targetId, platform: target.platform, url: input.url ?? null, markedBy },
      },
    });
  });
  await rollUpPost(db(), targetId, now);
  return getPost(workspaceId, postId);
}

/** Finished attempts per hour for the last `hours` hours: completed (incl. adopted), failed, retried. */
export async function taskThroughput(workspaceId: string, q: ThroughputQuery, now = clock.now()) {
  const hour = 3_600_000;
  const end = Math.floor(now.getTime() / hour) * hour + hour;
  const start = end - q.hours * hour;
  const rows = await db().$queryRaw<{ bucket: number; completed: number; failed: number; retried: number }[]>`
    SELECT floor(extract(epoch FROM "finishedAt") / 3600)::int AS bucket,
           count(*) FILTER (WHERE outcome IN ('completed', 'adopted'))::int AS completed,
           count(*) FILTER (WHERE outcome IN ('failed', 'needs_review'))::int AS failed,
           count(*) FILTER (WHERE outcome IN ('retry', 'in_doubt'))::int AS retried
    FROM "TaskAttempt"
    WHERE "workspaceId" = ${workspaceId} AND "finishedAt" >= ${new Date(start)}::timestamp AND "finishedAt" < ${new Date(end)}::timestamp
    GROUP BY 1`;
  const byBucket = new Map(rows.map((r) => [Number(r.bucket), r]));
  const buckets = [];
  for (let t = start; t < end; t += hour) {
    const r = byBucket.get(t / hour);
    buckets.push({ hour: new Date(t).toISOString(), completed: r?.completed ?? 0, failed: r?.failed ?? 0, retried: r?.retried ?? 0 });
  }
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString(), buckets };
}
