"use client";
// Admin → Tasks: counts by status / platform / type, lag, mean run time, top failure reasons, a
// throughput chart (recharts) with the same numbers as a table for screen readers, and the task
// list with filters, attempts and retry / cancel. Revalidated live from the SSE stream.
import { useCallback, useId, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import type { getScheduledTask, getTaskStatistics } from "@/lib/agent-scheduler";
import type { TaskListPage } from "@/lib/scheduler/view";
import { fetchJson, formatMs, formatWhen, platformLabel, PLATFORM_LABEL, sendJson, statusLabel } from "../../_live/format";
import { useLiveEvents } from "../../_live/use-live-events";
import { StatusBadge } from "../../posts/posts-view";
import { ThroughputChart, type Bucket } from "./throughput-chart";
import { FilterSelect } from "../../_live/filter-select";
import type { Serialized } from "../../_live/serialized";
import type { TaskType } from "@/lib/generated/prisma/enums";

// The answers of /api/agent/tasks/stats, /api/agent/tasks and /api/agent/tasks/:id, as JSON.
type Stats = Serialized<Awaited<ReturnType<typeof getTaskStatistics>>>;
type Counts = Stats["byPlatform"][string];
type TaskList = Serialized<TaskListPage>;
type Task = TaskList["tasks"][number];
type TaskWithAttempts = Serialized<Awaited<ReturnType<typeof getScheduledTask>>>;

const STATUSES = ["pending", "running", "completed", "failed", "cancelled", "needs_review"] as const;
// Every task type, so a new one cannot reach the page without its words (tsc checks the record).
const TYPE_LABEL: Record<TaskType, string> = {
  social_post: "Publish a post",
  collect_engagement: "Collect engagement",
  generate: "Generate",
  reply: "Reply",
  refresh_token: "Refresh token",
  notify: "Email a notification",
  digest: "Weekly digest",
  webhook: "Send a webhook",
  inbox_sweep: "Read the inbox",
  feed_poll: "Poll a feed",
};
const TYPES = Object.keys(TYPE_LABEL) as TaskType[];
const typeLabel = (t: string): string => TYPE_LABEL[t as TaskType] ?? t;

const button =
  "inline-flex min-h-9 items-center rounded-md px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 " +
  "disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-blue-400";
const secondary = `${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;
const card = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm dark:border-slate-800 dark:bg-slate-900";

export function AdminTasksView({ workspaceName, timeZone }: { workspaceName: string; timeZone: string }) {
  const live = useLiveEvents({ revalidate: (k) => k.startsWith("/api/agent/tasks") });
  return (
    <div>
      <p className="text-sm font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{workspaceName} · Admin</p>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Tasks</h1>
        <span className="inline-flex items-center gap-1.5 text-sm text-slate-700 dark:text-slate-300" data-live={live}>
          <span aria-hidden="true" className={`h-2 w-2 rounded-full ${live === "live" ? "bg-green-600" : "bg-amber-500"}`} />
          {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
        </span>
      </div>
      <StatsSection timeZone={timeZone} />
      <ThroughputSection />
      <TaskList timeZone={timeZone} />
    </div>
  );
}

function Loading({ what }: { what: string }) {
  return (
    <p className="mt-3 text-slate-600 dark:text-slate-400" aria-busy="true">
      Loading {what}…
    </p>
  );
}
function Failed({ what, error }: { what: string; error: unknown }) {
  return (
    <p role="alert" className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      Could not load {what}: {(error as Error).message}
    </p>
  );
}

function StatsSection({ timeZone }: { timeZone: string }) {
  const { data, error } = useSWR<{ stats: Stats }>("/api/agent/tasks/stats", fetchJson);
  const s = data?.stats;
  return (
    <section aria-labelledby="stats-h" className="mt-6">
      <h2 id="stats-h" className="text-lg font-semibold">
        By status
      </h2>
      {error ? <Failed what="statistics" error={error} /> : !s ? <Loading what="statistics" /> : (
        <>
          <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="status-counts">
            {(["total", ...STATUSES] as const).map((k) => (
              <div key={k} className={card} data-count={k}>
                <dt className="text-sm text-slate-600 dark:text-slate-400">{k === "total" ? "All tasks" : statusLabel(k)}</dt>
                <dd className="mt-1 text-2xl font-semibold tabular-nums">{s[k]}</dd>
              </div>
            ))}
            <div className={card}>
              <dt className="text-sm text-slate-600 dark:text-slate-400">Lag (oldest overdue)</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatMs(s.lagMs)}</dd>
            </div>
            <div className={card}>
              <dt className="text-sm text-slate-600 dark:text-slate-400">Mean run time</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatMs(s.meanExecutionTimeMs)}</dd>
            </div>
            <div className={`${card} col-span-2`}>
              <dt className="text-sm text-slate-600 dark:text-slate-400">Next due</dt>
              <dd className="mt-1 font-semibold">{s.nextDueAt ? formatWhen(s.nextDueAt, timeZone) : "Nothing waiting"}</dd>
            </div>
            {s.publishing.paused ? (
              <div className={`${card} col-span-2`} data-count="heldByPause">
                <dt className="text-sm text-slate-600 dark:text-slate-400">Held by the publishing pause</dt>
                <dd className="mt-1 font-semibold">
                  <span className="tabular-nums">{s.heldByPause}</span> due {s.heldByPause === 1 ? "task waits" : "tasks wait"} for the resume
                </dd>
              </div>
            ) : null}
          </dl>
          <BreakdownTable caption="By platform" rows={s.byPlatform} label={(k) => (k === "none" ? "No platform" : platformLabel(k))} />
          <BreakdownTable caption="By type" rows={s.byType} label={typeLabel} />
          <h3 className="mt-6 font-semibold">Top failure reasons</h3>
          {s.topFailureCodes.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">No failed tasks.</p>
          ) : (
            <ol className="mt-2 space-y-1">
              {s.topFailureCodes.map((f) => (
                <li key={f.code ?? "none"} className="flex justify-between gap-4 text-sm">
                  <code className="break-all">{f.code ?? "unknown"}</code>
                  <span className="tabular-nums">{f.count}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

// A table wider than a phone scrolls sideways in this box, which takes the keyboard focus so it can
// be scrolled without a mouse (axe: scrollable-region-focusable).
const scrollRegion = "overflow-x-auto rounded focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600";

function BreakdownTable({ caption, rows, label }: { caption: string; rows: Record<string, Counts>; label: (k: string) => string }) {
  const keys = Object.keys(rows).sort();
  return (
    <div className={`mt-6 ${scrollRegion}`} tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full min-w-[32rem] text-left text-sm">
        <caption className="mb-2 text-left font-semibold text-base">{caption}</caption>
        <thead className="border-b border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">
              {caption.replace("By ", "").replace(/^./, (c) => c.toUpperCase())}
            </th>
            {STATUSES.map((st) => (
              <th key={st} scope="col" className="px-2 py-1 text-right font-medium">
                {statusLabel(st)}
              </th>
            ))}
            <th scope="col" className="px-2 py-1 text-right font-medium">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.length === 0 ? (
            <tr>
              <td colSpan={STATUSES.length + 2} className="py-2 text-slate-600 dark:text-slate-400">
                No tasks yet.
              </td>
            </tr>
          ) : (
            keys.map((k) => (
              <tr key={k} className="border-b border-slate-100 dark:border-slate-800" data-row={k}>
                <th scope="row" className="py-1 pr-3 font-medium">
                  {label(k)}
                </th>
                {STATUSES.map((st) => (
                  <td key={st} className="px-2 py-1 text-right tabular-nums" data-col={st}>
                    {rows[k][st]}
                  </td>
                ))}
                <td className="px-2 py-1 text-right font-semibold tabular-nums" data-col="total">
                  {rows[k].total}
                </td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

function ThroughputSection() {
  const { data, error } = useSWR<{ buckets: Bucket[] }>("/api/agent/tasks/throughput?hours=48", fetchJson);
  return (
    <section aria-labelledby="tp-h" className="mt-10">
      <h2 id="tp-h" className="text-lg font-semibold">
        Throughput, last 48 hours
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">Finished attempts per hour: completed and failed (including those that need review).</p>
      {error ? <Failed what="throughput" error={error} /> : !data ? <Loading what="throughput" /> : <ThroughputChart buckets={data.buckets} />}
    </section>
  );
}

interface TaskFilters {
  status: string;
  platform: string;
  type: string;
}

function taskUrl(f: TaskFilters, cursor: string | null) {
  const q = new URLSearchParams({ limit: "25" });
  if (f.status) q.set("status", f.status);
  if (f.platform) q.set("platform", f.platform);
  if (f.type) q.set("type", f.type);
  if (cursor) q.set("cursor", cursor);
  return `/api/agent/tasks?${q}`;
}

function TaskList({ timeZone }: { timeZone: string }) {
  const [filters, setFilters] = useState<TaskFilters>({ status: "", platform: "", type: "" });
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const set = (k: keyof TaskFilters, v: string) => {
    setFilters((f) => ({ ...f, [k]: v }));
    setCursors([null]);
  };
  return (
    <section aria-labelledby="list-h" className="mt-10">
      <h2 id="list-h" className="text-lg font-semibold">
        All tasks
      </h2>
      <form className="mt-3 grid grid-cols-1 gap-3 sm:grid-cols-3" aria-label="Filter tasks" onSubmit={(e) => e.preventDefault()}>
        <FilterSelect label="Status" value={filters.status} onChange={(v) => set("status", v)} options={STATUSES.map((s) => [s, statusLabel(s)] as const)} />
        <FilterSelect label="Platform" value={filters.platform} onChange={(v) => set("platform", v)} options={Object.entries(PLATFORM_LABEL)} />
        <FilterSelect label="Type" value={filters.type} onChange={(v) => set("type", v)} options={TYPES.map((t) => [t, TYPE_LABEL[t]] as const)} />
      </form>
      <div className="mt-4 space-y-3">
        {cursors.map((c, i) => (
          <TaskPage
            key={taskUrl(filters, c)}
            url={taskUrl(filters, c)}
            first={i === 0}
            timeZone={timeZone}
            onMore={i === cursors.length - 1 ? (n) => setCursors((cs) => [...cs, n]) : undefined}
          />
        ))}
      </div>
    </section>
  );
}

function TaskPage({ url, first, timeZone, onMore }: { url: string; first: boolean; timeZone: string; onMore?: (c: string) => void }) {
  const { data, error } = useSWR<TaskList>(url, fetchJson);
  if (error) return <Failed what="tasks" error={error} />;
  if (!data) return <Loading what="tasks" />;
  if (first && data.tasks.length === 0) return <p className="text-slate-600 dark:text-slate-400">No tasks match these filters.</p>;
  return (
    <>
      <ul className="space-y-3" aria-label="Tasks">
        {data.tasks.map((t) => (
          <TaskRow key={t.id} task={t} timeZone={timeZone} />
        ))}
      </ul>
      {data.nextCursor && onMore ? (
        <button type="button" className={secondary} onClick={() => onMore(data.nextCursor!)}>
          Load more tasks
        </button>
      ) : null}
    </>
  );
}

function TaskRow({ task: t, timeZone }: { task: Task; timeZone: string }) {
  const { mutate } = useSWRConfig();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const panelId = useId();
  const act = useCallback(
    async (verb: "retry" | "cancel") => {
      setBusy(true);
      setError(null);
      try {
        await sendJson("POST", `/api/agent/tasks/${t.id}/${verb}`);
        await mutate((k) => typeof k === "string" && (k.startsWith("/api/agent/tasks") || k.startsWith("/api/posts")));
      } catch (err) {
        setError((err as Error).message);
      } finally {
        setBusy(false);
      }
    },
    [mutate, t.id],
  );
  const what = `${typeLabel(t.type)}${t.platform ? ` on ${platformLabel(t.platform)}` : ""}`;
  return (
    <li className={card} data-task-id={t.id} data-status={t.status}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-medium">{what}</span>
        <StatusBadge status={t.status} />
        <span className="text-sm text-slate-600 dark:text-slate-400">
          <time dateTime={t.scheduledAt}>{formatWhen(t.scheduledAt, timeZone)}</time>
          {t.retryCount > 0 ? ` · ${t.retryCount} of ${t.maxRetries} retries used` : ""}
          {t.executionTimeMs !== null ? ` · ran ${formatMs(t.executionTimeMs)}` : ""}
        </span>
      </div>
      {t.content ? <p className="mt-1 line-clamp-2 break-words text-sm text-slate-800 dark:text-slate-200">{t.content}</p> : null}
      {t.lastError ? (
        <p className="mt-1 text-sm text-red-800 dark:text-red-300">
          {t.lastError}
          {t.lastErrorCode ? <code className="ml-1 text-xs">({t.lastErrorCode})</code> : null}
        </p>
      ) : null}
      <div className="mt-2 flex flex-wrap gap-2">
        <button type="button" className={secondary} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
          {open ? "Hide attempts" : "Show attempts"}
          <span className="sr-only"> for {what}</span>
        </button>
        {["failed", "cancelled", "needs_review"].includes(t.status) ? (
          <button type="button" className={secondary} disabled={busy} onClick={() => act("retry")}>
            Retry<span className="sr-only"> {what}</span>
          </button>
        ) : null}
        {["pending", "needs_review"].includes(t.status) ? (
          <button type="button" className={secondary} disabled={busy} onClick={() => act("cancel")}>
            Cancel<span className="sr-only"> {what}</span>
          </button>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <div id={panelId} hidden={!open}>
        {open ? <Attempts taskId={t.id} /> : null}
      </div>
    </li>
  );
}

function Attempts({ taskId }: { taskId: string }) {
  const { data, error } = useSWR<{ task: TaskWithAttempts }>(`/api/agent/tasks/${taskId}`, fetchJson);
  if (error) return <Failed what="attempts" error={error} />;
  if (!data) return <Loading what="attempts" />;
  const attempts = data.task.attempts;
  if (attempts.length === 0) return <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No attempts yet.</p>;
  return (
    <div className={`mt-2 ${scrollRegion}`} tabIndex={0} role="region" aria-label="Attempts">
      <table className="w-full min-w-[28rem] text-left text-sm">
        <caption className="sr-only">Attempts</caption>
        <thead className="text-slate-600 dark:text-slate-400">
          <tr>
            <th scope="col" className="py-1 pr-2 font-medium">#</th>
            <th scope="col" className="py-1 pr-2 font-medium">Finished</th>
            <th scope="col" className="py-1 pr-2 font-medium">Outcome</th>
            <th scope="col" className="py-1 pr-2 font-medium">Took</th>
            <th scope="col" className="py-1 font-medium">Message</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((a, i) => (
            <tr key={i} className="border-t border-slate-100 align-top dark:border-slate-800">
              <td className="py-1 pr-2 tabular-nums">{a.attempt}</td>
              <td className="py-1 pr-2">{formatWhen(a.finishedAt)}</td>
              <td className="py-1 pr-2">
                {a.outcome}
                {a.failureClass ? ` (${a.failureClass})` : ""}
              </td>
              <td className="py-1 pr-2 tabular-nums">{formatMs(a.durationMs)}</td>
              <td className="break-words py-1">
                {a.message ?? "—"}
                {a.httpStatus ? ` · HTTP ${a.httpStatus}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
