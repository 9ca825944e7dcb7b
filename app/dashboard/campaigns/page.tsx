// /dashboard/campaigns — the workspace's campaigns (posts that belong together: a launch, a season,
// an event) with their post counts and next scheduled post, and a form to create one (editors).
// Each links to its page with the metrics (./[id]/page.tsx).
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { listCampaigns } from "@/lib/campaigns";
import { db } from "@/lib/db";
import { pageWorkspace } from "../page-context";
import type { CampaignRow } from "./campaigns-view";
import { CampaignsView } from "./campaigns-view";

export const metadata: Metadata = { title: "Campaigns · Herald" };

export default async function CampaignsPage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/campaigns");
  const campaigns = await listCampaigns(db(), ws.id);
  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Campaigns</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · times in {ws.timeZone.replaceAll("_", " ")}
      </p>
      {/* Dates as ISO strings, as the API sends them; SWR takes over from here. */}
      <CampaignsView initial={JSON.parse(JSON.stringify(campaigns)) as CampaignRow[]} canEdit={hasRole(ws.role, "editor")} timeZone={ws.timeZone} />
    </AppFrame>
  );
}
