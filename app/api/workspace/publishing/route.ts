// GET|PUT /api/workspace/publishing — read (viewer) or switch (admin) the emergency stop: while paused, nothing of the workspace is published.
// On resume, posts that fell due meanwhile go out right after the response, not at the next cron call.
import { processDueAfterResponse } from "@/lib/agent-scheduler";
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { getPublishingState, PAUSED_BY_API_KEY, setPublishingPaused } from "@/lib/publishing";
import { SetPublishingInput } from "@/lib/validation/publishing";
import { auditFromRoute } from "@/lib/audit";

export const GET = withWorkspace(
  async ({ workspaceId }) => ({ success: true, publishing: await getPublishingState(workspaceId) }),
  { minRole: "viewer" },
);

export const PUT = withWorkspace(
  async (ctx) => {
    const { req, workspaceId, actor } = ctx;
    const { paused } = await readJson(req, SetPublishingInput);
    const r = await setPublishingPaused(workspaceId, paused, actor.type === "user" ? actor.userId : PAUSED_BY_API_KEY);
    if (r.changed) await auditFromRoute(ctx, paused ? "publishing.paused" : "publishing.resumed");
    let sendingDue = false;
    if (r.changed && !paused) {
      const now = clock.now();
      const due = await db().agentTask.findFirst({
        where: { workspaceId, status: "pending", scheduledAt: { lte: now } },
        select: { status: true, scheduledAt: true },
      });
      sendingDue = due ? processDueAfterResponse(workspaceId, [due], now) : false;
    }
    return { success: true, changed: r.changed, sendingDue, publishing: r.publishing };
  },
  { minRole: "admin" },
);
