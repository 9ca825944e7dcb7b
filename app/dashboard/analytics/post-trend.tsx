"use client";
// One top post's engagement over time, opened under it on the analytics page: GET /api/engagement
// (lib/engagement.ts, postEngagement: each target's snapshot history) drawn as a line per target
// in its network's colour (recharts, like the page's own chart), and the same numbers as a table
// per target. Fetched only while open; times in the workspace's zone (docs/decisions.md, "Analytics").
import { useMemo } from "react";
import useSWR from "swr";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { atHandle } from "@/lib/handle";
import { fetchJson, formatWhen, platformLabel } from "../_live/format";
import { COLOURS } from "./colours";

interface Snapshot {
  likes: number;
  reposts: number;
  replies: number;
  impressions: number | null;
  simulated: boolean;
  collectedAt: string;
}

interface TargetEngagement {
  postTargetId: string;
  platform: string;
  accountId: string;
  handle: string;
  url: string | null;
  latest: Snapshot | null;
  history: Snapshot[];
}

const num = (n: number | null | undefined) => (n === null || n === undefined ? "—" : new Intl.NumberFormat("en-GB").format(n));
const th = "px-2 py-1.5 text-left font-medium";
const td = "px-2 py-1.5 tabular-nums";
const HOUR = 3_600_000;

/** Targets in network order, each with a name (the handle too when one network has several) and a colour. */
function series(targets: TargetEngagement[], platformOrder: string[]) {
  const sorted = [...targets].sort((a, b) => a.platform.localeCompare(b.platform) || a.handle.localeCompare(b.handle));
  const order = [...platformOrder, ...[...new Set(sorted.map((t) => t.platform))].filter((p) => !platformOrder.includes(p)).sort()];
  const seen = new Map<string, number>();
  return sorted.map((t) => {
    const nth = seen.get(t.platform) ?? 0;
    seen.set(t.platform, nth + 1);
    const several = sorted.filter((x) => x.platform === t.platform).length > 1;
    return {
      ...t,
      name: several ? `${platformLabel(t.platform)} ${atHandle(t.handle)}` : platformLabel(t.platform),
      colour: COLOURS[order.indexOf(t.platform) % COLOURS.length],
      // A second account on the same network: the same colour, dashed.
      dash: nth > 0 ? "5 3" : undefined,
    };
  });
}

export function PostTrend({
  id,
  postId,
  open,
  timeZone,
  platformOrder,
}: {
  id: string;
  postId: string;
  open: boolean;
  timeZone: string;
  /** The page chart's network order, so a network has the same colour here as there. */
  platformOrder: string[];
}) {
  const { data, error, isValidating, mutate } = useSWR<{ targets: TargetEngagement[] }>(
    open ? `/api/engagement?postId=${encodeURIComponent(postId)}` : null,
    fetchJson,
    // New numbers arrive while someone watches (lib/engagement-sweep.ts): look again now and then.
    { refreshInterval: 60_000 },
  );
  const lines = useMemo(() => series(data?.targets ?? [], platformOrder), [data, platformOrder]);
  const rows = useMemo(
    () =>
      lines
        .flatMap((l) => l.history.map((s) => ({ t: Date.parse(s.collectedAt), [l.postTargetId]: s.likes + s.reposts + s.replies })))
        .sort((a, b) => a.t - b.t),
    [lines],
  );
  const domain = useMemo((): [number, number] => {
    if (rows.length === 0) return [0, 1];
    const lo = rows[0].t;
    const hi = rows[rows.length - 1].t;
    // One moment only: an hour either side, so the point sits in the middle.
    return hi - lo < 60_000 ? [lo - HOUR, hi + HOUR] : [lo, hi];
  }, [rows]);
  const tick = useMemo(() => {
    const f = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone });
    return (t: number) => f.format(new Date(t));
  }, [timeZone]);

  return (
    <div id={id} hidden={!open} className="mt-2 border-t border-slate-200 pt-2 dark:border-slate-800" data-testid="post-trend">
      {!open ? null : error ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 text-sm text-red-800 dark:text-red-300">
          <span>Could not load this post&apos;s numbers.</span>
          <button
            type="button"
            onClick={() => void mutate()}
            disabled={isValidating}
            className="rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-900 hover:bg-slate-50 disabled:opacity-60 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-900"
          >
            {isValidating ? "Retrying…" : "Retry"}
          </button>
        </div>
      ) : !data ? (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          No numbers collected yet — Herald collects them an hour, a day and a week after publishing, and more often while you watch.
        </p>
      ) : (
        <>
          <div className="h-48 w-full text-slate-700 dark:text-slate-300" aria-hidden="true" data-testid="post-trend-chart">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 0, left: -16 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                <XAxis dataKey="t" type="number" scale="time" domain={domain} tickFormatter={tick} stroke="currentColor" fontSize={12} minTickGap={32} />
                <YAxis allowDecimals={false} stroke="currentColor" fontSize={12} />
                <Tooltip contentStyle={{ color: "#0f172a" }} labelFormatter={(t) => formatWhen(new Date(Number(t)), timeZone)} />
                <Legend />
                {lines.map((l) => (
                  <Line
                    key={l.postTargetId}
                    dataKey={l.postTargetId}
                    name={l.name}
                    stroke={l.colour}
                    strokeDasharray={l.dash}
                    dot={{ r: 3, fill: l.colour }}
                    connectNulls
                    isAnimationActive={false}
                  />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <div className="mt-2 space-y-3">
            {lines
              .filter((l) => l.history.length > 0)
              .map((l) => {
                const caption = `${l.name}: engagement over time`;
                const simulated = l.history.some((s) => s.simulated);
                return (
                  <div key={l.postTargetId} className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800" tabIndex={0} role="region" aria-label={caption}>
                    <table className="w-full text-sm">
                      <caption className="px-2 py-2 text-left font-medium">
                        {caption}
                        {simulated ? " " : null}
                        {simulated ? (
                          <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900 dark:bg-amber-950 dark:text-amber-200">simulated</span>
                        ) : null}
                      </caption>
                      <thead className="bg-slate-50 dark:bg-slate-900">
                        <tr>
                          <th scope="col" className={th}>Time</th>
                          <th scope="col" className={th}>Likes</th>
                          <th scope="col" className={th}>Reposts</th>
                          <th scope="col" className={th}>Replies</th>
                          <th scope="col" className={th}>Impressions</th>
                        </tr>
                      </thead>
                      <tbody>
                        {l.history.map((s) => (
                          <tr key={s.collectedAt} className="border-t border-slate-200 dark:border-slate-800">
                            <th scope="row" className={`${th} whitespace-nowrap`}>
                              <time dateTime={s.collectedAt}>{formatWhen(s.collectedAt, timeZone)}</time>
                            </th>
                            <td className={td}>{num(s.likes)}</td>
                            <td className={td}>{num(s.reposts)}</td>
                            <td className={td}>{num(s.replies)}</td>
                            <td className={td}>{num(s.impressions)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                );
              })}
          </div>
        </>
      )}
    </div>
  );
}
