// POST /api/agent/tasks/:id/cancel — cancel a pending (or needs-review) task (editor).
import { withWorkspace } from "@/lib/api/handler";
import { cancelScheduledTask } from "@/lib/agent-scheduler";
import { auditFromRoute } from "@/lib/audit";

export const POST = withWorkspace(async (ctx) => {
  const task = await cancelScheduledTask(ctx.workspaceId, ctx.params.id);
  await auditFromRoute(ctx, "post.cancelled", { target: { type: "task", id: ctx.params.id } });
  return { success: true, task };
}, { minRole: "editor" });
