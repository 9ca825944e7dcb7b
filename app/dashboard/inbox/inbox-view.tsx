"use client";
// The inbox page's client part (docs/decisions.md, "Inbox"): filters in the URL-less state of the
// page, the list (SWR on GET /api/inbox, refetched on the live stream's inbox:updated), and the
// selected item's thread with its actions.
import { useState } from "react";
import useSWR from "swr";
import { request } from "../_live/api";
import { formatWhen, platformLabel } from "../_live/format";
import { useLiveEvents } from "../_live/use-live-events";
import { errorText, primary, secondary } from "../posts/styles";
import { InboxThread } from "./inbox-thread";
import type { InboxItem, InboxPage } from "./types";

interface Account {
  id: string;
  platform: string;
  handle: string;
  simulated: boolean;
}

interface Filters {
  network: string;
  account: string;
  sentiment: string;
  status: string;
  unanswered: boolean;
  mine: boolean;
}

const NONE: Filters = { network: "", account: "", sentiment: "", status: "open", unanswered: false, mine: false };

function queryOf(f: Filters, cursor?: string): string {
  const q = new URLSearchParams();
  if (f.network) q.set("network", f.network);
  if (f.account) q.set("account", f.account);
  if (f.sentiment) q.set("sentiment", f.sentiment);
  if (f.status !== "open") q.set("status", f.status);
  if (f.unanswered) q.set("unanswered", "true");
  if (f.mine) q.set("assigned", "me");
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return `/api/inbox${s ? `?${s}` : ""}`;
}

async function load(url: string): Promise<InboxPage> {
  const r = await request<InboxPage>("GET", url);
  if (!r.ok) throw new Error(r.message ?? `The server answered ${r.status}.`);
  return r.body;
}

const SENTIMENT_TONE: Record<string, string> = {
  negative: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  positive: "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
  neutral: "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200",
};

export function Badge({ children, tone }: { children: React.ReactNode; tone?: string }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-medium ${tone ?? "bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-200"}`}>{children}</span>;
}

export function ItemBadges({ item }: { item: InboxItem }) {
  return (
    <span className="flex flex-wrap gap-1">
      <Badge>{platformLabel(item.platform)}</Badge>
      <Badge>{item.kind}</Badge>
      {item.simulated ? <Badge tone="bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200">Simulated</Badge> : null}
      {item.sentiment ? (
        <Badge tone={SENTIMENT_TONE[item.sentiment]}>
          {item.sentiment}
          {item.intent && item.intent !== "other" ? ` · ${item.intent}` : ""}
          {item.classifiedBy === "rules" ? " (simple rules)" : ""}
        </Badge>
      ) : null}
      {item.answeredAt ? <Badge tone="bg-blue-100 text-blue-900 dark:bg-blue-950 dark:text-blue-200">Answered</Badge> : null}
      {item.deletedAt ? <Badge tone="bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100">Deleted on {platformLabel(item.platform)}</Badge> : null}
      {item.status !== "open" ? <Badge>{item.status === "done" ? "Done" : "Hidden"}</Badge> : null}
    </span>
  );
}

export function InboxView(props: { workspaceName: string; timeZone: string; canEdit: boolean; userId: string; accounts: Account[]; initial: InboxPage }) {
  const [filters, setFilters] = useState<Filters>(NONE);
  const [selected, setSelected] = useState<string | null>(null);
  const [more, setMore] = useState<InboxItem[]>([]);
  const [moreCursor, setMoreCursor] = useState<string | null | undefined>(undefined);
  const [moreError, setMoreError] = useState<string | null>(null);
  const key = queryOf(filters);
  const { data, error, mutate } = useSWR<InboxPage>(key, load, { fallbackData: key === queryOf(NONE) ? props.initial : undefined });
  const [announce, setAnnounce] = useState("");
  const live = useLiveEvents({
    revalidate: (k) => k.startsWith("/api/inbox"),
    onEvent: (e) => {
      if (e.type === "inbox:updated" && typeof e.data.added === "number" && e.data.added > 0) setAnnounce(`${e.data.added} new in the inbox.`);
    },
  });

  const set = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setMore([]);
    setMoreCursor(undefined);
  };
  const items = [...(data?.items ?? []), ...more];
  const next = moreCursor === undefined ? data?.nextCursor : moreCursor;
  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    const r = await request<InboxPage>("GET", queryOf(filters, next));
    if (!r.ok) return setMoreError(r.message ?? "Could not load more.");
    setMore((m) => [...m, ...r.body.items]);
    setMoreCursor(r.body.nextCursor);
  };
  const networks = [...new Set(props.accounts.map((a) => a.platform))];
  const select = "min-h-9 max-w-full rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900";

  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Inbox</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-live={live}>
          {data ? `${data.unread} open` : ""} · {live === "live" ? "Live" : live === "connecting" ? "Connecting…" : "Reconnecting…"}
        </p>
      </div>
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <form className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter the inbox" onSubmit={(e) => e.preventDefault()}>
        <label className="flex max-w-full min-w-0 flex-col text-sm">
          Network
          <select className={select} value={filters.network} onChange={(e) => set({ network: e.target.value })}>
            <option value="">All</option>
            {networks.map((n) => (
              <option key={n} value={n}>
                {platformLabel(n)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full min-w-0 flex-col text-sm">
          Account
          <select className={select} value={filters.account} onChange={(e) => set({ account: e.target.value })}>
            <option value="">All</option>
            {props.accounts.map((a) => (
              <option key={a.id} value={a.id}>
                @{a.handle} ({platformLabel(a.platform)}
                {a.simulated ? ", simulated" : ""})
              </option>
            ))}
          </select>
        </label>
        <label className="flex max-w-full min-w-0 flex-col text-sm">
          Sentiment
          <select className={select} value={filters.sentiment} onChange={(e) => set({ sentiment: e.target.value })}>
            <option value="">Any</option>
            <option value="negative">Negative</option>
            <option value="neutral">Neutral</option>
            <option value="positive">Positive</option>
          </select>
        </label>
        <label className="flex max-w-full min-w-0 flex-col text-sm">
          Status
          <select className={select} value={filters.status} onChange={(e) => set({ status: e.target.value })}>
            <option value="open">Open</option>
            <option value="done">Done</option>
            <option value="hidden">Hidden</option>
            <option value="all">All</option>
          </select>
        </label>
        <label className="flex min-h-9 items-center gap-2 text-sm">
          <input type="checkbox" checked={filters.unanswered} onChange={(e) => set({ unanswered: e.target.checked })} /> Unanswered
        </label>
        <label className="flex min-h-9 items-center gap-2 text-sm">
          <input type="checkbox" checked={filters.mine} onChange={(e) => set({ mine: e.target.checked })} /> Assigned to me
        </label>
        {JSON.stringify(filters) !== JSON.stringify(NONE) ? (
          <button type="button" className={secondary} onClick={() => set(NONE)}>
            Clear filters
          </button>
        ) : null}
      </form>

      {data?.notices?.length ? (
        <section aria-labelledby="inbox-notices" className="mt-4 rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-100">
          <h2 id="inbox-notices" className="font-medium">
            Some replies cannot be read
          </h2>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {data.notices.flatMap((n) => n.messages.map((m) => <li key={`${n.accountId}:${m}`}>{m}</li>))}
          </ul>
          <p className="mt-1">
            <a className="underline" href="/dashboard/accounts">
              Reconnect on the Accounts page
            </a>
          </p>
        </section>
      ) : null}

      <div className="mt-4 grid grid-cols-1 gap-4 md:grid-cols-2">
        <section aria-label="Inbox items" className="min-w-0">
          {error ? (
            <p role="alert" className={errorText}>
              Could not load the inbox: {(error as Error).message}{" "}
              <button type="button" className="underline" onClick={() => void mutate()}>
                Try again
              </button>
            </p>
          ) : null}
          {data && items.length === 0 ? (
            <div className="rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-700 dark:border-slate-600 dark:text-slate-300">
              {JSON.stringify(filters) !== JSON.stringify(NONE) ? (
                <p>Nothing matches these filters.</p>
              ) : (
                <>
                  <p className="font-medium">Nothing to answer yet.</p>
                  <p className="mt-1">
                    Replies, comments and mentions of your connected accounts appear here a few minutes after they are written (accounts in simulation mode get simulated replies to their
                    published posts). <a className="underline" href="/dashboard/accounts">Connect an account</a> or <a className="underline" href="/dashboard/compose">publish a post</a>.
                  </p>
                </>
              )}
            </div>
          ) : null}
          <ul className="space-y-2">
            {items.map((it) => (
              <li key={it.id}>
                <button
                  type="button"
                  aria-pressed={selected === it.id}
                  onClick={() => setSelected(it.id)}
                  className="w-full rounded-md border border-slate-200 bg-white p-3 text-left hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 aria-pressed:border-blue-600 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
                >
                  <span className="flex flex-wrap items-baseline justify-between gap-1 text-sm">
                    <span className="font-medium break-all">
                      {it.authorName ? `${it.authorName} ` : ""}@{it.authorHandle}
                    </span>
                    <span className="text-xs text-slate-600 dark:text-slate-400">{formatWhen(it.remoteCreatedAt, props.timeZone)}</span>
                  </span>
                  <span className="mt-1 block text-sm break-words whitespace-pre-wrap">{it.text || "(no text)"}</span>
                  <span className="mt-2 block">
                    <ItemBadges item={it} />
                  </span>
                </button>
              </li>
            ))}
          </ul>
          {next ? (
            <button type="button" className={`${primary} mt-3`} onClick={() => void loadMore()}>
              Load more
            </button>
          ) : null}
          {moreError ? (
            <p role="alert" className={errorText}>
              {moreError}
            </p>
          ) : null}
        </section>
        <section aria-label="Thread" className="min-w-0">
          {selected ? (
            <InboxThread id={selected} timeZone={props.timeZone} canEdit={props.canEdit} userId={props.userId} onClose={() => setSelected(null)} />
          ) : (
            <p className="hidden text-sm text-slate-600 md:block dark:text-slate-400">Pick an item to see its thread and answer it.</p>
          )}
        </section>
      </div>
    </main>
  );
}
