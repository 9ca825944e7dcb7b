"use client";
// A/B tests from the dashboard: schedule the Assist panel's variants into the next free posting
// slots (each variant to every chosen account) with POST /api/agent/variants, and compare a
// group's engagement on the Posts page with GET /api/agent/variants/:group.
import { useState } from "react";
import useSWR from "swr";
import type { compareVariants, scheduleVariants } from "@/lib/ai/variants";
import type { Serialized } from "../_live/serialized";
import { callApi } from "./ai-ui";

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const button = `inline-flex min-h-9 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold text-slate-800 hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 ${focusRing}`;

type Scheduled = Serialized<Awaited<ReturnType<typeof scheduleVariants>>>;

export function ScheduleAbTest({
  variants,
  accountIds,
  timeZone,
  media,
  reddit,
  youtube,
  tiktok,
  whatsapp,
}: {
  variants: { label: string; text: string }[];
  accountIds: string[];
  timeZone?: string;
  /** config.media: the post's uploaded media (a YouTube or TikTok post is a video). */
  media?: Record<string, unknown>[];
  /** config.reddit for Reddit accounts among them (the composer's Reddit section). */
  reddit?: Record<string, unknown>;
  /** config.youtube, config.tiktok and config.whatsapp, likewise (the composer's YouTube, TikTok and WhatsApp sections). */
  youtube?: Record<string, unknown>;
  tiktok?: Record<string, unknown>;
  whatsapp?: Record<string, unknown>;
}) {
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Scheduled | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (variants.length < 2) return null;
  const when = (iso: string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(iso));
  return (
    <div className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
      <button
        type="button"
        className={button}
        disabled={busy || accountIds.length === 0 || done !== null}
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await callApi<Scheduled>("POST", "/api/agent/variants", {
            variants: variants.map(({ label, text }) => ({ label, text })),
            accountIds,
            spread: "slots",
            ...(media && { media }),
            ...(reddit && { reddit }),
            ...(youtube && { youtube }),
            ...(tiktok && { tiktok }),
            ...(whatsapp && { whatsapp }),
          });
          setBusy(false);
          if (r.ok && r.data) setDone(r.data);
          else setError(r.fields[0]?.message ?? r.message);
        }}
      >
        {busy ? "Scheduling the A/B test…" : "Schedule all as an A/B test"}
      </button>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
        {accountIds.length === 0 ? "Choose the accounts above first. " : ""}Each variant goes to every chosen account in its own free posting slot; compare them on the Posts page once numbers arrive.
      </p>
      <div aria-live="polite">
        {error ? <p role="alert" className="mt-1 text-sm text-red-800 dark:text-red-300">{error}</p> : null}
        {done ? (
          <p className="mt-1 text-sm text-emerald-800 dark:text-emerald-300">
            Scheduled:{" "}
            {done.variants.map((v) => `${v.label} ${when(v.scheduledAt)}${v.approvalState === "pending" ? " (waiting for approval)" : ""}`).join(" · ")}
          </p>
        ) : null}
      </div>
    </div>
  );
}

type Comparison = Serialized<Awaited<ReturnType<typeof compareVariants>>>;

export function CompareVariants({ group, label }: { group: string; label: string | null }) {
  const [open, setOpen] = useState(false);
  const { data, error } = useSWR<Comparison>(open ? `/api/agent/variants/${encodeURIComponent(group)}` : null, async (url: string) => {
    const r = await callApi<Comparison>("GET", url);
    if (!r.ok || !r.data) throw new Error(r.message);
    return r.data;
  });
  return (
    <div className="mt-2">
      <button type="button" className={button} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        A/B test{label ? ` · variant ${label}` : ""}: {open ? "hide comparison" : "compare variants"}
      </button>
      {open ? (
        <div className="mt-2 text-sm" aria-live="polite">
          {error ? <p role="alert" className="text-red-800 dark:text-red-300">{(error as Error).message}</p> : null}
          {!data && !error ? <p className="text-slate-600 dark:text-slate-400">Loading the comparison…</p> : null}
          {data ? (
            <>
              <p className="font-medium text-slate-900 dark:text-slate-100">{data.verdict}</p>
              <table className="mt-1 min-w-full text-left text-slate-800 dark:text-slate-200">
                <caption className="sr-only">Engagement per variant</caption>
                <thead>
                  <tr>
                    <th scope="col" className="pr-3">Variant</th>
                    <th scope="col" className="pr-3">Likes</th>
                    <th scope="col" className="pr-3">Reposts</th>
                    <th scope="col" className="pr-3">Replies</th>
                    <th scope="col">Score</th>
                  </tr>
                </thead>
                <tbody>
                  {data.variants.map((v) => (
                    <tr key={v.label} className={v.label === data.winner ? "font-semibold" : undefined}>
                      <th scope="row" className="pr-3">
                        {v.label}
                        {v.label === data.winner ? " (ahead)" : ""}
                        {v.simulated ? " · simulated numbers" : ""}
                      </th>
                      <td className="pr-3">{v.measured ? v.likes : "–"}</td>
                      <td className="pr-3">{v.measured ? v.reposts : "–"}</td>
                      <td className="pr-3">{v.measured ? v.replies : "–"}</td>
                      <td>{v.measured ? v.score : "not yet"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
