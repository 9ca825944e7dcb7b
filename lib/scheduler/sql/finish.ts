// Fenced write-back (docs/design.md, protocol 3): only the lease holder may write, and only while the
// task is still running. Task row, attempt row, post target and outbox event change in one
// statement, so they are never half-written.
import type { Db } from "../../db";
import type { TaskHandler } from "../handler";
import type { ClaimedTask, TaskOutcome } from "../types";

const TASK_STATUS = { completed: "completed", retry: "pending", deferred: "pending", failed: "failed", needs_review: "needs_review" } as const;
const TARGET_STATUS = { completed: "published", retry: "pending", deferred: "pending", failed: "failed", needs_review: "needs_review" } as const;

/**
 * Returns false when the fence held: another invocation owns the task now, nothing was written.
 * `handler` says whether the task speaks for its post target and what follows its completion.
 */
export async function finishTask(
  prisma: Db,
  task: ClaimedTask,
  outcome: TaskOutcome,
  opts: { invocationId: string; now: Date; handler?: Pick<TaskHandler, "publishes" | "followUps"> },
): Promise<boolean> {
  const { now, invocationId } = opts;
  const ms = Math.max(0, now.getTime() - new Date(task.processingStartedAt).getTime());
  const ok = outcome.kind === "completed";
  const publishes = opts.handler?.publishes === true;
  const followUps = ok ? opts.handler?.followUps : undefined;
  const deferred = outcome.kind === "deferred";
  const status = TASK_STATUS[outcome.kind];
  const targetStatus = TARGET_STATUS[outcome.kind];
  // A deferral is not an attempt: no attempt row, no retry used up.
  const attemptOutcome = ok ? (outcome.adopted ? "adopted" : "completed") : deferred ? "retry" : outcome.kind;
  const retryCount = ok || deferred ? task.retryCount : outcome.failures;
  const scheduledAt = (outcome.kind === "retry" || deferred) && outcome.at ? outcome.at : new Date(task.scheduledAt);
  const error = ok ? null : outcome.message;
  const code = ok ? null : deferred ? "paced" : outcome.code;
  const failureClass = ok || deferred ? null : outcome.failureClass;
  const httpStatus = ok || deferred ? null : (outcome.httpStatus ?? null);
  const result = ok ? JSON.stringify(outcome.result) : null;
  const executedAt = ok || outcome.kind === "failed" ? now : null;
  const postId = ok ? String(outcome.result.platformPostId ?? "") || null : null;
  const postUrl = ok ? String(outcome.result.url ?? "") || null : null;
  const eventPayload = JSON.stringify({
    taskId: task.id,
    status,
    postTargetId: task.postTargetId,
    platform: task.platform,
    ...(ok ? { url: postUrl } : { error, code, retryAt: outcome.kind === "retry" || deferred ? scheduledAt : undefined }),
  });

  const rows = await prisma.$queryRaw<{ n: bigint }[]>`
    WITH t AS (
      UPDATE "AgentTask"
      SET status = ${status}::"TaskStatus",
          "scheduledAt" = ${scheduledAt}::timestamp,
          "retryCount" = ${retryCount},
          "lastError" = ${error},
          "lastErrorCode" = ${code},
          "lastFailureClass" = ${failureClass}::"FailureClass",
          result = COALESCE(${result}::jsonb, result),
          "executedAt" = COALESCE(${executedAt}::timestamp, "executedAt"),
          "executionTimeMs" = ${ms},
          "leaseExpiresAt" = NULL,
          "updatedAt" = ${now}::timestamp
      WHERE id = ${task.id} AND "lockedBy" = ${invocationId} AND status = 'running'
      RETURNING id, "workspaceId", "postTargetId", platform, "accountId"
    ), c AS (
      -- The handler's follow-ups (a post that went out gets its engagement collected later).
      INSERT INTO "AgentTask" (id, "workspaceId", type, platform, "accountId", "postTargetId", "scheduledAt",
                               "idempotencyKey", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, t."workspaceId", ${followUps?.type ?? null}::"TaskType", t.platform, t."accountId",
             t."postTargetId", ${now}::timestamp + make_interval(hours => h),
             ${followUps?.keyPrefix ?? null} || ':' || t."postTargetId" || ':' || h || 'h',
             ${now}::timestamp, ${now}::timestamp
      FROM t CROSS JOIN unnest(${[...(followUps?.afterHours ?? [])]}::int[]) AS h
      WHERE ${followUps !== undefined} AND t."postTargetId" IS NOT NULL
      ON CONFLICT ("workspaceId", "idempotencyKey") DO NOTHING
    ), a AS (
      INSERT INTO "TaskAttempt" (id, "taskId", "workspaceId", attempt, "invocationId", "startedAt", "finishedAt",
                                 outcome, "failureClass", "errorCode", "httpStatus", message, "durationMs")
      SELECT gen_random_uuid()::text, t.id, t."workspaceId", ${task.retryCount + 1}, ${invocationId},
             ${new Date(task.processingStartedAt)}::timestamp, ${now}::timestamp,
             ${attemptOutcome}::"AttemptOutcome", ${failureClass}::"FailureClass", ${code}, ${httpStatus}::int,
             ${error}, ${ms}
      FROM t
      WHERE NOT ${deferred}
    ), pt AS (
      UPDATE "PostTarget" p
      SET status = ${targetStatus}::"TargetStatus",
          "platformPostId" = COALESCE(${postId}, p."platformPostId"),
          url = COALESCE(${postUrl}, p.url),
          error = ${error},
          "publishedAt" = CASE WHEN ${ok} THEN ${now}::timestamp ELSE p."publishedAt" END,
          "updatedAt" = ${now}::timestamp
      FROM t
      -- Only the publish task speaks for the target; engagement reads never change its status.
      WHERE p.id = t."postTargetId" AND ${publishes}
    ), e AS (
      INSERT INTO "Event" ("workspaceId", type, payload, "createdAt")
      SELECT t."workspaceId", 'task:updated', ${eventPayload}::jsonb, ${now}::timestamp FROM t
    )
    SELECT count(*) AS n FROM t`;
  const written = Number(rows[0]?.n ?? 0) === 1;
  if (written && publishes && task.postTargetId) await rollUpPost(prisma, task.postTargetId, now);
  return written;
}

/** A post's status follows its targets: published, partially published, failed or still going. */
export async function rollUpPost(prisma: Db, postTargetId: string, now: Date): Promise<void> {
  await prisma.$executeRaw`
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
      WHERE p.id = (SELECT "postId" FROM "PostTarget" WHERE id = ${postTargetId})
      GROUP BY p.id
    ), upd AS (
      UPDATE "Post" p SET status = agg.status::"PostStatus", "updatedAt" = ${now}::timestamp
      FROM agg WHERE p.id = agg.id AND p.status::text <> agg.status
      RETURNING p.id, p."workspaceId", p.status
    )
    INSERT INTO "Event" ("workspaceId", type, payload, "createdAt")
    SELECT upd."workspaceId", 'post:updated', jsonb_build_object('postId', upd.id, 'status', upd.status), ${now}::timestamp
    FROM upd`;
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

