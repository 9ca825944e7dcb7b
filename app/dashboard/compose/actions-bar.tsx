// The ways out: Schedule (the form's submit), Publish now, Add to queue, Queue at best time and
// Save as draft, with why they are disabled when they are. Editing a scheduled post there is one:
// Save changes (and a way back without saving).
import Link from "next/link";
import type { Pending } from "./composer-state";
import { focusRing } from "./styles";

const buttonBase = `rounded-md px-4 py-2 text-sm font-semibold disabled:cursor-not-allowed disabled:opacity-60 ${focusRing} focus-visible:ring-offset-2 dark:focus-visible:ring-offset-slate-950`;
const primary = `${buttonBase} bg-blue-700 text-white hover:bg-blue-800`;
const secondary = `${buttonBase} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

/** The buttons beside Schedule: what each does, its label, and its label while it runs. */
const OTHERS: { kind: Exclude<Pending, "schedule">; label: string; busy: string }[] = [
  { kind: "now", label: "Publish now", busy: "Publishing…" },
  { kind: "queue", label: "Add to queue", busy: "Finding a slot…" },
  { kind: "best", label: "Queue at best time", busy: "Finding the best slot…" },
  { kind: "draft", label: "Save as draft", busy: "Saving…" },
];

export function ActionsBar({
  id,
  mode,
  disabledReason,
  pending,
  onAction,
}: {
  id: string;
  /** A new post, a reopened draft, or a scheduled post being edited. */
  mode: "new" | "draft" | "edit";
  disabledReason: string | null;
  pending: Pending | null;
  onAction: (kind: Exclude<Pending, "schedule">) => void;
}) {
  const disabled = !!disabledReason || pending !== null;
  return (
    <div className="space-y-2 border-t border-slate-200 pt-6 dark:border-slate-800">
      {disabledReason ? (
        <p id={`${id}-why`} className="text-sm text-slate-700 dark:text-slate-300">
          {disabledReason}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={primary} disabled={disabled} aria-describedby={disabledReason ? `${id}-why` : undefined}>
          {mode === "edit" ? (pending === "schedule" ? "Saving…" : "Save changes") : pending === "schedule" ? "Scheduling…" : "Schedule"}
        </button>
        {mode === "edit" ? (
          <Link href="/dashboard/posts" className={secondary}>
            Back to posts without saving
          </Link>
        ) : (
          OTHERS.map((b) => (
            <button key={b.kind} type="button" onClick={() => onAction(b.kind)} className={secondary} disabled={disabled}>
              {pending === b.kind ? b.busy : b.kind === "draft" && mode === "draft" ? "Save draft" : b.label}
            </button>
          ))
        )}
      </div>
      {mode === "edit" ? null : <p className="text-xs text-slate-600 dark:text-slate-400">“Add to queue” takes the next free posting slot of these accounts, “Queue at best time” the free slot of the coming week with the best engagement for them; repeats apply to “Schedule” and “Publish now”.</p>}
    </div>
  );
}
