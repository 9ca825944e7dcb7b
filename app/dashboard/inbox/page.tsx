// /dashboard/inbox — the community inbox (docs/decisions.md, "Inbox"): replies, comments and
// mentions from every connected network in one list, with filters, the thread around an item,
// suggested answers, and live updates.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { listInbox } from "@/lib/inbox/queries";
import { ListInboxQuery } from "@/lib/validation/inbox";
import { pageWorkspace } from "../page-context";
import { InboxView } from "./inbox-view";

export const metadata: Metadata = { title: "Inbox · Herald" };

export default async function InboxPage() {
  const { session, workspace: active } = await pageWorkspace("/dashboard/inbox");
  const [first, accounts] = await Promise.all([
    listInbox(db(), active.id, { userId: session.user.id }, ListInboxQuery.parse({})),
    db().socialAccount.findMany({ where: { workspaceId: active.id }, select: { id: true, platform: true, handle: true, credentials: true }, orderBy: { handle: "asc" } }),
  ]);
  return (
    <AppFrame user={session.user}>
      <InboxView
        workspaceName={active.name}
        timeZone={active.timeZone}
        canEdit={hasRole(active.role, "editor")}
        userId={session.user.id}
        accounts={accounts.map((a) => ({ id: a.id, platform: a.platform, handle: a.handle, simulated: a.credentials === null }))}
        initial={JSON.parse(JSON.stringify({ success: true, ...first }))}
      />
    </AppFrame>
  );
}
