// Reading and steering tasks for one workspace. Every query is scoped by workspaceId in `where`.
import { poolOf, type Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { TaskStatus } from "../generated/prisma/enums";
import { HeraldError, unknownCursor } from "../errors";
import type { ListTasksQuery } from "../validation/tasks";
import { rollUpPost } from "./sql/finish";
import { taskSelect, type TaskView } from "./view";
import { clock } from "../clock";

// How each field of the API's task view (lib/scheduler/view.ts) is written into the list's JSON.
// The page is read as text (no row decoding) and written here: building it with PostgreSQL's JSON
// functions cost the database four times the read itself (docs/benchmarks.md §8).
type FieldKind = "string" | "number" | "json" | "timestamp";
const FIELD_KINDS = {
  id: "string",
  type: "string",
  platform: "string",
  accountId: "string",
  postTargetId: "string",
  scheduledAt: "timestamp",
  status: "string",
  priority: "number",
  content: "string",
  config: "json",
  retryCount: "number",
  maxRetries: "number",
  lastError: "string",
  lastErrorCode: "string",
  lastFailureClass: "string",
  result: "json",
  executedAt: "timestamp",
  idempotencyKey: "string",
  processingStartedAt: "timestamp",
  executionTimeMs: "number",
  createdAt: "timestamp",
  updatedAt: "timestamp",
} as const satisfies Record<keyof typeof taskSelect, FieldKind>;
const FIELDS = Object.entries(FIELD_KINDS) as [keyof typeof taskSelect, FieldKind][];
const COLUMNS = Prisma.raw(FIELDS.map(([k]) => `t."${k}"`).join(", "));

const PG_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,3}))?$/;
/** PostgreSQL's text of a `timestamp(3)` (UTC, DateStyle ISO) as JavaScript's toISOString writes it. */
function isoFromPgTimestamp(text: string): string {
  const m = PG_TIMESTAMP.exec(text);
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? "").padEnd(3, "0")}Z`;
  const d = new Date(`${text.replace(" ", "T")}Z`);
  if (Number.isNaN(d.getTime())) throw new Error(`Unreadable timestamp from the database: ${JSON.stringify(text)}`);
  return d.toISOString();
}

function taskJson(row: (string | null)[]): string {
  let out = "{";
  for (let i = 0; i < FIELDS.length; i++) {
    const [key, kind] = FIELDS[i];
    const v = row[i];
    out += `${i ? "," : ""}"${key}":`;
    if (v === null) out += "null";
    else if (kind === "number" || kind === "json") out += v; // int4 and jsonb text are JSON as they are
    else out += JSON.stringify(kind === "timestamp" ? isoFromPgTimestamp(v) : v);
  }
  return out + "}";
}

const asText = { getTypeParser: () => (v: string) => v };

/**
 * One page of the workspace's tasks, newest first, as the JSON text of `TaskListPage`: the list
 * is the API's busiest read, so its rows are read as text and written as JSON without decoding
 * them into objects first (docs/benchmarks.md §8). test/integration/task-list.test.ts holds it
 * equal to Prisma's `findMany` with the same view.
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
  const page = Prisma.sql`SELECT ${COLUMNS} FROM "AgentTask" t WHERE ${Prisma.join(filters, " AND ")}
    ORDER BY t."scheduledAt" DESC, t.id DESC LIMIT ${q.limit + 1}`;
  const { rows } = await poolOf(prisma).query<(string | null)[]>({
    text: page.text,
    values: page.values.map((v) => (v instanceof Date ? v.toISOString() : v)),
    rowMode: "array",
    types: asText,
  });
  // An empty page after a cursor: another workspace's id (or an unknown one) is a bad request, as for posts.
  if (q.cursor && rows.length === 0 && !(await prisma.agentTask.count({ where: { id: q.cursor, workspaceId } }))) throw unknownCursor();
  const more = rows.length > q.limit;
  const tasks = (more ? rows.slice(0, q.limit) : rows).map(taskJson);
  return `{"tasks":[${tasks.join(",")}],"nextCursor":${more ? JSON.stringify(rows[q.limit - 1][0]) : "null"}}`;
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
