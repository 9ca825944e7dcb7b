"use client";
// Small building blocks of the settings page: a section card, buttons, a JSON fetch that returns
// the API's field errors, and a polite live region for "Saved" messages.
import { useId, useState, type ReactNode } from "react";
import { request, type FieldError } from "../_live/api";

export const buttonClass =
  "inline-flex items-center justify-center rounded-md bg-blue-700 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-800 " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed disabled:opacity-60 dark:focus-visible:ring-offset-slate-950";
export const secondaryButtonClass =
  "inline-flex items-center justify-center rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800";
export const dangerButtonClass =
  "inline-flex items-center justify-center rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-800 hover:bg-red-50 " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-red-600 disabled:cursor-not-allowed disabled:opacity-60 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950";
export const controlClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 shadow-sm " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 disabled:bg-slate-100 disabled:text-slate-600 " +
  "dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:disabled:bg-slate-800 dark:disabled:text-slate-400";
export const labelClass = "block text-sm font-medium text-slate-800 dark:text-slate-200";
export const hintClass = "mt-1 text-sm text-slate-600 dark:text-slate-400";
export const errorClass = "mt-1 text-sm font-medium text-red-700 dark:text-red-400";

export function Section({ id, title, description, children }: { id: string; title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="scroll-mt-6 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      {description ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
      <div className="mt-4">{children}</div>
    </section>
  );
}

/** A polite status line ("Saved.") that screen readers announce; empty keeps the region mounted. */
export function Status({ message, tone = "success" }: { message: string | null; tone?: "success" | "error" }) {
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      aria-live={tone === "error" ? "assertive" : "polite"}
      className={`min-h-5 text-sm font-medium ${tone === "error" ? "text-red-700 dark:text-red-400" : "text-emerald-800 dark:text-emerald-300"}`}
    >
      {message ?? ""}
    </p>
  );
}

export interface ApiResult<T> {
  ok: boolean;
  status: number;
  body: T & { error?: { message?: string; fields?: FieldError[] }; message?: string };
  fields: Record<string, string>;
  message: string;
}

/** fetch + JSON for our API; non-2xx answers come back with the message and errors by field path. */
export async function api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
  const r = await request<T>(method, path, body);
  return {
    ok: r.ok,
    status: r.status,
    body: r.body,
    fields: Object.fromEntries(r.fields.map((f) => [f.path, f.message])),
    message: r.message ?? (r.ok ? "" : `Request failed (${r.status}).`),
  };
}

export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return (
    <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
      {children}
    </p>
  );
}

/**
 * An inline "are you sure?" before something that cannot be undone (disconnect an account, delete
 * a recipient or a list): what happens, the action and a way back. `onConfirm` runs the action and
 * answers the error to show beside its button, or null.
 */
export function DangerConfirm({
  title,
  children,
  action,
  busyLabel,
  keepLabel,
  onConfirm,
  onCancel,
}: {
  title: ReactNode;
  children: ReactNode;
  action: string;
  busyLabel: string;
  keepLabel: string;
  onConfirm: () => Promise<string | null>;
  onCancel: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const headingId = useId();
  async function confirm() {
    setBusy(true);
    const error = await onConfirm();
    setBusy(false);
    setMessage(error);
  }
  return (
    <div role="group" aria-labelledby={headingId} className="mt-3 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50">
      <p id={headingId} className="font-semibold">
        {title}
      </p>
      <p className="mt-1">{children}</p>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button type="button" autoFocus className={dangerButtonClass} disabled={busy} onClick={() => void confirm()}>
          {busy ? busyLabel : action}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          {keepLabel}
        </button>
        <Status message={message} tone="error" />
      </div>
    </div>
  );
}
