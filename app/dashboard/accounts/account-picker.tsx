"use client";
// After a sign-in that gave access to several accounts (Meta: the Facebook Pages a person manages
// and the Instagram accounts linked to them), the person ticks the ones Herald should post to.
// The server kept the candidates (lib/social/oauth.ts); this page sees names and handles only.
import { useEffect, useId, useRef, useState } from "react";
import { api, buttonClass, errorClass, secondaryButtonClass, Status } from "../settings/ui";

/** One account to choose: what lib/social/oauth.ts readPick shows, plus whether it is already listed. */
export interface PickerOption {
  id: string;
  platform: string;
  platformLabel: string;
  handle: string;
  displayName?: string;
  note?: string;
  unavailable?: string;
  /** Already one of the workspace's accounts: choosing it reconnects it. */
  connected?: boolean;
}

export interface PickerData {
  key: string;
  /** The network signed in with ("Facebook"). */
  label: string;
  options: PickerOption[];
  emptyMessage?: string;
}

const EMPTY_CHOICE = "Choose at least one Page or Instagram account.";

export function AccountPicker({ picker, onDone, onCancel }: { picker: PickerData; onDone: (message: string) => void; onCancel: () => void }) {
  const id = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const choices = new FormData(e.currentTarget).getAll("choice").map(String);
    if (choices.length === 0) return setError(EMPTY_CHOICE);
    setPending(true);
    setError(null);
    const r = await api<{ accounts?: { id: string; platform: string; handle: string }[] }>("POST", "/api/accounts/oauth/pick", { key: picker.key, choices });
    setPending(false);
    if (!r.ok) return setError(r.message || "Could not connect the chosen accounts. Try again.");
    const names = choices.map((c) => {
      const o = picker.options.find((x) => x.id === c);
      return o ? `${o.displayName ?? o.handle} (${o.platformLabel})` : c;
    });
    onDone(`Connected ${new Intl.ListFormat("en-GB", { type: "conjunction" }).format(names)}.`);
  }

  const usable = picker.options.filter((o) => !o.unavailable).length;
  return (
    <section aria-labelledby={`${id}-title`} className="rounded-lg border border-blue-300 bg-white p-4 sm:p-6 dark:border-blue-800 dark:bg-slate-900">
      <h2 id={`${id}-title`} ref={headingRef} tabIndex={-1} className="text-lg font-semibold focus:outline-none">
        Choose what Herald posts to
      </h2>
      {picker.options.length === 0 ? (
        <>
          <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{picker.emptyMessage ?? `${picker.label} gave Herald access to no accounts.`}</p>
          <div className="mt-4">
            <button type="button" className={secondaryButtonClass} onClick={onCancel}>
              Dismiss
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-busy={pending} className="mt-2 space-y-4">
          <p className="text-sm text-slate-700 dark:text-slate-300">
            You signed in with {picker.label}. Tick the accounts this workspace should post to; each becomes an account here. An account already listed is reconnected.
          </p>
          <fieldset aria-describedby={error ? `${id}-error` : undefined}>
            <legend className="sr-only">Accounts to connect</legend>
            <ul className="space-y-2">
              {picker.options.map((o) => {
                const describedBy = [o.note ? `${id}-${o.id}-note` : null, o.unavailable ? `${id}-${o.id}-why` : null].filter(Boolean).join(" ") || undefined;
                return (
                  <li key={o.id} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
                    <label className={`flex items-start gap-3 ${o.unavailable ? "cursor-not-allowed" : "cursor-pointer"}`}>
                      <input
                        type="checkbox"
                        name="choice"
                        value={o.id}
                        disabled={Boolean(o.unavailable) || pending}
                        aria-describedby={describedBy}
                        className="mt-1 h-4 w-4 shrink-0 accent-blue-700"
                      />
                      <span className="min-w-0 break-words">
                        <span className="block font-semibold">{o.displayName ?? o.handle}</span>
                        <span className="block text-sm text-slate-700 dark:text-slate-300">
                          {o.platformLabel} · {o.handle}
                          {o.connected ? " · already connected" : ""}
                        </span>
                      </span>
                    </label>
                    {o.note ? (
                      <p id={`${id}-${o.id}-note`} className="ml-7 mt-1 text-sm text-slate-600 dark:text-slate-400">
                        {o.note}
                      </p>
                    ) : null}
                    {o.unavailable ? (
                      <p id={`${id}-${o.id}-why`} className="ml-7 mt-1 text-sm text-amber-900 dark:text-amber-200">
                        Cannot be connected: {o.unavailable}
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </fieldset>
          {error ? (
            <p id={`${id}-error`} role="alert" className={errorClass}>
              {error}
            </p>
          ) : null}
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" className={buttonClass} disabled={pending || usable === 0}>
              {pending ? "Connecting…" : "Connect selected"}
            </button>
            <button type="button" className={secondaryButtonClass} onClick={onCancel} disabled={pending}>
              Cancel
            </button>
            <Status message={pending ? "Connecting the chosen accounts…" : null} />
          </div>
        </form>
      )}
    </section>
  );
}
