"use client";
// The calendar's interactive part: the grid, drag to reschedule (pointer) and "Move to…" (keyboard),
// status in colour *and* words, a thumbnail of each post's first picture, and a refresh when the
// live stream says a post changed.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useMemo, useRef, useState, type DragEvent, type FormEvent } from "react";
import { atLocal, byDay, dayKey, monthGrid, moveToDate, wallTime, weekDays, type CalendarDay, type CalendarView } from "@/lib/calendar";
import type { calendarAccounts, CalendarPost } from "./data";
import { useViewerZone } from "../_live/use-viewer-zone";
import { PostThumbnail } from "../posts/post-thumbnail";

type Account = Awaited<ReturnType<typeof calendarAccounts>>[number];

export interface CalendarBoardProps {
  view: CalendarView;
  date: string;
  today: string;
  prev: string;
  next: string;
  timeZone: string;
  accounts: Account[];
  account: string | null;
  posts: CalendarPost[];
  canEdit: boolean;
}

const STATUS: Record<string, { label: string; icon: string; chip: string; dot: string }> = {
  scheduled: {
    label: "Scheduled",
    icon: "◷",
    chip: "border-blue-600 bg-blue-50 text-slate-900 dark:border-blue-400 dark:bg-blue-950 dark:text-slate-100",
    dot: "bg-blue-600 dark:bg-blue-400",
  },
  publishing: {
    label: "Publishing",
    icon: "↻",
    chip: "border-amber-600 bg-amber-50 text-slate-900 dark:border-amber-400 dark:bg-amber-950 dark:text-slate-100",
    dot: "bg-amber-600 dark:bg-amber-400",
  },
  published: {
    label: "Published",
    icon: "✓",
    chip: "border-emerald-600 bg-emerald-50 text-slate-900 dark:border-emerald-400 dark:bg-emerald-950 dark:text-slate-100",
    dot: "bg-emerald-600 dark:bg-emerald-400",
  },
  partially_published: {
    label: "Partly published",
    icon: "◐",
    chip: "border-orange-600 bg-orange-50 text-slate-900 dark:border-orange-400 dark:bg-orange-950 dark:text-slate-100",
    dot: "bg-orange-600 dark:bg-orange-400",
  },
  failed: {
    label: "Failed",
    icon: "✕",
    chip: "border-red-600 bg-red-50 text-slate-900 dark:border-red-400 dark:bg-red-950 dark:text-slate-100",
    dot: "bg-red-600 dark:bg-red-400",
  },
};

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const buttonClass = `inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${focusRing}`;

function dayLabel(at: Date, timeZone: string, style: "long" | "short" = "long"): string {
  return new Intl.DateTimeFormat("en-GB", { weekday: style, day: "numeric", month: style === "long" ? "long" : "short", timeZone }).format(at);
}

function title(view: CalendarView, days: CalendarDay[], date: string, timeZone: string): string {
  if (view === "month") {
    return new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone }).format(atLocal(date, "12:00", timeZone));
  }
  const f = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone });
  return `${f.format(days[0].start)} – ${f.format(days[6].start)}`;
}

function href(view: CalendarView, date: string, account: string | null): string {
  const q = new URLSearchParams({ view, date });
  if (account) q.set("account", account);
  return `/dashboard/calendar?${q}`;
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: { message?: string; fields?: { message: string }[] } } | null;
  const field = body?.error?.fields?.[0]?.message;
  if (res.status === 409) return `This post can no longer be moved: ${body?.error?.message ?? "it is already publishing or done."}`;
  if (res.status === 404 && !body?.error) return "Rescheduling is not available yet on this server.";
  return field ?? body?.error?.message ?? `Rescheduling failed (HTTP ${res.status}).`;
}

export function CalendarBoard(props: CalendarBoardProps) {
  const { view, date, timeZone, accounts, account, canEdit } = props;
  const router = useRouter();
  const [moved, setMoved] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [dropDay, setDropDay] = useState<string | null>(null);
  const [moving, setMoving] = useState<CalendarPost | null>(null);

  const posts = useMemo(() => props.posts.map((p) => (moved[p.id] ? { ...p, at: moved[p.id] } : p)), [props.posts, moved]);
  const weeks = useMemo(() => (view === "week" ? [weekDays(date, timeZone)] : monthGrid(date, timeZone)), [view, date, timeZone]);
  const grouped = useMemo(() => byDay(posts, (p) => p.at, timeZone), [posts, timeZone]);

  // Live: a post published by the cron turns green without a reload.
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const es = new EventSource("/api/events");
    let timer: ReturnType<typeof setTimeout> | null = null;
    const refresh = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        router.refresh();
      }, 500);
    };
    es.addEventListener("post:updated", refresh);
    es.addEventListener("task:updated", refresh);
    es.addEventListener("task:scheduled", refresh);
    return () => {
      if (timer) clearTimeout(timer);
      es.close();
    };
  }, [router]);

  async function reschedule(post: CalendarPost, at: Date): Promise<boolean> {
    const when = `${dayLabel(at, timeZone)} at ${wallTime(at, timeZone)}`;
    setBusy(post.id);
    setMessage(null);
    const before = moved[post.id];
    setMoved((m) => ({ ...m, [post.id]: at.toISOString() }));
    try {
      const res = await fetch(`/api/posts/${encodeURIComponent(post.id)}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ scheduledAt: at.toISOString() }),
      });
      if (!res.ok) {
        setMoved((m) => {
          const copy = { ...m };
          if (before) copy[post.id] = before;
          else delete copy[post.id];
          return copy;
        });
        setMessage({ tone: "error", text: await errorMessage(res) });
        return false;
      }
      setMessage({ tone: "success", text: `Moved “${snippet(post.text, 40)}” to ${when}.` });
      router.refresh();
      return true;
    } catch {
      setMoved((m) => {
        const copy = { ...m };
        delete copy[post.id];
        return copy;
      });
      setMessage({ tone: "error", text: "Could not reach Herald. Check your connection and try again." });
      return false;
    } finally {
      setBusy(null);
    }
  }

  function onDrop(e: DragEvent<HTMLElement>, day: CalendarDay) {
    e.preventDefault();
    setDropDay(null);
    const id = e.dataTransfer.getData("text/x-herald-post") || dragging;
    setDragging(null);
    const post = posts.find((p) => p.id === id);
    if (!post || dayKey(post.at, timeZone) === day.date) return;
    void reschedule(post, moveToDate(new Date(post.at), day.date, timeZone));
  }

  const heading = title(view, weeks[0], date, timeZone);

  return (
    <div>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Calendar</h1>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            {heading} · times in {timeZone.replaceAll("_", " ")}
          </p>
        </div>
        {canEdit ? (
          <Link href="/dashboard/compose" className={`rounded-md bg-blue-700 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-800 ${focusRing} focus-visible:ring-offset-2`}>
            New post
          </Link>
        ) : null}
      </div>

      <nav aria-label="Calendar range" className="mt-4 flex flex-wrap items-center gap-2">
        <div role="group" aria-label="View" className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(["week", "month"] as const).map((v) => (
            <Link
              key={v}
              href={href(v, date, account)}
              aria-current={v === view ? "page" : undefined}
              className={`px-3 py-1.5 text-sm font-medium ${focusRing} ${v === view ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "bg-white text-slate-800 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"}`}
            >
              {v === "week" ? "Week" : "Month"}
            </Link>
          ))}
        </div>
        <Link href={href(view, props.prev, account)} className={buttonClass}>
          <span aria-hidden="true">←&nbsp;</span>Previous<span className="sr-only"> {view}</span>
        </Link>
        <Link href={href(view, props.today, account)} className={buttonClass}>
          Today
        </Link>
        <Link href={href(view, props.next, account)} className={buttonClass}>
          Next<span className="sr-only"> {view}</span>
          <span aria-hidden="true">&nbsp;→</span>
        </Link>
        <AccountFilter accounts={accounts} value={account} onChange={(id) => router.push(href(view, date, id))} />
      </nav>

      <ul aria-label="Status legend" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-300">
        {Object.entries(STATUS).map(([k, s]) => (
          <li key={k} className="inline-flex items-center gap-1.5">
            <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${s.dot}`} />
            <span aria-hidden="true">{s.icon}</span> {s.label}
          </li>
        ))}
      </ul>

      <div aria-live="polite" className="mt-3 min-h-6 text-sm">
        {message ? (
          <p role={message.tone === "error" ? "alert" : "status"} className={message.tone === "error" ? "font-medium text-red-700 dark:text-red-400" : "text-emerald-800 dark:text-emerald-300"}>
            {message.text}
          </p>
        ) : null}
      </div>
      {canEdit ? (
        <p className="text-xs text-slate-600 dark:text-slate-400">Drag a scheduled post to another day, or use its “Move” button, to reschedule it; it keeps its time of day.</p>
      ) : null}

      {posts.length === 0 ? (
        <p className="mt-4 rounded-md border border-dashed border-slate-300 px-3 py-4 text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
          Nothing scheduled, published or failed in this {view}.{" "}
          {canEdit ? (
            <Link href="/dashboard/compose" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
              Compose a post
            </Link>
          ) : null}
        </p>
      ) : null}

      <div className="mt-4" aria-label={`${heading}, ${view} view`} role="region">
        <div aria-hidden="true" className="hidden grid-cols-7 gap-px sm:grid">
          {WEEKDAYS.map((d) => (
            <div key={d} className="px-1 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
              {d.slice(0, 3)}
            </div>
          ))}
        </div>
        {weeks.map((week) => (
          <div key={week[0].date} className="grid grid-cols-1 gap-px overflow-hidden border-slate-200 bg-slate-200 sm:grid-cols-7 sm:border dark:border-slate-800 dark:bg-slate-800">
            {week.map((day) => {
              const items = grouped.get(day.date) ?? [];
              const isToday = day.date === props.today;
              const hideOnPhone = view === "month" && items.length === 0;
              return (
                <div
                  role="group"
                  key={day.date}
                  aria-label={`${dayLabel(day.start, timeZone)}${isToday ? ", today" : ""}: ${items.length === 0 ? "no posts" : `${items.length} post${items.length === 1 ? "" : "s"}`}`}
                  onDragOver={(e) => {
                    if (!dragging) return;
                    e.preventDefault();
                    e.dataTransfer.dropEffect = "move";
                    if (dropDay !== day.date) setDropDay(day.date);
                  }}
                  onDragLeave={() => setDropDay((d) => (d === day.date ? null : d))}
                  onDrop={(e) => onDrop(e, day)}
                  className={`${hideOnPhone ? "hidden sm:block" : ""} ${view === "week" ? "sm:min-h-48" : "sm:min-h-28"} min-w-0 p-1.5 ${
                    dropDay === day.date ? "bg-blue-100 outline-2 outline-blue-600 dark:bg-blue-900" : day.inMonth ? "bg-white dark:bg-slate-900" : "bg-slate-50 dark:bg-slate-950"
                  }`}
                >
                  <p className={`mb-1 text-xs font-semibold ${day.inMonth ? "text-slate-800 dark:text-slate-200" : "text-slate-600 dark:text-slate-400"}`}>
                    <span className="sm:hidden">{dayLabel(day.start, timeZone)}</span>
                    <span className="hidden sm:inline" aria-hidden="true">
                      {view === "week" ? dayLabel(day.start, timeZone, "short") : Number(day.date.slice(8))}
                    </span>
                    {isToday ? <span className="ml-1 rounded bg-blue-700 px-1 text-[10px] uppercase text-white">Today</span> : null}
                  </p>
                  <ul className="space-y-1">
                    {items.map((post) => (
                      <PostChip
                        key={post.id}
                        post={post}
                        timeZone={timeZone}
                        movable={canEdit && post.status === "scheduled"}
                        busy={busy === post.id}
                        onDragStart={(e) => {
                          e.dataTransfer.setData("text/x-herald-post", post.id);
                          e.dataTransfer.setData("text/plain", post.text);
                          e.dataTransfer.effectAllowed = "move";
                          setDragging(post.id);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setDropDay(null);
                        }}
                        onMove={() => setMoving(post)}
                      />
                    ))}
                  </ul>
                </div>
              );
            })}
          </div>
        ))}
      </div>

      {moving ? (
        <MoveDialog
          post={moving}
          timeZone={timeZone}
          onClose={() => setMoving(null)}
          onSubmit={async (at) => {
            const ok = await reschedule(moving, at);
            if (ok) setMoving(null);
            return ok;
          }}
        />
      ) : null}
    </div>
  );
}

function snippet(text: string, n: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t || "(media only)";
}

function AccountFilter({ accounts, value, onChange }: { accounts: Account[]; value: string | null; onChange: (id: string | null) => void }) {
  const id = useId();
  return (
    <div className="ml-auto flex min-w-0 max-w-full items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        Account
      </label>
      <select
        id={id}
        value={value ?? ""}
        onChange={(e) => onChange(e.target.value || null)}
        className={`min-w-0 max-w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 ${focusRing}`}
      >
        <option value="">All accounts</option>
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.label} · {a.displayName ?? a.handle}
          </option>
        ))}
      </select>
    </div>
  );
}

function PostChip(props: {
  post: CalendarPost;
  timeZone: string;
  movable: boolean;
  busy: boolean;
  onDragStart: (e: DragEvent<HTMLElement>) => void;
  onDragEnd: () => void;
  onMove: () => void;
}) {
  const { post, timeZone, movable } = props;
  const s = STATUS[post.status] ?? STATUS.scheduled;
  const time = wallTime(post.at, timeZone);
  const where = post.targets.map((t) => `${t.label} ${t.handle}`).join(", ");
  return (
    <li
      draggable={movable}
      onDragStart={movable ? props.onDragStart : undefined}
      onDragEnd={props.onDragEnd}
      aria-busy={props.busy || undefined}
      className={`rounded border-l-4 px-1.5 py-1 text-xs ${s.chip} ${movable ? "cursor-grab active:cursor-grabbing" : ""} ${props.busy ? "opacity-60" : ""}`}
    >
      <Link href={`/dashboard/posts?focus=${encodeURIComponent(post.id)}`} className={`flex items-start gap-1.5 rounded ${focusRing}`}>
        <PostThumbnail thumbnail={post.thumbnail} size="sm" />
        <span className="block min-w-0 flex-1">
          <span className="font-semibold tabular-nums">{time}</span>{" "}
          <span className="font-medium">
            <span aria-hidden="true">{s.icon} </span>
            {s.label}
          </span>
          {post.approvalState === "pending" ? <span className="ml-1 font-medium text-amber-900 dark:text-amber-200">· awaiting approval</span> : null}
          {post.recurring ? <span className="ml-1 text-slate-600 dark:text-slate-300">· repeats</span> : null}
          <span className="block truncate" title={post.text}>
            {snippet(post.text, 80)}
          </span>
          <span className="block truncate text-slate-700 dark:text-slate-300" title={where}>
            {post.targets.map((t) => t.label).join(" · ")}
          </span>
        </span>
      </Link>
      {movable ? (
        <button
          type="button"
          onClick={props.onMove}
          disabled={props.busy}
          className={`mt-0.5 rounded px-1 text-xs font-medium text-blue-800 underline underline-offset-2 hover:bg-white/60 dark:text-blue-300 dark:hover:bg-slate-800 ${focusRing}`}
        >
          Move<span className="sr-only"> the post at {time}</span>…
        </button>
      ) : null}
    </li>
  );
}

function MoveDialog({ post, timeZone, onClose, onSubmit }: { post: CalendarPost; timeZone: string; onClose: () => void; onSubmit: (at: Date) => Promise<boolean> }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [day, setDay] = useState(dayKey(post.at, timeZone));
  const [time, setTime] = useState(wallTime(post.at, timeZone));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ids = useId();

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  let at: Date | null = null;
  try {
    at = day && time ? atLocal(day, time, timeZone) : null;
  } catch {
    at = null;
  }
  const viewerZone = useViewerZone();
  const localText = at
    ? new Intl.DateTimeFormat("en-GB", { dateStyle: "full", timeStyle: "short" }).format(at)
    : null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!at) {
      setError("Pick a date and a time.");
      return;
    }
    setPending(true);
    setError(null);
    const ok = await onSubmit(at);
    setPending(false);
    if (!ok) setError("The post was not moved; see the message above the calendar.");
  }

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby={`${ids}-t`}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <form onSubmit={submit} className="space-y-4 p-5">
        <h2 id={`${ids}-t`} className="text-lg font-semibold">
          Move post
        </h2>
        <p className="text-sm text-slate-700 dark:text-slate-300">“{snippet(post.text, 100)}”</p>
        <div className="grid grid-cols-2 gap-3">
          <div>
            <label htmlFor={`${ids}-d`} className="block text-sm font-medium">
              Date
            </label>
            <input id={`${ids}-d`} type="date" required value={day} onChange={(e) => setDay(e.target.value)} className={`mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950 ${focusRing}`} />
          </div>
          <div>
            <label htmlFor={`${ids}-h`} className="block text-sm font-medium">
              Time
            </label>
            <input id={`${ids}-h`} type="time" required value={time} onChange={(e) => setTime(e.target.value)} className={`mt-1 w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 dark:border-slate-700 dark:bg-slate-950 ${focusRing}`} />
          </div>
        </div>
        <p className="text-sm text-slate-700 dark:text-slate-300" aria-live="polite">
          In {timeZone.replaceAll("_", " ")}.
          {localText && viewerZone && viewerZone !== timeZone ? ` Your local time (${viewerZone.replaceAll("_", " ")}): ${localText}.` : null}
        </p>
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <button type="button" onClick={() => ref.current?.close()} className={buttonClass}>
            Cancel
          </button>
          <button type="submit" disabled={pending} className={`rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:opacity-70 ${focusRing} focus-visible:ring-offset-2`}>
            {pending ? "Moving…" : "Move"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
