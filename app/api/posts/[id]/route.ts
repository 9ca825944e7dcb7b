// GET /api/posts/:id — one post with its targets (viewer); PATCH {scheduledAt} reschedules a post whose tasks are all still pending, 409 otherwise (editor).
import { readJson, withWorkspace } from "@/lib/api/handler";
import { getPost, reschedulePost } from "@/lib/posts";
import { ReschedulePostInput } from "@/lib/validation/posts";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  post: await getPost(workspaceId, params.id),
}), { minRole: "viewer" });

export const PATCH = withWorkspace(async ({ req, workspaceId, params }) => ({
  success: true,
  post: await reschedulePost(workspaceId, params.id, await readJson(req, ReschedulePostInput)),
}), { minRole: "editor" });
