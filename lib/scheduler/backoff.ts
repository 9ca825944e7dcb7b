// Retry timing (docs/design.md, protocol 6): attempt 1 fails → +5 min, 2 → +15, 3 → +45, then failed.
// A workspace may choose its own first delay and number of retries (docs/decisions.md, "Workspace
// settings"); the factor and the one-day cap stay. Pure: `now` is an argument.

/** The first retry's delay and the retries of a new post, unless the workspace sets its own. */
export const BASE_RETRY_MINUTES = 5;
export const DEFAULT_MAX_RETRIES = 3;
const FACTOR = 3;
const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

/** Delay after the n-th failure (n ≥ 1): 5, 15, 45, 135 … minutes (from `baseMs`), capped at a day. */
export function backoffDelayMs(failures: number, baseMs = BASE_RETRY_MINUTES * 60_000): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError("failures must be a positive integer");
  return Math.min(baseMs * FACTOR ** (failures - 1), MAX_DELAY_MS);
}

/**
 * When to try again after `failures` failures, or null when retries are used up.
 * A later platform reset time (Retry-After, x-rate-limit-reset) wins over the backoff.
 */
export function nextRetryAt(now: Date, failures: number, maxRetries: number, notBefore?: Date, baseMs?: number): Date | null {
  if (failures > maxRetries) return null;
  const backoff = now.getTime() + backoffDelayMs(failures, baseMs);
  return new Date(Math.max(backoff, notBefore?.getTime() ?? 0));
}
