// POST /api/posts/:id/reject {reason} — reject a post waiting for approval: it is cancelled with the reason (admin).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { rejectPost } from "@/lib/approval";
import { RejectPostInput } from "@/lib/validation/approval";

export const POST = withWorkspace(async ({ req, workspaceId, params, actor }) => ({
  success: true,
  post: await rejectPost(workspaceId, params.id, await readJson(req, RejectPostInput), actor),
}), { minRole: "admin" });
