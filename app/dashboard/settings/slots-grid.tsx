"use client";
// Posting slots as a weekly grid: rows are times of day, columns weekdays (Monday first), each
// cell a checkbox. "Add to queue" in the composer picks the next free checked cell.
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import type { PostingSlot } from "@/lib/validation/workspace-settings";
import { api, buttonClass, controlClass, errorClass, labelClass, secondaryButtonClass, Status } from "./ui";

const DAYS = [
  { n: 1, short: "Mon", long: "Monday" },
  { n: 2, short: "Tue", long: "Tuesday" },
  { n: 3, short: "Wed", long: "Wednesday" },
  { n: 4, short: "Thu", long: "Thursday" },
  { n: 5, short: "Fri", long: "Friday" },
  { n: 6, short: "Sat", long: "Saturday" },
  { n: 7, short: "Sun", long: "Sunday" },
];

const DEFAULT_TIMES = ["09:00", "12:30", "17:00"];

const key = (weekday: number, time: string) => `${weekday} ${time}`;

export function SlotsGrid({ slots, timeZone, canEdit }: { slots: PostingSlot[]; timeZone: string; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const [checked, setChecked] = useState(() => new Set(slots.map((s) => key(s.weekday, s.time))));
  const [times, setTimes] = useState(() => {
    const t = [...new Set(slots.map((s) => s.time))];
    return (t.length ? t : DEFAULT_TIMES).sort();
  });
  const [newTime, setNewTime] = useState("");
  const [timeError, setTimeError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [pending, setPending] = useState(false);
  const count = checked.size;

  const dirty = useMemo(() => {
    const before = new Set(slots.map((s) => key(s.weekday, s.time)));
    return before.size !== checked.size || [...checked].some((k) => !before.has(k));
  }, [slots, checked]);

  function toggle(weekday: number, time: string) {
    setChecked((prev) => {
      const next = new Set(prev);
      const k = key(weekday, time);
      if (next.has(k)) next.delete(k);
      else next.add(k);
      return next;
    });
  }

  function addTime() {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(newTime)) return setTimeError("Use a 24-hour time such as 09:30.");
    if (times.includes(newTime)) return setTimeError(`${newTime} is already in the grid.`);
    setTimeError(null);
    setTimes((t) => [...t, newTime].sort());
    setNewTime("");
  }

  function removeTime(time: string) {
    setTimes((t) => t.filter((x) => x !== time));
    setChecked((prev) => new Set([...prev].filter((k) => !k.endsWith(` ${time}`))));
  }

  async function save() {
    setPending(true);
    setStatus(null);
    const postingSlots = [...checked].map((k) => {
      const [weekday, time] = k.split(" ");
      return { weekday: Number(weekday), time };
    });
    const r = await api("PATCH", "/api/workspace/settings", { postingSlots });
    setPending(false);
    if (!r.ok) {
      const first = Object.values(r.fields)[0];
      return setStatus({ message: first ? `${r.message} ${first}` : r.message, tone: "error" });
    }
    setStatus({ message: `Saved ${postingSlots.length} slot${postingSlots.length === 1 ? "" : "s"} a week.`, tone: "success" });
    router.refresh();
  }

  return (
    <div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        Times are in <strong>{timeZone.replaceAll("_", " ")}</strong>. {count} slot{count === 1 ? "" : "s"} a week.
      </p>
      <div className="relative mt-3 overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
        <table className="w-full min-w-[32rem] border-collapse text-sm">
          <caption className="sr-only">Weekly posting slots in {timeZone}</caption>
          <thead>
            <tr className="bg-slate-50 dark:bg-slate-800/60">
              <th scope="col" className="sticky left-0 bg-slate-50 px-2 py-2 text-left font-medium dark:bg-slate-800">
                Time
              </th>
              {DAYS.map((d) => (
                <th key={d.n} scope="col" className="px-1 py-2 text-center font-medium">
                  <abbr title={d.long} className="no-underline">
                    {d.short}
                  </abbr>
                </th>
              ))}
              {canEdit ? (
                <th scope="col" className="px-2 py-2">
                  <span className="sr-only">Remove row</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {times.length === 0 ? (
              <tr>
                <td colSpan={9} className="px-3 py-4 text-slate-600 dark:text-slate-400">
                  No times yet. Add one below.
                </td>
              </tr>
            ) : null}
            {times.map((time) => (
              <tr key={time} className="border-t border-slate-200 dark:border-slate-800">
                <th scope="row" className="sticky left-0 bg-white px-2 py-1.5 text-left font-mono font-medium dark:bg-slate-900">
                  {time}
                </th>
                {DAYS.map((d) => {
                  const on = checked.has(key(d.n, time));
                  return (
                    <td key={d.n} className="px-1 py-1 text-center">
                      <label className="inline-flex h-9 w-9 cursor-pointer items-center justify-center rounded-md hover:bg-slate-100 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600 dark:hover:bg-slate-800">
                        <input
                          type="checkbox"
                          checked={on}
                          disabled={!canEdit}
                          onChange={() => toggle(d.n, time)}
                          className="h-4 w-4 accent-blue-700"
                        />
                        <span className="sr-only">
                          {d.long} {time}
                        </span>
                      </label>
                    </td>
                  );
                })}
                {canEdit ? (
                  <td className="px-2 py-1 text-right">
                    <button type="button" onClick={() => removeTime(time)} className="rounded px-2 py-1 text-sm text-slate-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-slate-300">
                      Remove<span className="sr-only"> {time} row</span>
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <div className="mt-4 flex flex-wrap items-end gap-3">
          <div>
            <label htmlFor={`${id}-time`} className={labelClass}>
              Add a time
            </label>
            <input
              id={`${id}-time`}
              type="time"
              value={newTime}
              onChange={(e) => setNewTime(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  addTime();
                }
              }}
              aria-invalid={timeError ? true : undefined}
              aria-describedby={timeError ? `${id}-time-error` : undefined}
              className={`mt-1 w-36 ${controlClass}`}
            />
          </div>
          <button type="button" onClick={addTime} className={secondaryButtonClass}>
            Add row
          </button>
          <button type="button" onClick={save} disabled={pending || !dirty} className={buttonClass}>
            {pending ? "Saving…" : "Save slots"}
          </button>
          {timeError ? (
            <p id={`${id}-time-error`} className={`w-full ${errorClass}`}>
              {timeError}
            </p>
          ) : null}
        </div>
      ) : null}
      <div className="mt-2">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>
    </div>
  );
}
