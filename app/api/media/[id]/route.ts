// GET|DELETE /api/media/:id — one of the workspace's media; delete it (409 while a scheduled post still uses it).
import { withWorkspace } from "@/lib/api/handler";
import { deleteMedia, getMediaOrThrow, toMediaJson } from "@/lib/media/assets";

export const GET = withWorkspace(async ({ workspaceId, params }) => {
  return { success: true, media: toMediaJson(await getMediaOrThrow(workspaceId, params.id)) };
});

export const DELETE = withWorkspace(async ({ workspaceId, params }) => {
  return { success: true, deleted: await deleteMedia(workspaceId, params.id) };
});
