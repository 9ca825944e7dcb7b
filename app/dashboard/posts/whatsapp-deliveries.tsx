"use client";
// A WhatsApp post's delivery on the posts page (GET /api/posts/:id/deliveries; docs/whatsapp.md):
// one line of totals ("12 sent · 9 delivered · 5 read · 1 failed", where a read message was also
// sent and delivered), and on request each recipient's copy with what went wrong.
import { useId, useState } from "react";
import useSWR from "swr";
import { fetchJson, formatWhen } from "../_live/format";

interface Delivery {
  status: string;
  kind: string;
  error: string | null;
  statusAt: string;
  recipient: { id: string; phone: string; name: string | null };
}
interface Deliveries {
  totals: Record<string, number>;
  deliveries: Delivery[];
}

const STATUS_WORD: Record<string, string> = {
  sending: "sending",
  sent: "sent",
  delivered: "delivered",
  read: "read",
  failed: "failed",
  skipped: "skipped",
  unknown: "unknown",
};

/** The totals as people count them: a delivered copy was sent, a read one delivered. */
export function deliverySummary(totals: Record<string, number>): string {
  const n = (s: string) => totals[s] ?? 0;
  const parts: [number, string][] = [
    [n("sent") + n("delivered") + n("read"), "sent"],
    [n("delivered") + n("read"), "delivered"],
    [n("read"), "read"],
    [n("failed"), "failed"],
    [n("skipped"), "skipped"],
    [n("unknown"), "unknown"],
    [n("sending"), "sending"],
  ];
  return parts
    .filter(([count], i) => i < 3 || count > 0)
    .map(([count, word]) => `${count} ${word}`)
    .join(" · ");
}

const why: Record<string, string> = {
  skipped: "Not sent",
  unknown: "WhatsApp did not answer; not sent again, so never twice",
};

export function WhatsappDeliveries({ postId, timeZone, published }: { postId: string; timeZone: string; published: boolean }) {
  const [open, setOpen] = useState(false);
  const listId = useId();
  const { data, error } = useSWR<Deliveries>(`/api/posts/${encodeURIComponent(postId)}/deliveries`, fetchJson, { revalidateOnFocus: false });
  if (error) return <p className="mt-1 text-sm text-red-800 dark:text-red-300">Could not load the deliveries: {(error as Error).message}</p>;
  if (!data) return <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Loading the deliveries…</p>;
  if (data.deliveries.length === 0) {
    return (
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-400" data-testid="deliveries">
        {published ? "No messages recorded: a simulated account sends none." : "No messages sent yet."}
      </p>
    );
  }
  return (
    <div className="mt-1 text-sm" data-testid="deliveries">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <p className="text-slate-800 dark:text-slate-200">{deliverySummary(data.totals)}</p>
        <button
          type="button"
          aria-expanded={open}
          aria-controls={listId}
          onClick={() => setOpen((o) => !o)}
          className="rounded font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300 dark:hover:text-blue-200"
        >
          {open ? "Hide recipients" : `Show ${data.deliveries.length} recipient${data.deliveries.length === 1 ? "" : "s"}`}
        </button>
      </div>
      <ul id={listId} hidden={!open} className="mt-2 divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800" aria-label="Deliveries">
        {data.deliveries.map((d) => (
          <li key={d.recipient.id} className="px-3 py-2" data-delivery-status={d.status}>
            <p className="flex flex-wrap gap-x-2">
              <span className="font-medium">{d.recipient.name ?? d.recipient.phone}</span>
              {d.recipient.name ? <span className="tabular-nums text-slate-600 dark:text-slate-400">{d.recipient.phone}</span> : null}
              <span className={d.status === "failed" ? "font-medium text-red-800 dark:text-red-300" : "text-slate-700 dark:text-slate-300"}>
                {STATUS_WORD[d.status] ?? d.status}
                {d.kind === "template" ? " (template)" : ""}
              </span>
              <time dateTime={d.statusAt} className="text-slate-600 dark:text-slate-400">
                {formatWhen(d.statusAt, timeZone)}
              </time>
            </p>
            {d.error || why[d.status] ? <p className="text-slate-700 dark:text-slate-300">{d.error ?? why[d.status]}</p> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
