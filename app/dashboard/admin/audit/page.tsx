// /dashboard/admin/audit — the workspace's audit log for owners and admins (docs/decisions.md,
// "Audit log"); everyone else gets a plain "not allowed" page.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { pageWorkspace } from "../../page-context";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log · Admin · Herald" };

export default async function AuditPage() {
  const { session, workspace: active } = await pageWorkspace("/dashboard/admin/audit");
  if (!hasRole(active.role, "admin")) {
    return (
      <AppFrame user={session.user}>
        <section aria-labelledby="not-allowed" className="rounded-lg border border-amber-300 bg-amber-50 p-6 dark:border-amber-700 dark:bg-amber-950">
          <h1 id="not-allowed" className="text-2xl font-semibold tracking-tight text-amber-950 dark:text-amber-100">
            Not allowed
          </h1>
          <p className="mt-2 text-amber-950 dark:text-amber-100">
            The audit log is for owners and admins of {active.name}. You are {withArticle(active.role)} here.
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
  return (
    <AppFrame user={session.user}>
      <AuditView workspaceName={active.name} timeZone={active.timeZone} />
    </AppFrame>
  );
}
