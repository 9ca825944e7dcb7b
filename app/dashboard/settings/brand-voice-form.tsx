"use client";
// The brand voice the composer's suggestions follow: tone, language, emoji use, hashtags, words
// to avoid, free-form guidelines and the link policy every post is checked against before scheduling.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import type { BrandVoice } from "@/lib/validation/workspace-settings";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, Status } from "./ui";

const checkboxClass =
  "mt-0.5 h-5 w-5 shrink-0 rounded border-slate-400 text-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2 disabled:cursor-not-allowed dark:border-slate-600 dark:focus-visible:ring-offset-slate-900";

const EMOJI = [
  { value: "none", label: "None" },
  { value: "few", label: "A few" },
  { value: "many", label: "Plenty" },
] as const;

function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p id={id} className={errorClass}>
      {message}
    </p>
  ) : null;
}

export function BrandVoiceForm({ value, canEdit }: { value: BrandVoice; canEdit: boolean }) {
  const router = useRouter();
  const id = useId();
  const [v, setV] = useState(value);
  const [avoid, setAvoid] = useState(value.avoidWords.join(", "));
  const [domains, setDomains] = useState(value.linkPolicy.allowedDomains.join(", "));
  const setPolicy = (k: "blockShorteners" | "requireHttps", x: boolean) => setV((p) => ({ ...p, linkPolicy: { ...p.linkPolicy, [k]: x } }));
  const [fields, setFields] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const [pending, setPending] = useState(false);
  const set = <K extends keyof BrandVoice>(k: K, x: BrandVoice[K]) => setV((p) => ({ ...p, [k]: x }));
  const err = (k: string) => fields[`brandVoice.${k}`] ?? Object.entries(fields).find(([p]) => p.startsWith(`brandVoice.${k}.`))?.[1];
  const described = (k: string, hint = false) => [hint ? `${id}-${k}-hint` : null, err(k) ? `${id}-${k}-error` : null].filter(Boolean).join(" ") || undefined;

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    setPending(true);
    setStatus(null);
    const avoidWords = [...new Set(avoid.split(/[,\n]/).map((w) => w.trim()).filter(Boolean))];
    const allowedDomains = [...new Set(domains.split(/[,\s]+/).map((d) => d.trim()).filter(Boolean))];
    const r = await api("PATCH", "/api/workspace/settings", { brandVoice: { ...v, avoidWords, linkPolicy: { ...v.linkPolicy, allowedDomains } } });
    setPending(false);
    setFields(r.fields);
    if (!r.ok) return setStatus({ message: Object.keys(r.fields).length ? "Check the fields marked below." : r.message, tone: "error" });
    setStatus({ message: "Saved.", tone: "success" });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending}>
      <fieldset disabled={!canEdit} className="grid gap-4 sm:grid-cols-2">
        <legend className="sr-only">Brand voice</legend>
        <div>
          <label htmlFor={`${id}-tone`} className={labelClass}>
            Tone
          </label>
          <input id={`${id}-tone`} value={v.tone} onChange={(e) => set("tone", e.target.value)} maxLength={80} placeholder="Warm, neighbourly, a little cheeky" aria-invalid={err("tone") ? true : undefined} aria-describedby={described("tone")} className={`mt-1 ${controlClass}`} />
          <FieldError id={`${id}-tone-error`} message={err("tone")} />
        </div>
        <div>
          <label htmlFor={`${id}-language`} className={labelClass}>
            Language
          </label>
          <input id={`${id}-language`} value={v.language} onChange={(e) => set("language", e.target.value)} maxLength={35} placeholder="en, de, pt-BR" autoCapitalize="none" spellCheck={false} aria-invalid={err("language") ? true : undefined} aria-describedby={described("language", true)} className={`mt-1 ${controlClass}`} />
          <p id={`${id}-language-hint`} className={hintClass}>
            A language tag; leave empty to write in the language of each draft.
          </p>
          <FieldError id={`${id}-language-error`} message={err("language")} />
        </div>
        <div>
          <label htmlFor={`${id}-emoji`} className={labelClass}>
            Emoji
          </label>
          <select id={`${id}-emoji`} value={v.emoji} onChange={(e) => set("emoji", e.target.value as BrandVoice["emoji"])} aria-invalid={err("emoji") ? true : undefined} aria-describedby={described("emoji")} className={`mt-1 ${controlClass}`}>
            {EMOJI.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-emoji-error`} message={err("emoji")} />
        </div>
        <div>
          <label htmlFor={`${id}-hashtags`} className={labelClass}>
            Maximum hashtags per post
          </label>
          <input id={`${id}-hashtags`} type="number" inputMode="numeric" min={0} max={30} value={Number.isFinite(v.maxHashtags) ? v.maxHashtags : ""} onChange={(e) => set("maxHashtags", e.target.value === "" ? NaN : Number(e.target.value))} aria-invalid={err("maxHashtags") ? true : undefined} aria-describedby={described("maxHashtags")} className={`mt-1 ${controlClass}`} />
          <FieldError id={`${id}-maxHashtags-error`} message={err("maxHashtags")} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-avoid`} className={labelClass}>
            Words to avoid
          </label>
          <input id={`${id}-avoid`} value={avoid} onChange={(e) => setAvoid(e.target.value)} placeholder="cheap, guys, synergy" aria-invalid={err("avoidWords") ? true : undefined} aria-describedby={described("avoidWords", true)} className={`mt-1 ${controlClass}`} />
          <p id={`${id}-avoidWords-hint`} className={hintClass}>
            Separate words with commas.
          </p>
          <FieldError id={`${id}-avoidWords-error`} message={err("avoidWords")} />
        </div>
        <div className="sm:col-span-2">
          <label htmlFor={`${id}-guidelines`} className={labelClass}>
            Guidelines
          </label>
          <textarea id={`${id}-guidelines`} value={v.guidelines} onChange={(e) => set("guidelines", e.target.value)} rows={5} maxLength={4000} placeholder="We say “bake” rather than “produce”. Mention opening hours on Saturdays." aria-invalid={err("guidelines") ? true : undefined} aria-describedby={described("guidelines", true)} className={`mt-1 ${controlClass}`} />
          <p id={`${id}-guidelines-hint`} className={hintClass}>
            {v.guidelines.length} / 4,000 characters
          </p>
          <FieldError id={`${id}-guidelines-error`} message={err("guidelines")} />
        </div>
        <fieldset className="sm:col-span-2">
          <legend className={labelClass}>Links</legend>
          <p className={hintClass}>Every post is checked before it is scheduled; a link that breaks these rules stops it.</p>
          <div className="mt-3">
            <label htmlFor={`${id}-domains`} className={labelClass}>
              Allowed domains
            </label>
            <input id={`${id}-domains`} value={domains} onChange={(e) => setDomains(e.target.value)} placeholder="cornerbakery.com, instagram.com" autoCapitalize="none" spellCheck={false} aria-invalid={err("linkPolicy.allowedDomains") ? true : undefined} aria-describedby={described("linkPolicy.allowedDomains", true)} className={`mt-1 ${controlClass}`} />
            <p id={`${id}-linkPolicy.allowedDomains-hint`} className={hintClass}>
              Separate domains with commas; their subdomains are allowed too. Leave empty to allow links to any site.
            </p>
            <FieldError id={`${id}-linkPolicy.allowedDomains-error`} message={err("linkPolicy.allowedDomains")} />
          </div>
          <div className="mt-3 flex items-start gap-3">
            <input id={`${id}-shorteners`} type="checkbox" checked={v.linkPolicy.blockShorteners} onChange={(e) => setPolicy("blockShorteners", e.target.checked)} aria-describedby={`${id}-shorteners-hint`} className={checkboxClass} />
            <div>
              <label htmlFor={`${id}-shorteners`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
                Block link shorteners
              </label>
              <p id={`${id}-shorteners-hint`} className={hintClass}>
                bit.ly, t.co and the like hide where a link goes.
              </p>
            </div>
          </div>
          <div className="mt-3 flex items-start gap-3">
            <input id={`${id}-https`} type="checkbox" checked={v.linkPolicy.requireHttps} onChange={(e) => setPolicy("requireHttps", e.target.checked)} aria-describedby={`${id}-https-hint`} className={checkboxClass} />
            <div>
              <label htmlFor={`${id}-https`} className="text-sm font-medium text-slate-800 dark:text-slate-200">
                Require secure links (https)
              </label>
              <p id={`${id}-https-hint`} className={hintClass}>
                Links starting with http:// are refused.
              </p>
            </div>
          </div>
        </fieldset>
        {canEdit ? (
          <div className="flex flex-wrap items-center gap-3 sm:col-span-2">
            <button type="submit" className={buttonClass} disabled={pending}>
              {pending ? "Saving…" : "Save brand voice"}
            </button>
            <Status message={status?.message ?? null} tone={status?.tone} />
          </div>
        ) : null}
      </fieldset>
    </form>
  );
}
