// "Add to queue": the next weekly posting slot, in the workspace's time zone, that no scheduled
// post already uses. Pure: the caller passes the slots, the taken instants and the clock.
import { DateTime } from "luxon";
import type { PostingSlot } from "../validation/workspace-settings";

/** How many weeks ahead to look before giving up (every slot of a year taken is unusual). */
const WEEKS_AHEAD = 53;

/**
 * The earliest instant after `now` that is one of `slots` (weekday + wall-clock time in
 * `timeZone`) and not in `takenInstants` (compared to the minute). A wall-clock time that a DST
 * change skips (02:30 on a spring-forward night) becomes the first valid instant after it, as
 * luxon shifts it; an ambiguous one (autumn) is its first occurrence. Null without slots.
 */
export function nextFreeSlot(slots: readonly PostingSlot[], timeZone: string, takenInstants: readonly Date[], now: Date): Date | null {
  if (slots.length === 0) return null;
  const taken = new Set(takenInstants.map((d) => Math.floor(d.getTime() / 60_000)));
  const start = DateTime.fromJSDate(now, { zone: timeZone });
  if (!start.isValid) throw new Error(`Invalid time zone: ${timeZone}`);
  const today = start.startOf("day");
  const byWeekday = new Map<number, { hour: number; minute: number }[]>();
  for (const s of slots) {
    const [hour, minute] = s.time.split(":").map(Number);
    const list = byWeekday.get(s.weekday) ?? [];
    list.push({ hour, minute });
    byWeekday.set(s.weekday, list);
  }
  for (const list of byWeekday.values()) list.sort((a, b) => a.hour - b.hour || a.minute - b.minute);

  for (let d = 0; d < WEEKS_AHEAD * 7 + 1; d++) {
    // Calendar-day arithmetic keeps the wall clock across DST changes.
    const day = today.plus({ days: d });
    for (const { hour, minute } of byWeekday.get(day.weekday) ?? []) {
      const at = day.set({ hour, minute, second: 0, millisecond: 0 });
      if (at.toMillis() <= now.getTime()) continue;
      if (taken.has(Math.floor(at.toMillis() / 60_000))) continue;
      return at.toJSDate();
    }
  }
  return null;
}

/** How far ahead "queue at the best time" looks among the free posting slots. */
export const BEST_SLOT_HORIZON_DAYS = 7;

/**
 * "Queue at the best time": among the free posting slots after `now` and within `horizonDays`
 * (local calendar days in `timeZone`), the one `score` rates highest; ties go to the earliest.
 * Null when none is free in the horizon (the caller falls back to nextFreeSlot). Same slot, DST and
 * "taken" rules as nextFreeSlot.
 */
export function bestFreeSlot(
  slots: readonly PostingSlot[],
  timeZone: string,
  takenInstants: readonly Date[],
  now: Date,
  score: (at: Date) => number,
  horizonDays = BEST_SLOT_HORIZON_DAYS,
): Date | null {
  const taken = new Set(takenInstants.map((d) => Math.floor(d.getTime() / 60_000)));
  const start = DateTime.fromJSDate(now, { zone: timeZone });
  if (!start.isValid) throw new Error(`Invalid time zone: ${timeZone}`);
  const end = start.plus({ days: horizonDays }).toMillis();
  const today = start.startOf("day");
  const times = slots
    .map((s) => ({ weekday: s.weekday, hour: Number(s.time.slice(0, 2)), minute: Number(s.time.slice(3, 5)) }))
    .sort((a, b) => a.hour - b.hour || a.minute - b.minute);
  let best: { at: Date; score: number } | null = null;
  for (let d = 0; d <= horizonDays; d++) {
    const day = today.plus({ days: d });
    for (const { weekday, hour, minute } of times) {
      if (weekday !== day.weekday) continue;
      const at = day.set({ hour, minute, second: 0, millisecond: 0 });
      const ms = at.toMillis();
      if (ms <= now.getTime() || ms > end) continue;
      if (taken.has(Math.floor(ms / 60_000))) continue;
      const s = score(at.toJSDate());
      // Chronological order, so only a strictly higher score replaces an earlier slot.
      if (!best || s > best.score) best = { at: at.toJSDate(), score: s };
    }
  }
  return best?.at ?? null;
}
