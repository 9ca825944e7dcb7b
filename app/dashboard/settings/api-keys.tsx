"use client";
// API keys: create one with a name (the key is shown once, with a copy button), list them by
// prefix and last use, revoke. Only admins and owners see this section.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { listApiKeys } from "@/lib/auth/api-keys";
import type { Serialized } from "../_live/serialized";
import { CopyButton } from "./members";
import { api, buttonClass, controlClass, dangerButtonClass, errorClass, labelClass, Status } from "./ui";

/** A key as listApiKeys gives it, its times as ISO strings (the page converts them). */
export type ApiKeyRow = Serialized<Awaited<ReturnType<typeof listApiKeys>>[number]>;

// A fixed locale and the workspace's zone: the server's render and the browser's then agree.
function when(iso: string | null, timeZone: string) {
  return iso ? new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso)) : "never";
}

export function ApiKeys({ keys, timeZone }: { keys: ApiKeyRow[]; timeZone: string }) {
  const router = useRouter();
  const id = useId();
  const [name, setName] = useState("");
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setCreated(null);
    setBusy("create");
    const r = await api<{ apiKey?: { key: string; name: string } }>("POST", "/api/workspace/api-keys", { name });
    setBusy(null);
    if (!r.ok || !r.body.apiKey) return setNameError(r.fields.name ?? r.message);
    setNameError(null);
    setCreated({ name: r.body.apiKey.name, key: r.body.apiKey.key });
    setName("");
    router.refresh();
  }

  async function revoke(k: ApiKeyRow) {
    if (!window.confirm(`Revoke "${k.name}" (${k.prefix}…)? Scripts using it stop working at once.`)) return;
    setBusy(k.id);
    const r = await api("DELETE", `/api/workspace/api-keys/${encodeURIComponent(k.id)}`);
    setBusy(null);
    setStatus(r.ok ? { message: `"${k.name}" was revoked.`, tone: "success" } : { message: r.message, tone: "error" });
    if (r.ok) router.refresh();
  }

  return (
    <div>
      <form onSubmit={create} noValidate className="flex flex-wrap items-end gap-3" aria-busy={busy === "create"}>
        <div className="min-w-0 grow basis-56">
          <label htmlFor={`${id}-name`} className={labelClass}>
            Key name
          </label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="Zapier, website, CSV script" aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? `${id}-name-error` : undefined} className={`mt-1 ${controlClass}`} />
        </div>
        <button type="submit" className={buttonClass} disabled={busy !== null}>
          {busy === "create" ? "Creating…" : "Create key"}
        </button>
        {nameError ? (
          <p id={`${id}-name-error`} role="alert" className={`w-full ${errorClass}`}>
            {nameError}
          </p>
        ) : null}
      </form>

      <div aria-live="polite">
        {created ? (
          <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50">
            <p>
              <strong>Copy the key “{created.name}” now.</strong> It is shown only this once; Herald keeps just a fingerprint of it.
            </p>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <code className="min-w-0 break-all rounded bg-white px-2 py-1 font-mono dark:bg-slate-900">{created.key}</code>
              <CopyButton text={created.key} label="API key" />
              <button type="button" className="text-sm underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600" onClick={() => setCreated(null)}>
                I have copied it
              </button>
            </div>
          </div>
        ) : null}
      </div>

      {keys.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600 dark:text-slate-400">No API keys yet. Create one for each script or service that talks to Herald.</p>
      ) : (
        <ul className="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800">
          {keys.map((k) => (
            <li key={k.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-3">
              <div className="min-w-0">
                <p className="font-medium">
                  {k.name} <code className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-sm dark:bg-slate-800">{k.prefix}…</code>
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">
                  Created {when(k.createdAt, timeZone)} · last used {when(k.lastUsedAt, timeZone)}
                </p>
              </div>
              {k.revokedAt ? (
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">Revoked {when(k.revokedAt, timeZone)}</span>
              ) : (
                <button type="button" className={dangerButtonClass} disabled={busy !== null} onClick={() => revoke(k)}>
                  {busy === k.id ? "Revoking…" : "Revoke"}
                  <span className="sr-only"> {k.name}</span>
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div className="mt-2">
        <Status message={status?.message ?? null} tone={status?.tone} />
      </div>
    </div>
  );
}
