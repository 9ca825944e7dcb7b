"use client";
// The Campaigns page's client side: the list (GET /api/campaigns through SWR, fresh after each
// change and on the live stream's events) with each campaign's post counts and next scheduled
// post, the form to create one (editors), and an empty state that says what a campaign is for.
import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import type { CampaignListItem } from "@/lib/campaigns";
import { fetchJson, formatWhen } from "../_live/format";
import type { Serialized } from "../_live/serialized";
import { useLiveEvents } from "../_live/use-live-events";
import { ReadOnlyNote, secondaryButtonClass, Section, Status } from "../settings/ui";
import { CampaignForm } from "./campaign-form";

export type CampaignRow = Serialized<CampaignListItem>;

const KEY = "/api/campaigns";
const muted = "text-sm text-slate-600 dark:text-slate-400";
const linkClass =
  "rounded text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function CampaignsView({ initial, canEdit, timeZone }: { initial: CampaignRow[]; canEdit: boolean; timeZone: string }) {
  const { data, error, mutate } = useSWR(KEY, async (url: string) => (await fetchJson<{ campaigns: CampaignRow[] }>(url)).campaigns, { fallbackData: initial });
  // A post scheduled, published or edited elsewhere changes the counts.
  useLiveEvents({ revalidate: (k) => k === KEY });
  const campaigns = data ?? initial;
  const [formOpen, setFormOpen] = useState(false);
  const [announce, setAnnounce] = useState<string | null>(null);

  const created = (c: { name: string }) => {
    setAnnounce(`Campaign “${c.name}” created.`);
    setFormOpen(false);
    void mutate();
  };

  return (
    <div className="mt-4 space-y-4">
      {!canEdit ? <ReadOnlyNote>You are a viewer here: you can see the campaigns and their results, but only editors, admins and owners can create or change them.</ReadOnlyNote> : null}
      <Status message={announce} />
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The campaigns could not be loaded: {(error as Error).message}
        </p>
      ) : null}

      {campaigns.length === 0 ? (
        <section aria-labelledby="campaigns-empty" className="rounded-lg border border-dashed border-slate-300 p-4 sm:p-6 dark:border-slate-700" data-testid="campaigns-empty">
          <h2 id="campaigns-empty" className="text-lg font-semibold">
            No campaigns yet
          </h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            A campaign groups the posts that belong together — a product launch, a seasonal menu, an event — so you see in one place how many are
            scheduled, what went out and when, and what they earned. Choose a campaign for a post in the composer, in a CSV import’s{" "}
            <code className="rounded bg-slate-100 px-1 font-mono text-[0.8125rem] dark:bg-slate-800">campaign</code> column or through the API;
            Autopilot makes one for each plan.
          </p>
          {canEdit ? (
            <div className="mt-4">
              <h3 className="mb-2 font-medium">Create your first campaign</h3>
              <CampaignForm onSaved={created} />
            </div>
          ) : (
            <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">An editor, admin or owner of the workspace can create one.</p>
          )}
        </section>
      ) : (
        <>
          {canEdit ? (
            <div>
              <button type="button" aria-expanded={formOpen} aria-controls="new-campaign" className={secondaryButtonClass} onClick={() => setFormOpen((o) => !o)}>
                {formOpen ? "Hide the form" : "New campaign"}
              </button>
              <div id="new-campaign" hidden={!formOpen} className="mt-4">
                <Section id="new-campaign-form" title="New campaign">
                  <CampaignForm onSaved={created} onCancel={() => setFormOpen(false)} />
                </Section>
              </div>
            </div>
          ) : null}
          <ul className="space-y-3" aria-label="Campaigns">
            {campaigns.map((c) => (
              <li key={c.id} data-campaign-id={c.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <h2 className="break-words text-base font-semibold">
                  <Link href={`/dashboard/campaigns/${encodeURIComponent(c.id)}`} className={linkClass}>
                    {c.name}
                  </Link>
                </h2>
                {c.brief ? <p className="mt-1 line-clamp-2 break-words text-sm text-slate-700 dark:text-slate-300">{c.brief}</p> : null}
                <p className={`mt-2 ${muted}`} data-testid="campaign-counts">
                  {plural(c.posts, "post")} · {c.scheduled} scheduled · {c.published} published
                </p>
                <p className={`mt-1 ${muted}`}>
                  {c.nextScheduledAt ? (
                    <>
                      Next: <time dateTime={c.nextScheduledAt}>{formatWhen(c.nextScheduledAt, timeZone)}</time>
                    </>
                  ) : (
                    "Nothing scheduled"
                  )}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
