"use client";
// Accessible form parts shared by the sign-in, sign-up, password and workspace pages: every input
// has a visible label, hints and errors are tied to it with aria-describedby, invalid fields say
// so with aria-invalid, and the form-level message is announced (role="alert" / "status").
import { useId, useState, type InputHTMLAttributes, type ReactNode, type RefObject } from "react";

const inputClass =
  "block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm placeholder:text-slate-500 " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-1 " +
  "dark:bg-slate-900 dark:text-slate-100 dark:placeholder:text-slate-400 dark:focus-visible:ring-blue-400 dark:focus-visible:ring-offset-slate-950";

export interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  label: string;
  name: string;
  hint?: ReactNode;
  error?: string;
  /** Password fields get a "Show" toggle so people can check what they typed. */
  revealable?: boolean;
  /** Fixed text shown in front of the value and not part of it ("r/"). */
  prefix?: string;
  inputRef?: RefObject<HTMLInputElement | null>;
}

export function Field({ label, name, hint, error, revealable, prefix, inputRef, type = "text", className, ...rest }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [shown, setShown] = useState(false);
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </label>
      <div className="relative mt-1">
        {prefix ? (
          <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-0 flex items-center pl-3 text-base text-slate-600 dark:text-slate-400">
            {prefix}
          </span>
        ) : null}
        <input
          id={id}
          name={name}
          ref={inputRef}
          type={revealable && shown ? "text" : type}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          className={`${inputClass} ${error ? "border-red-600 dark:border-red-400" : "border-slate-300 dark:border-slate-700"} ${revealable ? "pr-16" : ""} ${prefix ? "pl-8" : ""}`}
          {...rest}
        />
        {revealable ? (
          <button
            type="button"
            onClick={() => setShown((s) => !s)}
            aria-pressed={shown}
            aria-controls={id}
            className="absolute inset-y-1 right-1 rounded px-2 text-sm font-medium text-blue-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300 dark:hover:bg-slate-800"
          >
            {shown ? "Hide" : "Show"}
            <span className="sr-only"> {label.toLowerCase()}</span>
          </button>
        ) : null}
      </div>
      {hint ? (
        <p id={hintId} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function FormAlert({ tone = "error", children, alertRef }: { tone?: "error" | "success"; children: ReactNode; alertRef?: RefObject<HTMLDivElement | null> }) {
  const styles =
    tone === "error"
      ? "border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100";
  return (
    <div
      ref={alertRef}
      tabIndex={-1}
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border px-3 py-2 text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${styles}`}
    >
      {children}
    </div>
  );
}

export function SubmitButton({ pending, children, pendingLabel }: { pending: boolean; children: ReactNode; pendingLabel: string }) {
  return (
    <button
      type="submit"
      disabled={pending}
      aria-disabled={pending}
      className="flex w-full items-center justify-center rounded-md bg-blue-700 px-4 py-2.5 text-base font-semibold text-white shadow-sm hover:bg-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-wait disabled:opacity-70 dark:focus-visible:ring-offset-slate-950"
    >
      {pending ? pendingLabel : children}
    </button>
  );
}

/** Field errors of our API's error body ({ error: { fields: [{ path, message }] } }), by path. */
export function fieldErrors(body: unknown): Record<string, string> {
  const fields = (body as { error?: { fields?: { path: string; message: string }[] } })?.error?.fields ?? [];
  return Object.fromEntries(fields.map((f) => [f.path, f.message]));
}
