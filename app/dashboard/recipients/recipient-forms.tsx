"use client";
// The Recipients page's forms: add a recipient (number in international form, name, where and
// when they agreed, lists), a recipient's lists, opting someone back in (where they agreed again)
// and deleting someone. Each sends one request to /api/recipients and shows the API's field errors
// under their fields (docs/whatsapp.md).
import { useId, useState, type FormEvent } from "react";
import { Field } from "@/app/_components/form";
import { api, buttonClass, DangerConfirm, errorClass, hintClass, labelClass, secondaryButtonClass, Status } from "../settings/ui";
import { shownPhone, type ListRow, type RecipientRow } from "./rows";

const who = (r: RecipientRow) => (r.name ? `${r.name} (${shownPhone(r.phone)})` : shownPhone(r.phone));

/** Checkboxes for the workspace's lists, named listIds; nothing when there are none. */
function ListChoice({ lists, legend, checked, onChange, error }: { lists: ListRow[]; legend: string; checked?: string[]; onChange?: (ids: string[]) => void; error?: string }) {
  const id = useId();
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend className={labelClass}>{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-6 gap-y-1">
        {lists.map((l) => (
          <label key={l.id} className="flex min-h-9 items-center gap-2 text-sm">
            <input
              type="checkbox"
              name="listIds"
              value={l.id}
              {...(checked && onChange
                ? { checked: checked.includes(l.id), onChange: (e) => onChange(e.target.checked ? [...checked, l.id] : checked.filter((x) => x !== l.id)) }
                : {})}
              className="h-4 w-4 accent-blue-700"
            />
            {l.name}
          </label>
        ))}
      </div>
      {error ? (
        <p id={`${id}-error`} className={errorClass}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function AddRecipientForm({ lists, onAdded }: { lists: ListRow[]; onAdded: (message: string) => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const text = (k: string) => String(d.get(k) ?? "").trim();
    const phone = text("phone");
    const optInSource = text("optInSource");
    const local: Record<string, string> = {};
    if (!phone) local.phone = "Enter the WhatsApp number, with its country code: +44 7911 123456.";
    if (!optInSource) local.optInSource = "Say where the person agreed to get messages (a web form, in store…).";
    if (Object.keys(local).length) {
      setErrors(local);
      setMessage("Check the fields marked below.");
      return;
    }
    const agreedOn = text("agreedOn");
    const listIds = d.getAll("listIds").map(String);
    setPending(true);
    setMessage(null);
    const r = await api<{ recipient?: RecipientRow }>("POST", "/api/recipients", {
      phone,
      ...(text("name") && { name: text("name") }),
      optInSource,
      // The start of that day here; the server refuses a day still to come.
      ...(agreedOn && { optInAt: new Date(`${agreedOn}T00:00`).toISOString() }),
      ...(listIds.length > 0 && { listIds }),
    });
    setPending(false);
    if (!r.ok) {
      // A number already on file is about the number.
      const fields = r.status === 409 ? { phone: r.message } : r.fields;
      setErrors(fields);
      setMessage(Object.keys(fields).length ? `${r.status === 409 ? "This number is already a recipient." : r.message} Check the fields marked below.` : r.message);
      return;
    }
    setErrors({});
    form.reset();
    onAdded(`${r.body.recipient ? who(r.body.recipient) : phone} added.`);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label="Add a recipient" className="space-y-4">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="WhatsApp number"
          name="phone"
          type="tel"
          inputMode="tel"
          autoComplete="off"
          required
          maxLength={40}
          placeholder="+44 7911 123456"
          hint="In international form, with the country code."
          error={errors.phone}
        />
        <Field label="Name (optional)" name="name" autoComplete="off" maxLength={200} error={errors.name} />
        <Field
          label="Where did they agree?"
          name="optInSource"
          required
          maxLength={200}
          placeholder="Sign-up form on our website"
          hint="A web form, in store, a reply to START… WhatsApp asks you to be able to show it."
          error={errors.optInSource}
        />
        <Field label="When did they agree? (optional)" name="agreedOn" type="date" hint="Today when left empty." error={errors.optInAt} />
      </div>
      {lists.length > 0 ? (
        <ListChoice lists={lists} legend="Lists (optional)" error={errors.listIds} />
      ) : (
        <p className={hintClass}>No lists yet: create one below to send posts to a group; you can put people on it later.</p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Adding…" : "Add recipient"}
        </button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}

export function ListsEditor({ recipient, lists, onDone, onCancel }: { recipient: RecipientRow; lists: ListRow[]; onDone: (m: string) => void; onCancel: () => void }) {
  const [ids, setIds] = useState(recipient.lists.map((l) => l.id));
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    const r = await api("PATCH", `/api/recipients/${encodeURIComponent(recipient.id)}`, { listIds: ids });
    setPending(false);
    if (!r.ok) return setError(r.fields.listIds ?? r.message);
    onDone(`Lists of ${who(recipient)} saved.`);
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label={`Lists of ${who(recipient)}`} className="mt-3 space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      {lists.length > 0 ? (
        <ListChoice lists={lists} legend={`Lists of ${recipient.name ?? shownPhone(recipient.phone)}`} checked={ids} onChange={setIds} error={error ?? undefined} />
      ) : (
        <p className={hintClass}>There are no lists yet: create one under Lists.</p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending || lists.length === 0}>
          {pending ? "Saving…" : "Save lists"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function OptInForm({ recipient, onDone, onCancel }: { recipient: RecipientRow; onDone: (m: string) => void; onCancel: () => void }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const optInSource = String(new FormData(e.currentTarget).get("optInSource") ?? "").trim();
    if (!optInSource) return setErrors({ optInSource: "Say where the person agreed again before opting them back in." });
    setPending(true);
    const r = await api("PATCH", `/api/recipients/${encodeURIComponent(recipient.id)}`, { optedOut: false, optInSource });
    setPending(false);
    setErrors(r.fields);
    if (!r.ok) return setMessage(Object.keys(r.fields).length ? null : r.message);
    onDone(`${who(recipient)} opted back in.`);
  }
  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label={`Opt ${who(recipient)} back in`} className="mt-3 space-y-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <p className="text-sm text-slate-700 dark:text-slate-300">They asked to stop before. Only opt them back in if they agreed again, and say where.</p>
      <Field label="Where did they agree again?" name="optInSource" required maxLength={200} placeholder="Replied START" error={errors.optInSource} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : "Opt back in"}
        </button>
        <button type="button" className={secondaryButtonClass} onClick={onCancel}>
          Cancel
        </button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}

export function DeleteConfirm({ recipient, onDone, onCancel }: { recipient: RecipientRow; onDone: (m: string) => void; onCancel: () => void }) {
  async function remove() {
    const r = await api("DELETE", `/api/recipients/${encodeURIComponent(recipient.id)}`);
    if (!r.ok) return r.message;
    onDone(`${who(recipient)} deleted.`);
    return null;
  }
  return (
    <DangerConfirm title={`Delete ${who(recipient)}?`} action="Delete" busyLabel="Deleting…" keepLabel="Keep" onConfirm={remove} onCancel={onCancel}>
      Herald forgets the number and where they agreed.{recipient.optedIn ? " If they asked to stop, opt them out instead: an opt-out is kept, so nobody adds them again by mistake." : " Their opt-out goes with them, so they could be added again by mistake."}
    </DangerConfirm>
  );
}
