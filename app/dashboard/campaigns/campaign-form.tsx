"use client";
// A campaign's name and brief: the form that creates one (POST /api/campaigns) and the one that
// changes them (PATCH /api/campaigns/:id). The API's field errors show under their fields; a name
// the workspace already has is said at the name (409).
import { useId, useState, type FormEvent } from "react";
import { Field } from "@/app/_components/form";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, secondaryButtonClass, Status } from "../settings/ui";

export interface CampaignFields {
  id: string;
  name: string;
  brief: string;
}

export function CampaignForm({
  campaign,
  onSaved,
  onCancel,
}: {
  /** The campaign to change; none to create one. */
  campaign?: CampaignFields;
  onSaved: (saved: CampaignFields) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const editing = campaign !== undefined;

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const name = String(d.get("name") ?? "").trim();
    const brief = String(d.get("brief") ?? "").trim();
    if (!name) {
      setErrors({ name: "Give the campaign a name." });
      setMessage("Check the fields marked below.");
      return;
    }
    setPending(true);
    setMessage(null);
    const r = editing
      ? await api<{ campaign: CampaignFields }>("PATCH", `/api/campaigns/${encodeURIComponent(campaign.id)}`, { name, brief })
      : await api<{ campaign: CampaignFields }>("POST", "/api/campaigns", { name, brief });
    setPending(false);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length ? `${r.message} Check the fields marked below.` : r.message);
      return;
    }
    setErrors({});
    if (!editing) form.reset();
    onSaved(r.body.campaign);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label={editing ? `Edit ${campaign.name}` : "New campaign"} className="space-y-4">
      <Field
        label="Name"
        name="name"
        required
        maxLength={120}
        autoComplete="off"
        defaultValue={campaign?.name}
        placeholder="Christmas stollen"
        error={errors.name}
      />
      <div>
        <label htmlFor={`${id}-brief`} className={labelClass}>
          Brief (optional)
        </label>
        <textarea
          id={`${id}-brief`}
          name="brief"
          rows={3}
          maxLength={4000}
          defaultValue={campaign?.brief}
          aria-describedby={`${id}-brief-hint${errors.brief ? ` ${id}-brief-err` : ""}`}
          aria-invalid={errors.brief ? true : undefined}
          className={`mt-1 ${controlClass}`}
        />
        <p id={`${id}-brief-hint`} className={hintClass}>
          What it is about: the offer, the event, the season. Autopilot writes the campaign’s posts from it.
        </p>
        {errors.brief ? (
          <p id={`${id}-brief-err`} className={errorClass}>
            {errors.brief}
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>
          {pending ? "Saving…" : editing ? "Save campaign" : "Create campaign"}
        </button>
        {onCancel ? (
          <button type="button" className={secondaryButtonClass} onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}
