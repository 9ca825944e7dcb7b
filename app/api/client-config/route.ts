// GET /api/client-config — the live-update settings the dashboard follows (app/dashboard/_live/
// use-live-events.ts): the workspace's own where it set them with PUT /api/settings/live, else the
// deployment's (docs/decisions.md, "Workspace settings").
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { gifSearchConfigured } from "@/lib/gifs/giphy";
import { activeClients } from "@/lib/presence";
import { effectiveSettings, heartbeatMs } from "@/lib/settings";

export const GET = withWorkspace(async ({ workspaceId }) => {
  const e = env();
  const { live, engagement } = await effectiveSettings(workspaceId);
  return {
    success: true,
    // People with the dashboard open right now (POST /api/heartbeat).
    activeClients: await activeClients(db(), workspaceId, live.idleThresholdMs),
    config: {
      events: { url: "/api/events", pollMs: live.eventsPollMs, streamMaxS: e.EVENTS_STREAM_MAX_S },
      // While the event stream is down: refetch this often with the tab visible / hidden.
      polling: { activeMs: live.pollActiveMs, idleMs: live.pollIdleMs, idleThresholdMs: live.idleThresholdMs },
      heartbeatMs: heartbeatMs(live.idleThresholdMs),
      // How stale a recent post's numbers may get while someone watches / nobody does.
      engagement: { activeMs: engagement.activeMs, idleMs: engagement.idleMs },
      // The composer's GIF button shows only when GIF search is configured (lib/gifs/giphy.ts).
      gifs: { enabled: gifSearchConfigured() },
    },
  };
});
