// POST /api/posts/:id/approve — approve a post waiting for approval: its tasks are created and it will publish (admin).
import { withWorkspace } from "@/lib/api/handler";
import { approvePost } from "@/lib/approval";

export const POST = withWorkspace(async ({ workspaceId, params, actor }) => ({
  success: true,
  post: await approvePost(workspaceId, params.id, actor),
}), { minRole: "admin" });
