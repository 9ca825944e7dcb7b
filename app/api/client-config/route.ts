// GET /api/client-config — polling and live-update settings for the dashboard.
import { withWorkspace } from "@/lib/api/handler";
import { env } from "@/lib/env";

export const GET = withWorkspace(async () => {
  const e = env();
  return {
    success: true,
    config: {
      events: { url: "/api/events", pollMs: e.EVENTS_POLL_MS, streamMaxS: e.EVENTS_STREAM_MAX_S },
      polling: { activeMs: e.CLIENT_POLL_ACTIVE_MS, idleMs: e.CLIENT_POLL_IDLE_MS, idleThresholdMs: e.CLIENT_IDLE_THRESHOLD_MS },
    },
  };
});
