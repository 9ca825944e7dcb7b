// The one rule for times in the past, for every way a person schedules a post: the composer and
// POST /api/agent/schedule (scheduleTask), the CSV import and moving a post (PATCH /api/posts/:id).
// A few minutes of grace cover the time it takes to fill in the form and clocks a little apart;
// anything older is refused with a field error on the time, not accepted and then shown as
// published. Publishing now means no time at all. Internal rescheduling (retries, recurrence,
// approving a held post) is not a person picking a time and does not pass through here.
import { HeraldError } from "../errors";

/** How far in the past a requested time may be and still count as "now". */
export const PAST_GRACE_MS = 5 * 60_000;

export const PAST_TIME_MESSAGE = "That time is in the past; pick a later time or publish now.";

/** Whether `at` is more than the grace period before `now`. */
export function isTooFarInThePast(at: Date, now: Date): boolean {
  return at.getTime() < now.getTime() - PAST_GRACE_MS;
}

/** 400 validation_failed with a field error on `path` when `at` is too far in the past. */
export function assertNotInThePast(at: Date, now: Date, path = "scheduledAt"): void {
  if (isTooFarInThePast(at, now)) {
    throw new HeraldError("validation_failed", "The request is invalid.", { fields: [{ path, message: PAST_TIME_MESSAGE }] });
  }
}
