// Retry timing (docs/design.md, protocol 6): attempt 1 fails → +5 min, 2 → +15, 3 → +45, then failed.
// Pure: `now` is an argument.

const BASE_MINUTES = 5;
const FACTOR = 3;
const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

/** Delay after the n-th failure (n ≥ 1): 5, 15, 45, 135 … minutes, capped at a day. */
export function backoffDelayMs(failures: number): number {
  if (!Number.isInteger(failures) || failures < 1) throw new RangeError("failures must be a positive integer");
  return Math.min(BASE_MINUTES * FACTOR ** (failures - 1) * 60_000, MAX_DELAY_MS);
}

/**
 * When to try again after `failures` failures, or null when retries are used up.
 * A later platform reset time (Retry-After, x-rate-limit-reset) wins over the backoff.
 */
export function nextRetryAt(now: Date, failures: number, maxRetries: number, notBefore?: Date): Date | null {
  if (failures > maxRetries) return null;
  const backoff = now.getTime() + backoffDelayMs(failures);
  return new Date(Math.max(backoff, notBefore?.getTime() ?? 0));
}
