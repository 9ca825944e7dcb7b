// /dashboard/admin/tasks — the scheduler's health, statistics, throughput and task list for owners
// and admins; everyone else gets a plain "not allowed" page.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
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
        <section aria-labelledby="not-allowed" className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-700 dark:bg-amber-950">
          <h1 id="not-allowed" className="text-2xl font-semibold tracking-tight text-amber-950 dark:text-amber-100">
            Not allowed
          </h1>
          <p className="mt-2 text-amber-950 dark:text-amber-100">
            Task statistics are for owners and admins of {active.name}. You are {withArticle(active.role)} here; ask an owner or admin if
            you need to see them.
          </p>
          <p className="mt-4">
            <Link href="/dashboard/posts" className="rounded font-medium text-blue-800 underline underline-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300">
              Go to your posts
            </Link>
          </p>
        </section>
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
