"use client";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Field, FormAlert, SubmitButton, fieldErrors } from "@/app/_components/form";

export function CreateWorkspaceForm({ zones }: { zones: string[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [zone, setZone] = useState("UTC");
  const alertRef = useRef<HTMLDivElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const zoneId = useId();

  // Preselect the browser's own zone: most businesses post in the time zone they sit in.
  useEffect(() => {
    const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the browser's zone is only known after hydration
    if (local && zones.includes(local)) setZone(local);
  }, [zones]);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get("name") ?? "").trim();
    setError(null);
    if (!name) {
      setFields({ name: "Give the workspace a name." });
      return nameRef.current?.focus();
    }
    setFields({});
    setPending(true);
    const res = await fetch("/api/workspaces", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, timeZone: zone }),
    });
    const body = await res.json().catch(() => null);
    if (!res.ok) {
      setPending(false);
      const f = fieldErrors(body);
      if (Object.keys(f).length) {
        setFields(f);
        if (f.name) nameRef.current?.focus();
        return;
      }
      setError(body?.error?.message ?? "Could not create the workspace.");
      requestAnimationFrame(() => alertRef.current?.focus());
      return;
    }
    router.replace("/dashboard");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mt-6 space-y-4" aria-busy={pending}>
      {error ? <FormAlert alertRef={alertRef}>{error}</FormAlert> : null}
      <Field label="Workspace name" name="name" autoComplete="organization" required placeholder="Corner Bakery" error={fields.name} inputRef={nameRef} />
      <div>
        <label htmlFor={zoneId} className="block text-sm font-medium text-slate-800 dark:text-slate-200">
          Time zone
        </label>
        <select
          id={zoneId}
          name="timeZone"
          value={zone}
          onChange={(e) => setZone(e.target.value)}
          aria-describedby={`${zoneId}-hint${fields.timeZone ? ` ${zoneId}-error` : ""}`}
          aria-invalid={fields.timeZone ? true : undefined}
          className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
        >
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        <p id={`${zoneId}-hint`} className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Posting times are planned in this zone; 09:00 stays 09:00 when the clocks change.
        </p>
        {fields.timeZone ? (
          <p id={`${zoneId}-error`} className="mt-1 text-sm font-medium text-red-700 dark:text-red-400">
            {fields.timeZone}
          </p>
        ) : null}
      </div>
      <SubmitButton pending={pending} pendingLabel="Creating…">
        Create workspace
      </SubmitButton>
    </form>
  );
}
