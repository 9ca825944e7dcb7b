"use client";
// Settings → Scheduler and live updates: the workspace's own retries, engagement refresh and
// live-update intervals (PUT /api/settings/{scheduler,engagement,live}; docs/decisions.md,
// "Workspace settings"), in minutes and seconds rather than the API's milliseconds. An empty field
// means the deployment's default, shown as the placeholder. One form per section, each saved alone.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { SettingsView } from "@/lib/settings";
import { SETTING_BOUNDS } from "@/lib/validation/settings";
import type { Serialized } from "../_live/serialized";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, Status } from "./ui";

type Section = keyof SettingsView["values"];
type Bound = keyof typeof SETTING_BOUNDS;

interface Field {
  key: string;
  bound: Bound;
  label: string;
  /** Milliseconds per unit shown (1 for counts and minutes the API takes as such). */
  per: number;
  unit: string;
}

const FORMS: { section: Section; title: string; hint: string; fields: Field[] }[] = [
  {
    section: "scheduler",
    title: "Retries of a failed post",
    hint: "After a failure Herald waits, then tries again, each wait three times the last (at most a day). The number of retries applies to posts scheduled from now on.",
    fields: [
      { key: "maxRetries", bound: "maxRetries", label: "Retries", per: 1, unit: "times" },
      { key: "retryBaseMinutes", bound: "retryBaseMinutes", label: "First retry after", per: 1, unit: "minutes" },
    ],
  },
  {
    section: "engagement",
    title: "Engagement numbers",
    hint: "How old a recent post's likes, reposts and replies may get before Herald asks the network again.",
    fields: [
      { key: "activeMs", bound: "engagementActiveMs", label: "While someone has Herald open", per: 60_000, unit: "minutes" },
      { key: "idleMs", bound: "engagementIdleMs", label: "While nobody does", per: 60_000, unit: "minutes" },
    ],
  },
  {
    section: "live",
    title: "Live updates",
    hint: "How quickly open pages show what the scheduler did.",
    fields: [
      { key: "eventsPollMs", bound: "eventsPollMs", label: "Look for news every", per: 1000, unit: "seconds" },
      { key: "pollActiveMs", bound: "clientPollActiveMs", label: "If the live connection drops, refresh an open tab every", per: 1000, unit: "seconds" },
      { key: "pollIdleMs", bound: "clientPollIdleMs", label: "… and a hidden tab every", per: 1000, unit: "seconds" },
      { key: "idleThresholdMs", bound: "clientIdleThresholdMs", label: "Someone counts as watching for", per: 60_000, unit: "minutes" },
    ],
  },
];

const shown = (ms: number, per: number) => String(Math.round((ms / per) * 100) / 100);

function SectionForm({ form, view, canEdit }: { form: (typeof FORMS)[number]; view: Serialized<SettingsView>; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const own = view.own[form.section] as Record<string, number | null>;
  const defaults = view.defaults[form.section] as Record<string, number>;
  const [text, setText] = useState<Record<string, string>>(() =>
    Object.fromEntries(form.fields.map((f) => [f.key, own[f.key] === null ? "" : shown(own[f.key]!, f.per)])),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [pending, setPending] = useState(false);

  async function save() {
    setStatus(null);
    const body: Record<string, number | null> = {};
    const found: Record<string, string> = {};
    for (const f of form.fields) {
      const raw = text[f.key].trim();
      if (raw === "") {
        body[f.key] = null;
        continue;
      }
      const n = Number(raw.replace(",", "."));
      const { min, max } = SETTING_BOUNDS[f.bound];
      const value = Math.round(n * f.per);
      if (!Number.isFinite(n) || value < min || value > max) {
        found[f.key] = `Use a number from ${shown(min, f.per)} to ${shown(max, f.per)} ${f.unit}, or leave it empty for the default.`;
      } else body[f.key] = value;
    }
    setErrors(found);
    if (Object.keys(found).length) {
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setPending(true);
    const r = await api("PUT", `/api/settings/${form.section}`, body);
    setPending(false);
    if (!r.ok) {
      setErrors(r.fields);
      return setStatus({ message: Object.values(r.fields)[0] ?? r.message, tone: "error" });
    }
    setStatus({ message: "Saved.", tone: "success" });
    router.refresh();
  }

  return (
    <form
      noValidate
      aria-labelledby={`${id}-title`}
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div>
        <h3 id={`${id}-title`} className="font-semibold">
          {form.title}
        </h3>
        <p className={hintClass}>{form.hint}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {form.fields.map((f) => (
          <div key={f.key}>
            <label htmlFor={`${id}-${f.key}`} className={labelClass}>
              {f.label} <span className="font-normal text-slate-600 dark:text-slate-400">({f.unit})</span>
            </label>
            <input
              id={`${id}-${f.key}`}
              inputMode="decimal"
              value={text[f.key]}
              placeholder={`${shown(defaults[f.key], f.per)} (default)`}
              disabled={!canEdit || pending}
              onChange={(e) => {
                setText((t) => ({ ...t, [f.key]: e.target.value }));
                setErrors(({ [f.key]: _gone, ...rest }) => rest);
              }}
              aria-invalid={errors[f.key] ? true : undefined}
              aria-describedby={errors[f.key] ? `${id}-${f.key}-err` : undefined}
              className={`mt-1 ${controlClass}`}
            />
            {errors[f.key] ? (
              <p id={`${id}-${f.key}-err`} className={errorClass}>
                {errors[f.key]}
              </p>
            ) : null}
          </div>
        ))}
      </div>
      {canEdit ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={pending}>
            {pending ? "Saving…" : `Save ${form.title.toLowerCase()}`}
          </button>
          <Status message={status?.message ?? null} tone={status?.tone} />
        </div>
      ) : null}
    </form>
  );
}

export function SchedulerSettings({ view, canEdit }: { view: Serialized<SettingsView>; canEdit: boolean }) {
  return (
    <div className="space-y-6 divide-y divide-slate-200 dark:divide-slate-800 [&>*+*]:pt-6">
      {FORMS.map((form) => (
        <SectionForm key={form.section} form={form} view={view} canEdit={canEdit} />
      ))}
    </div>
  );
}
