// GET /api/settings — the workspace's scheduler and live-update settings: the values in effect,
// the deployment's defaults and the workspace's own (docs/decisions.md, "Workspace settings").
import { withWorkspace } from "@/lib/api/handler";
import { getSettings } from "@/lib/settings";
import { SETTING_BOUNDS } from "@/lib/validation/settings";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, settings: await getSettings(workspaceId), bounds: SETTING_BOUNDS }),
  { minRole: "viewer" },
);
