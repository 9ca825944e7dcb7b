// /dashboard/compose — write one post for several accounts: per-platform overrides and previews,
// media with alt text, thread and first comment, then publish now, schedule, queue or save a draft.
// ?edit=<postId> opens a draft or a scheduled post to change it, ?from=<postId> copies any post
// into a new one (docs/decisions.md, "Editing a scheduled post"); ?campaign=<id> starts a new post
// in that campaign (the campaign page's link).
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { hasRole } from "@/lib/auth/roles";
import { DateTime } from "luxon";
import { db } from "@/lib/db";
import { specFor } from "@/lib/social/registry";
import { composerSeed } from "@/lib/posting/edit";
import { pageWorkspace } from "../page-context";
import { Composer, type ComposerAccount } from "./composer";

export const metadata: Metadata = { title: "Compose · Herald" };

const notice =
  "mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100";

const one = (v: string | string[] | undefined) => (typeof v === "string" && v.length > 0 && v.length <= 100 ? v : null);

const TITLES = { new: "Compose", edit: "Edit post", draft: "Continue draft", duplicate: "Copy of a post" } as const;

export default async function ComposePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/compose");
  const q = await searchParams;
  const editId = one(q.edit);
  const fromId = editId ? null : one(q.from);
  const seed = editId ? await composerSeed(ws.id, editId, "edit") : fromId ? await composerSeed(ws.id, fromId, "duplicate") : null;
  const missing = (editId ?? fromId) !== null && seed === null;

  const [listed, campaigns] = await Promise.all([
    listAccounts(db(), ws.id),
    db().campaign.findMany({ where: { workspaceId: ws.id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const campaignId = campaigns.find((c) => c.id === one(q.campaign))?.id ?? "";
  const accounts: ComposerAccount[] = listed.map((a) => {
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
      <h1 className="text-2xl font-semibold tracking-tight">{TITLES[seed?.mode ?? "new"]}</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · times in {ws.timeZone.replaceAll("_", " ")}
      </p>
      {missing ? (
        <p role="alert" className={notice}>
          That post no longer exists (it was deleted, or belongs to another workspace). You can write a new one below.
        </p>
      ) : null}
      {seed?.notEditable ? (
        <p role="alert" className={notice}>
          This post can no longer be edited: {seed.notEditable} Below is a copy you can schedule as a new post.
        </p>
      ) : null}
      {seed?.mode === "edit" ? (
        <p role="note" className="mt-4 text-sm text-slate-700 dark:text-slate-300">
          Changes apply to this post until the first network starts publishing it. Every saved change is kept in the post’s history.
        </p>
      ) : null}
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
        <Composer
          key={seed ? `${seed.mode}-${seed.postId}` : `new-${campaignId}`}
          accounts={accounts}
          timeZone={ws.timeZone}
          today={next.toISODate()!}
          defaultTime={next.toFormat("HH:mm")}
          canEdit={canEdit}
          seed={seed}
          campaigns={campaigns}
          campaignId={campaignId}
        />
      )}
    </AppFrame>
  );
}
