// /dashboard/recipients — the workspace's WhatsApp recipients (who agreed to get messages, where
// and when, and who asked to stop) and their lists (docs/whatsapp.md). Editors add people, opt
// them out or back in, change their lists and delete them, and create, rename and delete lists;
// viewers see it all read-only.
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { listRecipientLists, listRecipients } from "@/lib/recipients";
import { RecipientQuery } from "@/lib/validation/recipients";
import { pageWorkspace } from "../page-context";
import type { ListRow, RecipientPage } from "./rows";
import { RecipientsView } from "./recipients-view";

export const metadata: Metadata = { title: "Recipients · Herald" };

export default async function RecipientsPage() {
  const { session, workspace } = await pageWorkspace("/dashboard/recipients");
  // The first page comes with the HTML; SWR takes over. Dates as ISO strings, as the API sends them.
  const [lists, first] = await Promise.all([listRecipientLists(db(), workspace.id), listRecipients(db(), workspace.id, RecipientQuery.parse({}))]);
  const canEdit = hasRole(workspace.role, "editor");

  return (
    <AppFrame user={session.user}>
      <p className="text-sm">
        <Link href="/dashboard" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300">
          Dashboard
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Recipients</h1>
      <p className="mb-6 mt-1 text-slate-700 dark:text-slate-300">
        The people {workspace.name} sends WhatsApp posts to, and the lists they are on. Dates are in {workspace.timeZone.replaceAll("_", " ")}.
      </p>
      <RecipientsView
        initialLists={JSON.parse(JSON.stringify(lists)) as ListRow[]}
        initialRecipients={JSON.parse(JSON.stringify({ success: true, ...first })) as RecipientPage}
        canEdit={canEdit}
        timeZone={workspace.timeZone}
      />
    </AppFrame>
  );
}
