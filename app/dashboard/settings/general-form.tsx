"use client";
// Workspace name and time zone. The zone list is long, so a filter box narrows the select.
import { useRouter } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, Status } from "./ui";

export function GeneralForm({ name, timeZone, zones, canEdit }: { name: string; timeZone: string; zones: string[]; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const [value, setValue] = useState(name);
  const [zone, setZone] = useState(timeZone);
  const [query, setQuery] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [pending, setPending] = useState(false);

  const filtered = useMemo(() => {
    const q = query.trim().toLowerCase().replaceAll(" ", "_");
    const list = q ? zones.filter((z) => z.toLowerCase().includes(q)) : zones;
    // The chosen zone stays selectable even when the filter hides it.
    return list.includes(zone) ? list : [zone, ...list];
  }, [query, zones, zone]);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setStatus(null);
    const r = await api("PATCH", "/api/workspace/settings", { name: value, timeZone: zone });
    setPending(false);
    setFields(r.fields);
    if (!r.ok) return setStatus({ message: Object.keys(r.fields).length ? "Check the fields marked below." : r.message, tone: "error" });
    setStatus({ message: "Saved.", tone: "success" });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <fieldset disabled={!canEdit} className="space-y-4">
        <legend className="sr-only">Workspace name and time zone</legend>
        <div>
          <label htmlFor={`${id}-name`} className={labelClass}>
            Workspace name
          </label>
          <input
            id={`${id}-name`}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            maxLength={100}
            required
            autoComplete="organization"
            aria-invalid={fields.name ? true : undefined}
            aria-describedby={fields.name ? `${id}-name-error` : undefined}
            className={`mt-1 ${controlClass}`}
          />
          {fields.name ? (
            <p id={`${id}-name-error`} className={errorClass}>
              {fields.name}
            </p>
          ) : null}
        </div>
        <div>
          <label htmlFor={`${id}-filter`} className={labelClass}>
            Find a time zone
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Type a city, e.g. Berlin"
            aria-controls={`${id}-zone`}
            className={`mt-1 ${controlClass}`}
          />
          <label htmlFor={`${id}-zone`} className={`mt-3 ${labelClass}`}>
            Time zone <span className="font-normal text-slate-600 dark:text-slate-400">({filtered.length} shown)</span>
          </label>
          <select
            id={`${id}-zone`}
            value={zone}
            onChange={(e) => setZone(e.target.value)}
            aria-invalid={fields.timeZone ? true : undefined}
            aria-describedby={`${id}-zone-hint${fields.timeZone ? ` ${id}-zone-error` : ""}`}
            className={`mt-1 ${controlClass}`}
          >
            {filtered.map((z) => (
              <option key={z} value={z}>
                {z.replaceAll("_", " ")}
              </option>
            ))}
          </select>
          <p id={`${id}-zone-hint`} className={hintClass}>
            Schedules, posting slots and the calendar use this zone; 09:00 stays 09:00 when the clocks change.
          </p>
          {fields.timeZone ? (
            <p id={`${id}-zone-error`} className={errorClass}>
              {fields.timeZone}
            </p>
          ) : null}
        </div>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className={buttonClass} disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </button>
            <Status message={status?.message ?? null} tone={status?.tone} />
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
