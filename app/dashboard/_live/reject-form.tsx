"use client";
// Deciding on a post waiting for approval, as the Posts page and the Autopilot page both do:
// `usePostDecision` calls approve / reject and keeps the reason and its error (cleared as soon as
// the person types again); `RejectForm` is the "Reject, with a reason" form.
import { useEffect, useId, useRef, useState } from "react";
import { request } from "./api";

const focusRing = "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400";
const control = `mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm dark:bg-slate-900 dark:text-slate-100 ${focusRing}`;
const primary = `inline-flex min-h-9 items-center rounded-md bg-blue-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-800 disabled:cursor-not-allowed disabled:opacity-60 dark:bg-blue-600 dark:hover:bg-blue-500 ${focusRing}`;

export function usePostDecision(postId: string) {
  const [busy, setBusy] = useState<"approve" | "reject" | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reason, setReasonText] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const setReason = (r: string) => {
    setReasonText(r);
    setReasonError(null);
  };
  /** True when the decision was taken; otherwise the error is set (by field for the reason). */
  async function decide(what: "approve" | "reject"): Promise<boolean> {
    setBusy(what);
    setError(null);
    setReasonError(null);
    const r = await request("POST", `/api/posts/${postId}/${what}`, what === "reject" ? { reason } : undefined);
    setBusy(null);
    if (r.ok) return true;
    const f = r.fields.find((x) => x.path === "reason");
    if (f) setReasonError(f.message);
    else setError(r.message ?? `The server answered ${r.status}.`);
    return false;
  }
  return { busy, error, reason, setReason, reasonError, decide };
}

export type PostDecision = ReturnType<typeof usePostDecision>;

export interface RejectFormProps {
  label: string;
  submitLabel: string;
  decision: PostDecision;
  onSubmit: () => void;
}

export function RejectForm({ label, submitLabel, decision, onSubmit }: RejectFormProps) {
  const { reason, setReason: onReason, reasonError: error } = decision;
  const busy = decision.busy === "reject";
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  return (
    <form
      noValidate
      className="mt-2 flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      <div className="min-w-0 flex-1">
        <label htmlFor={id} className="block text-sm font-medium">
          {label}
        </label>
        <textarea
          ref={ref}
          id={id}
          rows={2}
          required
          maxLength={1000}
          value={reason}
          onChange={(e) => onReason(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${control} ${error ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700"}`}
        />
        {error ? (
          <p id={`${id}-error`} className="mt-1 text-sm text-red-800 dark:text-red-300">
            {error}
          </p>
        ) : null}
      </div>
      <button type="submit" className={primary} disabled={busy}>
        {busy ? "Rejecting…" : submitLabel}
      </button>
    </form>
  );
}
