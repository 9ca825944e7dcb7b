"use client";
// Settings → AI: the monthly AI budget (empty = the deployment's default), whether autopilot may
// schedule its drafts directly, and this month's usage (GET /api/agent/usage) with the simulation
// notice when the agent runs without a model.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import useSWR from "swr";
import type { MonthUsage } from "@/lib/ai/usage";
import type { Serialized } from "../_live/serialized";
import { SimulationNotice, usd } from "../_ai/ai-ui";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, Status } from "./ui";

/** GET /api/agent/usage: the model (or simulation) and this month's usage (lib/ai/usage.ts), as JSON. */
interface Usage {
  model: string;
  simulated: boolean;
  notice: string | null;
  usage: Serialized<MonthUsage>;
}

const OPERATION: Record<string, string> = {
  draft: "Drafts",
  rewrite: "Rewrites",
  shorten: "Shortening",
  hashtags: "Hashtags",
  variants: "Variants",
  titles: "Reddit titles",
  reply: "Reply suggestions",
  autopilot: "Autopilot",
};

async function loadUsage(url: string): Promise<Usage> {
  const r = await api<Usage>("GET", url);
  if (!r.ok) throw new Error(r.message);
  return r.body;
}

export function AiSettings({ capUsd, autoSchedule, canEdit, timeZone }: { capUsd: number | null; autoSchedule: boolean; canEdit: boolean; timeZone: string }) {
  const router = useRouter();
  const id = useId();
  const [cap, setCap] = useState(capUsd === null ? "" : String(capUsd));
  const [capError, setCapError] = useState<string | null>(null);
  const [capPending, setCapPending] = useState(false);
  const [auto, setAuto] = useState(autoSchedule);
  const [autoPending, setAutoPending] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const { data, error, mutate } = useSWR("/api/agent/usage", loadUsage, { revalidateOnFocus: false });

  async function saveCap() {
    setCapError(null);
    setStatus(null);
    const trimmed = cap.trim();
    const value = trimmed === "" ? null : Number(trimmed);
    if (value !== null && (!Number.isFinite(value) || value < 0)) {
      setCapError("Use an amount in US dollars, such as 20, or leave it empty for the default.");
      return;
    }
    setCapPending(true);
    const r = await api("PATCH", "/api/workspace/settings", { aiMonthlyCapUsd: value });
    setCapPending(false);
    if (!r.ok) return setCapError(r.fields.aiMonthlyCapUsd ?? r.message);
    setStatus({ message: value === null ? "Saved: the default monthly budget applies." : `Saved: the monthly AI budget is ${usd(value)}.`, tone: "success" });
    void mutate();
    router.refresh();
  }

  async function changeAuto(next: boolean) {
    setAuto(next);
    setAutoPending(true);
    setStatus(null);
    const r = await api("PATCH", "/api/workspace/settings", { autopilotAutoSchedule: next });
    setAutoPending(false);
    if (!r.ok) {
      setAuto(!next);
      return setStatus({ message: r.fields.autopilotAutoSchedule ?? r.message, tone: "error" });
    }
    setStatus({ message: next ? "Saved: autopilot schedules its drafts directly unless one needs review." : "Saved: autopilot drafts wait for approval.", tone: "success" });
    router.refresh();
  }

  const u = data?.usage;
  const month = u ? new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone }).format(new Date(u.monthStart)) : null;
  const share = u && u.capUsd > 0 ? Math.min(100, Math.round((u.costUsd / u.capUsd) * 100)) : 0;

  return (
    <div className="space-y-6">
      <form
        noValidate
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          void saveCap();
        }}
      >
        <label htmlFor={`${id}-cap`} className={labelClass}>
          Monthly AI budget (US dollars)
        </label>
        <div className="flex flex-wrap items-start gap-2">
          <input
            id={`${id}-cap`}
            type="number"
            inputMode="decimal"
            min={0}
            max={10000}
            step="0.01"
            value={cap}
            onChange={(e) => setCap(e.target.value)}
            disabled={!canEdit || capPending}
            placeholder={u ? `Default: ${usd(u.capUsd)}` : "Default"}
            aria-invalid={capError ? true : undefined}
            aria-describedby={`${id}-cap-hint${capError ? ` ${id}-cap-err` : ""}`}
            className={`${controlClass} max-w-48`}
          />
          <button type="submit" className={buttonClass} disabled={!canEdit || capPending}>
            {capPending ? "Saving…" : "Save budget"}
          </button>
        </div>
        <p id={`${id}-cap-hint`} className={hintClass}>
          When this month’s estimated cost reaches it, the agent stops writing until next month. Leave it empty for the default.
        </p>
        {capError ? (
          <p id={`${id}-cap-err`} className={errorClass}>
            {capError}
          </p>
        ) : null}
      </form>

      <div className="flex items-start gap-3">
        <input
          id={`${id}-auto`}
          type="checkbox"
          checked={auto}
          disabled={!canEdit || autoPending}
          onChange={(e) => void changeAuto(e.target.checked)}
          aria-describedby={`${id}-auto-hint`}
          className="mt-1 h-5 w-5 shrink-0 rounded border-slate-400 text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed dark:border-slate-600 dark:focus-visible:ring-offset-slate-900"
        />
        <div>
          <label htmlFor={`${id}-auto`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Autopilot may schedule directly
          </label>
          <p id={`${id}-auto-hint`} className={hintClass}>
            Off: every autopilot draft waits on the Autopilot page for an admin’s approval. On: drafts are scheduled at once, except those the brand check flags for review.
          </p>
        </div>
      </div>
      <Status message={status?.message ?? null} tone={status?.tone} />

      <div aria-live="polite" aria-busy={!data && !error}>
        <h3 className="text-sm font-semibold text-slate-900 dark:text-slate-100">Usage this month{month ? ` (${month})` : ""}</h3>
        {error ? (
          <p className={errorClass}>Could not load the usage: {String((error as Error).message)}</p>
        ) : !data || !u ? (
          <p className={hintClass}>Loading…</p>
        ) : (
          <div className="mt-2 space-y-3">
            {data.simulated ? <SimulationNotice notice={data.notice} /> : <p className={hintClass}>Model: {data.model}</p>}
            <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Calls</dt>
                <dd className="font-semibold tabular-nums">{u.calls.toLocaleString("en")}</dd>
              </div>
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Tokens</dt>
                <dd className="font-semibold tabular-nums">{(u.promptTokens + u.completionTokens).toLocaleString("en")}</dd>
              </div>
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Cost</dt>
                <dd className="font-semibold tabular-nums">
                  {usd(u.costUsd)} of {usd(u.capUsd)}
                </dd>
              </div>
              <div>
                <dt className="text-slate-600 dark:text-slate-400">Left</dt>
                <dd className="font-semibold tabular-nums">{usd(u.remainingUsd)}</dd>
              </div>
            </dl>
            <div>
              <div
                role="meter"
                aria-label="Share of the monthly AI budget used"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={share}
                aria-valuetext={`${share}% of ${usd(u.capUsd)}`}
                className="h-2 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
              >
                <div className={`h-full ${share >= 90 ? "bg-red-600 dark:bg-red-400" : "bg-blue-700 dark:bg-blue-400"}`} style={{ width: `${share}%` }} />
              </div>
            </div>
            {u.byOperation.length ? (
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Usage by operation</caption>
                <thead>
                  <tr className="text-slate-600 dark:text-slate-400">
                    <th scope="col" className="py-1 font-medium">
                      Operation
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Calls
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Cost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {u.byOperation.map((o) => (
                    <tr key={o.operation} className="border-t border-slate-200 dark:border-slate-800">
                      <th scope="row" className="py-1 font-normal">
                        {OPERATION[o.operation] ?? o.operation}
                      </th>
                      <td className="py-1 text-right tabular-nums">{o.calls}</td>
                      <td className="py-1 text-right tabular-nums">{usd(o.costUsd)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className={hintClass}>No AI calls yet this month.</p>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
