"use client";
// The Recipients page's lists: each with how many on it opted in and out, rename and delete (its
// people stay recipients), and a form for a new one (/api/recipient-lists; docs/whatsapp.md).
import { useState, type FormEvent } from "react";
import { Field } from "@/app/_components/form";
import { api, buttonClass, DangerConfirm, dangerButtonClass, secondaryButtonClass, Section, Status } from "../settings/ui";
import type { ListRow } from "./rows";

const counts = (l: ListRow) => `${l.optedIn} opted in${l.optedOut ? ` · ${l.optedOut} opted out` : ""}`;

function NameForm({
  formLabel,
  label,
  submitLabel,
  initial = "",
  onSubmit,
  onCancel,
}: {
  /** The form's name (its field has `label`). */
  formLabel: string;
  label: string;
  submitLabel: string;
  initial?: string;
  /** Sends the name; the field's error or null when it went through. */
  onSubmit: (name: string) => Promise<string | null>;
  onCancel?: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setError("Name the list.");
    setPending(true);
    const err = await onSubmit(name.trim());
    setPending(false);
    setError(err);
    if (!err && !onCancel) setName("");
  }
  return (
    <form onSubmit={submit} noValidate aria-busy={pending} aria-label={formLabel} className="flex flex-wrap items-start gap-3">
      <Field label={label} name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} autoComplete="off" required error={error ?? undefined} className="min-w-0 flex-1 basis-48" />
      <div className="flex gap-2 sm:mt-6">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className={secondaryButtonClass} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** A request's error for the name field: its own, a clash (409), or the message. */
const nameError = (r: { ok: boolean; fields: Record<string, string>; message: string }) => (r.ok ? null : (r.fields.name ?? r.message));

export function ListsSection({ lists, canEdit, onChanged }: { lists: ListRow[]; canEdit: boolean; onChanged: (message: string, deleted?: string) => void }) {
  const [open, setOpen] = useState<{ id: string; panel: "rename" | "delete" } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(l: ListRow) {
    const r = await api("DELETE", `/api/recipient-lists/${encodeURIComponent(l.id)}`);
    if (!r.ok) {
      setMessage(r.message);
      return null;
    }
    setOpen(null);
    onChanged(`List “${l.name}” deleted; its people stay recipients.`, l.id);
    return null;
  }

  return (
    <Section id="lists" title="Lists" description="A WhatsApp post goes to the people on the lists you choose in the composer who opted in.">
      {lists.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-4 text-center text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
          No lists yet.{canEdit ? " Create one, e.g. “Regulars” or “Wholesale customers”." : ""}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 dark:divide-slate-800" aria-label="Recipient lists">
          {lists.map((l) => {
            const panel = open?.id === l.id ? open.panel : null;
            const toggle = (p: "rename" | "delete") => setOpen(panel === p ? null : { id: l.id, panel: p });
            return (
              <li key={l.id} className="py-3" data-list-id={l.id}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <p className="min-w-0 break-words">
                    <span className="font-medium">{l.name}</span> <span className="text-sm text-slate-600 dark:text-slate-400">{counts(l)}</span>
                  </p>
                  {canEdit ? (
                    <div className="flex flex-wrap gap-2">
                      <button type="button" aria-expanded={panel === "rename"} className={secondaryButtonClass} onClick={() => toggle("rename")}>
                        Rename<span className="sr-only"> {l.name}</span>
                      </button>
                      <button type="button" aria-expanded={panel === "delete"} className={dangerButtonClass} onClick={() => toggle("delete")}>
                        Delete<span className="sr-only"> {l.name}</span>
                      </button>
                    </div>
                  ) : null}
                </div>
                {panel === "rename" ? (
                  <div className="mt-3">
                    <NameForm
                      formLabel={`Rename “${l.name}”`}
                      label={`New name for “${l.name}”`}
                      submitLabel="Rename"
                      initial={l.name}
                      onCancel={() => setOpen(null)}
                      onSubmit={async (name) => {
                        const r = await api("PATCH", `/api/recipient-lists/${encodeURIComponent(l.id)}`, { name });
                        const err = nameError(r);
                        if (!err) {
                          setOpen(null);
                          onChanged(`List “${l.name}” renamed to “${name}”.`);
                        }
                        return err;
                      }}
                    />
                  </div>
                ) : null}
                {panel === "delete" ? (
                  <DangerConfirm title={`Delete the list “${l.name}”?`} action="Delete list" busyLabel="Deleting…" keepLabel="Keep it" onConfirm={() => remove(l)} onCancel={() => setOpen(null)}>
                    Its {l.optedIn + l.optedOut} people stay recipients; they are only taken off this list. Posts scheduled to it no longer reach them through it.
                  </DangerConfirm>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      <Status message={message} tone="error" />
      {canEdit ? (
        <div className="mt-2">
          <NameForm
            formLabel="Create a list"
            label="New list"
            submitLabel="Create list"
            onSubmit={async (name) => {
              const r = await api("POST", "/api/recipient-lists", { name });
              const err = nameError(r);
              if (!err) onChanged(`List “${name}” created.`);
              return err;
            }}
          />
        </div>
      ) : null}
    </Section>
  );
}
