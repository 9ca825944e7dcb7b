"use client";
// The import flow: pick or drop a CSV → dry run (preview + errors by line) → "Import N posts".
import Link from "next/link";
import { useId, useRef, useState, type DragEvent } from "react";
import type { FieldError } from "@/lib/errors";
import type { ImportError, PreviewRow } from "@/lib/import-csv";
import { atHandle } from "@/lib/handle";

interface ApiError {
  error?: { message?: string; fields?: FieldError[]; details?: { errors?: ImportError[] } };
}

type State =
  | { kind: "idle" }
  | { kind: "checking"; file: File }
  | { kind: "checked"; file: File; rows: PreviewRow[]; errors: ImportError[] }
  | { kind: "importing"; file: File; rows: PreviewRow[] }
  | { kind: "done"; scheduled: number; duplicates: number }
  | { kind: "failed"; file: File | null; message: string; errors: ImportError[] };

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 dark:focus-visible:ring-blue-400 dark:focus-visible:ring-offset-slate-950";
const buttonBase = `rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;
const primary = `${buttonBase} bg-blue-700 text-white hover:bg-blue-800`;
const secondary = `${buttonBase} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

async function send(file: File, dryRun: boolean) {
  const form = new FormData();
  form.set("file", file);
  form.set("dryRun", dryRun ? "true" : "false");
  const res = await fetch("/api/import", { method: "POST", body: form });
  const data = (await res.json().catch(() => null)) as (Record<string, unknown> & ApiError) | null;
  return { res, data };
}

function apiErrors(data: ApiError | null): ImportError[] {
  const listed = data?.error?.details?.errors;
  if (listed?.length) return listed;
  return (data?.error?.fields ?? []).map((f) => ({ line: 0, column: f.path, message: f.message }));
}

export function Importer({ timeZone }: { timeZone: string }) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [dragging, setDragging] = useState(false);
  const [status, setStatus] = useState("");

  async function check(file: File) {
    if (file.size > 1_000_000) {
      setState({ kind: "failed", file, message: `${file.name} is larger than 1 MB: split it into smaller files.`, errors: [] });
      setStatus("The file is too large.");
      return;
    }
    setState({ kind: "checking", file });
    setStatus(`Checking ${file.name}…`);
    try {
      const { res, data } = await send(file, true);
      if (!res.ok) {
        const message = data?.error?.message ?? `The file could not be checked (HTTP ${res.status}).`;
        setState({ kind: "failed", file, message, errors: apiErrors(data) });
        setStatus(message);
        return;
      }
      const rows = (data?.preview ?? []) as PreviewRow[];
      const errors = (data?.errors ?? []) as ImportError[];
      setState({ kind: "checked", file, rows, errors });
      setStatus(
        errors.length
          ? `${plural(errors.length, "problem")} found in ${file.name}. Fix them and upload the file again.`
          : `${file.name} is ready: ${plural(rows.length, "post")} to import.`,
      );
    } catch {
      setState({ kind: "failed", file, message: "Herald could not be reached. Check your connection and try again.", errors: [] });
      setStatus("Herald could not be reached.");
    }
  }

  async function runImport() {
    if (state.kind !== "checked" || state.errors.length) return;
    const { file, rows } = state;
    setState({ kind: "importing", file, rows });
    setStatus(`Importing ${plural(rows.length, "post")}…`);
    try {
      const { res, data } = await send(file, false);
      if (res.status !== 201) {
        const message = data?.error?.message ?? `The import failed (HTTP ${res.status}); nothing was scheduled.`;
        setState({ kind: "failed", file, message, errors: apiErrors(data) });
        setStatus(message);
        return;
      }
      const scheduled = ((data?.scheduled ?? []) as unknown[]).length;
      const duplicates = ((data?.duplicates ?? []) as unknown[]).length;
      setState({ kind: "done", scheduled, duplicates });
      setStatus(`Imported: ${plural(scheduled, "post")} scheduled${duplicates ? `, ${plural(duplicates, "row")} already imported before` : ""}.`);
    } catch {
      setState({ kind: "failed", file, message: "Herald could not be reached; check the calendar before trying again.", errors: [] });
      setStatus("Herald could not be reached.");
    }
  }

  function pick(files: FileList | null) {
    const file = files?.[0];
    if (file) void check(file);
  }

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files);
  }

  function reset() {
    setState({ kind: "idle" });
    setStatus("");
    if (inputRef.current) inputRef.current.value = "";
    inputRef.current?.focus();
  }

  const busy = state.kind === "checking" || state.kind === "importing";
  const rows = state.kind === "checked" || state.kind === "importing" ? state.rows : [];
  const errors = state.kind === "checked" || state.kind === "failed" ? state.errors : [];
  const errorLines = new Set(errors.map((e) => e.line));
  const file = "file" in state ? state.file : null;

  return (
    <div className="mt-6 space-y-6">
      <p role="status" aria-live="polite" className="sr-only">
        {status}
      </p>

      {state.kind !== "done" ? (
        <div
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          className={`flex flex-col items-center gap-3 rounded-lg border-2 border-dashed px-4 py-8 text-center ${
            dragging ? "border-blue-600 bg-blue-50 dark:border-blue-400 dark:bg-blue-950" : "border-slate-300 dark:border-slate-700"
          }`}
        >
          <p className="text-sm text-slate-700 dark:text-slate-300">Drop a CSV file here, or</p>
          <input
            ref={inputRef}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            className="peer sr-only"
            disabled={busy}
            onChange={(e) => pick(e.target.files)}
          />
          <label
            htmlFor={inputId}
            className={`${primary} cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-blue-600 peer-focus-visible:ring-offset-2 peer-disabled:cursor-wait peer-disabled:opacity-60 dark:peer-focus-visible:ring-blue-400`}
          >
            {busy ? "Checking…" : file ? "Choose another CSV file" : "Choose a CSV file"}
          </label>
          {file ? (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {state.kind === "checking" ? "Checking" : "File"}: <span className="font-medium">{file.name}</span>
            </p>
          ) : null}
        </div>
      ) : null}

      {state.kind === "failed" ? (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          {state.message}
        </div>
      ) : null}

      {errors.length ? (
        <section aria-labelledby="import-errors" className="rounded-md border border-red-300 px-4 py-3 dark:border-red-800">
          <h2 id="import-errors" className="font-semibold text-red-800 dark:text-red-300">
            {plural(errors.length, "problem")} — nothing will be imported until they are fixed
          </h2>
          <ul className="mt-2 space-y-1 text-sm text-slate-900 dark:text-slate-100">
            {errors.map((e, i) => (
              <li key={i}>
                {e.line > 0 && state.kind !== "checked" ? <span className="font-medium">Line {e.line}</span> : null}
                {e.line > 0 && state.kind === "checked" ? (
                  <a href={`#import-line-${e.line}`} className={`font-medium text-red-800 underline underline-offset-2 dark:text-red-300 ${focusRing}`}>
                    Line {e.line}
                  </a>
                ) : null}
                {e.column ? <span className="text-slate-700 dark:text-slate-300"> ({e.column})</span> : null}
                {e.line > 0 || e.column ? ": " : ""}
                {e.message}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {rows.length || (state.kind === "checked" && errors.length) ? (
        <section aria-labelledby="import-preview">
          <h2 id="import-preview" className="text-lg font-semibold">
            Preview · {plural(rows.length, "valid post")}
          </h2>
          <p className="text-sm text-slate-700 dark:text-slate-300">Times in {timeZone.replaceAll("_", " ")}.</p>
          <div className="mt-2 overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="bg-slate-50 text-slate-700 dark:bg-slate-900 dark:text-slate-300">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">Line</th>
                  <th scope="col" className="px-3 py-2 font-medium">When</th>
                  <th scope="col" className="px-3 py-2 font-medium">Accounts</th>
                  <th scope="col" className="px-3 py-2 font-medium">Text</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {rows.map((r) => (
                  <tr key={r.line} id={`import-line-${r.line}`} className={errorLines.has(r.line) ? "bg-red-50 dark:bg-red-950" : undefined}>
                    <td className="px-3 py-2 align-top tabular-nums">{r.line}</td>
                    <td className="whitespace-nowrap px-3 py-2 align-top">
                      <time dateTime={r.scheduledAt}>{r.localTime}</time>
                    </td>
                    <td className="px-3 py-2 align-top">
                      <ul>
                        {r.targets.map((t) => (
                          <li key={t.accountId}>
                            {t.platformLabel} <span className="text-slate-700 dark:text-slate-300">{atHandle(t.handle)}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td className="max-w-md px-3 py-2 align-top">
                      <p className="line-clamp-3 whitespace-pre-line break-words">{r.text || <em>(no text)</em>}</p>
                      {r.mediaUrl ? (
                        <p className="mt-1 truncate text-xs text-slate-700 dark:text-slate-300">
                          Media: {r.mediaUrl}
                          {r.altText ? ` — alt: ${r.altText}` : " — no alt text"}
                        </p>
                      ) : null}
                      {r.campaign ? (
                        <p className="mt-1 break-words text-xs text-slate-700 dark:text-slate-300" data-testid="import-campaign">
                          Campaign: {r.campaign.name}
                          {r.campaign.isNew ? " — new, created when you import" : ""}
                        </p>
                      ) : null}
                    </td>
                  </tr>
                ))}
                {errors
                  .filter((e) => e.line > 0 && !rows.some((r) => r.line === e.line))
                  .filter((e, i, all) => all.findIndex((x) => x.line === e.line) === i)
                  .map((e) => (
                    <tr key={`err-${e.line}`} id={`import-line-${e.line}`} className="bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200">
                      <td className="px-3 py-2 align-top tabular-nums">{e.line}</td>
                      <td colSpan={3} className="px-3 py-2">
                        Not imported: {plural(errors.filter((x) => x.line === e.line).length, "problem")} listed above.
                      </td>
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : state.kind === "checked" ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">The file has no posts to import.</p>
      ) : null}

      {state.kind === "checked" || state.kind === "importing" ? (
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="button"
            className={primary}
            onClick={() => void runImport()}
            disabled={state.kind === "importing" || errors.length > 0 || rows.length === 0}
          >
            {state.kind === "importing" ? "Importing…" : `Import ${plural(rows.length, "post")}`}
          </button>
          <button type="button" className={secondary} onClick={reset} disabled={state.kind === "importing"}>
            Choose another file
          </button>
          {errors.length ? <p className="text-sm text-slate-700 dark:text-slate-300">Fix the problems above and upload the file again.</p> : null}
        </div>
      ) : null}

      {state.kind === "done" ? (
        <div role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">
          <p className="font-medium">
            {plural(state.scheduled, "post")} scheduled
            {state.duplicates ? ` · ${plural(state.duplicates, "row")} had already been imported and ${state.duplicates === 1 ? "was" : "were"} skipped` : ""}.
          </p>
          <p className="mt-2 flex flex-wrap gap-4">
            <Link href="/dashboard/calendar" className={`font-medium underline underline-offset-2 ${focusRing}`}>
              Open the calendar
            </Link>
            <button type="button" onClick={reset} className={`font-medium underline underline-offset-2 ${focusRing}`}>
              Import another file
            </button>
          </p>
        </div>
      ) : null}
    </div>
  );
}
