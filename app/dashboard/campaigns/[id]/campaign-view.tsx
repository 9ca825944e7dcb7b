"use client";
// One campaign's page, client side: GET /api/campaigns/:id/stats through SWR (fresh on the live
// stream's events, so a post the cron publishes shows without a reload) as the seed's metrics view:
// posts by status, next scheduled, last posted, engagement totals; then the history (what happened
// to its posts, newest first, each linking to the post on the Posts page) and its most recently
// changed posts. Editors change the name and brief here and start a post in the campaign.
import Link from "next/link";
import { useState } from "react";
import useSWR from "swr";
import { atHandle } from "@/lib/handle";
import type { CampaignEvent, CampaignStats } from "@/lib/campaigns";
import { fetchJson, formatWhen, platformLabel, statusLabel, toneFor } from "../../_live/format";
import type { Serialized } from "../../_live/serialized";
import { useLiveEvents } from "../../_live/use-live-events";
import { buttonClass, ReadOnlyNote, secondaryButtonClass, Status } from "../../settings/ui";
import { CampaignForm } from "../campaign-form";
import { editedFieldName as fieldName } from "../../_live/edit-fields";

export type StatsJson = Serialized<CampaignStats> & { success: true };
type EventJson = Serialized<CampaignEvent>;

const muted = "text-sm text-slate-600 dark:text-slate-400";
const linkClass =
  "rounded text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";
const num = (n: number | null | undefined) => (n === null || n === undefined ? "—" : new Intl.NumberFormat("en-GB").format(n));
const plural = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;
const postHref = (postId: string) => `/dashboard/posts?focus=${encodeURIComponent(postId)}`;

/** Statuses in the order people follow a post; the first three always show, the rest when some post has them. */
const STATUSES = ["scheduled", "published", "failed", "draft", "publishing", "partially_published", "cancelled"] as const;
const ALWAYS = new Set<string>(["scheduled", "published", "failed"]);


function Tile({ label, value, status }: { label: string; value: string; status?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-status={status}>
      <dt className="text-sm text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="mt-1 text-2xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

function Panel({ id, title, children, description }: { id: string; title: string; children: React.ReactNode; description?: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {description ? <p className={`mt-1 ${muted}`}>{description}</p> : null}
      {children}
    </section>
  );
}

function When({ at, timeZone }: { at: string | null; timeZone: string }) {
  if (!at) return null;
  return <time dateTime={at}>{formatWhen(at, timeZone)}</time>;
}

/** What an event says, in words: "Published on Bluesky @olga.bsky.social", "Edited: text, time · by Ana". */
function eventWords(e: EventJson): string {
  const where = e.platform ? `${platformLabel(e.platform)}${e.handle ? ` ${atHandle(e.handle)}` : ""}` : "";
  const by = e.by ? ` · by ${e.by}` : "";
  switch (e.kind) {
    case "created":
      return "Post created";
    case "added":
      return `Added to this campaign${by}`;
    case "edited":
      return `Edited${e.changed.length ? `: ${e.changed.map(fieldName).join(", ")}` : ""}${by}`;
    case "cancelled":
      return `Cancelled${by}`;
    case "published":
      return `Published on ${where}`;
    case "failed":
      return `Failed on ${where}`;
    case "needs_review":
      return `Needs review on ${where}`;
  }
}

const EVENT_TONE: Partial<Record<EventJson["kind"], string>> = { published: "published", failed: "failed", needs_review: "needs_review", cancelled: "cancelled" };

function HistoryItem({ e, timeZone }: { e: EventJson; timeZone: string }) {
  const label = e.platform ? platformLabel(e.platform) : "";
  const tone = EVENT_TONE[e.kind];
  return (
    <li className="py-3" data-event={e.kind} data-post-id={e.postId}>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className={muted}>
          <When at={e.at} timeZone={timeZone} />
        </span>
        <span className={tone ? `inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(tone)}` : "text-sm font-medium"}>
          {eventWords(e)}
        </span>
      </div>
      <Link href={postHref(e.postId)} className={`${linkClass} mt-1 line-clamp-2 break-words text-sm`}>
        {e.text || "(no text)"}
      </Link>
      {e.simulated ? (
        <p className="mt-1">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-800 dark:bg-slate-800 dark:text-slate-200">Simulated: nothing was sent to {label}</span>
        </p>
      ) : e.url ? (
        <p className="mt-1 text-sm">
          <a href={e.url} target="_blank" rel="noreferrer noopener" className={`${linkClass} font-medium`}>
            View on {label}
            <span className="sr-only"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}
      {e.error && (e.kind === "failed" || e.kind === "needs_review") ? (
        <p className="mt-1 break-words text-sm text-red-800 dark:text-red-300">
          <span className="font-medium">What went wrong: </span>
          {e.error}
        </p>
      ) : null}
    </li>
  );
}

export function CampaignView({ id, initial, canEdit, timeZone }: { id: string; initial: StatsJson; canEdit: boolean; timeZone: string }) {
  const key = `/api/campaigns/${encodeURIComponent(id)}/stats`;
  const { data = initial, error, mutate } = useSWR<StatsJson>(key, fetchJson, { fallbackData: initial });
  // Scheduling, publishing and editing anywhere in the workspace can change the numbers.
  useLiveEvents({ revalidate: (k) => k === key });
  const [editing, setEditing] = useState(false);
  const [announce, setAnnounce] = useState<string | null>(null);
  const { campaign, byStatus, engagement } = data;
  const statuses = STATUSES.filter((s) => ALWAYS.has(s) || (byStatus[s] ?? 0) > 0);

  return (
    <div>
      <h1 className="mt-2 break-words text-2xl font-semibold tracking-tight">{campaign.name}</h1>
      {campaign.brief ? <p className="mt-1 whitespace-pre-line break-words text-slate-700 dark:text-slate-300">{campaign.brief}</p> : <p className={`mt-1 ${muted}`}>No brief yet.</p>}
      <p className={`mt-1 ${muted}`}>Times in {timeZone.replaceAll("_", " ")}</p>
      <Status message={announce} />

      {canEdit ? (
        <div className="mt-3 flex flex-wrap gap-3">
          <Link href={`/dashboard/compose?campaign=${encodeURIComponent(id)}`} className={buttonClass}>
            Write a post for this campaign
          </Link>
          <button type="button" aria-expanded={editing} aria-controls="edit-campaign" className={secondaryButtonClass} onClick={() => setEditing((o) => !o)}>
            {editing ? "Close" : "Edit name and brief"}
          </button>
        </div>
      ) : (
        <div className="mt-3">
          <ReadOnlyNote>You are a viewer here: you can see this campaign and its results, but only editors, admins and owners can change it.</ReadOnlyNote>
        </div>
      )}
      {canEdit && editing ? (
        <div id="edit-campaign" className="mt-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6 dark:border-slate-800 dark:bg-slate-900">
          <CampaignForm
            campaign={campaign}
            onSaved={(saved) => {
              setEditing(false);
              setAnnounce(`Campaign “${saved.name}” saved.`);
              void mutate();
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      ) : null}

      {error ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The numbers could not be brought up to date: {(error as Error).message}
        </p>
      ) : null}

      <div className="mt-8 space-y-6">
        <section aria-labelledby="campaign-posts">
          <h2 id="campaign-posts" className="text-lg font-semibold">
            Posts <span className="font-normal text-slate-700 dark:text-slate-300">· {num(data.posts)} in all</span>
          </h2>
          <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="campaign-status-counts">
            {statuses.map((s) => (
              <Tile key={s} label={statusLabel(s)} value={num(byStatus[s] ?? 0)} status={s} />
            ))}
          </dl>
          <dl className="mt-3 grid gap-3 sm:grid-cols-2">
            <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid="campaign-next">
              <dt className="text-sm text-slate-700 dark:text-slate-300">Next scheduled</dt>
              <dd className="mt-1">
                {data.nextScheduled ? (
                  <>
                    <span className="font-semibold">
                      <When at={data.nextScheduled.scheduledAt} timeZone={timeZone} />
                    </span>
                    <Link href={postHref(data.nextScheduled.id)} className={`${linkClass} mt-1 line-clamp-2 break-words text-sm`}>
                      {data.nextScheduled.text || "(no text)"}
                    </Link>
                  </>
                ) : (
                  <span className={muted}>Nothing scheduled.</span>
                )}
              </dd>
            </div>
            <div className="rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900" data-testid="campaign-last">
              <dt className="text-sm text-slate-700 dark:text-slate-300">Last posted</dt>
              <dd className="mt-1">
                {data.lastPublishedAt ? (
                  <span className="font-semibold">
                    <When at={data.lastPublishedAt} timeZone={timeZone} />
                  </span>
                ) : (
                  <span className={muted}>Nothing published yet.</span>
                )}
              </dd>
            </div>
          </dl>
        </section>

        <section aria-labelledby="campaign-engagement">
          <h2 id="campaign-engagement" className="text-lg font-semibold">
            Engagement
          </h2>
          <p className={`mt-1 ${muted}`}>
            {engagement.targets
              ? `The latest numbers of ${plural(engagement.targets, "published post")} (one per network).`
              : "Numbers show here once a post of this campaign is published and its engagement collected."}
          </p>
          <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-5" data-testid="campaign-engagement-totals">
            <Tile label="Engagement" value={num(engagement.engagement)} />
            <Tile label="Likes" value={num(engagement.likes)} />
            <Tile label="Reposts" value={num(engagement.reposts)} />
            <Tile label="Replies" value={num(engagement.replies)} />
            <Tile label="Views" value={num(engagement.impressions)} />
          </dl>
        </section>

        <Panel id="campaign-history" title="Activity" description="What happened to this campaign’s posts, newest first.">
          {data.history.length ? (
            <ol className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Activity" data-testid="campaign-history">
              {data.history.map((e, i) => (
                <HistoryItem key={`${e.kind}-${e.postId}-${e.platform ?? ""}-${e.at}-${i}`} e={e} timeZone={timeZone} />
              ))}
            </ol>
          ) : (
            <p className={`mt-2 ${muted}`}>
              No posts yet.{" "}
              {canEdit ? (
                <>
                  Choose this campaign in the{" "}
                  <Link href={`/dashboard/compose?campaign=${encodeURIComponent(id)}`} className={linkClass}>
                    composer
                  </Link>{" "}
                  or a CSV import’s campaign column, and its posts show here.
                </>
              ) : null}
            </p>
          )}
        </Panel>

        {data.activity.length ? (
          <Panel id="campaign-recent-posts" title="Recently changed posts">
            <ul className="mt-3 divide-y divide-slate-200 dark:divide-slate-800" aria-label="Recently changed posts">
              {data.activity.map((p) => (
                <li key={p.id} data-post-id={p.id} data-status={p.status} className="py-3">
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${toneFor(p.status)}`}>{statusLabel(p.status)}</span>
                    <span className={muted}>{p.scheduledAt ? <When at={p.scheduledAt} timeZone={timeZone} /> : "No time yet"}</span>
                    <span className={muted}>{[...new Set(p.targets.map((t) => platformLabel(t.platform)))].join(" · ")}</span>
                  </div>
                  <Link href={postHref(p.id)} className={`${linkClass} mt-1 line-clamp-2 break-words text-sm`}>
                    {p.text || "(no text)"}
                  </Link>
                </li>
              ))}
            </ul>
          </Panel>
        ) : null}
      </div>
    </div>
  );
}
