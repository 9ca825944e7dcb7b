// POST /api/heartbeat — the open dashboard says it is still there; answers how many are active.
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { activeClients, recordHeartbeat } from "@/lib/presence";
import { effectiveSettings } from "@/lib/settings";

export const POST = withWorkspace(
  async ({ workspaceId, actor }) => {
    // API keys are scripts, not people watching a screen: nothing to record.
    const [settings] = await Promise.all([
      effectiveSettings(workspaceId),
      actor.type === "user" ? recordHeartbeat(db(), workspaceId, actor.userId) : null,
    ]);
    return { success: true, activeClients: await activeClients(db(), workspaceId, settings.live.idleThresholdMs) };
  },
  { minRole: "viewer" },
);
