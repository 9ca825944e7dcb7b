// One account's character count against its limit: amber near it, red (with how many) over it.
export function Counter({ length, max, label }: { length: number; max: number; label: string }) {
  const over = length > max;
  const near = !over && length > max * 0.9;
  return (
    <span className={`tabular-nums text-xs font-medium ${over ? "text-red-700 dark:text-red-400" : near ? "text-amber-800 dark:text-amber-300" : "text-slate-700 dark:text-slate-300"}`}>
      {label} {length}/{max}
      {over ? ` · ${length - max} over` : ""}
    </span>
  );
}
