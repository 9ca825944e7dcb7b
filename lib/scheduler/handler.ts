// What the scheduler asks of a task type (docs/design.md, "Task handlers"). The scheduler knows
// how to claim, lease, fence and write back; what a task *does* lives in its handler (lib/tasks/),
// and lib/agent-scheduler.ts hands the set to the scheduler. Nothing here may import a feature.
import type { Db } from "../db";
import type { TaskType } from "../generated/prisma/enums";
import type { Pacer } from "./pace";
import type { ClaimedTask, TaskOutcome } from "./types";

export interface TaskContext {
  prisma: Db;
  now: () => Date;
  /** The default time a single platform call may take. */
  publishTimeoutMs: number;
  /**
   * Per-invocation memo, keyed by the handlers (e.g. "account:<id>"), so a batch for one account
   * loads it once. Handlers delete a key when what it holds has changed.
   */
  cache: Map<string, Promise<unknown>>;
  /**
   * Called right before each platform call with a side effect (publish, token refresh): confirms
   * this invocation still holds the task and stretches its lease over `callMs`; throws
   * LeaseLostError (lib/scheduler/sql/hold-lease.ts) when it does not, so the call is never made.
   */
  holdLease: (task: ClaimedTask, callMs: number) => Promise<void>;
  /** Per-account posting limits for this call (protocol 9): read once a second, not per task. */
  pace: Pacer;
}

export interface TaskHandler {
  /** Runs one claimed task and says what happened; never writes the task row (finish.ts does). */
  run(task: ClaimedTask, ctx: TaskContext): Promise<TaskOutcome>;
  /**
   * A task whose previous holder's lease ran out (protocol 5). Absent: the task had no side effect
   * worth doubting, so the attempt is counted and retried.
   */
  settleExpired?(task: ClaimedTask, ctx: TaskContext, why: string): Promise<TaskOutcome>;
  /** The task speaks for its post target: its write-back moves the target and rolls up the post. */
  publishes?: boolean;
  /**
   * Runs once the task's write-back is written (not when the fence held), e.g. to notify members
   * of a failure (docs/decisions.md, "Notifications"). Must be idempotent; an error is logged and
   * changes nothing about the task.
   */
  afterWrite?(task: ClaimedTask, outcome: TaskOutcome, ctx: TaskContext): Promise<void>;
  /** Tasks queued in the same write-back statement when this one completes (protocol 3). */
  followUps?: { type: TaskType; afterHours: readonly number[]; keyPrefix: string };
}

/** One handler per task type: a missing one is a compile error where the set is assembled. */
export type TaskHandlers = Record<TaskType, TaskHandler>;
