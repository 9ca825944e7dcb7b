// GET /api/events — Server-Sent Events for the caller's workspace (task:updated, post:updated, …),
// resuming after Last-Event-ID; the stream ends itself before maxDuration and the browser reconnects.
import { withWorkspace } from "@/lib/api/handler";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { eventStream, parseEventId } from "@/lib/events";
import { effectiveSettings } from "@/lib/settings";

export const dynamic = "force-dynamic";
// Must stay above EVENTS_STREAM_MAX_S (default 50, at most 280).
export const maxDuration = 300;

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const url = new URL(req.url);
  const e = env();
  const stream = eventStream(db(), workspaceId, {
    after: parseEventId(req.headers.get("last-event-id") ?? url.searchParams.get("lastEventId")),
    // The workspace's own poll interval, if it set one (docs/decisions.md, "Workspace settings").
    pollMs: (await effectiveSettings(workspaceId)).live.eventsPollMs,
    maxMs: e.EVENTS_STREAM_MAX_S * 1000,
    retryMs: 1000,
    signal: req.signal,
  });
  return new Response(stream, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    },
  });
});
