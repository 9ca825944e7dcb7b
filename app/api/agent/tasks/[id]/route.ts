// GET /api/agent/tasks/:id — one task with its attempts (viewer).
import { withWorkspace } from "@/lib/api/handler";
import { getScheduledTask } from "@/lib/agent-scheduler";

export const GET = withWorkspace(async ({ workspaceId, params }) => ({
  success: true,
  task: await getScheduledTask(workspaceId, params.id),
}), { minRole: "viewer" });
