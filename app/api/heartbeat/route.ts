// POST /api/heartbeat — the open dashboard says it is still there; answers how many are active.
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { activeClients, recordHeartbeat } from "@/lib/presence";

export const POST = withWorkspace(
  async ({ workspaceId, actor }) => {
    // API keys are scripts, not people watching a screen: nothing to record.
    if (actor.type === "user") await recordHeartbeat(db(), workspaceId, actor.userId);
    return { success: true, activeClients: await activeClients(db(), workspaceId, env().CLIENT_IDLE_THRESHOLD_MS) };
  },
  { minRole: "viewer" },
);
