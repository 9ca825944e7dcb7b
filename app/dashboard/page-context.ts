// The start of every dashboard page: the signed-in user and their workspaces, or a redirect — to
// sign in (and back to `path` afterwards), or to create a first workspace.
import { redirect } from "next/navigation";
import { cache } from "react";
import { currentSession } from "@/lib/auth/current";
import { listWorkspaces } from "@/lib/workspaces";

/**
 * The session and the user's workspaces, read once per request: the dashboard's layout (its
 * publishing banner) and the page both ask for them.
 */
export const sessionAndWorkspaces = cache(async () => {
  const session = await currentSession();
  if (!session) return null;
  const workspaces = await listWorkspaces(session.user.id, session.session.activeOrganizationId ?? null);
  return { session, workspaces };
});

/** The session and the user's workspaces (at least one); `active` is null until the user picks one. */
export async function pageSession(path: string) {
  const found = await sessionAndWorkspaces();
  if (!found) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  const { session, workspaces } = found;
  if (workspaces.length === 0) redirect("/workspaces/new");
  return { session, workspaces, active: workspaces.find((w) => w.active) ?? null };
}

/** As pageSession, for pages about one workspace: without an active one, to /dashboard to pick it. */
export async function pageWorkspace(path: string) {
  const { session, active } = await pageSession(path);
  if (!active) redirect("/dashboard");
  return { session, workspace: active };
}
