// /dashboard/compose — write one post for several accounts: per-platform overrides and previews,
// media with alt text, thread and first comment, then publish now, schedule, queue or save a draft.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { hasRole } from "@/lib/auth/roles";
import { DateTime } from "luxon";
import { db } from "@/lib/db";
import { specFor } from "@/lib/social/registry";
import { pageWorkspace } from "../page-context";
import { Composer, type ComposerAccount } from "./composer";

export const metadata: Metadata = { title: "Compose · Herald" };

export default async function ComposePage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/compose");

  const accounts: ComposerAccount[] = (await listAccounts(db(), ws.id)).map((a) => {
    const spec = specFor(a.platform);
    return {
      id: a.id,
      platform: a.platform,
      label: spec.label,
      handle: a.handle,
      displayName: a.displayName,
      simulated: a.simulated,
      status: a.status,
      maxLength: spec.maxLength,
      counter: spec.counter,
      linkInText: spec.linkInText,
      threads: spec.threads,
      mediaMax: spec.media.max,
    };
  });
  const canEdit = hasRole(ws.role, "editor");
  // The default time: the next full hour in the workspace's zone.
  const next = DateTime.now().setZone(ws.timeZone).plus({ hours: 1 }).startOf("hour");

  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Compose</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · times in {ws.timeZone.replaceAll("_", " ")}
      </p>
      {!canEdit ? (
        <p role="note" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          You are a viewer here: you can try the composer and its checks, but only editors, admins and owners can schedule or save posts.
        </p>
      ) : null}
      {accounts.length === 0 ? (
        <div className="mt-6 rounded-md border border-dashed border-slate-300 px-4 py-6 text-slate-700 dark:border-slate-700 dark:text-slate-300">
          <p className="font-medium">No accounts yet.</p>
          <p className="mt-1 text-sm">
            Connect an account first (a simulated one works without any keys) on the{" "}
            <Link href="/dashboard/accounts" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
              accounts page
            </Link>
            .
          </p>
        </div>
      ) : (
        <Composer accounts={accounts} timeZone={ws.timeZone} today={next.toISODate()!} defaultTime={next.toFormat("HH:mm")} canEdit={canEdit} />
      )}
    </AppFrame>
  );
}
