// What the composer's network groups (Reddit, YouTube, TikTok) share: the bordered group with the
// network's name as its legend, a checkbox, and a required choice of radios with its error.
import { useId, type ReactNode } from "react";

export function NetworkSection({ name, testId, children }: { name: string; testId: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-200 p-3 sm:p-4 dark:border-slate-800" data-testid={testId}>
      <legend className="px-1 text-sm font-medium text-slate-800 dark:text-slate-200">{name}</legend>
      {children}
    </fieldset>
  );
}

export function Checkbox({ label, checked, onChange, disabled }: { label: ReactNode; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <label className="flex min-h-9 items-center gap-2 text-sm">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} disabled={disabled} className="h-4 w-4 accent-blue-700" />
      {label}
    </label>
  );
}

/** Radios under a legend, as one radiogroup; `value` "" is none chosen. Options listed in `disabled` cannot be chosen (`hint` says why). */
export function RadioChoice<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
  required,
  disabled = [],
  hint,
  error,
}: {
  label: string;
  name: string;
  value: T | "";
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  required?: boolean;
  disabled?: readonly T[];
  hint?: ReactNode;
  error?: string;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      role="radiogroup"
      aria-labelledby={`${id}-legend`}
      aria-describedby={describedBy}
      aria-required={required || undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend id={`${id}-legend`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {label}
      </legend>
      <div className={`mt-1 flex flex-wrap gap-x-6 gap-y-1 ${error ? "rounded-md border border-red-600 px-2 dark:border-red-400" : ""}`}>
        {options.map(([v, l]) => (
          <label key={v} className={`flex min-h-9 items-center gap-2 text-sm ${disabled.includes(v) ? "text-slate-500 dark:text-slate-400" : ""}`}>
            <input
              type="radio"
              name={`${id}-${name}`}
              value={v}
              checked={value === v}
              onChange={() => onChange(v)}
              required={required}
              disabled={disabled.includes(v)}
              className="h-4 w-4 accent-blue-700"
            />
            {l}
          </label>
        ))}
      </div>
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
