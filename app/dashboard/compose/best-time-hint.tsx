"use client";
// Best-time hints in the schedule picker: for each chosen account, the next instants of its best
// weekday/hour slots (GET /api/agent/best-times), as buttons that put that date and time into the
// picker, and whether they come from the workspace's own history or from typical times.
import type { BestTimes } from "@/lib/ai/best-time";
import useSWR from "swr";
import { atHandle } from "@/lib/handle";

interface HintAccount {
  id: string;
  label: string;
  handle: string;
}

/** GET /api/agent/best-times: the estimate, and the next best slots as ISO strings. */
type BestTimesResponse = Pick<BestTimes, "timeZone" | "source" | "sampleSize"> & { next: string[] };

/** At most this many accounts get a hint line, so the picker stays readable. */
const MAX_ACCOUNTS = 4;

async function fetcher(url: string): Promise<BestTimesResponse | null> {
  const res = await fetch(url);
  const data = (await res.json().catch(() => null)) as (BestTimesResponse & { error?: { message?: string } }) | null;
  // A server without the endpoint yet: no hint rather than an error.
  if (res.status === 404 && !data?.error) return null;
  if (!res.ok || !data) throw new Error(data?.error?.message ?? `Best times could not be loaded (HTTP ${res.status}).`);
  return data;
}

/** Local date (YYYY-MM-DD) and time (HH:mm) of an instant in the workspace's zone, as the picker holds them. */
function localParts(iso: string, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

const fmt = (iso: string, timeZone: string, opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat("en-GB", { timeZone, ...opts }).format(new Date(iso));

function AccountHint({
  account,
  timeZone,
  current,
  onPick,
}: {
  account: HintAccount;
  timeZone: string;
  current: { date: string; time: string };
  onPick: (date: string, time: string) => void;
}) {
  const { data, error, isLoading } = useSWR(`/api/agent/best-times?accountId=${encodeURIComponent(account.id)}`, fetcher, { revalidateOnFocus: false });
  const name = `${account.label} ${atHandle(account.handle)}`;
  if (data === null) return null;
  if (error) {
    return (
      <li className="text-sm text-slate-700 dark:text-slate-300">
        Best times for {name}: {String(error.message ?? error)}
      </li>
    );
  }
  if (isLoading || !data) {
    return <li className="text-sm text-slate-600 dark:text-slate-400">Finding the best times for {name}…</li>;
  }
  const zone = data.timeZone || timeZone;
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <span className="font-medium text-slate-800 dark:text-slate-200">Best times for {name}:</span>
      {data.next.map((iso) => {
        const { date, time } = localParts(iso, zone);
        const on = current.date === date && current.time === time;
        return (
          <button
            key={iso}
            type="button"
            onClick={() => onPick(date, time)}
            aria-pressed={on}
            aria-label={`Set the date and time to ${fmt(iso, zone, { weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}, a best time for ${name}`}
            title={fmt(iso, zone, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })}
            className={`rounded-md border px-2 py-0.5 font-medium tabular-nums focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400 ${
              on
                ? "border-blue-700 bg-blue-50 text-blue-900 dark:border-blue-400 dark:bg-blue-950 dark:text-blue-100"
                : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
            }`}
          >
            {fmt(iso, zone, { weekday: "short" })} {time}
          </button>
        );
      })}
      <span className="text-slate-600 dark:text-slate-400">
        {data.source === "history"
          ? `(from your history: ${data.sampleSize} post${data.sampleSize === 1 ? "" : "s"})`
          : "(typical times — not enough history yet)"}
      </span>
    </li>
  );
}

export function BestTimeHint({
  accounts,
  timeZone,
  current,
  onPick,
}: {
  accounts: HintAccount[];
  timeZone: string;
  /** The picker's current local date and time, to mark a hint that is already chosen. */
  current: { date: string; time: string };
  onPick: (date: string, time: string) => void;
}) {
  if (accounts.length === 0) return null;
  const shown = accounts.slice(0, MAX_ACCOUNTS);
  return (
    <section aria-label="Best times to post" className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
      <ul className="space-y-1.5" aria-live="polite">
        {shown.map((a) => (
          <AccountHint key={a.id} account={a} timeZone={timeZone} current={current} onPick={onPick} />
        ))}
      </ul>
      {accounts.length > shown.length ? (
        <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Showing the first {MAX_ACCOUNTS} of {accounts.length} accounts.</p>
      ) : null}
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">Times are in the workspace’s time zone; choosing one fills in the date and time above.</p>
    </section>
  );
}
