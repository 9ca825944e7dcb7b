// /dashboard/feeds — the workspace's RSS/Atom feeds (docs/decisions.md, "RSS feeds"): each with its
// accounts, template, last poll and its error, the posts its items became, and the form to follow
// one (editors).
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { listFeeds } from "@/lib/feeds";
import { pageWorkspace } from "../page-context";
import { FeedsView, type FeedRow } from "./feeds-view";

export const metadata: Metadata = { title: "Feeds · Herald" };

export default async function FeedsPage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/feeds");
  const [feeds, accounts] = await Promise.all([
    listFeeds(db(), ws.id),
    db().socialAccount.findMany({ where: { workspaceId: ws.id }, select: { id: true, platform: true, handle: true }, orderBy: [{ platform: "asc" }, { handle: "asc" }] }),
  ]);
  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Feeds</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">New articles from your blog or news feed, posted to your accounts.</p>
      <FeedsView
        initial={JSON.parse(JSON.stringify(feeds)) as FeedRow[]}
        accounts={accounts.map((a) => ({ id: a.id, label: `${a.platform} · ${a.handle}` }))}
        canEdit={hasRole(ws.role, "editor")}
        timeZone={ws.timeZone}
      />
    </AppFrame>
  );
}
