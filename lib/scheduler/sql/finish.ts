// Fenced write-back (docs/design.md, protocol 3): only the lease holder may write, and only while the
// task is still running. Task row, attempt row, post target and outbox event change in one
// statement, so they are never half-written; many tasks go in the same statement.
import type { Db } from "../../db";
import type { TaskHandler } from "../handler";
import type { ClaimedTask, TaskOutcome } from "../types";

const TASK_STATUS = { completed: "completed", retry: "pending", deferred: "pending", failed: "failed", needs_review: "needs_review" } as const;
const TARGET_STATUS = { completed: "published", retry: "pending", deferred: "pending", failed: "failed", needs_review: "needs_review" } as const;

/** One task's write-back: the task as claimed, what happened, and its handler's say. */
export interface Finish {
  task: ClaimedTask;
  outcome: TaskOutcome;
  /** Whether the task speaks for its post target and what follows its completion. */
  handler?: Pick<TaskHandler, "publishes" | "followUps">;
}

/** One row of the batch, as the statement reads it from JSON (jsonb_to_recordset). */
function rowOf({ task, outcome, handler }: Finish, now: Date) {
  const ok = outcome.kind === "completed";
  const deferred = outcome.kind === "deferred";
  const status = TASK_STATUS[outcome.kind];
  const followUps = ok ? handler?.followUps : undefined;
  const scheduledAt = (outcome.kind === "retry" || deferred) && outcome.at ? outcome.at : new Date(task.scheduledAt);
  // A live post may still carry warnings (PublishResult.warnings): the target keeps them as its note.
  const warnings = ok && Array.isArray(outcome.result.warnings) ? outcome.result.warnings.filter((w): w is string => typeof w === "string") : [];
  const error = ok ? null : outcome.message;
  const code = ok ? null : deferred ? "paced" : outcome.code;
  const postUrl = ok ? String(outcome.result.url ?? "") || null : null;
  const started = new Date(task.processingStartedAt);
  return {
    id: task.id,
    status,
    scheduled_at: scheduledAt,
    // A deferral is not an attempt: no attempt row, no retry used up.
    retry_count: ok || deferred ? task.retryCount : outcome.failures,
    error,
    note: warnings.join(" ") || null,
    code,
    failure_class: ok || deferred ? null : outcome.failureClass,
    http_status: ok || deferred ? null : (outcome.httpStatus ?? null),
    result: ok ? outcome.result : null,
    executed_at: ok || outcome.kind === "failed" ? now : null,
    ms: Math.max(0, now.getTime() - started.getTime()),
    attempt: task.retryCount + 1,
    started_at: started,
    attempt_outcome: deferred ? null : ok ? (outcome.adopted ? "adopted" : "completed") : outcome.kind,
    // Only the publish task speaks for the target; engagement reads never change its status.
    target_status: handler?.publishes ? TARGET_STATUS[outcome.kind] : null,
    post_id: ok ? String(outcome.result.platformPostId ?? "") || null : null,
    post_url: postUrl,
    published: ok,
    payload: {
      taskId: task.id,
      status,
      postTargetId: task.postTargetId,
      platform: task.platform,
      ...(ok ? { url: postUrl } : { error, code, retryAt: outcome.kind === "retry" || deferred ? scheduledAt : undefined }),
    },
    follow_type: followUps?.type ?? null,
    follow_prefix: followUps?.keyPrefix ?? null,
    follow_hours: followUps ? [...followUps.afterHours] : [],
  };
}

/**
 * Writes back many tasks in one statement (docs/design.md, protocol 3 and "Batched write-backs"):
 * per task the fenced row, its attempt, its post target, its follow-ups and its outbox event.
 * Returns, per item, whether it was written: false when the fence held (another invocation owns
 * the task now) and nothing of that task was written. The posts of written publish tasks are
 * then rolled up.
 */
export async function finishTasks(prisma: Db, items: readonly Finish[], opts: { invocationId: string; now: Date }): Promise<boolean[]> {
  if (!items.length) return [];
  const { now, invocationId } = opts;
  const rows = JSON.stringify(items.map((i) => rowOf(i, now)));
  const written = await prisma.$queryRaw<{ id: string }[]>`
    WITH x AS (
      SELECT * FROM jsonb_to_recordset(${rows}::jsonb) AS x(
        id text, status "TaskStatus", scheduled_at timestamp, retry_count int, error text, note text, code text,
        failure_class "FailureClass", http_status int, result jsonb, executed_at timestamp, ms int, attempt int,
        started_at timestamp, attempt_outcome "AttemptOutcome", target_status "TargetStatus", post_id text,
        post_url text, published boolean, payload jsonb, follow_type "TaskType", follow_prefix text, follow_hours jsonb)
    ), t AS (
      UPDATE "AgentTask" a
      SET status = x.status,
          "scheduledAt" = x.scheduled_at,
          "retryCount" = x.retry_count,
          "lastError" = x.error,
          "lastErrorCode" = x.code,
          "lastFailureClass" = x.failure_class,
          result = COALESCE(x.result, a.result),
          "executedAt" = COALESCE(x.executed_at, a."executedAt"),
          "executionTimeMs" = x.ms,
          "leaseExpiresAt" = NULL,
          "updatedAt" = ${now}::timestamp
      FROM x
      WHERE a.id = x.id AND a."lockedBy" = ${invocationId} AND a.status = 'running'
      RETURNING a.id, a."workspaceId", a."postTargetId", a.platform, a."accountId"
    ), w AS (
      SELECT x.*, t."workspaceId", t."postTargetId", t.platform, t."accountId" FROM t JOIN x ON x.id = t.id
    ), c AS (
      -- The handlers' follow-ups (a post that went out gets its engagement collected later).
      INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt",
                               "idempotencyKey", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, w."workspaceId", w.follow_type, w.platform, w."accountId", w."postTargetId",
             ${now}::timestamp + make_interval(hours => h::int),
             w.follow_prefix || ':' || w."postTargetId" || ':' || h || 'h',
             ${now}::timestamp, ${now}::timestamp
      FROM w CROSS JOIN LATERAL jsonb_array_elements_text(w.follow_hours) AS h
      WHERE w.follow_type IS NOT NULL AND w."postTargetId" IS NOT NULL
      ON CONFLICT ("workspaceId", "idempotencyKey") DO NOTHING
    ), att AS (
      INSERT INTO "TaskAttempt" (id, "taskId", "workspaceId", attempt, "invocationId", "startedAt", "finishedAt",
                                 outcome, "failureClass", "errorCode", "httpStatus", message, "durationMs")
      SELECT gen_random_uuid()::text, w.id, w."workspaceId", w.attempt, ${invocationId}, w.started_at,
             ${now}::timestamp, w.attempt_outcome, w.failure_class, w.code, w.http_status, w.error, w.ms
      FROM w
      WHERE w.attempt_outcome IS NOT NULL
    ), pt AS (
      UPDATE "PostTarget" p
      SET status = w.target_status,
          "platformPostId" = COALESCE(w.post_id, p."platformPostId"),
          url = COALESCE(w.post_url, p.url),
          error = COALESCE(w.error, w.note),
          "publishedAt" = CASE WHEN w.published THEN ${now}::timestamp ELSE p."publishedAt" END,
          "updatedAt" = ${now}::timestamp
      FROM w
      WHERE p.id = w."postTargetId" AND w.target_status IS NOT NULL
    ), e AS (
      INSERT INTO "Event" ("workspaceId", type, payload, "createdAt")
      SELECT w."workspaceId", 'task:updated', w.payload, ${now}::timestamp FROM w
    )
    SELECT id FROM t`;
  const ok = new Set(written.map((r) => r.id));
  const targets = items.filter((i) => ok.has(i.task.id) && i.handler?.publishes && i.task.postTargetId);
  if (targets.length) await rollUpPosts(prisma, targets.map((i) => i.task.postTargetId!), now);
  return items.map((i) => ok.has(i.task.id));
}

/**
 * A post's status follows its targets: published, partially published, failed or still going.
 * The posts are locked in id order first (no deadlock between batches), and their targets are
 * read after the locks are held, so of two concurrent roll-ups the later sees both write-backs.
 */
export async function rollUpPosts(prisma: Db, postTargetIds: readonly string[], now: Date): Promise<void> {
  if (!postTargetIds.length) return;
  const ids = [...new Set(postTargetIds)];
  await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`
      SELECT p.id FROM "Post" p
      WHERE p.id IN (SELECT "postId" FROM "PostTarget" WHERE id = ANY(${ids}::text[]))
      ORDER BY p.id FOR UPDATE OF p`;
    await tx.$executeRaw`
      WITH agg AS (
        SELECT p.id, p."workspaceId",
          CASE
            WHEN bool_and(pt.status = 'published') THEN 'published'
            WHEN bool_and(pt.status = 'cancelled') THEN 'cancelled'
            WHEN bool_or(pt.status IN ('pending', 'publishing', 'needs_review')) THEN
              CASE WHEN bool_or(pt.status IN ('published', 'failed')) THEN 'publishing' ELSE p.status::text END
            WHEN bool_or(pt.status = 'published') THEN 'partially_published'
            ELSE 'failed'
          END AS status
        FROM "Post" p
        JOIN "PostTarget" pt ON pt."postId" = p.id
        WHERE p.id IN (SELECT "postId" FROM "PostTarget" WHERE id = ANY(${ids}::text[]))
        GROUP BY p.id
      ), upd AS (
        UPDATE "Post" p SET status = agg.status::"PostStatus", "updatedAt" = ${now}::timestamp
        FROM agg WHERE p.id = agg.id AND p.status::text <> agg.status
        RETURNING p.id, p."workspaceId", p.status
      )
      INSERT INTO "Event" ("workspaceId", type, payload, "createdAt")
      SELECT upd."workspaceId", 'post:updated', jsonb_build_object('postId', upd.id, 'status', upd.status), ${now}::timestamp
      FROM upd`;
  });
}

/** One target's post (rollUpPosts for a single target). */
export function rollUpPost(prisma: Db, postTargetId: string, now: Date): Promise<void> {
  return rollUpPosts(prisma, [postTargetId], now);
}

/** Side effects on the account after a classified failure: blocked-until or needs-reconnect. */
export async function markAccount(
  prisma: Db,
  accountId: string,
  failure: { failureClass: string; retryAt?: Date },
  now: Date,
): Promise<void> {
  if (failure.failureClass === "rate_limited" && failure.retryAt) {
    await prisma.socialAccount.updateMany({
      where: { id: accountId, OR: [{ rateLimitedUntil: null }, { rateLimitedUntil: { lt: failure.retryAt } }] },
      data: { rateLimitedUntil: failure.retryAt, updatedAt: now },
    });
  } else if (failure.failureClass === "auth") {
    await prisma.socialAccount.updateMany({
      where: { id: accountId, status: "active" },
      data: { status: "needs_reconnect", updatedAt: now },
    });
  }
}

