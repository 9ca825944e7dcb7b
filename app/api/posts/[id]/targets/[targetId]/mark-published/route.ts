// POST /api/posts/:id/targets/:targetId/mark-published — a person confirms a needs-review target is live: task completed, target published, post rolled up (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { markTargetPublished } from "@/lib/posts";
import { MarkPublishedInput } from "@/lib/validation/posts";

export const POST = withWorkspace(async ({ req, workspaceId, params, actor }) => ({
  success: true,
  post: await markTargetPublished(
    workspaceId,
    params.id,
    params.targetId,
    await readJson(req, MarkPublishedInput),
    actor.type === "user" ? `user:${actor.userId}` : "api_key",
  ),
}), { minRole: "editor" });
