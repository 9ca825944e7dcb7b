// /dashboard/posts — the workspace's posts with per-platform status, permalinks, errors and
// actions; live: a post the cron publishes turns green without a reload.
import type { Metadata } from "next";
import { AppFrame } from "@/app/_components/app-frame";
import { hasRole } from "@/lib/auth/roles";
import { listPosts } from "@/lib/posts";
import { ListPostsQuery } from "@/lib/validation/posts";
import { pageWorkspace } from "../page-context";
import { PostsView } from "./posts-view";

export const metadata: Metadata = { title: "Posts · Herald" };

export default async function PostsPage() {
  const { session, workspace: active } = await pageWorkspace("/dashboard/posts");

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
