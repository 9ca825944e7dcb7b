// Recurring posts (docs/design.md, protocol 11). Occurrences sit on a grid of *local* wall times in the
// workspace's IANA zone, anchored at the first scheduled local time: 09:00 Europe/Berlin stays
// 09:00 across daylight-saving changes. rrule does the calendar math on "floating" times (wall
// clock stored as UTC), luxon turns each wall time into an instant in the zone. Pure.
import { DateTime } from "luxon";
import * as rrulePkg from "rrule";
import type { Options, Weekday } from "rrule";
import { z } from "zod";

// rrule ships CommonJS for Node and ESM for bundlers; Node's ESM loader sees only `default`.
const { RRule } = ((rrulePkg as unknown as { default?: typeof rrulePkg }).default ?? rrulePkg) as typeof rrulePkg;

const WEEKDAYS = { MO: RRule.MO, TU: RRule.TU, WE: RRule.WE, TH: RRule.TH, FR: RRule.FR, SA: RRule.SA, SU: RRule.SU };

export const isValidTimeZone = (tz: string) => DateTime.local().setZone(tz).isValid;

export const RecurrenceInput = z
  .object({
    freq: z.enum(["daily", "weekly", "monthly"]),
    interval: z.number().int().min(1).max(366).default(1),
    byWeekday: z.array(z.enum(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])).min(1).max(7).optional(),
    byMonthDay: z.array(z.number().int().min(-31).max(31).refine((d) => d !== 0, "0 is not a day")).min(1).max(31).optional(),
    until: z.iso.datetime({ offset: true, local: true }).or(z.iso.date()).optional(),
    count: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((r) => !(r.until && r.count), { message: "Give an end date or a count, not both." });

export type RecurrenceInput = z.infer<typeof RecurrenceInput>;

/** What is stored on the Post: the rule, its zone, and the local anchor (first wall time). */
export interface Recurrence extends RecurrenceInput {
  timeZone: string;
  /** ISO local date-time without offset, e.g. "2026-03-27T09:00:00". */
  anchorLocal: string;
}

function floating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second));
}

function fromFloating(d: Date, zone: string): Date {
  return DateTime.fromObject(
    {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();
}

/** Builds the stored rule from the first occurrence's instant and the workspace's zone. */
export function makeRecurrence(input: RecurrenceInput, firstAt: Date, timeZone: string): Recurrence {
  const anchor = DateTime.fromJSDate(firstAt, { zone: timeZone });
  return { ...input, timeZone, anchorLocal: anchor.toFormat("yyyy-MM-dd'T'HH:mm:ss") };
}

function toRRule(r: Recurrence): InstanceType<typeof RRule> {
  const anchor = DateTime.fromISO(r.anchorLocal, { zone: "UTC" });
  const opts: Partial<Options> = {
    freq: { daily: RRule.DAILY, weekly: RRule.WEEKLY, monthly: RRule.MONTHLY }[r.freq],
    interval: r.interval ?? 1,
    dtstart: floating(anchor),
  };
  if (r.byWeekday) opts.byweekday = r.byWeekday.map((d) => WEEKDAYS[d] as Weekday);
  if (r.byMonthDay) opts.bymonthday = r.byMonthDay;
  if (r.count) opts.count = r.count;
  if (r.until) {
    // A bare date means "through the end of that local day".
    const until = r.until.length === 10 ? DateTime.fromISO(`${r.until}T23:59:59`, { zone: "UTC" }) : floatingUntil(r);
    opts.until = floating(until);
  }
  return new RRule(opts);
}

function floatingUntil(r: Recurrence): DateTime {
  // An until with an offset is an instant: express it as wall time in the workspace's zone.
  const dt = DateTime.fromISO(r.until!, { setZone: true });
  const local = /[zZ]|[+-]\d\d:?\d\d$/.test(r.until!) ? dt.setZone(r.timeZone) : dt;
  return DateTime.fromObject(local.toObject(), { zone: "UTC" });
}

/**
 * The occurrence after `index` that is still in the future at `now` (missed grid points are
 * skipped, so a long outage never causes a burst of catch-up posts). Null when the series ends.
 */
export function nextOccurrence(r: Recurrence, index: number, now: Date): { at: Date; index: number } | null {
  let found: { at: Date; index: number } | null = null;
  const limit = index + 100_000;
  toRRule(r).all((d, i) => {
    if (i <= index) return true;
    const at = fromFloating(d, r.timeZone);
    if (at.getTime() > now.getTime()) {
      found = { at, index: i };
      return false;
    }
    return i < limit;
  });
  return found;
}

/** The first `n` occurrence instants (for previews and tests). */
export function occurrences(r: Recurrence, n: number): Date[] {
  const out: Date[] = [];
  toRRule(r).all((d, i) => {
    if (i >= n) return false;
    out.push(fromFloating(d, r.timeZone));
    return true;
  });
  return out;
}
