// What the API shows of a task: everything but the internal lease bookkeeping.
import type { Prisma } from "../generated/prisma/client";

export const taskSelect = {
  id: true,
  type: true,
  platform: true,
  accountId: true,
  postTargetId: true,
  scheduledAt: true,
  status: true,
  priority: true,
  content: true,
  config: true,
  retryCount: true,
  maxRetries: true,
  lastError: true,
  lastErrorCode: true,
  lastFailureClass: true,
  result: true,
  executedAt: true,
  idempotencyKey: true,
  processingStartedAt: true,
  executionTimeMs: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.AgentTaskSelect;

export type TaskView = Prisma.AgentTaskGetPayload<{ select: typeof taskSelect }>;

/** One page of the task list (GET /api/agent/tasks), newest first. */
export interface TaskListPage {
  tasks: TaskView[];
  /** The last task's id when more follow: pass it as `cursor` for the next page. */
  nextCursor: string | null;
}
