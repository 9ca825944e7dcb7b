// /dashboard/posts — the workspace's posts with per-platform status, permalinks, errors and
// actions; live: a post the cron publishes turns green without a reload.
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AppFrame } from "@/app/_components/app-frame";
import { currentSession } from "@/lib/auth/current";
import { hasRole } from "@/lib/auth/roles";
import { listPosts } from "@/lib/posts";
import { ListPostsQuery } from "@/lib/validation/posts";
import { listWorkspaces } from "@/lib/workspaces";
import { PostsView } from "./posts-view";

export const metadata: Metadata = { title: "Posts · Herald" };

export default async function PostsPage() {
  const session = await currentSession();
  if (!session) redirect("/sign-in?next=/dashboard/posts");
  const workspaces = await listWorkspaces(session.user.id, session.session.activeOrganizationId ?? null);
  const active = workspaces.find((w) => w.active);
  if (!active) redirect(workspaces.length ? "/dashboard" : "/workspaces/new");

  // The first page comes with the HTML (fast first paint); SWR and the live stream take over.
  const first = await listPosts(active.id, ListPostsQuery.parse({}));
  return (
    <AppFrame user={session.user}>
      <PostsView
        workspaceName={active.name}
        timeZone={active.timeZone}
        canEdit={hasRole(active.role, "editor")}
        canApprove={hasRole(active.role, "admin")}
        initial={JSON.parse(JSON.stringify({ success: true, ...first }))}
      />
    </AppFrame>
  );
}
