// POST /api/agent/tasks/:id/retry — run a failed, cancelled or needs-review task again, now (editor).
import { withWorkspace } from "@/lib/api/handler";
import { retryScheduledTask } from "@/lib/agent-scheduler";

export const POST = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  task: await retryScheduledTask(workspaceId, params.id),
}), { minRole: "editor" });
