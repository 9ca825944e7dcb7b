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

/**
 * A small picture of a post's first media item for lists (Posts, Calendar). `url` is the stored
 * image itself (no resized copy exists; pages size it with CSS), a video's poster frame, or null:
 * a video without a poster, or media that is not in this workspace's library (a URL given in the
 * request or a CSV), which the dashboard does not load from another site (docs/decisions.md, "Previews").
 */
export interface PostThumbnail {
  kind: "image" | "video" | "gif";
  url: string | null;
  altText: string | null;
  width: number | null;
  height: number | null;
  /** How many media items the post carries. */
  count: number;
  /** The site an unloaded media URL points at. */
  source: string | null;
}

interface ThumbRow {
  id: string;
  type: string | null;
  url: string | null;
  altText: string | null;
  count: number;
  kind: string | null;
  assetUrl: string | null;
  posterUrl: string | null;
  assetAlt: string | null;
  width: number | null;
  height: number | null;
}

const hostOf = (url: string | null) => {
  try {
    return url ? new URL(url).hostname : null;
  } catch {
    return null;
  }
};

/**
 * Each post's first media item, by post id (posts without media are absent): from its newest
 * publish task's config, or (a draft, a post held for approval, which have no tasks) the config it
 * keeps itself; its picture only from the workspace's own media library. One statement, scoped.
 */
export async function postThumbnails(workspaceId: string, postIds: string[]): Promise<Map<string, PostThumbnail>> {
  if (postIds.length === 0) return new Map();
  // A draft keeps uploads as config.mediaIds (lib/compose.ts); a schedule turns them into media
  // after any given by URL (lib/posting/schedule.ts), so the first item is media's, else mediaIds'.
  const rows = await db().$queryRaw<ThumbRow[]>`
    WITH cfg AS (
      SELECT p.id,
             COALESCE(
               (SELECT t.config FROM "PostTarget" pt JOIN "AgentTask" t ON t."postTargetId" = pt.id
                 WHERE pt."postId" = p.id AND pt."workspaceId" = ${workspaceId} AND t."workspaceId" = ${workspaceId} AND t.type = 'social_post'
                 ORDER BY t."createdAt" DESC LIMIT 1),
               p.config -> 'taskConfig'
             ) AS c
        FROM "Post" p
       WHERE p."workspaceId" = ${workspaceId} AND p.id = ANY(${postIds}::text[])
    ), lists AS (
      SELECT id,
             CASE WHEN jsonb_typeof(c -> 'media') = 'array' THEN c -> 'media' ELSE '[]'::jsonb END AS media,
             CASE WHEN jsonb_typeof(c -> 'mediaIds') = 'array' THEN c -> 'mediaIds' ELSE '[]'::jsonb END AS ids
        FROM cfg
    )
    SELECT l.id, l.media -> 0 ->> 'type' AS type, l.media -> 0 ->> 'url' AS url, l.media -> 0 ->> 'altText' AS "altText",
           (jsonb_array_length(l.media) + jsonb_array_length(l.ids))::int AS count,
           m.kind::text AS kind, m.url AS "assetUrl", m."posterUrl", m."altText" AS "assetAlt", m.width, m.height
      FROM lists l
      LEFT JOIN LATERAL (
        SELECT a.kind, a.url, a."posterUrl", a."altText", a.width, a.height FROM "MediaAsset" a
         WHERE a."workspaceId" = ${workspaceId}
           AND CASE WHEN jsonb_array_length(l.media) > 0 THEN a.url = l.media -> 0 ->> 'url' ELSE a.id = l.ids ->> 0 END
         LIMIT 1
      ) m ON true
     WHERE jsonb_array_length(l.media) + jsonb_array_length(l.ids) > 0`;
  const out = new Map<string, PostThumbnail>();
  for (const r of rows) {
    const kind = (["image", "video", "gif"] as const).find((k) => k === (r.kind ?? r.type)) ?? "image";
    const own = r.assetUrl !== null;
    out.set(r.id, {
      kind,
      url: !own ? null : kind === "video" ? r.posterUrl : r.assetUrl,
      altText: r.altText || r.assetAlt || null,
      width: own ? r.width : null,
      height: own ? r.height : null,
      count: r.count,
      source: own ? null : hostOf(r.url),
    });
  }
  return out;
}

/** The API's shape: each target carries its task id and one readable error. */
function view(p: PostRow, thumbnails: Map<string, PostThumbnail>) {
  return {
    ...p,
    thumbnail: thumbnails.get(p.id) ?? null,
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
  const page = more ? rows.slice(0, q.limit) : rows;
  const thumbnails = await postThumbnails(workspaceId, page.map((p) => p.id));
  const posts = page.map((p) => view(p, thumbnails));
  return { posts, nextCursor: more ? posts[posts.length - 1].id : null };
}

export async function getPost(workspaceId: string, id: string) {
  const p = await db().post.findFirst({ where: { id, workspaceId }, select: postSelect });
  if (!p) throw new HeraldError("not_found", "Post not found.");
  return view(p, await postThumbnails(workspaceId, [p.id]));
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
