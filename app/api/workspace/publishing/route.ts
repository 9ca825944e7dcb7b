// GET|PUT /api/workspace/publishing — read (viewer) or switch (admin) the emergency stop: while paused, nothing of the workspace is published.
import { readJson, withWorkspace } from "@/lib/api/handler";
import { getPublishingState, PAUSED_BY_API_KEY, setPublishingPaused } from "@/lib/publishing";
import { SetPublishingInput } from "@/lib/validation/publishing";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, publishing: await getPublishingState(workspaceId) }),
  { minRole: "viewer" },
);

export const PUT = withWorkspace(
  async ({ req, workspaceId, actor }) => {
    const { paused } = await readJson(req, SetPublishingInput);
    const r = await setPublishingPaused(workspaceId, paused, actor.type === "user" ? actor.userId : PAUSED_BY_API_KEY);
    return { success: true, changed: r.changed, publishing: r.publishing };
  },
  { minRole: "admin" },
);
