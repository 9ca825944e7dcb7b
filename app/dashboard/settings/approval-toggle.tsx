"use client";
// The approval rule: when on, posts scheduled by editors wait for an admin's approval. Saves on change.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { api, hintClass, Status } from "./ui";

export function ApprovalToggle({ value, canEdit }: { value: boolean; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const [on, setOn] = useState(value);
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);

  async function change(next: boolean) {
    setOn(next);
    setPending(true);
    setStatus(null);
    const r = await api("PATCH", "/api/workspace/settings", { requireApproval: next });
    setPending(false);
    if (!r.ok) {
      setOn(!next);
      return setStatus({ message: r.fields.requireApproval ?? r.message, tone: "error" });
    }
    setStatus({ message: next ? "Saved: editors' posts now wait for approval." : "Saved: editors' posts are scheduled at once.", tone: "success" });
    router.refresh();
  }

  return (
    <div aria-busy={pending}>
      <div className="flex items-start gap-3">
        <input
          id={id}
          type="checkbox"
          checked={on}
          disabled={!canEdit || pending}
          onChange={(e) => void change(e.target.checked)}
          aria-describedby={`${id}-hint`}
          className="mt-1 h-5 w-5 shrink-0 rounded border-slate-400 text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed dark:border-slate-600 dark:focus-visible:ring-offset-slate-900"
        />
        <div>
          <label htmlFor={id} className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Editors’ posts need an admin’s approval
          </label>
          <p id={`${id}-hint`} className={hintClass}>
            Posts scheduled by editors wait on the Posts page until an admin or owner approves or rejects them. Admins’ posts and API keys are never held.
          </p>
        </div>
      </div>
      <div className="mt-2">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>
    </div>
  );
}
