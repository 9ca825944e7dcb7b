// GET|POST /api/workspaces — the signed-in user's workspaces with their roles, or create one
// (the creator becomes its owner and it becomes the session's active workspace).
import { readJson, withSession } from "@/lib/api/handler";
import { CreateWorkspaceInput } from "@/lib/validation/workspaces";
import { createWorkspaceForSession, listWorkspaces } from "@/lib/workspaces";

export const GET = withSession(async ({ user }) => ({
  success: true,
  activeWorkspaceId: user.activeWorkspaceId,
  workspaces: await listWorkspaces(user.userId, user.activeWorkspaceId),
}));

export const POST = withSession(async ({ req }) => {
  const workspace = await createWorkspaceForSession(req.headers, await readJson(req, CreateWorkspaceInput));
  return Response.json({ success: true, workspace }, { status: 201 });
});
