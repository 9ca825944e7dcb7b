// Reading and steering tasks for one workspace. Every query is scoped by workspaceId in `where`.
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { TaskStatus } from "../generated/prisma/enums";
import { HeraldError, unknownCursor } from "../errors";
import type { ListTasksQuery } from "../validation/tasks";
import { rollUpPost } from "./sql/finish";
import { taskSelect, type TaskView } from "./view";
import { clock } from "../clock";

// The columns of the API's task view (lib/scheduler/view.ts) that are timestamps: PostgreSQL
// writes them as JavaScript's toISOString does.
const TIMESTAMP_FIELDS = new Set<keyof typeof taskSelect>(["scheduledAt", "executedAt", "processingStartedAt", "createdAt", "updatedAt"]);

/** json_build_object(...) of one task with exactly the fields of `taskSelect`, as Prisma would serialise them. */
const taskJson = Prisma.raw(
  `json_build_object(${Object.keys(taskSelect)
    .map((k) => `'${k}', ${TIMESTAMP_FIELDS.has(k as keyof typeof taskSelect) ? `to_char("${k}", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : `"${k}"`}`)
    .join(", ")})`,
);

/**
 * One page of the workspace's tasks, newest first, as the JSON text of `TaskListPage`, built by
 * PostgreSQL in one statement (the cursor check included): the list is the API's busiest read,
 * and decoding 50 rows through Prisma and serialising them again was most of its time
 * (docs/benchmarks.md §8). test/integration/task-list.test.ts holds it equal to Prisma's answer.
 */
export async function listTasksJson(prisma: Db, workspaceId: string, q: ListTasksQuery): Promise<string> {
  const filters = [
    Prisma.sql`t."workspaceId" = ${workspaceId}`,
    ...(q.status ? [Prisma.sql`t.status::text IN (${Prisma.join(q.status)})`] : []),
    ...(q.type ? [Prisma.sql`t.type::text IN (${Prisma.join(q.type)})`] : []),
    ...(q.platform ? [Prisma.sql`t.platform::text IN (${Prisma.join(q.platform)})`] : []),
    ...(q.from ? [Prisma.sql`t."scheduledAt" >= ${new Date(q.from)}::timestamp`] : []),
    ...(q.to ? [Prisma.sql`t."scheduledAt" < ${new Date(q.to)}::timestamp`] : []),
    // After the cursor row in the list's order; a cursor of another workspace finds no row.
    ...(q.cursor
      ? [Prisma.sql`(t."scheduledAt", t.id) < (SELECT c."scheduledAt", c.id FROM "AgentTask" c WHERE c.id = ${q.cursor} AND c."workspaceId" = ${workspaceId})`]
      : []),
  ];
  const [row] = await prisma.$queryRaw<{ page: string; cursorFound: boolean }[]>`
    WITH page AS (
      SELECT t.*, row_number() OVER (ORDER BY t."scheduledAt" DESC, t.id DESC) AS n
      FROM (SELECT * FROM "AgentTask" t WHERE ${Prisma.join(filters, " AND ")}
            ORDER BY t."scheduledAt" DESC, t.id DESC LIMIT ${q.limit + 1}) t
    )
    SELECT json_build_object(
             'tasks', COALESCE(json_agg(${taskJson} ORDER BY n) FILTER (WHERE n <= ${q.limit}), '[]'::json),
             'nextCursor', CASE WHEN count(*) > ${q.limit} THEN max(id) FILTER (WHERE n = ${q.limit}) END
           )::text AS page,
           ${q.cursor ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM "AgentTask" c WHERE c.id = ${q.cursor ?? null} AND c."workspaceId" = ${workspaceId}) AS "cursorFound"
    FROM page`;
  // Another workspace's id (or an unknown one) is a bad request, as for posts.
  if (!row.cursorFound) throw unknownCursor();
  return row.page;
}

export async function getTaskOrThrow(prisma: Db, workspaceId: string, id: string) {
  const task = await prisma.agentTask.findFirst({
    where: { id, workspaceId },
    select: {
      ...taskSelect,
      attempts: {
        orderBy: { finishedAt: "asc" },
        select: {
          attempt: true,
          startedAt: true,
          finishedAt: true,
          outcome: true,
          failureClass: true,
          errorCode: true,
          httpStatus: true,
          message: true,
          durationMs: true,
        },
      },
    },
  });
  if (!task) throw new HeraldError("not_found", "Task not found.");
  return task;
}

async function transition(
  prisma: Db,
  workspaceId: string,
  id: string,
  from: TaskStatus[],
  data: Prisma.AgentTaskUpdateManyMutationInput,
  verb: string,
  now: Date,
): Promise<TaskView> {
  // Status changes only from an expected prior status, so a running task is never touched.
  const { count } = await prisma.agentTask.updateMany({ where: { id, workspaceId, status: { in: from } }, data });
  const task = await prisma.agentTask.findFirst({ where: { id, workspaceId }, select: taskSelect });
  if (!task) throw new HeraldError("not_found", "Task not found.");
  if (count === 0) {
    throw new HeraldError("invalid_state", `Only ${from.join(" or ")} tasks can be ${verb}; this one is ${task.status}.`, {
      details: { status: task.status },
    });
  }
  await prisma.event.create({ data: { workspaceId, type: "task:updated", payload: { taskId: id, status: task.status } } });
  if (task.postTargetId) {
    const targetStatus = task.status === "cancelled" ? "cancelled" : "pending";
    await prisma.postTarget.updateMany({
      where: { id: task.postTargetId, workspaceId },
      data: { status: targetStatus, ...(targetStatus === "pending" && { error: null }) },
    });
    await rollUpPost(prisma, task.postTargetId, now);
  }
  return task;
}

export function cancelTask(prisma: Db, workspaceId: string, id: string, now = clock.now()) {
  return transition(prisma, workspaceId, id, ["pending", "needs_review"], { status: "cancelled", updatedAt: now }, "cancelled", now);
}

/** A person's retry: a fresh set of attempts, due now. */
export function retryTask(prisma: Db, workspaceId: string, id: string, now = clock.now()) {
  return transition(
    prisma,
    workspaceId,
    id,
    ["failed", "needs_review", "cancelled"],
    { status: "pending", scheduledAt: now, retryCount: 0, lastError: null, lastErrorCode: null, updatedAt: now },
    "retried",
    now,
  );
}

function zeroCounts(): Record<TaskStatus, number> & { total: number } {
  return { total: 0, pending: 0, running: 0, completed: 0, failed: 0, cancelled: 0, needs_review: 0 };
}

/**
 * The workspace's task statistics in two statements (one scan for every count, one for the
 * times, failure codes and the emergency stop), not seven: the admin page and the API poll it.
 * While the workspace's publishing is paused, `heldByPause` says how many due posts and replies
 * wait for the resume (docs/decisions.md, "Emergency stop").
 */
export async function taskStatistics(prisma: Db, workspaceId: string, now = clock.now()) {
  const [groups, [times]] = await Promise.all([
    prisma.$queryRaw<{ status: TaskStatus; platform: string | null; type: string | null; by: "status" | "platform" | "type"; n: number }[]>`
      SELECT status, platform::text AS platform, type::text AS type,
             CASE WHEN GROUPING(platform) = 0 THEN 'platform' WHEN GROUPING(type) = 0 THEN 'type' ELSE 'status' END AS by,
             count(*)::int AS n
      FROM "AgentTask" WHERE "workspaceId" = ${workspaceId}
      GROUP BY GROUPING SETS ((status), (platform, status), (type, status))`,
    prisma.$queryRaw<{
      next_due: Date | null;
      oldest_due: Date | null;
      due: number;
      publishing_due: number;
      mean_ms: number | null;
      failures: { code: string; count: number }[];
      paused_at: Date | null;
      paused_by: string | null;
    }[]>`
      SELECT
        (SELECT min("scheduledAt") FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status = 'pending' AND "scheduledAt" > ${now}::timestamp) AS next_due,
        d.oldest_due, d.due, d.publishing_due,
        (SELECT avg("executionTimeMs")::float FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status = 'completed' AND "executionTimeMs" IS NOT NULL) AS mean_ms,
        (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.code), '[]'::json) FROM (
          SELECT "lastErrorCode" AS code, count(*)::int AS count FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status IN ('failed', 'needs_review') AND "lastErrorCode" IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) f) AS failures,
        w."publishingPausedAt" AS paused_at, w."publishingPausedBy" AS paused_by
      FROM (SELECT min("scheduledAt") AS oldest_due, count(*)::int AS due,
                   count(*) FILTER (WHERE type IN ('social_post', 'reply'))::int AS publishing_due FROM "AgentTask"
            WHERE "workspaceId" = ${workspaceId} AND status = 'pending' AND "scheduledAt" <= ${now}::timestamp) d
      LEFT JOIN "Workspace" w ON w.id = ${workspaceId}`,
  ]);

  const stats = zeroCounts();
  const byPlatform: Record<string, ReturnType<typeof zeroCounts>> = {};
  const byType: Record<string, ReturnType<typeof zeroCounts>> = {};
  for (const g of groups) {
    const into = g.by === "status" ? stats : g.by === "platform" ? (byPlatform[g.platform ?? "none"] ??= zeroCounts()) : (byType[g.type!] ??= zeroCounts());
    into[g.status] += g.n;
    into.total += g.n;
  }
  const oldestDue = times.oldest_due;
  return {
    ...stats,
    byPlatform,
    byType,
    nextDueAt: times.next_due,
    oldestOverdueAt: oldestDue,
    lagMs: oldestDue ? Math.max(0, now.getTime() - oldestDue.getTime()) : 0,
    meanExecutionTimeMs: times.mean_ms === null ? null : Math.round(times.mean_ms),
    topFailureCodes: times.failures,
    /** The emergency stop: while paused, the scheduler claims none of the workspace's posts and replies. */
    publishing: { paused: times.paused_at !== null, pausedAt: times.paused_at, pausedBy: times.paused_at ? times.paused_by : null },
    /** Due tasks left pending by the pause; they go out on the first process call after the resume. */
    heldByPause: times.paused_at ? times.publishing_due : 0,
  };
}

/**
 * Deletes finished tasks (their attempts cascade) older than `days`, and outbox events older than
 * a day (live clients only replay recent ones). Returns how many of each.
 */
export async function cleanupOldTasks(prisma: Db, opts: { days: number; now?: Date; workspaceId?: string }) {
  const now = opts.now ?? clock.now();
  const ws = opts.workspaceId ? { workspaceId: opts.workspaceId } : {};
  const [tasks, events] = await Promise.all([
    prisma.agentTask.deleteMany({
      where: {
        ...ws,
        status: { in: ["completed", "failed", "cancelled"] },
        updatedAt: { lt: new Date(now.getTime() - opts.days * 86_400_000) },
      },
    }),
    prisma.event.deleteMany({ where: { ...ws, createdAt: { lt: new Date(now.getTime() - 86_400_000) } } }),
  ]);
  return { tasks: tasks.count, events: events.count };
}
