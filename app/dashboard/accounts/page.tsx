// /dashboard/accounts — the workspace's social accounts with their status (active, simulated,
// needs reconnect, rate-limited until … in the workspace's zone), connect, reconnect, simulation
// settings and disconnect (admins connect, reconnect and disconnect, also through "Connect with
// …", one button per network whose app keys are set; editors configure), and the outcome of an OAuth round trip (?connected / ?oauth_error),
// or the accounts a sign-in offered to choose from (?pick=<key>: Meta's Pages and Instagram accounts).
import type { Metadata } from "next";
import Link from "next/link";
import { AppFrame } from "@/app/_components/app-frame";
import { listAccounts } from "@/lib/accounts";
import { db } from "@/lib/db";
import { isOAuthErrorCode, oauthButtons, oauthMessage, pickMessage, readPick } from "@/lib/social/oauth";
import { specFor } from "@/lib/social/registry";
import { hasRole } from "@/lib/auth/roles";
import type { PickerData } from "./account-picker";
import { pageWorkspace } from "../page-context";
import { AccountsView, type AccountRow } from "./accounts-view";
import { platformOptions } from "./credential-fields";
import { clock } from "@/lib/clock";

export const metadata: Metadata = { title: "Accounts · Herald" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function AccountsPage({ searchParams }: { searchParams: SearchParams }) {
  const { session, workspace } = await pageWorkspace("/dashboard/accounts");
  const query = await searchParams;
  const [accounts, pending] = await Promise.all([
    listAccounts(db(), workspace.id),
    // What disconnecting would cancel (lib/accounts.ts deleteAccount): pending and needs_review tasks.
    db().agentTask.groupBy({
      by: ["accountId"],
      where: { workspaceId: workspace.id, type: "social_post", status: { in: ["pending", "needs_review"] }, accountId: { not: null } },
      _count: { _all: true },
    }),
  ]);
  const renderedAt = clock.ms();
  const pendingCounts = Object.fromEntries(pending.map((p) => [p.accountId as string, p._count._all]));
  // Dates as ISO strings, as /api/accounts sends them, so SWR's refetches look the same.
  const initial = JSON.parse(JSON.stringify(accounts)) as AccountRow[];
  // Only codes and ids come in the URL; the words are ours.
  const connected = accounts.find((a) => a.id === one(query.connected));
  const errorCode = one(query.oauth_error);
  let notice = connected
    ? { tone: "success" as const, message: `${connected.platformLabel} account ${connected.handle} is connected.` }
    : isOAuthErrorCode(errorCode)
      ? { tone: "error" as const, message: oauthMessage(errorCode, one(query.platform)) }
      : null;
  // Accounts to choose from: only this session's, in this workspace, for an admin; names, never tokens.
  const pickKey = one(query.pick);
  let picker: PickerData | null = null;
  if (pickKey !== undefined) {
    const pick = hasRole(workspace.role, "admin")
      ? await readPick(db(), pickKey, { workspaceId: workspace.id, userId: session.user.id, sessionId: session.session.id })
      : { error: "not_admin" as const };
    if ("error" in pick) notice = { tone: "error" as const, message: pick.error === "not_admin" ? oauthMessage("not_admin") : pickMessage(pick.error) };
    else {
      const listed = new Set(accounts.map((a) => `${a.platform}:${a.handle}`));
      picker = {
        key: pickKey,
        label: specFor(pick.platform).label,
        emptyMessage: pick.emptyMessage,
        options: pick.options.map((o) => ({ ...o, connected: listed.has(`${o.platform}:${o.handle}`) })),
      };
    }
  }

  return (
    <AppFrame user={session.user}>
      <p className="text-sm">
        <Link href="/dashboard" className="font-medium text-blue-700 underline underline-offset-2 hover:text-blue-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 dark:text-blue-300">
          Dashboard
        </Link>
      </p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Accounts</h1>
      <p className="mb-6 mt-1 text-slate-700 dark:text-slate-300">
        The social accounts {workspace.name} posts to. Times are shown in {workspace.timeZone.replaceAll("_", " ")}.
      </p>
      <AccountsView initial={initial} options={platformOptions()} pendingCounts={pendingCounts} timeZone={workspace.timeZone} role={workspace.role} renderedAt={renderedAt} oauth={oauthButtons()} notice={notice} picker={picker} />
    </AppFrame>
  );
}
