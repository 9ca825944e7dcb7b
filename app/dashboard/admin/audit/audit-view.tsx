"use client";
// Admin → Audit log: who did what and when, newest first, filtered by action and dates, paged with
// "Show more", downloadable as CSV with the same filters (docs/decisions.md, "Audit log").
import { useState } from "react";
import useSWRInfinite from "swr/infinite";
import type { AuditRow } from "@/lib/audit";
import { AUDIT_ACTIONS } from "@/lib/audit-actions";
import { fetchJson, formatWhen } from "../../_live/format";
import { FilterSelect } from "../../_live/filter-select";

type Page = { events: AuditRow[]; nextCursor: string | null };

const ACTION_LABEL: Record<(typeof AUDIT_ACTIONS)[number], string> = {
  "auth.sign_in": "Signed in",
  "member.invited": "Invited a member",
  "member.invitation_cancelled": "Cancelled an invitation",
  "member.joined": "Joined the workspace",
  "member.role_changed": "Changed a member's role",
  "member.removed": "Removed a member",
  "account.connected": "Connected an account",
  "account.updated": "Changed an account",
  "account.disconnected": "Disconnected an account",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "post.approved": "Approved a post",
  "post.rejected": "Rejected a post",
  "post.edited": "Edited a post",
  "post.deleted": "Deleted a post",
  "post.cancelled": "Cancelled a post",
  "settings.changed": "Changed settings",
  "publishing.paused": "Paused publishing",
  "publishing.resumed": "Resumed publishing",
  "export.analytics": "Exported analytics",
  "export.audit": "Exported the audit log",
  "export.workspace": "Exported the workspace",
  "workspace.deletion_requested": "Asked to delete the workspace",
  "workspace.deletion_cancelled": "Cancelled the workspace's deletion",
};
const actionLabel = (a: string) => ACTION_LABEL[a as keyof typeof ACTION_LABEL] ?? a;

const input =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";
const button =
  "inline-flex min-h-9 items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-900 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800";

/** A day picked in the browser (yyyy-mm-dd) as the instant its local midnight is. */
const dayStart = (d: string) => (d ? new Date(`${d}T00:00:00`).toISOString() : "");
const dayEnd = (d: string) => (d ? new Date(new Date(`${d}T00:00:00`).getTime() + 86_400_000).toISOString() : "");

function detailText(r: AuditRow): string {
  const parts: string[] = [];
  if (r.targetType) parts.push(`${r.targetType} ${r.targetId ?? ""}`.trim());
  if (r.detail && typeof r.detail === "object") {
    for (const [k, v] of Object.entries(r.detail as Record<string, unknown>)) {
      if (v == null || v === "") continue;
      parts.push(`${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" ? JSON.stringify(v) : String(v)}`);
    }
  }
  return parts.join(" · ");
}

export function AuditView({ workspaceName, timeZone }: { workspaceName: string; timeZone: string }) {
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const query = new URLSearchParams();
  if (action) query.set("action", action);
  if (from) query.set("from", dayStart(from));
  if (to) query.set("to", dayEnd(to));
  const badRange = Boolean(from && to && from > to);

  const { data, error, size, setSize, isValidating } = useSWRInfinite<Page>(
    (i, prev: Page | null) => {
      if (badRange || (prev && !prev.nextCursor)) return null;
      const q = new URLSearchParams(query);
      if (prev?.nextCursor) q.set("cursor", prev.nextCursor);
      return `/api/audit?${q}`;
    },
    fetchJson,
  );
  const rows = data?.flatMap((p) => p.events) ?? [];
  const more = Boolean(data?.[data.length - 1]?.nextCursor);
  const filtered = Boolean(action || from || to);

  return (
    <div>
      <p className="text-sm font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">{workspaceName} · Admin</p>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">Audit log</h1>
        <a className={button} href={badRange ? undefined : `/api/audit?${new URLSearchParams([...query, ["format", "csv"]])}`} aria-disabled={badRange} download>
          Download CSV
        </a>
      </div>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        Who did what in this workspace, and when: sign-ins, members and roles, accounts, API keys, decisions on posts, settings and exports. Times in {timeZone}.
      </p>

      <form className="mt-4 grid gap-3 sm:grid-cols-3" onSubmit={(e) => e.preventDefault()} aria-label="Filter the audit log">
        <FilterSelect label="Action" value={action} onChange={setAction} options={AUDIT_ACTIONS.map((a) => [a, ACTION_LABEL[a]] as const)} emptyLabel="Every action" />
        <label className="block text-sm font-medium">
          From
          <input type="date" className={input} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="block text-sm font-medium">
          To
          <input type="date" className={input} value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={badRange} aria-describedby={badRange ? "audit-range-error" : undefined} />
          {badRange ? (
            <span id="audit-range-error" role="alert" className="mt-1 block text-sm font-normal text-red-700 dark:text-red-400">
              “To” is before “From”.
            </span>
          ) : null}
        </label>
      </form>

      {error ? (
        <p role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
          The audit log could not be loaded: {error instanceof Error ? error.message : String(error)}
        </p>
      ) : null}

      {data && rows.length === 0 ? (
        <p className="mt-6 rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-700 dark:border-slate-700 dark:text-slate-300">
          {filtered
            ? "Nothing matches these filters. Try another action or a wider range of dates."
            : "Nothing recorded yet. Sign-ins, member changes, connected accounts, API keys, post decisions and settings changes will appear here."}
        </p>
      ) : null}

      <ol className="mt-4 space-y-2" aria-label="Audit entries">
        {rows.map((r) => (
          <li key={r.id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-800 dark:bg-slate-900">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <span className="font-medium">{actionLabel(r.action)}</span>
              <time dateTime={r.at} className="text-sm text-slate-600 dark:text-slate-400">
                {formatWhen(r.at, timeZone)}
              </time>
            </div>
            <p className="mt-0.5 break-words text-sm text-slate-700 dark:text-slate-300">
              by <span className="font-medium">{r.actor}</span>
              {r.ip ? <span className="text-slate-600 dark:text-slate-400"> from {r.ip}</span> : null}
            </p>
            {detailText(r) ? <p className="mt-0.5 break-words text-sm text-slate-600 dark:text-slate-400">{detailText(r)}</p> : null}
          </li>
        ))}
      </ol>

      {more ? (
        <button type="button" className={`${button} mt-4`} disabled={isValidating} onClick={() => void setSize(size + 1)}>
          {isValidating ? "Loading…" : "Show more"}
        </button>
      ) : null}
    </div>
  );
}
