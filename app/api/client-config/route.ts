// GET /api/client-config — polling and live-update settings for the dashboard.
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { activeClients } from "@/lib/presence";

export const GET = withWorkspace(async ({ workspaceId }) => {
  const e = env();
  return {
    success: true,
    // People with the dashboard open right now (POST /api/heartbeat).
    activeClients: await activeClients(db(), workspaceId, e.CLIENT_IDLE_THRESHOLD_MS),
    config: {
      events: { url: "/api/events", pollMs: e.EVENTS_POLL_MS, streamMaxS: e.EVENTS_STREAM_MAX_S },
      polling: { activeMs: e.CLIENT_POLL_ACTIVE_MS, idleMs: e.CLIENT_POLL_IDLE_MS, idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS },
      // How stale a recent post's numbers may get while someone watches / nobody does.
      engagement: { activeMs: e.ENGAGEMENT_ACTIVE_MIN_MS, idleMs: e.ENGAGEMENT_IDLE_MIN_MS },
    },
  };
});
