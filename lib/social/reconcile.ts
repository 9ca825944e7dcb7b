// Where text-matching reconciliation starts looking: never before the task's first attempt (a
// same-text post from yesterday is not this task's), and never further back than the adapter's
// window (bounded paging).
export function windowStart(now: Date, windowMs: number, since?: Date): Date {
  return new Date(Math.max(now.getTime() - windowMs, since?.getTime() ?? 0));
}
