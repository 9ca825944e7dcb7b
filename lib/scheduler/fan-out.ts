// Fan-out (docs/design.md, "Fan-out"): how many more process calls a call should start to share
// its backlog. Pure.

/** How long a due backlog may take before a call starts more calls to share it. */
export const FANOUT_CATCH_UP_MS = 10_000;

/**
 * `finished` tasks in `elapsedMs` is this call's pace, assumed alike for every call. With `started`
 * calls already begun (besides this one), as many more as would clear `backlog` within the catch-up
 * time (or the claim window left, if shorter), never more than `max` in all.
 */
export function moreCalls(at: { finished: number; elapsedMs: number; backlog: number; started: number; max: number; windowMs: number }): number {
  if (at.finished <= 0 || at.elapsedMs <= 0 || at.windowMs <= 0) return 0;
  const perMs = at.finished / at.elapsedMs;
  const needed = Math.ceil(at.backlog / (perMs * Math.min(FANOUT_CATCH_UP_MS, at.windowMs)));
  return Math.max(0, Math.min(at.max - at.started, needed - (at.started + 1)));
}
