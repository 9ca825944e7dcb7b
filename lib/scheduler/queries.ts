// Reading and steering tasks for one workspace. Every query is scoped by workspaceId in `where`.
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import type { TaskStatus } from "../generated/prisma/enums";
import { HeraldError } from "../errors";
import type { ListTasksQuery } from "../validation/tasks";
import { rollUpPost } from "./sql/finish";
import { taskSelect, type TaskView } from "./view";
import { clock } from "../clock";

export async function listTasks(prisma: Db, workspaceId: string, q: ListTasksQuery) {
  const where: Prisma.AgentTaskWhereInput = {
    workspaceId,
    ...(q.status && { status: { in: q.status } }),
    ...(q.type && { type: { in: q.type } }),
    ...(q.platform && { platform: { in: q.platform } }),
    ...((q.from || q.to) && {
      scheduledAt: { ...(q.from && { gte: new Date(q.from) }), ...(q.to && { lt: new Date(q.to) }) },
    }),
  };
  if (q.cursor) {
    // Prisma reads the cursor row without the workspace filter: another workspace's id would place
    // the page by that row (revealing when it is scheduled). It is a bad request, as for posts.
    const c = await prisma.agentTask.findFirst({ where: { id: q.cursor, workspaceId }, select: { id: true } });
    if (!c) throw new HeraldError("bad_request", "The cursor is not valid for this list.", { fields: [{ path: "cursor", message: "Unknown cursor." }] });
  }
  const rows = await prisma.agentTask.findMany({
    where,
    select: taskSelect,
    orderBy: [{ scheduledAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    ...(q.cursor && { cursor: { id: q.cursor }, skip: 1 }),
  });
  const more = rows.length > q.limit;
  const tasks = more ? rows.slice(0, q.limit) : rows;
  return { tasks, nextCursor: more ? tasks[tasks.length - 1].id : null };
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
 * times and failure codes), not seven: the admin page and the API poll it.
 */
export async function taskStatistics(prisma: Db, workspaceId: string, now = clock.now()) {
  const [groups, [times]] = await Promise.all([
    prisma.$queryRaw<{ status: TaskStatus; platform: string | null; type: string | null; by: "status" | "platform" | "type"; n: number }[]>`
      SELECT status, platform::text AS platform, type::text AS type,
             CASE WHEN GROUPING(platform) = 0 THEN 'platform' WHEN GROUPING(type) = 0 THEN 'type' ELSE 'status' END AS by,
             count(*)::int AS n
      FROM "AgentTask" WHERE "workspaceId" = ${workspaceId}
      GROUP BY GROUPING SETS ((status), (platform, status), (type, status))`,
    prisma.$queryRaw<{ next_due: Date | null; oldest_due: Date | null; mean_ms: number | null; failures: { code: string; count: number }[] }[]>`
      SELECT
        (SELECT min("scheduledAt") FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status = 'pending' AND "scheduledAt" > ${now}::timestamp) AS next_due,
        (SELECT min("scheduledAt") FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status = 'pending' AND "scheduledAt" <= ${now}::timestamp) AS oldest_due,
        (SELECT avg("executionTimeMs")::float FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status = 'completed' AND "executionTimeMs" IS NOT NULL) AS mean_ms,
        (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.code), '[]'::json) FROM (
          SELECT "lastErrorCode" AS code, count(*)::int AS count FROM "AgentTask"
          WHERE "workspaceId" = ${workspaceId} AND status IN ('failed', 'needs_review') AND "lastErrorCode" IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10) f) AS failures`,
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
