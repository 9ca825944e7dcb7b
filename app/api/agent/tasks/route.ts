// GET /api/agent/tasks — the workspace's tasks, filtered (status, type, platform, from, to) and paginated (viewer).
import { withWorkspace, readQuery } from "@/lib/api/handler";
import { getAllScheduledTasks } from "@/lib/agent-scheduler";
import { ListTasksQuery } from "@/lib/validation/tasks";

export const GET = withWorkspace(async ({ req, workspaceId }) => {
  const r = await getAllScheduledTasks(workspaceId, readQuery(req, ListTasksQuery));
  return { success: true, ...r };
}, { minRole: "viewer" });
