// PUT /api/posts/:id/text — edit the text of a post still waiting for approval (an autopilot draft,
// an editor's post) before an admin decides (editor); checked for compliance like any new post.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { editPendingPost } from "@/lib/approval";
import { EditPendingPostInput } from "@/lib/validation/ai";
import { auditFromRoute } from "@/lib/audit";

export const PUT = withWorkspace(async (ctx) => {
  const post = await editPendingPost(ctx.workspaceId, ctx.params.id, await readJson(ctx.req, EditPendingPostInput));
  await auditFromRoute(ctx, "post.edited", { target: { type: "post", id: ctx.params.id }, detail: { fields: ["text"] } });
  return { success: true, post };
}, { minRole: "editor" });
