// The signed-in user and their active workspace for a dashboard page, or a redirect to sign in /
// pick a workspace. Shared by the settings and accounts pages.
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/current";
import { listWorkspaces } from "@/lib/workspaces";

export async function pageWorkspace(path: string) {
  const session = await currentSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  const workspaces = await listWorkspaces(session.user.id, session.session.activeOrganizationId ?? null);
  if (workspaces.length === 0) redirect("/workspaces/new");
  const workspace = workspaces.find((w) => w.active);
  if (!workspace) redirect("/dashboard");
  return { session, workspace };
}
