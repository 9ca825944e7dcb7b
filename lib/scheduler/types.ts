// Shapes the scheduler passes around.
import type { Platform, TaskStatus, TaskType } from "../generated/prisma/enums";
import type { Db } from "../db";

export interface ClaimedTask {
  id: string;
  workspaceId: string;
  type: TaskType;
  platform: Platform | null;
  accountId: string | null;
  postTargetId: string | null;
  scheduledAt: Date;
  status: TaskStatus;
  content: string | null;
  config: Record<string, unknown>;
  retryCount: number;
  maxRetries: number;
  /** The workspace's first retry delay (docs/decisions.md, "Workspace settings"). */
  retryBaseMs: number;
  idempotencyKey: string;
  lockedBy: string;
  processingStartedAt: Date;
}

export interface SchedulerDeps {
  prisma: Db;
  /** The clock; tests inject one. */
  now: () => Date;
}

/** The outcome of running one task, before it is written back. */
export type TaskOutcome =
  | { kind: "completed"; result: Record<string, unknown>; adopted?: boolean }
  /** Not attempted: the account is at its platform's posting limit. No retry is used up. */
  | { kind: "deferred"; at: Date; message: string }
  | {
      kind: "retry" | "failed" | "needs_review";
      at?: Date;
      failures: number;
      failureClass: string;
      code: string;
      message: string;
      httpStatus?: number;
      /** For an in-doubt attempt that reconciliation proved absent. */
      inDoubt?: boolean;
    };
