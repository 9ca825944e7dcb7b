// The time budget of one process call (docs/design.md, protocol 4 and 8). Pure.

/**
 * The process route's maxDuration (app/api/agent/process/route.ts must export the same literal;
 * a test checks). Vercel allows 300 s on every plan with fluid compute.
 */
export const PROCESS_MAX_DURATION_S = 300;

/** Margin kept after the last publish may finish, for write-backs and the response. */
export const SAFETY_MARGIN_MS = 2_000;
/** Added to maxDuration for the lease: the platform kills the function at maxDuration. */
export const LEASE_MARGIN_MS = 30_000;

export function leaseMs(maxDurationS: number, marginMs = LEASE_MARGIN_MS): number {
  return maxDurationS * 1000 + marginMs;
}

/**
 * The budget of one call: what the caller asked for, never more than the function may live
 * (maxDuration), less the safety margin.
 */
export function budgetMs(maxDurationS: number, requestedMs?: number): number {
  const ceiling = maxDurationS * 1000 - SAFETY_MARGIN_MS;
  return Math.max(0, Math.min(requestedMs ?? ceiling, ceiling));
}

/**
 * Claim more only before the budget's end (`softDeadline`: when the caller wants its answer) and
 * while one more publish, with its full timeout and the margin, still fits before the function is
 * killed (`hardDeadline`: maxDuration). A 25 s budget for cron-job.org therefore keeps claiming
 * for 25 s; work in flight finishes after it, well inside maxDuration.
 */
export function mayClaim(now: number, softDeadline: number, hardDeadline: number, publishTimeoutMs: number): boolean {
  return now < softDeadline && hardDeadline - now >= publishTimeoutMs + SAFETY_MARGIN_MS;
}
