// POST /api/posts/:id/cancel — nothing of this scheduled post is published; it stays, as cancelled (editor).
import { withWorkspace } from "@/lib/api/handler";
import { cancelPost } from "@/lib/posting/edit";

export const POST = withWorkspace(async ({ workspaceId, params, actor }) => ({
  success: true,
  post: await cancelPost(workspaceId, params.id, actor),
}), { minRole: "editor" });
