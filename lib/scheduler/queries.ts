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

export async function taskStatistics(prisma: Db, workspaceId: string, now = clock.now()) {
  const [byStatus, byPlatform, byType, nextDue, oldestDue, exec, failures] = await Promise.all([
    prisma.agentTask.groupBy({ by: ["status"], where: { workspaceId }, _count: { _all: true } }),
    prisma.agentTask.groupBy({ by: ["platform", "status"], where: { workspaceId }, _count: { _all: true } }),
    prisma.agentTask.groupBy({ by: ["type", "status"], where: { workspaceId }, _count: { _all: true } }),
    prisma.agentTask.findFirst({
      where: { workspaceId, status: "pending", scheduledAt: { gt: now } },
      orderBy: { scheduledAt: "asc" },
      select: { scheduledAt: true },
    }),
    prisma.agentTask.findFirst({
      where: { workspaceId, status: "pending", scheduledAt: { lte: now } },
      orderBy: { scheduledAt: "asc" },
      select: { scheduledAt: true },
    }),
    prisma.agentTask.aggregate({
      where: { workspaceId, status: "completed", executionTimeMs: { not: null } },
      _avg: { executionTimeMs: true },
    }),
    prisma.agentTask.groupBy({
      by: ["lastErrorCode"],
      where: { workspaceId, status: { in: ["failed", "needs_review"] }, lastErrorCode: { not: null } },
      _count: { _all: true },
      orderBy: { _count: { lastErrorCode: "desc" } },
      take: 10,
    }),
  ]);

  const stats = zeroCounts();
  for (const r of byStatus) {
    stats[r.status] = r._count._all;
    stats.total += r._count._all;
  }
  const group = <K extends string>(rows: { status: TaskStatus; _count: { _all: number } }[], keyOf: (r: never) => K | null) => {
    const out: Record<string, ReturnType<typeof zeroCounts>> = {};
    for (const r of rows) {
      const k = keyOf(r as never) ?? "none";
      out[k] ??= zeroCounts();
      out[k][r.status] += r._count._all;
      out[k].total += r._count._all;
    }
    return out;
  };
  return {
    ...stats,
    byPlatform: group(byPlatform, (r: { platform: string | null }) => r.platform),
    byType: group(byType, (r: { type: string }) => r.type),
    nextDueAt: nextDue?.scheduledAt ?? null,
    oldestOverdueAt: oldestDue?.scheduledAt ?? null,
    lagMs: oldestDue ? Math.max(0, now.getTime() - oldestDue.scheduledAt.getTime()) : 0,
    meanExecutionTimeMs: exec._avg.executionTimeMs === null ? null : Math.round(exec._avg.executionTimeMs),
    topFailureCodes: failures.map((f) => ({ code: f.lastErrorCode, count: f._count._all })),
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
