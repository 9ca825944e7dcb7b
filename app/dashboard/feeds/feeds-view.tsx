"use client";
// The Feeds page's client side: the list (GET /api/feeds through SWR), each feed's last poll and
// error where it shows, the posts its items became, "Poll now", on/off and delete, and the form to
// follow a feed (POST /api/feeds) with the API's field errors under their fields.
import { useId, useState, type FormEvent } from "react";
import useSWR from "swr";
import type { listFeeds } from "@/lib/feeds";
import { fetchJson, formatWhen } from "../_live/format";
import type { Serialized } from "../_live/serialized";
import { api, buttonClass, controlClass, errorClass, hintClass, labelClass, ReadOnlyNote, secondaryButtonClass, Status } from "../settings/ui";

export type FeedRow = Serialized<Awaited<ReturnType<typeof listFeeds>>[number]>;
interface AccountOption {
  id: string;
  label: string;
}

const KEY = "/api/feeds";
const muted = "text-sm text-slate-600 dark:text-slate-400";
const linkClass = "rounded text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";

export function FeedsView({ initial, accounts, canEdit, timeZone }: { initial: FeedRow[]; accounts: AccountOption[]; canEdit: boolean; timeZone: string }) {
  const { data, error, mutate } = useSWR(KEY, async (url: string) => (await fetchJson<{ feeds: FeedRow[] }>(url)).feeds, { fallbackData: initial });
  const feeds = data ?? initial;
  const [announce, setAnnounce] = useState<string | null>(null);
  const label = (id: string) => accounts.find((a) => a.id === id)?.label ?? "a removed account";

  async function act(f: FeedRow, what: "poll" | "toggle" | "delete") {
    const r =
      what === "poll"
        ? await api<{ poll: { status: string; posts: string[]; error?: string } }>("POST", `/api/feeds/${encodeURIComponent(f.id)}/poll`)
        : what === "toggle"
          ? await api("PATCH", `/api/feeds/${encodeURIComponent(f.id)}`, { enabled: !f.enabled })
          : await api("DELETE", `/api/feeds/${encodeURIComponent(f.id)}`);
    setAnnounce(r.ok ? (what === "poll" ? "Polled." : what === "toggle" ? (f.enabled ? "Feed paused." : "Feed resumed.") : "Feed removed.") : r.message);
    void mutate();
  }

  const form = canEdit ? <FeedForm accounts={accounts} onSaved={() => { setAnnounce("Feed added."); void mutate(); }} /> : null;

  return (
    <div className="mt-4 space-y-4">
      {!canEdit ? <ReadOnlyNote>You are a viewer here: only editors, admins and owners can add or change feeds.</ReadOnlyNote> : null}
      <Status message={announce} />
      {error ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The feeds could not be loaded: {(error as Error).message}
        </p>
      ) : null}
      {feeds.length === 0 ? (
        <section aria-labelledby="feeds-empty" className="rounded-lg border border-dashed border-slate-300 p-4 sm:p-6 dark:border-slate-700" data-testid="feeds-empty">
          <h2 id="feeds-empty" className="text-lg font-semibold">No feeds yet</h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            Follow your blog’s RSS or Atom feed and each new article becomes a post on the accounts you choose, from a template such as “{"{title} {link}"}”
            — or written by the AI, and held for approval if you like. Herald checks every 30 minutes; what the feed already holds is not posted.
          </p>
          {accounts.length === 0 ? <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">Connect an account first (Accounts).</p> : form ? <div className="mt-4">{form}</div> : null}
        </section>
      ) : (
        <>
          <ul className="space-y-3" aria-label="Feeds">
            {feeds.map((f) => (
              <li key={f.id} data-feed-id={f.id} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <h2 className="break-words text-base font-semibold">{f.title ?? f.url}</h2>
                <p className={`break-all ${muted}`}>{f.url}</p>
                <p className={`mt-1 ${muted}`}>
                  To {f.accountIds.map(label).join(", ")} · {f.aiWritten ? "AI-written" : <>template “{f.template}”</>}
                  {f.holdForApproval ? " · held for approval" : ""} · {f.enabled ? "on" : "paused"}
                </p>
                <p className={`mt-1 ${muted}`} data-testid="feed-last-poll">
                  {f.lastPolledAt ? (
                    <>
                      Last poll <time dateTime={f.lastPolledAt}>{formatWhen(f.lastPolledAt, timeZone)}</time>: {f.lastResult}
                    </>
                  ) : (
                    "Not polled yet."
                  )}
                </p>
                {f.lastError ? (
                  <p role="alert" className={errorClass} data-testid="feed-error">
                    {f.lastError}
                  </p>
                ) : null}
                {f.recentPosts.length ? (
                  <ul className="mt-2 list-disc pl-5 text-sm" aria-label="Posts from this feed">
                    {f.recentPosts.map((p) => (
                      <li key={p.postId} className="break-words">
                        <a className={linkClass} href={p.status === "scheduled" ? `/dashboard/compose?edit=${encodeURIComponent(p.postId ?? "")}` : "/dashboard/posts"}>
                          {p.title || p.link || "Untitled item"}
                        </a>{" "}
                        <span className={muted}>({p.approvalState === "pending" ? "waiting for approval" : (p.status ?? "removed")})</span>
                      </li>
                    ))}
                  </ul>
                ) : null}
                {canEdit ? (
                  <div className="mt-3 flex flex-wrap gap-2">
                    <button type="button" className={secondaryButtonClass} onClick={() => void act(f, "poll")}>Poll now</button>
                    <button type="button" className={secondaryButtonClass} onClick={() => void act(f, "toggle")}>{f.enabled ? "Pause" : "Resume"}</button>
                    <button type="button" className={secondaryButtonClass} onClick={() => void act(f, "delete")}>Remove</button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {form ? (
            <section aria-labelledby="feed-add" className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
              <h2 id="feed-add" className="mb-2 text-lg font-semibold">Follow another feed</h2>
              {form}
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}

function FeedForm({ accounts, onSaved }: { accounts: AccountOption[]; onSaved: () => void }) {
  const id = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const d = new FormData(form);
    const body = {
      url: String(d.get("url") ?? "").trim(),
      accountIds: d.getAll("accountIds").map(String),
      template: String(d.get("template") ?? "").trim() || undefined,
      aiWritten: d.get("aiWritten") === "on",
      holdForApproval: d.get("holdForApproval") === "on",
      backfill: Number(d.get("backfill") ?? 0) || 0,
    };
    setPending(true);
    setMessage(null);
    const r = await api("POST", "/api/feeds", body);
    setPending(false);
    if (!r.ok) {
      setErrors(r.fields);
      setMessage(Object.keys(r.fields).length ? `${r.message} Check the fields marked below.` : r.message);
      return;
    }
    setErrors({});
    form.reset();
    onSaved();
  }

  const err = (k: string) =>
    errors[k] ? (
      <p id={`${id}-${k}-err`} className={errorClass}>
        {errors[k]}
      </p>
    ) : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-busy={pending} aria-label="Follow a feed" className="space-y-4">
      <div>
        <label htmlFor={`${id}-url`} className={labelClass}>Feed address</label>
        <input id={`${id}-url`} name="url" type="url" inputMode="url" required placeholder="https://example.com/feed.xml" aria-invalid={errors.url ? true : undefined} aria-describedby={errors.url ? `${id}-url-err` : undefined} className={`mt-1 ${controlClass}`} />
        {err("url")}
      </div>
      <fieldset aria-describedby={errors.accountIds ? `${id}-accountIds-err` : undefined}>
        <legend className={labelClass}>Post to</legend>
        <div className="mt-1 space-y-1">
          {accounts.map((a) => (
            <label key={a.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="accountIds" value={a.id} /> {a.label}
            </label>
          ))}
        </div>
        {err("accountIds")}
      </fieldset>
      <div>
        <label htmlFor={`${id}-template`} className={labelClass}>Template</label>
        <textarea id={`${id}-template`} name="template" rows={2} maxLength={2000} defaultValue="{title} {link}" aria-describedby={`${id}-template-hint${errors.template ? ` ${id}-template-err` : ""}`} aria-invalid={errors.template ? true : undefined} className={`mt-1 ${controlClass}`} />
        <p id={`${id}-template-hint`} className={hintClass}>Placeholders: {"{title}"}, {"{link}"}, {"{summary}"}, {"{feed}"}.</p>
        {err("template")}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="aiWritten" /> Let the AI write each post (uses the AI budget; without an AI key the template is used)
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="holdForApproval" /> Hold each post for approval
      </label>
      <div>
        <label htmlFor={`${id}-backfill`} className={labelClass}>Post the newest items now</label>
        <input id={`${id}-backfill`} name="backfill" type="number" min={0} max={10} defaultValue={0} className={`mt-1 w-24 ${controlClass}`} />
        <p className={hintClass}>0: only articles published from now on are posted.</p>
        {err("backfill")}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className={buttonClass} disabled={pending}>{pending ? "Checking the feed…" : "Follow feed"}</button>
        <Status message={message} tone="error" />
      </div>
    </form>
  );
}
