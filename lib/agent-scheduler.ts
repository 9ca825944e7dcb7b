// Herald's task scheduler, the public face (the seed's API). AgentTask rows in PostgreSQL are
// the queue; /api/agent/process calls processPendingTasks every five minutes. The protocol is in
// docs/design.md; each step lives in lib/scheduler/ under its verb, and what each task type does
// is a handler in lib/tasks/, assembled here and handed to the scheduler.
import { afterResponse } from "./after-response";
import { db } from "./db";
import { engagementSweep, sweepSettingsFromEnv } from "./engagement-sweep";
import { env } from "./env";
import { budgetMs, leaseMs } from "./scheduler/budget";
import type { TaskHandlers } from "./scheduler/handler";
import { processPendingTasks as runProcess, type ProcessSummary } from "./scheduler/process";
import { collectEngagement } from "./tasks/collect-engagement";
import { generate } from "./tasks/generate";
import { refreshToken } from "./tasks/refresh-token";
import { reply } from "./tasks/reply";
import { socialPost } from "./tasks/social-post";
import {
  cancelTask,
  cleanupOldTasks as cleanup,
  getTaskOrThrow,
  listTasks,
  retryTask,
  taskStatistics,
} from "./scheduler/queries";
import { scheduleTask, type ScheduleResult } from "./posting/schedule";
import { ListTasksQuery, ScheduleTaskInput } from "./validation/tasks";
import { clock } from "./clock";

export type { ProcessSummary, ScheduleResult };

/** Every task type's handler; a new task type is one file in lib/tasks/ and one line here. */
export const taskHandlers = {
  social_post: socialPost,
  collect_engagement: collectEngagement,
  generate,
  refresh_token: refreshToken,
  reply,
} satisfies TaskHandlers;

/** Schedules a post (one task per target account) or an engagement collection. */
export function scheduleAgentTask(workspaceId: string, input: unknown, now = clock.now()): Promise<ScheduleResult> {
  return scheduleTask(db(), workspaceId, ScheduleTaskInput.parse(input), now);
}

/** How long a publish-now call keeps claiming: the tasks it was started for are due at once. */
export const PUBLISH_NOW_BUDGET_MS = 15_000;

/**
 * Publish now (docs/design.md, "Publish now"): when one of `tasks` is already due, the workspace's
 * due tasks run right after the response, with the same claims, leases and fences as a cron call
 * (a cron call at the same moment simply claims other rows). Returns whether it was started.
 */
export function processDueAfterResponse(
  workspaceId: string,
  tasks: readonly { status: string; scheduledAt: Date | string }[],
  now = clock.now(),
): boolean {
  const due = tasks.some((t) => t.status === "pending" && new Date(t.scheduledAt).getTime() <= now.getTime());
  if (due) afterResponse("publish now", () => processPendingTasks({ workspaceId, budgetMs: PUBLISH_NOW_BUDGET_MS, sweep: false }));
  return due;
}

/**
 * Runs due tasks until done or out of time. `budgetMs` is capped by the route's maxDuration;
 * the lease is maxDuration plus a margin, so a killed invocation's tasks are reconciled later.
 */
export function processPendingTasks(opts: { budgetMs?: number; workspaceId?: string; now?: () => Date; sweep?: boolean } = {}) {
  const e = env();
  return runProcess({
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
    beforeClaim: opts.sweep === false ? undefined : engagementSweep(sweepSettingsFromEnv(e)),
  });
}

export function getAllScheduledTasks(workspaceId: string, query: unknown = {}) {
  return listTasks(db(), workspaceId, ListTasksQuery.parse(query));
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

export function getTaskStatistics(workspaceId: string) {
  return taskStatistics(db(), workspaceId);
}

export function cleanupOldTasks(opts: { days?: number; workspaceId?: string } = {}) {
  return cleanup(db(), { days: opts.days ?? 30, workspaceId: opts.workspaceId });
}
