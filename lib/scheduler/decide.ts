// What to do with an attempt's failure (docs/design.md, protocol 6). Pure: every input is an argument.
import type { FailureClass } from "../errors";
import { nextRetryAt } from "./backoff";
import type { TaskOutcome } from "./types";

export interface FailureFacts {
  failureClass: FailureClass;
  code: string;
  message: string;
  httpStatus?: number;
  retryAt?: Date;
}

/** What retry timing needs of a task; retryBaseMs is the workspace's first delay (claim.ts reads it). */
export interface RetryState {
  retryCount: number;
  maxRetries: number;
  retryBaseMs?: number;
}

export type FailureDecision =
  | { action: "retry"; at: Date; failures: number }
  | { action: "fail"; failures: number }
  /** In doubt: ask the platform whether the post exists before anything else. */
  | { action: "reconcile" };

/**
 * `failuresSoFar` is the task's retryCount before this attempt; an attempt that fails adds one.
 */
export function decideOnFailure(
  f: FailureFacts,
  task: RetryState,
  now: Date,
): FailureDecision {
  const failures = task.retryCount + 1;
  switch (f.failureClass) {
    case "transient": {
      const at = nextRetryAt(now, failures, task.maxRetries, f.retryAt, task.retryBaseMs);
      return at ? { action: "retry", at, failures } : { action: "fail", failures };
    }
    case "rate_limited": {
      // Wait for the platform's reset; without one, the backoff stands.
      const at = nextRetryAt(now, failures, task.maxRetries, f.retryAt, task.retryBaseMs);
      return at ? { action: "retry", at, failures } : { action: "fail", failures };
    }
    case "auth":
    case "permanent":
      return { action: "fail", failures };
    case "in_doubt":
      return { action: "reconcile" };
  }
}

/** A failure that no retry will mend (bad config, a missing account, nothing to plan into). */
export function failedOutcome(task: { retryCount: number }, code: string, message: string, failureClass = "permanent"): TaskOutcome {
  return { kind: "failed", failures: task.retryCount + 1, failureClass, code, message };
}

/** After reconciling an in-doubt attempt that proved absent: retry like a transient failure. */
export function decideAfterAbsent(task: RetryState, now: Date): FailureDecision {
  return decideOnFailure({ failureClass: "transient", code: "absent_after_doubt", message: "" }, task, now);
}

/** A classified failure as the task's outcome: retry at the backoff, fail, or "reconcile" first. */
export function failureOutcome(
  f: FailureFacts,
  task: RetryState,
  now: Date,
): TaskOutcome | "reconcile" {
  const d = decideOnFailure(f, task, now);
  if (d.action === "reconcile") return "reconcile";
  const base = { failures: d.failures, failureClass: f.failureClass, code: f.code, message: f.message, httpStatus: f.httpStatus };
  return d.action === "retry" ? { kind: "retry", at: d.at, ...base } : { kind: "failed", ...base };
}

/**
 * The outcome of a step with no side effect worth doubting (a metrics read, a token refresh, a
 * lease that expired on such a task, an internal error): an in-doubt failure is just transient.
 */
export function retryableOutcome(f: FailureFacts, task: RetryState, now: Date): TaskOutcome {
  const facts = f.failureClass === "in_doubt" ? { ...f, failureClass: "transient" as const } : f;
  return failureOutcome(facts, task, now) as TaskOutcome; // never "reconcile" once not in doubt
}
