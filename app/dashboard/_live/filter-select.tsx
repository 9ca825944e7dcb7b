"use client";
// The labelled "All / …" select the dashboard's filter bars share (posts, admin tasks), also a
// form's optional choice (the composer's Reddit flair) with its own empty option and error.
import { useId } from "react";

const controlBase =
  "mt-1 block w-full rounded-md border bg-white px-3 py-2 text-base text-slate-900 shadow-sm " +
  "focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:bg-slate-900 dark:text-slate-100 dark:focus-visible:ring-blue-400";
const borderOk = "border-slate-300 dark:border-slate-700";
export const control = `${controlBase} ${borderOk}`;

export function FilterSelect({
  label,
  value,
  options,
  onChange,
  emptyLabel = "All",
  required,
  error,
}: {
  label: string;
  value: string;
  /** [value, label] pairs, shown after the empty option. */
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
  /** The option for no value. */
  emptyLabel?: string;
  required?: boolean;
  error?: string;
}) {
  const errorId = useId();
  return (
    <label className="block text-sm font-medium text-slate-800 dark:text-slate-200">
      {label}
      <select
        className={`${controlBase} ${error ? "border-red-600 dark:border-red-400" : borderOk}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
      >
        <option value="">{emptyLabel}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      {error ? (
        <span id={errorId} className="mt-1 block text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </span>
      ) : null}
    </label>
  );
}
