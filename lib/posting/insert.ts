// A schedule request's rows in one statement (docs/design.md, "Scheduling"): the post, one target
// and one task per account, and the outbox event. A statement is atomic, so nothing is half
// written, and it is one round trip where a transaction of the same inserts was six.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Platform, TaskType } from "../generated/prisma/enums";
import type { TaskView } from "../scheduler/view";

export interface NewPost {
  text: string;
  scheduledAt: Date;
  recurrence: unknown;
  seriesId: string | null;
  idempotencyKey: string;
  ai?: unknown;
  compliance?: unknown;
  campaignId?: string | null;
  generationKey?: string | null;
  variantGroup?: string | null;
  variantLabel?: string | null;
}

export interface NewTask {
  accountId: string;
  platform: Platform;
  /** The text this platform gets (its override, or the post's). */
  content: string | null;
  /** The post target's own text, when it differs from the post's. */
  textOverride: string | null;
  idempotencyKey: string;
}

export interface NewRows {
  workspaceId: string;
  type: TaskType;
  /** The post to create with a target per task; null for a task on an existing target. */
  post: NewPost | null;
  /** The existing target the tasks belong to when `post` is null. */
  postTargetId: string | null;
  scheduledAt: Date;
  config: Record<string, unknown>;
  maxRetries: number;
  priority: number;
  tasks: NewTask[];
  now: Date;
}

/** Whether an insert failed on a unique index, from Prisma's own methods or a raw statement. */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === "P2002") return true;
  const cause = (err.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError?.cause;
  return err.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** Inserts the rows in `rows.tasks` order; returns the post's id and the tasks in that order. */
export async function insertScheduled(prisma: Db, rows: NewRows): Promise<{ postId: string | null; tasks: TaskView[] }> {
  const { workspaceId, post, now } = rows;
  const found = await prisma.$queryRaw<(TaskView & { post_id: string | null })[]>`
    WITH p AS (
      INSERT INTO "Post" (id, "workspaceId", text, "scheduledAt", recurrence, "seriesId", occurrence, ai, compliance,
                          "campaignId", "generationKey", "variantGroup", "variantLabel", "idempotencyKey", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${workspaceId}, ${post?.text ?? ""}, ${post?.scheduledAt ?? now}::timestamp,
             ${json(post?.recurrence)}::jsonb, ${post?.seriesId ?? null}, 0, ${json(post?.ai)}::jsonb, ${json(post?.compliance)}::jsonb,
             ${post?.campaignId ?? null}, ${post?.generationKey ?? null}, ${post?.variantGroup ?? null}, ${post?.variantLabel ?? null},
             ${post?.idempotencyKey ?? null}, ${now}::timestamp, ${now}::timestamp
      WHERE ${post !== null}
      RETURNING id
    ), x AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows.tasks.map((t, n) => ({ ...t, n })))}::jsonb)
        AS x(n int, "accountId" text, platform "Platform", content text, "textOverride" text, "idempotencyKey" text)
    ), pt AS (
      INSERT INTO "PostTarget" (id, "workspaceId", "postId", "accountId", platform, "textOverride", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${workspaceId}, p.id, x."accountId", x.platform, x."textOverride", ${now}::timestamp, ${now}::timestamp
      FROM p CROSS JOIN x
      ORDER BY x.n
      RETURNING id, "accountId"
    ), t AS (
      INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt", content, config,
                               "maxRetries", priority, "idempotencyKey", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, ${workspaceId}, ${rows.type}::"TaskType", x.platform, x."accountId",
             COALESCE(pt.id, ${rows.postTargetId}), ${rows.scheduledAt}::timestamp, x.content, ${JSON.stringify(rows.config)}::jsonb,
             ${rows.maxRetries}, ${rows.priority}, x."idempotencyKey", ${now}::timestamp, ${now}::timestamp
      FROM x LEFT JOIN pt ON pt."accountId" = x."accountId"
      ORDER BY x.n
      RETURNING id, type, platform, "accountId", "postTargetId", "scheduledAt", status, priority, content, config,
                "retryCount", "maxRetries", "lastError", "lastErrorCode", "lastFailureClass", result, "executedAt",
                "idempotencyKey", "processingStartedAt", "executionTimeMs", "createdAt", "updatedAt"
    ), e AS (
      INSERT INTO "Event" ("workspaceId", type, payload, "createdAt")
      SELECT ${workspaceId}, 'task:scheduled',
             jsonb_build_object('taskIds', (SELECT jsonb_agg(id) FROM t), 'postId', (SELECT id FROM p),
                                'scheduledAt', ${rows.scheduledAt.toISOString()}::text),
             ${now}::timestamp
    )
    SELECT t.*, (SELECT id FROM p) AS post_id FROM t`;
  const byKey = new Map(found.map(({ post_id: _p, ...task }) => [task.idempotencyKey, task]));
  return {
    postId: found[0]?.post_id ?? null,
    tasks: rows.tasks.map((t) => byKey.get(t.idempotencyKey)!),
  };
}
