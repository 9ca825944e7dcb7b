// GET /api/agent/tasks/stats — counts by status, platform and type; next due; lag; mean run time (admin).
import { withWorkspace } from "@/lib/api/handler";
import { getTaskStatistics } from "@/lib/agent-scheduler";

export const GET = withWorkspace(async ({ workspaceId }) => ({
  success: true,
  stats: await getTaskStatistics(workspaceId),
}), { minRole: "admin" });
