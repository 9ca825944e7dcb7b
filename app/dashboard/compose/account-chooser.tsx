// The accounts to post to: a checkbox each, with the platform, name, handle and any status.
import type { ComposerAccount } from "./composer-state";
import { atHandle } from "@/lib/handle";

export function AccountChooser({
  id,
  accounts,
  selected,
  error,
  onToggle,
}: {
  id: string;
  accounts: ComposerAccount[];
  selected: string[];
  error?: string;
  onToggle: (accountId: string) => void;
}) {
  return (
    <fieldset aria-describedby={error ? `${id}-acc-err` : undefined}>
      <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Accounts</legend>
      <ul className="mt-2 grid gap-2 sm:grid-cols-2">
        {accounts.map((a) => {
          const on = selected.includes(a.id);
          return (
            <li key={a.id}>
              <label
                className={`flex cursor-pointer items-center gap-2 rounded-md border px-3 py-2 text-sm has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600 ${
                  on ? "border-blue-700 bg-blue-50 dark:border-blue-400 dark:bg-blue-950" : "border-slate-300 dark:border-slate-700"
                }`}
              >
                <input type="checkbox" checked={on} onChange={() => onToggle(a.id)} className="accent-blue-700" />
                <span className="min-w-0">
                  <span className="font-medium">{a.label}</span> <span className="text-slate-700 dark:text-slate-300">{a.displayName ?? a.handle}</span>
                  <span className="block truncate text-xs text-slate-600 dark:text-slate-400">
                    {atHandle(a.handle)}
                    {a.simulated ? " · simulated" : ""}
                    {a.status !== "active" ? ` · ${a.status.replaceAll("_", " ")}` : ""}
                  </span>
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={`${id}-acc-err`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
