// GET /api/posts — the workspace's posts with their targets (status, permalink, error, task id), filtered (status, platform, from, to) and cursor-paginated (viewer).
import { readQuery, withWorkspace } from "@/lib/api/handler";
import { listPosts } from "@/lib/posts";
import { ListPostsQuery } from "@/lib/validation/posts";

export const GET = withWorkspace(async ({ req, workspaceId }) => ({
  success: true,
  ...(await listPosts(workspaceId, readQuery(req, ListPostsQuery))),
}), { minRole: "viewer" });
