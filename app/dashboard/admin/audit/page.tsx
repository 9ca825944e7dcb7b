// /dashboard/admin/audit — the workspace's audit log for owners and admins (docs/decisions.md,
// "Audit log"); everyone else gets a plain "not allowed" page.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { NotAllowed } from "../not-allowed";
import { hasRole, withArticle } from "@/lib/auth/roles";
import { pageWorkspace } from "../../page-context";
import { AuditView } from "./audit-view";

export const metadata: Metadata = { title: "Audit log · Admin · Herald" };

export default async function AuditPage() {
  const { session, workspace: active } = await pageWorkspace("/dashboard/admin/audit");
  if (!hasRole(active.role, "admin")) {
    return (
      <AppFrame user={session.user}>
        <NotAllowed>
          The audit log is for owners and admins of {active.name}. You are {withArticle(active.role)} here.
        </NotAllowed>
      </AppFrame>
    );
  }
  return (
    <AppFrame user={session.user}>
      <AuditView workspaceName={active.name} timeZone={active.timeZone} />
    </AppFrame>
  );
}
