// POST /api/inbox/:id/reply — answer an inbox item through its account (a `reply` task, sent at once; the same answer twice is sent once).
import { processDueAfterResponse } from "@/lib/agent-scheduler";
import { readJson, withWorkspace } from "@/lib/api/handler";
import { clock } from "@/lib/clock";
import { db } from "@/lib/db";
import { queueInboxReply } from "@/lib/inbox/answer";
import { InboxReplyInput } from "@/lib/validation/inbox";

export const POST = withWorkspace(
  async ({ req, workspaceId, params, actor }) => {
    const now = clock.now();
    const input = await readJson(req, InboxReplyInput);
    const { task, created } = await queueInboxReply(db(), workspaceId, params.id, { userId: actor.type === "user" ? actor.userId : null }, input, now);
    processDueAfterResponse(workspaceId, [task], now);
    return Response.json({ success: true, task, created }, { status: created ? 202 : 200 });
  },
  { minRole: "editor" },
);
