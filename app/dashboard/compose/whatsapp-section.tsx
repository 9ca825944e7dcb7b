"use client";
// The composer's WhatsApp group, shown while a WhatsApp account is chosen: the recipient lists the
// message goes to (GET /api/recipient-lists, with how many on each opted in) and the approved
// template for people outside the 24-hour window (GET /api/accounts/:id/whatsapp/templates: a
// choice with its text and one value per {{n}}; a simulated account, or one whose templates could
// not be read, types the template's name and language), as config.whatsapp (docs/whatsapp.md).
import Link from "next/link";
import { useId, type Dispatch } from "react";
import useSWR from "swr";
import { Field } from "@/app/_components/form";
import type { TemplateSummary } from "@/lib/social/whatsapp/templates";
import { FilterSelect } from "../_live/filter-select";
import { fetchJson } from "../_live/format";
import type { ComposerAccount, ComposerAction, WhatsappDraft } from "./composer-state";
import { Checkbox, NetworkSection } from "./network-section";

/** A recipient list of GET /api/recipient-lists. */
export interface RecipientListSummary {
  id: string;
  name: string;
  optedIn: number;
  optedOut: number;
}

interface TemplatesAnswer {
  simulated: boolean;
  notice?: string;
  templates: TemplateSummary[];
}

/** The WhatsApp account to read templates with: the first real one chosen, else the first. */
export function whatsappAccountOf(chosen: ComposerAccount[]): ComposerAccount | undefined {
  const whatsapp = chosen.filter((a) => a.platform === "whatsapp");
  return whatsapp.find((a) => !a.simulated) ?? whatsapp[0];
}

const keyOf = (t: { name: string; language: string }) => `${t.name}|${t.language}`;
const errorText = "mt-1 text-sm font-medium text-red-700 dark:text-red-400";
const hintText = "text-sm text-slate-600 dark:text-slate-400";
const linkClass = "font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300";

export function WhatsappSection({
  whatsapp,
  account,
  errors,
  dispatch,
}: {
  whatsapp: WhatsappDraft;
  /** The account whose approved templates are offered (whatsappAccountOf). */
  account: ComposerAccount;
  errors: Record<string, string>;
  dispatch: Dispatch<ComposerAction>;
}) {
  const id = useId();
  const set = (patch: Partial<WhatsappDraft>) => dispatch({ type: "whatsapp", patch });
  const swr = { revalidateOnFocus: false, shouldRetryOnError: false };
  const lists = useSWR<{ lists: RecipientListSummary[] }>("/api/recipient-lists", fetchJson, swr);
  const templates = useSWR<TemplatesAnswer>(`/api/accounts/${encodeURIComponent(account.id)}/whatsapp/templates`, fetchJson, swr);

  const listError = errors["config.whatsapp.listIds"] ?? errors["config.whatsapp.recipientIds"];
  const toggleList = (listId: string, on: boolean) =>
    set({ listIds: on ? [...whatsapp.listIds, listId] : whatsapp.listIds.filter((x) => x !== listId) });

  return (
    <NetworkSection name="WhatsApp" testId="whatsapp-section">
      <p className={hintText}>
        People who wrote to you in the last 24 hours get this post; the others get the template below, or nothing without one.
      </p>

      <fieldset aria-describedby={listError ? `${id}-lists-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Recipient lists</legend>
        {lists.error ? (
          <p role="alert" className={errorText}>
            Could not load the recipient lists: {(lists.error as Error).message}{" "}
            <button type="button" className="underline underline-offset-2" onClick={() => void lists.mutate()}>
              Try again
            </button>
          </p>
        ) : !lists.data ? (
          <p className={`mt-1 ${hintText}`}>Loading the recipient lists…</p>
        ) : lists.data.lists.length === 0 ? (
          <p className="mt-1 rounded-md border border-dashed border-slate-300 px-3 py-2 text-sm text-slate-700 dark:border-slate-700 dark:text-slate-300">
            No recipient lists yet. Add the people who agreed to get your WhatsApp messages, and a list to put them on, on the{" "}
            <Link href="/dashboard/recipients" className={linkClass}>
              Recipients page
            </Link>
            .
          </p>
        ) : (
          <div className={`mt-1 flex flex-wrap gap-x-6 gap-y-1 ${listError ? "rounded-md border border-red-600 px-2 dark:border-red-400" : ""}`}>
            {lists.data.lists.map((l) => (
              <Checkbox
                key={l.id}
                label={
                  <>
                    {l.name} <span className="text-slate-600 dark:text-slate-400">· {l.optedIn} opted in</span>
                  </>
                }
                checked={whatsapp.listIds.includes(l.id)}
                onChange={(on) => toggleList(l.id, on)}
              />
            ))}
          </div>
        )}
        {listError ? (
          <p id={`${id}-lists-error`} className={errorText}>
            {listError}
          </p>
        ) : null}
      </fieldset>

      <TemplateChoice whatsapp={whatsapp} answer={templates.data} loadError={templates.error ? String((templates.error as Error).message) : null} errors={errors} set={set} />
    </NetworkSection>
  );
}

function TemplateChoice({
  whatsapp,
  answer,
  loadError,
  errors,
  set,
}: {
  whatsapp: WhatsappDraft;
  answer: TemplatesAnswer | undefined;
  loadError: string | null;
  errors: Record<string, string>;
  set: (patch: Partial<WhatsappDraft>) => void;
}) {
  const nameError = errors["config.whatsapp.template.name"] ?? errors["config.whatsapp.template"];
  const languageError = errors["config.whatsapp.template.language"];
  if (!answer && !loadError) return <p className={hintText}>Loading the approved templates…</p>;

  // Typed by hand: a simulated account has no templates to read, and a failed read should not stop the post.
  if (loadError || answer?.simulated) {
    return (
      <div className="space-y-3">
        <p role="note" className={loadError ? "text-sm text-red-800 dark:text-red-300" : hintText}>
          {loadError ?? answer?.notice}
        </p>
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Template name (optional)"
            name="whatsapp-template-name"
            value={whatsapp.templateName}
            onChange={(e) => set({ templateName: e.target.value })}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="weekly_offer"
            error={nameError}
          />
          <Field
            label="Template language"
            name="whatsapp-template-language"
            value={whatsapp.templateLanguage}
            onChange={(e) => set({ templateLanguage: e.target.value })}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="en_US"
            error={languageError}
          />
        </div>
      </div>
    );
  }

  const templates = answer!.templates;
  const chosen = templates.find((t) => keyOf(t) === keyOf({ name: whatsapp.templateName, language: whatsapp.templateLanguage }));
  const choose = (key: string) => {
    const t = templates.find((x) => keyOf(x) === key);
    set({
      templateName: t?.name ?? "",
      templateLanguage: t?.language ?? "",
      templateParams: t ? Array.from({ length: t.params }, (_, i) => whatsapp.templateParams[i] ?? "") : [],
    });
  };
  if (templates.length === 0) {
    return <p className={hintText}>This account has no approved templates in WhatsApp Manager: only people who wrote in the last 24 hours get the post.</p>;
  }
  return (
    <div className="space-y-3">
      <FilterSelect
        label="Template for the others (optional)"
        value={chosen ? keyOf(chosen) : ""}
        onChange={choose}
        options={templates.map((t) => [keyOf(t), `${t.name} (${t.language})`] as const)}
        emptyLabel="No template"
        error={[nameError, languageError].filter(Boolean).join(" ") || undefined}
      />
      {chosen ? (
        <>
          <figure className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm dark:border-slate-800 dark:bg-slate-950">
            <figcaption className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">Template text</figcaption>
            <p className="mt-1 whitespace-pre-wrap break-words">{chosen.body || <span className="italic">No text.</span>}</p>
          </figure>
          {chosen.header === "IMAGE" || chosen.header === "VIDEO" ? (
            <p className={hintText}>Its header shows the post’s {chosen.header === "IMAGE" ? "photo" : "video"}: add one above.</p>
          ) : null}
          {whatsapp.templateParams.map((value, i) => (
            <Field
              key={i}
              label={`Value for {{${i + 1}}}`}
              name={`whatsapp-template-param-${i + 1}`}
              value={value}
              onChange={(e) => set({ templateParams: whatsapp.templateParams.map((v, j) => (j === i ? e.target.value : v)) })}
              required
              error={errors[`config.whatsapp.template.params.${i}`] ?? (i === 0 ? errors["config.whatsapp.template.params"] : undefined)}
            />
          ))}
        </>
      ) : null}
    </div>
  );
}
