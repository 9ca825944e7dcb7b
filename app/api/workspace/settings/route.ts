// GET|PATCH /api/workspace/settings — read (viewer) or change (admin) the workspace's name, time zone, posting slots, brand voice and whether editors' posts need approval.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { UpdateWorkspaceSettingsInput } from "@/lib/validation/workspace-settings";
import { getWorkspaceSettings, updateWorkspaceSettings } from "@/lib/workspace-settings";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, settings: await getWorkspaceSettings(workspaceId) }),
  { minRole: "viewer" },
);

export const PATCH = withWorkspace(
  async (ctx) => {
    const input = await readJson(ctx.req, UpdateWorkspaceSettingsInput);
    const settings = await updateWorkspaceSettings(ctx.workspaceId, input);
    await auditFromRoute(ctx, "settings.changed", { target: { type: "settings", id: "workspace" }, detail: { fields: Object.keys(input) } });
    return { success: true, settings };
  },
  { minRole: "admin" },
);
