// /workspaces/new — create a workspace (name and time zone); new users land here first.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppFrame } from "@/app/_components/app-frame";
import { currentSession } from "@/lib/auth/current";
import { db } from "@/lib/db";
import { CreateWorkspaceForm } from "./create-workspace-form";

export const metadata: Metadata = { title: "Create a workspace · Herald" };

function timeZones(): string[] {
  // Every IANA zone the runtime knows, UTC first (some runtimes leave it out of the list).
  const zones = Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC");
  return ["UTC", ...zones];
}

export default async function NewWorkspacePage() {
  const session = await currentSession();
  if (!session) redirect("/sign-in?next=/workspaces/new");
  const first = (await db().membership.count({ where: { userId: session.user.id } })) === 0;
  return (
    <AppFrame user={session.user}>
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">{first ? "Create your first workspace" : "Create a workspace"}</h1>
        <p className="mt-2 text-slate-700 dark:text-slate-300">
          A workspace is one business: its social accounts, posts and team. You can invite people once it exists.
        </p>
        <CreateWorkspaceForm zones={timeZones()} />
      </div>
    </AppFrame>
  );
}
