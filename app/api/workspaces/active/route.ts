// POST /api/workspaces/active — switch the session's active workspace (404 unless a member).
import { readJson, withSession } from "@/lib/api/handler";
import { SwitchWorkspaceInput } from "@/lib/validation/workspaces";
import { switchWorkspace } from "@/lib/workspaces";

export const POST = withSession(async ({ req, user }) => {
  const { workspaceId } = await readJson(req, SwitchWorkspaceInput);
  return { success: true, workspace: await switchWorkspace(req.headers, user.userId, workspaceId) };
});
