// Pure date-grid logic of the calendar page, in the workspace's time zone: weeks start on Monday,
// and a day is the span between two local midnights (23 or 25 hours on daylight-saving days).
import { DateTime } from "luxon";
import { clock } from "./clock";

export interface CalendarDay {
  /** Local date, YYYY-MM-DD. */
  date: string;
  /** First instant of the local day. */
  start: Date;
  /** First instant of the next local day (exclusive end). */
  end: Date;
  /** In the month being shown (always true in week views). */
  inMonth: boolean;
  weekday: number;
}

export type CalendarView = "week" | "month";

function day(dt: DateTime, inMonth = true): CalendarDay {
  const start = dt.startOf("day");
  return { date: start.toISODate()!, start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate(), inMonth, weekday: start.weekday };
}

function local(date: string, zone: string): DateTime {
  const dt = DateTime.fromISO(date, { zone });
  if (!dt.isValid) throw new Error(`Not a date: ${date}`);
  return dt;
}

/** The local date (YYYY-MM-DD) of an instant in the zone. */
export function dayKey(instant: Date | string, zone: string): string {
  const dt = typeof instant === "string" ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toISODate()!;
}

/** Today's local date in the zone. */
export function today(zone: string, now = clock.now()): string {
  return dayKey(now, zone);
}

/** The Monday-to-Sunday week that contains the local date. */
export function weekDays(date: string, zone: string): CalendarDay[] {
  const monday = local(date, zone).startOf("week"); // luxon weeks are ISO: Monday first
  return Array.from({ length: 7 }, (_, i) => day(monday.plus({ days: i })));
}

/** The month of the local date as whole weeks, Monday first; days of other months flagged. */
export function monthGrid(date: string, zone: string): CalendarDay[][] {
  const first = local(date, zone).startOf("month");
  const month = first.month;
  let cursor = first.startOf("week");
  const weeks: CalendarDay[][] = [];
  while (weeks.length === 0 || cursor.month === month) {
    weeks.push(Array.from({ length: 7 }, (_, i) => {
      const d = cursor.plus({ days: i });
      return day(d, d.month === month);
    }));
    cursor = cursor.plus({ weeks: 1 });
  }
  return weeks;
}

/** The instants a view covers: [from, to). */
export function viewRange(view: CalendarView, date: string, zone: string): { from: Date; to: Date; days: CalendarDay[] } {
  const days = view === "week" ? weekDays(date, zone) : monthGrid(date, zone).flat();
  return { from: days[0].start, to: days[days.length - 1].end, days };
}

/** The local date a step before or after: a week or a month. */
export function shiftDate(view: CalendarView, date: string, zone: string, step: number): string {
  return local(date, zone).plus(view === "week" ? { weeks: step } : { months: step }).toISODate()!;
}

/**
 * Moves an instant to another local date keeping its wall time (09:00 stays 09:00 across a
 * daylight-saving change); a wall time that does not exist that day moves forward, as luxon does.
 */
export function moveToDate(instant: Date, date: string, zone: string): Date {
  const from = DateTime.fromJSDate(instant, { zone });
  const to = local(date, zone).set({ hour: from.hour, minute: from.minute, second: from.second, millisecond: 0 });
  return to.toJSDate();
}

/** The instant of a local date and wall time ("HH:mm") in the zone. */
export function atLocal(date: string, time: string, zone: string): Date {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone });
  if (!dt.isValid) throw new Error(`Not a date-time: ${date}T${time}`);
  return dt.toJSDate();
}

/** "HH:mm" of an instant in the zone. */
export function wallTime(instant: Date | string, zone: string): string {
  const dt = typeof instant === "string" ? DateTime.fromISO(instant, { zone }) : DateTime.fromJSDate(instant, { zone });
  return dt.toFormat("HH:mm");
}

/** Groups items by their local date. */
export function byDay<T>(items: T[], at: (item: T) => Date | string | null, zone: string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const when = at(item);
    if (!when) continue;
    const key = dayKey(when, zone);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}
