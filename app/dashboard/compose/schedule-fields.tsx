"use client";
// When a post goes out: a date and time in the workspace's zone (with the viewer's own time beside
// it), and an optional recurrence (daily, weekly, monthly or a custom interval; until a date or N times).
import { useId } from "react";
import { useViewerZone } from "../_live/use-viewer-zone";
import { atLocal } from "@/lib/calendar";

export type RepeatKind = "none" | "daily" | "weekly" | "monthly" | "custom";
export type Unit = "daily" | "weekly" | "monthly";
export type EndKind = "never" | "until" | "count";

export interface ScheduleState {
  date: string;
  time: string;
  repeat: RepeatKind;
  interval: number;
  unit: Unit;
  weekdays: string[];
  end: EndKind;
  until: string;
  count: number;
}

export const WEEKDAYS: { code: string; short: string; long: string }[] = [
  { code: "MO", short: "Mon", long: "Monday" },
  { code: "TU", short: "Tue", long: "Tuesday" },
  { code: "WE", short: "Wed", long: "Wednesday" },
  { code: "TH", short: "Thu", long: "Thursday" },
  { code: "FR", short: "Fri", long: "Friday" },
  { code: "SA", short: "Sat", long: "Saturday" },
  { code: "SU", short: "Sun", long: "Sunday" },
];

/** The schedule API's `recurrence`, or undefined for a one-off post. */
export function recurrenceOf(s: ScheduleState) {
  if (s.repeat === "none") return undefined;
  const freq = s.repeat === "custom" ? s.unit : s.repeat;
  const interval = s.repeat === "custom" ? Math.max(1, Math.floor(s.interval || 1)) : 1;
  return {
    freq,
    interval,
    ...(freq === "weekly" && s.weekdays.length > 0 && { byWeekday: s.weekdays }),
    ...(s.end === "until" && s.until && { until: s.until }),
    ...(s.end === "count" && { count: Math.max(1, Math.floor(s.count || 1)) }),
  };
}

const inputClass =
  "mt-1 block w-full rounded-md border bg-white px-2 py-1.5 text-base text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:bg-slate-950 dark:text-slate-100 dark:focus-visible:ring-blue-400";
const border = (err?: string) => (err ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700");

function Err({ id, text }: { id: string; text?: string }) {
  return text ? (
    <p id={id} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
      {text}
    </p>
  ) : null;
}

export function ScheduleFields({
  value,
  onChange,
  timeZone,
  errors,
  noRepeat = false,
}: {
  value: ScheduleState;
  onChange: (p: Partial<ScheduleState>) => void;
  timeZone: string;
  errors: Record<string, string>;
  /** Editing one scheduled post: its time moves, its repeats do not (docs/decisions.md, "Editing a scheduled post"). */
  noRepeat?: boolean;
}) {
  const id = useId();
  // The viewer's zone is only known in the browser; the server renders without it.
  const viewerZone = useViewerZone();
  let at: Date | null = null;
  try {
    at = value.date && value.time ? atLocal(value.date, value.time, timeZone) : null;
  } catch {
    at = null;
  }
  const recErr = Object.entries(errors).find(([k]) => k.startsWith("recurrence"))?.[1];
  const weekly = value.repeat === "weekly" || (value.repeat === "custom" && value.unit === "weekly");

  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">When</legend>
      <div className="grid grid-cols-2 gap-3">
        <div>
          <label htmlFor={`${id}-date`} className="block text-sm font-medium">
            Date
          </label>
          <input
            id={`${id}-date`}
            type="date"
            value={value.date}
            onChange={(e) => onChange({ date: e.target.value })}
            aria-invalid={errors.scheduledAt ? true : undefined}
            aria-describedby={`${id}-tz${errors.scheduledAt ? ` ${id}-when-err` : ""}`}
            className={`${inputClass} ${border(errors.scheduledAt)}`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-time`} className="block text-sm font-medium">
            Time
          </label>
          <input
            id={`${id}-time`}
            type="time"
            value={value.time}
            onChange={(e) => onChange({ time: e.target.value })}
            aria-invalid={errors.scheduledAt ? true : undefined}
            aria-describedby={`${id}-tz${errors.scheduledAt ? ` ${id}-when-err` : ""}`}
            className={`${inputClass} ${border(errors.scheduledAt)}`}
          />
        </div>
      </div>
      <p id={`${id}-tz`} className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
        In the workspace’s time zone, {timeZone.replaceAll("_", " ")}.
        {at && viewerZone && viewerZone !== timeZone
          ? ` That is ${new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(at)} your time (${viewerZone.replaceAll("_", " ")}).`
          : null}
      </p>
      <Err id={`${id}-when-err`} text={errors.scheduledAt} />

      {noRepeat ? null : (
        <>
      <div>
        <label htmlFor={`${id}-repeat`} className="block text-sm font-medium">
          Repeat
        </label>
        <select
          id={`${id}-repeat`}
          value={value.repeat}
          onChange={(e) => onChange({ repeat: e.target.value as RepeatKind })}
          aria-describedby={recErr ? `${id}-rec-err` : undefined}
          aria-invalid={recErr ? true : undefined}
          className={`${inputClass} ${border(recErr)}`}
        >
          <option value="none">Does not repeat</option>
          <option value="daily">Every day</option>
          <option value="weekly">Every week</option>
          <option value="monthly">Every month</option>
          <option value="custom">Custom…</option>
        </select>
      </div>

      {value.repeat === "custom" ? (
        <div className="flex flex-wrap items-end gap-2">
          <div>
            <label htmlFor={`${id}-interval`} className="block text-sm font-medium">
              Every
            </label>
            <input
              id={`${id}-interval`}
              type="number"
              min={1}
              max={366}
              value={value.interval}
              onChange={(e) => onChange({ interval: Number(e.target.value) })}
              className={`${inputClass} ${border()} w-24`}
            />
          </div>
          <div>
            <label htmlFor={`${id}-unit`} className="block text-sm font-medium">
              Unit
            </label>
            <select id={`${id}-unit`} value={value.unit} onChange={(e) => onChange({ unit: e.target.value as Unit })} className={`${inputClass} ${border()}`}>
              <option value="daily">days</option>
              <option value="weekly">weeks</option>
              <option value="monthly">months</option>
            </select>
          </div>
        </div>
      ) : null}

      {value.repeat !== "none" && weekly ? (
        <fieldset>
          <legend className="text-sm font-medium">On</legend>
          <div className="mt-1 flex flex-wrap gap-2">
            {WEEKDAYS.map((d) => {
              const on = value.weekdays.includes(d.code);
              return (
                <label
                  key={d.code}
                  className={`inline-flex cursor-pointer items-center gap-1 rounded-md border px-2 py-1 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600 ${on ? "border-blue-700 bg-blue-50 dark:border-blue-400 dark:bg-blue-950" : "border-slate-300 dark:border-slate-700"}`}
                >
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={() => onChange({ weekdays: on ? value.weekdays.filter((w) => w !== d.code) : [...value.weekdays, d.code] })}
                    className="accent-blue-700"
                  />
                  <abbr title={d.long} className="no-underline">
                    {d.short}
                  </abbr>
                </label>
              );
            })}
          </div>
          <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">None chosen: the weekday of the first post.</p>
        </fieldset>
      ) : null}

      {value.repeat !== "none" ? (
        <fieldset>
          <legend className="text-sm font-medium">Ends</legend>
          <div className="mt-1 space-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name={`${id}-end`} checked={value.end === "never"} onChange={() => onChange({ end: "never" })} className="accent-blue-700" />
              Never
            </label>
            <div className="flex flex-wrap items-center gap-2">
              <label className="flex items-center gap-2">
                <input type="radio" name={`${id}-end`} checked={value.end === "until"} onChange={() => onChange({ end: "until" })} className="accent-blue-700" />
                On
              </label>
              <label htmlFor={`${id}-until`} className="sr-only">
                End date
              </label>
              <input
                id={`${id}-until`}
                type="date"
                value={value.until}
                disabled={value.end !== "until"}
                onChange={(e) => onChange({ until: e.target.value })}
                className={`rounded-md border px-2 py-1 disabled:opacity-50 dark:bg-slate-950 ${border()}`}
              />
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <label className="flex items-center gap-2">
                <input type="radio" name={`${id}-end`} checked={value.end === "count"} onChange={() => onChange({ end: "count" })} className="accent-blue-700" />
                After
              </label>
              <label htmlFor={`${id}-count`} className="sr-only">
                Number of posts
              </label>
              <input
                id={`${id}-count`}
                type="number"
                min={1}
                max={10000}
                value={value.count}
                disabled={value.end !== "count"}
                onChange={(e) => onChange({ count: Number(e.target.value) })}
                className={`w-24 rounded-md border px-2 py-1 disabled:opacity-50 dark:bg-slate-950 ${border()}`}
              />
              <span aria-hidden="true">posts</span>
            </div>
          </div>
        </fieldset>
      ) : null}
      <Err id={`${id}-rec-err`} text={recErr} />
        </>
      )}
    </fieldset>
  );
}
