// /dashboard — the signed-in home: the active workspace with its onboarding checklist while a step
// is left (./_home/checklist.tsx) and, once it has posts, its overview (./_home/overview.tsx); the
// other workspaces to switch to.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { workspaceOverview } from "@/lib/overview";
import { Checklist } from "./_home/checklist";
import { Overview } from "./_home/overview";
import { pageSession } from "./page-context";
import { WorkspaceSwitcher } from "./workspace-switcher";

export const metadata: Metadata = { title: "Dashboard · Herald" };

export default async function DashboardPage() {
  const { session, workspaces, active } = await pageSession("/dashboard");
  const home = active ? await workspaceOverview(active.id) : null;

  return (
    <AppFrame user={session.user}>
      {active ? (
        <>
          <section aria-labelledby="active-ws">
            <p className="text-sm font-medium uppercase tracking-wide text-slate-600 dark:text-slate-400">Workspace</p>
            <h1 id="active-ws" className="mt-1 text-2xl font-semibold tracking-tight">
              {active.name}
            </h1>
            <p className="mt-1 text-slate-700 dark:text-slate-300">
              You are {withArticle(active.role).split(" ")[0]} <strong>{active.role}</strong> here · time zone {active.timeZone.replaceAll("_", " ")}
            </p>
          </section>
          {home && !home.complete ? <Checklist state={home.checklist} role={active.role} /> : null}
          {home?.hasPosts ? <Overview data={home} timeZone={active.timeZone} canCompose={hasRole(active.role, "editor")} /> : null}
        </>
      ) : (
        <section aria-labelledby="pick-ws">
          <h1 id="pick-ws" className="text-2xl font-semibold tracking-tight">
            Choose a workspace
          </h1>
          <p className="mt-1 text-slate-700 dark:text-slate-300">Pick the business you want to work on.</p>
        </section>
      )}

      <section aria-labelledby="all-ws" className="mt-10">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="all-ws" className="text-lg font-semibold">
            Your workspaces
          </h2>
          <Link href="/workspaces/new" className="text-sm font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 dark:text-blue-300">
            Create a workspace
          </Link>
        </div>
        <WorkspaceSwitcher workspaces={workspaces} />
      </section>
    </AppFrame>
  );
}
