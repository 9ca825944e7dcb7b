// /dashboard/import — bulk import posts from a CSV: upload, preview with per-line errors, then import.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { specFor } from "@/lib/social/registry";
import { IMPORT_MAX_ROWS } from "@/lib/validation/import";
import { pageWorkspace } from "../page-context";
import { Importer } from "./importer";
import { atHandle } from "@/lib/handle";

export const metadata: Metadata = { title: "Import posts · Herald" };

const code = "rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.8125rem] text-slate-900 dark:bg-slate-800 dark:text-slate-100";

export default async function ImportPage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/import");
  const accounts = await listAccounts(db(), ws.id);
  const canEdit = hasRole(ws.role, "editor");

  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Import posts</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · times without an offset are read in {ws.timeZone.replaceAll("_", " ")}
      </p>

      <details className="mt-4 rounded-md border border-slate-200 px-4 py-3 text-sm text-slate-800 dark:border-slate-800 dark:text-slate-200">
        <summary className="cursor-pointer font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:focus-visible:ring-blue-400">
          The CSV format
        </summary>
        <p className="mt-2">
          A header row, then one post per row (at most {IMPORT_MAX_ROWS} rows, 1 MB). Column names are case-insensitive; quote text
          that contains commas or line breaks with <code className={code}>&quot;</code>.{" "}
          <a href="/import-sample.csv" download className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
            Download a sample CSV
          </a>
          .
        </p>
        <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
          <dt><code className={code}>text</code></dt>
          <dd>The post. May be empty when there is a media_url.</dd>
          <dt><code className={code}>platforms</code></dt>
          <dd>
            Platform names or account handles, separated by commas, semicolons or spaces — e.g. <code className={code}>bluesky; mastodon</code>. Use a
            handle when the workspace has several accounts on one platform.
          </dd>
          <dt><code className={code}>time</code></dt>
          <dd>
            <code className={code}>2026-12-01 09:00</code> in the workspace&apos;s zone, or ISO 8601 with an offset such as{" "}
            <code className={code}>2026-12-01T09:00:00+01:00</code>. Must be in the future.
          </dd>
          <dt><code className={code}>media_url</code></dt>
          <dd>Optional: an http(s) link to one image or video.</dd>
          <dt><code className={code}>alt_text</code></dt>
          <dd>Optional: a description of the media for screen readers.</dd>
          <dt><code className={code}>campaign</code></dt>
          <dd>
            Optional: the name (or id) of one of your{" "}
            <Link href="/dashboard/campaigns" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
              campaigns
            </Link>{" "}
            — capitals do not matter. A name you have no campaign for yet creates it when you import; the preview marks it “new”.
          </dd>
        </dl>
        {accounts.length ? (
          <p className="mt-2">
            This workspace&apos;s accounts:{" "}
            {accounts.map((a, i) => (
              <span key={a.id}>
                {i ? ", " : ""}
                {specFor(a.platform).label} <code className={code}>{atHandle(a.handle)}</code>
              </span>
            ))}
            .
          </p>
        ) : null}
      </details>

      {!canEdit ? (
        <p role="note" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          You are a viewer here: only editors, admins and owners can check and import files.
        </p>
      ) : accounts.length === 0 ? (
        <p className="mt-6 rounded-md border border-dashed border-slate-300 px-4 py-6 text-slate-700 dark:border-slate-700 dark:text-slate-300">
          No accounts yet: connect one on the{" "}
          <Link href="/dashboard/accounts" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
            accounts page
          </Link>{" "}
          before importing posts.
        </p>
      ) : (
        <Importer timeZone={ws.timeZone} />
      )}
    </AppFrame>
  );
}
