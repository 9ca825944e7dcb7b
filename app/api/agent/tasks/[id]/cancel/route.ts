// POST /api/agent/tasks/:id/cancel — cancel a pending (or needs-review) task (editor).
import { withWorkspace } from "@/lib/api/handler";
import { cancelScheduledTask } from "@/lib/agent-scheduler";

export const POST = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  task: await cancelScheduledTask(workspaceId, params.id),
}), { minRole: "editor" });
