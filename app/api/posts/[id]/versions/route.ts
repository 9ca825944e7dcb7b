// GET /api/posts/:id/versions — the post's edits, newest first: who, when, what changed (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { postVersions } from "@/lib/posting/edit";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  versions: await postVersions(workspaceId, params.id),
}), { minRole: "viewer" });
