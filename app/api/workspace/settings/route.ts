// GET|PATCH /api/workspace/settings — read (viewer) or change (admin) the workspace's name, time zone, posting slots, brand voice and whether editors' posts need approval.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { UpdateWorkspaceSettingsInput } from "@/lib/validation/workspace-settings";
import { getWorkspaceSettings, updateWorkspaceSettings } from "@/lib/workspace-settings";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, settings: await getWorkspaceSettings(workspaceId) }),
  { minRole: "viewer" },
);

export const PATCH = withWorkspace(
  async ({ req, workspaceId }) => ({
    success: true,
    settings: await updateWorkspaceSettings(workspaceId, await readJson(req, UpdateWorkspaceSettingsInput)),
  }),
  { minRole: "admin" },
);
