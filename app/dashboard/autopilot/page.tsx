// /dashboard/autopilot — "plan next week for campaign X": the agent drafts a week of posts into the
// workspace's posting slots; each draft waits here for Approve / Edit / Reject (or is scheduled
// directly when Settings → AI allows it). Runs go through the scheduler like any task.
import type { Metadata } from "next";
import Link from "next/link";
import { DateTime } from "luxon";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { specFor } from "@/lib/social/registry";
import { pageWorkspace } from "../page-context";
import { AutopilotView, type AutopilotAccount } from "./autopilot-view";

export const metadata: Metadata = { title: "Autopilot · Herald" };

export default async function AutopilotPage() {
  const { session, workspace: ws } = await pageWorkspace("/dashboard/autopilot");

  const accounts: AutopilotAccount[] = (await listAccounts(db(), ws.id)).map((a) => ({
    id: a.id,
    platform: a.platform,
    label: specFor(a.platform).label,
    handle: a.handle,
    active: a.status === "active",
    simulated: a.simulated,
  }));
  // The weeks to choose from (their Mondays, in the workspace's zone): this one and the next four.
  const monday = DateTime.now().setZone(ws.timeZone).startOf("week");
  const weeks = Array.from({ length: 5 }, (_, i) => monday.plus({ weeks: i }).toISODate()!);

  return (
    <AppFrame user={session.user}>
      <h1 className="text-2xl font-semibold tracking-tight">Autopilot</h1>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {ws.name} · times in {ws.timeZone.replaceAll("_", " ")}
      </p>
      <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">
        Describe a campaign and the agent drafts a week of posts into your{" "}
        <Link href="/dashboard/settings#slots" className="font-medium text-blue-700 underline underline-offset-2 dark:text-blue-300">
          posting slots
        </Link>{" "}
        (or the week’s best hours when there are none). Drafts wait here for an admin’s approval.
      </p>
      <AutopilotView
        accounts={accounts}
        timeZone={ws.timeZone}
        weeks={weeks}
        canEdit={hasRole(ws.role, "editor")}
        canApprove={hasRole(ws.role, "admin")}
        development={process.env.NODE_ENV !== "production"}
      />
    </AppFrame>
  );
}
