// POST /api/posts/:id/cancel — nothing of this scheduled post is published; it stays, as cancelled (editor).
import { withWorkspace } from "@/lib/api/handler";
import { auditFromRoute } from "@/lib/audit";
import { cancelPost } from "@/lib/posting/edit";

export const POST = withWorkspace(async (ctx) => {
  const post = await cancelPost(ctx.workspaceId, ctx.params.id, ctx.actor);
  await auditFromRoute(ctx, "post.cancelled", { target: { type: "post", id: ctx.params.id } });
  return { success: true, post };
}, { minRole: "editor" });
