// What to do with an attempt's failure (DESIGN.md protocol 6). Pure: every input is an argument.
import type { FailureClass } from "../social/types";
import { nextRetryAt } from "./backoff";

export interface FailureFacts {
  failureClass: FailureClass;
  code: string;
  message: string;
  httpStatus?: number;
  retryAt?: Date;
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
  task: { retryCount: number; maxRetries: number },
  now: Date,
): FailureDecision {
  const failures = task.retryCount + 1;
  switch (f.failureClass) {
    case "transient": {
      const at = nextRetryAt(now, failures, task.maxRetries, f.retryAt);
      return at ? { action: "retry", at, failures } : { action: "fail", failures };
    }
    case "rate_limited": {
      // Wait for the platform's reset; without one, the backoff stands.
      const at = nextRetryAt(now, failures, task.maxRetries, f.retryAt);
      return at ? { action: "retry", at, failures } : { action: "fail", failures };
    }
    case "auth":
    case "permanent":
      return { action: "fail", failures };
    case "in_doubt":
      return { action: "reconcile" };
  }
}

/** After reconciling an in-doubt attempt that proved absent: retry like a transient failure. */
export function decideAfterAbsent(task: { retryCount: number; maxRetries: number }, now: Date): FailureDecision {
  return decideOnFailure({ failureClass: "transient", code: "absent_after_doubt", message: "" }, task, now);
}
