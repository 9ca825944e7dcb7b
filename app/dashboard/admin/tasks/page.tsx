// /dashboard/admin/tasks — the scheduler's health, statistics, throughput and task list for owners
// and admins; everyone else gets a plain "not allowed" page.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { NotAllowed } from "../not-allowed";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { clock } from "@/lib/clock";
import { health } from "@/lib/health";
import { pageWorkspace } from "../../page-context";
import { AdminTasksView } from "./admin-tasks-view";
import { HealthNotice } from "./health-notice";

export const metadata: Metadata = { title: "Tasks · Admin · Herald" };

export default async function AdminTasksPage() {
  const { session, workspace: active } = await pageWorkspace("/dashboard/admin/tasks");

  if (!hasRole(active.role, "admin")) {
    return (
      <AppFrame user={session.user}>
        <NotAllowed>
          Task statistics are for owners and admins of {active.name}. You are {withArticle(active.role)} here; ask an owner or admin if
          you need to see them.
        </NotAllowed>
      </AppFrame>
    );
  }

  // The cron's record is everyone's; the task counts are this workspace's (docs/design.md, "Health").
  const now = clock.now();
  const h = await health({ now, workspaceId: active.id });
  return (
    <AppFrame user={session.user}>
      <HealthNotice health={h} now={now} />
      <AdminTasksView workspaceName={active.name} timeZone={active.timeZone} />
    </AppFrame>
  );
}
