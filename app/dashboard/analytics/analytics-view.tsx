"use client";
// The analytics page's live part: filters (range, network, account, campaign) → GET /api/analytics,
// shown as totals, a line per network over time (recharts; the same numbers as a table for screen
// readers), tables per network, account and campaign, the top posts, the best-time heatmap
// (GET /api/agent/best-times) and a CSV link for the same filters. Each top post opens its own
// engagement over time (post-trend.tsx).
import Link from "next/link";
import { useId, useMemo, useState } from "react";
import useSWR from "swr";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Analytics, Metrics } from "@/lib/analytics";
import { clock } from "@/lib/clock";
import { atHandle } from "@/lib/handle";
import { fetchJson, formatWhen, platformLabel } from "../_live/format";
import { control, FilterSelect } from "../_live/filter-select";
import { COLOURS } from "./colours";
import { BestTimeHeatmap, type BestTimesJson } from "./heatmap";
import { PostTrend } from "./post-trend";

const RANGES = [
  { days: 7, label: "Last 7 days", interval: "day" },
  { days: 30, label: "Last 30 days", interval: "day" },
  { days: 90, label: "Last 90 days", interval: "week" },
  { days: 365, label: "Last 12 months", interval: "month" },
] as const;

const num = (n: number | null | undefined) => (n === null || n === undefined ? "—" : new Intl.NumberFormat("en-GB").format(n));
const pct = (r: number | null) => (r === null ? "—" : `${(r * 100).toFixed(1)} %`);

const th = "px-2 py-1.5 text-left font-medium";
const td = "px-2 py-1.5 tabular-nums";

function MetricsTable({ caption, rows, label }: { caption: string; rows: (Metrics & { key: string })[]; label: (key: string) => React.ReactNode }) {
  if (rows.length === 0) return null;
  return (
    <div className="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800" tabIndex={0} role="region" aria-label={caption}>
      <table className="w-full text-sm">
        <caption className="px-2 py-2 text-left font-medium">{caption}</caption>
        <thead className="bg-slate-50 dark:bg-slate-900">
          <tr>
            <th scope="col" className={th}>Name</th>
            <th scope="col" className={th}>Posts</th>
            <th scope="col" className={th}>Engagement</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Likes</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Reposts</th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>Replies</th>
            <th scope="col" className={th}>Rate</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-200 dark:border-slate-800">
              <th scope="row" className={`${th} max-w-40 truncate`}>{label(r.key)}</th>
              <td className={td}>{num(r.targets)}</td>
              <td className={td}>{num(r.engagement)}</td>
              <td className={`${td} hidden sm:table-cell`}>{num(r.likes)}</td>
              <td className={`${td} hidden sm:table-cell`}>{num(r.reposts)}</td>
              <td className={`${td} hidden sm:table-cell`}>{num(r.replies)}</td>
              <td className={td}>{pct(r.engagementRate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The series as one row per bucket with a column per network, for the chart. */
function pivot(series: Analytics["series"]) {
  const platforms = [...new Set(series.map((s) => s.platform))].sort();
  const byBucket = new Map<string, Record<string, number | string>>();
  for (const s of series) {
    const row = byBucket.get(s.bucket) ?? { bucket: s.bucket };
    row[s.platform] = s.engagement;
    byBucket.set(s.bucket, row);
  }
  return { platforms, rows: [...byBucket.values()] };
}

export function AnalyticsView({ accounts, campaigns }: { accounts: { id: string; platform: string; handle: string }[]; campaigns: { id: string; name: string }[] }) {
  const id = useId();
  const [days, setDays] = useState<number>(30);
  const [platform, setPlatform] = useState("");
  const [accountId, setAccountId] = useState("");
  const [campaignId, setCampaignId] = useState("");
  // Top posts whose engagement over time is open.
  const [openTrends, setOpenTrends] = useState<ReadonlySet<string>>(new Set());
  const toggleTrend = (postId: string) =>
    setOpenTrends((prev) => {
      const next = new Set(prev);
      if (!next.delete(postId)) next.add(postId);
      return next;
    });
  const range = RANGES.find((r) => r.days === days) ?? RANGES[1];
  // The window ends now, fixed while the filters stay (a moving `to` would refetch every render).
  const query = useMemo(() => {
    const to = clock.now();
    const from = new Date(to.getTime() - range.days * 86_400_000);
    const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), interval: range.interval });
    if (platform) q.set("platform", platform);
    if (accountId) q.set("accountId", accountId);
    if (campaignId) q.set("campaignId", campaignId);
    return q.toString();
  }, [range, platform, accountId, campaignId]);
  const { data, error, isLoading } = useSWR<Analytics>(`/api/analytics?${query}`, fetchJson, { keepPreviousData: true });
  const best = useSWR<BestTimesJson>(`/api/agent/best-times${platform ? `?platform=${platform}` : ""}`, fetchJson);
  const chart = useMemo(() => pivot(data?.series ?? []), [data]);
  const platforms = [...new Set(accounts.map((a) => a.platform))].sort();
  const accountLabel = (key: string) => {
    const a = data?.byAccount.find((x) => x.accountId === key);
    return a ? `${platformLabel(a.platform)} ${atHandle(a.handle)}` : key;
  };

  return (
    <div className="mt-6 space-y-8">
      <form className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
        <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Range
          <select className={control} value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {RANGES.map((r) => (
              <option key={r.days} value={r.days}>{r.label}</option>
            ))}
          </select>
        </label>
        <FilterSelect label="Network" value={platform} onChange={setPlatform} emptyLabel="All networks" options={platforms.map((p) => [p, platformLabel(p)] as const)} />
        <FilterSelect
          label="Account"
          value={accountId}
          onChange={setAccountId}
          emptyLabel="All accounts"
          options={accounts.map((a) => [a.id, `${platformLabel(a.platform)} ${atHandle(a.handle)}`] as const)}
        />
        <FilterSelect label="Campaign" value={campaignId} onChange={setCampaignId} emptyLabel="All posts" options={campaigns.map((c) => [c.id, c.name] as const)} />
      </form>

      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The numbers could not be loaded: {error instanceof Error ? error.message : "try again in a moment"}.
        </p>
      ) : null}
      {!data && isLoading ? <p className="text-sm text-slate-700 dark:text-slate-300">Loading…</p> : null}

      {data ? (
        <>
          <section aria-labelledby={`${id}-totals`}>
            <h2 id={`${id}-totals`} className="sr-only">Totals</h2>
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="analytics-totals">
              {(
                [
                  ["Posts published", num(data.totals.targets)],
                  ["Engagement", num(data.totals.engagement)],
                  ["Likes", num(data.totals.likes)],
                  ["Reposts", num(data.totals.reposts)],
                  ["Replies", num(data.totals.replies)],
                  ["Engagement rate", pct(data.totals.engagementRate)],
                ] as const
              ).map(([k, v]) => (
                <div key={k} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
                  <dt className="text-xs text-slate-600 dark:text-slate-400">{k}</dt>
                  <dd className="text-xl font-semibold tabular-nums">{v}</dd>
                </div>
              ))}
            </dl>
            {data.totals.simulated > 0 ? (
              <p role="note" className="mt-2 text-sm text-amber-900 dark:text-amber-200">
                {num(data.totals.simulated)} of these went out in simulation mode: their numbers are made up by the simulator, not measured.
              </p>
            ) : null}
            <p className="mt-2 text-sm">
              <a href={`/api/analytics?${query}&format=csv`} download className="font-medium text-blue-800 underline underline-offset-2 dark:text-blue-300">
                Export these posts as CSV
              </a>
            </p>
          </section>

          {data.totals.targets === 0 ? (
            <div className="rounded-md border border-dashed border-slate-300 px-4 py-6 text-slate-700 dark:border-slate-700 dark:text-slate-300">
              <p className="font-medium">No published posts in this range.</p>
              <p className="mt-1 text-sm">
                Once posts go out, Herald reads their likes, reposts and replies after an hour, a day and a week.{" "}
                <Link href="/dashboard/compose" className="font-medium text-blue-800 underline underline-offset-2 dark:text-blue-300">
                  Write a post
                </Link>
              </p>
            </div>
          ) : (
            <>
              <section aria-labelledby={`${id}-over-time`}>
                <h2 id={`${id}-over-time`} className="text-lg font-semibold">Engagement over time</h2>
                <div className="mt-2 h-64 w-full text-slate-700 dark:text-slate-300" aria-hidden="true" data-testid="analytics-chart">
                  <ResponsiveContainer width="100%" height="100%">
                    <LineChart data={chart.rows} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
                      <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
                      <XAxis dataKey="bucket" stroke="currentColor" fontSize={12} minTickGap={24} />
                      <YAxis allowDecimals={false} stroke="currentColor" fontSize={12} />
                      <Tooltip contentStyle={{ color: "#0f172a" }} />
                      <Legend />
                      {chart.platforms.map((p, i) => (
                        <Line key={p} dataKey={p} name={platformLabel(p)} stroke={COLOURS[i % COLOURS.length]} dot={false} connectNulls isAnimationActive={false} />
                      ))}
                    </LineChart>
                  </ResponsiveContainer>
                </div>
                <div className="sr-only">
                  <table>
                    <caption>Engagement per {range.interval} and network</caption>
                    <thead>
                      <tr>
                        <th scope="col">{range.interval === "day" ? "Day" : range.interval === "week" ? "Week of" : "Month"}</th>
                        {chart.platforms.map((p) => (
                          <th key={p} scope="col">{platformLabel(p)}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {chart.rows.map((r) => (
                        <tr key={String(r.bucket)}>
                          <th scope="row">{String(r.bucket)}</th>
                          {chart.platforms.map((p) => (
                            <td key={p}>{num(r[p] as number | undefined)}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </section>

              <section aria-labelledby={`${id}-top`}>
                <h2 id={`${id}-top`} className="text-lg font-semibold">Top posts</h2>
                <ol className="mt-2 space-y-2" data-testid="top-posts">
                  {data.topPosts.map((p) => {
                    const open = openTrends.has(p.postId);
                    const trendId = `${id}-trend-${p.postId}`;
                    return (
                      <li key={p.postId} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
                        <p className="line-clamp-2 break-words text-sm">{p.text || "(no text)"}</p>
                        <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
                          {num(p.engagement)} engagement ({num(p.likes)} likes, {num(p.reposts)} reposts, {num(p.replies)} replies) ·{" "}
                          {[...new Set(p.platforms)].sort().map(platformLabel).join(", ")} ·{" "}
                          <time dateTime={p.publishedAt}>{formatWhen(p.publishedAt, data.range.timeZone)}</time> ·{" "}
                          <Link href={`/dashboard/posts?focus=${encodeURIComponent(p.postId)}`} className="font-medium text-blue-800 underline underline-offset-2 dark:text-blue-300">
                            Open
                          </Link>{" "}
                          ·{" "}
                          <button
                            type="button"
                            aria-expanded={open}
                            aria-controls={trendId}
                            onClick={() => toggleTrend(p.postId)}
                            className="font-medium text-blue-800 underline underline-offset-2 dark:text-blue-300"
                          >
                            Over time<span aria-hidden="true">{open ? " ▴" : " ▾"}</span>
                          </button>
                        </p>
                        <PostTrend id={trendId} postId={p.postId} open={open} timeZone={data.range.timeZone} platformOrder={chart.platforms} />
                      </li>
                    );
                  })}
                </ol>
              </section>

              <section aria-labelledby={`${id}-split`} className="space-y-4">
                <h2 id={`${id}-split`} className="text-lg font-semibold">By network, account and campaign</h2>
                <MetricsTable caption="By network" rows={data.byPlatform.map((r) => ({ ...r, key: r.platform }))} label={platformLabel} />
                <MetricsTable caption="By account" rows={data.byAccount.map((r) => ({ ...r, key: r.accountId }))} label={accountLabel} />
                <MetricsTable
                  caption="By campaign"
                  rows={data.byCampaign.map((r) => ({ ...r, key: r.campaignId ?? "" }))}
                  label={(key) => data.byCampaign.find((c) => (c.campaignId ?? "") === key)?.name ?? "No campaign"}
                />
              </section>
            </>
          )}
        </>
      ) : null}

      <BestTimeHeatmap data={best.data} error={best.error ? "The best times could not be loaded." : null} />
    </div>
  );
}
