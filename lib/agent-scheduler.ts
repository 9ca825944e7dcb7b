// Herald's task scheduler, the public face (the seed's API). AgentTask rows in PostgreSQL are
// the queue; /api/agent/process calls processPendingTasks every five minutes. The protocol is in
// docs/design.md; each step lives in lib/scheduler/ under its verb, and what each task type does
// is a handler in lib/tasks/, assembled here and handed to the scheduler.
import { afterResponse } from "./after-response";
import { db } from "./db";
import { engagementSweep, sweepSettingsFromEnv } from "./engagement-sweep";
import { appUrl, env, type Env } from "./env";
import { budgetMs, leaseMs } from "./scheduler/budget";
import { coalescer } from "./scheduler/coalesce";
import type { TaskHandlers } from "./scheduler/handler";
import { processPendingTasks as runProcess, type ProcessSummary } from "./scheduler/process";
import { recordCall } from "./scheduler/sql/record-call";
import { logger } from "./logger";
import { collectEngagement } from "./tasks/collect-engagement";
import { digestTask } from "./tasks/digest";
import { feedPoll } from "./tasks/feed-poll";
import { notifyTask } from "./tasks/notify";
import { generate } from "./tasks/generate";
import { inboxSweep } from "./tasks/inbox-sweep";
import { bothSteps, inboxSweepStep } from "./inbox/sweep";
import { refreshToken } from "./tasks/refresh-token";
import { reply } from "./tasks/reply";
import { socialPost } from "./tasks/social-post";
import { webhookTask } from "./tasks/webhook";
import {
  cancelTask,
  cleanupOldTasks as cleanup,
  getTaskOrThrow,
  listTasksJson,
  retryTask,
  taskStatistics,
} from "./scheduler/queries";
import { scheduleTask, type ScheduleResult } from "./posting/schedule";
import { ListTasksQuery, ScheduleTaskInput } from "./validation/tasks";
import { clock } from "./clock";
import { traceHeaders } from "./observability/trace";

export type { ProcessSummary, ScheduleResult };

/** Every task type's handler; a new task type is one file in lib/tasks/ and one line here. */
export const taskHandlers = {
  social_post: socialPost,
  collect_engagement: collectEngagement,
  generate,
  refresh_token: refreshToken,
  reply,
  notify: notifyTask,
  digest: digestTask,
  webhook: webhookTask,
  inbox_sweep: inboxSweep,
  feed_poll: feedPoll,
} satisfies TaskHandlers;

/** Schedules a post (one task per target account) or an engagement collection. */
export function scheduleAgentTask(workspaceId: string, input: unknown, now = clock.now()): Promise<ScheduleResult> {
  return scheduleTask(db(), workspaceId, ScheduleTaskInput.parse(input), now);
}

/** How long a publish-now call keeps claiming: the tasks it was started for are due at once. */
export const PUBLISH_NOW_BUDGET_MS = 15_000;

/**
 * Publish now and on time (docs/design.md, "Publish now", "On time"): when one of `tasks` is due
 * already, or falls due before the next cron call could run it (SCHEDULER_CRON_INTERVAL_S) and
 * within this function's life, the workspace's tasks run right after the response, each at its
 * time, with the same claims, leases and fences as a cron call (a cron call at the same moment
 * simply claims other rows). Returns whether it was started.
 */
export function processDueAfterResponse(
  workspaceId: string,
  tasks: readonly { status: string; scheduledAt: Date | string }[],
  now = clock.now(),
): boolean {
  const e = env();
  const times = tasks.filter((t) => t.status === "pending").map((t) => new Date(t.scheduledAt).getTime() - now.getTime());
  if (!times.length) return false;
  const dueIn = Math.max(0, Math.min(...times));
  const horizon = Math.min(e.SCHEDULER_CRON_INTERVAL_S * 1000, budgetMs(e.SCHEDULER_MAX_DURATION_S) - PUBLISH_NOW_BUDGET_MS);
  if (dueIn > horizon) return false;
  const budget = dueIn + PUBLISH_NOW_BUDGET_MS;
  afterResponse("publish now", () => processPendingTasks({ workspaceId, budgetMs: budget, sweep: false, onTime: true }));
  return true;
}

/**
 * On time (docs/design.md, "On time"): a task is claimed up to 2 s before it falls due and
 * started at its time; an idle call looks for new tasks every 5 s while it waits for one.
 */
export const ON_TIME = { lookaheadMs: 2_000, pollMs: 5_000 } as const;

/**
 * Runs due tasks until done or out of time. `budgetMs` is capped by the route's maxDuration;
 * the lease is maxDuration plus a margin, so a killed invocation's tasks are reconciled later.
 */
export function processPendingTasks(
  opts: {
    budgetMs?: number;
    workspaceId?: string;
    now?: () => Date;
    sweep?: boolean;
    /** Also run tasks falling due within the call's claim window, each at its time (ON_TIME). */
    onTime?: boolean;
    /** May start more process calls when the backlog is large (a cron call; never one it started). */
    fanOut?: boolean;
    /**
     * A call of the cron's (or one its fan-out started): how it ended is recorded for /api/health
     * (docs/design.md, "Health"). Publish-now calls are not, so they cannot hide a dead cron.
     */
    heartbeat?: boolean;
  } = {},
): Promise<ProcessSummary> {
  const e = env();
  const run = runProcess({
    prisma: db(),
    handlers: taskHandlers,
    now: opts.now,
    workspaceId: opts.workspaceId,
    budgetMs: budgetMs(e.SCHEDULER_MAX_DURATION_S, opts.budgetMs),
    hardLimitMs: budgetMs(e.SCHEDULER_MAX_DURATION_S),
    leaseMs: leaseMs(e.SCHEDULER_MAX_DURATION_S, e.SCHEDULER_LEASE_MARGIN_MS),
    batchSize: e.SCHEDULER_BATCH_SIZE,
    concurrency: e.SCHEDULER_CONCURRENCY,
    perAccountConcurrency: e.SCHEDULER_PER_ACCOUNT_CONCURRENCY,
    publishTimeoutMs: e.SCHEDULER_PUBLISH_TIMEOUT_MS,
    // Presence-throttled engagement refresh (ENGAGEMENT_ACTIVE_MIN_MS / ENGAGEMENT_IDLE_MIN_MS).
    // and the community inbox's sweeps (docs/decisions.md, "Inbox").
    beforeClaim: opts.sweep === false ? undefined : bothSteps(engagementSweep(sweepSettingsFromEnv(e)), inboxSweepStep(e.CLIENT_IDLE_THRESHOLD_MS)),
    onTime: opts.onTime ? ON_TIME : undefined,
    fanOut: opts.fanOut && e.SCHEDULER_FANOUT_MAX > 0 ? { max: e.SCHEDULER_FANOUT_MAX, start: startProcessCall(e) } : undefined,
  });
  return opts.heartbeat ? withHeartbeat(run, opts.now ?? clock.now) : run;
}

/**
 * Records how a cron call ended, one statement (docs/design.md, "Health"). A record that cannot be
 * written is logged and changes nothing about the call's answer: its tasks were handled.
 */
async function withHeartbeat(run: Promise<ProcessSummary>, now: () => Date): Promise<ProcessSummary> {
  let summary: ProcessSummary;
  try {
    summary = await run;
  } catch (err) {
    await recordCall(db(), { at: now(), ok: false, error: errorCode(err) }).catch((e: unknown) => logger.warn({ err: e }, "could not record the failed process call"));
    throw err;
  }
  await recordCall(db(), { at: now(), ok: true }).catch((e: unknown) => logger.warn({ err: e }, "could not record the process call"));
  return summary;
}

/** An error's code (Prisma's P…, Herald's own) or class name: never its message, which may carry data. */
function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && /^[\w.-]{1,40}$/.test(code)) return code;
  return err instanceof Error && /^\w{1,40}$/.test(err.name) ? err.name : "Error";
}

/**
 * Starts one more process call over HTTP (docs/design.md, "Fan-out"): the app's own route at its
 * configured address (never one taken from a request), with the cron secret, marked as started by
 * fan-out so it never fans out itself. Resolves with its summary.
 */
export function startProcessCall(e: Env) {
  return async (budgetMs: number): Promise<ProcessSummary> => {
    const url = new URL(e.SCHEDULER_FANOUT_URL ?? `${appUrl(e)}/api/agent/process`);
    url.searchParams.set("budget", String(Math.max(1, Math.floor(budgetMs / 1000))));
    url.searchParams.set("fanout", "0");
    const res = await fetch(url, {
      method: "POST",
      // The trace context too, so the call's spans join this one's trace (docs/decisions.md, "Observability").
      headers: { authorization: `Bearer ${e.CRON_SECRET}`, ...traceHeaders() },
      signal: AbortSignal.timeout(e.SCHEDULER_MAX_DURATION_S * 1000 + 10_000),
    });
    if (!res.ok) throw new Error(`the fan-out call answered ${res.status}`);
    return (await res.json()) as ProcessSummary;
  };
}

/** A page of the workspace's tasks as the JSON text of a TaskListPage (lib/scheduler/view.ts). */
export function getAllScheduledTasksJson(workspaceId: string, query: unknown = {}): Promise<string> {
  return listTasksJson(db(), workspaceId, ListTasksQuery.parse(query));
}

export function getScheduledTask(workspaceId: string, id: string) {
  return getTaskOrThrow(db(), workspaceId, id);
}

export function cancelScheduledTask(workspaceId: string, id: string) {
  return cancelTask(db(), workspaceId, id);
}

export function retryScheduledTask(workspaceId: string, id: string) {
  return retryTask(db(), workspaceId, id);
}

type TaskStatistics = Awaited<ReturnType<typeof taskStatistics>>;
type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Requests for statistics that arrive together share one read per workspace: a request waits for
 * the next read to start, never joins one already running, so an answer is never older than its
 * request (docs/design.md, "Task statistics").
 */
const statisticsReads = coalescer<string, Settled<TaskStatistics>>(
  async (ids) => {
    const now = clock.now();
    const unique = [...new Set(ids)];
    const settled = await Promise.allSettled(unique.map((id) => taskStatistics(db(), id, now)));
    const byId = new Map(unique.map((id, i): [string, Settled<TaskStatistics>] => {
      const s = settled[i];
      return [id, s.status === "fulfilled" ? { ok: true, value: s.value } : { ok: false, error: s.reason }];
    }));
    return ids.map((id) => byId.get(id)!);
  },
  { max: 1_000 },
);

export async function getTaskStatistics(workspaceId: string): Promise<TaskStatistics> {
  const s = await statisticsReads.add(workspaceId);
  if (!s.ok) throw s.error;
  return s.value;
}

export function cleanupOldTasks(opts: { days?: number; workspaceId?: string } = {}) {
  return cleanup(db(), { days: opts.days ?? 30, workspaceId: opts.workspaceId });
}
