// /dashboard/analytics — what the workspace's published posts earned: totals, engagement over time
// per network, per account and campaign, top posts, the best-time heatmap, and a CSV export.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { db } from "@/lib/db";
import { pageWorkspace } from "../page-context";
import { AnalyticsView } from "./analytics-view";

export const metadata: Metadata = { title: "Analytics · Herald" };

export default async function AnalyticsPage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/analytics");
  const [accounts, campaigns] = await Promise.all([
    listAccounts(db(), ws.id),
    db().campaign.findMany({ where: { workspaceId: ws.id }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Analytics</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · days in {ws.timeZone.replaceAll("_", " ")} · each post counted by its latest numbers
      </p>
      <AnalyticsView
        accounts={accounts.map((a) => ({ id: a.id, platform: a.platform, handle: a.handle }))}
        campaigns={campaigns}
      />
    </AppFrame>
  );
}
