"use client";
// Settings → Notifications: the signed-in member's own switches (docs/decisions.md, "Notifications"):
// email for a failed post, a post waiting for review or an account to reconnect (on unless switched
// off), and the weekly digest (opt-in). Any member may change their own; each saves on change.
import { useId, useState } from "react";
import useSWR from "swr";
import { fetchJson } from "../_live/format";
import { api, hintClass, Status } from "./ui";

interface Preferences {
  emailNotifications: boolean;
  weeklyDigest: boolean;
}

const KEY = "/api/notifications/preferences";

const boxClass =
  "mt-1 h-5 w-5 shrink-0 rounded border-slate-400 text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed dark:border-slate-600 dark:focus-visible:ring-offset-slate-900";

export function NotificationPrefs() {
  const id = useId();
  const { data, error, mutate } = useSWR<{ preferences: Preferences }>(KEY, fetchJson, { revalidateOnFocus: false });
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);

  if (error && !data) return <Status message={`Could not load your notification settings: ${(error as Error).message}`} tone="error" />;
  if (!data) return <p className={hintClass}>Loading your notification settings…</p>;
  const prefs = data.preferences;

  async function change(field: keyof Preferences, next: boolean) {
    setPending(true);
    setStatus(null);
    // The box follows the click at once; a refusal puts it back.
    void mutate({ preferences: { ...prefs, [field]: next } }, { revalidate: false });
    const r = await api<{ preferences: Preferences }>("PUT", KEY, { [field]: next });
    setPending(false);
    if (!r.ok) {
      await mutate({ preferences: prefs }, { revalidate: false });
      return setStatus({ message: r.fields[field] ?? r.message, tone: "error" });
    }
    await mutate({ preferences: r.body.preferences }, { revalidate: false });
    setStatus({
      tone: "success",
      message:
        field === "weeklyDigest"
          ? next
            ? "Saved: you get the weekly digest on Mondays at 08:00 in the workspace's time zone."
            : "Saved: no weekly digest."
          : next
            ? "Saved: Herald emails you too."
            : "Saved: no emails; the bell still shows everything.",
    });
  }

  const row = (field: keyof Preferences, label: string, hint: string) => (
    <div className="flex items-start gap-3">
      <input
        id={`${id}-${field}`}
        type="checkbox"
        checked={prefs[field]}
        disabled={pending}
        onChange={(e) => void change(field, e.target.checked)}
        aria-describedby={`${id}-${field}-hint`}
        className={boxClass}
      />
      <div>
        <label htmlFor={`${id}-${field}`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {label}
        </label>
        <p id={`${id}-${field}-hint`} className={hintClass}>
          {hint}
        </p>
      </div>
    </div>
  );

  return (
    <div aria-busy={pending} className="space-y-4">
      {row("emailNotifications", "Email me too", "When a post fails for good, waits for review, or an account needs reconnecting, Herald emails you as well as showing it under the bell.")}
      {row("weeklyDigest", "Weekly digest", "Every Monday at 08:00 (the workspace's time zone): posts published, the top post and failures of the past week.")}
      <Status message={status?.message ?? null} tone={status?.tone} />
    </div>
  );
}
