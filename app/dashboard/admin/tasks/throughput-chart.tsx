"use client";
// The throughput chart: recharts stacked bars (completed / failed per hour), hidden from assistive
// technology (its focusable layer would sit inside aria-hidden); screen readers get the same
// numbers as a table, and everyone gets a one-line text summary.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { taskThroughput } from "@/lib/posts";

/** One hour of /api/agent/tasks/throughput. */
export type Bucket = Awaited<ReturnType<typeof taskThroughput>>["buckets"][number];

const hourLabel = (iso: string) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
const fullLabel = (iso: string) => new Intl.DateTimeFormat("en-GB", { weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));

export function ThroughputChart({ buckets }: { buckets: Bucket[] }) {
  const completed = buckets.reduce((s, b) => s + b.completed, 0);
  const failed = buckets.reduce((s, b) => s + b.failed, 0);
  const busy = buckets.filter((b) => b.completed + b.failed > 0);
  return (
    <figure className="mt-3">
      <div className="h-60 w-full text-slate-700 dark:text-slate-300" aria-hidden="true" data-testid="throughput-chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
            <XAxis dataKey="hour" tickFormatter={hourLabel} minTickGap={24} stroke="currentColor" fontSize={12} />
            <YAxis allowDecimals={false} stroke="currentColor" fontSize={12} />
            <Tooltip labelFormatter={(v) => fullLabel(String(v))} contentStyle={{ color: "#0f172a" }} />
            <Legend />
            <Bar dataKey="completed" name="Completed" stackId="a" fill="#15803d" isAnimationActive={false} />
            <Bar dataKey="failed" name="Failed" stackId="a" fill="#b91c1c" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-2 text-sm text-slate-700 dark:text-slate-300" data-testid="throughput-summary">
        {completed} completed and {failed} failed in the last {buckets.length} hours
        {busy.length ? `, in ${busy.length} busy hour${busy.length === 1 ? "" : "s"}` : ""}.
      </figcaption>
      {/* The table for screen readers sits in an sr-only box: on the table itself, its cells would
          still widen it past a phone's width (tables do not shrink to 1 px). */}
      <div className="sr-only">
        <table>
          <caption>Finished attempts per hour (hours with activity)</caption>
          <thead>
            <tr>
              <th scope="col">Hour</th>
              <th scope="col">Completed</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {busy.map((b) => (
              <tr key={b.hour}>
                <th scope="row">{fullLabel(b.hour)}</th>
                <td>{b.completed}</td>
                <td>{b.failed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
