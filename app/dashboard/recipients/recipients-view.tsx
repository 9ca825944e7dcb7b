"use client";
// The Recipients page's client side: the people (filtered by list, status and a part of the name
// or number; 50 a page, "Load more" by cursor) with where and when they agreed or when they asked
// to stop, and per person (editors) their lists, opt out or back in, and delete; the form to add
// someone; the lists. SWR on /api/recipients and /api/recipient-lists, revalidated after each change.
import { useEffect, useState } from "react";
import useSWR, { useSWRConfig } from "swr";
import { control, FilterSelect } from "../_live/filter-select";
import { fetchJson } from "../_live/format";
import { api, dangerButtonClass, errorClass, ReadOnlyNote, secondaryButtonClass, Section, Status } from "../settings/ui";
import { ListsSection } from "./lists-section";
import { AddRecipientForm, DeleteConfirm, ListsEditor, OptInForm } from "./recipient-forms";
import { shownPhone, type ListRow, type RecipientPage, type RecipientRow } from "./rows";

/** Every key a change of recipients or lists makes stale. */
const recipientKeys = (k: unknown) => typeof k === "string" && (k.startsWith("/api/recipients") || k === "/api/recipient-lists");

interface Filters {
  listId: string;
  status: string;
  q: string;
}
const NO_FILTERS: Filters = { listId: "", status: "", q: "" };

function urlOf(f: Filters, cursor: string | null): string {
  const q = new URLSearchParams();
  if (f.listId) q.set("listId", f.listId);
  if (f.status) q.set("status", f.status);
  if (f.q) q.set("q", f.q);
  if (cursor) q.set("cursor", cursor);
  const s = q.toString();
  return `/api/recipients${s ? `?${s}` : ""}`;
}

const listsFetcher = async (url: string) => (await fetchJson<{ lists: ListRow[] }>(url)).lists;

export function RecipientsView({ initialLists, initialRecipients, canEdit, timeZone }: { initialLists: ListRow[]; initialRecipients: RecipientPage; canEdit: boolean; timeZone: string }) {
  const { mutate } = useSWRConfig();
  const { data: lists = initialLists, error: listsError } = useSWR("/api/recipient-lists", listsFetcher, { fallbackData: initialLists });
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [search, setSearch] = useState("");
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [announce, setAnnounce] = useState<string | null>(null);
  const [addOpen, setAddOpen] = useState(initialRecipients.recipients.length === 0);

  const setFilter = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([null]);
  };
  // The search goes out once typing pauses.
  useEffect(() => {
    const t = setTimeout(() => {
      const q = search.trim();
      setFilters((f) => (f.q === q ? f : { ...f, q }));
      setCursors([null]);
    }, 300);
    return () => clearTimeout(t);
  }, [search]);

  function changed(message: string) {
    setAnnounce(message);
    void mutate(recipientKeys);
  }
  const isDefault = filters.listId === "" && filters.status === "" && filters.q === "";

  return (
    <div className="space-y-6">
      {!canEdit ? <ReadOnlyNote>You are a viewer here: you can see the recipients and lists, but only editors, admins and owners can change them.</ReadOnlyNote> : null}
      <Status message={announce} />

      <section aria-labelledby="people" className="space-y-4">
        <h2 id="people" className="text-lg font-semibold">
          People
        </h2>
        <form className="grid grid-cols-2 gap-3 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()} aria-label="Filter recipients">
          <FilterSelect label="List" value={filters.listId} onChange={(listId) => setFilter({ listId })} options={lists.map((l) => [l.id, l.name] as const)} emptyLabel="All lists" />
          <FilterSelect
            label="Status"
            value={filters.status}
            onChange={(status) => setFilter({ status })}
            options={[
              ["opted_in", "Opted in"],
              ["opted_out", "Opted out"],
            ]}
            emptyLabel="Everyone"
          />
          <label className="col-span-2 block text-sm font-medium text-slate-800 sm:col-span-1 dark:text-slate-200">
            Search
            <input type="search" className={control} value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or number" autoComplete="off" />
          </label>
        </form>
        <div className="space-y-3">
          {cursors.map((cursor, i) => (
            <PeoplePage
              key={urlOf(filters, cursor)}
              url={urlOf(filters, cursor)}
              fallback={i === 0 && isDefault ? initialRecipients : undefined}
              first={i === 0}
              filtered={!isDefault}
              lists={lists}
              canEdit={canEdit}
              timeZone={timeZone}
              onChanged={changed}
              onMore={i === cursors.length - 1 ? (next) => setCursors((c) => [...c, next]) : undefined}
            />
          ))}
        </div>
      </section>

      {canEdit ? (
        <Section id="add" title="Add a recipient" description="Someone who agreed to get WhatsApp messages from you.">
          <button type="button" aria-expanded={addOpen} aria-controls="add-form" className={secondaryButtonClass} onClick={() => setAddOpen((o) => !o)}>
            {addOpen ? "Hide the form" : "Show the form"}
          </button>
          <div id="add-form" hidden={!addOpen} className="mt-4">
            <AddRecipientForm lists={lists} onAdded={changed} />
          </div>
        </Section>
      ) : null}

      {listsError ? (
        <p role="alert" className={errorClass}>
          Could not load the lists: {(listsError as Error).message}
        </p>
      ) : null}
      <ListsSection
        lists={lists}
        canEdit={canEdit}
        onChanged={(message, deleted) => {
          if (deleted && filters.listId === deleted) setFilter({ listId: "" });
          changed(message);
        }}
      />
    </div>
  );
}

function PeoplePage(props: {
  url: string;
  fallback?: RecipientPage;
  first: boolean;
  filtered: boolean;
  lists: ListRow[];
  canEdit: boolean;
  timeZone: string;
  onChanged: (message: string) => void;
  onMore?: (cursor: string) => void;
}) {
  const { data, error, isLoading } = useSWR<RecipientPage>(props.url, fetchJson, { fallbackData: props.fallback, revalidateOnMount: !props.fallback });
  if (error) {
    return (
      <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
        Could not load the recipients: {(error as Error).message}
      </p>
    );
  }
  if (!data || isLoading) {
    return (
      <p className="text-slate-600 dark:text-slate-400" aria-busy="true">
        Loading recipients…
      </p>
    );
  }
  if (props.first && data.recipients.length === 0) {
    return props.filtered ? (
      <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-700 dark:border-slate-700 dark:text-slate-300">Nobody matches these filters.</p>
    ) : (
      <div className="rounded-lg border border-dashed border-slate-300 p-6 text-slate-700 dark:border-slate-700 dark:text-slate-300" data-testid="recipients-empty">
        <p className="font-medium">No recipients yet.</p>
        <p className="mt-1 text-sm">
          Only people who agreed to get WhatsApp messages from you can be added: note where they agreed (a form on your website, in your shop, a reply of START) and
          when; WhatsApp asks businesses to be able to show it. Anyone who replies STOP is opted out and gets nothing more.
        </p>
        {props.canEdit ? <p className="mt-2 text-sm">Create a list below, then add the people who agreed.</p> : null}
      </div>
    );
  }
  return (
    <>
      <ul className="space-y-3" aria-label="Recipients">
        {data.recipients.map((r) => (
          <RecipientCard key={r.id} recipient={r} lists={props.lists} canEdit={props.canEdit} timeZone={props.timeZone} onChanged={props.onChanged} />
        ))}
      </ul>
      {data.nextCursor && props.onMore ? (
        <button type="button" className={secondaryButtonClass} onClick={() => props.onMore!(data.nextCursor!)}>
          Load more recipients
        </button>
      ) : null}
    </>
  );
}

function RecipientCard({ recipient: r, lists, canEdit, timeZone, onChanged }: { recipient: RecipientRow; lists: ListRow[]; canEdit: boolean; timeZone: string; onChanged: (m: string) => void }) {
  const [panel, setPanel] = useState<"lists" | "optIn" | "delete" | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const day = (iso: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone }).format(new Date(iso));
  const phone = shownPhone(r.phone);
  const name = r.name ?? phone;
  const toggle = (p: NonNullable<typeof panel>) => setPanel((o) => (o === p ? null : p));
  const done = (message: string) => {
    setPanel(null);
    onChanged(message);
  };

  async function optOut() {
    setBusy(true);
    setError(null);
    const res = await api("PATCH", `/api/recipients/${encodeURIComponent(r.id)}`, { optedOut: true });
    setBusy(false);
    if (!res.ok) return setError(res.message);
    done(`${name} opted out: they get no more WhatsApp messages.`);
  }

  return (
    <li className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900" data-recipient-id={r.id} data-opted-in={r.optedIn}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="break-words font-semibold">
            {r.name ?? <span className="font-normal italic text-slate-600 dark:text-slate-400">No name</span>}{" "}
            <span className="whitespace-nowrap font-normal tabular-nums text-slate-700 dark:text-slate-300">{phone}</span>
          </p>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            {r.optedIn ? (
              <>
                Opted in since {day(r.optInAt)} · {r.optInSource}
              </>
            ) : (
              <>
                <span className="font-medium text-red-800 dark:text-red-300">Opted out</span> since {day(r.optedOutAt!)}
                {r.optOutSource ? ` (${r.optOutSource})` : ""}
              </>
            )}
          </p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{r.lists.length ? `Lists: ${r.lists.map((l) => l.name).join(", ")}` : "On no list"}</p>
        </div>
        {canEdit ? (
          <div className="flex flex-wrap gap-2">
            <button type="button" aria-expanded={panel === "lists"} className={secondaryButtonClass} onClick={() => toggle("lists")}>
              Change lists<span className="sr-only"> of {name}</span>
            </button>
            {r.optedIn ? (
              <button type="button" className={secondaryButtonClass} disabled={busy} onClick={() => void optOut()}>
                {busy ? "Opting out…" : "Opt out"}
                <span className="sr-only"> {name}</span>
              </button>
            ) : (
              <button type="button" aria-expanded={panel === "optIn"} className={secondaryButtonClass} onClick={() => toggle("optIn")}>
                Opt back in<span className="sr-only"> {name}</span>
              </button>
            )}
            <button type="button" aria-expanded={panel === "delete"} className={dangerButtonClass} onClick={() => toggle("delete")}>
              Delete<span className="sr-only"> {name}</span>
            </button>
          </div>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className={errorClass}>
          {error}
        </p>
      ) : null}
      {panel === "lists" ? <ListsEditor recipient={r} lists={lists} onDone={done} onCancel={() => setPanel(null)} /> : null}
      {panel === "optIn" ? <OptInForm recipient={r} onDone={done} onCancel={() => setPanel(null)} /> : null}
      {panel === "delete" ? <DeleteConfirm recipient={r} onDone={done} onCancel={() => setPanel(null)} /> : null}
    </li>
  );
}
