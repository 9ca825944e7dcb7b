// POST /api/posts/:id/reject {reason} — reject a post waiting for approval: it is cancelled with the reason (admin).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { rejectPost } from "@/lib/approval";
import { RejectPostInput } from "@/lib/validation/approval";
import { auditFromRoute } from "@/lib/audit";

export const POST = withWorkspace(async (ctx) => {
  const input = await readJson(ctx.req, RejectPostInput);
  const post = await rejectPost(ctx.workspaceId, ctx.params.id, input, ctx.actor);
  await auditFromRoute(ctx, "post.rejected", { target: { type: "post", id: ctx.params.id } });
  return { success: true, post };
}, { minRole: "admin" });
