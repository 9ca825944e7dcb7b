"use client";
// The bar for the posts an editor ticked: move them to a new time, cancel or delete them (after
// a confirm) in one POST /api/posts/bulk. Each post gets its own answer (docs/decisions.md,
// "Editing a scheduled post"), so the bar says how many went and, by their text, which could not and why.
import { useId, useState } from "react";
import { useSWRConfig } from "swr";
import { request } from "../_live/api";
import { control } from "../_live/filter-select";
import { readableError } from "./post-actions";
import { danger, errorText, excerpt, primary, secondary } from "./styles";

type Action = "reschedule" | "cancel" | "delete";
interface Result {
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
}
interface Outcome {
  summary: string;
  failures: { id: string; about: string; reason: string }[];
}

const DONE: Record<Action, string> = { reschedule: "moved", cancel: "cancelled", delete: "deleted" };

function outcomeOf(action: Action, results: Result[], textOf: (id: string) => string | undefined): Outcome {
  const ok = results.filter((r) => r.ok).length;
  const failures = results
    .filter((r) => !r.ok)
    .map((r) => ({ id: r.id, about: excerpt(textOf(r.id)), reason: readableError({ ...r.error }) }));
  const done = `${ok === 0 ? "None" : ok} ${DONE[action]}`;
  return { summary: failures.length ? `${done}; ${failures.length} could not be:` : `${done}.`, failures };
}

export function BulkBar(props: {
  selected: string[];
  timeZone: string;
  /** A selected post's text, read when the answer comes (the list may have moved on). */
  textOf: (id: string) => string | undefined;
  /** The posts the action went through for: they leave the selection; refused ones stay. */
  onDone: (ids: string[]) => void;
  onClear: () => void;
}) {
  const { mutate } = useSWRConfig();
  const [date, setDate] = useState("");
  const [time, setTime] = useState("");
  const [busy, setBusy] = useState<Action | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [whenError, setWhenError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const ids = useId();
  const n = props.selected.length;

  async function run(action: Action) {
    setOutcome(null);
    setError(null);
    setWhenError(null);
    if (action === "reschedule" && (!date || !time)) {
      setWhenError("Choose a date and a time.");
      return;
    }
    setBusy(action);
    // Wall time without an offset: the server reads it in the workspace's zone (lib/validation/posts.ts).
    const body = { ids: props.selected, action, ...(action === "reschedule" && { scheduledAt: `${date}T${time}` }) };
    const r = await request<{ results: Result[] }>("POST", "/api/posts/bulk", body);
    setBusy(null);
    setConfirming(false);
    if (!r.ok) {
      const f = r.fields.find((x) => x.path === "scheduledAt");
      if (f) setWhenError(f.message);
      else setError(readableError(r));
      return;
    }
    setOutcome(outcomeOf(action, r.body.results, props.textOf));
    props.onDone(r.body.results.filter((x) => x.ok).map((x) => x.id));
    await mutate((k) => typeof k === "string" && k.startsWith("/api/posts"));
  }

  const label = "block text-sm font-medium text-slate-800 dark:text-slate-200";
  return (
    <div className="sticky bottom-0 z-10 space-y-2 pb-2">
      <div role="status" aria-live="polite" className={outcome ? "rounded-lg border border-slate-300 bg-white p-3 text-sm shadow-md dark:border-slate-600 dark:bg-slate-900" : ""}>
        {outcome ? (
          <div className="flex flex-wrap items-start justify-between gap-2">
            <p className="min-w-0 flex-1 font-medium" data-testid="bulk-summary">
              {outcome.summary}
            </p>
            <button type="button" className={secondary} onClick={() => setOutcome(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        {outcome?.failures.length ? (
          <div role="alert" data-testid="bulk-failures">
            <ul className={`mt-1 list-disc space-y-1 pl-5 [overflow-wrap:anywhere] ${errorText}`}>
              {outcome.failures.map((f) => (
                <li key={f.id}>
                  {f.about}: {f.reason}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {n > 0 ? (
        <section aria-label="Selected posts" className="rounded-lg border border-slate-300 bg-white p-3 shadow-lg dark:border-slate-600 dark:bg-slate-900">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="font-medium">{n} selected</p>
            <button type="button" className={secondary} disabled={busy !== null} onClick={props.onClear}>
              Clear<span className="sr-only"> the selection</span>
            </button>
          </div>
          <div className="mt-2 grid grid-cols-2 items-end gap-2 sm:flex sm:flex-wrap">
            <label className={label}>
              New date
              <input type="date" className={control} value={date} onChange={(e) => setDate(e.target.value)} aria-describedby={`${ids}-zone ${ids}-when`} aria-invalid={whenError ? true : undefined} />
            </label>
            <label className={label}>
              New time
              <input type="time" className={control} value={time} onChange={(e) => setTime(e.target.value)} aria-describedby={`${ids}-zone ${ids}-when`} aria-invalid={whenError ? true : undefined} />
            </label>
            <button type="button" className={`${primary} col-span-2 justify-center sm:col-span-1`} disabled={busy !== null} onClick={() => void run("reschedule")}>
              {busy === "reschedule" ? "Moving…" : "Reschedule"}
            </button>
          </div>
          <p id={`${ids}-zone`} className="mt-1 text-xs text-slate-600 dark:text-slate-400">
            In the workspace’s time zone ({props.timeZone.replaceAll("_", " ")}).
          </p>
          <p id={`${ids}-when`} className={whenError ? `mt-1 ${errorText}` : "sr-only"}>
            {whenError}
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <button type="button" className={secondary} disabled={busy !== null} onClick={() => void run("cancel")}>
              {busy === "cancel" ? "Cancelling…" : "Cancel posts"}
            </button>
            {confirming ? (
              <span role="group" aria-label="Confirm delete" className="flex flex-wrap items-center gap-2">
                <span className="text-sm font-medium">
                  Delete {n === 1 ? "this post" : `these ${n} posts`}?
                </span>
                <button type="button" className={danger} disabled={busy !== null} onClick={() => void run("delete")}>
                  {busy === "delete" ? "Deleting…" : "Yes, delete"}
                </button>
                <button type="button" className={secondary} disabled={busy !== null} autoFocus onClick={() => setConfirming(false)}>
                  No
                </button>
              </span>
            ) : (
              <button type="button" className={secondary} disabled={busy !== null} onClick={() => setConfirming(true)}>
                Delete
              </button>
            )}
          </div>
          {error ? (
            <p role="alert" className={`mt-2 ${errorText}`}>
              {error}
            </p>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
