// PUT /api/posts/:id/text — edit the text of a post still waiting for approval (an autopilot draft,
// an editor's post) before an admin decides (editor); checked for compliance like any new post.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { editPendingPost } from "@/lib/approval";
import { EditPendingPostInput } from "@/lib/validation/ai";

export const PUT = withWorkspace(async ({ req, workspaceId, params }) => ({
  success: true,
  post: await editPendingPost(workspaceId, params.id, await readJson(req, EditPendingPostInput)),
}), { minRole: "editor" });
