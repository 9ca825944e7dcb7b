// /dashboard/campaigns/:id — one campaign: its name and brief (editors change them), and the seed's
// metrics view from GET /api/campaigns/:id/stats: posts by status, the next scheduled, the last
// posted, engagement totals, the history of its posts (newest first, each linking to the post) and
// its most recently changed posts. Viewers read it all.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { campaignStats } from "@/lib/campaigns";
import { db } from "@/lib/db";
import { HeraldError } from "@/lib/errors";
import { pageWorkspace } from "../../page-context";
import { CampaignView, type StatsJson } from "./campaign-view";

export const metadata: Metadata = { title: "Campaign · Herald" };

const backLink =
  "font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300";

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { session, workspace: ws } = await pageWorkspace(`/dashboard/campaigns/${encodeURIComponent(id)}`);
  const stats = await campaignStats(db(), ws.id, id).catch((err: unknown) => {
    if (err instanceof HeraldError && err.code === "not_found") return null;
    throw err;
  });
  return (
    <AppFrame user={session.user}>
      <p className="text-sm">
        <Link href="/dashboard/campaigns" className={backLink}>
          All campaigns
        </Link>
      </p>
      {stats ? (
        <CampaignView
          id={id}
          initial={JSON.parse(JSON.stringify({ success: true, ...stats })) as StatsJson}
          canEdit={hasRole(ws.role, "editor")}
          timeZone={ws.timeZone}
        />
      ) : (
        <>
          <h1 className="mt-2 text-2xl font-semibold tracking-tight">Campaign not found</h1>
          <p role="alert" className="mt-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            This campaign does not exist in {ws.name} (it belongs to another workspace, or the link is wrong).
          </p>
        </>
      )}
    </AppFrame>
  );
}
